#include "services/ingest/core/ingestor.h"

#include <map>
#include <set>
#include <string>
#include <thread>

#include "absl/strings/str_cat.h"
#include "common/store/entity_counters.h"
#include "common/store/keys.h"
#include "common/store/records.h"
#include "common/testing/temp_dir.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/ingest/testing/local_extractor.h"

namespace newsgraph::ingest {
namespace {

using ::testing::HasSubstr;

constexpr char kLongArticle[] =
    "Samsung Electronics và TSMC công bố kế hoạch mở rộng hoạt động sản xuất chip tại Việt Nam, "
    "với tổng vốn đầu tư dự kiến khoảng 4,5 tỷ USD. Theo thông tin được đưa ra tại buổi họp báo ở "
    "Hà Nội, Samsung sẽ xây dựng thêm một nhà máy đóng gói và kiểm thử chip bán dẫn tại tỉnh Bắc "
    "Ninh, nơi tập đoàn này đã có cụm nhà máy sản xuất điện thoại từ hơn một thập kỷ trước. TSMC "
    "dự kiến đặt trung tâm thiết kế vi mạch đầu tiên của hãng tại Việt Nam, đồng thời nghiên cứu "
    "phương án xây dựng một cơ sở kiểm thử ở miền Bắc. Đại diện hai doanh nghiệp cho biết nhu cầu "
    "toàn cầu đối với chip trí tuệ nhân tạo đang tăng mạnh.";

class IngestorTest : public ::testing::Test {
 protected:
  void SetUp() override { Open(); }
  void Open(int near_duplicate_distance = 3) {
    ingestor_.reset();
    IngestorOptions options;
    options.data_dir = dir_.Sub("store");
    options.sync_writes = false;
    options.near_duplicate_distance = near_duplicate_distance;
    options.retry_initial_backoff = absl::Milliseconds(10);
    options.retry_max_backoff = absl::Milliseconds(100);
    auto created = Ingestor::Create(options, &extractor_);
    ASSERT_TRUE(created.ok()) << created.status();
    ingestor_ = std::move(*created);
  }
  absl::StatusOr<v1::IngestResponse> Ingest(const std::string& text, const std::string& title = "",
                                            const std::string& external_id = "") {
    v1::IngestRequest request;
    request.set_text(text);
    request.set_title(title);
    request.set_external_id(external_id);
    v1::IngestResponse response;
    absl::Status status = ingestor_->Ingest(request, &response);
    if (!status.ok()) return status;
    return response;
  }
  v1::StatsResponse Stats() {
    v1::StatsResponse stats;
    ingestor_->Stats(&stats);
    return stats;
  }
  std::unique_ptr<store::Store> OpenReader() {
    auto reader = store::Store::OpenSecondary(dir_.Sub("store"), dir_.Sub("reader"));
    EXPECT_TRUE(reader.ok()) << reader.status();
    return reader.ok() ? std::move(*reader) : nullptr;
  }
  common::v1::Document Read(uint64_t doc_id) {
    auto reader = OpenReader();
    auto stored = reader->Get(store::ColumnFamily::kDocuments, store::DocumentKey(doc_id));
    EXPECT_TRUE(stored.ok()) << stored.status();
    common::v1::Document document;
    EXPECT_TRUE(document.ParseFromString(std::string(*store::UnwrapValue(*stored))));
    return document;
  }

  testing::TempDir dir_;
  LocalExtractor extractor_;
  std::unique_ptr<Ingestor> ingestor_;
};

TEST_F(IngestorTest, StoresDocumentMentionsPostingsAndEntities) {
  auto response = Ingest("Emmanuel Macron thăm Đức và gặp Friedrich Merz.", "Macron thăm Đức");
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->document_id(), "1");
  EXPECT_EQ(response->outcome(), v1::INGEST_OUTCOME_STORED);
  EXPECT_EQ(response->state(), common::v1::DOCUMENT_STATE_EXTRACTED);
  EXPECT_GE(response->mention_count(), 2u);
  EXPECT_GT(response->sequence_number(), 0u);

  common::v1::Document document = Read(1);
  EXPECT_EQ(document.title(), "Macron thăm Đức");
  EXPECT_EQ(document.version(), 1u);
  EXPECT_EQ(document.mentions_size(), static_cast<int>(response->mention_count()));
  auto reader = OpenReader();
  EXPECT_THAT(store::ReadPostingList(*reader, "duc")->doc_ids, ::testing::ElementsAre(1u));
  EXPECT_TRUE(reader->Get(store::ColumnFamily::kEntities, store::EntityKey("ng:country/de")).ok());
  EXPECT_TRUE(reader
                  ->Get(store::ColumnFamily::kEntityDocs,
                        store::EntityDocKey("ng:person/emmanuel-macron", 1))
                  .ok());
}

TEST_F(IngestorTest, KeepsRawTextAndIndexesCleanNfcBody) {
  std::string raw =
      "date 2026-03-14\nSamsung và TSMC mở rộng nhà máy tại Việt Nam\n"
      "Cafe\xCC\x81 ở Hà Nội đông khách hơn mọi năm, theo các chủ quán.\n"
      "Samsung va TSMC mo rong nha may tai Viet Nam\n"
      "www.example-news.vn   Chia sẻ  • facebook • twitter   Bình luận\n";
  auto response = Ingest(raw);
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->title(), "Samsung và TSMC mở rộng nhà máy tại Việt Nam");
  EXPECT_FALSE(response->removed().empty());
  common::v1::Document document = Read(1);
  EXPECT_EQ(document.text(), raw);
  EXPECT_EQ(document.body(), "Caf\xC3\xA9 ở Hà Nội đông khách hơn mọi năm, theo các chủ quán.");
  EXPECT_EQ(document.published_precision(), common::v1::DATE_PRECISION_DAY);
  EXPECT_EQ(document.published_at().seconds(), 1773446400);  // 2026-03-14T00:00:00Z
  EXPECT_EQ(document.language(), "vi");
}

TEST_F(IngestorTest, ReadsHtmlPagesWithTheirMetadata) {
  v1::IngestRequest request;
  request.set_content_type(v1::CONTENT_TYPE_HTML);
  request.set_text(
      "<html lang=\"el\"><head><title>Ο Μακρόν στο Βερολίνο</title>"
      "<meta property=\"article:published_time\" content=\"2025-06-02T13:45:00Z\">"
      "<script>var tracking = 1;</script></head><body><nav>Αρχική | Κόσμος</nav>"
      "<article><p>Ο Εμανουέλ Μακρόν συναντήθηκε με τον Φρίντριχ Μερτς στο Βερολίνο.</p>"
      "<div class=\"share-buttons\">Κοινοποίηση Facebook</div></article>"
      "<footer>© 2025 example</footer></body></html>");
  v1::IngestResponse response;
  ASSERT_TRUE(ingestor_->Ingest(request, &response).ok());
  EXPECT_EQ(response.title(), "Ο Μακρόν στο Βερολίνο");
  EXPECT_EQ(response.language(), "el");
  common::v1::Document document = Read(1);
  EXPECT_EQ(document.body(), "Ο Εμανουέλ Μακρόν συναντήθηκε με τον Φρίντριχ Μερτς στο Βερολίνο.");
  EXPECT_EQ(document.published_at().seconds(), 1748871900);
  EXPECT_GE(document.mentions_size(), 2);

  request.set_content_type(static_cast<v1::ContentType>(77));
  EXPECT_THAT(ingestor_->Ingest(request, &response).message(), HasSubstr("content_type"));
}

TEST_F(IngestorTest, IdsKeepIncreasingAcrossRestarts) {
  ASSERT_EQ(Ingest("The first report.")->document_id(), "1");
  ASSERT_EQ(Ingest("The second report.")->document_id(), "2");
  Open();
  EXPECT_EQ(Ingest("The third report.")->document_id(), "3");
  EXPECT_EQ(Stats().documents(), 3u);
}

TEST_F(IngestorTest, ExactDuplicateIsAnsweredWithTheOriginal) {
  auto first = Ingest("Macron arrived in Berlin on Monday.");
  auto second = Ingest("Macron   arrived in Berlin on Monday.\n");  // same once normalized
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(second->outcome(), v1::INGEST_OUTCOME_DUPLICATE);
  EXPECT_EQ(second->duplicate_of(), first->document_id());
  EXPECT_EQ(second->duplicate_distance(), 0u);
  EXPECT_EQ(Stats().documents(), 1u);
  EXPECT_EQ(Stats().duplicates_since_start(), 1u);
}

TEST_F(IngestorTest, NearDuplicateIsDetectedUnlessTurnedOff) {
  std::string changed = kLongArticle;
  changed.replace(changed.find("4,5"), 3, "4,6");
  auto first = Ingest(kLongArticle);
  auto second = Ingest(changed);
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(second->outcome(), v1::INGEST_OUTCOME_DUPLICATE);
  EXPECT_EQ(second->duplicate_of(), first->document_id());
  EXPECT_GT(second->duplicate_distance(), 0u);

  Open(/*near_duplicate_distance=*/-1);
  EXPECT_EQ(Ingest(changed)->outcome(), v1::INGEST_OUTCOME_STORED);
}

TEST_F(IngestorTest, ExternalIdMakesRetriesSafeAndNewContentANewVersion) {
  auto first = Ingest("Macron met Merz in Berlin.", "", "feed-42");
  auto retry = Ingest("Macron met Merz in Berlin.", "", "feed-42");
  ASSERT_TRUE(first.ok() && retry.ok());
  EXPECT_EQ(retry->outcome(), v1::INGEST_OUTCOME_UNCHANGED);
  EXPECT_EQ(retry->document_id(), first->document_id());

  auto updated = Ingest("Macron met Merz in Paris.", "", "feed-42");
  ASSERT_TRUE(updated.ok());
  EXPECT_EQ(updated->outcome(), v1::INGEST_OUTCOME_NEW_VERSION);
  EXPECT_EQ(updated->document_id(), first->document_id());
  EXPECT_EQ(Read(1).version(), 2u);
  EXPECT_EQ(Stats().documents(), 1u);
  auto reader = OpenReader();
  EXPECT_EQ(store::ReadPostingList(*reader, "berlin")->size(), 0u);
  EXPECT_THAT(store::ReadPostingList(*reader, "paris")->doc_ids, ::testing::ElementsAre(1u));
  EXPECT_TRUE(absl::IsNotFound(
      reader->Get(store::ColumnFamily::kEntityDocs, store::EntityDocKey("ng:loc/berlin", 1))
          .status()));
}

TEST_F(IngestorTest, ExtractOutageStoresPendingAndTheWorkerCatchesUp) {
  extractor_.available = false;
  auto response = Ingest("Emmanuel Macron in Berlin.");
  ASSERT_TRUE(response.ok()) << response.status();
  EXPECT_EQ(response->state(), common::v1::DOCUMENT_STATE_PENDING_EXTRACTION);
  EXPECT_EQ(Stats().pending_extractions(), 1u);
  EXPECT_EQ(Read(1).mentions_size(), 0);

  extractor_.available = true;
  absl::Time deadline = absl::Now() + absl::Seconds(20);
  while (Stats().pending_extractions() > 0 && absl::Now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_EQ(Stats().pending_extractions(), 0u);
  common::v1::Document document = Read(1);
  EXPECT_EQ(document.state(), common::v1::DOCUMENT_STATE_EXTRACTED);
  EXPECT_GE(document.mentions_size(), 2);
}

// The story of `doc_id` as stored (0 when it has none), and whether its stories row is there.
uint64_t StoredStory(store::Store& reader, uint64_t doc_id) {
  auto value = reader.Get(store::ColumnFamily::kDocStory, store::DocumentKey(doc_id));
  if (!value.ok()) return 0;
  const uint64_t story = *store::DecodeFixed64BE(*store::UnwrapValue(*value));
  EXPECT_TRUE(reader.Get(store::ColumnFamily::kStories, store::StoryMemberKey(story, doc_id)).ok())
      << doc_id;
  return story;
}

TEST_F(IngestorTest, StoryMembershipFollowsVersionsAndPendingExtraction) {
  ASSERT_TRUE(Ingest("Emmanuel Macron met Friedrich Merz in Berlin.", "Talks", "a").ok());
  ASSERT_TRUE(
      Ingest("In Berlin, Friedrich Merz welcomed Emmanuel Macron for talks.", "Visit", "b").ok());
  ASSERT_TRUE(Ingest("Ministers met in Tokyo on Friday.", "Tokyo", "c").ok());
  {
    auto reader = OpenReader();
    EXPECT_EQ(StoredStory(*reader, 1), 1u);
    EXPECT_EQ(StoredStory(*reader, 2), 1u);
    EXPECT_EQ(StoredStory(*reader, 3), 3u);  // no shared entity: a story of its own
  }
  // A new version about something else leaves the story.
  ASSERT_TRUE(Ingest("Ministers from Japan gathered in Tokyo.", "Visit", "b").ok());
  {
    auto reader = OpenReader();
    EXPECT_NE(StoredStory(*reader, 2), 1u);
    EXPECT_NE(StoredStory(*reader, 2), 0u);
    EXPECT_TRUE(absl::IsNotFound(
        reader->Get(store::ColumnFamily::kStories, store::StoryMemberKey(1, 2)).status()));
  }
  // A pending document joins once its entities arrive.
  extractor_.available = false;
  ASSERT_TRUE(Ingest("Emmanuel Macron and Friedrich Merz spoke in Berlin again.").ok());
  EXPECT_EQ(StoredStory(*OpenReader(), 4), 0u);
  extractor_.available = true;
  absl::Time deadline = absl::Now() + absl::Seconds(20);
  while (Stats().pending_extractions() > 0 && absl::Now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_EQ(StoredStory(*OpenReader(), 4), 1u);
}

// The story_dates keys the stories family implies: one per story, at its newest member's date.
std::set<std::string> ExpectedStoryDates(const store::Store& reader) {
  std::map<uint64_t, int64_t> last;
  EXPECT_TRUE(reader
                  .ScanPrefix(store::ColumnFamily::kStories, "",
                              [&](std::string_view key, std::string_view value) {
                                auto parts = store::DecodeStoryMemberKey(key);
                                auto member = store::DecodeStoryMember(value);
                                EXPECT_TRUE(parts.ok() && member.ok());
                                auto [it, fresh] =
                                    last.emplace(parts->story_id, member->date_seconds);
                                if (!fresh) it->second = std::max(it->second, member->date_seconds);
                                return true;
                              })
                  .ok());
  std::set<std::string> keys;
  for (const auto& [story, seconds] : last) keys.insert(store::StoryDateKey(seconds, story));
  return keys;
}

std::set<std::string> StoredStoryDates(const store::Store& reader) {
  std::set<std::string> keys;
  EXPECT_TRUE(reader
                  .ScanPrefix(store::ColumnFamily::kStoryDates, "",
                              [&](std::string_view key, std::string_view) {
                                keys.emplace(key);
                                return true;
                              })
                  .ok());
  return keys;
}

// The counters as a secondary sees them equal a recount from entity_docs and doc_meta, and the
// story date index one from the stories family.
void ExpectCountersMatchRecount(const store::Store& reader, const std::string& when) {
  auto recount = store::RecountEntityCounters(reader);
  auto stored = store::ReadEntityCounterTables(reader);
  ASSERT_TRUE(recount.ok() && stored.ok()) << when;
  EXPECT_FALSE(recount->totals.empty()) << when;
  EXPECT_EQ(stored->totals, recount->totals) << when;
  EXPECT_EQ(stored->days, recount->days) << when;
  EXPECT_EQ(stored->pairs, recount->pairs) << when;
  EXPECT_EQ(stored->dates, recount->dates) << when;
  EXPECT_EQ(StoredStoryDates(reader), ExpectedStoryDates(reader)) << when;
}

TEST_F(IngestorTest, EntityCountersAndStoryDatesFollowAddsVersionsAndPendingExtraction) {
  constexpr char kMacron[] = "ng:person/emmanuel-macron";
  constexpr char kBerlin[] = "ng:loc/berlin";
  ASSERT_TRUE(Ingest("Emmanuel Macron met Friedrich Merz in Berlin.", "Talks", "a").ok());
  {
    v1::IngestRequest request;
    request.set_text("In Berlin, Friedrich Merz welcomed Emmanuel Macron. Macron smiled.");
    request.set_title("Visit");
    request.set_external_id("b");
    request.mutable_published_at()->set_seconds(1748822400);  // 2025-06-02
    v1::IngestResponse response;
    ASSERT_TRUE(ingestor_->Ingest(request, &response).ok());
  }
  ASSERT_TRUE(Ingest("Ministers met in Tokyo on Friday.", "Tokyo", "c").ok());
  {
    auto reader = OpenReader();
    ExpectCountersMatchRecount(*reader, "after adds");
    auto macron = store::ReadEntityTotals(*reader, kMacron);
    ASSERT_TRUE(macron.ok()) << macron.status();
    EXPECT_EQ(macron->documents, 2u);
    EXPECT_EQ(macron->mentions, 3u);
    auto pairs = store::ReadEntityPairs(*reader, kMacron);
    ASSERT_TRUE(pairs.ok());
    bool saw_berlin = false;
    for (const auto& [id, counts] : *pairs) {
      EXPECT_NE(id, kMacron);
      if (id == kBerlin) {
        saw_berlin = true;
        EXPECT_EQ(counts.documents, 2u);
      }
    }
    EXPECT_TRUE(saw_berlin);
    // One document dated by publication (2025-06-02 = day 20241), one by ingestion.
    auto days = store::ReadEntityDays(*reader, kMacron, INT64_MIN, INT64_MAX);
    ASSERT_TRUE(days.ok());
    ASSERT_EQ(days->size(), 2u);
    EXPECT_EQ(days->front().first, 20241);
    EXPECT_EQ(days->front().second.dated_by_ingestion, 0u);
    EXPECT_EQ(days->back().second.dated_by_ingestion, 1u);
  }
  auto records = [&] {
    return *store::ReadCounter(*OpenReader(), store::CounterKey(store::kEntityRecordsCounter), 0);
  };
  const uint64_t records_before = records();
  EXPECT_GT(records_before, 0u);
  // The same entities again: no record rewritten, the autocomplete names stay valid.
  ASSERT_TRUE(Ingest("Friedrich Merz and Emmanuel Macron, Berlin.", "Again", "d").ok());
  EXPECT_EQ(records(), records_before);

  // A new version about something else moves its counts out; its old rows disappear.
  ASSERT_TRUE(Ingest("Ministers from Japan gathered in Tokyo.", "Visit", "b").ok());
  ExpectCountersMatchRecount(*OpenReader(), "after a new version");
  EXPECT_EQ(store::ReadEntityTotals(*OpenReader(), kMacron)->documents, 2u);  // a and d

  // A pending document counts once its entities arrive.
  extractor_.available = false;
  ASSERT_TRUE(Ingest("Emmanuel Macron and Friedrich Merz spoke in Berlin again.").ok());
  ExpectCountersMatchRecount(*OpenReader(), "while pending");
  extractor_.available = true;
  absl::Time deadline = absl::Now() + absl::Seconds(20);
  while (Stats().pending_extractions() > 0 && absl::Now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  ExpectCountersMatchRecount(*OpenReader(), "after extraction");
  EXPECT_EQ(store::ReadEntityTotals(*OpenReader(), kMacron)->documents, 3u);

  // And across a restart (nothing is cached that the store does not hold).
  Open();
  ASSERT_TRUE(Ingest("Emmanuel Macron flew to Tokyo.", "Trip", "e").ok());
  ASSERT_TRUE(Ingest("Emmanuel Macron flew back from Tokyo to Berlin.", "Trip", "e").ok());
  ExpectCountersMatchRecount(*OpenReader(), "after a restart");
}

TEST_F(IngestorTest, PendingWorkSurvivesARestart) {
  extractor_.available = false;
  ASSERT_TRUE(Ingest("Emmanuel Macron in Berlin.").ok());
  ASSERT_TRUE(Ingest("Friedrich Merz in Paris.").ok());
  ingestor_.reset();
  extractor_.available = true;
  Open();
  absl::Time deadline = absl::Now() + absl::Seconds(20);
  while (Stats().pending_extractions() > 0 && absl::Now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_EQ(Stats().pending_extractions(), 0u);
  EXPECT_GE(Read(2).mentions_size(), 2);
}

TEST_F(IngestorTest, RejectsBadInputWithoutCallingExtract) {
  EXPECT_EQ(Ingest("").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Ingest("bad \xFF").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(Ingest("Chia sẻ • facebook • twitter").status().message(), HasSubstr("text"));
  EXPECT_EQ(extractor_.calls, 0);
  EXPECT_EQ(Stats().rejected_since_start(), 3u);
  EXPECT_EQ(Stats().documents(), 0u);
}

TEST_F(IngestorTest, BatchReportsEachDocumentAndEnforcesItsLimit) {
  v1::IngestBatchRequest request;
  request.add_documents()->set_text("Macron met Merz in Berlin.");
  request.add_documents()->set_text("");
  request.add_documents()->set_text("Macron met Merz in Berlin.");
  v1::IngestBatchResponse response;
  ASSERT_TRUE(ingestor_->IngestBatch(request, &response).ok());
  ASSERT_EQ(response.results_size(), 3);
  EXPECT_EQ(response.results(0).code(), 0);
  EXPECT_EQ(response.results(0).response().outcome(), v1::INGEST_OUTCOME_STORED);
  EXPECT_EQ(response.results(1).code(), static_cast<int>(absl::StatusCode::kInvalidArgument));
  EXPECT_THAT(response.results(1).message(), HasSubstr("text"));
  EXPECT_EQ(response.results(2).response().outcome(), v1::INGEST_OUTCOME_DUPLICATE);

  EXPECT_EQ(ingestor_->IngestBatch(v1::IngestBatchRequest(), &response).code(),
            absl::StatusCode::kInvalidArgument);
  v1::IngestBatchRequest too_big;
  for (int i = 0; i < 1001; ++i) too_big.add_documents()->set_text("x");
  EXPECT_EQ(ingestor_->IngestBatch(too_big, &response).code(),
            absl::StatusCode::kResourceExhausted);
}

TEST_F(IngestorTest, SecondWriterIsRefused) {
  IngestorOptions options;
  options.data_dir = dir_.Sub("store");
  EXPECT_EQ(Ingestor::Create(options, &extractor_).status().code(),
            absl::StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace newsgraph::ingest
