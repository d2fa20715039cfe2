// A server interceptor that logs one line per call: method, status code, latency, peer, and with
// --log_format=json also the request size. Never the request or response contents.
#ifndef NEWSGRAPH_COMMON_RPC_CALL_LOGGING_H_
#define NEWSGRAPH_COMMON_RPC_CALL_LOGGING_H_

#include <grpcpp/support/server_interceptor.h>

namespace newsgraph::rpc {

class CallLoggingInterceptorFactory : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  // Health checks are polled every few seconds by orchestrators; logging them drowns real calls.
  explicit CallLoggingInterceptorFactory(bool log_health_checks)
      : log_health_checks_(log_health_checks) {}

  // Text format (base::GetLogFormat()): "call /pkg.Service/Method CODE 1.23ms peer=... msg=...".
  // JSON: {"time","level","service","msg":"call","method","code","latency_ms","peer",
  // "request_bytes" (serialized size of the messages received, for protobuf methods),
  // "error" (the status message, when not OK)}. Level warning for a failed call, else info.
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;

 private:
  bool log_health_checks_;
};

}  // namespace newsgraph::rpc

#endif  // NEWSGRAPH_COMMON_RPC_CALL_LOGGING_H_
