// Turns one document into the store mutations that make it visible: the document itself, its
// full-text postings, its entities and per-entity document lists — all in one WriteBatch, so
// query never sees half a document. Layouts are described in common/store/SCHEMA.md.
#ifndef NEWSGRAPH_SERVICES_INGEST_CORE_DOCUMENT_BATCH_H_
#define NEWSGRAPH_SERVICES_INGEST_CORE_DOCUMENT_BATCH_H_

#include <cstdint>

#include "absl/status/status.h"
#include "common/store/store.h"
#include "newsgraph/common/v1/types.pb.h"
#include "newsgraph/extract/v1/extract_service.pb.h"

namespace newsgraph::ingest {

// Adds to `batch` everything needed to store `document` (whose id is `doc_id`, already holding
// its mentions) and the KB records of the entities it mentions. InvalidArgument when the title or
// text cannot be segmented (invalid UTF-8; validation rules this out beforehand).
absl::Status AddDocumentToBatch(uint64_t doc_id, const common::v1::Document& document,
                                const extract::v1::ExtractResponse& extraction,
                                store::WriteBatch* batch);

}  // namespace newsgraph::ingest

#endif  // NEWSGRAPH_SERVICES_INGEST_CORE_DOCUMENT_BATCH_H_
