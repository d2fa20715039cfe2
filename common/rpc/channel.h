// Client side: channels to other newsgraph services, and per-call deadlines.
#ifndef NEWSGRAPH_COMMON_RPC_CHANNEL_H_
#define NEWSGRAPH_COMMON_RPC_CHANNEL_H_

#include <grpcpp/channel.h>
#include <grpcpp/client_context.h>

#include <memory>
#include <string>

#include "absl/time/time.h"

namespace newsgraph::rpc {

// A plaintext channel to `target` ("host:port" or any gRPC target URI) that accepts messages up
// to `max_message_bytes` and spreads calls round-robin over every address the name resolves to
// (scaled replicas). Never fails: connection errors surface as UNAVAILABLE on calls.
std::shared_ptr<grpc::Channel> MakeChannel(const std::string& target,
                                           int max_message_bytes = 16 << 20);

// Sets a deadline `timeout` from now on `context`.
void SetTimeout(grpc::ClientContext* context, absl::Duration timeout);

}  // namespace newsgraph::rpc

#endif  // NEWSGRAPH_COMMON_RPC_CHANNEL_H_
