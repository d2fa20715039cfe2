// Entity answers end to end below gRPC: documents go in through the real ingest core (primary
// store, real extraction with the seed knowledge base) and come out through QueryEngine.
#include <cmath>
#include <memory>
#include <string>
#include <vector>

#include "absl/time/time.h"
#include "common/testing/temp_dir.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/ingest/core/ingestor.h"
#include "services/ingest/testing/local_extractor.h"
#include "services/query/core/entity_index.h"
#include "services/query/core/query_engine.h"

namespace newsgraph::query {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

constexpr char kMacron[] = "ng:person/emmanuel-macron";
constexpr char kBerlin[] = "ng:loc/berlin";
constexpr char kMerz[] = "ng:person/friedrich-merz";

int64_t Seconds(const std::string& date) {
  absl::Time time;
  std::string error;
  EXPECT_TRUE(absl::ParseTime("%Y-%m-%d", date, &time, &error)) << error;
  return absl::ToUnixSeconds(time);
}

class EntitiesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ingest::IngestorOptions options;
    options.data_dir = dir_.Sub("store");
    options.sync_writes = false;
    options.near_duplicate_distance = -1;  // similar test articles are not duplicates
    ingestor_ = std::move(ingest::Ingestor::Create(options, &extractor_)).value();
    QueryEngineOptions engine_options{dir_.Sub("store"), dir_.Sub("secondary")};
    // Every write is visible to autocomplete at once (the default waits up to a second).
    engine_options.entity_index_refresh_interval = absl::ZeroDuration();
    engine_ = std::make_unique<QueryEngine>(engine_options);
  }

  // `published` "YYYY-MM-DD" or empty for none.
  void Add(const std::string& title, const std::string& text, const std::string& language,
           const std::string& published) {
    ingest::v1::IngestRequest request;
    request.set_title(title);
    request.set_text(text);
    request.set_language(language);
    if (!published.empty()) request.mutable_published_at()->set_seconds(Seconds(published));
    ingest::v1::IngestResponse response;
    absl::Status status = ingestor_->Ingest(request, &response);
    ASSERT_TRUE(status.ok()) << status;
  }

  std::vector<std::string> Complete(const std::string& query, common::v1::EntityType type = {}) {
    v1::SearchEntitiesRequest request;
    request.set_query(query);
    request.set_type(type);
    v1::SearchEntitiesResponse response;
    absl::Status status = engine_->SearchEntities(request, &response);
    EXPECT_TRUE(status.ok()) << query << ": " << status;
    std::vector<std::string> ids;
    for (const auto& summary : response.entities()) ids.push_back(summary.entity().id());
    return ids;
  }

  v1::RelatedEntitiesResponse Related(const v1::RelatedEntitiesRequest& request) {
    v1::RelatedEntitiesResponse response;
    absl::Status status = engine_->RelatedEntities(request, &response);
    EXPECT_TRUE(status.ok()) << status;
    return response;
  }

  v1::EntityTimelineResponse Timeline(v1::TimelineInterval interval) {
    v1::EntityTimelineRequest request;
    request.set_entity_id(kMacron);
    request.set_interval(interval);
    v1::EntityTimelineResponse response;
    absl::Status status = engine_->EntityTimeline(request, &response);
    EXPECT_TRUE(status.ok()) << status;
    return response;
  }

  testing::TempDir dir_;
  ingest::LocalExtractor extractor_;
  std::unique_ptr<ingest::Ingestor> ingestor_;
  std::unique_ptr<QueryEngine> engine_;
};

TEST(PhoneticWordKeysTest, TransliterationsMeet) {
  EXPECT_EQ(PhoneticWordKeys("Макрон"), PhoneticWordKeys("Macron"));
  EXPECT_EQ(PhoneticWordKeys("Μακρόν"), PhoneticWordKeys("makron"));
  EXPECT_NE(PhoneticWordKeys("Merz"), PhoneticWordKeys("Macron"));
  EXPECT_EQ(PhoneticWordKeys("Emmanuel Macron").size(), 2u);
}

TEST_F(EntitiesTest, AutocompleteAcrossScriptsAndTransliterations) {
  Add("Macron in Berlin", "Emmanuel Macron met Friedrich Merz in Berlin.", "en", "2025-06-02");
  for (const std::string query :
       {"makron", "Макрон", "Μακρόν", "macr", "MACRÓN", "emmanuel mac", "Эммануэль"}) {
    const std::vector<std::string> ids = Complete(query);
    ASSERT_FALSE(ids.empty()) << query;
    EXPECT_EQ(ids[0], kMacron) << query;
  }
  EXPECT_THAT(Complete("makron", common::v1::ENTITY_TYPE_LOCATION), Not(Contains(kMacron)));
  EXPECT_THAT(Complete("macron merz"), IsEmpty());  // every word must match one entity
  EXPECT_THAT(Complete("zzyzx"), IsEmpty());
  EXPECT_THAT(Complete("Токио"), IsEmpty());  // known to the KB but in no stored document

  // The index is rebuilt once the store has changed.
  Add("Tokyo", "Ministers met in Tokyo on Friday.", "en", "2025-06-03");
  EXPECT_THAT(Complete("Токио"), ElementsAre("ng:loc/tokyo"));
}

TEST_F(EntitiesTest, AutocompleteRefreshesCountsAndNamesAtMostOncePerInterval) {
  auto macron_documents = [&](QueryEngine& engine) -> uint64_t {
    v1::SearchEntitiesRequest request;
    request.set_query("macron");
    v1::SearchEntitiesResponse response;
    EXPECT_TRUE(engine.SearchEntities(request, &response).ok());
    for (const auto& summary : response.entities()) {
      if (summary.entity().id() == kMacron) return summary.document_count();
    }
    return 0;
  };
  Add("One", "Emmanuel Macron spoke.", "en", "2025-06-02");
  EXPECT_EQ(macron_documents(*engine_), 1u);
  // Same entities: no record changes, only the counts (from entity_totals) move.
  Add("Two", "Emmanuel Macron spoke again.", "en", "2025-06-03");
  EXPECT_EQ(macron_documents(*engine_), 2u);

  // With a long interval the index built first is kept: a new entity shows up only later.
  QueryEngineOptions slow{dir_.Sub("store"), dir_.Sub("secondary-slow")};
  slow.entity_index_refresh_interval = absl::Hours(1);
  QueryEngine engine(slow);
  EXPECT_EQ(macron_documents(engine), 2u);
  Add("Tokyo", "Ministers met in Tokyo on Friday.", "en", "2025-06-04");
  v1::SearchEntitiesRequest request;
  request.set_query("Токио");
  v1::SearchEntitiesResponse response;
  ASSERT_TRUE(engine.SearchEntities(request, &response).ok());
  EXPECT_EQ(response.entities_size(), 0);
  EXPECT_THAT(Complete("Токио"), ElementsAre("ng:loc/tokyo"));  // the zero-interval engine
}

TEST_F(EntitiesTest, RelatedCountsSharedDocumentsWithPmiAndFilters) {
  Add("Talks", "Emmanuel Macron met Friedrich Merz in Berlin.", "en", "2025-06-02");
  Add("Visit", "Emmanuel Macron arrived in Berlin.", "en", "2025-06-10");
  Add("Визит", "Эммануэль Макрон прибыл в Берлин.", "ru", "2025-06-11");
  Add("Tokyo", "Ministers met in Tokyo on Friday.", "en", "2025-06-03");

  v1::RelatedEntitiesRequest request;
  request.set_entity_id(kMacron);
  v1::RelatedEntitiesResponse all = Related(request);
  ASSERT_GE(all.related_size(), 2);
  EXPECT_EQ(all.related(0).entity().id(), kBerlin);
  EXPECT_EQ(all.related(0).document_count(), 3u);
  EXPECT_EQ(all.related(0).entity().canonical_name(), "Berlin");
  EXPECT_EQ(all.documents_examined(), 3u);
  EXPECT_FALSE(all.capped());
  bool saw_merz = false;
  for (const auto& related : all.related()) {
    EXPECT_NE(related.entity().id(), kMacron);
    EXPECT_NE(related.entity().id(), "ng:loc/tokyo");
    // log(P(x,y) / (P(x) P(y))) over the 4 documents.
    const double expected =
        std::log(related.document_count() * 4.0 / (3.0 * related.total_document_count()));
    EXPECT_NEAR(related.pmi(), expected, 1e-9) << related.entity().id();
    if (related.entity().id() == kMerz) {
      saw_merz = true;
      EXPECT_EQ(related.document_count(), 1u);
      EXPECT_NEAR(related.pmi(), std::log(4.0 / 3.0), 1e-9);
    }
  }
  EXPECT_TRUE(saw_merz);

  request.mutable_published_after()->set_seconds(Seconds("2025-06-05"));
  v1::RelatedEntitiesResponse later = Related(request);
  EXPECT_EQ(later.documents_examined(), 2u);
  for (const auto& related : later.related()) EXPECT_NE(related.entity().id(), kMerz);

  request.add_languages("ru");
  EXPECT_EQ(Related(request).documents_examined(), 1u);

  request.clear_languages();
  request.clear_published_after();
  request.set_page_size(1);
  v1::RelatedEntitiesResponse first = Related(request);
  ASSERT_EQ(first.related_size(), 1);
  ASSERT_FALSE(first.next_page_token().empty());
  request.set_page_token(first.next_page_token());
  v1::RelatedEntitiesResponse second = Related(request);
  ASSERT_EQ(second.related_size(), 1);
  EXPECT_EQ(second.related(0).entity().id(), all.related(1).entity().id());
}

TEST_F(EntitiesTest, TimelineBucketsByDayIsoWeekAndMonth) {
  Add("One", "Emmanuel Macron spoke.", "en", "2024-12-30");  // ISO week 2025-W01
  Add("Two", "Emmanuel Macron spoke again. Macron left.", "en", "2025-06-02");
  Add("Three", "Emmanuel Macron arrived.", "en", "2025-06-03");
  Add("Four", "Emmanuel Macron returned.", "en", "2025-06-20");

  v1::EntityTimelineResponse days = Timeline(v1::TIMELINE_INTERVAL_UNSPECIFIED);
  ASSERT_EQ(days.buckets_size(), 4);
  EXPECT_EQ(days.buckets(0).label(), "2024-12-30");
  EXPECT_EQ(days.buckets(1).label(), "2025-06-02");
  EXPECT_EQ(days.buckets(1).start().seconds(), Seconds("2025-06-02"));
  EXPECT_EQ(days.buckets(1).mention_count(), 2u);
  EXPECT_EQ(days.documents_dated_by_ingestion(), 0u);

  v1::EntityTimelineResponse weeks = Timeline(v1::TIMELINE_INTERVAL_WEEK);
  ASSERT_EQ(weeks.buckets_size(), 3);
  EXPECT_EQ(weeks.buckets(0).label(), "2025-W01");
  EXPECT_EQ(weeks.buckets(0).start().seconds(), Seconds("2024-12-30"));
  EXPECT_EQ(weeks.buckets(1).label(), "2025-W23");
  EXPECT_EQ(weeks.buckets(1).document_count(), 2u);
  EXPECT_EQ(weeks.buckets(1).mention_count(), 3u);
  EXPECT_EQ(weeks.buckets(2).label(), "2025-W25");

  v1::EntityTimelineResponse months = Timeline(v1::TIMELINE_INTERVAL_MONTH);
  ASSERT_EQ(months.buckets_size(), 2);
  EXPECT_EQ(months.buckets(1).label(), "2025-06");
  EXPECT_EQ(months.buckets(1).document_count(), 3u);

  Add("Five", "Emmanuel Macron, undated.", "en", "");
  EXPECT_EQ(Timeline(v1::TIMELINE_INTERVAL_MONTH).documents_dated_by_ingestion(), 1u);
}

TEST_F(EntitiesTest, GetEntityHasNamesAndFirstLastSeen) {
  Add("One", "Emmanuel Macron spoke.", "en", "2025-06-20");
  Add("Two", "Emmanuel Macron answered.", "en", "2025-06-02");
  v1::GetEntityRequest request;
  request.set_entity_id(kMacron);
  v1::GetEntityResponse response;
  ASSERT_TRUE(engine_->GetEntity(request, &response).ok());
  EXPECT_GT(response.entity().names_size(), 3);
  EXPECT_EQ(response.first_seen().seconds(), Seconds("2025-06-02"));
  EXPECT_EQ(response.last_seen().seconds(), Seconds("2025-06-20"));
  EXPECT_EQ(response.document_ids_size(), 2);
}

TEST_F(EntitiesTest, BadRequestsGetTheRightStatus) {
  Add("One", "Emmanuel Macron spoke.", "en", "2025-06-20");
  auto search = [&](const std::string& query, int page_size, const std::string& token) {
    v1::SearchEntitiesRequest request;
    request.set_query(query);
    request.set_page_size(page_size);
    request.set_page_token(token);
    v1::SearchEntitiesResponse response;
    return engine_->SearchEntities(request, &response);
  };
  EXPECT_TRUE(search("mac", 0, "").ok());
  absl::Status status = search("", 0, "");
  EXPECT_TRUE(absl::IsInvalidArgument(status));
  EXPECT_THAT(status.message(), HasSubstr("query"));
  status = search(std::string(2000, 'a'), 0, "");
  EXPECT_TRUE(absl::IsInvalidArgument(status));
  EXPECT_THAT(status.message(), HasSubstr("query"));
  EXPECT_TRUE(absl::IsInvalidArgument(search("\xff", 0, "")));
  EXPECT_TRUE(absl::IsInvalidArgument(search("mac", -1, "")));
  status = search("mac", 0, "not-a-token");
  EXPECT_TRUE(absl::IsInvalidArgument(status));
  EXPECT_THAT(status.message(), HasSubstr("page_token"));
  EXPECT_TRUE(absl::IsInvalidArgument(search("mac", 0, "99999")));

  v1::RelatedEntitiesRequest related;
  v1::RelatedEntitiesResponse related_response;
  EXPECT_TRUE(absl::IsInvalidArgument(engine_->RelatedEntities(related, &related_response)));
  related.set_entity_id("ng:person/nobody");
  EXPECT_TRUE(absl::IsNotFound(engine_->RelatedEntities(related, &related_response)));
  related.set_entity_id(kMacron);
  related.set_page_size(-1);
  EXPECT_TRUE(absl::IsInvalidArgument(engine_->RelatedEntities(related, &related_response)));
  related.set_page_size(0);
  related.set_page_token("x");
  EXPECT_TRUE(absl::IsInvalidArgument(engine_->RelatedEntities(related, &related_response)));
  related.clear_page_token();
  related.mutable_published_after()->set_seconds(Seconds("2025-07-01"));
  related.mutable_published_before()->set_seconds(Seconds("2025-06-01"));
  status = engine_->RelatedEntities(related, &related_response);
  EXPECT_TRUE(absl::IsInvalidArgument(status));
  EXPECT_THAT(status.message(), HasSubstr("published_after"));

  v1::EntityTimelineRequest timeline;
  v1::EntityTimelineResponse timeline_response;
  timeline.set_entity_id("ng:person/nobody");
  EXPECT_TRUE(absl::IsNotFound(engine_->EntityTimeline(timeline, &timeline_response)));
  timeline.set_entity_id(kMacron);
  timeline.set_interval(static_cast<v1::TimelineInterval>(42));
  EXPECT_TRUE(absl::IsInvalidArgument(engine_->EntityTimeline(timeline, &timeline_response)));
}

}  // namespace
}  // namespace newsgraph::query
