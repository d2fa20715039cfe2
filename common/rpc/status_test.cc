#include "common/rpc/status.h"

#include "gtest/gtest.h"

namespace newsgraph::rpc {
namespace {

TEST(StatusTest, RoundTripsEveryCode) {
  for (int code = 0; code <= 16; ++code) {
    absl::Status original(static_cast<absl::StatusCode>(code), code == 0 ? "" : "text: bad");
    grpc::Status converted = ToGrpcStatus(original);
    EXPECT_EQ(static_cast<int>(converted.error_code()), code);
    EXPECT_EQ(FromGrpcStatus(converted), original);
  }
}

TEST(StatusTest, KeepsMessage) {
  grpc::Status status = ToGrpcStatus(absl::InvalidArgumentError("text: empty"));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message(), "text: empty");
}

}  // namespace
}  // namespace newsgraph::rpc
