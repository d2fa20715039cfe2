// What newsgraph-train and newsgraph-eval share: exit codes, corpus and KB options, reading
// inputs with a clear message when a path (e.g. ../shared) is absent.
#ifndef NEWSGRAPH_TOOLS_NER_TOOL_COMMON_H_
#define NEWSGRAPH_TOOLS_NER_TOOL_COMMON_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "services/extract/tagger/gazetteer_features.h"
#include "tools/ner/args.h"
#include "tools/ner/corpus.h"

namespace newsgraph::tools::ner {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 64;      // EX_USAGE
inline constexpr int kExitDataError = 65;  // EX_DATAERR: malformed corpus, KB or model
inline constexpr int kExitNoInput = 66;    // EX_NOINPUT: a path does not exist

// NotFound → kExitNoInput, InvalidArgument → kExitDataError, anything else → kExitFailure.
int ExitCodeFor(const absl::Status& status);

// The corpus options both tools accept: --format auto|bio|slavicner, --slavicner-langs L...,
// --map FROM=TO... (TO empty drops FROM; added to the default mapping), --keep-unmapped-types.
std::vector<OptionSpec> CorpusOptionSpecs();
// InvalidArgument for an unknown format or a --map value without '='.
absl::StatusOr<ReadOptions> CorpusOptionsFromArgs(const ParsedArgs& args);

// Builds a gazetteer from KB JSONL files; a directory stands for its *.jsonl files (sorted).
// Appends "file: N entities" lines to *summary. NotFound naming a missing path, InvalidArgument
// for a malformed line (from KbGazetteer::AddJsonl).
absl::StatusOr<std::unique_ptr<extract::tagger::KbGazetteer>> LoadKnowledgeBase(
    const std::vector<std::string>& paths, std::string* summary);

// Reads every input (ReadCorpus) and splits each one's documents with SplitHeldout(fraction).
// Fails as ReadCorpus, with the path in the message.
absl::Status ReadInputs(const std::vector<std::string>& paths, const ReadOptions& options,
                        double heldout_fraction, std::vector<Document>* kept,
                        std::vector<Document>* heldout, CorpusStats* stats);

// One line per type ("PER 1234, ORG 567") for logs.
std::string FormatTypeCounts(const std::map<std::string, size_t>& counts);

}  // namespace newsgraph::tools::ner

#endif  // NEWSGRAPH_TOOLS_NER_TOOL_COMMON_H_
