// What ingest needs from the extract service, as a plain interface so the core is testable
// without gRPC (the adapter implements it with a real client).
#ifndef NEWSGRAPH_SERVICES_INGEST_CORE_ENTITY_EXTRACTOR_H_
#define NEWSGRAPH_SERVICES_INGEST_CORE_ENTITY_EXTRACTOR_H_

#include "absl/status/statusor.h"
#include "newsgraph/extract/v1/extract_service.pb.h"

namespace newsgraph::ingest {

class EntityExtractor {
 public:
  virtual ~EntityExtractor() = default;

  // Extracts mentions of `request.text`. Must return within its own deadline: Unavailable or
  // DeadlineExceeded when the extractor cannot answer, InvalidArgument for a text it rejects.
  virtual absl::StatusOr<extract::v1::ExtractResponse> Extract(
      const extract::v1::ExtractRequest& request) = 0;
};

}  // namespace newsgraph::ingest

#endif  // NEWSGRAPH_SERVICES_INGEST_CORE_ENTITY_EXTRACTOR_H_
