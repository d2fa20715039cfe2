#include "common/metrics/disk_usage.h"

#include <filesystem>
#include <system_error>

namespace newsgraph::metrics {

uint64_t DirectoryBytes(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code error;
  uint64_t total = 0;
  fs::recursive_directory_iterator it(path, fs::directory_options::skip_permission_denied, error);
  if (error) return 0;
  for (; it != fs::recursive_directory_iterator(); it.increment(error)) {
    if (error) break;
    std::error_code entry_error;
    if (!it->is_regular_file(entry_error) || entry_error) continue;
    uint64_t size = it->file_size(entry_error);
    if (!entry_error) total += size;
  }
  return total;
}

}  // namespace newsgraph::metrics
