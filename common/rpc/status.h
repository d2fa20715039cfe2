// The one place where absl::Status and grpc::Status are converted into each other.
#ifndef NEWSGRAPH_COMMON_RPC_STATUS_H_
#define NEWSGRAPH_COMMON_RPC_STATUS_H_

#include <grpcpp/support/status.h>

#include "absl/status/status.h"

namespace newsgraph::rpc {

// Same code (absl and gRPC share numbering) and message; OK maps to OK.
grpc::Status ToGrpcStatus(const absl::Status& status);

// Same code and message; used by clients of other services.
absl::Status FromGrpcStatus(const grpc::Status& status);

}  // namespace newsgraph::rpc

#endif  // NEWSGRAPH_COMMON_RPC_STATUS_H_
