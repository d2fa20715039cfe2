// Turns one document into the store mutations that make it visible: the document itself, its
// full-text index (block postings with positions, per-document search metadata, index counters),
// its entities and per-entity document lists — all in one WriteBatch, so query never sees half a
// document. Layouts are described in common/store/SCHEMA.md.
#ifndef NEWSGRAPH_SERVICES_INGEST_CORE_DOCUMENT_BATCH_H_
#define NEWSGRAPH_SERVICES_INGEST_CORE_DOCUMENT_BATCH_H_

#include <cstdint>

#include "absl/status/status.h"
#include "common/store/entity_counters.h"
#include "common/store/records.h"
#include "common/store/store.h"
#include "newsgraph/common/v1/types.pb.h"

namespace newsgraph::ingest {

// Adds to `batch` everything needed to store `document` (whose id is `doc_id`, already holding
// its mentions) for the first time or as a new version (after RemoveDocumentIndexFromBatch): the
// document, the postings of its title and body (common/analysis terms and stem keys in the
// document's language, merged into their blocks), its doc_meta record, the entity_docs rows, its
// dedup keys, its external id, and the KB records in `entities`. Counts the document into
// `*totals` (the index counters as of this batch: the caller keeps them, and adopts the updated
// values once the batch is committed) and puts the counters that changed. Counts its entities
// into `*entity_counters` when given (the caller writes them with WriteTo before committing;
// only benchmarks that build a search index pass none).
// InvalidArgument when the title or body cannot be analyzed (invalid UTF-8; validation rules this
// out beforehand); Internal if the stemmer fails. Nothing is added or counted on error.
absl::Status AddDocumentToBatch(
    uint64_t doc_id, const common::v1::Document& document,
    const google::protobuf::RepeatedPtrField<common::v1::Entity>& entities,
    store::IndexStats* totals, store::WriteBatch* batch,
    store::EntityCounterDelta* entity_counters = nullptr);

// Adds to `batch` what a pending document needs once its entities arrive (same version, same
// text, so its postings and counters stay as they are): the document record with its mentions,
// its doc_meta record (entity types and ids), its entity_docs rows and the KB records in
// `entities`; counts its entities into `*entity_counters` when given (the pending document had
// none). Fails as AddDocumentToBatch.
absl::Status UpdateDocumentEntitiesInBatch(
    uint64_t doc_id, const common::v1::Document& document,
    const google::protobuf::RepeatedPtrField<common::v1::Entity>& entities,
    store::WriteBatch* batch, store::EntityCounterDelta* entity_counters = nullptr);

// Adds to `batch` the removal of every index entry `old_document` (stored under `doc_id`) put
// there — a removal operand for each of its postings keys, its doc_meta record, entity_docs
// rows, dedup keys — and counts it out of `*totals` and, when given, `*entity_counters` (as
// AddDocumentToBatch counts in), so a new version can replace it (or the document be deleted).
// The document record itself, its external id and entity records are left for the caller. Fails
// as AddDocumentToBatch (the old document is re-analyzed to find its keys).
absl::Status RemoveDocumentIndexFromBatch(uint64_t doc_id, const common::v1::Document& old_document,
                                          store::IndexStats* totals, store::WriteBatch* batch,
                                          store::EntityCounterDelta* entity_counters = nullptr);

// Removes from `*entities` the records `db` already holds byte for byte (ingest sees the same
// entities again and again), so the batch rewrites only new or changed ones. Returns whether any
// record is left, i.e. whether the batch changes the entities family (the caller then bumps the
// entity_records counter). DataLoss / Internal when reading fails.
absl::StatusOr<bool> DropUnchangedEntities(
    const store::Store& db, google::protobuf::RepeatedPtrField<common::v1::Entity>* entities);

// Stories group documents that report the same event, across languages (SCHEMA.md, `stories`).
// How close two documents' published (else ingested) dates must be to share a story, and the
// least weighted entity overlap (0..1, see AddStoryToBatch) that makes them share it. On the
// samples the same event scores 0.76-0.95 across five languages and the nearest unrelated
// article within the window (Nvidia vs. the Japanese economy, both naming Japan) 0.29.
inline constexpr int64_t kStoryWindowSeconds = 3 * 24 * 3600;
inline constexpr double kStoryJoinThreshold = 0.5;

// Adds to `batch` the story membership of `document` (stored under `doc_id`, its doc_meta not
// yet in `db`): for its up to 5 most salient linked entities (no values, no provisional ids),
// the 50 newest other documents of each within kStoryWindowSeconds are scored by the overlap of
// their entity mention distributions (sum over shared entities of the smaller share); the best
// one at or above kStoryJoinThreshold lends its story, else the document starts a story whose id
// is `doc_id`. Writes its `stories` row and `doc_story` entry and moves the story's `story_dates`
// key to its new last date; a document without linked entities gets none. Returns the story id
// (0 for none). DataLoss / Internal when reading `db` fails.
absl::StatusOr<uint64_t> AddStoryToBatch(const store::Store& db, uint64_t doc_id,
                                         const common::v1::Document& document,
                                         store::WriteBatch* batch);

// Adds to `batch` the removal of `doc_id`'s story membership (its `stories` row and `doc_story`
// entry, and the story's `story_dates` key moved to the remaining members' last date, or deleted
// with the last member), if it has one, so a new version can be placed afresh. May precede
// AddStoryToBatch for the same document in the same batch. DataLoss / Internal when reading `db`
// fails.
absl::Status RemoveStoryFromBatch(const store::Store& db, uint64_t doc_id,
                                  store::WriteBatch* batch);

}  // namespace newsgraph::ingest

#endif  // NEWSGRAPH_SERVICES_INGEST_CORE_DOCUMENT_BATCH_H_
