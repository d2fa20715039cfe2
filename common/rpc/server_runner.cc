#include "common/rpc/server_runner.h"

#include <fcntl.h>
#include <grpcpp/ext/proto_server_reflection_plugin.h>
#include <grpcpp/health_check_service_interface.h>
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server_builder.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/base/log.h"
#include "common/rpc/call_logging.h"
#include "common/rpc/call_metrics.h"

namespace newsgraph::rpc {
namespace {

// The write end of the pipe Wait() sleeps on; signal handlers may only touch async-safe state.
std::atomic<int> g_signal_pipe{-1};

void OnShutdownSignal(int) {
  int fd = g_signal_pipe.load();
  if (fd >= 0) {
    char byte = 's';
    ssize_t ignored = ::write(fd, &byte, 1);
    (void)ignored;
  }
}

absl::Status WritePortFile(const std::string& path, int port) {
  std::string tmp = path + ".tmp";
  {
    std::ofstream out(tmp, std::ios::trunc);
    out << port << "\n";
    if (!out.flush()) return absl::InternalError(absl::StrCat("port_file: cannot write ", tmp));
  }
  std::error_code error;
  std::filesystem::rename(tmp, path, error);
  if (error) {
    return absl::InternalError(
        absl::StrCat("port_file: cannot rename to ", path, ": ", error.message()));
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::unique_ptr<ServerRunner>> ServerRunner::Start(
    const ServerOptions& options, std::vector<grpc::Service*> services) {
  if (options.listen_address.empty() || options.listen_address.find(':') == std::string::npos) {
    return absl::InvalidArgumentError(
        absl::StrCat("listen_address: want host:port, got \"", options.listen_address, "\""));
  }
  std::unique_ptr<ServerRunner> runner(new ServerRunner());
  runner->options_ = options;

  // The metrics port is bound first: when it is taken, nothing has started serving yet.
  if (options.metrics_port >= 0) {
    metrics::HttpEndpointOptions endpoint_options;
    endpoint_options.host = metrics::HostOfAddress(options.listen_address);
    endpoint_options.port = options.metrics_port;
    ServerRunner* self = runner.get();
    endpoint_options.healthy = [self] { return self->serving_.load(); };
    auto endpoint = metrics::HttpEndpoint::Start(endpoint_options);
    if (!endpoint.ok()) return endpoint.status();
    runner->metrics_ = std::move(*endpoint);
  }
  auto call_metrics = CallMetricsInterceptorFactory::Create(&metrics::Registry::Default());
  if (!call_metrics.ok()) return call_metrics.status();

  auto credentials = MakeServerCredentials(options.tls);
  if (!credentials.ok()) return credentials.status();

  grpc::EnableDefaultHealthCheckService(true);
  grpc::reflection::InitProtoReflectionServerBuilderPlugin();
  grpc::ServerBuilder builder;
  builder.AddListeningPort(options.listen_address, *credentials, &runner->port_);
  builder.AddChannelArgument(GRPC_ARG_MAX_CONCURRENT_STREAMS,
                             std::max(1, options.max_concurrent_streams));
  // gRPC enables SO_REUSEPORT by default, which lets a second server silently share a busy port.
  builder.AddChannelArgument(GRPC_ARG_ALLOW_REUSEPORT, 0);
  if (options.max_connection_age > absl::ZeroDuration()) {
    builder.AddChannelArgument(
        GRPC_ARG_MAX_CONNECTION_AGE_MS,
        static_cast<int>(absl::ToInt64Milliseconds(options.max_connection_age)));
    builder.AddChannelArgument(
        GRPC_ARG_MAX_CONNECTION_AGE_GRACE_MS,
        static_cast<int>(absl::ToInt64Milliseconds(options.max_connection_age_grace)));
  }
  builder.SetMaxReceiveMessageSize(options.max_message_bytes);
  builder.SetMaxSendMessageSize(options.max_message_bytes);
  for (grpc::Service* service : services) builder.RegisterService(service);
  std::vector<std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>> interceptors;
  // Metrics first, so that their latency includes the logging of the call.
  interceptors.push_back(std::move(*call_metrics));
  interceptors.push_back(
      std::make_unique<CallLoggingInterceptorFactory>(options.log_health_checks));
  builder.experimental().SetInterceptorCreators(std::move(interceptors));

  runner->server_ = builder.BuildAndStart();
  if (runner->server_ == nullptr || runner->port_ == 0) {
    return absl::UnavailableError(
        absl::StrCat("listen_address: cannot listen on ", options.listen_address));
  }
  runner->server_->GetHealthCheckService()->SetServingStatus(true);
  runner->serving_.store(true);

  if (::pipe2(runner->wake_pipe_, O_CLOEXEC) != 0) {
    return absl::InternalError(absl::StrCat("pipe: errno ", errno));
  }
  g_signal_pipe.store(runner->wake_pipe_[1]);
  struct sigaction action = {};
  action.sa_handler = OnShutdownSignal;
  sigemptyset(&action.sa_mask);
  sigaction(SIGTERM, &action, nullptr);
  sigaction(SIGINT, &action, nullptr);

  // Before the gRPC port file, which callers wait for: once it exists, both do.
  if (runner->metrics_ != nullptr && !options.metrics_port_file.empty()) {
    absl::Status written = WritePortFile(options.metrics_port_file, runner->metrics_->port());
    if (!written.ok()) return written;
  }
  if (!options.port_file.empty()) {
    absl::Status written = WritePortFile(options.port_file, runner->port_);
    if (!written.ok()) return written;
  }
  return runner;
}

ServerRunner::~ServerRunner() {
  if (server_ != nullptr) {
    server_->Shutdown(std::chrono::system_clock::now());
    server_->Wait();
  }
  int expected = wake_pipe_[1];
  g_signal_pipe.compare_exchange_strong(expected, -1);
  for (int fd : wake_pipe_) {
    if (fd >= 0) ::close(fd);
  }
}

void ServerRunner::Wait() {
  char byte;
  while (::read(wake_pipe_[0], &byte, 1) < 0 && errno == EINTR) {
  }
  base::Log(base::LogLevel::kInfo, absl::StrCat("shutting down: draining calls for up to ",
                                                absl::FormatDuration(options_.drain_deadline)));
  serving_.store(false);
  server_->GetHealthCheckService()->SetServingStatus(false);
  server_->Shutdown(absl::ToChronoTime(absl::Now() + options_.drain_deadline));
  server_->Wait();
  server_.reset();
  metrics_.reset();
  base::Log(base::LogLevel::kInfo, "stopped");
}

void ServerRunner::RequestShutdown() {
  char byte = 'r';
  ssize_t ignored = ::write(wake_pipe_[1], &byte, 1);
  (void)ignored;
}

int ServeUntilShutdown(const ServerOptions& options, std::vector<grpc::Service*> services,
                       const std::string& what) {
  auto runner = ServerRunner::Start(options, std::move(services));
  if (!runner.ok()) {
    base::Log(base::LogLevel::kError, runner.status().ToString());
    return EXIT_FAILURE;
  }
  base::Log(base::LogLevel::kInfo,
            absl::StrCat("serving on port ", (*runner)->port(),
                         options.tls.cert_file.empty()        ? " (plaintext)"
                         : options.tls.client_ca_file.empty() ? " (TLS)"
                                                              : " (mutual TLS)",
                         "; ", what));
  if (const metrics::HttpEndpoint* endpoint = (*runner)->metrics_endpoint()) {
    base::Log(base::LogLevel::kInfo, absl::StrCat("metrics on ", endpoint->url()));
  }
  (*runner)->Wait();
  return EXIT_SUCCESS;
}

}  // namespace newsgraph::rpc
