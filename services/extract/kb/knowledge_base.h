// The extractor's knowledge base: every known entity with its names in many languages, merged from
// ICU/CLDR (countries, currencies), the project's JSONL files compiled into the binary, and the
// user's own JSONL files. Loaded once at start-up (or on reload) into an immutable object that any
// number of threads can read. File format and merge rules: services/extract/kb/SCHEMA.md.
#ifndef NEWSGRAPH_SERVICES_EXTRACT_KB_KNOWLEDGE_BASE_H_
#define NEWSGRAPH_SERVICES_EXTRACT_KB_KNOWLEDGE_BASE_H_

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "newsgraph/common/v1/types.pb.h"
#include "services/extract/kb/icu_source.h"
#include "services/extract/kb/kb_jsonl.h"

namespace newsgraph::extract::kb {

// A knowledge-base text already in memory, e.g. received by a reload RPC.
struct KbSource {
  // Names the source in error messages ("<label>:<line>: ...").
  std::string label;
  std::string jsonl;
  IdPolicy policy = IdPolicy::kUser;
};

struct KnowledgeBaseOptions {
  // Countries and territories in every ICU language, and currencies (see icu_source.h).
  bool include_icu = true;
  // With include_icu: also CLDR's short country names ("UK", "US", "Hong Kong").
  bool icu_short_country_names = true;
  // With include_icu: the languages of currency names (BCP 47); empty leaves currencies out.
  std::vector<std::string> currency_languages = DefaultCurrencyLanguages();
  // The services/extract/kb/*.jsonl files compiled into the binary, merged in file-name order.
  bool include_project_files = true;
  // Paths of the user's JSONL files, merged in this order after the project's files.
  std::vector<std::string> user_files;
  // In-memory texts, merged in this order after user_files.
  std::vector<KbSource> user_sources;
};

class KnowledgeBase {
 public:
  struct SourceStats {
    // "icu:countries", "icu:currencies", "services/extract/kb/seed.jsonl", a user path or label.
    std::string label;
    // Entity records the source gave.
    size_t records = 0;
    // Records whose id no earlier source had; the rest enriched an existing entity.
    size_t new_entities = 0;
    // Reading, generating or parsing the source and merging it.
    absl::Duration time;
  };
  struct Stats {
    std::vector<SourceStats> sources;
    size_t entities = 0;
    // (language, name) pairs and aliases after merging and de-duplication.
    size_t names = 0;
    size_t aliases = 0;
    // Indexed by common::v1::EntityType value.
    std::array<size_t, common::v1::EntityType_ARRAYSIZE> entities_by_type{};
    // The whole Load(), including the parent check.
    absl::Duration load_time;

    // One line for the log: "1182 entities, ... from 5 sources in 221ms (icu:countries 253 (253
    // new) 173ms, ...)": per source its records, how many were new ids, and its time.
    std::string ToString() const;
  };

  // Merges the sources `options` selects, in the order ICU, project files, user files, user
  // sources: entities with the same id become one, their (language, name) pairs and aliases are
  // unioned without duplicates, and a later source's non-empty canonical_name, type, wikidata_id
  // and parent_id replace an earlier one's. Returns the merged, immutable knowledge base.
  // Errors, each naming the source as "<label>:<line>: " where a line applies:
  //  - InvalidArgument for a line ParseKnowledgeBaseJsonl rejects (bad JSON, unknown field, bad
  //    id, type, name, alias, language code, wikidata_id; duplicate id within one source), for a
  //    parent_id no merged entity has (the message counts them and lists the first ten), for a
  //    cycle of parent_ids, and for a currency language ICU has no data for;
  //  - NotFound / PermissionDenied / Internal when a user file cannot be read ("<path>: ...");
  //  - Internal when ICU's data is unusable.
  // Takes about 0.3 s with everything (mostly ICU); thread-safe, the result is shared read-only.
  static absl::StatusOr<std::shared_ptr<const KnowledgeBase>> Load(
      const KnowledgeBaseOptions& options);

  // The number of entities; indexes run from 0 to size() - 1 in merge order (first seen first).
  size_t size() const { return entities_.size(); }
  // The entity at `index` < size() (not checked); ids are unique.
  const common::v1::Entity& entity(size_t index) const { return entities_[index]; }
  // Returns the index of the entity with `id`, or nullopt when there is none.
  std::optional<size_t> Find(std::string_view id) const;

  // Returns every (surface form, entity index) pair the matcher should know: each entity's
  // canonical_name, names and aliases, once per entity (the same string in two languages is one
  // pair), in entity order. Two entities may share a surface form; the matcher decides.
  std::vector<std::pair<std::string, uint32_t>> AllNames() const;

  // What Load() merged and how long it took.
  const Stats& stats() const { return stats_; }

 private:
  KnowledgeBase() = default;

  std::vector<common::v1::Entity> entities_;
  absl::flat_hash_map<std::string, uint32_t> index_;
  Stats stats_;
};

}  // namespace newsgraph::extract::kb

#endif  // NEWSGRAPH_SERVICES_EXTRACT_KB_KNOWLEDGE_BASE_H_
