#include "services/extract/core/extractor.h"

#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <utility>
#include <vector>

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
    EXPECT_THAT(ids, ::testing::IsSupersetOf({"ng:person/emmanuel-macron", "ng:country/de"}))
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

TEST_F(ExtractorTest, PatternsUtf16OffsetsAndSalience) {
  v1::ExtractRequest request;
  request.set_text("Вчора 😀 Nvidia отримала $1,5 млрд доларів; Макрона згадали 28 листопада.");
  request.set_title("Nvidia");
  request.set_language("uk");
  request.mutable_published_at()->set_seconds(1764288000);  // 2025-11-28
  v1::ExtractResponse response;
  ASSERT_TRUE(extractor_->Extract(request, &response).ok());
  EXPECT_EQ(response.language(), "uk");
  std::map<std::string, const common::v1::Mention*> by_surface;
  for (const auto& mention : response.mentions()) by_surface[mention.surface()] = &mention;
  ASSERT_TRUE(by_surface.count("Вчора"));
  EXPECT_EQ(by_surface["Вчора"]->normalized_value(), "2025-11-27");
  EXPECT_EQ(by_surface["Вчора"]->source(), common::v1::MENTION_SOURCE_PATTERN);
  ASSERT_TRUE(by_surface.count("28 листопада"));
  EXPECT_EQ(by_surface["28 листопада"]->entity_id(), "date:2025-11-28");
  ASSERT_TRUE(by_surface.count("Nvidia"));
  const common::v1::Mention& nvidia = *by_surface["Nvidia"];
  EXPECT_EQ(nvidia.source(), common::v1::MENTION_SOURCE_KNOWLEDGE_BASE);
  // "Вчора 😀 " is 5 + 1 + 2 (surrogate pair) + 1 UTF-16 units, 10 + 1 + 4 + 1 bytes.
  EXPECT_EQ(nvidia.begin(), 16u);
  EXPECT_EQ(nvidia.utf16_begin(), 9u);
  EXPECT_EQ(nvidia.utf16_end(), 15u);
  ASSERT_GT(response.document_entities_size(), 2);
  EXPECT_EQ(response.document_entities(0).entity_id(), "ng:org/nvidia");  // early and in the title
  bool has_money = false;
  for (const auto& mention : response.mentions()) {
    has_money |= mention.type() == common::v1::ENTITY_TYPE_MONEY &&
                 mention.normalized_value() == "USD 1500000000";
  }
  EXPECT_TRUE(has_money);
}

TEST_F(ExtractorTest, ReloadAddsAnInlineKnowledgeBaseAndKeepsTheOldOneOnError) {
  auto ids = [&](const std::string& text) {
    auto response = Run(text);
    std::vector<std::string> found;
    if (response.ok()) {
      for (const auto& mention : response->mentions()) found.push_back(mention.entity_id());
    }
    return found;
  };
  const std::string text = "Zorblax Dynamics announced results.";
  EXPECT_THAT(ids(text), ::testing::Not(::testing::Contains("ng:org/zorblax")));
  v1::ReloadKnowledgeBaseRequest request;
  request.set_jsonl(R"({"id": "ng:org/zorblax", "type": "ENTITY_TYPE_ORGANIZATION", )"
                    R"("canonical_name": "Zorblax Dynamics", "names": [{"language": "en", )"
                    R"("name": "Zorblax Dynamics"}]})");
  v1::ReloadKnowledgeBaseResponse response;
  ASSERT_TRUE(extractor_->ReloadKnowledgeBase(request, &response).ok());
  EXPECT_EQ(response.generation(), 2u);
  EXPECT_EQ(response.entity_count(), extractor_->entity_count());
  EXPECT_THAT(ids(text), ::testing::Contains("ng:org/zorblax"));

  request.set_jsonl("{not json");
  absl::Status status = extractor_->ReloadKnowledgeBase(request, &response);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(ids(text), ::testing::Contains("ng:org/zorblax"));  // the old one stays
}

TEST_F(ExtractorTest, LanguageAndTitleAreValidated) {
  v1::ExtractRequest request;
  request.set_text("Macron");
  request.set_language("not a language");
  v1::ExtractResponse response;
  absl::Status status = extractor_->Extract(request, &response);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), ::testing::HasSubstr("language"));
  request.set_language("zh-Hant");
  request.set_title("bad \xff");
  status = extractor_->Extract(request, &response);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), ::testing::HasSubstr("title"));
}

// Found by the bad-input matrix (tests/integration/bad_input_test.cc): a title had no limit, a
// timestamp outside google.protobuf.Timestamp's range reached the calendar arithmetic, and a
// long language was echoed whole into the error (which then exceeded the client's 8 KiB
// header limit and arrived as RESOURCE_EXHAUSTED).
TEST_F(ExtractorTest, TitleSizePublishedAtAndLongLanguagesAreValidated) {
  v1::ExtractRequest request;
  request.set_text("Emmanuel Macron traf gestern Friedrich Merz.");
  request.set_title(std::string((1 << 20) + 1, 'T'));
  v1::ExtractResponse response;
  absl::Status status = extractor_->Extract(request, &response);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), ::testing::HasSubstr("title: 1048577 bytes exceeds the limit"));
  request.clear_title();

  request.set_language(std::string(10000, 'd'));
  status = extractor_->Extract(request, &response);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(), "language: 10000 bytes is not a language code");
  request.clear_language();

  for (auto [seconds, nanos] :
       std::vector<std::pair<int64_t, int32_t>>{{std::numeric_limits<int64_t>::max(), 0},
                                                {-62135596801, 0},  // a second before 0001-01-01
                                                {253402300800, 0},  // 10000-01-01
                                                {1700000000, -1},
                                                {1700000000, 1000000000}}) {
    request.mutable_published_at()->set_seconds(seconds);
    request.mutable_published_at()->set_nanos(nanos);
    status = extractor_->Extract(request, &response);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << seconds << " " << nanos;
    EXPECT_THAT(status.message(), ::testing::HasSubstr("published_at")) << seconds;
  }
  // The ends of the range are fine, relative dates ("gestern") and all.
  for (int64_t seconds : {int64_t{-62135596800}, int64_t{253402300799}}) {
    request.mutable_published_at()->set_seconds(seconds);
    request.mutable_published_at()->set_nanos(0);
    status = extractor_->Extract(request, &response);
    EXPECT_TRUE(status.ok()) << seconds << ": " << status;
  }
}

}  // namespace
}  // namespace newsgraph::extract
