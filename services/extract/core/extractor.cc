#include "services/extract/core/extractor.h"

#include <fstream>
#include <sstream>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "common/base/status_macros.h"
#include "common/text/utf8.h"
#include "services/extract/core/seed_kb.h"

namespace newsgraph::extract {

absl::StatusOr<std::unique_ptr<Extractor>> Extractor::Create(const ExtractorOptions& options) {
  std::string jsonl;
  if (options.knowledge_base_path.empty()) {
    jsonl = std::string(SeedKnowledgeBaseJsonl());
  } else {
    std::ifstream in(options.knowledge_base_path, std::ios::binary);
    if (!in) {
      return absl::NotFoundError(
          absl::StrCat("knowledge_base: cannot read ", options.knowledge_base_path));
    }
    std::ostringstream content;
    content << in.rdbuf();
    jsonl = content.str();
  }
  ASSIGN_OR_RETURN(Gazetteer gazetteer, Gazetteer::FromJsonl(jsonl));
  return std::unique_ptr<Extractor>(new Extractor(options, std::move(gazetteer)));
}

absl::Status Extractor::Extract(const v1::ExtractRequest& request,
                                v1::ExtractResponse* response) const {
  const std::string& text = request.text();
  if (text.empty()) return absl::InvalidArgumentError("text: must not be empty");
  if (text.size() > options_.max_text_bytes) {
    return absl::InvalidArgumentError(absl::StrCat(
        "text: ", text.size(), " bytes exceeds the limit of ", options_.max_text_bytes));
  }
  RETURN_IF_ERROR(text::ValidateUtf8(text, "text"));
  ASSIGN_OR_RETURN(std::vector<GazetteerMatch> matches, gazetteer_.Match(text));

  absl::flat_hash_set<size_t> linked;
  for (const GazetteerMatch& match : matches) {
    const common::v1::Entity& entity = gazetteer_.entity(match.entity_index);
    common::v1::Mention* mention = response->add_mentions();
    mention->set_entity_id(entity.id());
    mention->set_type(entity.type());
    mention->set_surface(text.substr(match.begin, match.end - match.begin));
    mention->set_begin(static_cast<uint32_t>(match.begin));
    mention->set_end(static_cast<uint32_t>(match.end));
    mention->set_confidence(1.0f);
    if (linked.insert(match.entity_index).second) *response->add_entities() = entity;
  }
  return absl::OkStatus();
}

}  // namespace newsgraph::extract
