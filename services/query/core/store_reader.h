// Typed reads over the store's column families (layouts in common/store/SCHEMA.md).
#ifndef NEWSGRAPH_SERVICES_QUERY_CORE_STORE_READER_H_
#define NEWSGRAPH_SERVICES_QUERY_CORE_STORE_READER_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "common/store/store.h"
#include "newsgraph/common/v1/types.pb.h"

namespace newsgraph::query {

// The document with id `doc_id`. NotFound when absent, DataLoss when the value does not decode.
absl::StatusOr<common::v1::Document> ReadDocument(const store::Store& db, uint64_t doc_id);

// The KB record of an entity. NotFound when no stored document mentions it.
absl::StatusOr<common::v1::Entity> ReadEntity(const store::Store& db, std::string_view entity_id);

// doc id → frequency of `term` (a folded term), from its postings.
absl::StatusOr<absl::flat_hash_map<uint64_t, uint64_t>> ReadPostings(const store::Store& db,
                                                                     std::string_view term);

struct EntityDocuments {
  // Ascending doc ids, each with the entity's mention count there.
  std::vector<std::pair<uint64_t, uint64_t>> documents;
  uint64_t mention_count = 0;
};
absl::StatusOr<EntityDocuments> ReadEntityDocuments(const store::Store& db,
                                                    std::string_view entity_id);

// Total stored documents (the meta counter).
absl::StatusOr<uint64_t> ReadDocumentCount(const store::Store& db);

}  // namespace newsgraph::query

#endif  // NEWSGRAPH_SERVICES_QUERY_CORE_STORE_READER_H_
