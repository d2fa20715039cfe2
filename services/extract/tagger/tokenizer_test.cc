#include "services/extract/tagger/tokenizer.h"

#include <string>
#include <string_view>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace newsgraph::extract::tagger {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

std::vector<std::string> Words(std::string_view text) {
  auto tokens = Tokenize(text);
  EXPECT_TRUE(tokens.ok()) << tokens.status();
  std::vector<std::string> words;
  if (!tokens.ok()) return words;
  for (const TextToken& t : *tokens) words.emplace_back(text.substr(t.begin, t.end - t.begin));
  return words;
}

TEST(TokenizeTest, KeepsPunctuationAndDropsSpaces) {
  EXPECT_THAT(Words("Ο Μακρόν, στο Βερολίνο."),
              ElementsAre("Ο", "Μακρόν", ",", "στο", "Βερολίνο", "."));
  EXPECT_THAT(Words("«Нафтогаз» (Київ)"), ElementsAre("«", "Нафтогаз", "»", "(", "Київ", ")"));
  EXPECT_THAT(Words("  \t\n "), IsEmpty());
  EXPECT_THAT(Words(""), IsEmpty());
}

TEST(TokenizeTest, OffsetsAreBytesIntoTheInput) {
  const std::string text = "Київ — столиця.";
  auto tokens = Tokenize(text);
  ASSERT_TRUE(tokens.ok());
  // "Київ" is 4 Cyrillic letters (8 bytes), the em dash 3 bytes.
  EXPECT_THAT(*tokens,
              ElementsAre(TextToken{0, 8}, TextToken{9, 12}, TextToken{13, 27}, TextToken{27, 28}));
}

TEST(TokenizeTest, HyphenatedCompoundsStayOneToken) {
  EXPECT_THAT(Words("по-своєму Centre-JRC 1935-1961"),
              ElementsAre("по-своєму", "Centre-JRC", "1935-1961"));
  // Spaced dashes and en dashes separate.
  EXPECT_THAT(Words("Київ - Львів"), ElementsAre("Київ", "-", "Львів"));
  EXPECT_THAT(Words("2020–2021"), ElementsAre("2020", "–", "2021"));
}

TEST(TokenizeTest, AbbreviationsAndInitialsKeepTheirDot) {
  EXPECT_THAT(Words("Γ. Παπανδρέου και η Ε.Ε. είπαν."),
              ElementsAre("Γ.", "Παπανδρέου", "και", "η", "Ε.Ε.", "είπαν", "."));
  EXPECT_THAT(Words("у 2020. Далі"), ElementsAre("у", "2020", ".", "Далі"));
}

TEST(TokenizeTest, StopRunsAreOneToken) {
  EXPECT_THAT(Words("Ну... Так?! Ні…"), ElementsAre("Ну", "...", "Так", "?!", "Ні", "…"));
}

TEST(TokenizeTest, ApostrophesInsideWordsAndNumbersWithSeparators) {
  EXPECT_THAT(Words("м'ясо пам’ять 1.000 12,5%"),
              ElementsAre("м'ясо", "пам’ять", "1.000", "12,5", "%"));
}

TEST(TokenizeTest, RejectsInvalidUtf8) {
  auto tokens = Tokenize(std::string("ab\xC3", 3));
  ASSERT_FALSE(tokens.ok());
  EXPECT_EQ(tokens.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(tokens.status().message()), ::testing::HasSubstr("byte offset 2"));
}

std::vector<std::vector<std::string>> Sentences(std::string_view text, size_t max_tokens = 200) {
  auto tokens = Tokenize(text);
  EXPECT_TRUE(tokens.ok());
  std::vector<std::vector<std::string>> out;
  for (const TokenRange& r : SplitSentences(text, *tokens, max_tokens)) {
    EXPECT_LT(r.begin, r.end);
    std::vector<std::string> words;
    for (size_t i = r.begin; i < r.end; ++i) {
      words.emplace_back(text.substr((*tokens)[i].begin, (*tokens)[i].end - (*tokens)[i].begin));
    }
    out.push_back(words);
  }
  return out;
}

TEST(SplitSentencesTest, EndsAfterStopsAndClosingQuotes) {
  EXPECT_THAT(Sentences("Він сказав: «Так.» Потім пішов! Ну"),
              ElementsAre(ElementsAre("Він", "сказав", ":", "«", "Так", ".", "»"),
                          ElementsAre("Потім", "пішов", "!"), ElementsAre("Ну")));
}

TEST(SplitSentencesTest, LineBreaksEndSentences) {
  EXPECT_THAT(Sentences("Заголовок статті\nПерше речення"),
              ElementsAre(ElementsAre("Заголовок", "статті"), ElementsAre("Перше", "речення")));
}

TEST(SplitSentencesTest, LongRunsAreCut) {
  const auto sentences = Sentences("a b c d e f g", 3);
  EXPECT_THAT(sentences, ElementsAre(ElementsAre("a", "b", "c"), ElementsAre("d", "e", "f"),
                                     ElementsAre("g")));
}

TEST(SplitSentencesTest, InitialsDoNotEndSentences) {
  EXPECT_THAT(Sentences("Прийшов М. Грушевський."),
              ElementsAre(ElementsAre("Прийшов", "М.", "Грушевський", ".")));
}

}  // namespace
}  // namespace newsgraph::extract::tagger
