// Reading annotated NER corpora into documents of labeled, tokenized sentences, for training
// (newsgraph-train) and scoring (newsgraph-eval).
//
// Formats:
//  - BIO: one "token TAG" per line (further columns between them are ignored, the tag is the last
//    column), a blank line between sentences, "-DOCSTART-" lines ignored. IOB1, IOB2 and BIOES
//    tags are all read; an I-X that does not continue an X span starts one. A BIO file has no
//    document structure, so it is cut into documents of kBioDocumentSentences sentences, with a
//    text made of the tokens joined by spaces (sentences by newlines) so that text-based
//    predictors can be scored on it too.
//  - SlavicNER: a directory with raw/<topic>/<lang>/<name>.txt articles and
//    ner/<topic>/<lang>/<name>.tsv gold mentions, "start end surface lemma TYPE id" per line with
//    code point offsets into the article (end exclusive). The article is tokenized and split into
//    sentences exactly as the tagger does at inference (Tokenize, SplitSentences), and mentions
//    are projected onto tokens; see ProjectMentions.
//
// Entity types go through a TypeMapping (dataset names → model names); spans whose type maps to
// nothing are dropped and counted.
#ifndef NEWSGRAPH_TOOLS_NER_CORPUS_H_
#define NEWSGRAPH_TOOLS_NER_CORPUS_H_

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "services/extract/tagger/tags.h"
#include "services/extract/tagger/tokenizer.h"

namespace newsgraph::tools::ner {

using extract::tagger::LabeledSentence;
using extract::tagger::LabeledSpan;
using extract::tagger::TextToken;

inline constexpr size_t kBioDocumentSentences = 50;

// Dataset type name → model type name. Names not in `map` are dropped unless keep_unmapped.
struct TypeMapping {
  std::map<std::string, std::string> map;
  bool keep_unmapped = false;

  // PER/PERS/PERSON → PER; ORG/ORGANIZATION/ORGANISATION → ORG; LOC/LOCATION/GPE → LOC;
  // MISC, EVT (events), PRO (products), ART (works), DOC (documents) → MISC. NER-UK's DATE, TIME,
  // PERIOD, JOB, MON, PCT, QUANT are not names and are dropped (the pattern recognizers handle
  // dates and amounts).
  static TypeMapping Default();
  // Applies the mapping; returns "" for a dropped type.
  std::string Map(const std::string& type) const;
};

// A sentence with the byte range of each token in its document's text.
struct Sentence {
  LabeledSentence labeled;
  std::vector<TextToken> offsets;  // one per word, into Document::text
};

struct Document {
  std::string name;      // "file.iob#3" (the 4th block) or the SlavicNER raw path
  std::string language;  // SlavicNER directory language; empty for BIO
  std::string text;
  std::vector<Sentence> sentences;
};

struct CorpusStats {
  size_t documents = 0;
  size_t sentences = 0;
  size_t tokens = 0;
  size_t spans = 0;
  std::map<std::string, size_t> spans_by_type;    // after mapping
  std::map<std::string, size_t> dropped_by_type;  // dataset types mapped to nothing
  size_t repaired_tags = 0;         // BIO: I-X not continuing X, E-X/S-X, or unreadable tags
  size_t misaligned_mentions = 0;   // SlavicNER: a mention boundary inside a token
  size_t crossing_mentions = 0;     // SlavicNER: mention across a sentence break, dropped
  size_t overlapping_mentions = 0;  // SlavicNER: nested/overlapping, the longer one kept

  void Add(const CorpusStats& other);
};

struct Corpus {
  std::vector<Document> documents;
  CorpusStats stats;
};

enum class CorpusFormat { kAuto, kBio, kSlavicNer };

struct ReadOptions {
  CorpusFormat format = CorpusFormat::kAuto;
  TypeMapping mapping = TypeMapping::Default();
  // SlavicNER only: language directories to read ("uk", "ru"); empty reads all.
  std::vector<std::string> languages;
};

// Parses BIO text; `name` prefixes document names and error messages. InvalidArgument
// "NAME:LINE: ..." for invalid UTF-8 or a non-blank line without a tag column.
absl::StatusOr<Corpus> ParseBio(std::string_view text, const std::string& name,
                                const TypeMapping& mapping);

// Projects the mentions of one SlavicNER article: `raw` is the article, `tsv` its gold file.
// Mentions are mapped to the tokens they overlap; quote and bracket tokens at a mention's edges
// are trimmed (SlavicNER includes quotes in some names, the BIO corpora do not); a mention that
// crosses a sentence break is dropped, and of overlapping mentions the longer (then earlier) is
// kept. InvalidArgument "NAME:LINE: ..." for a malformed tsv line or offsets outside the article,
// or invalid UTF-8 in `raw`.
absl::StatusOr<Document> ProjectMentions(std::string_view raw, std::string_view tsv,
                                         const std::string& name, const TypeMapping& mapping,
                                         CorpusStats* stats);

// Reads a BIO file or a SlavicNER directory (kAuto: a directory is SlavicNER, a file BIO).
// NotFound naming the path when it does not exist (e.g. ../shared in a clone without the data),
// InvalidArgument for a directory without raw/ and ner/, or as the parsers above.
absl::StatusOr<Corpus> ReadCorpus(const std::string& path, const ReadOptions& options);

// Splits documents deterministically into (kept, held out): document d is held out when
// floor((d + 1) * fraction) > floor(d * fraction), i.e. an evenly spread `fraction` of them
// (every 10th for 0.1), so the held-out slice covers the whole file without sharing a document
// with training. fraction <= 0 holds out nothing, >= 1 everything.
void SplitHeldout(std::vector<Document> documents, double fraction, std::vector<Document>* kept,
                  std::vector<Document>* heldout);

// Recomputes stats from documents (after a split).
CorpusStats ComputeStats(const std::vector<Document>& documents);

}  // namespace newsgraph::tools::ner

#endif  // NEWSGRAPH_TOOLS_NER_CORPUS_H_
