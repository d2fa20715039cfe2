#include "common/rpc/call_metrics.h"

#include <google/protobuf/descriptor.h>

#include <chrono>
#include <iterator>

namespace newsgraph::rpc {
namespace {

using grpc::experimental::InterceptionHookPoints;

constexpr const char* kCodeNames[] = {
    "OK",        "CANCELLED",      "UNKNOWN",           "INVALID_ARGUMENT",   "DEADLINE_EXCEEDED",
    "NOT_FOUND", "ALREADY_EXISTS", "PERMISSION_DENIED", "RESOURCE_EXHAUSTED", "FAILED_PRECONDITION",
    "ABORTED",   "OUT_OF_RANGE",   "UNIMPLEMENTED",     "INTERNAL",           "UNAVAILABLE",
    "DATA_LOSS", "UNAUTHENTICATED"};
constexpr char kHealthService[] = "grpc.health.v1.Health";

class CallMetricsInterceptor : public grpc::experimental::Interceptor {
 public:
  CallMetricsInterceptor(CallMetricsInterceptorFactory* factory,
                         CallMetricsInterceptorFactory::MethodSeries* series)
      : factory_(factory), series_(series), start_(std::chrono::steady_clock::now()) {
    series_->in_flight->Add(1);
  }

  // A call that ends without sending a status (the client went away) is counted as CANCELLED,
  // so that requests_total still adds up.
  ~CallMetricsInterceptor() override {
    if (!recorded_) factory_->Record(series_, grpc::StatusCode::CANCELLED, Elapsed());
    series_->in_flight->Add(-1);
  }

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(InterceptionHookPoints::PRE_SEND_STATUS)) {
      factory_->Record(series_, methods->GetSendStatus().error_code(), Elapsed());
      recorded_ = true;
    }
    methods->Proceed();
  }

 private:
  double Elapsed() const {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  }

  CallMetricsInterceptorFactory* factory_;
  CallMetricsInterceptorFactory::MethodSeries* series_;
  std::chrono::steady_clock::time_point start_;
  bool recorded_ = false;
};

}  // namespace

const char* StatusCodeName(grpc::StatusCode code) {
  int index = static_cast<int>(code);
  return index >= 0 && index < static_cast<int>(std::size(kCodeNames)) ? kCodeNames[index]
                                                                       : "UNKNOWN_CODE";
}

MethodName DescribeMethod(const std::string& path) {
  MethodName name;
  name.service = "unknown";
  name.method = "unknown";
  size_t slash = path.find('/', 1);
  if (path.size() < 4 || path[0] != '/' || slash == std::string::npos || slash + 1 >= path.size())
    return name;
  std::string service = path.substr(1, slash - 1);
  std::string method = path.substr(slash + 1);
  if (service == kHealthService && (method == "Check" || method == "Watch")) {
    name.service = service;
    name.method = method;
    name.known = true;
    return name;
  }
  const google::protobuf::ServiceDescriptor* descriptor =
      google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(service);
  if (descriptor == nullptr || descriptor->FindMethodByName(method) == nullptr) return name;
  name.service = std::move(service);
  name.method = std::move(method);
  name.known = true;
  name.protobuf_messages = true;
  return name;
}

absl::StatusOr<std::unique_ptr<CallMetricsInterceptorFactory>>
CallMetricsInterceptorFactory::Create(metrics::Registry* registry) {
  std::unique_ptr<CallMetricsInterceptorFactory> factory(new CallMetricsInterceptorFactory());
  auto requests = registry->AddCounter("newsgraph_rpc_requests_total",
                                       "gRPC calls finished, by method and status code.",
                                       {"service", "method", "code"});
  if (!requests.ok()) return requests.status();
  auto latency = registry->AddHistogram(
      "newsgraph_rpc_latency_seconds",
      "Time from the start of a gRPC call to its status being sent (whole stream for streaming "
      "calls), by method and status code.",
      {"service", "method", "code"}, metrics::LatencyBuckets());
  if (!latency.ok()) return latency.status();
  auto in_flight = registry->AddGauge("newsgraph_rpc_in_flight_requests",
                                      "gRPC calls started and not finished yet, by method.",
                                      {"service", "method"});
  if (!in_flight.ok()) return in_flight.status();
  factory->requests_ = *requests;
  factory->latency_ = *latency;
  factory->in_flight_ = *in_flight;
  return factory;
}

CallMetricsInterceptorFactory::MethodSeries* CallMetricsInterceptorFactory::SeriesFor(
    const std::string& path) {
  {
    absl::ReaderMutexLock lock(&mutex_);
    auto it = by_path_.find(path);
    if (it != by_path_.end()) return it->second.get();
  }
  MethodName name = DescribeMethod(path);
  absl::MutexLock lock(&mutex_);
  std::unique_ptr<MethodSeries>& slot = name.known ? by_path_[path] : unknown_;
  if (slot == nullptr) {
    slot = std::make_unique<MethodSeries>();
    slot->in_flight = &in_flight_->WithLabels({name.service, name.method});
    slot->name = std::move(name);
  }
  return slot.get();
}

void CallMetricsInterceptorFactory::Record(MethodSeries* series, grpc::StatusCode code,
                                           double seconds) {
  int index = static_cast<int>(code);
  if (index < 0 || index >= static_cast<int>(series->requests.size())) {
    index = static_cast<int>(grpc::StatusCode::UNKNOWN);
  }
  metrics::Counter* counter = series->requests[index].load(std::memory_order_acquire);
  metrics::Histogram* histogram = series->latency[index].load(std::memory_order_acquire);
  if (counter == nullptr || histogram == nullptr) {
    // First call with this code: the families' own lookup is idempotent, so racing threads
    // store the same pointers.
    metrics::LabelValues labels = {series->name.service, series->name.method, kCodeNames[index]};
    counter = &requests_->WithLabels(labels);
    histogram = &latency_->WithLabels(labels);
    series->requests[index].store(counter, std::memory_order_release);
    series->latency[index].store(histogram, std::memory_order_release);
  }
  counter->Increment();
  histogram->Observe(seconds);
}

grpc::experimental::Interceptor* CallMetricsInterceptorFactory::CreateServerInterceptor(
    grpc::experimental::ServerRpcInfo* info) {
  return new CallMetricsInterceptor(this, SeriesFor(info->method()));
}

}  // namespace newsgraph::rpc
