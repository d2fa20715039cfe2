#include "services/extract/core/tagging.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/base/status_macros.h"
#include "services/extract/core/provisional.h"

namespace newsgraph::extract {
namespace {

common::v1::EntityType EntityTypeOf(std::string_view tag_type) {
  if (tag_type == "PER") return common::v1::ENTITY_TYPE_PERSON;
  if (tag_type == "ORG") return common::v1::ENTITY_TYPE_ORGANIZATION;
  if (tag_type == "LOC") return common::v1::ENTITY_TYPE_LOCATION;
  return common::v1::ENTITY_TYPE_MISC;
}

std::string PrimarySubtag(std::string_view language) {
  const size_t cut = language.find_first_of("-_");
  return absl::AsciiStrToLower(std::string(language.substr(0, cut)));
}

}  // namespace

absl::StatusOr<TaggerSet> TaggerSet::Load(const std::string& models_dir) {
  const std::filesystem::path manifest = std::filesystem::path(models_dir) / "languages.tsv";
  std::ifstream in(manifest);
  if (!in) return absl::NotFoundError(absl::StrCat("models: cannot read ", manifest.string()));
  TaggerSet set;
  absl::flat_hash_map<std::string, std::shared_ptr<const tagger::Tagger>> by_file;
  std::string line;
  for (int line_number = 1; std::getline(in, line); ++line_number) {
    absl::string_view content = absl::StripAsciiWhitespace(line);
    if (content.empty() || content.front() == '#') continue;
    std::vector<std::string> fields = absl::StrSplit(content, '\t', absl::SkipWhitespace());
    if (fields.size() != 2) {
      return absl::InvalidArgumentError(absl::StrCat(manifest.string(), ":", line_number,
                                                     ": expected \"language<TAB>model file\""));
    }
    std::shared_ptr<const tagger::Tagger>& model = by_file[fields[1]];
    if (model == nullptr) {
      const std::string path = (std::filesystem::path(models_dir) / fields[1]).string();
      absl::StatusOr<tagger::Tagger> loaded = tagger::Tagger::LoadFile(path);
      if (!loaded.ok()) {
        return absl::Status(loaded.status().code(),
                            absl::StrCat("models: ", path, ": ", loaded.status().message()));
      }
      model = std::make_shared<const tagger::Tagger>(*std::move(loaded));
    }
    set.by_language_[PrimarySubtag(fields[0])] = model;
  }
  return set;
}

absl::Status TaggerSet::Tag(std::string_view text, std::string_view language,
                            std::vector<Candidate>* out) const {
  auto it = by_language_.find(PrimarySubtag(language));
  if (it == by_language_.end()) return absl::OkStatus();
  const tagger::Tagger& model = *it->second;
  ASSIGN_OR_RETURN(std::vector<tagger::TextSpan> spans, model.TagText(text, nullptr));
  for (const tagger::TextSpan& span : spans) {
    Candidate candidate;
    candidate.begin = span.begin;
    candidate.end = span.end;
    candidate.type = EntityTypeOf(model.types()[span.type]);
    candidate.entity_id =
        ProvisionalId(candidate.type, text.substr(span.begin, span.end - span.begin));
    if (candidate.entity_id.empty()) continue;  // no letters or digits to key it by
    candidate.confidence = span.confidence;
    candidate.source = common::v1::MENTION_SOURCE_TAGGER;
    candidate.priority = kTaggerPriority;
    out->push_back(std::move(candidate));
  }
  return absl::OkStatus();
}

std::vector<std::string> TaggerSet::languages() const {
  std::vector<std::string> languages;
  for (const auto& [language, model] : by_language_) languages.push_back(language);
  std::sort(languages.begin(), languages.end());
  return languages;
}

}  // namespace newsgraph::extract
