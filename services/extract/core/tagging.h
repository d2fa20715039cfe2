// The statistical tagger as a source of extraction candidates: one model per document language
// (services/extract/models/languages.tsv says which file serves which language), whose spans
// become mentions of provisional entities ("ng:new/per/<key>") for names the knowledge base does
// not know.
#ifndef NEWSGRAPH_SERVICES_EXTRACT_CORE_TAGGING_H_
#define NEWSGRAPH_SERVICES_EXTRACT_CORE_TAGGING_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "services/extract/core/mentions.h"
#include "services/extract/tagger/tagger.h"

namespace newsgraph::extract {

class TaggerSet {
 public:
  // No models: Tag() finds nothing.
  TaggerSet() = default;

  // Loads `models_dir`/languages.tsv ("language<TAB>file" lines; '#' comments and blank lines
  // ignored) and every model file it names, each file once. NotFound naming the path when the
  // manifest or a model file is missing; InvalidArgument naming "languages.tsv:<line>" for a
  // malformed line, or the file for a model that does not load.
  static absl::StatusOr<TaggerSet> Load(const std::string& models_dir);

  // Appends a candidate (source TAGGER, the lowest priority) for each entity the model of
  // `language` (a BCP 47 tag; only the primary subtag counts) finds in `text` (valid UTF-8),
  // with a provisional id from its transliteration key, so that the same name in another
  // script or document gets the same id. Nothing when no model serves the language. Fails only
  // as Tagger::TagText does. Thread-safe.
  absl::Status Tag(std::string_view text, std::string_view language,
                   std::vector<Candidate>* out) const;

  // The languages a model serves, sorted.
  std::vector<std::string> languages() const;

 private:
  absl::flat_hash_map<std::string, std::shared_ptr<const tagger::Tagger>> by_language_;
};

}  // namespace newsgraph::extract

#endif  // NEWSGRAPH_SERVICES_EXTRACT_CORE_TAGGING_H_
