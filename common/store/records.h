// Typed reads of the store's records (layouts in common/store/SCHEMA.md), shared by ingest (its
// duplicate checks and counters) and query.
#ifndef NEWSGRAPH_COMMON_STORE_RECORDS_H_
#define NEWSGRAPH_COMMON_STORE_RECORDS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "common/store/store.h"
#include "newsgraph/common/v1/types.pb.h"

namespace newsgraph::store {

// The document with id `doc_id`. NotFound when absent, DataLoss when the value does not decode.
absl::StatusOr<common::v1::Document> ReadDocument(const Store& db, uint64_t doc_id);

// The KB record of an entity. NotFound when no stored document mentions it.
absl::StatusOr<common::v1::Entity> ReadEntity(const Store& db, std::string_view entity_id);

// doc id → frequency of `term` (a folded term), from its postings.
absl::StatusOr<absl::flat_hash_map<uint64_t, uint64_t>> ReadPostings(const Store& db,
                                                                     std::string_view term);

struct EntityDocuments {
  // Ascending doc ids, each with the entity's mention count there.
  std::vector<std::pair<uint64_t, uint64_t>> documents;
  uint64_t mention_count = 0;
};
absl::StatusOr<EntityDocuments> ReadEntityDocuments(const Store& db, std::string_view entity_id);

// The meta counter under `key` (CounterKey(...) or kNextDocIdKey); `fallback` when it was never
// written. DataLoss when the value does not decode.
absl::StatusOr<uint64_t> ReadCounter(const Store& db, std::string_view key, uint64_t fallback);

}  // namespace newsgraph::store

#endif  // NEWSGRAPH_COMMON_STORE_RECORDS_H_
