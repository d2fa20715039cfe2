// EntityExtractor over gRPC: calls the extract service with a deadline on every request.
#ifndef NEWSGRAPH_SERVICES_INGEST_EXTRACT_CLIENT_H_
#define NEWSGRAPH_SERVICES_INGEST_EXTRACT_CLIENT_H_

#include <memory>
#include <string>

#include "absl/time/time.h"
#include "common/rpc/channel.h"
#include "newsgraph/extract/v1/extract_service.grpc.pb.h"
#include "services/ingest/core/entity_extractor.h"

namespace newsgraph::ingest {

// Extract calls are idempotent (text in, entities out), so a call that finds no replica ready
// (UNAVAILABLE: a replica restarting, a connection refused) is retried with backoff within its
// deadline before ingest falls back to storing the document as pending.
inline constexpr char kExtractServiceConfig[] = R"json({
  "loadBalancingConfig": [{"round_robin": {}}],
  "methodConfig": [{
    "name": [{"service": "newsgraph.extract.v1.ExtractService", "method": "Extract"}],
    "retryPolicy": {
      "maxAttempts": 3,
      "initialBackoff": "0.1s",
      "maxBackoff": "1s",
      "backoffMultiplier": 2,
      "retryableStatusCodes": ["UNAVAILABLE"]
    }
  }]
})json";

class GrpcEntityExtractor final : public EntityExtractor {
 public:
  // `target` is the extract service's address ("host:port" or a gRPC target URI); `channel`
  // carries its credentials (TLS / mutual TLS); kExtractServiceConfig is added to it.
  GrpcEntityExtractor(const std::string& target, rpc::ChannelOptions channel,
                      absl::Duration deadline);

  // Unavailable / DeadlineExceeded when extract is down or slow; its own status otherwise.
  absl::StatusOr<extract::v1::ExtractResponse> Extract(
      const extract::v1::ExtractRequest& request) override;

 private:
  std::unique_ptr<extract::v1::ExtractService::Stub> stub_;
  absl::Duration deadline_;
};

}  // namespace newsgraph::ingest

#endif  // NEWSGRAPH_SERVICES_INGEST_EXTRACT_CLIENT_H_
