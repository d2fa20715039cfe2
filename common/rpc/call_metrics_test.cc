#include "common/rpc/call_metrics.h"

#include <grpcpp/client_context.h>
#include <grpcpp/completion_queue.h>
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/support/byte_buffer.h>
#include <httplib.h>

#include <fstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "common/rpc/channel.h"
#include "common/rpc/server_runner.h"
#include "common/testing/temp_dir.h"
#include "gmock/gmock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "gtest/gtest.h"

namespace newsgraph::rpc {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::string Scrape(int port, const std::string& path = "/metrics", int* status = nullptr) {
  httplib::Client client("127.0.0.1", port);
  auto response = client.Get(path.c_str());
  if (!response) return "";
  if (status != nullptr) *status = response->status;
  return response->body;
}

grpc::StatusCode CallUnknownMethod(int port) {
  grpc::GenericStub stub(MakeChannel(absl::StrCat("127.0.0.1:", port)));
  grpc::ClientContext context;
  SetTimeout(&context, absl::Seconds(5));
  grpc::CompletionQueue queue;
  grpc::ByteBuffer request, response;
  auto call = stub.PrepareUnaryCall(&context, "/made.up.Service/Probe", request, &queue);
  call->StartCall();
  grpc::Status status;
  call->Finish(&response, &status, reinterpret_cast<void*>(1));
  void* tag = nullptr;
  bool ok = false;
  queue.Next(&tag, &ok);
  return status.error_code();
}

TEST(DescribeMethodTest, KnowsCompiledInProtosAndHealth) {
  MethodName health = DescribeMethod("/grpc.health.v1.Health/Check");
  EXPECT_TRUE(health.known);
  EXPECT_FALSE(health.protobuf_messages);  // gRPC's health service reads raw bytes
  EXPECT_EQ(health.service, "grpc.health.v1.Health");
  EXPECT_EQ(health.method, "Check");
  MethodName reflection =
      DescribeMethod("/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo");
  EXPECT_TRUE(reflection.known);
  EXPECT_TRUE(reflection.protobuf_messages);
  for (const char* path : {"/made.up.Service/Probe", "/grpc.health.v1.Health/Nope", "", "/", "//",
                           "/a/", "no-slash"}) {
    MethodName name = DescribeMethod(path);
    EXPECT_FALSE(name.known) << path;
    EXPECT_EQ(name.service, "unknown") << path;
    EXPECT_EQ(name.method, "unknown") << path;
  }
}

TEST(DescribeMethodTest, CodeNames) {
  EXPECT_STREQ(StatusCodeName(grpc::StatusCode::OK), "OK");
  EXPECT_STREQ(StatusCodeName(grpc::StatusCode::UNAUTHENTICATED), "UNAUTHENTICATED");
  EXPECT_STREQ(StatusCodeName(static_cast<grpc::StatusCode>(99)), "UNKNOWN_CODE");
}

TEST(CallMetricsTest, EndpointShowsPerMethodCountsAndHistograms) {
  testing::TempDir dir;
  ServerOptions options;
  options.metrics_port = 0;
  options.metrics_port_file = dir.Sub("metrics.port");
  auto runner = ServerRunner::Start(options, {});
  ASSERT_TRUE(runner.ok()) << runner.status();
  ASSERT_NE((*runner)->metrics_endpoint(), nullptr);
  int metrics_port = (*runner)->metrics_endpoint()->port();
  std::ifstream port_file(options.metrics_port_file);
  int written = 0;
  port_file >> written;
  EXPECT_EQ(written, metrics_port);

  std::string before = Scrape(metrics_port);
  auto stub =
      grpc::health::v1::Health::NewStub(MakeChannel(absl::StrCat("127.0.0.1:", (*runner)->port())));
  for (int i = 0; i < 3; ++i) {
    grpc::ClientContext context;
    grpc::health::v1::HealthCheckResponse response;
    ASSERT_TRUE(stub->Check(&context, grpc::health::v1::HealthCheckRequest(), &response).ok());
  }
  grpc::ClientContext context;
  grpc::health::v1::HealthCheckRequest unknown_service;
  unknown_service.set_service("no.such.Service");
  grpc::health::v1::HealthCheckResponse response;
  EXPECT_EQ(stub->Check(&context, unknown_service, &response).error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(CallUnknownMethod((*runner)->port()), grpc::StatusCode::UNIMPLEMENTED);

  std::string text = Scrape(metrics_port);
  const std::string ok_labels = "service=\"grpc.health.v1.Health\",method=\"Check\",code=\"OK\"";
  // Other tests of this process may have made calls before: compare with the first scrape.
  int before_count = 0;
  size_t at = before.find("newsgraph_rpc_requests_total{" + ok_labels + "} ");
  if (at != std::string::npos) {
    before_count = std::stoi(before.substr(at + ok_labels.size() + 31));
  }
  EXPECT_THAT(text, HasSubstr(absl::StrCat("newsgraph_rpc_requests_total{", ok_labels, "} ",
                                           before_count + 3, "\n")));
  EXPECT_THAT(text, HasSubstr(absl::StrCat("newsgraph_rpc_latency_seconds_bucket{", ok_labels,
                                           ",le=\"+Inf\"} ", before_count + 3, "\n")));
  EXPECT_THAT(text, HasSubstr(absl::StrCat("newsgraph_rpc_latency_seconds_count{", ok_labels, "} ",
                                           before_count + 3, "\n")));
  EXPECT_THAT(text, HasSubstr("newsgraph_rpc_latency_seconds_bucket{service=\"grpc.health.v1."
                              "Health\",method=\"Check\",code=\"OK\",le=\"0.0005\"}"));
  EXPECT_THAT(text, HasSubstr("code=\"NOT_FOUND\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("# TYPE newsgraph_rpc_latency_seconds histogram\n"));
  EXPECT_THAT(text, HasSubstr("newsgraph_rpc_in_flight_requests{service=\"grpc.health.v1.Health\","
                              "method=\"Check\"} 0\n"));
  EXPECT_THAT(text, Not(HasSubstr("made.up")));
  // Whether gRPC runs interceptors for a method no service registered depends on its version;
  // when it does, the call is "unknown", never the client's made-up name (checked above).

  int status = 0;
  EXPECT_EQ(Scrape(metrics_port, "/healthz", &status), "ok\n");
  EXPECT_EQ(status, 200);
}

TEST(CallMetricsTest, BusyMetricsPortFailsStart) {
  ServerOptions first_options;
  first_options.metrics_port = 0;
  auto first = ServerRunner::Start(first_options, {});
  ASSERT_TRUE(first.ok()) << first.status();
  ServerOptions options;
  options.metrics_port = (*first)->metrics_endpoint()->port();
  auto second = ServerRunner::Start(options, {});
  ASSERT_EQ(second.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(second.status().message(), HasSubstr("metrics_port"));
}

TEST(CallMetricsTest, NoEndpointByDefault) {
  auto runner = ServerRunner::Start(ServerOptions(), {});
  ASSERT_TRUE(runner.ok());
  EXPECT_EQ((*runner)->metrics_endpoint(), nullptr);
}

}  // namespace
}  // namespace newsgraph::rpc
