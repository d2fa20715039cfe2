#include "common/rpc/server_runner.h"

#include <grpcpp/client_context.h>

#include <fstream>
#include <string>
#include <thread>

#include "common/rpc/channel.h"
#include "common/testing/temp_dir.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "gtest/gtest.h"

namespace newsgraph::rpc {
namespace {

using grpc::health::v1::Health;
using grpc::health::v1::HealthCheckRequest;
using grpc::health::v1::HealthCheckResponse;

grpc::Status CheckHealth(int port, HealthCheckResponse* response) {
  auto stub = Health::NewStub(MakeChannel("127.0.0.1:" + std::to_string(port)));
  grpc::ClientContext context;
  SetTimeout(&context, absl::Seconds(5));
  return stub->Check(&context, HealthCheckRequest(), response);
}

TEST(ServerRunnerTest, ServesHealthOnAFreePortAndWritesPortFile) {
  testing::TempDir dir;
  ServerOptions options;
  options.port_file = dir.Sub("port");
  auto runner = ServerRunner::Start(options, {});
  ASSERT_TRUE(runner.ok()) << runner.status();
  ASSERT_GT((*runner)->port(), 0);

  std::ifstream port_file(options.port_file);
  int written_port = 0;
  port_file >> written_port;
  EXPECT_EQ(written_port, (*runner)->port());

  HealthCheckResponse response;
  grpc::Status status = CheckHealth((*runner)->port(), &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.status(), HealthCheckResponse::SERVING);
}

TEST(ServerRunnerTest, WaitReturnsAfterShutdownRequestAndStopsServing) {
  ServerOptions options;
  options.drain_deadline = absl::Milliseconds(200);
  auto runner = ServerRunner::Start(options, {});
  ASSERT_TRUE(runner.ok()) << runner.status();
  int port = (*runner)->port();
  std::thread waiter([&] { (*runner)->Wait(); });
  (*runner)->RequestShutdown();
  waiter.join();

  HealthCheckResponse response;
  EXPECT_FALSE(CheckHealth(port, &response).ok());
}

TEST(ServerRunnerTest, RejectsMalformedAddress) {
  ServerOptions options;
  options.listen_address = "no-port-here";
  auto runner = ServerRunner::Start(options, {});
  EXPECT_EQ(runner.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(ServerRunnerTest, BusyPortIsUnavailable) {
  auto first = ServerRunner::Start(ServerOptions(), {});
  ASSERT_TRUE(first.ok());
  ServerOptions options;
  options.listen_address = "127.0.0.1:" + std::to_string((*first)->port());
  auto second = ServerRunner::Start(options, {});
  EXPECT_EQ(second.status().code(), absl::StatusCode::kUnavailable);
}

}  // namespace
}  // namespace newsgraph::rpc
