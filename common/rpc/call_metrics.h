// A server interceptor that records, for every call (health checks included: they are real
// traffic, and counting them all keeps the numbers consistent with what clients see):
//   newsgraph_rpc_requests_total{service,method,code}            counter
//   newsgraph_rpc_latency_seconds{service,method,code}           histogram (LatencyBuckets)
//   newsgraph_rpc_in_flight_requests{service,method}             gauge (calls not finished yet)
// Method names outside the protos compiled into the binary are recorded as service="unknown",
// method="unknown", so a client probing random names cannot grow the label set without bound.
#ifndef NEWSGRAPH_COMMON_RPC_CALL_METRICS_H_
#define NEWSGRAPH_COMMON_RPC_CALL_METRICS_H_

#include <grpcpp/support/server_interceptor.h>

#include <array>
#include <atomic>
#include <map>
#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "common/metrics/metrics.h"

namespace newsgraph::rpc {

// A gRPC method path split for labels and logs.
struct MethodName {
  std::string service;  // "newsgraph.ingest.v1.IngestService"
  std::string method;   // "Ingest"
  // True when the binary's protobuf descriptor pool (or gRPC's built-in health service) defines
  // the method; false for anything a client made up.
  bool known = false;
  // True when the method's messages are protobuf messages of the generated pool, i.e. what an
  // interceptor's GetRecvMessage points to (gRPC's health service uses raw byte buffers).
  bool protobuf_messages = false;
};

// Splits "/package.Service/Method" and looks it up (see MethodName). Unknown or malformed paths
// give service and method "unknown".
MethodName DescribeMethod(const std::string& path);

// The upper-case name of a gRPC status code ("OK", "INVALID_ARGUMENT"), "UNKNOWN_CODE" when out
// of range.
const char* StatusCodeName(grpc::StatusCode code);

class CallMetricsInterceptorFactory : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  // Registers the three families in `registry` (not owned; must outlive the factory). Returns
  // the factory; AlreadyExists when the registry holds one of the names with another type or
  // labels.
  static absl::StatusOr<std::unique_ptr<CallMetricsInterceptorFactory>> Create(
      metrics::Registry* registry);

  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override;

  // The series of one method, looked up once per method and then shared by its calls, so that a
  // call costs a few atomic operations and no label lookup.
  struct MethodSeries {
    metrics::Gauge* in_flight = nullptr;
    std::array<std::atomic<metrics::Counter*>, 17> requests{};
    std::array<std::atomic<metrics::Histogram*>, 17> latency{};
    MethodName name;
  };
  // Records a finished call of `series` with `code` and `seconds`.
  void Record(MethodSeries* series, grpc::StatusCode code, double seconds);

 private:
  CallMetricsInterceptorFactory() = default;
  MethodSeries* SeriesFor(const std::string& path);

  metrics::CounterFamily* requests_ = nullptr;
  metrics::HistogramFamily* latency_ = nullptr;
  metrics::GaugeFamily* in_flight_ = nullptr;
  absl::Mutex mutex_;
  std::map<std::string, std::unique_ptr<MethodSeries>> by_path_ ABSL_GUARDED_BY(mutex_);
  std::unique_ptr<MethodSeries> unknown_ ABSL_GUARDED_BY(mutex_);
};

}  // namespace newsgraph::rpc

#endif  // NEWSGRAPH_COMMON_RPC_CALL_METRICS_H_
