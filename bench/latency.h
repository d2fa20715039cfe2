// Latency samples of one kind of call and their summary (percentiles by nearest rank).
#ifndef NEWSGRAPH_BENCH_LATENCY_H_
#define NEWSGRAPH_BENCH_LATENCY_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/time/time.h"

namespace newsgraph::bench {

struct LatencySummary {
  int64_t count = 0;  // successful calls
  double p50_ms = 0, p95_ms = 0, p99_ms = 0, max_ms = 0, mean_ms = 0;
};

class LatencyRecorder {
 public:
  // Adds one sample. Not thread-safe: callers serialize.
  void Add(absl::Duration latency) { samples_ms_.push_back(absl::ToDoubleMilliseconds(latency)); }

  // The summary of every sample so far; all zeros when there is none.
  LatencySummary Summarize() const;

 private:
  std::vector<double> samples_ms_;
};

// The nearest-rank `percentile` (0 < p <= 100) of `sorted_ms` (ascending); 0 when it is empty.
double Percentile(const std::vector<double>& sorted_ms, double percentile);

}  // namespace newsgraph::bench

#endif  // NEWSGRAPH_BENCH_LATENCY_H_
