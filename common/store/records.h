// Typed reads of the store's records (layouts in common/store/SCHEMA.md), shared by ingest (its
// duplicate checks and counters) and query.
#ifndef NEWSGRAPH_COMMON_STORE_RECORDS_H_
#define NEWSGRAPH_COMMON_STORE_RECORDS_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "common/store/doc_meta.h"
#include "common/store/postings.h"
#include "common/store/store.h"
#include "newsgraph/common/v1/types.pb.h"

namespace newsgraph::store {

// The document with id `doc_id`. NotFound when absent, DataLoss when the value does not decode.
absl::StatusOr<common::v1::Document> ReadDocument(const Store& db, uint64_t doc_id);

// The KB record of an entity. NotFound when no stored document mentions it.
absl::StatusOr<common::v1::Entity> ReadEntity(const Store& db, std::string_view entity_id);

// Every document indexed under `term` (an analysis term or stem key), ascending by doc id, with
// its word positions: all of the term's blocks concatenated. Empty when the term is unknown.
// DataLoss when a block does not decode; DataLoss / Internal when reading fails.
absl::StatusOr<PostingList> ReadPostingList(const Store& db, std::string_view term);

// As ReadPostingList, with the positions left encoded (PostingCounts).
absl::StatusOr<PostingCounts> ReadPostingCounts(const Store& db, std::string_view term);

// The doc_meta record of one document. NotFound when absent, DataLoss when it does not decode.
absl::StatusOr<DocMeta> ReadDocMeta(const Store& db, uint64_t doc_id);

// The doc_meta records of `doc_ids` in one batched read, in the same order; a document without a
// record (deleted since it matched) gets std::nullopt. DataLoss when a record does not decode,
// DataLoss / Internal when reading fails. `fields` as for DecodeDocMeta.
absl::StatusOr<std::vector<std::optional<DocMeta>>> ReadDocMetas(
    const Store& db, const std::vector<uint64_t>& doc_ids,
    DocMetaFields fields = DocMetaFields::kAll);

// One doc_changes row: change number `change` put or deleted the doc_meta row of `doc_id`.
struct DocChange {
  uint64_t change;
  uint64_t doc_id;
};

// The doc_changes rows numbered above `after`, in number order (= commit order), at most
// `limit` of them; empty when there is none. DataLoss when a row does not decode, DataLoss /
// Internal when reading fails.
absl::StatusOr<std::vector<DocChange>> ReadDocChanges(const Store& db, uint64_t after,
                                                      size_t limit);

// The highest doc_changes number, 0 when the family is empty. Errors as for ReadDocChanges.
absl::StatusOr<uint64_t> LastDocChange(const Store& db);

// Collection statistics of the search index (the index counters of keys.h). Ingest keeps the
// current values in memory and writes the changed ones with each document.
struct IndexStats {
  uint64_t documents = 0;
  uint64_t total_length = 0;
  // Language tag → indexed documents in it; only languages with at least one document.
  absl::flat_hash_map<std::string, uint64_t> languages;
};
absl::StatusOr<IndexStats> ReadIndexStats(const Store& db);

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
