#include "common/metrics/http_endpoint.h"

#include <httplib.h>
#include <sys/socket.h>

#include <atomic>
#include <chrono>
#include <thread>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"

namespace newsgraph::metrics {

struct HttpEndpoint::Impl {
  httplib::Server server;
  std::thread thread;
  std::atomic<bool> finished{false};
};

HttpEndpoint::HttpEndpoint(std::unique_ptr<Impl> impl, std::string host, int port)
    : impl_(std::move(impl)), host_(std::move(host)), port_(port) {}

absl::StatusOr<std::unique_ptr<HttpEndpoint>> HttpEndpoint::Start(
    const HttpEndpointOptions& options) {
  if (options.port < 0 || options.port > 65535) {
    return absl::InvalidArgumentError(
        absl::StrCat("metrics_port: want 0..65535, got ", options.port));
  }
  auto impl = std::make_unique<Impl>();
  httplib::Server& server = impl->server;
  // httplib's default sets SO_REUSEPORT, which would let two processes share the port.
  server.set_socket_options([](int socket) {
    int yes = 1;
    ::setsockopt(socket, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof(yes));
  });
  // Scrapes are rare and small: two threads instead of httplib's one per core (at least eight).
  server.new_task_queue = [] { return new httplib::ThreadPool(2); };
  server.set_keep_alive_timeout(5);
  const Registry* registry = options.registry != nullptr ? options.registry : &Registry::Default();
  server.Get("/metrics", [registry](const httplib::Request&, httplib::Response& response) {
    response.set_content(registry->Render(), kTextContentType);
  });
  std::function<bool()> healthy = options.healthy;
  server.Get("/healthz", [healthy](const httplib::Request&, httplib::Response& response) {
    bool ok = !healthy || healthy();
    response.status = ok ? 200 : 503;
    response.set_content(ok ? "ok\n" : "unavailable\n", "text/plain; charset=utf-8");
  });

  int port = options.port;
  if (port == 0) {
    port = server.bind_to_any_port(options.host);
  } else if (!server.bind_to_port(options.host, port)) {
    port = -1;
  }
  if (port <= 0) {
    return absl::UnavailableError(absl::StrCat("metrics_port: cannot listen on ", options.host, ":",
                                               options.port,
                                               " (is the port in use, or the host not local?)"));
  }
  impl->thread = std::thread([impl = impl.get()] {
    impl->server.listen_after_bind();
    impl->finished.store(true);
  });
  // stop() is a no-op until the loop runs; wait for it so that destroying a just-started
  // endpoint cannot leave the thread listening forever.
  while (!impl->server.is_running() && !impl->finished.load())
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  return std::unique_ptr<HttpEndpoint>(new HttpEndpoint(std::move(impl), options.host, port));
}

HttpEndpoint::~HttpEndpoint() {
  impl_->server.stop();
  if (impl_->thread.joinable()) impl_->thread.join();
}

std::string HttpEndpoint::url() const {
  bool ipv6 = host_.find(':') != std::string::npos;
  return absl::StrCat("http://", ipv6 ? "[" : "", host_, ipv6 ? "]" : "", ":", port_, "/metrics");
}

std::string HostOfAddress(const std::string& address) {
  if (!address.empty() && address.front() == '[') {
    size_t close = address.find(']');
    if (close != std::string::npos) return address.substr(1, close - 1);
  }
  size_t colon = address.rfind(':');
  if (colon == std::string::npos) return address;
  return address.substr(0, colon);
}

}  // namespace newsgraph::metrics
