// One-line, thread-safe logging to stderr, as text ("2026-11-23T10:00:00.123Z I ingest] message")
// or, with SetLogFormat(kJson), as one JSON object per line for log collectors:
// {"time":"2026-11-23T10:00:00.123Z","level":"info","service":"ingest","msg":"message",...}.
// Deliberately tiny: services log one line per call and per lifecycle event, nothing more.
#ifndef NEWSGRAPH_COMMON_BASE_LOG_H_
#define NEWSGRAPH_COMMON_BASE_LOG_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace newsgraph::base {

enum class LogLevel { kInfo, kWarning, kError };
enum class LogFormat { kText, kJson };

// Sets the component name printed on every line (e.g. "ingest"); call once from main.
void SetLogComponent(std::string_view component);

// Sets the format of every later line; call from main before serving (default kText).
void SetLogFormat(LogFormat format);
LogFormat GetLogFormat();

// "text" → kText, "json" → kJson; InvalidArgument naming the flag otherwise.
absl::StatusOr<LogFormat> ParseLogFormat(std::string_view name);

// One extra key/value of a structured line. Numbers stay numbers in JSON; strings are quoted.
struct LogField {
  LogField(std::string_view key, std::string_view value) : key(key), value(value), quoted(true) {}
  LogField(std::string_view key, const char* value) : LogField(key, std::string_view(value)) {}
  LogField(std::string_view key, const std::string& value)
      : LogField(key, std::string_view(value)) {}
  LogField(std::string_view key, double value);
  template <typename Int, typename = std::enable_if_t<std::is_integral_v<Int>>>
  LogField(std::string_view key, Int value)
      : key(key), value(std::to_string(value)), quoted(false) {}

  std::string key;
  std::string value;
  bool quoted;
};

// Writes one line to stderr in a single write, so lines from different threads never interleave.
void Log(LogLevel level, std::string_view message);

// Like Log, with extra fields: JSON lines carry them as members after "msg"; text lines append
// them as ` key=value` (strings quoted when they contain a space or a quote).
void Log(LogLevel level, std::string_view message, const std::vector<LogField>& fields);

// The line Log writes (with its trailing newline), for tests: `time` formatted as RFC 3339 UTC
// with milliseconds.
std::string FormatLogLine(LogFormat format, absl::Time time, LogLevel level,
                          std::string_view component, std::string_view message,
                          const std::vector<LogField>& fields);

// `value` as a JSON string literal, quotes included: ", \ and control characters escaped, bytes
// that are not valid UTF-8 replaced by U+FFFD so that the line always parses.
std::string JsonQuote(std::string_view value);

}  // namespace newsgraph::base

#endif  // NEWSGRAPH_COMMON_BASE_LOG_H_
