#include "common/base/log.h"

#include <unistd.h>

#include <atomic>
#include <cmath>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace newsgraph::base {
namespace {

std::string& Component() {
  static std::string* component = new std::string("newsgraph");
  return *component;
}

std::atomic<LogFormat> g_format{LogFormat::kText};

char LevelLetter(LogLevel level) {
  switch (level) {
    case LogLevel::kInfo:
      return 'I';
    case LogLevel::kWarning:
      return 'W';
    case LogLevel::kError:
      return 'E';
  }
  return '?';
}

const char* LevelName(LogLevel level) {
  switch (level) {
    case LogLevel::kInfo:
      return "info";
    case LogLevel::kWarning:
      return "warning";
    case LogLevel::kError:
      return "error";
  }
  return "?";
}

// Length of the valid UTF-8 sequence starting at s[i], or 0 when it is not one (overlong forms,
// surrogates and code points above U+10FFFF included).
size_t Utf8SequenceLength(std::string_view s, size_t i) {
  unsigned char c = static_cast<unsigned char>(s[i]);
  size_t length;
  uint32_t code;
  if (c < 0x80) return 1;
  if (c >= 0xC2 && c <= 0xDF) {
    length = 2;
    code = c & 0x1F;
  } else if (c >= 0xE0 && c <= 0xEF) {
    length = 3;
    code = c & 0x0F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    length = 4;
    code = c & 0x07;
  } else {
    return 0;
  }
  if (i + length > s.size()) return 0;
  for (size_t k = 1; k < length; ++k) {
    unsigned char next = static_cast<unsigned char>(s[i + k]);
    if ((next & 0xC0) != 0x80) return 0;
    code = (code << 6) | (next & 0x3F);
  }
  if ((length == 3 && (code < 0x800 || (code >= 0xD800 && code <= 0xDFFF))) ||
      (length == 4 && (code < 0x10000 || code > 0x10FFFF))) {
    return 0;
  }
  return length;
}

bool NeedsQuotes(std::string_view value) {
  return value.empty() || value.find_first_of(" \"=\n\t") != std::string_view::npos;
}

}  // namespace

LogField::LogField(std::string_view key, double value) : key(key), quoted(false) {
  // JSON has no NaN or infinity.
  this->value = std::isfinite(value) ? absl::StrFormat("%.3f", value) : "null";
}

void SetLogComponent(std::string_view component) { Component() = std::string(component); }

void SetLogFormat(LogFormat format) { g_format.store(format); }

LogFormat GetLogFormat() { return g_format.load(); }

absl::StatusOr<LogFormat> ParseLogFormat(std::string_view name) {
  if (name == "text") return LogFormat::kText;
  if (name == "json") return LogFormat::kJson;
  return absl::InvalidArgumentError(
      absl::StrCat("log_format: want text or json, got \"", std::string(name), "\""));
}

std::string JsonQuote(std::string_view value) {
  std::string out = "\"";
  out.reserve(value.size() + 2);
  for (size_t i = 0; i < value.size();) {
    unsigned char c = static_cast<unsigned char>(value[i]);
    switch (c) {
      case '"':
        out += "\\\"";
        ++i;
        continue;
      case '\\':
        out += "\\\\";
        ++i;
        continue;
      case '\n':
        out += "\\n";
        ++i;
        continue;
      case '\r':
        out += "\\r";
        ++i;
        continue;
      case '\t':
        out += "\\t";
        ++i;
        continue;
      default:
        break;
    }
    if (c < 0x20 || c == 0x7F) {
      out += absl::StrFormat("\\u%04x", c);
      ++i;
      continue;
    }
    size_t length = Utf8SequenceLength(value, i);
    if (length == 0) {
      out += "\xEF\xBF\xBD";  // U+FFFD
      ++i;
    } else {
      out.append(value.data() + i, length);
      i += length;
    }
  }
  out += '"';
  return out;
}

std::string FormatLogLine(LogFormat format, absl::Time time, LogLevel level,
                          std::string_view component, std::string_view message,
                          const std::vector<LogField>& fields) {
  std::string timestamp = absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", time, absl::UTCTimeZone());
  if (format == LogFormat::kJson) {
    std::string line =
        absl::StrCat("{\"time\":\"", timestamp, "\",\"level\":\"", LevelName(level),
                     "\",\"service\":", JsonQuote(component), ",\"msg\":", JsonQuote(message));
    for (const LogField& field : fields) {
      absl::StrAppend(&line, ",", JsonQuote(field.key), ":",
                      field.quoted ? JsonQuote(field.value) : field.value);
    }
    line += "}\n";
    return line;
  }
  std::string line = absl::StrCat(timestamp, " ", std::string(1, LevelLetter(level)), " ",
                                  std::string(component), "] ", std::string(message));
  for (const LogField& field : fields) {
    absl::StrAppend(
        &line, " ", field.key, "=",
        field.quoted && NeedsQuotes(field.value) ? JsonQuote(field.value) : field.value);
  }
  line += "\n";
  return line;
}

void Log(LogLevel level, std::string_view message) { Log(level, message, {}); }

void Log(LogLevel level, std::string_view message, const std::vector<LogField>& fields) {
  std::string line =
      FormatLogLine(GetLogFormat(), absl::Now(), level, Component(), message, fields);
  // One write(2) per line: atomic for lines up to PIPE_BUF on pipes, never interleaved mid-line.
  ssize_t ignored = ::write(STDERR_FILENO, line.data(), line.size());
  (void)ignored;
}

}  // namespace newsgraph::base
