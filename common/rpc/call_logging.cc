#include "common/rpc/call_logging.h"

#include <google/protobuf/message_lite.h>
#include <grpcpp/server_context.h>

#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/base/log.h"
#include "common/rpc/call_metrics.h"

namespace newsgraph::rpc {
namespace {

using grpc::experimental::InterceptionHookPoints;

class CallLoggingInterceptor : public grpc::experimental::Interceptor {
 public:
  CallLoggingInterceptor(grpc::experimental::ServerRpcInfo* info, bool count_bytes)
      : info_(info), count_bytes_(count_bytes), start_(absl::Now()) {}

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (count_bytes_ &&
        methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_MESSAGE)) {
      // For a generated protobuf service the received message is the request type, a
      // MessageLite; null when the receive failed (end of a stream).
      void* message = methods->GetRecvMessage();
      if (message != nullptr) {
        request_bytes_ += static_cast<google::protobuf::MessageLite*>(message)->ByteSizeLong();
      }
    }
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
      LogCall(methods->GetSendStatus());
    }
    methods->Proceed();
  }

 private:
  void LogCall(const grpc::Status& status) {
    double millis = absl::ToDoubleMilliseconds(absl::Now() - start_);
    base::LogLevel level = status.ok() ? base::LogLevel::kInfo : base::LogLevel::kWarning;
    const char* code = StatusCodeName(status.error_code());
    std::string peer = info_->server_context()->peer();
    if (base::GetLogFormat() == base::LogFormat::kJson) {
      std::vector<base::LogField> fields = {
          {"method", info_->method()}, {"code", code}, {"latency_ms", millis}, {"peer", peer}};
      if (count_bytes_) fields.emplace_back("request_bytes", request_bytes_);
      if (!status.ok()) fields.emplace_back("error", status.error_message());
      base::Log(level, "call", fields);
      return;
    }
    std::string line =
        absl::StrFormat("call %s %s %.2fms peer=%s", info_->method(), code, millis, peer);
    if (!status.ok()) absl::StrAppend(&line, " msg=\"", status.error_message(), "\"");
    base::Log(level, line);
  }

  grpc::experimental::ServerRpcInfo* info_;
  bool count_bytes_;
  absl::Time start_;
  uint64_t request_bytes_ = 0;
};

}  // namespace

grpc::experimental::Interceptor* CallLoggingInterceptorFactory::CreateServerInterceptor(
    grpc::experimental::ServerRpcInfo* info) {
  if (!log_health_checks_ && absl::StartsWith(info->method(), "/grpc.health.v1.Health/")) {
    return nullptr;
  }
  // Only methods whose received messages are known to be protobuf messages are measured.
  bool count_bytes = base::GetLogFormat() == base::LogFormat::kJson &&
                     DescribeMethod(info->method()).protobuf_messages;
  return new CallLoggingInterceptor(info, count_bytes);
}

}  // namespace newsgraph::rpc
