#include "services/extract/core/linker.h"

#include <utility>

#include "common/base/status_macros.h"
#include "services/extract/kb/knowledge_base.h"
#include "services/extract/matcher/name_matcher.h"

namespace newsgraph::extract {
namespace {

// Knowledge-base priority over patterns and the tagger (see Candidate::priority).
constexpr int kKnowledgeBasePriority = 3;

// Languages written in Latin script whose nouns decline: Polish, Czech, Slovak, Slovene, Croatian,
// Serbian (Latin), Bosnian, Sorbian. In other Latin-script text the same endings are ordinary
// word endings, so the matcher strips them only for these.
bool IsLatinSlavic(std::string_view language) {
  return language == "pl" || language == "cs" || language == "sk" || language == "sl" ||
         language == "hr" || language == "sr" || language == "bs" || language == "hsb" ||
         language == "dsb";
}

class KnowledgeBaseLinker final : public Linker {
 public:
  KnowledgeBaseLinker(std::shared_ptr<const kb::KnowledgeBase> knowledge_base, NameMatcher matcher,
                      size_t name_count)
      : knowledge_base_(std::move(knowledge_base)),
        matcher_(std::move(matcher)),
        name_count_(name_count) {}

  size_t entity_count() const override { return knowledge_base_->size(); }
  size_t name_count() const override { return name_count_; }

  const common::v1::Entity* Find(std::string_view id) const override {
    std::optional<size_t> index = knowledge_base_->Find(id);
    return index ? &knowledge_base_->entity(*index) : nullptr;
  }

  absl::Status FindMentions(std::string_view text, std::string_view language,
                            std::vector<Candidate>* out) const override {
    NameMatchOptions options;
    options.latin_slavic_inflection = IsLatinSlavic(language);
    ASSIGN_OR_RETURN(std::vector<NameMatch> matches, matcher_.Match(text, options));
    for (const NameMatch& match : matches) {
      const common::v1::Entity& entity = knowledge_base_->entity(match.entity_index);
      Candidate candidate;
      candidate.begin = match.begin;
      candidate.end = match.end;
      candidate.entity_id = entity.id();
      candidate.type = entity.type();
      candidate.confidence = match.confidence;
      candidate.source = common::v1::MENTION_SOURCE_KNOWLEDGE_BASE;
      candidate.priority = kKnowledgeBasePriority;
      out->push_back(std::move(candidate));
    }
    return absl::OkStatus();
  }

 private:
  std::shared_ptr<const kb::KnowledgeBase> knowledge_base_;
  NameMatcher matcher_;
  size_t name_count_;
};

}  // namespace

absl::StatusOr<std::shared_ptr<const Linker>> Linker::Build(const LinkerSources& sources) {
  kb::KnowledgeBaseOptions options;
  options.user_files = sources.files;
  if (!sources.extra_jsonl.empty()) {
    options.user_sources.push_back({.label = "request", .jsonl = sources.extra_jsonl});
  }
  ASSIGN_OR_RETURN(std::shared_ptr<const kb::KnowledgeBase> knowledge_base,
                   kb::KnowledgeBase::Load(options));
  std::vector<NameEntry> names;
  for (auto& [name, index] : knowledge_base->AllNames()) {
    names.push_back({.name = std::move(name), .entity_index = index});
  }
  ASSIGN_OR_RETURN(NameMatcher matcher, NameMatcher::Build(names));
  return std::make_shared<const KnowledgeBaseLinker>(std::move(knowledge_base), std::move(matcher),
                                                     names.size());
}

}  // namespace newsgraph::extract
