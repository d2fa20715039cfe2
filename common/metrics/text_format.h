// The pieces of the Prometheus text exposition format (version 0.0.4): names, escaping, numbers.
// https://prometheus.io/docs/instrumenting/exposition_formats/
#ifndef NEWSGRAPH_COMMON_METRICS_TEXT_FORMAT_H_
#define NEWSGRAPH_COMMON_METRICS_TEXT_FORMAT_H_

#include <string>
#include <string_view>
#include <vector>

namespace newsgraph::metrics {

// True for a metric name: [a-zA-Z_:][a-zA-Z0-9_:]*.
bool IsValidMetricName(std::string_view name);

// True for a label name: [a-zA-Z_][a-zA-Z0-9_]* not starting with "__" (reserved).
bool IsValidLabelName(std::string_view name);

// A label value inside double quotes: backslash, double quote and line feed escaped.
std::string EscapeLabelValue(std::string_view value);

// A HELP text: backslash and line feed escaped (quotes stay as they are).
std::string EscapeHelp(std::string_view help);

// A sample value: integers without a decimal point, others in the shortest form that reads back
// to the same double, "+Inf", "-Inf" and "NaN".
std::string FormatValue(double value);

// `{a="x",b="y"}` for names/values pairwise (extra values ignored), plus `le="<le>"` last when
// `le` is non-empty; empty when there is nothing to print.
std::string FormatLabels(const std::vector<std::string>& names,
                         const std::vector<std::string>& values, std::string_view le = {});

}  // namespace newsgraph::metrics

#endif  // NEWSGRAPH_COMMON_METRICS_TEXT_FORMAT_H_
