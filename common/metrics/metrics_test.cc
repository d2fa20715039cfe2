#include "common/metrics/metrics.h"

#include <string>
#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace newsgraph::metrics {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(MetricsTest, CounterFamilyRendersHelpTypeAndSortedSeries) {
  Registry registry;
  auto family = registry.AddCounter("newsgraph_test_requests_total", "Requests \"served\".\nTwo",
                                    {"method", "code"});
  ASSERT_TRUE(family.ok()) << family.status();
  (*family)->WithLabels({"Search", "OK"}).Increment(3);
  (*family)->WithLabels({"Ingest", "INVALID_ARGUMENT"}).Increment();
  (*family)->WithLabels({"Search", "OK"}).Increment();
  EXPECT_EQ(registry.Render(),
            "# HELP newsgraph_test_requests_total Requests \"served\".\\nTwo\n"
            "# TYPE newsgraph_test_requests_total counter\n"
            "newsgraph_test_requests_total{method=\"Ingest\",code=\"INVALID_ARGUMENT\"} 1\n"
            "newsgraph_test_requests_total{method=\"Search\",code=\"OK\"} 4\n");
}

TEST(MetricsTest, LabelValuesAreEscaped) {
  Registry registry;
  auto family = registry.AddGauge("g", "h", {"path"});
  ASSERT_TRUE(family.ok());
  (*family)->WithLabels({"C:\\dir \"x\"\nnext"}).Set(1.5);
  EXPECT_THAT(registry.Render(), HasSubstr("g{path=\"C:\\\\dir \\\"x\\\"\\nnext\"} 1.5\n"));
}

TEST(MetricsTest, HistogramRendersCumulativeBucketsSumAndCount) {
  Registry registry;
  auto family = registry.AddHistogram("lat_seconds", "Latency.", {"method"}, {0.01, 0.1, 1});
  ASSERT_TRUE(family.ok()) << family.status();
  Histogram& histogram = (*family)->WithLabels({"Get"});
  histogram.Observe(0.005);
  histogram.Observe(0.01);  // le is inclusive
  histogram.Observe(0.5);
  histogram.Observe(7);
  EXPECT_EQ(registry.Render(),
            "# HELP lat_seconds Latency.\n"
            "# TYPE lat_seconds histogram\n"
            "lat_seconds_bucket{method=\"Get\",le=\"0.01\"} 2\n"
            "lat_seconds_bucket{method=\"Get\",le=\"0.1\"} 2\n"
            "lat_seconds_bucket{method=\"Get\",le=\"1\"} 3\n"
            "lat_seconds_bucket{method=\"Get\",le=\"+Inf\"} 4\n"
            "lat_seconds_sum{method=\"Get\"} 7.515\n"
            "lat_seconds_count{method=\"Get\"} 4\n");
}

TEST(MetricsTest, UnlabelledHistogramHasOnlyLe) {
  Registry registry;
  auto family = registry.AddHistogram("h", "x", {}, {1});
  ASSERT_TRUE(family.ok());
  (*family)->WithLabels({}).Observe(2);
  std::string text = registry.Render();
  EXPECT_THAT(text,
              HasSubstr("h_bucket{le=\"1\"} 0\nh_bucket{le=\"+Inf\"} 1\nh_sum 2\nh_count 1\n"));
}

TEST(MetricsTest, FamiliesAreRenderedByName) {
  Registry registry;
  ASSERT_TRUE(registry.AddGauge("zeta", "z").ok());
  ASSERT_TRUE(registry.AddCounter("alpha", "a").ok());
  std::string text = registry.Render();
  EXPECT_LT(text.find("alpha"), text.find("zeta"));
  // A family without series still says what it is.
  EXPECT_THAT(text, HasSubstr("# TYPE zeta gauge\n"));
}

TEST(MetricsTest, CallbacksAreEvaluatedOnEveryRender) {
  Registry registry;
  int calls = 0;
  ASSERT_TRUE(
      registry.AddCallback("documents", "Docs.", "gauge", [&] { return ++calls * 10.0; }).ok());
  EXPECT_THAT(registry.Render(), HasSubstr("# TYPE documents gauge\ndocuments 10\n"));
  EXPECT_THAT(registry.Render(), HasSubstr("documents 20\n"));
  // Registering again re-points the callback instead of failing.
  ASSERT_TRUE(registry.AddCallback("documents", "Docs.", "gauge", [] { return 7.0; }).ok());
  EXPECT_THAT(registry.Render(), HasSubstr("documents 7\n"));
  EXPECT_EQ(registry.AddCallback("x", "y", "summary", [] { return 1.0; }).code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(MetricsTest, SameRegistrationReturnsSameFamilyOtherwiseAlreadyExists) {
  Registry registry;
  auto first = registry.AddCounter("c_total", "c", {"a"});
  auto again = registry.AddCounter("c_total", "c", {"a"});
  ASSERT_TRUE(first.ok() && again.ok());
  EXPECT_EQ(*first, *again);
  EXPECT_EQ(registry.AddCounter("c_total", "c", {"b"}).status().code(),
            absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(registry.AddGauge("c_total", "c", {"a"}).status().code(),
            absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(registry.AddCallback("c_total", "c", "counter", [] { return 1.0; }).code(),
            absl::StatusCode::kAlreadyExists);
}

TEST(MetricsTest, RejectsBadNamesAndBuckets) {
  Registry registry;
  EXPECT_EQ(registry.AddCounter("bad-name", "x").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(registry.AddCounter("ok", "x", {"le"}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(registry.AddGauge("ok2", "x", {"bad label"}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(registry.AddHistogram("h", "x", {}, {1, 0.5}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(registry.AddHistogram("h", "x", {}, {}).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(registry.Render(), Not(HasSubstr("bad")));
}

TEST(MetricsTest, WrongNumberOfLabelValuesIsPaddedOrCut) {
  Registry registry;
  auto family = registry.AddCounter("c", "c", {"a", "b"});
  ASSERT_TRUE(family.ok());
  (*family)->WithLabels({"x"}).Increment();
  (*family)->WithLabels({"x", "y", "z"}).Increment();
  std::string text = registry.Render();
  EXPECT_THAT(text, HasSubstr("c{a=\"x\",b=\"\"} 1\n"));
  EXPECT_THAT(text, HasSubstr("c{a=\"x\",b=\"y\"} 1\n"));
}

TEST(MetricsTest, ConcurrentUpdatesAreAllCounted) {
  Registry registry;
  auto counters = registry.AddCounter("n_total", "n", {"k"});
  auto histograms = registry.AddHistogram("d", "d", {"k"}, LatencyBuckets());
  ASSERT_TRUE(counters.ok() && histograms.ok());
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 10000; ++i) {
        std::string key = (i % 2 == 0) ? "even" : "odd";
        (*counters)->WithLabels({key}).Increment();
        (*histograms)->WithLabels({key}).Observe(0.001 * t);
      }
    });
  }
  std::string during = registry.Render();  // rendering concurrently must be safe
  for (auto& thread : threads) thread.join();
  EXPECT_EQ((*counters)->WithLabels({"even"}).value(), 20000u);
  EXPECT_EQ((*counters)->WithLabels({"odd"}).value(), 20000u);
  EXPECT_EQ((*histograms)->WithLabels({"odd"}).Read().count(), 20000u);
  EXPECT_THAT(registry.Render(), HasSubstr("d_count{k=\"even\"} 20000\n"));
}

TEST(MetricsTest, GaugeGoesUpAndDown) {
  Gauge gauge;
  gauge.Add(2);
  gauge.Add(-0.5);
  EXPECT_DOUBLE_EQ(gauge.value(), 1.5);
  gauge.Set(-4);
  EXPECT_DOUBLE_EQ(gauge.value(), -4);
}

}  // namespace
}  // namespace newsgraph::metrics
