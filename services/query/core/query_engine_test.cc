#include "services/query/core/query_engine.h"

#include <string>
#include <vector>

#include "common/testing/temp_dir.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/ingest/core/ingestor.h"
#include "services/ingest/testing/local_extractor.h"

namespace newsgraph::query {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

// Writes through the real ingest core (primary) and reads through QueryEngine (secondary).
class QueryEngineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ingest::IngestorOptions options;
    options.data_dir = dir_.Sub("store");
    options.sync_writes = false;
    ingestor_ = std::move(ingest::Ingestor::Create(options, &extractor_)).value();
    engine_ =
        std::make_unique<QueryEngine>(QueryEngineOptions{dir_.Sub("store"), dir_.Sub("secondary")});
  }

  std::string Add(const std::string& title, const std::string& text, const std::string& lang) {
    ingest::v1::IngestRequest request;
    request.set_title(title);
    request.set_text(text);
    request.set_language(lang);
    ingest::v1::IngestResponse response;
    EXPECT_TRUE(ingestor_->Ingest(request, &response).ok());
    return response.document_id();
  }

  std::vector<std::string> SearchIds(const std::string& query) {
    v1::SearchRequest request;
    request.set_query(query);
    v1::SearchResponse response;
    absl::Status status = engine_->Search(request, &response);
    EXPECT_TRUE(status.ok()) << status;
    std::vector<std::string> ids;
    for (const auto& hit : response.hits()) ids.push_back(hit.document_id());
    return ids;
  }

  testing::TempDir dir_;
  ingest::LocalExtractor extractor_;
  std::unique_ptr<ingest::Ingestor> ingestor_;
  std::unique_ptr<QueryEngine> engine_;
};

TEST_F(QueryEngineTest, SearchIgnoresCaseAndDiacriticsInEveryScript) {
  std::string vi =
      Add("Samsung và TSMC công bố", "Samsung và TSMC công bố kế hoạch mở rộng nhà máy.", "vi");
  std::string el =
      Add("Ο Μακρόν στη Γερμανία", "Ο Μακρόν συναντήθηκε με τον καγκελάριο της Γερμανίας.", "el");
  std::string uk = Add("Візит Макрона", "Макрон прибув до Німеччини.", "uk");
  std::string zh = Add("英伟达发布新芯片", "英伟达在北京发布新的人工智能芯片。", "zh");

  EXPECT_THAT(SearchIds("Samsung va TSMC cong bo"), ElementsAre(vi));
  EXPECT_THAT(SearchIds("ΓΕΡΜΑΝΙΑΣ"), ElementsAre(el));
  EXPECT_THAT(SearchIds("німеччини"), ElementsAre(uk));
  EXPECT_THAT(SearchIds("芯片"), ElementsAre(zh));
  EXPECT_THAT(SearchIds("Samsung Γερμανίας"), ::testing::IsEmpty());  // AND of terms
}

TEST_F(QueryEngineTest, SearchReturnsSnippetAndMetadata) {
  std::string id = Add("Hà Nội", "Trời mưa lớn ở Hà Nội. Giao thông ùn tắc nhiều giờ.", "vi");
  v1::SearchRequest request;
  request.set_query("giao thong");
  v1::SearchResponse response;
  ASSERT_TRUE(engine_->Search(request, &response).ok());
  ASSERT_EQ(response.total_hits(), 1u);
  EXPECT_EQ(response.hits(0).title(), "Hà Nội");
  EXPECT_EQ(response.hits(0).language(), "vi");
  EXPECT_THAT(response.hits(0).snippet(), HasSubstr("Giao thông"));
}

TEST_F(QueryEngineTest, SeesDocumentsCommittedAfterItOpened) {
  Add("first", "Emmanuel Macron in Berlin.", "en");
  EXPECT_EQ(SearchIds("berlin").size(), 1u);
  Add("second", "Berlin again.", "en");
  EXPECT_EQ(SearchIds("berlin").size(), 2u);
}

TEST_F(QueryEngineTest, GetDocumentAndItsErrors) {
  std::string id = Add("t", "Macron visits Germany.", "en");
  v1::GetDocumentRequest request;
  v1::GetDocumentResponse response;
  request.set_document_id(id);
  ASSERT_TRUE(engine_->GetDocument(request, &response).ok());
  EXPECT_EQ(response.document().text(), "Macron visits Germany.");
  EXPECT_GE(response.document().mentions_size(), 2);

  request.set_document_id("");
  EXPECT_THAT(engine_->GetDocument(request, &response).message(), HasSubstr("document_id"));
  request.set_document_id("abc");
  EXPECT_EQ(engine_->GetDocument(request, &response).code(), absl::StatusCode::kInvalidArgument);
  request.set_document_id("999");
  EXPECT_EQ(engine_->GetDocument(request, &response).code(), absl::StatusCode::kNotFound);
}

TEST_F(QueryEngineTest, EntityAcrossLanguages) {
  std::string en = Add("", "Emmanuel Macron met Friedrich Merz in Berlin.", "en");
  std::string uk = Add("", "Візит Макрона до Берліна.", "uk");
  std::string el = Add("", "Ο Μακρόν στο Βερολίνο.", "el");
  v1::GetEntityRequest request;
  request.set_entity_id("ng:person/emmanuel-macron");
  v1::GetEntityResponse response;
  ASSERT_TRUE(engine_->GetEntity(request, &response).ok());
  EXPECT_EQ(response.entity().canonical_name(), "Emmanuel Macron");
  EXPECT_EQ(response.document_count(), 3u);
  EXPECT_THAT(response.document_ids(), ElementsAre(el, uk, en));

  request.set_entity_id("ng:person/nobody");
  EXPECT_EQ(engine_->GetEntity(request, &response).code(), absl::StatusCode::kNotFound);
  request.set_entity_id("");
  EXPECT_EQ(engine_->GetEntity(request, &response).code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(QueryEngineTest, ListEntitiesPagesMostMentionedFirst) {
  Add("", "Macron, Macron and Merz met in Berlin. Macron spoke.", "en");
  v1::ListEntitiesRequest request;
  request.set_page_size(1);
  v1::ListEntitiesResponse page;
  ASSERT_TRUE(engine_->ListEntities(request, &page).ok());
  ASSERT_EQ(page.entities_size(), 1);
  EXPECT_EQ(page.entities(0).entity().id(), "ng:person/emmanuel-macron");
  EXPECT_EQ(page.entities(0).mention_count(), 3u);
  ASSERT_FALSE(page.next_page_token().empty());

  request.set_page_token(page.next_page_token());
  v1::ListEntitiesResponse next;
  ASSERT_TRUE(engine_->ListEntities(request, &next).ok());
  ASSERT_EQ(next.entities_size(), 1);
  EXPECT_NE(next.entities(0).entity().id(), "ng:person/emmanuel-macron");

  request.set_page_token("garbage");
  EXPECT_EQ(engine_->ListEntities(request, &next).code(), absl::StatusCode::kInvalidArgument);
  request.set_page_token("");
  request.set_page_size(-1);
  EXPECT_EQ(engine_->ListEntities(request, &next).code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(QueryEngineTest, BadQueries) {
  v1::SearchRequest request;
  v1::SearchResponse response;
  request.set_query("   ...  ");
  EXPECT_THAT(engine_->Search(request, &response).message(), HasSubstr("query"));
  request.set_query("bad \xFF");
  EXPECT_EQ(engine_->Search(request, &response).code(), absl::StatusCode::kInvalidArgument);
  request.set_query(std::string(5000, 'a'));
  EXPECT_EQ(engine_->Search(request, &response).code(), absl::StatusCode::kInvalidArgument);
}

TEST(QueryEngineWithoutStoreTest, UnavailableUntilTheStoreExists) {
  testing::TempDir dir;
  QueryEngine engine(QueryEngineOptions{dir.Sub("missing"), dir.Sub("secondary")});
  v1::SearchRequest request;
  request.set_query("anything");
  v1::SearchResponse response;
  EXPECT_EQ(engine.Search(request, &response).code(), absl::StatusCode::kUnavailable);
}

}  // namespace
}  // namespace newsgraph::query
