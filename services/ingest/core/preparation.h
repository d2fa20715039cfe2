// Turns a validated IngestRequest into the Document to store, before extraction: HTML → text,
// cleaning (boilerplate, found title and date), language and script detection, and the hashes
// used for duplicate detection. Fields the client gave explicitly always win over found ones.
#ifndef NEWSGRAPH_SERVICES_INGEST_CORE_PREPARATION_H_
#define NEWSGRAPH_SERVICES_INGEST_CORE_PREPARATION_H_

#include "absl/status/statusor.h"
#include "newsgraph/common/v1/types.pb.h"
#include "newsgraph/ingest/v1/ingest_service.pb.h"

namespace newsgraph::ingest {

// Fills everything but id, state, mentions, version and ingested_at. InvalidArgument naming the
// field when the HTML cannot be read or the cleaned body is empty (e.g. a page of nothing but
// navigation). `request` must have passed ValidateIngestRequest.
absl::StatusOr<common::v1::Document> PrepareDocument(const v1::IngestRequest& request);

}  // namespace newsgraph::ingest

#endif  // NEWSGRAPH_SERVICES_INGEST_CORE_PREPARATION_H_
