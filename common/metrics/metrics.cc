#include "common/metrics/metrics.h"

#include <algorithm>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/metrics/text_format.h"

namespace newsgraph::metrics {

const std::vector<double>& LatencyBuckets() {
  static const auto* buckets = new std::vector<double>{
      0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
  return *buckets;
}

Histogram::Histogram(const std::vector<double>* bounds)
    : bounds_(bounds), buckets_(new std::atomic<uint64_t>[bounds->size() + 1]) {
  for (size_t i = 0; i <= bounds_->size(); ++i) buckets_[i].store(0, std::memory_order_relaxed);
}

void Histogram::Observe(double value) {
  // "le" buckets: the first bound >= value; a handful of bounds, so a binary search is enough.
  size_t index = std::lower_bound(bounds_->begin(), bounds_->end(), value) - bounds_->begin();
  buckets_[index].fetch_add(1, std::memory_order_relaxed);
  sum_.fetch_add(value, std::memory_order_relaxed);
}

Histogram::Snapshot Histogram::Read() const {
  Snapshot snapshot;
  snapshot.cumulative.reserve(bounds_->size() + 1);
  uint64_t running = 0;
  for (size_t i = 0; i <= bounds_->size(); ++i) {
    running += buckets_[i].load(std::memory_order_relaxed);
    snapshot.cumulative.push_back(running);
  }
  snapshot.sum = sum_.load(std::memory_order_relaxed);
  return snapshot;
}

LabelValues Family::Normalize(const LabelValues& values) const {
  LabelValues normalized = values;
  normalized.resize(label_names_.size());
  return normalized;
}

void Family::RenderHeader(std::string* out) const {
  absl::StrAppend(out, "# HELP ", name_, " ", EscapeHelp(help_), "\n# TYPE ", name_, " ", type(),
                  "\n");
}

void CounterFamily::Render(std::string* out) const {
  RenderHeader(out);
  absl::ReaderMutexLock lock(&mutex_);
  for (const auto& [values, counter] : series_) {
    absl::StrAppend(out, name_, FormatLabels(label_names_, values), " ",
                    FormatValue(static_cast<double>(counter->value())), "\n");
  }
}

void GaugeFamily::Render(std::string* out) const {
  RenderHeader(out);
  absl::ReaderMutexLock lock(&mutex_);
  for (const auto& [values, gauge] : series_) {
    absl::StrAppend(out, name_, FormatLabels(label_names_, values), " ",
                    FormatValue(gauge->value()), "\n");
  }
}

void HistogramFamily::Render(std::string* out) const {
  RenderHeader(out);
  // Formatted once per rendering, not once per bucket line: a scrape of a few hundred series
  // then costs well under a millisecond.
  std::vector<std::string> les;
  les.reserve(bounds_.size() + 1);
  for (double bound : bounds_) les.push_back(FormatValue(bound));
  les.push_back("+Inf");
  absl::ReaderMutexLock lock(&mutex_);
  for (const auto& [values, histogram] : series_) {
    Histogram::Snapshot snapshot = histogram->Read();
    std::string labels = FormatLabels(label_names_, values);
    // `{a="x",b="y"` (or `{`) to which each bucket line appends its le.
    std::string bucket_prefix =
        absl::StrCat(name_, "_bucket", labels.empty() ? "{" : labels.substr(0, labels.size() - 1),
                     labels.empty() ? "le=\"" : ",le=\"");
    for (size_t i = 0; i < snapshot.cumulative.size(); ++i) {
      absl::StrAppend(out, bucket_prefix, les[i], "\"} ", snapshot.cumulative[i], "\n");
    }
    absl::StrAppend(out, name_, "_sum", labels, " ", FormatValue(snapshot.sum), "\n");
    absl::StrAppend(out, name_, "_count", labels, " ", snapshot.count(), "\n");
  }
}

void CallbackFamily::Render(std::string* out) const {
  std::function<double()> callback;
  {
    absl::MutexLock lock(&mutex_);
    callback = callback_;
  }
  RenderHeader(out);
  absl::StrAppend(out, name_, " ", FormatValue(callback ? callback() : 0), "\n");
}

void CallbackFamily::SetCallback(std::function<double()> callback) {
  absl::MutexLock lock(&mutex_);
  callback_ = std::move(callback);
}

Registry& Registry::Default() {
  static Registry* registry = new Registry();
  return *registry;
}

namespace {

absl::Status CheckNames(const std::string& name, const std::vector<std::string>& label_names) {
  if (!IsValidMetricName(name)) {
    return absl::InvalidArgumentError(absl::StrCat("metric name: not valid: \"", name, "\""));
  }
  for (const std::string& label : label_names) {
    if (!IsValidLabelName(label) || label == "le") {
      return absl::InvalidArgumentError(
          absl::StrCat("metric ", name, ": label name not valid: \"", label, "\""));
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<Family*> Registry::Find(const std::string& name, const char* type,
                                       const std::vector<std::string>& label_names) const {
  auto it = families_.find(name);
  if (it == families_.end()) return nullptr;
  const Family& family = *it->second;
  if (std::string_view(family.type()) != type || family.label_names() != label_names) {
    return absl::AlreadyExistsError(absl::StrCat("metric ", name, ": already registered as a ",
                                                 family.type(), " with labels [",
                                                 absl::StrJoin(family.label_names(), ","), "]"));
  }
  return it->second.get();
}

absl::StatusOr<CounterFamily*> Registry::AddCounter(const std::string& name,
                                                    const std::string& help,
                                                    const std::vector<std::string>& label_names) {
  absl::Status names = CheckNames(name, label_names);
  if (!names.ok()) return names;
  absl::MutexLock lock(&mutex_);
  absl::StatusOr<Family*> found = Find(name, "counter", label_names);
  if (!found.ok()) return found.status();
  // A callback counter has the same type and no labels but is not a CounterFamily.
  if (*found != nullptr) {
    auto* family = dynamic_cast<CounterFamily*>(*found);
    if (family == nullptr)
      return absl::AlreadyExistsError(absl::StrCat("metric ", name, ": taken"));
    return family;
  }
  auto family = std::make_unique<CounterFamily>(name, help, label_names);
  CounterFamily* result = family.get();
  families_[name] = std::move(family);
  return result;
}

absl::StatusOr<GaugeFamily*> Registry::AddGauge(const std::string& name, const std::string& help,
                                                const std::vector<std::string>& label_names) {
  absl::Status names = CheckNames(name, label_names);
  if (!names.ok()) return names;
  absl::MutexLock lock(&mutex_);
  absl::StatusOr<Family*> found = Find(name, "gauge", label_names);
  if (!found.ok()) return found.status();
  if (*found != nullptr) {
    auto* family = dynamic_cast<GaugeFamily*>(*found);
    if (family == nullptr)
      return absl::AlreadyExistsError(absl::StrCat("metric ", name, ": taken"));
    return family;
  }
  auto family = std::make_unique<GaugeFamily>(name, help, label_names);
  GaugeFamily* result = family.get();
  families_[name] = std::move(family);
  return result;
}

absl::StatusOr<HistogramFamily*> Registry::AddHistogram(const std::string& name,
                                                        const std::string& help,
                                                        const std::vector<std::string>& label_names,
                                                        const std::vector<double>& bounds) {
  absl::Status names = CheckNames(name, label_names);
  if (!names.ok()) return names;
  if (bounds.empty() || !std::is_sorted(bounds.begin(), bounds.end()) ||
      std::adjacent_find(bounds.begin(), bounds.end()) != bounds.end()) {
    return absl::InvalidArgumentError(
        absl::StrCat("metric ", name, ": bucket bounds must be non-empty and strictly ascending"));
  }
  absl::MutexLock lock(&mutex_);
  absl::StatusOr<Family*> found = Find(name, "histogram", label_names);
  if (!found.ok()) return found.status();
  if (*found != nullptr) {
    auto* family = static_cast<HistogramFamily*>(*found);
    if (family->bounds() != bounds) {
      return absl::AlreadyExistsError(
          absl::StrCat("metric ", name, ": already registered with other buckets"));
    }
    return family;
  }
  auto family = std::make_unique<HistogramFamily>(name, help, label_names, bounds);
  HistogramFamily* result = family.get();
  families_[name] = std::move(family);
  return result;
}

absl::Status Registry::AddCallback(const std::string& name, const std::string& help,
                                   const std::string& type, std::function<double()> callback) {
  if (type != "gauge" && type != "counter") {
    return absl::InvalidArgumentError(
        absl::StrCat("metric ", name, ": callback type must be gauge or counter, not ", type));
  }
  absl::Status names = CheckNames(name, {});
  if (!names.ok()) return names;
  const char* stable_type = type == "gauge" ? "gauge" : "counter";
  absl::MutexLock lock(&mutex_);
  absl::StatusOr<Family*> found = Find(name, stable_type, {});
  if (!found.ok()) return found.status();
  if (*found != nullptr) {
    auto* family = dynamic_cast<CallbackFamily*>(*found);
    if (family == nullptr)
      return absl::AlreadyExistsError(absl::StrCat("metric ", name, ": taken"));
    family->SetCallback(std::move(callback));
    return absl::OkStatus();
  }
  families_[name] = std::make_unique<CallbackFamily>(name, help, stable_type, std::move(callback));
  return absl::OkStatus();
}

absl::Status Registry::AddCallbacks(std::vector<CallbackMetric> metrics) {
  for (CallbackMetric& metric : metrics) {
    absl::Status added =
        AddCallback(metric.name, metric.help, metric.type, std::move(metric.callback));
    if (!added.ok()) return added;
  }
  return absl::OkStatus();
}

std::string Registry::Render() const {
  // Rendering runs callbacks, which may take other components' locks: copy the family list and
  // render without holding the registry's lock. Families are never removed, so the pointers stay
  // valid.
  std::vector<const Family*> families;
  {
    absl::MutexLock lock(&mutex_);
    families.reserve(families_.size());
    for (const auto& [name, family] : families_) families.push_back(family.get());
  }
  std::string out;
  for (const Family* family : families) family->Render(&out);
  return out;
}

}  // namespace newsgraph::metrics
