#include "services/extract/core/extractor.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace newsgraph::extract {
namespace {

class ExtractorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto created = Extractor::Create(ExtractorOptions());
    ASSERT_TRUE(created.ok()) << created.status();
    extractor_ = std::move(*created);
  }

  absl::StatusOr<v1::ExtractResponse> Run(const std::string& text) {
    v1::ExtractRequest request;
    request.set_text(text);
    v1::ExtractResponse response;
    absl::Status status = extractor_->Extract(request, &response);
    if (!status.ok()) return status;
    return response;
  }

  std::unique_ptr<Extractor> extractor_;
};

TEST_F(ExtractorTest, SeedKnowledgeBaseLoads) { EXPECT_GT(extractor_->entity_count(), 30u); }

TEST_F(ExtractorTest, LinksMacronAndGermanyAcrossLanguages) {
  for (const std::string text :
       {"Emmanuel Macron arrived in Germany.", "Візит Макрона до Німеччини.",
        "Ο Μακρόν επισκέφθηκε τη Γερμανία.", "Tổng thống Emmanuel Macron thăm Đức."}) {
    auto response = Run(text);
    ASSERT_TRUE(response.ok()) << response.status();
    std::vector<std::string> ids;
    for (const auto& mention : response->mentions()) ids.push_back(mention.entity_id());
    EXPECT_THAT(ids, ::testing::IsSupersetOf({"ng:person/emmanuel-macron", "ng:loc/germany"}))
        << text;
  }
}

TEST_F(ExtractorTest, MentionOffsetsAreBytesIntoTheText) {
  std::string text = "Đức và Việt Nam";
  auto response = Run(text);
  ASSERT_TRUE(response.ok());
  ASSERT_FALSE(response->mentions().empty());
  for (const auto& mention : response->mentions()) {
    EXPECT_EQ(text.substr(mention.begin(), mention.end() - mention.begin()), mention.surface());
  }
  EXPECT_EQ(response->entities_size(), 2);
}

TEST_F(ExtractorTest, BadInputNamesTheField) {
  EXPECT_EQ(Run("").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Run("").status().message(), ::testing::HasSubstr("text"));
  auto invalid = Run("ok \xC3\x28 bad");
  EXPECT_EQ(invalid.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(invalid.status().message(), ::testing::HasSubstr("offset 3"));
  EXPECT_EQ(Run(std::string((1 << 20) + 1, 'a')).status().code(),
            absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace newsgraph::extract
