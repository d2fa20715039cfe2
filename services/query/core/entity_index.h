// Entity autocomplete (SearchEntities): an in-memory index over the `entities` family, built at
// query time from what ingest stored (no extra column family). Every word of every name, alias
// and canonical name is indexed twice: folded (text::Fold, so "Macron" and "MACRÓN" meet) and as
// an ASCII phonetic key of its ICU "Any-Latin; Latin-ASCII; Lower" transliteration (so
// "Макрон", "Μακρόν" and "makron" all meet "macron").
#ifndef NEWSGRAPH_SERVICES_QUERY_CORE_ENTITY_INDEX_H_
#define NEWSGRAPH_SERVICES_QUERY_CORE_ENTITY_INDEX_H_

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "common/store/store.h"
#include "newsgraph/common/v1/types.pb.h"

namespace newsgraph::query {

// The ASCII phonetic keys of the words of `name`: transliterated to lowercase ASCII Latin, split
// at non-alphanumerics, each reduced to a skeleton in which common transliteration variants
// coincide (c/k/q, ph/f, w/v, y/j/i, kh/ch/sh/zh → their first letter, doubled letters once).
// Empty when ICU's transliterator is unavailable. Thread-safe. Same as text::PhoneticWords.
std::vector<std::string> PhoneticWordKeys(std::string_view name);

struct EntityCandidate {
  common::v1::Entity entity;
  uint64_t document_count = 0;
  uint64_t mention_count = 0;
  // Every query word equals a whole name word (not only a prefix of one).
  bool exact = false;
};

class EntityIndex {
 public:
  // Reads every entity record and its totals row (entity_totals). DataLoss when a record or row
  // does not parse; DataLoss / Internal when reading fails.
  static absl::StatusOr<EntityIndex> Build(const store::Store& db);

  // The same names (shared, not copied) with the counts re-read from entity_totals in batched
  // reads: what Build would return while no entity record changed. Fails as Build.
  absl::StatusOr<EntityIndex> WithCountsFrom(const store::Store& db) const;

  // Entities for which every word of `query` (folded, and separately by phonetic key) is a prefix
  // of some word of one of their names; of `type` unless UNSPECIFIED. Sorted by document count,
  // then exact before prefix, then id. Never fails; a query without words matches nothing.
  std::vector<EntityCandidate> Match(std::string_view query, common::v1::EntityType type) const;

  size_t size() const { return entries_ == nullptr ? 0 : entries_->size(); }

 private:
  struct Entry {
    common::v1::Entity entity;
    std::vector<std::string> folded_words;
    std::vector<std::string> phonetic_words;
  };
  struct Counts {
    uint64_t documents = 0;
    uint64_t mentions = 0;
  };
  std::shared_ptr<const std::vector<Entry>> entries_;
  std::vector<Counts> counts_;  // counts_[i] belongs to (*entries_)[i]
};

}  // namespace newsgraph::query

#endif  // NEWSGRAPH_SERVICES_QUERY_CORE_ENTITY_INDEX_H_
