// Crash safety: a bulk load of generated documents in seven languages streamed to ingest
// (IngestStream), with ingest killed by SIGKILL at seeded random moments several times while
// the stream runs and restarted on the same store; the client resumes from the first document
// it has no result for, as a real loader would. After every restart the test checks, through
// the query service (a RocksDB secondary that lives through all the crashes):
//   - every acknowledged document is stored exactly once under the id it was acknowledged with
//     (GetDocument over every id, external ids unique, version 1) and is found by a word that
//     only it contains;
//   - nothing else is stored but, at most, documents committed just before a kill whose result
//     never reached the client (the resumed stream then answers them UNCHANGED, same id);
//   - the counters agree with a recount the test makes from the documents themselves: Stats'
//     document count, the full-text index (one word all documents share, paged to the end),
//     each entity's document and mention counts (GetEntity, ListEntities) and the entity and
//     language facets.
// NG_CRASH_SEED=<n> replays a schedule; the seed and every kill are printed. The suite runs
// ingest with --sync_writes=false: a SIGKILL loses nothing already written to the WAL (the page
// cache outlives the process); surviving power loss is what the default fsync is for.
#include <signal.h>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <iostream>
#include <map>
#include <random>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "tests/integration/suite_fixture.h"

namespace newsgraph::integration {
namespace {

using ::testing::ElementsAre;

constexpr int kDocuments = 3000;
constexpr int kKills = 6;
constexpr uint64_t kDefaultSeed = 20261123;
// A word every generated document contains once, so one search lists them all.
constexpr char kBulkWord[] = "crashbulk";

struct Language {
  const char* code;
  std::vector<const char*> sentences;  // with entities the knowledge base knows
  std::vector<const char*> syllables;  // random words are made of these
  const char* separator;               // between words
};

const std::vector<Language>& Languages() {
  static const auto* languages = new std::vector<Language>{
      {"de",
       {"Emmanuel Macron traf Friedrich Merz in Berlin.",
        "Nvidia und Samsung bauen neue Chipfabriken in Deutschland.",
        "Frankreich und Deutschland unterzeichnen ein Energieabkommen in Paris."},
       {"ber", "gan", "schu", "lin", "to", "ke", "mar", "wen", "ost", "rich", "al", "fe", "nu",
        "sta", "dor", "gel"},
       " "},
      {"en",
       {"Emmanuel Macron met Friedrich Merz in Berlin.",
        "Nvidia and Samsung expand chip production in Korea.",
        "France and Germany signed an energy agreement in Paris."},
       {"tham", "ble", "ward", "pen", "ro", "sil", "can", "dre", "ost", "mur", "ly", "ex", "ven",
        "tor", "bai", "quin"},
       " "},
      {"vi",
       {"Emmanuel Macron gặp Friedrich Merz tại Berlin.",
        "Samsung và TSMC công bố nhà máy mới tại Việt Nam.",
        "Pháp và Đức ký thỏa thuận năng lượng tại Paris."},
       {"nguy", "ễn", "thá", "ng", "hoà", "bì", "nh", "lư", "ơng", "trầ", "mạ", "khô", "phư", "đă",
        "xuâ", "yế"},
       " "},
      {"uk",
       {"Емманюель Макрон зустрівся з Фрідріхом Мерцом у Берліні.",
        "Німеччина та Франція підписали енергетичну угоду в Парижі.",
        "Samsung і Nvidia розширюють виробництво чипів у Кореї."},
       {"ко", "ла", "ми", "рі", "пе", "ст", "ов", "жу", "ки", "ні", "го", "ря", "ва", "ще", "бу",
        "дь"},
       " "},
      {"ru",
       {"Эммануэль Макрон встретился с Фридрихом Мерцем в Берлине.",
        "Германия и Франция подписали энергетическое соглашение в Париже.",
        "Samsung и Nvidia расширяют производство чипов в Корее."},
       {"ка", "ло", "ми", "ры", "пе", "ст", "ов", "жу", "ки", "ны", "го", "ря", "ва", "щё", "бу",
        "дэ"},
       " "},
      {"el",
       {"Ο Εμανουέλ Μακρόν συναντήθηκε με τον Φρίντριχ Μερτς στο Βερολίνο.",
        "Η Γερμανία και η Γαλλία υπέγραψαν ενεργειακή συμφωνία στο Παρίσι.",
        "Η Samsung και η Nvidia επεκτείνουν την παραγωγή τσιπ στην Κορέα."},
       {"κα", "λο", "μι", "ρη", "πε", "στ", "ου", "ζω", "κι", "νο", "γα", "ρά", "βε", "θυ", "δη",
        "φι"},
       " "},
      {"zh",
       {"马克龙在柏林会见了默茨。", "德国和法国在巴黎签署了能源协议。",
        "三星和英伟达扩大在韩国的芯片生产。"},
       {},  // random CJK ideographs instead: see Generate
       ""},
  };
  return *languages;
}

// One generated document: a word only it contains, the word all share, one or two sentences
// with known entities, and 40 random words (so that no two are near duplicates by SimHash).
ingest::v1::IngestRequest Generate(int index, std::mt19937_64& rng) {
  const Language& language = Languages()[index % Languages().size()];
  auto pick = [&rng](size_t n) { return static_cast<size_t>(rng() % n); };
  std::vector<std::string> words;
  for (int w = 0; w < 40; ++w) {
    std::string word;
    for (size_t s = 2 + pick(2); s > 0; --s)
      if (language.syllables.empty()) {
        // One of 2,000 CJK ideographs (U+4E00...), UTF-8 encoded: ICU segments unknown runs of
        // them character by character, so a small pool would make every Chinese document look
        // alike to the near-duplicate check.
        const uint32_t cp = 0x4E00 + static_cast<uint32_t>(pick(2000));
        word += static_cast<char>(0xE0 | (cp >> 12));
        word += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        word += static_cast<char>(0x80 | (cp & 0x3F));
      } else {
        word += language.syllables[pick(language.syllables.size())];
      }
    words.push_back(word);
  }
  std::string text =
      absl::StrCat("Crashtoken", index, " ", kBulkWord, " . ",
                   language.sentences[pick(language.sentences.size())], " ",
                   absl::StrJoin(words.begin(), words.begin() + 20, language.separator), ". ");
  if (pick(2) == 0)
    absl::StrAppend(&text, language.sentences[pick(language.sentences.size())], " ");
  absl::StrAppend(&text, absl::StrJoin(words.begin() + 20, words.end(), language.separator), ".");
  ingest::v1::IngestRequest request;
  request.set_external_id(absl::StrCat("crash-", index));
  request.set_text(text);
  if (index % 2 == 0) request.set_language(language.code);  // the others are detected
  if (index % 3 != 0) {
    // Somewhere in 2025, so entities get timelines.
    request.mutable_published_at()->set_seconds(1735689600 +
                                                static_cast<int64_t>(pick(364)) * 86400);
  }
  return request;
}

uint64_t Seed() {
  const char* env = std::getenv("NG_CRASH_SEED");
  return env != nullptr && *env != '\0' ? std::strtoull(env, nullptr, 10) : kDefaultSeed;
}

struct EntityCount {
  uint64_t documents = 0;
  uint64_t mentions = 0;
  bool operator==(const EntityCount& other) const {
    return documents == other.documents && mentions == other.mentions;
  }
};

std::ostream& operator<<(std::ostream& out, const EntityCount& count) {
  return out << count.documents << " documents / " << count.mentions << " mentions";
}

class CrashTest : public ::testing::Test {
 protected:
  void SetUp() override { suite_.Start(); }
  void TearDown() override {
    if (HasFailure()) std::cerr << suite_.Logs();
  }

  std::unique_ptr<ingest::v1::IngestService::Stub> IngestStub() {
    // A new channel after every restart: an old one may sit in reconnect backoff.
    return ingest::v1::IngestService::NewStub(
        rpc::MakeChannel(suite_.Address(suite_.ingest_port_)));
  }

  ingest::v1::StatsResponse Stats() {
    ingest::v1::StatsResponse stats;
    grpc::ClientContext context;
    rpc::SetTimeout(&context, absl::Seconds(10));
    grpc::Status status = IngestStub()->Stats(&context, {}, &stats);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return stats;
  }

  std::vector<std::string> SearchIds(const std::string& query) {
    query::v1::SearchRequest request;
    request.set_query(query);
    request.set_page_size(10);
    query::v1::SearchResponse response;
    grpc::ClientContext context;
    rpc::SetTimeout(&context, absl::Seconds(10));
    grpc::Status status = suite_.query_stub_->Search(&context, request, &response);
    EXPECT_TRUE(status.ok()) << query << ": " << status.error_message();
    std::vector<std::string> ids;
    for (const auto& hit : response.hits()) ids.push_back(hit.document_id());
    return ids;
  }

  // Streams documents_[acked_.size()...] until the stream ends; with `kill_after` >= 0 a
  // second thread SIGKILLs ingest once that many documents are acknowledged in all, plus
  // `delay`. Records every result; *unchanged = how many the resumed stream answered UNCHANGED.
  void StreamRound(int64_t kill_after, absl::Duration delay, int round, int* unchanged) {
    const size_t first = acked_.size();
    auto stub = IngestStub();
    grpc::ClientContext context;
    auto stream = stub->IngestStream(&context);
    std::atomic<size_t> acknowledged{first};
    std::atomic<bool> stream_over{false};
    std::thread writer([&] {
      for (size_t i = first; i < documents_.size(); ++i) {
        if (!stream->Write(documents_[i])) return;
      }
      stream->WritesDone();
    });
    std::thread killer;
    if (kill_after >= 0) {
      killer = std::thread([&, kill_after, delay] {
        while (!stream_over.load() && acknowledged.load() < static_cast<size_t>(kill_after)) {
          std::this_thread::sleep_for(std::chrono::microseconds(200));
        }
        if (stream_over.load()) return;
        absl::SleepFor(delay);
        const size_t at = acknowledged.load();
        (void)suite_.ingest_->Stop(SIGKILL, absl::Seconds(10));
        std::cout << "[crash] kill " << round + 1 << ": SIGKILL " << absl::FormatDuration(delay)
                  << " after document " << kill_after << " was acknowledged (" << at
                  << " acknowledged when the signal went)" << std::endl;
      });
    }
    *unchanged = 0;
    bool stored_seen = false;
    ingest::v1::IngestResult result;
    for (size_t i = first; stream->Read(&result); ++i) {
      // No ASSERT here: the threads must be joined first.
      if (i >= documents_.size() || result.code() != 0) {
        ADD_FAILURE() << "result " << i << ": " << result.code() << " " << result.message();
        break;
      }
      const auto outcome = result.response().outcome();
      // Only documents committed just before a kill, whose results were lost, come back
      // UNCHANGED, and only at the start of the resumed stream (ingest commits in order).
      if (outcome == ingest::v1::INGEST_OUTCOME_UNCHANGED && !stored_seen) {
        ++*unchanged;
      } else {
        EXPECT_EQ(outcome, ingest::v1::INGEST_OUTCOME_STORED)
            << documents_[i].external_id() << " (round " << round << "), duplicate of "
            << result.response().duplicate_of() << " at distance "
            << result.response().duplicate_distance() << ": " << documents_[i].text();
        stored_seen = true;
      }
      acked_.push_back(result.response().document_id());
      acknowledged.store(i + 1);
    }
    stream_over = true;
    // After a kill the writer may still wait on flow control: cancelling releases it. A stream
    // that ran to its end is not cancelled, so that Finish reports the server's status.
    if (kill_after >= 0) context.TryCancel();
    writer.join();
    if (killer.joinable()) killer.join();
    grpc::Status status = stream->Finish();
    if (kill_after >= 0) {
      EXPECT_FALSE(status.ok()) << "round " << round << ": the stream ended before the kill";
    } else {
      EXPECT_TRUE(status.ok()) << status.error_message();
    }
  }

  // Everything the file comment lists. `searched_` acknowledged documents were already found by
  // their own word in an earlier check; of those only a sample is searched again.
  void Verify(const std::string& when, std::mt19937_64& rng, bool final_check) {
    SCOPED_TRACE(when);
    // Documents stored without entities (extract too slow) are finished by a background
    // worker; counts are compared once it is done.
    for (absl::Time deadline = absl::Now() + absl::Seconds(30);
         Stats().pending_extractions() > 0 && absl::Now() < deadline;) {
      absl::SleepFor(absl::Milliseconds(100));
    }
    const ingest::v1::StatsResponse stats = Stats();
    EXPECT_EQ(stats.pending_extractions(), 0u);

    // 1. Every document id from 1 on, until well past the last acknowledged one.
    std::map<uint64_t, common::v1::Document> stored;
    uint64_t last_acked = 0;
    for (const std::string& id : acked_)
      last_acked = std::max<uint64_t>(last_acked, std::stoull(id));
    int misses = 0;
    for (uint64_t id = 1; misses < 20 || id <= last_acked; ++id) {
      query::v1::GetDocumentRequest request;
      request.set_document_id(absl::StrCat(id));
      query::v1::GetDocumentResponse response;
      grpc::ClientContext context;
      rpc::SetTimeout(&context, absl::Seconds(10));
      grpc::Status status = suite_.query_stub_->GetDocument(&context, request, &response);
      if (status.error_code() == grpc::StatusCode::NOT_FOUND) {
        ++misses;
        continue;
      }
      ASSERT_TRUE(status.ok()) << id << ": " << status.error_message();
      misses = 0;
      stored[id] = std::move(*response.mutable_document());
    }
    std::map<std::string, uint64_t> by_external_id;
    for (const auto& [id, document] : stored) {
      EXPECT_EQ(document.id(), absl::StrCat(id));
      EXPECT_EQ(document.version(), 1u) << id;
      EXPECT_EQ(document.state(), common::v1::DOCUMENT_STATE_EXTRACTED) << id;
      EXPECT_TRUE(by_external_id.emplace(document.external_id(), id).second)
          << "external id " << document.external_id() << " stored twice";
    }
    // Acknowledged documents: present under their acknowledged id, with their own text.
    for (size_t i = 0; i < acked_.size(); ++i) {
      auto it = by_external_id.find(documents_[i].external_id());
      ASSERT_NE(it, by_external_id.end()) << documents_[i].external_id() << " acknowledged, lost";
      EXPECT_EQ(absl::StrCat(it->second), acked_[i]) << documents_[i].external_id();
      EXPECT_EQ(stored[it->second].text(), documents_[i].text()) << documents_[i].external_id();
    }
    // The rest: committed just before the kill, never acknowledged; they must be the next ones.
    const size_t unacknowledged = stored.size() - std::min(stored.size(), acked_.size());
    EXPECT_LE(unacknowledged, 8u);
    for (size_t i = acked_.size(); i < acked_.size() + unacknowledged; ++i) {
      EXPECT_TRUE(i < documents_.size() && by_external_id.count(documents_[i].external_id()))
          << "stored but never sent next: document " << i;
    }
    if (final_check) {
      EXPECT_EQ(stored.size(), documents_.size());
    }
    std::cout << "[crash] " << when << ": " << stored.size() << " stored, " << acked_.size()
              << " acknowledged" << std::endl;

    // 2. Counters: Stats, and the full-text index (the shared word, paged to the end).
    EXPECT_EQ(stats.documents(), stored.size());
    std::set<std::string> indexed;
    query::v1::SearchRequest all;
    all.set_query(kBulkWord);
    all.set_page_size(100);
    all.set_sort(query::v1::SORT_ORDER_DATE_ASC);
    all.add_facets(query::v1::FACET_KIND_ENTITY);
    all.add_facets(query::v1::FACET_KIND_LANGUAGE);
    all.set_facet_size(100);
    query::v1::SearchResponse first_page;
    for (int page = 0; page < 100; ++page) {
      query::v1::SearchResponse response;
      grpc::ClientContext context;
      rpc::SetTimeout(&context, absl::Seconds(20));
      grpc::Status status = suite_.query_stub_->Search(&context, all, &response);
      ASSERT_TRUE(status.ok()) << status.error_message();
      for (const auto& hit : response.hits()) {
        EXPECT_TRUE(indexed.insert(hit.document_id()).second) << hit.document_id() << " twice";
      }
      if (page == 0) first_page = response;
      if (response.next_page_token().empty()) break;
      all.set_page_token(response.next_page_token());
    }
    EXPECT_EQ(first_page.total_hits(), stored.size());
    EXPECT_EQ(indexed.size(), stored.size());
    for (const auto& [id, document] : stored) EXPECT_TRUE(indexed.count(absl::StrCat(id))) << id;

    // 3. Each document's own word finds it, and only it.
    std::vector<size_t> to_search;
    for (size_t i = final_check ? 0 : searched_; i < acked_.size(); ++i) to_search.push_back(i);
    for (int s = 0; s < 50 && searched_ > 0 && !final_check; ++s)
      to_search.push_back(rng() % searched_);
    for (size_t i : to_search) {
      EXPECT_THAT(SearchIds(absl::StrCat("crashtoken", i)), ElementsAre(acked_[i])) << i;
    }
    searched_ = acked_.size();

    // 4. Entities: the recount from the stored documents against GetEntity and ListEntities,
    // and against the entity and language facets of the search over all documents.
    std::map<std::string, EntityCount> recount;
    std::map<std::string, uint64_t> languages;
    for (const auto& [id, document] : stored) {
      std::set<std::string> in_document;
      for (const auto& mention : document.mentions()) {
        if (mention.entity_id().empty()) continue;
        ++recount[mention.entity_id()].mentions;
        in_document.insert(mention.entity_id());
      }
      for (const std::string& entity : in_document) ++recount[entity].documents;
      ++languages[document.language()];
    }
    EXPECT_GE(recount.size(), 5u) << "the documents should mention entities";
    std::cout << "[crash] " << when << ": " << recount.size() << " entities recounted" << std::endl;
    for (const auto& [entity_id, expected] : recount) {
      query::v1::GetEntityRequest request;
      request.set_entity_id(entity_id);
      query::v1::GetEntityResponse response;
      grpc::ClientContext context;
      rpc::SetTimeout(&context, absl::Seconds(10));
      grpc::Status status = suite_.query_stub_->GetEntity(&context, request, &response);
      ASSERT_TRUE(status.ok()) << entity_id << ": " << status.error_message();
      EXPECT_EQ((EntityCount{response.document_count(), response.mention_count()}), expected)
          << "GetEntity " << entity_id;
    }
    std::map<std::string, EntityCount> listed;
    query::v1::ListEntitiesRequest list;
    list.set_page_size(200);
    for (int page = 0; page < 1000; ++page) {
      query::v1::ListEntitiesResponse response;
      grpc::ClientContext context;
      rpc::SetTimeout(&context, absl::Seconds(20));
      grpc::Status status = suite_.query_stub_->ListEntities(&context, list, &response);
      ASSERT_TRUE(status.ok()) << status.error_message();
      for (const auto& summary : response.entities()) {
        if (summary.document_count() == 0 && summary.mention_count() == 0) continue;
        listed[summary.entity().id()] = {summary.document_count(), summary.mention_count()};
      }
      if (response.next_page_token().empty()) break;
      list.set_page_token(response.next_page_token());
    }
    EXPECT_EQ(listed, recount) << "ListEntities against the recount";
    for (const auto& facet : first_page.facets()) {
      for (const auto& value : facet.values()) {
        if (facet.kind() == query::v1::FACET_KIND_ENTITY) {
          EXPECT_EQ(value.count(), recount[value.value()].documents)
              << "entity facet " << value.value();
        } else {
          EXPECT_EQ(value.count(), languages[value.value()]) << "language facet " << value.value();
        }
      }
    }
  }

  Suite suite_;
  std::vector<ingest::v1::IngestRequest> documents_;
  std::vector<std::string> acked_;  // document id of documents_[i], in order
  size_t searched_ = 0;
};

TEST_F(CrashTest, AcknowledgedDocumentsSurviveRepeatedKillDashNine) {
  const uint64_t seed = Seed();
  std::cout << "[crash] seed " << seed << " (NG_CRASH_SEED=" << seed << " replays it), "
            << kDocuments << " documents, " << kKills << " kills" << std::endl;
  std::mt19937_64 rng(seed);
  for (int i = 0; i < kDocuments; ++i) documents_.push_back(Generate(i, rng));
  // Kill points: acknowledged-document counts spread over 5%..90% of the load, each followed by
  // a random delay of up to 20 ms so the signal lands anywhere in a document's commit.
  std::vector<int64_t> kill_after;
  for (int k = 0; k < kKills; ++k) {
    kill_after.push_back(kDocuments / 20 + static_cast<int64_t>(rng() % (kDocuments * 85 / 100)));
  }
  std::sort(kill_after.begin(), kill_after.end());

  const absl::Time start = absl::Now();
  int unchanged_in_all = 0;
  for (int round = 0; round <= kKills; ++round) {
    const bool last = round == kKills;
    const absl::Duration delay = absl::Microseconds(static_cast<int64_t>(rng() % 20000));
    // A kill point already passed (two close ones) still kills right after the resume.
    int unchanged = 0;
    StreamRound(last ? -1 : kill_after[round], delay, round, &unchanged);
    if (HasFailure()) return;
    unchanged_in_all += unchanged;
    if (round > 0) {
      std::cout << "[crash] resumed stream " << round << ": " << unchanged
                << " documents were committed before the kill without their result arriving"
                << std::endl;
    }
    if (!last) {
      suite_.StartIngest(suite_.Address(suite_.ingest_port_));
      Verify(absl::StrCat("after restart ", round + 1), rng, false);
    } else {
      Verify("after the whole load", rng, true);
    }
    if (HasFatalFailure()) return;
  }
  std::cout << "[crash] done in " << absl::FormatDuration(absl::Now() - start) << "; "
            << unchanged_in_all << " committed-but-unacknowledged documents answered UNCHANGED"
            << std::endl;
}

}  // namespace
}  // namespace newsgraph::integration
