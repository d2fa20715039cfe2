#include "tools/ner/tool_common.h"

#include <algorithm>
#include <filesystem>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/base/status_macros.h"

namespace newsgraph::tools::ner {

namespace fs = std::filesystem;

int ExitCodeFor(const absl::Status& status) {
  if (status.ok()) return kExitOk;
  if (absl::IsNotFound(status)) return kExitNoInput;
  if (absl::IsInvalidArgument(status)) return kExitDataError;
  return kExitFailure;
}

std::vector<OptionSpec> CorpusOptionSpecs() {
  return {{"format", OptionKind::kSingle},
          {"slavicner-langs", OptionKind::kList},
          {"map", OptionKind::kList},
          {"keep-unmapped-types", OptionKind::kFlag}};
}

absl::StatusOr<ReadOptions> CorpusOptionsFromArgs(const ParsedArgs& args) {
  ReadOptions options;
  const std::string format = args.Get("format", "auto");
  if (format == "auto") {
    options.format = CorpusFormat::kAuto;
  } else if (format == "bio") {
    options.format = CorpusFormat::kBio;
  } else if (format == "slavicner") {
    options.format = CorpusFormat::kSlavicNer;
  } else {
    return absl::InvalidArgumentError(
        absl::StrCat("--format must be auto, bio or slavicner, not '", format, "'"));
  }
  options.languages = args.List("slavicner-langs");
  for (const std::string& m : args.List("map")) {
    const size_t eq = m.find('=');
    if (eq == std::string::npos || eq == 0) {
      return absl::InvalidArgumentError(absl::StrCat("--map wants FROM=TO, not '", m, "'"));
    }
    const std::string to = m.substr(eq + 1);
    if (to.empty()) {
      options.mapping.map.erase(m.substr(0, eq));
    } else {
      options.mapping.map[m.substr(0, eq)] = to;
    }
  }
  options.mapping.keep_unmapped = args.Has("keep-unmapped-types");
  return options;
}

absl::StatusOr<std::unique_ptr<extract::tagger::KbGazetteer>> LoadKnowledgeBase(
    const std::vector<std::string>& paths, std::string* summary) {
  auto gazetteer = std::make_unique<extract::tagger::KbGazetteer>();
  for (const std::string& path : paths) {
    std::error_code error;
    if (!fs::exists(path, error)) {
      return absl::NotFoundError(absl::StrCat(path, ": no such file or directory"));
    }
    std::vector<std::string> files;
    if (fs::is_directory(path, error)) {
      for (const auto& entry : fs::directory_iterator(path, error)) {
        if (entry.is_regular_file() && entry.path().extension() == ".jsonl") {
          files.push_back(entry.path().string());
        }
      }
      std::sort(files.begin(), files.end());
    } else {
      files.push_back(path);
    }
    for (const std::string& file : files) {
      ASSIGN_OR_RETURN(const size_t entities, gazetteer->AddJsonlFile(file));
      absl::StrAppend(summary, file, ": ", entities, " entities\n");
    }
  }
  return gazetteer;
}

absl::Status ReadInputs(const std::vector<std::string>& paths, const ReadOptions& options,
                        double heldout_fraction, std::vector<Document>* kept,
                        std::vector<Document>* heldout, CorpusStats* stats) {
  for (const std::string& path : paths) {
    ASSIGN_OR_RETURN(Corpus corpus, ReadCorpus(path, options));
    stats->Add(corpus.stats);
    SplitHeldout(std::move(corpus.documents), heldout_fraction, kept, heldout);
  }
  return absl::OkStatus();
}

std::string FormatTypeCounts(const std::map<std::string, size_t>& counts) {
  std::vector<std::string> parts;
  for (const auto& [type, count] : counts) parts.push_back(absl::StrCat(type, " ", count));
  return parts.empty() ? "none" : absl::StrJoin(parts, ", ");
}

}  // namespace newsgraph::tools::ner
