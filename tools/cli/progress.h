// A one-line progress report for long bulk operations, redrawn in place on a terminal.
#ifndef NEWSGRAPH_TOOLS_CLI_PROGRESS_H_
#define NEWSGRAPH_TOOLS_CLI_PROGRESS_H_

#include <cstdint>
#include <string>

#include "absl/time/time.h"

namespace newsgraph::cli {

struct ProgressSnapshot {
  int64_t done_items = 0;
  int64_t total_items = 0;  // 0 when unknown
  int64_t done_bytes = 0;
  int64_t total_bytes = 0;  // 0 when unknown
  absl::Duration elapsed;
};

// Returns the progress line for `snapshot`, at most `width` columns wide and without a line
// ending, e.g. "[######......]  47%  1,204/2,560 docs  812 docs/s  1.4 MB/s  ETA 0:02".
// The ETA comes from the byte rate when total_bytes is known (documents differ in size),
// from the document rate otherwise; it is omitted until there is a rate to go by. Never fails.
std::string FormatProgress(const ProgressSnapshot& snapshot, int width = 100);

// "1,234,567" for 1234567.
std::string WithThousands(int64_t value);

// "0:07", "12:03", "1:02:03".
std::string FormatClock(absl::Duration duration);

}  // namespace newsgraph::cli

#endif  // NEWSGRAPH_TOOLS_CLI_PROGRESS_H_
