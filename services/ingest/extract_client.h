// EntityExtractor over gRPC: calls the extract service with a deadline on every request.
#ifndef NEWSGRAPH_SERVICES_INGEST_EXTRACT_CLIENT_H_
#define NEWSGRAPH_SERVICES_INGEST_EXTRACT_CLIENT_H_

#include <memory>
#include <string>

#include "absl/time/time.h"
#include "newsgraph/extract/v1/extract_service.grpc.pb.h"
#include "services/ingest/core/entity_extractor.h"

namespace newsgraph::ingest {

class GrpcEntityExtractor final : public EntityExtractor {
 public:
  // `target` is the extract service's address ("host:port" or a gRPC target URI).
  GrpcEntityExtractor(const std::string& target, absl::Duration deadline);

  // Unavailable / DeadlineExceeded when extract is down or slow; its own status otherwise.
  absl::StatusOr<extract::v1::ExtractResponse> Extract(
      const extract::v1::ExtractRequest& request) override;

 private:
  std::unique_ptr<extract::v1::ExtractService::Stub> stub_;
  absl::Duration deadline_;
};

}  // namespace newsgraph::ingest

#endif  // NEWSGRAPH_SERVICES_INGEST_EXTRACT_CLIENT_H_
