#include "services/ingest/core/validation.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace newsgraph::ingest {
namespace {

using ::testing::HasSubstr;

v1::IngestRequest Valid() {
  v1::IngestRequest request;
  request.set_text("Samsung và TSMC công bố kế hoạch mở rộng nhà máy tại Việt Nam.");
  request.set_title("Samsung và TSMC");
  request.set_language("vi");
  request.mutable_published_at()->set_seconds(1741910400);  // 2025-03-14
  return request;
}

absl::Status Check(const v1::IngestRequest& request) {
  return ValidateIngestRequest(request, IngestLimits());
}

TEST(ValidationTest, AcceptsMultilingualDocuments) {
  EXPECT_TRUE(Check(Valid()).ok());
  v1::IngestRequest request = Valid();
  for (const char* text :
       {"Візит Макрона до Німеччини", "Ο Μακρόν στη Γερμανία", "德国总理访问北京"}) {
    request.set_text(text);
    EXPECT_TRUE(Check(request).ok()) << text;
  }
}

TEST(ValidationTest, RejectsEmptyAndBlankText) {
  v1::IngestRequest request = Valid();
  for (const std::string text : {"", "   \n\t", "\xC2\xA0\xE3\x80\x80"}) {
    request.set_text(text);
    absl::Status status = Check(request);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(status.message(), HasSubstr("text"));
  }
}

TEST(ValidationTest, RejectsInvalidUtf8NamingFieldAndOffset) {
  v1::IngestRequest request = Valid();
  request.set_text("abc\xFF");
  EXPECT_THAT(Check(request).message(), HasSubstr("text: invalid UTF-8 at byte offset 3"));
  request = Valid();
  request.set_title("\xC0\xAF");
  EXPECT_THAT(Check(request).message(), HasSubstr("title"));
  request = Valid();
  request.set_source("ok\xED\xA0\x80");
  EXPECT_THAT(Check(request).message(), HasSubstr("source"));
}

TEST(ValidationTest, RejectsOversizedFields) {
  v1::IngestRequest request = Valid();
  request.set_text(std::string((1 << 20) + 1, 'a'));
  EXPECT_THAT(Check(request).message(), HasSubstr("text: 1048577 bytes exceeds"));
  request = Valid();
  request.set_url(std::string(5000, 'u'));
  EXPECT_THAT(Check(request).message(), HasSubstr("url"));
  request = Valid();
  request.set_language(std::string(64, 'x'));
  EXPECT_THAT(Check(request).message(), HasSubstr("language"));
}

TEST(ValidationTest, RejectsOutOfRangeTimestamps) {
  v1::IngestRequest request = Valid();
  request.mutable_published_at()->set_seconds(-62135596800);  // year 1
  EXPECT_THAT(Check(request).message(), HasSubstr("published_at"));
  request = Valid();
  request.mutable_published_at()->set_nanos(-1);
  EXPECT_THAT(Check(request).message(), HasSubstr("published_at"));
}

}  // namespace
}  // namespace newsgraph::ingest
