#include "common/metrics/http_endpoint.h"

#include <httplib.h>

#include <atomic>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace newsgraph::metrics {
namespace {

using ::testing::HasSubstr;

TEST(HttpEndpointTest, ServesMetricsAndHealth) {
  Registry registry;
  auto counter = registry.AddCounter("scraped_total", "Scrapes.");
  ASSERT_TRUE(counter.ok());
  (*counter)->WithLabels({}).Increment(5);
  std::atomic<bool> healthy{true};
  HttpEndpointOptions options;
  options.registry = &registry;
  options.healthy = [&] { return healthy.load(); };
  auto endpoint = HttpEndpoint::Start(options);
  ASSERT_TRUE(endpoint.ok()) << endpoint.status();
  ASSERT_GT((*endpoint)->port(), 0);
  EXPECT_EQ((*endpoint)->url(),
            "http://127.0.0.1:" + std::to_string((*endpoint)->port()) + "/metrics");

  httplib::Client client("127.0.0.1", (*endpoint)->port());
  auto response = client.Get("/metrics");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->get_header_value("Content-Type"), kTextContentType);
  EXPECT_THAT(response->body, HasSubstr("scraped_total 5\n"));

  EXPECT_EQ(client.Get("/healthz")->status, 200);
  healthy = false;
  EXPECT_EQ(client.Get("/healthz")->status, 503);
  EXPECT_EQ(client.Get("/nothing")->status, 404);
}

TEST(HttpEndpointTest, BusyPortFailsLoudly) {
  auto first = HttpEndpoint::Start({});
  ASSERT_TRUE(first.ok()) << first.status();
  HttpEndpointOptions options;
  options.port = (*first)->port();
  auto second = HttpEndpoint::Start(options);
  ASSERT_EQ(second.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(second.status().message(), HasSubstr(std::to_string(options.port)));
}

TEST(HttpEndpointTest, RejectsPortOutOfRange) {
  HttpEndpointOptions options;
  options.port = 70000;
  EXPECT_EQ(HttpEndpoint::Start(options).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(HttpEndpointTest, StartAndImmediateStopDoesNotHang) {
  for (int i = 0; i < 5; ++i) {
    auto endpoint = HttpEndpoint::Start({});
    ASSERT_TRUE(endpoint.ok());
  }
}

TEST(HttpEndpointTest, HostOfAddress) {
  EXPECT_EQ(HostOfAddress("0.0.0.0:50051"), "0.0.0.0");
  EXPECT_EQ(HostOfAddress("[::]:50051"), "::");
  EXPECT_EQ(HostOfAddress("localhost:1"), "localhost");
  EXPECT_EQ(HostOfAddress("nohost"), "nohost");
}

}  // namespace
}  // namespace newsgraph::metrics
