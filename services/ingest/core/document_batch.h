// Turns one document into the store mutations that make it visible: the document itself, its
// full-text postings, its entities and per-entity document lists — all in one WriteBatch, so
// query never sees half a document. Layouts are described in common/store/SCHEMA.md.
#ifndef NEWSGRAPH_SERVICES_INGEST_CORE_DOCUMENT_BATCH_H_
#define NEWSGRAPH_SERVICES_INGEST_CORE_DOCUMENT_BATCH_H_

#include <cstdint>

#include "absl/status/status.h"
#include "common/store/store.h"
#include "newsgraph/common/v1/types.pb.h"

namespace newsgraph::ingest {

// Adds to `batch` everything needed to store `document` (whose id is `doc_id`, already holding
// its mentions): the document, postings of its title and body, entity_docs rows, its dedup keys,
// its external id, and the KB records in `entities`. InvalidArgument when the title or body
// cannot be segmented (invalid UTF-8; validation rules this out beforehand).
absl::Status AddDocumentToBatch(
    uint64_t doc_id, const common::v1::Document& document,
    const google::protobuf::RepeatedPtrField<common::v1::Entity>& entities,
    store::WriteBatch* batch);

// Adds to `batch` the deletion of every index entry `old_document` (stored under `doc_id`) put
// there — postings, entity_docs rows, dedup keys — so a new version can replace it. The
// document record itself, its external id and entity records are left for the caller to
// overwrite. InvalidArgument as for AddDocumentToBatch.
absl::Status RemoveDocumentIndexFromBatch(uint64_t doc_id, const common::v1::Document& old_document,
                                          store::WriteBatch* batch);

}  // namespace newsgraph::ingest

#endif  // NEWSGRAPH_SERVICES_INGEST_CORE_DOCUMENT_BATCH_H_
