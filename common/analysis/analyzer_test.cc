#include "common/analysis/analyzer.h"

#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace newsgraph::analysis {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

enum class Hit { kNone, kStem, kExact };

// What a search engine built on these terms would do with one query word against one document
// word position: an exact term match beats a shared stem key.
Hit Compare(const QueryWord& query, const std::vector<AnalyzedTerm>& doc, uint32_t position) {
  Hit best = Hit::kNone;
  for (const AnalyzedTerm& term : doc) {
    if (term.position != position) continue;
    if (term.kind == TermKind::kExact && term.term == query.exact) return Hit::kExact;
    if (term.kind == TermKind::kStem) {
      for (const std::string& stem : query.stems) {
        if (stem == term.term) best = Hit::kStem;
      }
    }
  }
  return best;
}

// Finds the query as a phrase (consecutive word positions) in the document and returns how each
// query word matched at the best such place; empty when the phrase does not occur.
std::vector<Hit> FindPhrase(std::string_view query, const std::vector<std::string>& languages,
                            std::string_view doc_text, std::string_view doc_language) {
  absl::StatusOr<std::vector<QueryWord>> words = AnalyzeQuery(query, languages);
  absl::StatusOr<std::vector<AnalyzedTerm>> doc = Analyze(doc_text, doc_language);
  EXPECT_TRUE(words.ok() && doc.ok());
  if (!words.ok() || !doc.ok() || words->empty()) return {};
  const uint32_t last = doc->empty() ? 0 : doc->back().position;
  std::vector<Hit> best;
  int best_exact = -1;
  for (uint32_t start = 0; start <= last; ++start) {
    std::vector<Hit> hits;
    int exact = 0;
    for (size_t i = 0; i < words->size(); ++i) {
      const Hit hit = Compare((*words)[i], *doc, start + static_cast<uint32_t>(i));
      if (hit == Hit::kNone) break;
      exact += hit == Hit::kExact;
      hits.push_back(hit);
    }
    if (hits.size() == words->size() && exact > best_exact) {
      best = hits;
      best_exact = exact;
    }
  }
  return best;
}

TEST(AnalyzeTest, ProductExamples) {
  // Vietnamese: folding alone (tones, đ); no stemmer.
  EXPECT_THAT(FindPhrase("Samsung va TSMC cong bo", {}, "Hôm nay Samsung và TSMC công bố", "vi"),
              ElementsAre(Hit::kExact, Hit::kExact, Hit::kExact, Hit::kExact, Hit::kExact));
  // Greek without tonos, nominative against genitive.
  EXPECT_THAT(FindPhrase("Γερμανια", {"el"}, "η οικονομία της Γερμανίας", "el"),
              ElementsAre(Hit::kStem));
  // Ukrainian nominative against genitive.
  EXPECT_THAT(FindPhrase("Німеччина", {"uk"}, "уряд Німеччини", "uk"), ElementsAre(Hit::kStem));
  EXPECT_THAT(FindPhrase("Deutschlands", {"de"}, "in Deutschland", "de"), ElementsAre(Hit::kStem));
  EXPECT_THAT(FindPhrase("elections", {"en"}, "the election", "en"), ElementsAre(Hit::kStem));
  EXPECT_THAT(FindPhrase("выборы", {"ru"}, "итоги выборов", "ru"), ElementsAre(Hit::kStem));
}

TEST(AnalyzeTest, ProductExamplesWithUnknownQueryLanguage) {
  // The engine does not know the query's language; every stemmer of the word's script is tried.
  for (const std::vector<std::string>& candidates :
       {std::vector<std::string>{}, std::vector<std::string>{"uk", "ru", "el", "de", "en", "vi"}}) {
    EXPECT_THAT(FindPhrase("Γερμανια", candidates, "Γερμανίας", "el"), ElementsAre(Hit::kStem));
    EXPECT_THAT(FindPhrase("Німеччина", candidates, "Німеччини", "uk"), ElementsAre(Hit::kStem));
    EXPECT_THAT(FindPhrase("Deutschlands", candidates, "Deutschland", "de"),
                ElementsAre(Hit::kStem));
    EXPECT_THAT(FindPhrase("elections", candidates, "election", "en"), ElementsAre(Hit::kStem));
    EXPECT_THAT(FindPhrase("выборы", candidates, "выборов", "ru"), ElementsAre(Hit::kStem));
  }
}

TEST(AnalyzeTest, ExactMatchesAreReportedAsExact) {
  // The same form matches through the exact term, so the engine can rank it above stem matches.
  EXPECT_THAT(FindPhrase("Німеччини", {"uk"}, "Німеччини", "uk"), ElementsAre(Hit::kExact));
  EXPECT_THAT(FindPhrase("ГЕРМАНИИ", {"ru"}, "Германии", "ru"), ElementsAre(Hit::kExact));
  EXPECT_THAT(FindPhrase("Γερμανιας", {"el"}, "Γερμανίας", "el"), ElementsAre(Hit::kExact));
}

TEST(AnalyzeTest, PhrasesNeedConsecutivePositions) {
  EXPECT_THAT(FindPhrase("уряду Німеччини", {"uk"}, "уряд Німеччини заявив", "uk"),
              ElementsAre(Hit::kStem, Hit::kExact));
  EXPECT_THAT(FindPhrase("Німеччини уряд", {"uk"}, "уряд Німеччини заявив", "uk"), IsEmpty());
  EXPECT_THAT(FindPhrase("уряд заявив", {"uk"}, "уряд Німеччини заявив", "uk"), IsEmpty());
}

TEST(AnalyzeTest, PositionsAndOffsets) {
  const std::string text = "Macron, in Berlin: «Deutschlands Zukunft»!";
  absl::StatusOr<std::vector<AnalyzedTerm>> terms = Analyze(text, "de");
  ASSERT_TRUE(terms.ok()) << terms.status();
  std::vector<std::string> words;
  uint32_t expected_position = 0;
  for (const AnalyzedTerm& term : *terms) {
    if (term.kind != TermKind::kExact) continue;
    EXPECT_EQ(term.position, expected_position++);
    words.push_back(text.substr(term.begin, term.end - term.begin));
  }
  EXPECT_THAT(words, ElementsAre("Macron", "in", "Berlin", "Deutschlands", "Zukunft"));
  // Stem terms follow their word's exact term with the same position and offsets.
  for (size_t i = 1; i < terms->size(); ++i) {
    const AnalyzedTerm& term = (*terms)[i];
    if (term.kind != TermKind::kStem) continue;
    const AnalyzedTerm& previous = (*terms)[i - 1];
    EXPECT_EQ(term.position, previous.position);
    EXPECT_EQ(term.begin, previous.begin);
    EXPECT_EQ(term.end, previous.end);
    EXPECT_TRUE(term.term.starts_with(kStemPrefix));
  }
  EXPECT_EQ((*terms)[0], (AnalyzedTerm{"macron", 0, 0, 6, TermKind::kExact}));
  EXPECT_EQ((*terms)[1], (AnalyzedTerm{"~macron", 0, 0, 6, TermKind::kStem}));
}

TEST(AnalyzeTest, OffsetsAreBytesOfTheOriginalText) {
  const std::string text = "Україна — Німеччиною";
  absl::StatusOr<std::vector<AnalyzedTerm>> terms = Analyze(text, "uk");
  ASSERT_TRUE(terms.ok());
  EXPECT_THAT(*terms, ElementsAre(AnalyzedTerm{"украіна", 0, 0, 14, TermKind::kExact},
                                  AnalyzedTerm{"~украін", 0, 0, 14, TermKind::kStem},
                                  AnalyzedTerm{"німеччиною", 1, 19, 39, TermKind::kExact},
                                  AnalyzedTerm{"~німеччин", 1, 19, 39, TermKind::kStem}));
}

TEST(AnalyzeTest, NoStemsWithoutAStemmer) {
  for (std::string_view language : {"", "vi", "zh", "xx-YY", "pl"}) {
    absl::StatusOr<std::vector<AnalyzedTerm>> terms =
        Analyze("Samsung công bố elections", language);
    ASSERT_TRUE(terms.ok());
    for (const AnalyzedTerm& term : *terms) EXPECT_EQ(term.kind, TermKind::kExact) << language;
    EXPECT_EQ(terms->size(), 4u);
  }
  EXPECT_FALSE(HasStemmer("vi"));
  EXPECT_FALSE(HasStemmer(""));
  EXPECT_TRUE(HasStemmer("uk"));
  EXPECT_TRUE(HasStemmer("el-GR"));
}

TEST(AnalyzeTest, ChinesePassesThroughDictionarySegmentation) {
  absl::StatusOr<std::vector<AnalyzedTerm>> terms = Analyze("德国总理访问北京", "zh");
  ASSERT_TRUE(terms.ok());
  std::vector<std::string> words;
  for (const AnalyzedTerm& term : *terms) {
    EXPECT_EQ(term.kind, TermKind::kExact);
    words.push_back(term.term);
  }
  EXPECT_THAT(words, ElementsAre("德国", "总理", "访问", "北京"));
  absl::StatusOr<std::vector<QueryWord>> query = AnalyzeQuery("德国总理", {});
  ASSERT_TRUE(query.ok());
  ASSERT_EQ(query->size(), 2u);
  EXPECT_EQ((*query)[0].exact, "德国");
  EXPECT_THAT((*query)[0].stems, IsEmpty());
  EXPECT_EQ((*query)[1].position, 1u);
  EXPECT_THAT(FindPhrase("德国总理", {}, "德国总理访问北京", "zh"),
              ElementsAre(Hit::kExact, Hit::kExact));
}

TEST(AnalyzeTest, VietnameseSyllablesAreWords) {
  absl::StatusOr<std::vector<AnalyzedTerm>> terms = Analyze("Đà Nẵng", "vi");
  ASSERT_TRUE(terms.ok());
  ASSERT_EQ(terms->size(), 2u);
  EXPECT_EQ((*terms)[0].term, "da");
  EXPECT_EQ((*terms)[1].term, "nang");
}

TEST(AnalyzeTest, EmptyAndWordlessText) {
  for (std::string_view text : {"", "   ", " — ! ? ", "🙂"}) {
    absl::StatusOr<std::vector<AnalyzedTerm>> terms = Analyze(text, "en");
    ASSERT_TRUE(terms.ok()) << text;
    EXPECT_THAT(*terms, IsEmpty()) << text;
    absl::StatusOr<std::vector<QueryWord>> words = AnalyzeQuery(text, {});
    ASSERT_TRUE(words.ok()) << text;
    EXPECT_THAT(*words, IsEmpty()) << text;
  }
}

TEST(AnalyzeTest, InvalidUtf8IsInvalidArgument) {
  const std::string bad = std::string("Німеччина ") + "\xC3\x28";
  absl::StatusOr<std::vector<AnalyzedTerm>> terms = Analyze(bad, "uk");
  ASSERT_FALSE(terms.ok());
  EXPECT_EQ(terms.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(terms.status().message(), "text: invalid UTF-8 at byte offset 19");
  absl::StatusOr<std::vector<QueryWord>> words = AnalyzeQuery(bad, {"uk"});
  ASSERT_FALSE(words.ok());
  EXPECT_EQ(words.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(AnalyzeQueryTest, CandidateLanguagesAreDedupedAndUnknownOnesIgnored) {
  absl::StatusOr<std::vector<QueryWord>> words =
      AnalyzeQuery("Німеччина elections", {"uk", "uk-UA", "xx", "ru", "en"});
  ASSERT_TRUE(words.ok());
  ASSERT_EQ(words->size(), 2u);
  // Ukrainian and Russian agree on this stem; the key appears once.
  EXPECT_THAT((*words)[0].stems, ElementsAre("~німеччин"));
  EXPECT_THAT((*words)[1].stems, ElementsAre("~elect"));
  EXPECT_EQ((*words)[1].exact, "elections");
  EXPECT_EQ((*words)[1].position, 1u);
  EXPECT_EQ((*words)[1].begin, 19u);
  EXPECT_EQ((*words)[1].end, 28u);
}

TEST(AnalyzeQueryTest, UnknownLanguageTriesEveryStemmerOfTheScript) {
  absl::StatusOr<std::vector<QueryWord>> all = AnalyzeQuery("elections", {});
  absl::StatusOr<std::vector<QueryWord>> english = AnalyzeQuery("elections", {"en"});
  ASSERT_TRUE(all.ok() && english.ok());
  ASSERT_EQ(all->size(), 1u);
  EXPECT_GT((*all)[0].stems.size(), (*english)[0].stems.size());
  // Distinct keys, and each is some language's stem.
  std::vector<std::string> stems = (*all)[0].stems;
  std::sort(stems.begin(), stems.end());
  EXPECT_EQ(std::adjacent_find(stems.begin(), stems.end()), stems.end());
  // Greek stemming only applies to Greek words.
  absl::StatusOr<std::vector<QueryWord>> greek = AnalyzeQuery("Γερμανια", {});
  ASSERT_TRUE(greek.ok());
  EXPECT_THAT((*greek)[0].stems, ElementsAre("~γερμαν"));
}

TEST(AnalyzeTest, ThreadsGetTheSameResults) {
  const std::string text =
      "Die Wahlen in Deutschland. Вибори в Україні. Выборы в России. Οι εκλογές στην Ελλάδα.";
  const std::vector<std::string> languages = {"de", "uk", "ru", "el", "en", "tr"};
  std::vector<std::vector<AnalyzedTerm>> expected;
  for (const std::string& language : languages) {
    absl::StatusOr<std::vector<AnalyzedTerm>> terms = Analyze(text, language);
    ASSERT_TRUE(terms.ok());
    expected.push_back(*terms);
  }
  std::vector<std::thread> threads;
  std::vector<int> mismatches(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 200; ++round) {
        const size_t i = static_cast<size_t>(round + t) % languages.size();
        absl::StatusOr<std::vector<AnalyzedTerm>> terms = Analyze(text, languages[i]);
        if (!terms.ok() || *terms != expected[i]) ++mismatches[t];
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_THAT(mismatches, ElementsAre(0, 0, 0, 0));
}

}  // namespace
}  // namespace newsgraph::analysis
