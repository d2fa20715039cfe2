// A directory under $TEST_TMPDIR (or /tmp) that is created fresh and removed with everything in it
// when the object goes away, so tests never write to fixed paths.
#ifndef NEWSGRAPH_COMMON_TESTING_TEMP_DIR_H_
#define NEWSGRAPH_COMMON_TESTING_TEMP_DIR_H_

#include <string>

namespace newsgraph::testing {

class TempDir {
 public:
  // Creates a unique directory; aborts the test binary if the file system refuses.
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;

  const std::string& path() const { return path_; }
  // path() + "/" + name.
  std::string Sub(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

}  // namespace newsgraph::testing

#endif  // NEWSGRAPH_COMMON_TESTING_TEMP_DIR_H_
