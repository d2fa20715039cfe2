#include "common/lang/detect.h"

#include <string>
#include <thread>
#include <vector>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace newsgraph::lang {
namespace {

using ::testing::DoubleNear;
using ::testing::ElementsAre;
using ::testing::Field;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

struct Sample {
  const char* name;
  const char* text;
  const char* language;
  const char* script;
};

// Two news-style sentences per language: long enough for CLD2 to be reliable, as short as an
// article lede can be.
const Sample kSamples[] = {
    {"Vietnamese",
     "Thủ tướng Chính phủ đã chủ trì cuộc họp với các bộ, ngành về tình hình kinh tế xã hội. Các "
     "đại biểu thảo luận về giải pháp thúc đẩy tăng trưởng trong những tháng cuối năm.",
     "vi", "Latin"},
    {"Ukrainian",
     "Уряд України ухвалив рішення про підвищення мінімальної заробітної плати з наступного "
     "року. Прем'єр-міністр заявив, що це допоможе підтримати економіку країни під час війни.",
     "uk", "Cyrillic"},
    {"Russian",
     "Правительство России объявило о новых мерах поддержки малого бизнеса. Министр экономики "
     "заявил, что эти меры помогут сохранить рабочие места в регионах.",
     "ru", "Cyrillic"},
    {"Greek",
     "Η κυβέρνηση ανακοίνωσε νέα μέτρα στήριξης για τις μικρές επιχειρήσεις. Ο υπουργός "
     "Οικονομικών δήλωσε ότι τα μέτρα θα τεθούν σε ισχύ από τον επόμενο μήνα.",
     "el", "Greek"},
    {"ChineseSimplified",
     "国务院总理今天主持召开常务会议，研究部署进一步扩大内需的政策措施。会议指出，要加快推进重大"
     "项目建设，稳定就业和物价。",
     "zh", "Han"},
    {"ChineseTraditional",
     "國務院總理今天主持召開常務會議，研究部署進一步擴大內需的政策措施。會議指出，要加快推進重大"
     "項目建設，穩定就業和物價。",
     "zh-Hant", "Han"},
    {"English",
     "The government announced new measures to support small businesses on Tuesday. The finance "
     "minister said the measures would take effect next month and help protect jobs.",
     "en", "Latin"},
    {"German",
     "Die Bundesregierung hat am Dienstag neue Maßnahmen zur Unterstützung kleiner Unternehmen "
     "beschlossen. Der Finanzminister sagte, die Maßnahmen würden im nächsten Monat in Kraft "
     "treten.",
     "de", "Latin"},
    {"French",
     "Le gouvernement a annoncé mardi de nouvelles mesures pour soutenir les petites entreprises. "
     "Le ministre des Finances a déclaré que ces mesures entreraient en vigueur le mois prochain.",
     "fr", "Latin"},
    // CLD2 answers with the legacy code "iw".
    {"Hebrew",
     "הממשלה הודיעה היום על צעדים חדשים לתמיכה בעסקים קטנים. שר האוצר אמר כי הצעדים ייכנסו "
     "לתוקף בחודש הבא.",
     "he", "Hebrew"},
};

class DetectLanguageSampleTest : public ::testing::TestWithParam<Sample> {};

TEST_P(DetectLanguageSampleTest, DetectsLanguageAndScript) {
  const Sample& sample = GetParam();
  absl::StatusOr<LanguageGuess> guess = DetectLanguage(sample.text);
  ASSERT_TRUE(guess.ok()) << guess.status();
  EXPECT_EQ(guess->language, sample.language);
  EXPECT_TRUE(guess->reliable);
  EXPECT_GT(guess->confidence, 0.9);
  EXPECT_LE(guess->confidence, 1.0);
  ASSERT_THAT(guess->scripts, ElementsAre(Field(&ScriptShare::script, sample.script)));
  EXPECT_DOUBLE_EQ(guess->scripts[0].fraction, 1.0);
}

INSTANTIATE_TEST_SUITE_P(Languages, DetectLanguageSampleTest, ::testing::ValuesIn(kSamples),
                         [](const ::testing::TestParamInfo<Sample>& info) {
                           return std::string(info.param.name);
                         });

TEST(DetectLanguageTest, MixedLatinAndCyrillicReportsBothScripts) {
  absl::StatusOr<LanguageGuess> guess = DetectLanguage(
      "Президент Зеленський заявив про нові санкції. The European Union announced additional "
      "sanctions against Russia on Friday.");
  ASSERT_TRUE(guess.ok()) << guess.status();
  ASSERT_EQ(guess->scripts.size(), 2u);
  // 65 Latin letters against 39 Cyrillic ones.
  EXPECT_EQ(guess->scripts[0].script, "Latin");
  EXPECT_EQ(guess->scripts[1].script, "Cyrillic");
  EXPECT_GT(guess->scripts[1].fraction, 0.3);
  EXPECT_NEAR(guess->scripts[0].fraction + guess->scripts[1].fraction, 1.0, 1e-9);
  // CLD2 splits the text roughly in half (by bytes, where Cyrillic counts double) and names the
  // larger part; its confidence says it covers only about half.
  EXPECT_THAT(guess->language, ::testing::AnyOf("uk", "en"));
  EXPECT_LT(guess->confidence, 0.7);
}

TEST(DetectLanguageTest, JapaneseHasKanaAndHan) {
  absl::StatusOr<LanguageGuess> guess = DetectLanguage(
      "東京都は今日、新しい経済対策を発表しました。知事は、中小企業の支援を強化すると述べました。");
  ASSERT_TRUE(guess.ok()) << guess.status();
  EXPECT_EQ(guess->language, "ja");
  ASSERT_GE(guess->scripts.size(), 2u);
  std::vector<std::string> names;
  for (const ScriptShare& share : guess->scripts) names.push_back(share.script);
  EXPECT_THAT(names, ::testing::IsSupersetOf({"Han", "Hiragana"}));
}

TEST(DetectLanguageTest, NoLettersIsUnd) {
  for (const char* text : {"", "12345 678 90", "!!! ... --- 2024-05-01", "   \n\t"}) {
    SCOPED_TRACE(text);
    absl::StatusOr<LanguageGuess> guess = DetectLanguage(text);
    ASSERT_TRUE(guess.ok()) << guess.status();
    EXPECT_EQ(guess->language, "und");
    EXPECT_EQ(guess->confidence, 0);
    EXPECT_FALSE(guess->reliable);
    EXPECT_THAT(guess->scripts, IsEmpty());
  }
}

TEST(DetectLanguageTest, ScriptsIgnoreDigitsAndPunctuation) {
  absl::StatusOr<LanguageGuess> guess = DetectLanguage("Київ, 24.02.2022 — 100%!");
  ASSERT_TRUE(guess.ok()) << guess.status();
  ASSERT_THAT(guess->scripts, ElementsAre(Field(&ScriptShare::script, "Cyrillic")));
  EXPECT_DOUBLE_EQ(guess->scripts[0].fraction, 1.0);
}

TEST(DetectLanguageTest, StrayLetterBelowOnePercentIsDropped) {
  std::string text(200, 'a');
  text += " \u03B1";  // One Greek letter among 200 Latin ones.
  absl::StatusOr<LanguageGuess> guess = DetectLanguage(text);
  ASSERT_TRUE(guess.ok()) << guess.status();
  ASSERT_THAT(guess->scripts, ElementsAre(Field(&ScriptShare::script, "Latin")));
  EXPECT_THAT(guess->scripts[0].fraction, DoubleNear(200.0 / 201.0, 1e-9));
}

TEST(DetectLanguageTest, ShortTextIsAnUnreliableGuess) {
  // CLD2 alone answers "un" for all of these; the best-effort retry yields a guess.
  for (const char* text : {"Hello", "Банк", "Київ"}) {
    SCOPED_TRACE(text);
    absl::StatusOr<LanguageGuess> guess = DetectLanguage(text);
    ASSERT_TRUE(guess.ok()) << guess.status();
    EXPECT_NE(guess->language, "und");
    EXPECT_FALSE(guess->reliable);
    EXPECT_GT(guess->confidence, 0);
    EXPECT_LE(guess->confidence, 0.5);
  }
}

TEST(DetectLanguageTest, HintDecidesAmbiguousShortCyrillic) {
  // "Банк" is spelled the same in Ukrainian and Russian; CLD2 leans Russian without a hint.
  absl::StatusOr<LanguageGuess> plain = DetectLanguage("Банк");
  ASSERT_TRUE(plain.ok()) << plain.status();
  EXPECT_EQ(plain->language, "ru");
  for (const char* hint : {"uk", "uk-UA", "UK", "uk_ua"}) {
    SCOPED_TRACE(hint);
    absl::StatusOr<LanguageGuess> hinted = DetectLanguage("Банк", hint);
    ASSERT_TRUE(hinted.ok()) << hinted.status();
    EXPECT_EQ(hinted->language, "uk");
    EXPECT_FALSE(hinted->reliable);
  }
  // "Новини" (Ukrainian for "news") comes out Bulgarian without a hint.
  absl::StatusOr<LanguageGuess> news = DetectLanguage("Новини", "uk");
  ASSERT_TRUE(news.ok()) << news.status();
  EXPECT_EQ(news->language, "uk");
}

TEST(DetectLanguageTest, HintDoesNotOverrideClearText) {
  absl::StatusOr<LanguageGuess> guess = DetectLanguage(kSamples[2].text, "uk");  // Russian.
  ASSERT_TRUE(guess.ok()) << guess.status();
  EXPECT_EQ(guess->language, "ru");
  EXPECT_TRUE(guess->reliable);
}

TEST(DetectLanguageTest, UnknownHintsAreIgnored) {
  for (const char* hint : {"und", "xx", "klingon-ish", "-", "zz-ZZ-zz"}) {
    SCOPED_TRACE(hint);
    absl::StatusOr<LanguageGuess> guess = DetectLanguage(kSamples[0].text, hint);
    ASSERT_TRUE(guess.ok()) << guess.status();
    EXPECT_EQ(guess->language, "vi");
  }
  absl::StatusOr<LanguageGuess> guess = DetectLanguage(kSamples[0].text, std::string(1000, 'a'));
  ASSERT_TRUE(guess.ok()) << guess.status();
  EXPECT_EQ(guess->language, "vi");
}

TEST(DetectLanguageTest, ControlCharactersAndNoncharactersAreTolerated) {
  // CLD2 rejects these code points although they are well-formed UTF-8.
  std::string text = "The government announced\x01 new measures\x7F to support small businesses";
  text += "\xEF\xBF\xBE on Tuesday. \xC2\x85The finance minister\xEF\xB7\x90 said the measures ";
  text += "would take effect next month.\xF4\x8F\xBF\xBF";
  absl::StatusOr<LanguageGuess> guess = DetectLanguage(text);
  ASSERT_TRUE(guess.ok()) << guess.status();
  EXPECT_EQ(guess->language, "en");
  EXPECT_TRUE(guess->reliable);
}

TEST(DetectLanguageTest, InvalidUtf8IsInvalidArgument) {
  absl::StatusOr<LanguageGuess> guess = DetectLanguage("Vi\xE1\xBB t Nam");
  ASSERT_FALSE(guess.ok());
  EXPECT_EQ(guess.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(guess.status().message(), HasSubstr("invalid UTF-8 at byte offset 2"));
  EXPECT_EQ(DetectLanguage("ok", "").status().code(), absl::StatusCode::kOk);
  EXPECT_EQ(DetectLanguage("\xFF").status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(DetectLanguageTest, ConcurrentCallsAgree) {
  std::vector<std::thread> threads;
  std::vector<int> mismatches(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([t, &mismatches] {
      for (int i = 0; i < 50; ++i) {
        const Sample& sample = kSamples[(t + i) % std::size(kSamples)];
        absl::StatusOr<LanguageGuess> guess = DetectLanguage(sample.text);
        if (!guess.ok() || guess->language != sample.language) ++mismatches[t];
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  EXPECT_THAT(mismatches, ::testing::Each(0));
}

}  // namespace
}  // namespace newsgraph::lang
