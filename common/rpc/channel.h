// Client side: channels to other newsgraph services, and per-call deadlines.
#ifndef NEWSGRAPH_COMMON_RPC_CHANNEL_H_
#define NEWSGRAPH_COMMON_RPC_CHANNEL_H_

#include <grpcpp/channel.h>
#include <grpcpp/client_context.h>
#include <grpcpp/security/credentials.h>

#include <memory>
#include <string>

#include "absl/time/time.h"

namespace newsgraph::rpc {

// A plaintext channel to `target` ("host:port" or any gRPC target URI) that accepts messages up
// to `max_message_bytes` and spreads calls round-robin over every address the name resolves to
// (scaled replicas). Never fails: connection errors surface as UNAVAILABLE on calls.
std::shared_ptr<grpc::Channel> MakeChannel(const std::string& target,
                                           int max_message_bytes = 16 << 20);

struct ChannelOptions {
  int max_message_bytes = 16 << 20;
  // Null: plaintext. See security.h MakeChannelCredentials.
  std::shared_ptr<grpc::ChannelCredentials> credentials;
  // With TLS: the name the server certificate must carry, when it is not the target's host.
  std::string server_name_override;
  // gRPC service config (JSON), e.g. a retry policy; empty: none. Calls are spread round-robin
  // over the resolved addresses either way.
  std::string service_config_json;
};

// A channel to `target` with `options`. Never fails: connection errors (and a service config
// gRPC cannot parse) surface as UNAVAILABLE on calls.
std::shared_ptr<grpc::Channel> MakeChannel(const std::string& target,
                                           const ChannelOptions& options);

// Sets a deadline `timeout` from now on `context`.
void SetTimeout(grpc::ClientContext* context, absl::Duration timeout);

}  // namespace newsgraph::rpc

#endif  // NEWSGRAPH_COMMON_RPC_CHANNEL_H_
