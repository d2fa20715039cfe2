#include "services/extract/kb/knowledge_base.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/base/status_macros.h"
#include "services/extract/kb/embedded_files.h"

namespace newsgraph::extract::kb {
namespace {

using common::v1::Entity;

constexpr size_t kMaxListedProblems = 10;

// Where a value came from, for error messages: a source and a 1-based line (0: generated).
struct Origin {
  uint32_t source = 0;
  int line = 0;
};

absl::StatusOr<std::string> ReadFile(const std::string& path) {
  std::FILE* file = std::fopen(path.c_str(), "rb");
  auto error = [&path](int code) {
    std::string message = absl::StrCat(path, ": cannot read: ", std::strerror(code));
    if (code == ENOENT) return absl::NotFoundError(message);
    if (code == EACCES) return absl::PermissionDeniedError(message);
    return absl::InternalError(message);
  };
  if (file == nullptr) return error(errno);
  std::string contents;
  char buffer[1 << 16];
  size_t n = 0;
  while ((n = std::fread(buffer, 1, sizeof(buffer), file)) > 0) contents.append(buffer, n);
  const bool failed = std::ferror(file) != 0;
  const int code = errno;
  std::fclose(file);
  if (failed) return error(code);
  return contents;
}

// Accumulates entities from successive sources, merging records that share an id.
class Merger {
 public:
  // Merges `records` of source `source` (an index into labels()) and returns how many were new.
  size_t Add(std::vector<KbRecord> records, uint32_t source) {
    size_t added = 0;
    for (KbRecord& record : records) {
      auto [it, inserted] =
          index_.emplace(record.entity.id(), static_cast<uint32_t>(entities_.size()));
      if (inserted) {
        ++added;
        entities_.emplace_back().set_id(record.entity.id());
        parent_origin_.emplace_back();
      }
      MergeInto(it->second, std::move(record), source);
    }
    return added;
  }

  // Returns OK when every parent_id names a merged entity and parent links form no cycle;
  // otherwise InvalidArgument naming where the offending parent_id was set.
  absl::Status CheckParents(const std::vector<std::string>& labels) const {
    std::vector<std::string> problems;
    size_t missing = 0;
    for (size_t i = 0; i < entities_.size(); ++i) {
      const std::string& parent = entities_[i].parent_id();
      if (parent.empty() || index_.contains(parent)) continue;
      if (++missing <= kMaxListedProblems) {
        problems.push_back(absl::StrCat(Where(labels, parent_origin_[i]), ": parent_id \"", parent,
                                        "\" of \"", entities_[i].id(), "\" does not exist"));
      }
    }
    if (missing > 0) {
      return absl::InvalidArgumentError(
          absl::StrCat(missing, " parent_id(s) name no entity of the merged knowledge base: ",
                       absl::StrJoin(problems, "; "), missing > problems.size() ? "; ..." : ""));
    }
    // 0: not visited, 1: on the chain being walked, 2: known to end without a cycle.
    std::vector<uint8_t> state(entities_.size(), 0);
    for (size_t start = 0; start < entities_.size(); ++start) {
      std::vector<size_t> chain;
      size_t at = start;
      while (state[at] == 0) {
        state[at] = 1;
        chain.push_back(at);
        const std::string& parent = entities_[at].parent_id();
        if (parent.empty()) break;
        at = index_.at(parent);
        if (state[at] == 1) {
          return absl::InvalidArgumentError(
              absl::StrCat(Where(labels, parent_origin_[at]), ": parent_id of \"",
                           entities_[at].id(), "\" leads back to it (a cycle of parents)"));
        }
      }
      for (size_t i : chain) state[i] = 2;
    }
    return absl::OkStatus();
  }

  std::vector<Entity> TakeEntities() { return std::move(entities_); }
  absl::flat_hash_map<std::string, uint32_t> TakeIndex() { return std::move(index_); }

 private:
  static std::string Where(const std::vector<std::string>& labels, Origin origin) {
    if (origin.line == 0) return labels[origin.source];
    return absl::StrCat(labels[origin.source], ":", origin.line);
  }

  // True when (entity, kind, language, value) was not seen before; remembers it.
  bool FirstTime(uint32_t entity, char kind, const std::string& language,
                 const std::string& value) {
    std::string key(reinterpret_cast<const char*>(&entity), sizeof(entity));
    key.push_back(kind);
    key.append(language);
    key.push_back('\x1f');
    key.append(value);
    return seen_.insert(std::move(key)).second;
  }

  void MergeInto(uint32_t index, KbRecord record, uint32_t source) {
    Entity& entity = entities_[index];
    Entity& from = record.entity;
    if (!from.canonical_name().empty()) entity.set_canonical_name(from.canonical_name());
    if (from.type() != common::v1::ENTITY_TYPE_UNSPECIFIED) entity.set_type(from.type());
    if (!from.wikidata_id().empty()) entity.set_wikidata_id(from.wikidata_id());
    if (!from.parent_id().empty()) {
      entity.set_parent_id(from.parent_id());
      parent_origin_[index] = {source, record.line};
    }
    for (common::v1::LocalizedName& name : *from.mutable_names()) {
      if (FirstTime(index, 'n', name.language(), name.name())) {
        *entity.add_names() = std::move(name);
      }
    }
    static const std::string kNoLanguage;
    for (std::string& alias : *from.mutable_aliases()) {
      if (FirstTime(index, 'a', kNoLanguage, alias)) entity.add_aliases(std::move(alias));
    }
  }

  std::vector<Entity> entities_;
  absl::flat_hash_map<std::string, uint32_t> index_;
  std::vector<Origin> parent_origin_;
  absl::flat_hash_set<std::string> seen_;
};

std::vector<KbRecord> AsRecords(std::vector<Entity> entities) {
  std::vector<KbRecord> records;
  records.reserve(entities.size());
  for (Entity& entity : entities) records.push_back({std::move(entity), 0});
  return records;
}

}  // namespace

std::string KnowledgeBase::Stats::ToString() const {
  std::string out =
      absl::StrCat(entities, " entities, ", names, " names, ", aliases, " aliases from ",
                   sources.size(), " sources in ", absl::FormatDuration(load_time), " (");
  for (size_t i = 0; i < sources.size(); ++i) {
    absl::StrAppend(&out, i > 0 ? ", " : "", sources[i].label, " ", sources[i].records, " (",
                    sources[i].new_entities, " new) ", absl::FormatDuration(sources[i].time));
  }
  out.push_back(')');
  return out;
}

absl::StatusOr<std::shared_ptr<const KnowledgeBase>> KnowledgeBase::Load(
    const KnowledgeBaseOptions& options) {
  const absl::Time load_start = absl::Now();
  Merger merger;
  std::vector<std::string> labels;
  Stats stats;
  // Merges one source produced by `records` (a callable returning StatusOr<vector<KbRecord>>).
  auto merge = [&](std::string label, auto records) -> absl::Status {
    const absl::Time start = absl::Now();
    absl::StatusOr<std::vector<KbRecord>> parsed = records();
    if (!parsed.ok()) return parsed.status();
    SourceStats source{label, parsed->size(), 0, absl::ZeroDuration()};
    labels.push_back(std::move(label));
    source.new_entities = merger.Add(std::move(*parsed), static_cast<uint32_t>(labels.size() - 1));
    source.time = absl::Now() - start;
    stats.sources.push_back(std::move(source));
    return absl::OkStatus();
  };

  if (options.include_icu) {
    RETURN_IF_ERROR(merge("icu:countries", [&]() -> absl::StatusOr<std::vector<KbRecord>> {
      ASSIGN_OR_RETURN(std::vector<Entity> entities,
                       IcuCountryEntities(options.icu_short_country_names));
      return AsRecords(std::move(entities));
    }));
    if (!options.currency_languages.empty()) {
      RETURN_IF_ERROR(merge("icu:currencies", [&]() -> absl::StatusOr<std::vector<KbRecord>> {
        ASSIGN_OR_RETURN(std::vector<Entity> entities,
                         IcuCurrencyEntities(options.currency_languages));
        return AsRecords(std::move(entities));
      }));
    }
  }
  if (options.include_project_files) {
    for (const EmbeddedKbFile& file : EmbeddedKbFiles()) {
      std::string label = absl::StrCat("services/extract/kb/", file.name);
      RETURN_IF_ERROR(merge(label, [&] {
        return ParseKnowledgeBaseJsonl(file.contents(), label, IdPolicy::kProject);
      }));
    }
  }
  for (const std::string& path : options.user_files) {
    RETURN_IF_ERROR(merge(path, [&]() -> absl::StatusOr<std::vector<KbRecord>> {
      ASSIGN_OR_RETURN(std::string contents, ReadFile(path));
      return ParseKnowledgeBaseJsonl(contents, path, IdPolicy::kUser);
    }));
  }
  for (const KbSource& source : options.user_sources) {
    RETURN_IF_ERROR(merge(source.label, [&] {
      return ParseKnowledgeBaseJsonl(source.jsonl, source.label, source.policy);
    }));
  }
  RETURN_IF_ERROR(merger.CheckParents(labels));

  std::shared_ptr<KnowledgeBase> kb(new KnowledgeBase());
  kb->entities_ = merger.TakeEntities();
  kb->index_ = merger.TakeIndex();
  stats.entities = kb->entities_.size();
  for (const Entity& entity : kb->entities_) {
    stats.names += entity.names_size();
    stats.aliases += entity.aliases_size();
    ++stats.entities_by_type[entity.type()];
  }
  stats.load_time = absl::Now() - load_start;
  kb->stats_ = std::move(stats);
  return std::shared_ptr<const KnowledgeBase>(std::move(kb));
}

std::optional<size_t> KnowledgeBase::Find(std::string_view id) const {
  auto it = index_.find(absl::string_view(id.data(), id.size()));
  if (it == index_.end()) return std::nullopt;
  return it->second;
}

std::vector<std::pair<std::string, uint32_t>> KnowledgeBase::AllNames() const {
  std::vector<std::pair<std::string, uint32_t>> out;
  out.reserve(stats_.names + stats_.aliases + entities_.size());
  absl::flat_hash_set<absl::string_view> seen;
  for (uint32_t i = 0; i < entities_.size(); ++i) {
    const Entity& entity = entities_[i];
    seen.clear();
    auto add = [&](const std::string& surface) {
      if (seen.insert(surface).second) out.emplace_back(surface, i);
    };
    add(entity.canonical_name());
    for (const auto& name : entity.names()) add(name.name());
    for (const std::string& alias : entity.aliases()) add(alias);
  }
  return out;
}

}  // namespace newsgraph::extract::kb
