#include "services/ingest/extract_client.h"

#include "common/rpc/channel.h"
#include "common/rpc/status.h"

namespace newsgraph::ingest {

namespace {

std::shared_ptr<grpc::Channel> ExtractChannel(const std::string& target,
                                              rpc::ChannelOptions options) {
  options.service_config_json = kExtractServiceConfig;
  return rpc::MakeChannel(target, options);
}

}  // namespace

GrpcEntityExtractor::GrpcEntityExtractor(const std::string& target, rpc::ChannelOptions channel,
                                         absl::Duration deadline)
    : stub_(extract::v1::ExtractService::NewStub(ExtractChannel(target, std::move(channel)))),
      deadline_(deadline) {}

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
