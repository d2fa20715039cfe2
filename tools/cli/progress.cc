#include "tools/cli/progress.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace newsgraph::cli {

std::string WithThousands(int64_t value) {
  std::string digits = absl::StrCat(value < 0 ? -value : value);
  std::string grouped;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) grouped += ',';
    grouped += digits[i];
  }
  return value < 0 ? "-" + grouped : grouped;
}

std::string FormatClock(absl::Duration duration) {
  int64_t seconds = std::max<int64_t>(0, absl::ToInt64Seconds(duration));
  int64_t hours = seconds / 3600, minutes = seconds / 60 % 60;
  if (hours > 0) return absl::StrFormat("%d:%02d:%02d", hours, minutes, seconds % 60);
  return absl::StrFormat("%d:%02d", minutes, seconds % 60);
}

std::string FormatProgress(const ProgressSnapshot& snapshot, int width) {
  double seconds = absl::ToDoubleSeconds(snapshot.elapsed);
  std::string line;
  double fraction = -1;
  if (snapshot.total_bytes > 0) {
    fraction = static_cast<double>(snapshot.done_bytes) / snapshot.total_bytes;
  } else if (snapshot.total_items > 0) {
    fraction = static_cast<double>(snapshot.done_items) / snapshot.total_items;
  }
  if (fraction >= 0) {
    fraction = std::clamp(fraction, 0.0, 1.0);
    constexpr int kBarWidth = 20;
    int filled = static_cast<int>(std::floor(fraction * kBarWidth));
    absl::StrAppend(&line, "[", std::string(filled, '#'), std::string(kBarWidth - filled, '.'),
                    "] ", absl::StrFormat("%3d%%  ", static_cast<int>(fraction * 100)));
  }
  absl::StrAppend(&line, WithThousands(snapshot.done_items));
  if (snapshot.total_items > 0) absl::StrAppend(&line, "/", WithThousands(snapshot.total_items));
  absl::StrAppend(&line, " docs");
  if (seconds > 0.05) {
    absl::StrAppend(&line,
                    absl::StrFormat("  %.0f docs/s  %.1f MB/s", snapshot.done_items / seconds,
                                    snapshot.done_bytes / seconds / 1e6));
    double remaining = -1;
    if (snapshot.total_bytes > 0 && snapshot.done_bytes > 0) {
      remaining = (snapshot.total_bytes - snapshot.done_bytes) * seconds / snapshot.done_bytes;
    } else if (snapshot.total_items > 0 && snapshot.done_items > 0) {
      remaining = (snapshot.total_items - snapshot.done_items) * seconds / snapshot.done_items;
    }
    if (remaining >= 0) {
      absl::StrAppend(&line, "  ETA ", FormatClock(absl::Seconds(std::ceil(remaining))));
    }
  }
  if (static_cast<int>(line.size()) > width) line.resize(width);
  return line;
}

}  // namespace newsgraph::cli
