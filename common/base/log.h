// One-line, thread-safe logging to stderr: "2026-11-23T10:00:00.123Z I ingest] message".
// Deliberately tiny: services log one line per call and per lifecycle event, nothing more.
#ifndef NEWSGRAPH_COMMON_BASE_LOG_H_
#define NEWSGRAPH_COMMON_BASE_LOG_H_

#include <string_view>

namespace newsgraph::base {

enum class LogLevel { kInfo, kWarning, kError };

// Sets the component name printed on every line (e.g. "ingest"); call once from main.
void SetLogComponent(std::string_view component);

// Writes one line to stderr in a single write, so lines from different threads never interleave.
void Log(LogLevel level, std::string_view message);

}  // namespace newsgraph::base

#endif  // NEWSGRAPH_COMMON_BASE_LOG_H_
