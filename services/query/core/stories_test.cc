// Stories end to end below gRPC: the samples go in through the real ingest core (real extraction
// with the seed knowledge base), ingest groups them, and QueryEngine lists and details them.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/time/time.h"
#include "common/store/records.h"
#include "common/testing/temp_dir.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/ingest/core/ingestor.h"
#include "services/ingest/testing/local_extractor.h"
#include "services/query/core/entity_answers.h"
#include "services/query/core/query_engine.h"
#include "tools/cli/article_file.h"

namespace newsgraph::query {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr char kMacron[] = "ng:person/emmanuel-macron";

// A sample article, parsed as the CLI parses it (headers optional, CRLF tolerated).
ingest::v1::IngestRequest ReadSample(const std::string& path) {
  std::ifstream in(path);
  std::stringstream all;
  all << in.rdbuf();
  auto request = cli::ParseArticle(all.str(), path);
  EXPECT_TRUE(request.ok()) << request.status();
  return request.ok() ? *request : ingest::v1::IngestRequest();
}

class StoriesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ingest::IngestorOptions options;
    options.data_dir = dir_.Sub("store");
    options.sync_writes = false;
    options.near_duplicate_distance = -1;  // the reworded old copy is not a near-duplicate
    ingestor_ = std::move(ingest::Ingestor::Create(options, &extractor_)).value();
    engine_ =
        std::make_unique<QueryEngine>(QueryEngineOptions{dir_.Sub("store"), dir_.Sub("secondary")});
  }

  // Ingests every sample; returns file stem → document id.
  std::map<std::string, std::string> AddSamples() {
    std::vector<std::string> paths;
    for (const auto& entry : std::filesystem::directory_iterator(NG_SAMPLES_DIR)) {
      if (entry.path().extension() == ".txt") paths.push_back(entry.path().string());
    }
    std::sort(paths.begin(), paths.end());
    std::map<std::string, std::string> ids;
    for (const std::string& path : paths) {
      ids[std::filesystem::path(path).stem().string()] = Add(ReadSample(path));
    }
    return ids;
  }

  std::string Add(const ingest::v1::IngestRequest& request) {
    ingest::v1::IngestResponse response;
    absl::Status status = ingestor_->Ingest(request, &response);
    EXPECT_TRUE(status.ok()) << status;
    EXPECT_EQ(response.outcome(), ingest::v1::INGEST_OUTCOME_STORED) << request.title();
    return response.document_id();
  }

  // document id → story id, from ListStories and GetStory.
  std::map<std::string, std::string> StoryOfEachDocument() {
    std::map<std::string, std::string> story_of;
    v1::ListStoriesRequest request;
    request.set_page_size(2);  // several pages, so the tokens are exercised too
    std::set<std::string> seen;
    do {
      v1::ListStoriesResponse page;
      absl::Status status = engine_->ListStories(request, &page);
      EXPECT_TRUE(status.ok()) << status;
      for (const auto& summary : page.stories()) {
        EXPECT_TRUE(seen.insert(summary.story_id()).second) << summary.story_id();
        v1::GetStoryRequest get;
        get.set_story_id(summary.story_id());
        v1::GetStoryResponse story;
        status = engine_->GetStory(get, &story);
        EXPECT_TRUE(status.ok()) << status;
        EXPECT_EQ(story.members_size(), static_cast<int>(summary.member_count()));
        for (const auto& member : story.members())
          story_of[member.document_id()] = summary.story_id();
      }
      request.set_page_token(page.next_page_token());
    } while (!request.page_token().empty());
    return story_of;
  }

  testing::TempDir dir_;
  ingest::LocalExtractor extractor_;
  std::unique_ptr<ingest::Ingestor> ingestor_;
  std::unique_ptr<QueryEngine> engine_;
};

TEST_F(StoriesTest, MultiLanguageEventIsOneStoryAndUnrelatedArticlesStayApart) {
  std::map<std::string, std::string> ids = AddSamples();
  // The same Macron report a year earlier, reworded so it is not a duplicate: same entities,
  // another event.
  ingest::v1::IngestRequest old_copy =
      ReadSample(std::string(NG_SAMPLES_DIR) + "/macron-berlin-en.txt");
  old_copy.set_external_id("old-copy");
  old_copy.set_text("A year before, in a separate visit. " + old_copy.text());
  old_copy.mutable_published_at()->set_seconds(old_copy.published_at().seconds() - 365 * 86400);
  const std::string old_id = Add(old_copy);

  std::map<std::string, std::string> story_of = StoryOfEachDocument();
  const std::string macron_story = story_of[ids["macron-berlin-en"]];
  ASSERT_FALSE(macron_story.empty());
  for (const auto& [name, id] : ids) {
    const bool macron = absl::StartsWith(name, "macron-berlin-");
    EXPECT_EQ(story_of[id] == macron_story, macron) << name;
    if (absl::StartsWith(name, "chips-") || absl::StartsWith(name, "nvidia-ai-")) {
      EXPECT_FALSE(story_of[id].empty()) << name;  // every document with entities has a story
    }
  }
  EXPECT_NE(story_of[old_id], macron_story);

  v1::GetStoryRequest get;
  get.set_story_id(macron_story);
  v1::GetStoryResponse story;
  ASSERT_TRUE(engine_->GetStory(get, &story).ok());
  EXPECT_THAT(story.story().languages(), ElementsAre("de", "el", "en", "ru", "uk"));
  ASSERT_GT(story.top_entities_size(), 0);
  std::vector<std::string> evidence;
  for (const auto& entity : story.shared_entities()) {
    EXPECT_GE(entity.member_count(), 2u);
    evidence.push_back(entity.entity_id());
  }
  EXPECT_THAT(evidence, Contains(kMacron));
  EXPECT_LE(story.story().first_date().seconds(), story.story().last_date().seconds());
  for (int i = 1; i < story.members_size(); ++i) {
    EXPECT_FALSE(story.members(i).title().empty());
  }
}

TEST_F(StoriesTest, FiltersAndErrors) {
  AddSamples();
  v1::ListStoriesRequest request;
  request.set_language("EL");
  v1::ListStoriesResponse response;
  ASSERT_TRUE(engine_->ListStories(request, &response).ok());
  ASSERT_GT(response.stories_size(), 0);
  for (const auto& summary : response.stories()) {
    EXPECT_THAT(summary.languages(), Contains("el"));
  }
  // Newest first.
  request.clear_language();
  response.Clear();
  ASSERT_TRUE(engine_->ListStories(request, &response).ok());
  for (int i = 1; i < response.stories_size(); ++i) {
    EXPECT_GE(response.stories(i - 1).last_date().seconds(),
              response.stories(i).last_date().seconds());
  }

  request.set_page_token("garbage");
  absl::Status status = engine_->ListStories(request, &response);
  EXPECT_TRUE(absl::IsInvalidArgument(status));
  EXPECT_THAT(status.message(), HasSubstr("page_token"));

  v1::GetStoryRequest get;
  v1::GetStoryResponse story;
  get.set_story_id("abc");
  status = engine_->GetStory(get, &story);
  EXPECT_TRUE(absl::IsInvalidArgument(status));
  EXPECT_THAT(status.message(), HasSubstr("story_id"));
  get.set_story_id("999999");
  EXPECT_TRUE(absl::IsNotFound(engine_->GetStory(get, &story)));
}

// The story_dates index pages exactly like one big page, newest first, each story once.
TEST_F(StoriesTest, DateIndexPagesNewestFirstWithoutGapsOrRepeats) {
  AddSamples();
  auto list = [&](int page_size, const std::string& language) {
    std::vector<std::pair<int64_t, std::string>> listed;
    v1::ListStoriesRequest request;
    request.set_page_size(page_size);
    request.set_language(language);
    do {
      v1::ListStoriesResponse page;
      absl::Status status = engine_->ListStories(request, &page);
      EXPECT_TRUE(status.ok()) << status;
      if (!status.ok()) break;
      EXPECT_LE(page.stories_size(), page_size);
      for (const auto& summary : page.stories()) {
        listed.emplace_back(summary.last_date().seconds(), summary.story_id());
      }
      request.set_page_token(page.next_page_token());
    } while (!request.page_token().empty());
    return listed;
  };
  const auto all = list(200, "");
  std::set<std::string> stories;
  for (const auto& [doc, story] : StoryOfEachDocument()) stories.insert(story);
  ASSERT_GT(all.size(), 3u);
  EXPECT_EQ(all.size(), stories.size());
  for (size_t i = 1; i < all.size(); ++i) {
    int64_t id_before = 0, id = 0;
    ASSERT_TRUE(absl::SimpleAtoi(all[i - 1].second, &id_before));
    ASSERT_TRUE(absl::SimpleAtoi(all[i].second, &id));
    EXPECT_TRUE(all[i - 1].first > all[i].first ||
                (all[i - 1].first == all[i].first && id_before > id))
        << i;
  }
  EXPECT_EQ(list(1, ""), all);
  EXPECT_EQ(list(3, ""), all);
  const auto greek = list(200, "el");
  ASSERT_FALSE(greek.empty());
  EXPECT_LT(greek.size(), all.size());
  EXPECT_EQ(list(1, "el"), greek);
}

// The counters (entity_pairs, entity_days, entity_totals) answer exactly as walking every
// document does, for every entity of the samples.
TEST_F(StoriesTest, CounterAnswersEqualDocumentWalks) {
  AddSamples();
  auto opened = store::Store::OpenSecondary(dir_.Sub("store"), dir_.Sub("compare"));
  ASSERT_TRUE(opened.ok()) << opened.status();
  const store::Store& db = **opened;
  v1::ListEntitiesRequest list;
  list.set_page_size(200);
  v1::ListEntitiesResponse entities;
  ASSERT_TRUE(engine_->ListEntities(list, &entities).ok());
  ASSERT_GT(entities.entities_size(), 20);
  int with_related = 0;
  for (const auto& summary : entities.entities()) {
    const std::string& id = summary.entity().id();
    auto documents = store::ReadEntityDocuments(db, id);
    ASSERT_TRUE(documents.ok());
    EXPECT_EQ(summary.document_count(), documents->documents.size()) << id;
    EXPECT_EQ(summary.mention_count(), documents->mention_count) << id;
    if (documents->documents.empty()) continue;

    // First and last seen (two entity_dates seeks) against the dates of every document.
    int64_t first = INT64_MAX, last = INT64_MIN;
    for (const auto& [doc_id, mentions] : documents->documents) {
      auto meta = store::ReadDocMeta(db, doc_id);
      ASSERT_TRUE(meta.ok());
      const int64_t date = meta->has_published ? meta->published_seconds : meta->ingested_seconds;
      first = std::min(first, date);
      last = std::max(last, date);
    }
    v1::GetEntityRequest get;
    get.set_entity_id(id);
    v1::GetEntityResponse entity;
    ASSERT_TRUE(engine_->GetEntity(get, &entity).ok()) << id;
    EXPECT_EQ(entity.first_seen().seconds(), first) << id;
    EXPECT_EQ(entity.last_seen().seconds(), last) << id;
    EXPECT_EQ(entity.document_count(), documents->documents.size()) << id;

    v1::RelatedEntitiesRequest related;
    related.set_entity_id(id);
    related.set_page_size(200);
    v1::RelatedEntitiesResponse by_counters, by_walk;
    ASSERT_TRUE(RelatedEntities(db, related, &by_counters, EntityAnswerSource::kAuto).ok());
    ASSERT_TRUE(RelatedEntities(db, related, &by_walk, EntityAnswerSource::kWalk).ok());
    EXPECT_EQ(by_counters.DebugString(), by_walk.DebugString()) << id;
    with_related += by_counters.related_size() > 0;

    for (v1::TimelineInterval interval :
         {v1::TIMELINE_INTERVAL_DAY, v1::TIMELINE_INTERVAL_WEEK, v1::TIMELINE_INTERVAL_MONTH}) {
      v1::EntityTimelineRequest timeline;
      timeline.set_entity_id(id);
      timeline.set_interval(interval);
      v1::EntityTimelineResponse days, walk;
      ASSERT_TRUE(EntityTimeline(db, timeline, &days, EntityAnswerSource::kAuto).ok());
      ASSERT_TRUE(EntityTimeline(db, timeline, &walk, EntityAnswerSource::kWalk).ok());
      EXPECT_EQ(days.DebugString(), walk.DebugString()) << id << " " << interval;
      // A whole-day range is answered from the day rows too.
      timeline.mutable_published_after()->set_seconds(1748736000);   // 2025-06-01
      timeline.mutable_published_before()->set_seconds(1764547200);  // 2025-12-01
      days.Clear();
      walk.Clear();
      ASSERT_TRUE(EntityTimeline(db, timeline, &days, EntityAnswerSource::kAuto).ok());
      ASSERT_TRUE(EntityTimeline(db, timeline, &walk, EntityAnswerSource::kWalk).ok());
      EXPECT_EQ(days.DebugString(), walk.DebugString()) << id << " " << interval << " range";
    }
  }
  EXPECT_GT(with_related, 10);
}

}  // namespace
}  // namespace newsgraph::query
