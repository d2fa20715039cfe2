#include "common/text/segmenter.h"

#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace newsgraph::text {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

// Cuts the tokens out of the text, which checks the byte offsets as a side effect.
std::vector<std::string> Words(std::string_view text) {
  const absl::StatusOr<std::vector<Token>> tokens = SegmentWords(text);
  EXPECT_TRUE(tokens.ok()) << tokens.status();
  std::vector<std::string> words;
  if (!tokens.ok()) return words;
  size_t previous_end = 0;
  for (const Token& token : *tokens) {
    EXPECT_LE(previous_end, token.begin);
    EXPECT_LT(token.begin, token.end);
    EXPECT_LE(token.end, text.size());
    previous_end = token.end;
    words.emplace_back(text.substr(token.begin, token.end - token.begin));
  }
  return words;
}

TEST(SegmentWordsTest, EmptyInput) {
  EXPECT_THAT(*SegmentWords(""), IsEmpty());
  EXPECT_THAT(*SegmentWords(" ,.! "), IsEmpty());
}

TEST(SegmentWordsTest, VietnameseSyllablesArePunctuationFree) {
  const std::string text = "Samsung và TSMC công bố kế hoạch.";
  EXPECT_THAT(Words(text), ElementsAre("Samsung", "và", "TSMC", "công", "bố", "kế", "hoạch"));
  const std::vector<Token> tokens = *SegmentWords(text);
  ASSERT_EQ(tokens.size(), 7u);
  EXPECT_EQ(tokens[0], (Token{0, 7}));
  EXPECT_EQ(tokens[1], (Token{8, 11}));       // "và": v + 2-byte à.
  EXPECT_EQ(tokens[6].end, text.size() - 1);  // The final period is not part of any token.
}

TEST(SegmentWordsTest, MaxWordsKeepsTheFirstWords) {
  const std::string text = "Samsung và TSMC công bố kế hoạch.";
  const std::vector<Token> all = *SegmentWords(text);
  const std::vector<Token> first = *SegmentWords(text, 3);
  ASSERT_EQ(first.size(), 3u);
  EXPECT_EQ(first, std::vector<Token>(all.begin(), all.begin() + 3));
  EXPECT_EQ(*SegmentWords(text, 100), all);
  EXPECT_THAT(*SegmentWords(text, 0), IsEmpty());
  // Chinese goes through ICU's dictionary engine, which finds several words at once.
  const std::string chinese = "英伟达发布新芯片。台积电生产";
  const std::vector<Token> zh = *SegmentWords(chinese);
  ASSERT_GE(zh.size(), 3u);
  EXPECT_EQ(*SegmentWords(chinese, 2), std::vector<Token>(zh.begin(), zh.begin() + 2));
  EXPECT_FALSE(SegmentWords("\xff", 1).ok());
}

TEST(SegmentWordsTest, English) {
  EXPECT_THAT(Words("The U.S. economy grew 2.5% in 2025, officials said; don't panic."),
              ElementsAre("The", "U.S", "economy", "grew", "2.5", "in", "2025", "officials", "said",
                          "don't", "panic"));
}

TEST(SegmentWordsTest, NumbersAreTokens) {
  EXPECT_THAT(Words("2025 — 15 ("), ElementsAre("2025", "15"));
}

TEST(SegmentWordsTest, Greek) {
  EXPECT_THAT(Words("Ο Μακρόν επισκέφθηκε τη Γερμανία."),
              ElementsAre("Ο", "Μακρόν", "επισκέφθηκε", "τη", "Γερμανία"));
}

TEST(SegmentWordsTest, UkrainianApostropheStaysInsideWord) {
  EXPECT_THAT(Words("м'ясо"), ElementsAre("м'ясо"));
  EXPECT_THAT(Words("Канцлер Німеччини їв м\u2019ясо."),
              ElementsAre("Канцлер", "Німеччини", "їв", "м\u2019ясо"));
}

TEST(SegmentWordsTest, Russian) {
  EXPECT_THAT(Words("Президент России, 15 мая."), ElementsAre("Президент", "России", "15", "мая"));
}

TEST(SegmentWordsTest, ChineseUsesDictionary) {
  const std::string text = "德国总理访问北京";
  const std::vector<std::string> words = Words(text);
  EXPECT_GT(words.size(), 1u);
  std::string joined;
  for (const std::string& w : words) {
    joined += w;
    EXPECT_EQ(w.size() % 3, 0u) << w;  // Whole 3-byte CJK characters only.
  }
  EXPECT_EQ(joined, text);
}

TEST(SegmentWordsTest, ChineseWithPunctuationAndLatin) {
  const std::string text = "德国总理访问北京。Samsung发布2025年报告！";
  const std::vector<std::string> words = Words(text);
  std::string joined;
  for (const std::string& w : words) joined += w;
  EXPECT_EQ(joined, "德国总理访问北京Samsung发布2025年报告");
}

TEST(SegmentWordsTest, Japanese) {
  const std::vector<std::string> words = Words("東京都でカタカナとひらがなを書く。");
  EXPECT_GT(words.size(), 2u);
  std::string joined;
  for (const std::string& w : words) joined += w;
  EXPECT_EQ(joined, "東京都でカタカナとひらがなを書く");
}

TEST(SegmentWordsTest, FourByteCharactersKeepByteOffsets) {
  // U+1F600 is a symbol, not a word; U+20000 (CJK Extension B) is an ideograph.
  const std::string text = "a\U0001F600 b\U00020000 c";
  const std::vector<Token> tokens = *SegmentWords(text);
  std::vector<std::string> words;
  for (const Token& t : tokens) words.emplace_back(text.substr(t.begin, t.end - t.begin));
  EXPECT_THAT(words, ElementsAre("a", "b", "\U00020000", "c"));
  ASSERT_EQ(tokens.size(), 4u);
  EXPECT_EQ(tokens[0], (Token{0, 1}));
  EXPECT_EQ(tokens[1], (Token{6, 7}));
  EXPECT_EQ(tokens[2], (Token{7, 11}));
  EXPECT_EQ(tokens[3], (Token{12, 13}));
}

TEST(SegmentWordsTest, RejectsInvalidUtf8) {
  const absl::StatusOr<std::vector<Token>> tokens = SegmentWords("ok \xED\xA0\x80");
  ASSERT_FALSE(tokens.ok());
  EXPECT_EQ(tokens.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(tokens.status().message(), "text: invalid UTF-8 at byte offset 3");
}

TEST(SegmentWordsTest, ThreadsSegmentIndependently) {
  const std::vector<std::string> texts = {"Samsung và TSMC công bố kế hoạch.", "德国总理访问北京",
                                          "Канцлер Німеччини м'ясо",
                                          "Ο Μακρόν επισκέφθηκε τη Γερμανία."};
  std::vector<std::vector<std::string>> expected;
  for (const std::string& t : texts) expected.push_back(Words(t));
  std::vector<std::thread> threads;
  std::vector<int> mismatches(4, 0);
  for (int k = 0; k < 4; ++k) {
    threads.emplace_back([&, k] {
      for (int i = 0; i < 500; ++i) {
        const size_t j = (k + i) % texts.size();
        const std::vector<Token> tokens = *SegmentWords(texts[j]);
        std::vector<std::string> words;
        for (const Token& t : tokens) words.emplace_back(texts[j].substr(t.begin, t.end - t.begin));
        if (words != expected[j]) ++mismatches[k];
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_THAT(mismatches, ElementsAre(0, 0, 0, 0));
}

TEST(SegmentWordsTest, LargeDocumentThenSmallOne) {
  // Larger than the per-thread UTF-16 buffer that is kept between calls.
  std::string big;
  for (int i = 0; i < 150000; ++i) big += "слово ";
  const std::vector<Token> tokens = *SegmentWords(big);
  ASSERT_EQ(tokens.size(), 150000u);
  EXPECT_EQ(tokens.back(), (Token{big.size() - 11, big.size() - 1}));
  EXPECT_THAT(Words("Đức 2025"), ElementsAre("Đức", "2025"));
}

TEST(TermsTest, FoldsEachToken) {
  EXPECT_THAT(*Terms("Samsung và TSMC công bố kế hoạch."),
              ElementsAre("samsung", "va", "tsmc", "cong", "bo", "ke", "hoach"));
  EXPECT_THAT(*Terms("ΜΑΚΡΌΝ στη Γερμανίας"), ElementsAre("μακρον", "στη", "γερμανιασ"));
  EXPECT_THAT(*Terms("Ґанок і Їжак, 2025"), ElementsAre("ганок", "і", "іжак", "2025"));
  EXPECT_THAT(*Terms("Ёлка в Москве"), ElementsAre("елка", "в", "москве"));
  EXPECT_THAT(*Terms(""), IsEmpty());
}

TEST(TermsTest, RejectsInvalidUtf8) {
  EXPECT_EQ(Terms("\xC0\xAF").status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace newsgraph::text
