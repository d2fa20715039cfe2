#include "common/analysis/stem_keys.h"

#include <string>
#include <string_view>
#include <vector>

#include "common/text/normalizer.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace newsgraph::analysis {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Not;

std::vector<std::string> Keys(std::string_view word, std::string_view language) {
  const StemmerSpec* spec = FindStemmer(language);
  if (spec == nullptr) {
    ADD_FAILURE() << "no stemmer for " << language;
    return {};
  }
  std::vector<std::string> keys;
  const absl::Status status = AppendStemKeys(word, text::Fold(word), *spec, &keys);
  EXPECT_TRUE(status.ok()) << status;
  return keys;
}

bool Meet(std::string_view a, std::string_view b, std::string_view language) {
  for (const std::string& x : Keys(a, language)) {
    for (const std::string& y : Keys(b, language)) {
      if (x == y) return true;
    }
  }
  return false;
}

TEST(FindStemmerTest, UnderstandsBcp47Tags) {
  ASSERT_NE(FindStemmer("de"), nullptr);
  EXPECT_EQ(FindStemmer("de")->language, "de");
  EXPECT_EQ(FindStemmer("de-AT"), FindStemmer("de"));
  EXPECT_EQ(FindStemmer("DE"), FindStemmer("de"));
  EXPECT_EQ(FindStemmer("sr_Latn"), FindStemmer("sr"));
  EXPECT_EQ(FindStemmer("uk-UA"), FindStemmer("uk"));
  EXPECT_EQ(FindStemmer("nb")->language, "no");
  EXPECT_EQ(FindStemmer("nn-NO")->language, "no");
  EXPECT_EQ(FindStemmer("in")->language, "id");
}

TEST(FindStemmerTest, LanguagesWithoutStemmer) {
  for (std::string_view tag :
       {"", "vi", "zh", "zh-Hant", "ja", "pl", "cs", "bg", "he", "x", "english", "-de", "und"}) {
    EXPECT_EQ(FindStemmer(tag), nullptr) << tag;
  }
}

TEST(FindStemmerTest, EverySnowballAlgorithmExistsInLibstemmer) {
  // A word in each language's script must get a key; a missing algorithm fails with Internal.
  const std::vector<std::pair<std::string_view, std::string_view>> samples = {
      {"en", "elections"},     {"de", "Wahlen"},    {"nl", "verkiezingen"}, {"fr", "élections"},
      {"es", "elecciones"},    {"it", "elezioni"},  {"pt", "eleições"},     {"ca", "eleccions"},
      {"da", "valgene"},       {"no", "valgene"},   {"sv", "valen"},        {"fi", "vaaleissa"},
      {"eu", "hauteskundeak"}, {"ga", "toghcháin"}, {"id", "pemilihan"},    {"hu", "választások"},
      {"ro", "alegerile"},     {"tr", "seçimleri"}, {"lt", "rinkimai"},     {"sr", "избори"},
      {"ru", "выборы"},        {"uk", "вибори"},    {"el", "εκλογές"},      {"ar", "الانتخابات"},
      {"hy", "ընտրություն"},   {"hi", "चुनावों"},     {"ne", "चुनावहरू"},       {"ta", "தேர்தல்கள்"},
      {"yi", "וואַלן"},
  };
  ASSERT_EQ(samples.size(), AllStemmers().size());
  for (const auto& [language, word] : samples) {
    const std::vector<std::string> keys = Keys(word, language);
    ASSERT_FALSE(keys.empty()) << language;
    EXPECT_TRUE(keys.front().starts_with(kStemPrefix)) << language;
  }
}

TEST(StemKeysTest, EachLanguageJoinsInflectedForms) {
  struct Case {
    std::string_view language, a, b;
  };
  // Only pairs Snowball itself joins: its Basque, Turkish and Arabic stemmers cut a bare
  // nominative further than its inflected forms ("seçim" → sec, "seçimleri" → secim), which no
  // key choice here can mend.
  const Case cases[] = {
      {"en", "elections", "election"},
      {"de", "Deutschlands", "Deutschland"},
      {"de", "Häuser", "Haus"},
      {"nl", "verkiezingen", "verkiezing"},
      {"fr", "élections", "élection"},
      {"es", "elecciones", "elección"},
      {"it", "elezioni", "elezione"},
      {"pt", "eleições", "eleição"},
      {"ca", "eleccions", "elecció"},
      {"da", "regeringen", "regering"},
      {"no", "regjeringen", "regjering"},
      {"sv", "regeringen", "regering"},
      {"fi", "presidentin", "presidentti"},
      {"id", "pemilihan", "pemilih"},
      {"hu", "választások", "választás"},
      {"ro", "alegerile", "alegeri"},
      {"lt", "rinkimai", "rinkimų"},
      {"sr", "избора", "избори"},
      {"sr", "izbora", "izbori"},
      {"ru", "выборов", "выборы"},
      {"ru", "Германии", "Германия"},
      {"uk", "Німеччини", "Німеччина"},
      {"el", "Γερμανίας", "Γερμανία"},
      {"hi", "चुनावों", "चुनाव"},
  };
  for (const Case& c : cases) {
    EXPECT_TRUE(Meet(c.a, c.b, c.language)) << c.language << ": " << c.a << " / " << c.b;
  }
}

TEST(StemKeysTest, DifferentWordsStayApart) {
  EXPECT_FALSE(Meet("election", "elegant", "en"));
  EXPECT_FALSE(Meet("Haus", "Hase", "de"));
  EXPECT_FALSE(Meet("выборы", "выход", "ru"));
  EXPECT_FALSE(Meet("Γερμανία", "Γαλλία", "el"));
}

TEST(StemKeysTest, GreekStemsAfterFoldingAndJoinsIaEndings) {
  // Snowball alone gives γερμαν for -ία but γερμανι for -ίας; typed without tonos, the query
  // must still meet the text.
  EXPECT_THAT(Keys("Γερμανίας", "el"), ElementsAre("~γερμαν"));
  EXPECT_THAT(Keys("Γερμανια", "el"), ElementsAre("~γερμαν"));
  EXPECT_THAT(Keys("ΓΕΡΜΑΝΙΑΣ", "el"), ElementsAre("~γερμαν"));
  EXPECT_TRUE(Meet("Ρωσίας", "Ρωσία", "el"));
  EXPECT_TRUE(Meet("δημοκρατίες", "δημοκρατιών", "el"));
  // A vowel before the ι means the stem was consistent already; it is kept.
  EXPECT_THAT(Keys("ενέργειας", "el"), ElementsAre("~ενεργει"));
}

TEST(StemKeysTest, RussianNominativesMeetTheirOtherForms) {
  // Snowball cuts these nominatives as if they were inflected ("газпр", "пакиста", "серг").
  EXPECT_TRUE(Meet("Газпром", "Газпрома", "ru"));
  EXPECT_TRUE(Meet("Пакистан", "Пакистане", "ru"));
  EXPECT_TRUE(Meet("Байден", "Байденом", "ru"));
  EXPECT_TRUE(Meet("Киев", "Киева", "ru"));
  EXPECT_TRUE(Meet("Сергей", "Сергея", "ru"));
  EXPECT_TRUE(Meet("республиканец", "республиканцев", "ru"));
  // Russian is stemmed before folding: with й folded to и, "новый" would lose only its и.
  EXPECT_TRUE(Meet("новый", "новая", "ru"));
  EXPECT_TRUE(Meet("ёлка", "елки", "ru"));
}

TEST(StemKeysTest, LatinLanguagesKeyBothSpellings) {
  // The accented word gets Snowball's stem and the stem of its folded spelling, so that a reader
  // typing without diacritics meets it.
  EXPECT_THAT(Keys("elecció", "ca"), ElementsAre("~elec", "~elecc"));
  EXPECT_TRUE(Meet("eleccio", "elecció", "ca"));
  EXPECT_TRUE(Meet("eleccions", "elecció", "ca"));
  EXPECT_TRUE(Meet("eleicoes", "eleição", "pt"));
  EXPECT_TRUE(Meet("kitaplari", "kitapları", "tr"));
  EXPECT_TRUE(Meet("Munchen", "München", "de"));
  // ASCII words are stemmed once.
  EXPECT_THAT(Keys("elections", "en"), ElementsAre("~elect"));
}

TEST(StemKeysTest, TurkishDottedAndDotlessI) {
  EXPECT_TRUE(Meet("İstanbul", "ISTANBUL", "tr"));
  EXPECT_TRUE(Meet("ISTANBUL", "istanbul", "tr"));
}

TEST(StemKeysTest, DecomposedInputStemsLikeComposed) {
  // "новый" with й written as и + U+0306 (combining breve).
  EXPECT_EQ(Keys("новыи\xCC\x86", "ru"), Keys("новый", "ru"));
  // "Häuser" with a combining diaeresis.
  EXPECT_EQ(Keys("Ha\xCC\x88user", "de"), Keys("Häuser", "de"));
}

TEST(StemKeysTest, OnlyWordsInTheLanguagesScript) {
  EXPECT_THAT(Keys("Samsung", "el"), IsEmpty());
  EXPECT_THAT(Keys("Путин", "en"), IsEmpty());
  EXPECT_THAT(Keys("德国", "de"), IsEmpty());
  EXPECT_THAT(Keys("2024", "en"), IsEmpty());
  // Serbian is written in both alphabets.
  EXPECT_THAT(Keys("izbori", "sr"), Not(IsEmpty()));
  EXPECT_THAT(Keys("избори", "sr"), Not(IsEmpty()));
}

TEST(StemKeysTest, ApostrophesAreUnified) {
  EXPECT_EQ(Keys("В’єтнаму", "uk"), Keys("В'єтнаму", "uk"));
  EXPECT_EQ(Keys("Вʼєтнаму", "uk"), Keys("В'єтнаму", "uk"));
  EXPECT_THAT(Keys("В’єтнам", "uk"), Contains("~в'єтнам"));
}

TEST(StemKeysTest, VeryLongWordsAreNotStemmed) {
  const std::string long_word(kMaxStemmedBytes + 1, 'a');
  EXPECT_THAT(Keys(long_word, "en"), IsEmpty());
  const std::string longest(kMaxStemmedBytes, 'a');
  EXPECT_THAT(Keys(longest, "en"), Not(IsEmpty()));
}

TEST(StemKeysTest, KeysAlreadyPresentAreNotRepeated) {
  std::vector<std::string> keys = {"~elect"};
  ASSERT_TRUE(AppendStemKeys("elections", "elections", *FindStemmer("en"), &keys).ok());
  EXPECT_THAT(keys, ElementsAre("~elect"));
}

TEST(StemKeysTest, RejectsSpecsNotFromTheTable) {
  const StemmerSpec copy = *FindStemmer("en");
  std::vector<std::string> keys;
  const absl::Status status = AppendStemKeys("elections", "elections", copy, &keys);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(keys, IsEmpty());
}

TEST(WordScriptTest, FirstLetterDecides) {
  EXPECT_EQ(WordScript("abc"), Script::kLatin);
  EXPECT_EQ(WordScript("42abc"), Script::kLatin);
  EXPECT_EQ(WordScript("Київ"), Script::kCyrillic);
  EXPECT_EQ(WordScript("Αθήνα"), Script::kGreek);
  EXPECT_EQ(WordScript("德国"), Script::kOther);
  EXPECT_EQ(WordScript("2024"), Script::kOther);
  EXPECT_EQ(WordScript(""), Script::kOther);
  EXPECT_EQ(WordScript("चुनाव"), Script::kDevanagari);
}

}  // namespace
}  // namespace newsgraph::analysis
