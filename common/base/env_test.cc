#include "common/base/env.h"

#include <cstdlib>

#include "gtest/gtest.h"

namespace newsgraph::base {
namespace {

TEST(EnvOrBoolTest, ReadsTheUsualSpellingsAndKeepsTheFallbackOtherwise) {
  constexpr char kName[] = "NEWSGRAPH_ENV_TEST_BOOL";
  ::unsetenv(kName);
  EXPECT_TRUE(EnvOrBool(kName, true));
  EXPECT_FALSE(EnvOrBool(kName, false));
  for (const char* yes : {"1", "true", "TRUE", "Yes", "on"}) {
    ::setenv(kName, yes, 1);
    EXPECT_TRUE(EnvOrBool(kName, false)) << yes;
  }
  for (const char* no : {"0", "false", "False", "NO", "off"}) {
    ::setenv(kName, no, 1);
    EXPECT_FALSE(EnvOrBool(kName, true)) << no;
  }
  ::setenv(kName, "flase", 1);  // a typo keeps the safe default
  EXPECT_TRUE(EnvOrBool(kName, true));
  ::unsetenv(kName);
}

}  // namespace
}  // namespace newsgraph::base
