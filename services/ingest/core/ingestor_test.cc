#include "services/ingest/core/ingestor.h"

#include <string>

#include "common/store/keys.h"
#include "common/testing/temp_dir.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/ingest/testing/local_extractor.h"

namespace newsgraph::ingest {
namespace {

class IngestorTest : public ::testing::Test {
 protected:
  void SetUp() override { Open(); }
  void Open() {
    IngestorOptions options;
    options.data_dir = dir_.Sub("store");
    options.sync_writes = false;
    auto created = Ingestor::Create(options, &extractor_);
    ASSERT_TRUE(created.ok()) << created.status();
    ingestor_ = std::move(*created);
  }
  absl::StatusOr<v1::IngestResponse> Ingest(const std::string& text,
                                            const std::string& title = "") {
    v1::IngestRequest request;
    request.set_text(text);
    request.set_title(title);
    v1::IngestResponse response;
    absl::Status status = ingestor_->Ingest(request, &response);
    if (!status.ok()) return status;
    return response;
  }
  std::unique_ptr<store::Store> OpenReader() {
    auto reader = store::Store::OpenSecondary(dir_.Sub("store"), dir_.Sub("reader"));
    EXPECT_TRUE(reader.ok()) << reader.status();
    return reader.ok() ? std::move(*reader) : nullptr;
  }

  testing::TempDir dir_;
  LocalExtractor extractor_;
  std::unique_ptr<Ingestor> ingestor_;
};

TEST_F(IngestorTest, StoresDocumentMentionsPostingsAndEntities) {
  auto response = Ingest("Emmanuel Macron thăm Đức và gặp Friedrich Merz.", "Macron thăm Đức");
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->document_id(), "1");
  EXPECT_EQ(response->state(), common::v1::DOCUMENT_STATE_EXTRACTED);
  EXPECT_GE(response->mention_count(), 2u);
  EXPECT_GT(response->sequence_number(), 0u);

  auto reader = OpenReader();
  ASSERT_NE(reader, nullptr);
  auto stored = reader->Get(store::ColumnFamily::kDocuments, store::DocumentKey(1));
  ASSERT_TRUE(stored.ok()) << stored.status();
  common::v1::Document document;
  ASSERT_TRUE(document.ParseFromString(std::string(*store::UnwrapValue(*stored))));
  EXPECT_EQ(document.title(), "Macron thăm Đức");
  EXPECT_EQ(document.mentions_size(), static_cast<int>(response->mention_count()));

  // "Đức" is indexed folded, in title and text.
  EXPECT_TRUE(reader->Get(store::ColumnFamily::kPostings, store::PostingKey("duc", 1)).ok());
  EXPECT_TRUE(reader->Get(store::ColumnFamily::kEntities, store::EntityKey("ng:loc/germany")).ok());
  EXPECT_TRUE(reader
                  ->Get(store::ColumnFamily::kEntityDocs,
                        store::EntityDocKey("ng:person/emmanuel-macron", 1))
                  .ok());
}

TEST_F(IngestorTest, NormalizesTextToNfc) {
  auto response = Ingest("Cafe\xCC\x81 in Hà Nội");  // "e" + combining acute
  ASSERT_TRUE(response.ok());
  auto reader = OpenReader();
  auto stored = reader->Get(store::ColumnFamily::kDocuments, store::DocumentKey(1));
  common::v1::Document document;
  ASSERT_TRUE(document.ParseFromString(std::string(*store::UnwrapValue(*stored))));
  EXPECT_EQ(document.text(), "Caf\xC3\xA9 in Hà Nội");
}

TEST_F(IngestorTest, IdsKeepIncreasingAcrossRestarts) {
  ASSERT_EQ(Ingest("first")->document_id(), "1");
  ASSERT_EQ(Ingest("second")->document_id(), "2");
  ingestor_.reset();
  Open();
  EXPECT_EQ(Ingest("third")->document_id(), "3");
}

TEST_F(IngestorTest, StoresNothingWhenExtractIsDown) {
  extractor_.available = false;
  auto response = Ingest("Macron in Berlin");
  EXPECT_EQ(response.status().code(), absl::StatusCode::kUnavailable);
  EXPECT_THAT(response.status().message(), ::testing::HasSubstr("extract"));
  auto reader = OpenReader();
  EXPECT_TRUE(absl::IsNotFound(
      reader->Get(store::ColumnFamily::kDocuments, store::DocumentKey(1)).status()));
  extractor_.available = true;
  EXPECT_EQ(Ingest("Macron in Berlin")->document_id(), "1");
}

TEST_F(IngestorTest, RejectsBadInputWithoutCallingExtract) {
  EXPECT_EQ(Ingest("").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Ingest("bad \xFF").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(extractor_.calls, 0);
}

TEST_F(IngestorTest, SecondWriterIsRefused) {
  IngestorOptions options;
  options.data_dir = dir_.Sub("store");
  EXPECT_EQ(Ingestor::Create(options, &extractor_).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace newsgraph::ingest
