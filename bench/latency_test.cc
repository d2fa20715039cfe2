#include "bench/latency.h"

#include "gtest/gtest.h"

namespace newsgraph::bench {
namespace {

TEST(LatencyTest, NearestRankPercentiles) {
  LatencyRecorder recorder;
  // 1..100 ms in a scrambled order: the summary must sort them itself.
  for (int i = 0; i < 100; ++i) recorder.Add(absl::Milliseconds((i * 37) % 100 + 1));
  LatencySummary summary = recorder.Summarize();
  EXPECT_EQ(summary.count, 100);
  EXPECT_DOUBLE_EQ(summary.p50_ms, 50);
  EXPECT_DOUBLE_EQ(summary.p95_ms, 95);
  EXPECT_DOUBLE_EQ(summary.p99_ms, 99);
  EXPECT_DOUBLE_EQ(summary.max_ms, 100);
  EXPECT_DOUBLE_EQ(summary.mean_ms, 50.5);
}

TEST(LatencyTest, SmallAndEmptySamples) {
  EXPECT_EQ(LatencyRecorder().Summarize().count, 0);
  EXPECT_DOUBLE_EQ(Percentile({}, 99), 0);
  EXPECT_DOUBLE_EQ(Percentile({3.0}, 1), 3.0);
  EXPECT_DOUBLE_EQ(Percentile({1.0, 2.0}, 50), 1.0);
  EXPECT_DOUBLE_EQ(Percentile({1.0, 2.0}, 51), 2.0);
}

}  // namespace
}  // namespace newsgraph::bench
