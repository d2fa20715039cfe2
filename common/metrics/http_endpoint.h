// The metrics HTTP endpoint: GET /metrics (a Registry in the Prometheus text format) and
// GET /healthz, on a port of its own so scrapers never compete with gRPC clients.
#ifndef NEWSGRAPH_COMMON_METRICS_HTTP_ENDPOINT_H_
#define NEWSGRAPH_COMMON_METRICS_HTTP_ENDPOINT_H_

#include <functional>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "common/metrics/metrics.h"

namespace newsgraph::metrics {

struct HttpEndpointOptions {
  // Interface to bind ("127.0.0.1", "0.0.0.0", "::").
  std::string host = "127.0.0.1";
  // 0 picks a free port (see HttpEndpoint::port()).
  int port = 0;
  // Rendered on every GET /metrics; must outlive the endpoint. Null: Registry::Default().
  const Registry* registry = nullptr;
  // GET /healthz answers 200 "ok" while this returns true, 503 "unavailable" otherwise (e.g.
  // while the server drains). Unset: always 200.
  std::function<bool()> healthy;
};

class HttpEndpoint {
 public:
  // Binds host:port and serves on a background thread. Returns the running endpoint;
  // InvalidArgument when the port is out of 0..65535; Unavailable, naming the address, when it
  // cannot be bound (the port is taken, or the host is not a local address). Unlike gRPC's
  // default, the port is never shared (no SO_REUSEPORT): a second process fails instead of
  // silently getting half of the scrapes.
  static absl::StatusOr<std::unique_ptr<HttpEndpoint>> Start(const HttpEndpointOptions& options);

  // Stops serving and joins the thread.
  ~HttpEndpoint();
  HttpEndpoint(const HttpEndpoint&) = delete;
  HttpEndpoint& operator=(const HttpEndpoint&) = delete;

  // The port actually bound.
  int port() const { return port_; }
  // "http://host:port/metrics", for log lines.
  std::string url() const;

 private:
  struct Impl;
  explicit HttpEndpoint(std::unique_ptr<Impl> impl, std::string host, int port);

  std::unique_ptr<Impl> impl_;
  std::string host_;
  int port_;
};

// The host part of a gRPC listen address: "0.0.0.0:50051" → "0.0.0.0", "[::]:50051" → "::",
// "localhost:1" → "localhost"; the whole string when it has no port.
std::string HostOfAddress(const std::string& address);

}  // namespace newsgraph::metrics

#endif  // NEWSGRAPH_COMMON_METRICS_HTTP_ENDPOINT_H_
