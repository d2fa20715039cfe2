// Prometheus metrics: counters, gauges and histograms in families with labels, collected in a
// Registry that renders the text exposition format (version 0.0.4) served on GET /metrics.
//
// The hot path (Increment / Set / Observe on a metric already looked up) is a few relaxed atomic
// operations; looking a labelled series up takes a shared (reader) lock, and only the first use of
// a label combination takes the family's lock exclusively. Metrics are never removed, so a
// reference returned by WithLabels stays valid for the family's lifetime.
#ifndef NEWSGRAPH_COMMON_METRICS_METRICS_H_
#define NEWSGRAPH_COMMON_METRICS_METRICS_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"

namespace newsgraph::metrics {

// Label values, in the order of the family's label names.
using LabelValues = std::vector<std::string>;

// Upper bounds, in seconds, of the latency histograms of every service: 0.5 ms to 10 s, dense
// where RPCs usually land (a few ms) and wide enough for a slow extract call or a stream.
const std::vector<double>& LatencyBuckets();

// A monotonically increasing count.
class Counter {
 public:
  void Increment(uint64_t n = 1) { value_.fetch_add(n, std::memory_order_relaxed); }
  uint64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<uint64_t> value_{0};
};

// A value that goes up and down.
class Gauge {
 public:
  void Set(double value) { value_.store(value, std::memory_order_relaxed); }
  void Add(double delta) { value_.fetch_add(delta, std::memory_order_relaxed); }
  double value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0};
};

// Counts observations into fixed buckets (cumulative on rendering) with their sum.
class Histogram {
 public:
  // `bounds` are the buckets' upper bounds, ascending; they must outlive the histogram.
  explicit Histogram(const std::vector<double>* bounds);

  // Adds `value` to the first bucket whose bound is >= value (or to +Inf) and to the sum.
  void Observe(double value);

  struct Snapshot {
    // Cumulative counts, one per bound, then the +Inf bucket (== count).
    std::vector<uint64_t> cumulative;
    double sum = 0;
    uint64_t count() const { return cumulative.empty() ? 0 : cumulative.back(); }
  };
  // Reads the buckets. Observations running concurrently may be missing from the sum but never
  // make the buckets disagree with the count.
  Snapshot Read() const;
  const std::vector<double>& bounds() const { return *bounds_; }

 private:
  const std::vector<double>* bounds_;
  std::unique_ptr<std::atomic<uint64_t>[]> buckets_;  // bounds_->size() + 1, the last is +Inf
  std::atomic<double> sum_{0};
};

// What every family renders; the Registry owns them.
class Family {
 public:
  Family(std::string name, std::string help, std::vector<std::string> label_names)
      : name_(std::move(name)), help_(std::move(help)), label_names_(std::move(label_names)) {}
  virtual ~Family() = default;

  // "counter", "gauge" or "histogram": the TYPE line, and how a registration is matched.
  virtual const char* type() const = 0;
  // Appends the HELP and TYPE lines and one sample line per series to `out`.
  virtual void Render(std::string* out) const = 0;

  const std::string& name() const { return name_; }
  const std::vector<std::string>& label_names() const { return label_names_; }

 protected:
  // `values` padded with empty strings or cut to the number of label names, so that a caller's
  // mistake yields a visible series instead of undefined behaviour.
  LabelValues Normalize(const LabelValues& values) const;
  void RenderHeader(std::string* out) const;

  const std::string name_;
  const std::string help_;
  const std::vector<std::string> label_names_;
};

// A family of metrics of type T, one per label combination, created on first use.
template <typename T>
class SeriesFamily : public Family {
 public:
  using Family::Family;

  // The series of `values` (see Normalize), created at zero on first use. Thread-safe.
  T& WithLabels(const LabelValues& values) {
    LabelValues key = Normalize(values);
    {
      absl::ReaderMutexLock lock(&mutex_);
      auto it = series_.find(key);
      if (it != series_.end()) return *it->second;
    }
    absl::MutexLock lock(&mutex_);
    std::unique_ptr<T>& slot = series_[key];
    if (slot == nullptr) slot = NewSeries();
    return *slot;
  }

 protected:
  virtual std::unique_ptr<T> NewSeries() const = 0;

  mutable absl::Mutex mutex_;
  // Ordered, so that /metrics lists series in a stable order.
  std::map<LabelValues, std::unique_ptr<T>> series_ ABSL_GUARDED_BY(mutex_);
};

class CounterFamily final : public SeriesFamily<Counter> {
 public:
  using SeriesFamily::SeriesFamily;
  const char* type() const override { return "counter"; }
  void Render(std::string* out) const override;

 private:
  std::unique_ptr<Counter> NewSeries() const override { return std::make_unique<Counter>(); }
};

class GaugeFamily final : public SeriesFamily<Gauge> {
 public:
  using SeriesFamily::SeriesFamily;
  const char* type() const override { return "gauge"; }
  void Render(std::string* out) const override;

 private:
  std::unique_ptr<Gauge> NewSeries() const override { return std::make_unique<Gauge>(); }
};

class HistogramFamily final : public SeriesFamily<Histogram> {
 public:
  HistogramFamily(std::string name, std::string help, std::vector<std::string> label_names,
                  std::vector<double> bounds)
      : SeriesFamily(std::move(name), std::move(help), std::move(label_names)),
        bounds_(std::move(bounds)) {}
  const char* type() const override { return "histogram"; }
  void Render(std::string* out) const override;
  const std::vector<double>& bounds() const { return bounds_; }

 private:
  std::unique_ptr<Histogram> NewSeries() const override {
    return std::make_unique<Histogram>(&bounds_);
  }
  const std::vector<double> bounds_;
};

// A single unlabelled value computed by a callback on every rendering (a scrape), for values
// another component already keeps (documents stored, entities known).
class CallbackFamily final : public Family {
 public:
  CallbackFamily(std::string name, std::string help, const char* type,
                 std::function<double()> callback)
      : Family(std::move(name), std::move(help), {}), type_(type), callback_(std::move(callback)) {}
  const char* type() const override { return type_; }
  void Render(std::string* out) const override;
  // Replaces the callback (a restarted component in the same process). Thread-safe.
  void SetCallback(std::function<double()> callback);

 private:
  const char* type_;
  mutable absl::Mutex mutex_;
  std::function<double()> callback_ ABSL_GUARDED_BY(mutex_);
};

// One callback metric for Registry::AddCallbacks.
struct CallbackMetric {
  std::string name;
  std::string help;
  std::string type;  // "gauge" or "counter"
  std::function<double()> callback;
};

// The set of families one process exposes. Thread-safe.
class Registry {
 public:
  Registry() = default;
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  // The process-wide registry the servers expose; never destroyed.
  static Registry& Default();

  // Each Add* returns the family registered as `name`, creating it on the first call; a later
  // call with the same name, kind and label names returns the same family (so several servers in
  // one process share it). InvalidArgument when `name` or a label name is not a valid Prometheus
  // name (or a label is called "le", reserved for buckets, or bounds are not ascending);
  // AlreadyExists when `name` is registered with another kind or other label names.
  absl::StatusOr<CounterFamily*> AddCounter(const std::string& name, const std::string& help,
                                            const std::vector<std::string>& label_names = {});
  absl::StatusOr<GaugeFamily*> AddGauge(const std::string& name, const std::string& help,
                                        const std::vector<std::string>& label_names = {});
  absl::StatusOr<HistogramFamily*> AddHistogram(const std::string& name, const std::string& help,
                                                const std::vector<std::string>& label_names,
                                                const std::vector<double>& bounds);
  // Registers (or, when a callback family of that name and type exists, re-points) an unlabelled
  // gauge or counter (`type` "gauge" or "counter") whose value `callback` computes on every
  // rendering; the callback must stay callable until the registry stops being rendered. Errors as
  // for the Add* functions, and InvalidArgument for another type.
  absl::Status AddCallback(const std::string& name, const std::string& help,
                           const std::string& type, std::function<double()> callback);

  // AddCallback for each of `metrics`; stops at and returns the first error.
  absl::Status AddCallbacks(std::vector<CallbackMetric> metrics);

  // Every family, sorted by name, in the Prometheus text exposition format.
  std::string Render() const;

 private:
  // The family registered as `name` if it has this kind and these labels; null when the name is
  // free; AlreadyExists otherwise.
  absl::StatusOr<Family*> Find(const std::string& name, const char* type,
                               const std::vector<std::string>& label_names) const
      ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);

  mutable absl::Mutex mutex_;
  std::map<std::string, std::unique_ptr<Family>> families_ ABSL_GUARDED_BY(mutex_);
};

// The content type of Registry::Render's output.
inline constexpr char kTextContentType[] = "text/plain; version=0.0.4; charset=utf-8";

}  // namespace newsgraph::metrics

#endif  // NEWSGRAPH_COMMON_METRICS_METRICS_H_
