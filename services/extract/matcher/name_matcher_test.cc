#include "services/extract/matcher/name_matcher.h"

#include <optional>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "common/text/utf8.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace newsgraph::extract {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

enum Entity : uint32_t {
  kMacron,
  kGermany,
  kJapan,
  kMiddleEast,
  kUnitedStates,
  kRussia,
  kEuropeanUnion,
  kVietnam,
  kSamsung,
  kAtt,
  kIran,
  kLviv,
  kMerz,
  kUkraine,
  kElysee,
  kBangkok,
  kChina,
  kKyiv,
};

std::vector<NameEntry> Names() {
  return {
      {"Emmanuel Macron", kMacron},
      {"Macron", kMacron},
      {"Емманюель Макрон", kMacron},
      {"Макрон", kMacron},
      {"Эммануэль Макрон", kMacron},
      {"Μακρόν", kMacron},
      {"马克龙", kMacron},
      {"Germany", kGermany},
      {"Đức", kGermany},
      {"Німеччина", kGermany},
      {"Германия", kGermany},
      {"Γερμανία", kGermany},
      {"德国", kGermany},
      {"ドイツ", kGermany},
      {"Japan", kJapan},
      {"Nhật Bản", kJapan},
      {"Японія", kJapan},
      {"Япония", kJapan},
      {"Ιαπωνία", kJapan},
      {"日本", kJapan},
      {"Middle East", kMiddleEast},
      {"Близький Схід", kMiddleEast},
      {"Ближний Восток", kMiddleEast},
      {"Μέση Ανατολή", kMiddleEast},
      {"Trung Đông", kMiddleEast},
      {"United States", kUnitedStates},
      {"Mỹ", kUnitedStates},
      {"Hoa Kỳ", kUnitedStates},
      {"США", kUnitedStates},
      {"USA", kUnitedStates},
      {"Russia", kRussia},
      {"Nga", kRussia},
      {"Росія", kRussia},
      {"Россия", kRussia},
      {"European Union", kEuropeanUnion},
      {"EU", kEuropeanUnion},
      {"Європейський Союз", kEuropeanUnion},
      {"Việt Nam", kVietnam},
      {"В'єтнам", kVietnam},
      {"Samsung", kSamsung},
      {"Samsung Electronics", kSamsung},
      {"AT&T", kAtt},
      {"Іран", kIran},
      {"Львів", kLviv},
      {"Friedrich Merz", kMerz},
      {"Мерц", kMerz},
      {"Україна", kUkraine},
      {"Ukraina", kUkraine},
      {"Élysée", kElysee},
      {"กรุงเทพ", kBangkok},
      {"China", kChina},
      {"Київ", kKyiv},
  };
}

struct Found {
  std::string surface;
  uint32_t entity;
  bool inflected = false;

  bool operator==(const Found&) const = default;
  friend void PrintTo(const Found& found, std::ostream* os) {
    *os << "{" << found.surface << " → " << found.entity << (found.inflected ? " inflected" : "")
        << "}";
  }
};

class NameMatcherTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto built = NameMatcher::Build(Names());
    ASSERT_TRUE(built.ok()) << built.status();
    matcher_ = new NameMatcher(std::move(*built));
  }
  static void TearDownTestSuite() {
    delete matcher_;
    matcher_ = nullptr;
  }

  static std::vector<Found> MatchAll(const std::string& text, NameMatchOptions options = {}) {
    auto matches = matcher_->Match(text, options);
    EXPECT_TRUE(matches.ok()) << matches.status();
    std::vector<Found> found;
    if (!matches.ok()) return found;
    for (const NameMatch& m : *matches) {
      EXPECT_LT(m.begin, m.end);
      EXPECT_LE(m.end, text.size());
      EXPECT_EQ(m.confidence,
                m.inflected ? NameMatcher::kInflectedConfidence : NameMatcher::kExactConfidence);
      found.push_back({text.substr(m.begin, m.end - m.begin), m.entity_index, m.inflected});
    }
    return found;
  }

  static NameMatcher* matcher_;
};

NameMatcher* NameMatcherTest::matcher_ = nullptr;

TEST_F(NameMatcherTest, FoldsCaseAndDiacritics) {
  EXPECT_THAT(
      MatchAll("Samsung mở rộng nhà máy tại Việt Nam và Đức."),
      ElementsAre(Found{"Samsung", kSamsung}, Found{"Việt Nam", kVietnam}, Found{"Đức", kGermany}));
  EXPECT_THAT(MatchAll("SAMSUNG tai VIET NAM, viet nam, Viet Nam"),
              ElementsAre(Found{"SAMSUNG", kSamsung}, Found{"VIET NAM", kVietnam},
                          Found{"viet nam", kVietnam}, Found{"Viet Nam", kVietnam}));
  EXPECT_THAT(MatchAll("Ο ΜΑΚΡΌΝ και ο Μακρον"),
              ElementsAre(Found{"ΜΑΚΡΌΝ", kMacron}, Found{"Μακρον", kMacron}));
  EXPECT_THAT(MatchAll("Xung đột ở TRUNG DONG"), ElementsAre(Found{"TRUNG DONG", kMiddleEast}));
}

TEST_F(NameMatcherTest, OffsetsPointIntoTheOriginalText) {
  // Decomposed diacritics (NFD) and a soft hyphen fold away but stay inside the match.
  const std::string text = "Tại Vie\u0302\u0323t Nam, Sam\u00ADsung";
  auto matches = matcher_->Match(text);
  ASSERT_TRUE(matches.ok());
  ASSERT_EQ(matches->size(), 2u);
  EXPECT_EQ(text.substr((*matches)[0].begin, (*matches)[0].end - (*matches)[0].begin),
            "Vie\u0302\u0323t Nam");
  EXPECT_EQ(text.substr((*matches)[1].begin), "Sam\u00ADsung");
  EXPECT_EQ((*matches)[1].entity_index, kSamsung);
}

TEST_F(NameMatcherTest, MatchesWholeWordsInAlphabeticScripts) {
  EXPECT_THAT(MatchAll("Mỹx Ngay Samsungs Macronist Chinas 2Samsung"), IsEmpty());
  EXPECT_THAT(MatchAll("Макронізм і Німеччинафіл"), IsEmpty());
  EXPECT_THAT(MatchAll("(Samsung)"), ElementsAre(Found{"Samsung", kSamsung}));
}

TEST_F(NameMatcherTest, MatchesInsideSpacelessScripts) {
  EXPECT_THAT(MatchAll("德国总理默茨"), ElementsAre(Found{"德国", kGermany}));
  EXPECT_THAT(
      MatchAll("马克龙访问德国和日本"),
      ElementsAre(Found{"马克龙", kMacron}, Found{"德国", kGermany}, Found{"日本", kJapan}));
  EXPECT_THAT(MatchAll("ドイツの首相"), ElementsAre(Found{"ドイツ", kGermany}));
  EXPECT_THAT(MatchAll("ไปกรุงเทพวันนี้"), ElementsAre(Found{"กรุงเทพ", kBangkok}));
  EXPECT_THAT(MatchAll("Samsung在德国"),
              ElementsAre(Found{"Samsung", kSamsung}, Found{"德国", kGermany}));
}

TEST_F(NameMatcherTest, LongestNameWinsAndOutputIsOrdered) {
  EXPECT_THAT(MatchAll("Samsung Electronics và Samsung"),
              ElementsAre(Found{"Samsung Electronics", kSamsung}, Found{"Samsung", kSamsung}));
  EXPECT_THAT(MatchAll("Emmanuel Macron met Macron"),
              ElementsAre(Found{"Emmanuel Macron", kMacron}, Found{"Macron", kMacron}));
}

TEST(NameMatcherOverlapTest, ResolvesOverlapsLeftmostLongest) {
  auto matcher = NameMatcher::Build({{"alpha beta", 0},
                                     {"beta gamma delta", 1},
                                     {"gamma delta", 2},
                                     {"delta epsilon", 3},
                                     {"epsilon", 4}});
  ASSERT_TRUE(matcher.ok()) << matcher.status();
  const std::string text = "alpha beta gamma delta epsilon";
  auto matches = matcher->Match(text);
  ASSERT_TRUE(matches.ok());
  std::vector<std::string> surfaces;
  for (const NameMatch& m : *matches) surfaces.push_back(text.substr(m.begin, m.end - m.begin));
  EXPECT_THAT(surfaces, ElementsAre("alpha beta", "gamma delta", "epsilon"));
  EXPECT_EQ((*matches)[1].entity_index, 2u);
}

TEST_F(NameMatcherTest, UkrainianAndRussianCaseEndings) {
  EXPECT_THAT(MatchAll("Макрон, Макрона, Макрону, Макроном"),
              ElementsAre(Found{"Макрон", kMacron}, Found{"Макрона", kMacron, true},
                          Found{"Макрону", kMacron, true}, Found{"Макроном", kMacron, true}));
  EXPECT_THAT(MatchAll("Візит Емманюеля Макрона"),
              ElementsAre(Found{"Емманюеля Макрона", kMacron, true}));
  EXPECT_THAT(MatchAll("Німеччина. Німеччини. Німеччиною."),
              ElementsAre(Found{"Німеччина", kGermany}, Found{"Німеччини", kGermany, true},
                          Found{"Німеччиною", kGermany, true}));
  EXPECT_THAT(MatchAll("Германия, Германии, Германией"),
              ElementsAre(Found{"Германия", kGermany}, Found{"Германии", kGermany, true},
                          Found{"Германией", kGermany, true}));
  EXPECT_THAT(MatchAll("Японія та Японії"),
              ElementsAre(Found{"Японія", kJapan}, Found{"Японії", kJapan, true}));
  EXPECT_THAT(MatchAll("Близький Схід і політика Близького Сходу"),
              ElementsAre(Found{"Близький Схід", kMiddleEast},
                          Found{"Близького Сходу", kMiddleEast, true}));
  EXPECT_THAT(MatchAll("у Львові, зі Львова"),
              ElementsAre(Found{"Львові", kLviv, true}, Found{"Львова", kLviv, true}));
  EXPECT_THAT(MatchAll("в Україні, з Україною"),
              ElementsAre(Found{"Україні", kUkraine, true}, Found{"Україною", kUkraine, true}));
  EXPECT_THAT(MatchAll("з Європейським Союзом"),
              ElementsAre(Found{"Європейським Союзом", kEuropeanUnion, true}));
}

TEST_F(NameMatcherTest, GreekCaseEndings) {
  EXPECT_THAT(MatchAll("Η Γερμανία και της Γερμανίας"),
              ElementsAre(Found{"Γερμανία", kGermany}, Found{"Γερμανίας", kGermany, true}));
  EXPECT_THAT(MatchAll("Ιαπωνία, Ιαπωνίας"),
              ElementsAre(Found{"Ιαπωνία", kJapan}, Found{"Ιαπωνίας", kJapan, true}));
  EXPECT_THAT(
      MatchAll("Μέση Ανατολή, της Μέσης Ανατολής"),
      ElementsAre(Found{"Μέση Ανατολή", kMiddleEast}, Found{"Μέσης Ανατολής", kMiddleEast, true}));
}

TEST_F(NameMatcherTest, InflectedAliasInTheNamesIsAnExactMatch) {
  auto matcher = NameMatcher::Build({{"Макрон", 7}, {"Макрона", 7}, {"Емманюель Макрон", 7}});
  ASSERT_TRUE(matcher.ok());
  const std::string text = "Макрона і Емманюеля Макрона";
  auto matches = matcher->Match(text);
  ASSERT_TRUE(matches.ok());
  ASSERT_EQ(matches->size(), 2u);
  EXPECT_FALSE((*matches)[0].inflected);  // spelled like the alias
  EXPECT_EQ(text.substr((*matches)[1].begin, (*matches)[1].end - (*matches)[1].begin),
            "Емманюеля Макрона");  // the alias shares its stem with the full name's word
  EXPECT_TRUE((*matches)[1].inflected);
}

TEST_F(NameMatcherTest, LatinNamesInOtherLanguages) {
  EXPECT_THAT(MatchAll("Tổng thống Pháp Emmanuel Macron đã đến Berlin."),
              ElementsAre(Found{"Emmanuel Macron", kMacron}));
  EXPECT_THAT(MatchAll("Macron's aides and Macron’s plan"),
              ElementsAre(Found{"Macron", kMacron}, Found{"Macron", kMacron}));
  EXPECT_THAT(MatchAll("Samsung's plant"), ElementsAre(Found{"Samsung", kSamsung}));
  EXPECT_THAT(MatchAll("réunion à l'Élysée"), ElementsAre(Found{"Élysée", kElysee}));
}

TEST_F(NameMatcherTest, ApostropheInsideUkrainianWords) {
  EXPECT_THAT(MatchAll("В'єтнам і В’єтнамі та Вʼєтнаму"),
              ElementsAre(Found{"В'єтнам", kVietnam}, Found{"В’єтнамі", kVietnam, true},
                          Found{"Вʼєтнаму", kVietnam, true}));
}

TEST_F(NameMatcherTest, ShortNamesMatchOnlyAsWritten) {
  EXPECT_THAT(
      MatchAll("Chính phủ Mỹ, Nga và EU"),
      ElementsAre(Found{"Mỹ", kUnitedStates}, Found{"Nga", kRussia}, Found{"EU", kEuropeanUnion}));
  EXPECT_THAT(MatchAll("my plan, mỹ thuật, nga, eu, Eu, usa, Đứcx"), IsEmpty());
  EXPECT_THAT(MatchAll("США і ЄС"), ElementsAre(Found{"США", kUnitedStates}));
}

TEST_F(NameMatcherTest, ShortCyrillicNamesTakeEndingsAsWritten) {
  EXPECT_THAT(
      MatchAll("Іран, Ірану, Іраном; іран; ІРАНУ"),
      ElementsAre(Found{"Іран", kIran}, Found{"Ірану", kIran, true}, Found{"Іраном", kIran, true}));
  EXPECT_THAT(MatchAll("Мерц і Мерцом"),
              ElementsAre(Found{"Мерц", kMerz}, Found{"Мерцом", kMerz, true}));
  EXPECT_THAT(
      MatchAll("Київ, до Києва, у Києві; київ"),
      ElementsAre(Found{"Київ", kKyiv}, Found{"Києва", kKyiv, true}, Found{"Києві", kKyiv, true}));
}

TEST_F(NameMatcherTest, NamesDoNotSpanSentenceOrLineBreaks) {
  EXPECT_THAT(MatchAll("Emmanuel. Macron"), ElementsAre(Found{"Macron", kMacron}));
  EXPECT_THAT(MatchAll("Emmanuel\nMacron"), ElementsAre(Found{"Macron", kMacron}));
  EXPECT_THAT(MatchAll("Samsung, Electronics"), ElementsAre(Found{"Samsung", kSamsung}));
  EXPECT_THAT(MatchAll("Emmanuel\u00A0Macron"),
              ElementsAre(Found{"Emmanuel\u00A0Macron", kMacron}));
}

TEST_F(NameMatcherTest, PunctuationInsideNames) {
  EXPECT_THAT(MatchAll("AT&T và at&t"), ElementsAre(Found{"AT&T", kAtt}, Found{"at&t", kAtt}));
  EXPECT_THAT(MatchAll("AT T, AT. T"), IsEmpty());
}

TEST_F(NameMatcherTest, HyphenJoinsLikeASpace) {
  auto matcher = NameMatcher::Build({{"Jean-Luc Mélenchon", 1}, {"Ростов-на-Дону", 2}});
  ASSERT_TRUE(matcher.ok());
  for (const std::string text : {"Jean-Luc Melenchon", "Jean Luc Mélenchon", "Ростов на Дону"}) {
    auto matches = matcher->Match(text);
    ASSERT_TRUE(matches.ok());
    ASSERT_EQ(matches->size(), 1u) << text;
    EXPECT_EQ((*matches)[0].end, text.size()) << text;
  }
}

TEST_F(NameMatcherTest, LatinSlavicEndingsOnlyWhenAsked) {
  const std::string text = "Wizyta Macrona na Ukrainie";
  EXPECT_THAT(MatchAll(text), IsEmpty());
  NameMatchOptions slavic;
  slavic.latin_slavic_inflection = true;
  EXPECT_THAT(MatchAll(text, slavic),
              ElementsAre(Found{"Macrona", kMacron, true}, Found{"Ukrainie", kUkraine, true}));
  // In English text the same endings are ordinary: no "chin" for China by default.
  EXPECT_THAT(MatchAll("a chin and a Chine"), IsEmpty());
}

TEST_F(NameMatcherTest, RejectsInvalidUtf8WithItsOffset) {
  for (const std::string& text : {std::string("Macron\xff"), std::string("Việt\xC3"),
                                  std::string("ab\xED\xA0\x80"), std::string("\x80 Macron")}) {
    auto matches = matcher_->Match(text);
    ASSERT_FALSE(matches.ok()) << text;
    EXPECT_EQ(matches.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(matches.status().message(),
              "text: invalid UTF-8 at byte offset " + std::to_string(*text::FindInvalidUtf8(text)));
  }
  EXPECT_TRUE(matcher_->Match("").ok());
}

TEST_F(NameMatcherTest, RandomTextKeepsTheOutputContract) {
  // Fragments that exercise every path: names and their inflections, short names, spaceless
  // scripts, apostrophes, gap punctuation, marks, ignorables, line breaks, and ill-formed bytes.
  const std::vector<std::string> fragments = {
      "Emmanuel", "Macron", "Макрона", "Емманюеля", "Близького", "Сходу", "Μέσης",   "Ανατολής",
      "德国",     "总理",   "Mỹ",      "Nga",       "EU",        "Іран",  "Ірану",   "Київ",
      "Києва",    "AT",     "&",       "T",         "'s",        "l'",    "Élysée",  "В'єтнамі",
      " ",        " ",      "  ",      "-",         " - ",       ". ",    ", ",      "\n",
      "\u00A0",   "\u00AD", "\u0301",  "ー",        "กรุงเทพ",    "2024",  "Samsung", "Electronics",
      "x",        "\xff",   "\xC3",    "\xE2\x80"};
  std::mt19937 rng(7);
  for (int iteration = 0; iteration < 3000; ++iteration) {
    std::string text;
    const int pieces = 1 + static_cast<int>(rng() % 12);
    for (int i = 0; i < pieces; ++i) text += fragments[rng() % fragments.size()];
    NameMatchOptions options;
    options.latin_slavic_inflection = rng() % 2 == 0;
    auto matches = matcher_->Match(text, options);
    const std::optional<size_t> bad = text::FindInvalidUtf8(text);
    if (bad.has_value()) {
      ASSERT_FALSE(matches.ok()) << text;
      EXPECT_EQ(matches.status().message(),
                "text: invalid UTF-8 at byte offset " + std::to_string(*bad));
      continue;
    }
    ASSERT_TRUE(matches.ok()) << text;
    size_t last_end = 0;
    for (const NameMatch& m : *matches) {
      ASSERT_LE(last_end, m.begin) << text;  // ordered, non-overlapping
      ASSERT_LT(m.begin, m.end) << text;
      ASSERT_LE(m.end, text.size()) << text;
      // Offsets fall on code point boundaries.
      ASSERT_NE(static_cast<unsigned char>(text[m.begin]) & 0xC0, 0x80) << text;
      if (m.end < text.size()) {
        ASSERT_NE(static_cast<unsigned char>(text[m.end]) & 0xC0, 0x80) << text;
      }
      ASSERT_LE(m.entity_index, static_cast<uint32_t>(kKyiv)) << text;
      last_end = m.end;
    }
  }
}

TEST(NameMatcherBuildTest, RejectsInvalidNamesAndSkipsUnmatchableOnes) {
  auto bad = NameMatcher::Build({{"Macron", 0},
                                 {"Ma\xff"
                                  "cron",
                                  1}});
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(bad.status().message(), HasSubstr("names[1]: invalid UTF-8 at byte offset 2"));

  auto built = NameMatcher::Build({{"", 0}, {"—", 1}, {"美", 2}, {"Nga", 3}, {"Việt Nam", 4}});
  ASSERT_TRUE(built.ok());
  EXPECT_EQ(built->stats().names, 5u);
  EXPECT_EQ(built->stats().skipped_names, 3u);
  EXPECT_EQ(built->stats().exact_names, 1u);
  EXPECT_EQ(built->stats().patterns, 1u);
  auto matches = built->Match("美国");
  ASSERT_TRUE(matches.ok());
  EXPECT_THAT(*matches, IsEmpty());
  // With only Latin short names (no Cyrillic/Greek ones with endings) they still match.
  matches = built->Match("Nga, nga");
  ASSERT_TRUE(matches.ok());
  ASSERT_EQ(matches->size(), 1u);
  EXPECT_EQ((*matches)[0].entity_index, 3u);
  EXPECT_EQ((*matches)[0].end, 3u);
}

TEST(NameMatcherBuildTest, FirstEntityWinsForTheSameSpelling) {
  auto built = NameMatcher::Build({{"Georgia", 10}, {"GEORGIA", 20}, {"Грузія", 30}});
  ASSERT_TRUE(built.ok());
  auto matches = built->Match("Georgia");
  ASSERT_TRUE(matches.ok());
  ASSERT_EQ(matches->size(), 1u);
  EXPECT_EQ((*matches)[0].entity_index, 10u);
}

TEST_F(NameMatcherTest, MatchIsThreadSafe) {
  const std::string text =
      "Емманюель Макрон прибув до Німеччини. Samsung mở rộng tại Việt Nam. 德国总理默茨. "
      "Η Γερμανία και ο Μακρόν.";
  auto expected = matcher_->Match(text);
  ASSERT_TRUE(expected.ok());
  ASSERT_EQ(expected->size(), 7u);
  std::vector<std::thread> threads;
  std::vector<int> failures(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 200; ++i) {
        auto got = matcher_->Match(text);
        if (!got.ok() || *got != *expected) ++failures[t];
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_THAT(failures, ElementsAre(0, 0, 0, 0));
}

}  // namespace
}  // namespace newsgraph::extract
