#include "services/extract/core/linker.h"

#include <fstream>
#include <sstream>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "common/base/status_macros.h"
#include "services/extract/core/gazetteer.h"
#include "services/extract/core/seed_kb.h"

namespace newsgraph::extract {
namespace {

// Knowledge-base priority over patterns and the tagger (see Candidate::priority).
constexpr int kKnowledgeBasePriority = 3;

class GazetteerLinker final : public Linker {
 public:
  explicit GazetteerLinker(Gazetteer gazetteer) : gazetteer_(std::move(gazetteer)) {
    for (size_t i = 0; i < gazetteer_.entity_count(); ++i) {
      index_by_id_[gazetteer_.entity(i).id()] = i;
    }
  }

  size_t entity_count() const override { return gazetteer_.entity_count(); }
  size_t name_count() const override { return gazetteer_.name_count(); }

  const common::v1::Entity* Find(std::string_view id) const override {
    auto it = index_by_id_.find(std::string(id));
    return it == index_by_id_.end() ? nullptr : &gazetteer_.entity(it->second);
  }

  absl::Status FindMentions(std::string_view text, std::vector<Candidate>* out) const override {
    ASSIGN_OR_RETURN(std::vector<GazetteerMatch> matches, gazetteer_.Match(text));
    for (const GazetteerMatch& match : matches) {
      const common::v1::Entity& entity = gazetteer_.entity(match.entity_index);
      Candidate candidate;
      candidate.begin = match.begin;
      candidate.end = match.end;
      candidate.entity_id = entity.id();
      candidate.type = entity.type();
      candidate.confidence = 1.0f;
      candidate.source = common::v1::MENTION_SOURCE_KNOWLEDGE_BASE;
      candidate.priority = kKnowledgeBasePriority;
      out->push_back(std::move(candidate));
    }
    return absl::OkStatus();
  }

 private:
  Gazetteer gazetteer_;
  absl::flat_hash_map<std::string, size_t> index_by_id_;
};

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("knowledge_base: cannot read ", path));
  std::ostringstream content;
  content << in.rdbuf();
  return content.str();
}

}  // namespace

absl::StatusOr<std::shared_ptr<const Linker>> Linker::Build(const LinkerSources& sources) {
  std::string jsonl(SeedKnowledgeBaseJsonl());
  for (const std::string& path : sources.files) {
    ASSIGN_OR_RETURN(std::string content, ReadFile(path));
    absl::StrAppend(&jsonl, "\n", content);
  }
  absl::StrAppend(&jsonl, "\n", sources.extra_jsonl);
  ASSIGN_OR_RETURN(Gazetteer gazetteer, Gazetteer::FromJsonl(jsonl));
  return std::make_shared<const GazetteerLinker>(std::move(gazetteer));
}

}  // namespace newsgraph::extract
