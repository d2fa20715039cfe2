#include "bench/latency.h"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace newsgraph::bench {

double Percentile(const std::vector<double>& sorted_ms, double percentile) {
  if (sorted_ms.empty()) return 0;
  // Nearest rank: the smallest sample with at least p% of the samples at or below it.
  auto rank = static_cast<size_t>(std::ceil(percentile / 100.0 * sorted_ms.size()));
  rank = std::clamp<size_t>(rank, 1, sorted_ms.size());
  return sorted_ms[rank - 1];
}

LatencySummary LatencyRecorder::Summarize() const {
  LatencySummary summary;
  if (samples_ms_.empty()) return summary;
  std::vector<double> sorted = samples_ms_;
  std::sort(sorted.begin(), sorted.end());
  summary.count = static_cast<int64_t>(sorted.size());
  summary.p50_ms = Percentile(sorted, 50);
  summary.p95_ms = Percentile(sorted, 95);
  summary.p99_ms = Percentile(sorted, 99);
  summary.max_ms = sorted.back();
  summary.mean_ms = std::accumulate(sorted.begin(), sorted.end(), 0.0) / sorted.size();
  return summary;
}

}  // namespace newsgraph::bench
