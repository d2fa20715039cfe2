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

// Found by the bad-input matrix (tests/integration/bad_input_test.cc): unknown entity types
// listed nothing instead of failing, ids holding a NUL reached entity_docs prefix scans, and
// long ids echoed whole into errors exceeded the client's 8 KiB header limit (the client then
// saw RESOURCE_EXHAUSTED instead of the error).
TEST_F(QueryEngineTest, EnumsIdsLanguagesAndEchoedValuesAreBounded) {
  Add("Macron", "Emmanuel Macron besucht Berlin.", "de");
  auto expect_invalid = [](const absl::Status& status, const std::string& message) {
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << status;
    EXPECT_THAT(status.message(), HasSubstr(message));
    EXPECT_LT(status.message().size(), 200u) << status.message().substr(0, 200);
  };
  v1::ListEntitiesRequest list;
  list.set_type(static_cast<common::v1::EntityType>(99));
  v1::ListEntitiesResponse listed;
  expect_invalid(engine_->ListEntities(list, &listed), "type: unknown value 99");

  v1::SearchEntitiesRequest search;
  search.set_query("makron");
  search.set_type(static_cast<common::v1::EntityType>(-2));
  v1::SearchEntitiesResponse found;
  expect_invalid(engine_->SearchEntities(search, &found), "type: unknown value -2");

  v1::GetEntityRequest get;
  v1::GetEntityResponse entity;
  get.set_entity_id(std::string("ng:person/emmanuel-macron\0x", 27));
  expect_invalid(engine_->GetEntity(get, &entity), "entity_id: must not contain NUL");
  get.set_entity_id(std::string(100000, 'e'));
  expect_invalid(engine_->GetEntity(get, &entity), "entity_id: 100000 bytes exceeds the limit");

  v1::RelatedEntitiesRequest related;
  v1::RelatedEntitiesResponse related_response;
  related.set_entity_id(std::string("ng:person/emmanuel-macron\0", 26));
  expect_invalid(engine_->RelatedEntities(related, &related_response), "entity_id");
  related.set_entity_id("ng:person/emmanuel-macron");
  related.add_languages(std::string(10000, 'l'));
  expect_invalid(engine_->RelatedEntities(related, &related_response), "languages");

  v1::EntityTimelineRequest timeline;
  v1::EntityTimelineResponse buckets;
  timeline.set_entity_id(std::string(5000, 'x'));
  expect_invalid(engine_->EntityTimeline(timeline, &buckets), "entity_id");

  v1::ListStoriesRequest stories;
  v1::ListStoriesResponse story_list;
  stories.set_language(std::string(10000, 'l'));
  expect_invalid(engine_->ListStories(stories, &story_list), "language: 10000 bytes");
  stories.set_language("d\xFF");
  expect_invalid(engine_->ListStories(stories, &story_list), "language: invalid UTF-8");

  v1::GetStoryRequest story;
  v1::GetStoryResponse story_response;
  story.set_story_id(std::string(10000, 's'));
  expect_invalid(engine_->GetStory(story, &story_response), "story_id: not a story id");

  v1::GetDocumentRequest document;
  v1::GetDocumentResponse document_response;
  document.set_document_id(std::string(10000, '7'));
  expect_invalid(engine_->GetDocument(document, &document_response), "document_id");
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
