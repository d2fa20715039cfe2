#include "common/base/log.h"

#include <unistd.h>

#include <string>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace newsgraph::base {
namespace {

std::string& Component() {
  static std::string* component = new std::string("newsgraph");
  return *component;
}

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

}  // namespace

void SetLogComponent(std::string_view component) { Component() = std::string(component); }

void Log(LogLevel level, std::string_view message) {
  std::string line = absl::StrCat(
      absl::FormatTime("%Y-%m-%dT%H:%M:%E3SZ", absl::Now(), absl::UTCTimeZone()), " ",
      std::string(1, LevelLetter(level)), " ", Component(), "] ", std::string(message), "\n");
  // One write(2) per line: atomic for lines up to PIPE_BUF on pipes, never interleaved mid-line.
  ssize_t ignored = ::write(STDERR_FILENO, line.data(), line.size());
  (void)ignored;
}

}  // namespace newsgraph::base
