// Search end to end below gRPC: documents go in through the real ingest core (primary store,
// real analysis and extraction) and come out through QueryEngine (secondary store).
#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "common/store/records.h"
#include "common/testing/temp_dir.h"
#include "common/text/normalizer.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/ingest/core/ingestor.h"
#include "services/ingest/testing/local_extractor.h"
#include "services/query/core/doc_table.h"
#include "services/query/core/query_engine.h"

namespace newsgraph::query {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::UnorderedElementsAre;

struct Article {
  std::string title;
  std::string text;
  std::string language;
  std::string source = "";
  std::string published = "";  // "YYYY-MM-DD", UTC midnight
  std::string external_id = "";
};

class SearchTest : public ::testing::Test {
 protected:
  void SetUp() override { Open(QueryEngineOptions{dir_.Sub("store"), dir_.Sub("secondary")}); }

  void Open(QueryEngineOptions options) {
    if (ingestor_ == nullptr) {
      ingest::IngestorOptions ingest_options;
      ingest_options.data_dir = dir_.Sub("store");
      ingest_options.sync_writes = false;
      ingest_options.near_duplicate_distance = -1;  // similar test articles are not duplicates
      ingestor_ = std::move(ingest::Ingestor::Create(ingest_options, &extractor_)).value();
    }
    engine_ = std::make_unique<QueryEngine>(std::move(options));
  }

  ingest::v1::IngestResponse Ingest(const Article& article) {
    ingest::v1::IngestRequest request;
    request.set_title(article.title);
    request.set_text(article.text);
    request.set_language(article.language);
    request.set_source(article.source);
    request.set_external_id(article.external_id);
    if (!article.published.empty()) {
      absl::Time time;
      std::string error;
      EXPECT_TRUE(absl::ParseTime("%Y-%m-%d", article.published, &time, &error)) << error;
      request.mutable_published_at()->set_seconds(absl::ToUnixSeconds(time));
    }
    ingest::v1::IngestResponse response;
    absl::Status status = ingestor_->Ingest(request, &response);
    EXPECT_TRUE(status.ok()) << status;
    return response;
  }
  std::string Add(const Article& article) { return Ingest(article).document_id(); }

  v1::SearchResponse Run(const v1::SearchRequest& request) {
    v1::SearchResponse response;
    absl::Status status = engine_->Search(request, &response);
    EXPECT_TRUE(status.ok()) << request.ShortDebugString() << ": " << status;
    return response;
  }
  static std::vector<std::string> Ids(const v1::SearchResponse& response) {
    std::vector<std::string> ids;
    for (const auto& hit : response.hits()) ids.push_back(hit.document_id());
    return ids;
  }
  std::vector<std::string> SearchIds(const std::string& query) {
    v1::SearchRequest request;
    request.set_query(query);
    request.set_page_size(100);
    return Ids(Run(request));
  }
  absl::Status SearchStatus(const v1::SearchRequest& request) {
    v1::SearchResponse response;
    return engine_->Search(request, &response);
  }

  testing::TempDir dir_;
  ingest::LocalExtractor extractor_;
  std::unique_ptr<ingest::Ingestor> ingestor_;
  std::unique_ptr<QueryEngine> engine_;
};

TEST_F(SearchTest, FindsInflectedAndUnaccentedFormsInEveryScript) {
  const std::string vi = Add({"Samsung và TSMC công bố", "Hai hãng chip công bố kế hoạch.", "vi"});
  const std::string uk = Add({"Візит", "Президент Франції прибув до Німеччини.", "uk"});
  const std::string el = Add({"Επίσκεψη", "Ο πρόεδρος ταξίδεψε στη Γερμανίας.", "el"});
  const std::string ru = Add({"Визит", "Переговоры прошли в Берлине.", "ru"});
  const std::string en = Add({"Vote", "The elections were held on Sunday.", "en"});
  const std::string de = Add({"Besuch", "Die Hauptstadt Deutschlands empfing Gäste.", "de"});
  const std::string fr = Add({"Scrutin", "Les élections législatives ont eu lieu.", "fr"});
  const std::string zh = Add({"英伟达发布新芯片", "英伟达在北京发布新的人工智能芯片。", "zh"});

  EXPECT_THAT(SearchIds("Samsung va TSMC cong bo"), ElementsAre(vi));
  EXPECT_THAT(SearchIds("Німеччина"), ElementsAre(uk));  // nominative finds the genitive
  EXPECT_THAT(SearchIds("Γερμανια"), ElementsAre(el));   // without tonos, other case
  EXPECT_THAT(SearchIds("БЕРЛИН"), ElementsAre(ru));     // nominative finds the locative
  EXPECT_THAT(SearchIds("election"), UnorderedElementsAre(en, fr));  // stem + folded é
  EXPECT_THAT(SearchIds("Deutschland"), ElementsAre(de));
  EXPECT_THAT(SearchIds("ÉLECTIONS législatives"), ElementsAre(fr));
  EXPECT_THAT(SearchIds("英伟达"), ElementsAre(zh));
  EXPECT_THAT(SearchIds("芯片"), ElementsAre(zh));
  EXPECT_THAT(SearchIds("Berlin Deutschland"), IsEmpty());  // AND across documents
}

TEST_F(SearchTest, ExactFormRanksAboveStemOnlyAndTitleAboveBody) {
  const std::string stem_only =
      Add({"Новини", "Делегація прибула до Німеччини вчора ввечері.", "uk"});
  const std::string exact = Add({"Новини", "Делегація прибула: Німеччина вітала її вчора.", "uk"});
  EXPECT_THAT(SearchIds("Німеччина"), ElementsAre(exact, stem_only));

  const std::string in_body = Add({"Weekly notes", "Notes about a quarkonium decay study.", "en"});
  const std::string in_title = Add({"Quarkonium notes", "Notes about a decay study here.", "en"});
  EXPECT_THAT(SearchIds("quarkonium"), ElementsAre(in_title, in_body));
}

TEST_F(SearchTest, PhrasesNeedAdjacentWordsInOrderWithinOneField) {
  const std::string a = Add({"Kinh tế", "Samsung và TSMC công bố kế hoạch mở rộng nhà máy.", "vi"});
  const std::string b = Add({"Kinh tế", "Kế hoạch của TSMC: Samsung không công bố gì.", "vi"});
  const std::string c = Add({"Ends with alpha", "Beta starts the body here.", "en"});
  EXPECT_THAT(SearchIds("\"cong bo ke hoach\""), ElementsAre(a));
  EXPECT_THAT(SearchIds("cong bo ke hoach"), UnorderedElementsAre(a, b));
  EXPECT_THAT(SearchIds("\"ke hoach cong bo\""), IsEmpty());
  EXPECT_THAT(SearchIds("„Samsung và TSMC“"), ElementsAre(a));  // German quotes
  // The title's last word and the body's first are not adjacent.
  EXPECT_THAT(SearchIds("\"alpha beta\""), IsEmpty());
  EXPECT_THAT(SearchIds("alpha beta"), ElementsAre(c));
}

TEST_F(SearchTest, AndOrNotAndGroups) {
  const std::string merz = Add({"", "Macron met Merz in Berlin.", "en"});
  const std::string scholz = Add({"", "Macron met Scholz in Paris.", "en"});
  const std::string alone = Add({"", "Merz spoke in Munich.", "en"});
  EXPECT_THAT(SearchIds("Macron Merz"), ElementsAre(merz));
  EXPECT_THAT(SearchIds("Merz OR Scholz"), UnorderedElementsAre(merz, scholz, alone));
  EXPECT_THAT(SearchIds("Macron -Merz"), ElementsAre(scholz));
  EXPECT_THAT(SearchIds("Macron NOT Berlin"), ElementsAre(scholz));
  EXPECT_THAT(SearchIds("(Berlin OR Munich) Merz"), UnorderedElementsAre(merz, alone));
  EXPECT_THAT(SearchIds("Merz (Macron OR -Berlin)"), UnorderedElementsAre(merz, alone));
  EXPECT_THAT(SearchIds("Macron -(Berlin OR Paris)"), IsEmpty());
  // A word that analysis drops ("–") is ignored, not an error.
  EXPECT_THAT(SearchIds("Munich –"), ElementsAre(alone));
}

TEST_F(SearchTest, FiltersAndFacets) {
  const std::string a =
      Add({"Chips", "Nvidia unveils a new chip.", "en", "Tech Daily", "2025-11-28"});
  const std::string b = Add({"Chips", "Nvidia and Samsung chip deal.", "en", "Wire", "2025-12-02"});
  const std::string c =
      Add({"Chip", "Nvidia phát hành chip mới.", "vi", "VnExpress", "2025-12-03"});
  const std::string d = Add({"Chip", "Nvidia chip without a date.", "en-US", "wire"});

  v1::SearchRequest request;
  request.set_query("nvidia");
  request.add_facets(v1::FACET_KIND_LANGUAGE);
  request.add_facets(v1::FACET_KIND_SOURCE);
  request.add_facets(v1::FACET_KIND_PUBLISHED_DATE);
  request.add_facets(v1::FACET_KIND_ENTITY);
  request.set_date_interval(v1::DATE_INTERVAL_MONTH);
  v1::SearchResponse all = Run(request);
  EXPECT_EQ(all.total_hits(), 4u);
  ASSERT_EQ(all.facets_size(), 4);
  EXPECT_EQ(all.facets(0).kind(), v1::FACET_KIND_LANGUAGE);
  EXPECT_EQ(all.facets(0).values(0).value(), "en");
  EXPECT_EQ(all.facets(0).values(0).count(), 2u);
  EXPECT_EQ(all.facets(1).values_size(), 4);  // "Wire" and "wire" are stored as given
  ASSERT_EQ(all.facets(2).values_size(), 2);  // the undated document is not in the histogram
  EXPECT_EQ(all.facets(2).values(0).value(), "2025-11");
  EXPECT_EQ(all.facets(2).values(1).value(), "2025-12");
  EXPECT_EQ(all.facets(2).values(1).count(), 2u);
  bool nvidia_entity = false;
  for (const auto& value : all.facets(3).values()) {
    if (value.label() == "Nvidia") nvidia_entity = value.count() == 4;
  }
  EXPECT_TRUE(nvidia_entity) << all.facets(3).ShortDebugString();

  request.clear_facets();
  request.mutable_filter()->add_languages("en");  // also en-US
  EXPECT_THAT(Ids(Run(request)), UnorderedElementsAre(a, b, d));
  request.mutable_filter()->add_sources("WIRE");  // case-insensitive
  EXPECT_THAT(Ids(Run(request)), UnorderedElementsAre(b, d));
  request.mutable_filter()->Clear();
  request.mutable_filter()->mutable_published_after()->set_seconds(1764547200);  // 2025-12-01
  EXPECT_THAT(Ids(Run(request)), UnorderedElementsAre(b, c));
  request.mutable_filter()->mutable_published_before()->set_seconds(1764720000);  // 2025-12-03
  EXPECT_THAT(Ids(Run(request)), ElementsAre(b));
  request.mutable_filter()->Clear();
  request.mutable_filter()->add_entity_types(common::v1::ENTITY_TYPE_ORGANIZATION);
  EXPECT_EQ(Run(request).total_hits(), 4u);
  request.mutable_filter()->set_entity_types(0, common::v1::ENTITY_TYPE_EVENT);
  EXPECT_THAT(Ids(Run(request)), IsEmpty());

  request.mutable_filter()->Clear();
  request.set_sort(v1::SORT_ORDER_DATE_DESC);  // undated d sorts by its ingestion (now)
  EXPECT_THAT(Ids(Run(request)), ElementsAre(d, c, b, a));
  request.set_sort(v1::SORT_ORDER_DATE_ASC);
  EXPECT_THAT(Ids(Run(request)), ElementsAre(a, b, c, d));
}

TEST_F(SearchTest, EntitySearchHighlightsMentionsInEveryScript) {
  const std::string uk = Add({"Візит", "Візит Макрона до Берліна тривав два дні.", "uk"});
  const std::string el = Add({"Επίσκεψη", "Ο Μακρόν στο Βερολίνο.", "el"});
  const std::string en = Add({"Visit", "Merz met Olaf Scholz in Berlin.", "en"});

  v1::SearchRequest request;
  request.add_entity_ids("ng:person/emmanuel-macron");
  v1::SearchResponse response = Run(request);
  ASSERT_THAT(Ids(response), UnorderedElementsAre(uk, el));
  for (const v1::SearchHit& hit : response.hits()) {
    ASSERT_EQ(hit.snippet_highlights_size(), 1) << hit.ShortDebugString();
    const v1::Highlight& mark = hit.snippet_highlights(0);
    EXPECT_EQ(mark.entity_id(), "ng:person/emmanuel-macron");
    const std::string marked = hit.snippet().substr(mark.begin(), mark.end() - mark.begin());
    EXPECT_THAT(marked, ::testing::AnyOf("Макрона", "Μακρόν"));
    EXPECT_THAT(hit.snippet_html(), HasSubstr("<mark>" + marked + "</mark>"));
  }

  // Words and entities combine by AND; ALL needs every entity, ANY one of them.
  request.set_query("Берлін");  // the nominative finds "до Берліна"
  EXPECT_THAT(Ids(Run(request)), ElementsAre(uk));
  request.clear_query();
  request.add_entity_ids("ng:loc/berlin");
  request.set_entity_match(v1::ENTITY_MATCH_ALL);
  EXPECT_THAT(Ids(Run(request)), UnorderedElementsAre(uk, el));
  request.set_entity_match(v1::ENTITY_MATCH_ANY);
  EXPECT_THAT(Ids(Run(request)), UnorderedElementsAre(uk, el, en));
  // Excluding words from an entity's documents needs no positive word.
  request.set_query("-Merz");
  EXPECT_THAT(Ids(Run(request)), UnorderedElementsAre(uk, el));
}

TEST_F(SearchTest, HighlightOffsetsAreBytesAndUtf16) {
  Add({"Công bố", "😀 Trời mưa. Samsung và TSMC công bố kế hoạch <mới> & lớn.", "vi"});
  v1::SearchRequest request;
  request.set_query("cong bo");
  v1::SearchResponse response = Run(request);
  ASSERT_EQ(response.hits_size(), 1);
  const v1::SearchHit& hit = response.hits(0);
  ASSERT_EQ(hit.snippet_highlights_size(), 2);
  std::u16string utf16;
  for (char32_t c : std::u32string(U"😀 Trời mưa. Samsung và TSMC công bố")) {
    if (c > 0xFFFF) {
      utf16 += static_cast<char16_t>(0xD800 + ((c - 0x10000) >> 10));
      utf16 += static_cast<char16_t>(0xDC00 + ((c - 0x10000) & 0x3FF));
    } else {
      utf16 += static_cast<char16_t>(c);
    }
  }
  const v1::Highlight& cong = hit.snippet_highlights(0);
  EXPECT_EQ(hit.snippet().substr(cong.begin(), cong.end() - cong.begin()), "công");
  EXPECT_EQ(cong.utf16_end() - cong.utf16_begin(), 4u);
  EXPECT_EQ(cong.utf16_begin(), utf16.size() - 7);  // "công bố" is 7 UTF-16 units
  ASSERT_EQ(hit.title_highlights_size(), 2);
  EXPECT_EQ(hit.title_highlights(1).begin(), std::string("Công ").size());
  EXPECT_THAT(hit.snippet_html(), HasSubstr("<mark>công</mark> <mark>bố</mark>"));
  EXPECT_THAT(hit.snippet_html(), HasSubstr("&lt;mới&gt; &amp; lớn"));
}

TEST_F(SearchTest, PagesAreStableWhileDocumentsArrive) {
  std::vector<std::string> ids;
  for (int i = 0; i < 25; ++i) {
    // Different lengths and frequencies, so scores differ (and some tie).
    std::string text = absl::StrCat("Pagetoken report number ", i, ".");
    for (int j = 0; j < i % 4; ++j) text += " Pagetoken again.";
    ids.push_back(Add({"", text, "en"}));
  }
  v1::SearchRequest request;
  request.set_query("pagetoken");
  request.set_page_size(10);
  std::vector<std::string> seen;
  double previous_score = 1e9;
  for (int page = 0; page < 4; ++page) {
    v1::SearchResponse response = Run(request);
    if (page == 0) {
      EXPECT_EQ(response.total_hits(), 25u);
    }
    for (const v1::SearchHit& hit : response.hits()) {
      EXPECT_LE(hit.score(), previous_score);
      previous_score = hit.score();
      seen.push_back(hit.document_id());
    }
    if (page == 0) {
      // New matching documents between pages neither repeat nor hide the old ones.
      Add({"", "Pagetoken pagetoken pagetoken, the best match of all.", "en"});
      Add({"", "A late pagetoken.", "en"});
    }
    if (response.next_page_token().empty()) break;
    request.set_page_token(response.next_page_token());
    // The page size may change between pages.
    request.set_page_size(page == 0 ? 7 : 10);
  }
  std::vector<std::string> unique = seen;
  std::sort(unique.begin(), unique.end());
  EXPECT_EQ(std::unique(unique.begin(), unique.end()), unique.end()) << "a document repeated";
  for (const std::string& id : ids) EXPECT_THAT(seen, ::testing::Contains(id));

  // Date order pages the same way.
  request.clear_page_token();
  request.set_sort(v1::SORT_ORDER_DATE_ASC);
  request.set_page_size(20);
  v1::SearchResponse first = Run(request);
  request.set_page_token(first.next_page_token());
  v1::SearchResponse second = Run(request);
  std::vector<std::string> by_date = Ids(first);
  for (const std::string& id : Ids(second)) by_date.push_back(id);
  ASSERT_EQ(by_date.size(), 27u);
  EXPECT_TRUE(std::is_sorted(by_date.begin(), by_date.end(), [](const auto& a, const auto& b) {
    return std::stoull(a) < std::stoull(b);  // same second: ties go by doc id
  }));
  EXPECT_TRUE(second.next_page_token().empty());
}

TEST_F(SearchTest, PageTokensBelongToTheirRequest) {
  for (int i = 0; i < 3; ++i) Add({"", absl::StrCat("Tokentest item ", i), "en"});
  v1::SearchRequest request;
  request.set_query("tokentest");
  request.set_page_size(1);
  v1::SearchResponse first = Run(request);
  ASSERT_FALSE(first.next_page_token().empty());

  v1::SearchRequest other = request;
  other.set_query("tokentest item");
  other.set_page_token(first.next_page_token());
  absl::Status status = SearchStatus(other);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(status.message()),
              ::testing::StartsWith("page_token: issued for a different request"));
  for (const std::string& bad :
       {std::string("garbage!"), std::string("AAAA"), first.next_page_token() + "AA",
        first.next_page_token().substr(0, 12)}) {
    request.set_page_token(bad);
    status = SearchStatus(request);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << bad;
    EXPECT_THAT(std::string(status.message()), ::testing::StartsWith("page_token: ")) << bad;
  }
}

TEST_F(SearchTest, NewVersionsAndTheirCountersReplaceTheOldIndex) {
  Add({"", "Oldword in the first version.", "en", "", "", "feed-1"});
  EXPECT_EQ(SearchIds("oldword").size(), 1u);
  ingest::v1::IngestResponse updated =
      Ingest({"", "Newword in the second.", "en", "", "", "feed-1"});
  EXPECT_EQ(updated.outcome(), ingest::v1::INGEST_OUTCOME_NEW_VERSION);
  EXPECT_THAT(SearchIds("oldword"), IsEmpty());
  EXPECT_THAT(SearchIds("newword"), ElementsAre(updated.document_id()));
  EXPECT_THAT(SearchIds("\"in the second\""), ElementsAre(updated.document_id()));
}

TEST_F(SearchTest, ReadYourWritesWithTheConsistencyToken) {
  // Catch-ups throttled to once an hour: without the token the engine stays behind.
  QueryEngineOptions options{dir_.Sub("store"), dir_.Sub("secondary2")};
  options.catch_up_interval = absl::Hours(1);
  Open(options);
  Add({"", "Firstword arrives.", "en"});
  EXPECT_EQ(SearchIds("firstword").size(), 1u);  // the first call catches up
  ingest::v1::IngestResponse fresh = Ingest({"", "Secondword arrives later.", "en"});
  EXPECT_THAT(SearchIds("secondword"), IsEmpty());

  v1::SearchRequest request;
  request.set_query("secondword");
  request.set_min_sequence_number(fresh.sequence_number());
  v1::SearchResponse response = Run(request);
  EXPECT_THAT(Ids(response), ElementsAre(fresh.document_id()));
  EXPECT_GE(response.sequence_number(), fresh.sequence_number());

  // A token the store never reaches: DEADLINE_EXCEEDED by the call's deadline.
  request.set_min_sequence_number(fresh.sequence_number() + 1000);
  const absl::Time start = absl::Now();
  v1::SearchResponse late;
  absl::Status status = engine_->Search(request, &late, absl::Now() + absl::Milliseconds(300));
  EXPECT_EQ(status.code(), absl::StatusCode::kDeadlineExceeded) << status;
  EXPECT_THAT(std::string(status.message()), HasSubstr("min_sequence_number"));
  EXPECT_LT(absl::Now() - start, absl::Seconds(2));
}

TEST_F(SearchTest, BadRequestsGetInvalidArgumentNamingTheField) {
  Add({"", "Anything at all.", "en"});
  auto expect_invalid = [&](const v1::SearchRequest& request, const std::string& prefix) {
    absl::Status status = SearchStatus(request);
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument) << request.ShortDebugString();
    EXPECT_THAT(std::string(status.message()), ::testing::StartsWith(prefix)) << status;
  };
  v1::SearchRequest request;
  expect_invalid(request, "query: is empty");
  request.set_query(std::string(2000, 'a'));
  expect_invalid(request, "query: 2000 bytes exceeds");
  request.set_query("\"unclosed");
  expect_invalid(request, "query: ");
  request.set_query("-anything");
  expect_invalid(request, "query: has only excluded terms");
  request.set_query("– …");
  expect_invalid(request, "query: has no search");
  request.set_query("anything");
  request.set_page_size(-1);
  expect_invalid(request, "page_size: must not be negative");
  request.set_page_size(0);
  request.set_facet_size(-3);
  expect_invalid(request, "facet_size: must not be negative");
  request.set_facet_size(0);
  request.mutable_filter()->mutable_published_after()->set_seconds(200);
  request.mutable_filter()->mutable_published_before()->set_seconds(100);
  expect_invalid(request, "filter.published_before");
  request.clear_filter();
  request.add_facets(static_cast<v1::FacetKind>(99));
  expect_invalid(request, "facets: ");
  request.clear_facets();
  request.add_entity_ids("");
  expect_invalid(request, "entity_ids: ");
  request.clear_entity_ids();
  EXPECT_TRUE(SearchStatus(request).ok());
}

TEST_F(SearchTest, DocumentTableFollowsNewVersionsAndAgreesWithTheIndexCounters) {
  Add({"Berlin", "Macron visits Berlin today.", "en", "reuters", "2025-01-02", "a"});
  Add({"Київ", "Президент прибув до Києва.", "uk-UA", "ukrinform", "2025-01-03", "b"});
  EXPECT_THAT(SearchIds("Berlin"), ::testing::SizeIs(1));
  // A new version changes language, source, date and length; a third document arrives.
  Add({"Berlin", "Macron besucht heute Berlin und Paris mit vielen Worten mehr.", "de", "dpa",
       "2024-05-06", "a"});
  Add({"Βερολίνο", "Ο Μακρόν στο Βερολίνο.", "el", "", "", "c"});
  v1::SearchRequest request;
  request.set_query("Berlin");
  request.add_facets(v1::FACET_KIND_LANGUAGE);
  request.add_facets(v1::FACET_KIND_SOURCE);
  request.mutable_filter()->add_languages("de");
  v1::SearchResponse response = Run(request);
  ASSERT_EQ(response.hits_size(), 1);
  EXPECT_EQ(response.hits(0).language(), "de");
  ASSERT_EQ(response.facets_size(), 2);
  EXPECT_EQ(response.facets(0).values(0).value(), "de");
  EXPECT_EQ(response.facets(1).values(0).value(), "dpa");
  request.mutable_filter()->set_languages(0, "en");
  EXPECT_EQ(Run(request).hits_size(), 0);  // the old version's language is gone

  // The table's statistics equal ingest's counters, read through a secondary of the store.
  auto secondary = store::Store::OpenSecondary(dir_.Sub("store"), dir_.Sub("check"));
  ASSERT_TRUE(secondary.ok()) << secondary.status();
  DocTable table;
  ASSERT_TRUE(table.Refresh(**secondary).ok());
  const store::IndexStats from_table = table.Stats();
  absl::StatusOr<store::IndexStats> counters = store::ReadIndexStats(**secondary);
  ASSERT_TRUE(counters.ok()) << counters.status();
  EXPECT_EQ(from_table.documents, 3u);
  EXPECT_EQ(from_table.documents, counters->documents);
  EXPECT_EQ(from_table.total_length, counters->total_length);
  EXPECT_EQ(from_table.languages, counters->languages);
  EXPECT_THAT(from_table.languages,
              UnorderedElementsAre(::testing::Pair("de", 1), ::testing::Pair("uk-ua", 1),
                                   ::testing::Pair("el", 1)));
}

}  // namespace
}  // namespace newsgraph::query
