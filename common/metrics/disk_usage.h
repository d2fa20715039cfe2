// Disk usage of a directory tree, for store-size gauges computed on scrape.
#ifndef NEWSGRAPH_COMMON_METRICS_DISK_USAGE_H_
#define NEWSGRAPH_COMMON_METRICS_DISK_USAGE_H_

#include <cstdint>
#include <string>

namespace newsgraph::metrics {

// The summed sizes of the regular files under `path` (recursively, symlinks not followed): for a
// RocksDB directory its SST files, write-ahead logs and manifests. Files that vanish during the
// walk (a compaction deleting them) are skipped; 0 when `path` does not exist or cannot be read.
uint64_t DirectoryBytes(const std::string& path);

}  // namespace newsgraph::metrics

#endif  // NEWSGRAPH_COMMON_METRICS_DISK_USAGE_H_
