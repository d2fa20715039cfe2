#include "common/metrics/disk_usage.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "gtest/gtest.h"

namespace newsgraph::metrics {
namespace {

TEST(DiskUsageTest, SumsRegularFilesRecursively) {
  std::string root =
      std::string(std::getenv("TMPDIR") ? std::getenv("TMPDIR") : "/tmp") + "/ng-disk-usage-XXXXXX";
  ASSERT_NE(::mkdtemp(root.data()), nullptr);
  std::filesystem::create_directories(root + "/sub");
  std::ofstream(root + "/a") << std::string(100, 'a');
  std::ofstream(root + "/sub/b") << std::string(23, 'b');
  EXPECT_EQ(DirectoryBytes(root), 123u);
  std::filesystem::remove_all(root);
  EXPECT_EQ(DirectoryBytes(root), 0u);
}

}  // namespace
}  // namespace newsgraph::metrics
