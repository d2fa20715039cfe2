#include "common/rpc/call_logging.h"

#include <grpcpp/server_context.h>

#include <string>
#include <string_view>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/base/log.h"

namespace newsgraph::rpc {
namespace {

using grpc::experimental::InterceptionHookPoints;

absl::string_view CodeName(grpc::StatusCode code) {
  static constexpr absl::string_view kNames[] = {"OK",
                                                 "CANCELLED",
                                                 "UNKNOWN",
                                                 "INVALID_ARGUMENT",
                                                 "DEADLINE_EXCEEDED",
                                                 "NOT_FOUND",
                                                 "ALREADY_EXISTS",
                                                 "PERMISSION_DENIED",
                                                 "RESOURCE_EXHAUSTED",
                                                 "FAILED_PRECONDITION",
                                                 "ABORTED",
                                                 "OUT_OF_RANGE",
                                                 "UNIMPLEMENTED",
                                                 "INTERNAL",
                                                 "UNAVAILABLE",
                                                 "DATA_LOSS",
                                                 "UNAUTHENTICATED"};
  int index = static_cast<int>(code);
  return index >= 0 && index < static_cast<int>(std::size(kNames)) ? kNames[index] : "?";
}

class CallLoggingInterceptor : public grpc::experimental::Interceptor {
 public:
  explicit CallLoggingInterceptor(grpc::experimental::ServerRpcInfo* info)
      : info_(info), start_(absl::Now()) {}

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
      grpc::Status status = methods->GetSendStatus();
      double millis = absl::ToDoubleMilliseconds(absl::Now() - start_);
      std::string line =
          absl::StrFormat("call %s %s %.2fms peer=%s", info_->method(),
                          CodeName(status.error_code()), millis, info_->server_context()->peer());
      if (!status.ok()) absl::StrAppend(&line, " msg=\"", status.error_message(), "\"");
      base::Log(status.ok() ? base::LogLevel::kInfo : base::LogLevel::kWarning, line);
    }
    methods->Proceed();
  }

 private:
  grpc::experimental::ServerRpcInfo* info_;
  absl::Time start_;
};

}  // namespace

grpc::experimental::Interceptor* CallLoggingInterceptorFactory::CreateServerInterceptor(
    grpc::experimental::ServerRpcInfo* info) {
  if (!log_health_checks_ && absl::StartsWith(info->method(), "/grpc.health.v1.Health/")) {
    return nullptr;
  }
  return new CallLoggingInterceptor(info);
}

}  // namespace newsgraph::rpc
