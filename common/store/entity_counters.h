// The entity counters of schema 4 (SCHEMA.md: entity_pairs, entity_days, entity_totals): what
// RelatedEntities, EntityTimeline and GetEntity read instead of walking an entity's documents.
//
// Ingest is their only writer. Each row holds absolute values, Put in the batch of the document
// that changes them, never an additive merge: a RocksDB secondary may apply a merge operand twice
// (merge_operators.h), which a counter would not survive. So a batch reads the current rows first
// (EntityCounterDelta::WriteTo); ingest commits under one lock, so nothing changes in between.
//
// The recount helpers rebuild the same rows from entity_docs and doc_meta, the records the
// counters summarise: tests compare both, and a repair tool could rewrite them.
#ifndef NEWSGRAPH_COMMON_STORE_ENTITY_COUNTERS_H_
#define NEWSGRAPH_COMMON_STORE_ENTITY_COUNTERS_H_

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "common/store/doc_meta.h"
#include "common/store/keys.h"
#include "common/store/store.h"

namespace newsgraph::store {

// One document's part in the counters.
struct EntityContribution {
  // Every entity the document links (its entity_docs rows) with its mentions there.
  std::vector<std::pair<std::string, uint64_t>> mentions;
  // The co-mention partners: the document's DocMeta::entities (value types left out), with the
  // mention counts doc_meta holds. A pair (A, B) is counted for A and B both among them (so
  // both directions): exactly what a walk of A's documents over their doc_meta records finds.
  // A value entity (only in `mentions`) gets no pair rows; its related entities are walked.
  std::vector<std::pair<std::string, uint32_t>> partners;
  int64_t date_seconds = 0;         // published_at, else ingested_at
  bool dated_by_ingestion = false;  // no published_at
};

// The contribution of a document whose entity_docs rows are `mentions` and whose doc_meta record
// is `meta`.
EntityContribution MakeEntityContribution(std::vector<std::pair<std::string, uint64_t>> mentions,
                                          const DocMeta& meta);

// The earliest and latest date (seconds) of the documents linking `entity_id`, from its first
// and last entity_dates rows (two seeks); nullopt when it has none. DataLoss when a row does not
// decode; DataLoss / Internal when reading fails.
absl::StatusOr<std::optional<std::pair<int64_t, int64_t>>> ReadEntityDateRange(
    const Store& db, std::string_view entity_id);

// All rows of the three counter families (and the entity_dates keys), keyed by store key (sorted,
// so two tables compare with ==).
struct EntityCounterTables {
  std::map<std::string, EntityCounts> pairs;
  std::map<std::string, EntityCounts> days;
  std::map<std::string, EntityCounts> totals;
  std::set<std::string> dates;  // entity_dates keys
  friend bool operator==(const EntityCounterTables&, const EntityCounterTables&) = default;
};

// The changes one batch makes to the counters: documents counted in (Add) and out (Subtract).
// Not thread-safe.
class EntityCounterDelta {
 public:
  void Add(const EntityContribution& contribution) { Accumulate(contribution, 1); }
  void Subtract(const EntityContribution& contribution) { Accumulate(contribution, -1); }
  // Rows touched so far (including ones whose changes cancel out).
  size_t size() const { return pairs_.size() + days_.size() + totals_.size(); }

  // Reads the current value of every touched row from `db` (batched), adds the changes and adds to
  // `batch` a Put of each new absolute value, or a Delete of a row that reaches zero; rows whose
  // changes cancel out are left alone. A count that would drop below zero stays at zero (the rows
  // then disagree with a recount, which the tests check). OK on success; DataLoss when a stored
  // row does not decode; DataLoss / Internal when reading fails (nothing is added then).
  absl::Status WriteTo(const Store& db, WriteBatch* batch) const;

  // For a delta made of Adds only: the rows an empty store would get (rows of zero documents
  // left out). What RecountEntityCounters returns.
  EntityCounterTables AddedRows() const;

 private:
  struct Change {
    int64_t documents = 0;
    int64_t mentions = 0;
    int64_t dated_by_ingestion = 0;
  };
  void Accumulate(const EntityContribution& contribution, int sign);

  // Keyed by the row's store key.
  absl::flat_hash_map<std::string, Change> pairs_, days_, totals_;
};

// The totals row of `entity_id`. NotFound when no stored document links it; DataLoss when the row
// does not decode; Internal when reading fails.
absl::StatusOr<EntityCounts> ReadEntityTotals(const Store& db, std::string_view entity_id);

// Every entity co-mentioned with `entity_id`, in id order, with the pair counts (documents with
// both; mentions of the other entity there). Empty when there is none. DataLoss when a row does
// not decode; DataLoss / Internal when reading fails.
absl::StatusOr<std::vector<std::pair<std::string, EntityCounts>>> ReadEntityPairs(
    const Store& db, std::string_view entity_id);

// The day rows of `entity_id` with first_day <= day < end_day, oldest first. Fails as
// ReadEntityPairs.
absl::StatusOr<std::vector<std::pair<int64_t, EntityCounts>>> ReadEntityDays(
    const Store& db, std::string_view entity_id, int64_t first_day, int64_t end_day);

// What the three families must hold, recounted from every entity_docs row and the doc_meta
// records of their documents (a document without doc_meta is skipped, as query skips it).
// DataLoss when a record does not decode; DataLoss / Internal when reading fails.
absl::StatusOr<EntityCounterTables> RecountEntityCounters(const Store& db);

// What the three families hold. Fails as RecountEntityCounters.
absl::StatusOr<EntityCounterTables> ReadEntityCounterTables(const Store& db);

}  // namespace newsgraph::store

#endif  // NEWSGRAPH_COMMON_STORE_ENTITY_COUNTERS_H_
