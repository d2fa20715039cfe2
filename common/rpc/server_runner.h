// Starts a gRPC server the way every newsgraph service needs it: listening port (0 = any free
// port), grpc.health.v1 health service, server reflection, max message size, one log line per call,
// per-call Prometheus metrics (call_metrics.h) served over HTTP on a port of their own, and
// graceful shutdown on SIGTERM/SIGINT with a drain deadline.
#ifndef NEWSGRAPH_COMMON_RPC_SERVER_RUNNER_H_
#define NEWSGRAPH_COMMON_RPC_SERVER_RUNNER_H_

#include <grpcpp/server.h>
#include <grpcpp/support/config.h>

#include <atomic>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "common/metrics/http_endpoint.h"
#include "common/rpc/security.h"

namespace grpc {
class Service;
}

namespace newsgraph::rpc {

struct ServerOptions {
  // "host:port"; port 0 picks a free port (see ServerRunner::port()).
  std::string listen_address = "127.0.0.1:0";
  // Largest request or response accepted; larger ones fail with RESOURCE_EXHAUSTED.
  int max_message_bytes = 16 << 20;
  // How long in-flight calls may take to finish after a shutdown signal.
  absl::Duration drain_deadline = absl::Seconds(10);
  // When set, the bound port is written there (atomically) once the server is serving.
  std::string port_file;
  bool log_health_checks = false;
  // When non-zero, clients are asked (GOAWAY) to reconnect after a connection has lived this
  // long, with max_connection_age_grace for calls in flight. A client that balances over a DNS
  // name re-resolves on reconnect, so replicas added later (docker compose --scale) get calls.
  absl::Duration max_connection_age = absl::ZeroDuration();
  absl::Duration max_connection_age_grace = absl::Seconds(10);
  // Prometheus metrics (metrics::Registry::Default(): per-call metrics plus whatever the service
  // registered) over HTTP, GET /metrics and /healthz, on the listen address's host: -1 = no
  // endpoint (calls are still counted), 0 = any free port, else that port.
  int metrics_port = -1;
  // When set (and metrics_port >= 0), the bound metrics port is written there once serving.
  std::string metrics_port_file;
  // TLS, or mutual TLS with a client CA (security.h); all empty: plaintext.
  ServerTlsOptions tls;
  // Most calls (HTTP/2 streams) one client connection may have open at once; further calls
  // wait for one to finish, so one client cannot take every handler thread.
  int max_concurrent_streams = 100;
};

class ServerRunner {
 public:
  // Builds and starts a server with `services` (not owned; they must outlive the runner), marks
  // every service SERVING in the health service, and installs SIGTERM/SIGINT handlers that make
  // Wait() return. Returns Unavailable when the address cannot be bound, InvalidArgument when it
  // is malformed or the TLS options are inconsistent, NotFound when a TLS file cannot be read,
  // Internal when the port file cannot be written; Unavailable (naming the port) when the metrics
  // port cannot be bound, so a taken port stops the process instead of leaving it unobservable.
  static absl::StatusOr<std::unique_ptr<ServerRunner>> Start(const ServerOptions& options,
                                                             std::vector<grpc::Service*> services);

  ~ServerRunner();

  // The port actually bound.
  int port() const { return port_; }
  // The metrics endpoint, or null when metrics_port is -1.
  const metrics::HttpEndpoint* metrics_endpoint() const { return metrics_.get(); }

  // Blocks until SIGTERM/SIGINT arrives or RequestShutdown() is called, then marks the health
  // service NOT_SERVING, lets in-flight calls finish for up to drain_deadline (cancelling the
  // rest) and stops the server. Returns once the server is stopped.
  void Wait();

  // Makes Wait() return; async-signal-safe, callable from any thread.
  void RequestShutdown();

 private:
  ServerRunner() = default;

  ServerOptions options_;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
  // False before serving and while draining: what GET /healthz reports.
  std::atomic<bool> serving_{false};
  std::unique_ptr<metrics::HttpEndpoint> metrics_;
  int wake_pipe_[2] = {-1, -1};
};

// The tail of every service's main(): starts the server, logs "serving on port N; <what>" and
// "metrics on <url>" when there is a metrics endpoint, waits for SIGTERM/SIGINT and drains.
// Returns the process exit code: EXIT_FAILURE (after logging why) when the server cannot start
// (a taken gRPC or metrics port included), EXIT_SUCCESS after a clean stop.
int ServeUntilShutdown(const ServerOptions& options, std::vector<grpc::Service*> services,
                       const std::string& what);

}  // namespace newsgraph::rpc

#endif  // NEWSGRAPH_COMMON_RPC_SERVER_RUNNER_H_
