#include "services/ingest/extract_client.h"

#include "common/rpc/channel.h"
#include "common/rpc/status.h"

namespace newsgraph::ingest {

GrpcEntityExtractor::GrpcEntityExtractor(const std::string& target, absl::Duration deadline)
    : stub_(extract::v1::ExtractService::NewStub(rpc::MakeChannel(target))), deadline_(deadline) {}

absl::StatusOr<extract::v1::ExtractResponse> GrpcEntityExtractor::Extract(
    const extract::v1::ExtractRequest& request) {
  grpc::ClientContext context;
  rpc::SetTimeout(&context, deadline_);
  extract::v1::ExtractResponse response;
  grpc::Status status = stub_->Extract(&context, request, &response);
  if (!status.ok()) return rpc::FromGrpcStatus(status);
  return response;
}

}  // namespace newsgraph::ingest
