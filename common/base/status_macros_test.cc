#include "common/base/status_macros.h"

#include <string>

#include "gtest/gtest.h"

namespace newsgraph::base {
namespace {

absl::StatusOr<int> Half(int n) {
  if (n % 2 != 0) return absl::InvalidArgumentError("n: must be even");
  return n / 2;
}

absl::Status Check(int n) {
  if (n < 0) return absl::OutOfRangeError("n: negative");
  return absl::OkStatus();
}

absl::StatusOr<int> Quarter(int n) {
  RETURN_IF_ERROR(Check(n));
  ASSIGN_OR_RETURN(int half, Half(n));
  ASSIGN_OR_RETURN(int quarter, Half(half));
  return quarter;
}

TEST(StatusMacrosTest, PassesValuesThrough) { EXPECT_EQ(*Quarter(8), 2); }

TEST(StatusMacrosTest, ReturnsFirstError) {
  EXPECT_EQ(Quarter(-4).status().code(), absl::StatusCode::kOutOfRange);
  EXPECT_EQ(Quarter(6).status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Quarter(6).status().message(), "n: must be even");
}

}  // namespace
}  // namespace newsgraph::base
