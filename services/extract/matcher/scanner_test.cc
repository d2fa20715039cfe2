#include "services/extract/matcher/scanner.h"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <vector>

#include "common/text/normalizer.h"
#include "common/text/utf8.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace newsgraph::extract::matcher_internal {
namespace {

using ::testing::ElementsAre;

struct Scanned {
  std::string raw;
  std::string key;
  bool solo;
  GapKind gap;
  std::string gap_key;
  bool operator==(const Scanned&) const = default;
  friend void PrintTo(const Scanned& s, std::ostream* os) {
    *os << "{" << s.raw << " key=" << s.key << (s.solo ? " solo" : "")
        << " gap=" << static_cast<int>(s.gap) << " '" << s.gap_key << "'}";
  }
};

std::vector<Scanned> ScanAll(std::string_view text) {
  std::vector<Scanned> out;
  Scanner scanner(text);
  Token token;
  while (scanner.Next(&token)) {
    out.push_back({std::string(text.substr(token.begin, token.end - token.begin)),
                   std::string(token.key), token.solo, token.gap,
                   token.gap == GapKind::kPunct ? std::string(token.gap_key) : ""});
  }
  EXPECT_FALSE(scanner.failed());
  return out;
}

// text::Fold of a token's text, with what the scanner deliberately drops or unifies (ignorable
// format characters, apostrophe variants) done the same way.
std::string ReferenceFold(std::string_view raw) {
  std::string cleaned;
  for (size_t i = 0; i < raw.size();) {
    char32_t cp = 0;
    const size_t len = text::DecodeUtf8(raw, i, &cp);
    if (cp == 0x2019 || cp == 0x02BC) {
      cleaned.push_back('\'');
    } else if (cp != 0x00AD && cp != 0x200C && cp != 0x200D && cp != 0x2060 && cp != 0xFEFF) {
      cleaned.append(raw.substr(i, len));
    }
    i += len;
  }
  return text::Fold(cleaned);
}

TEST(ScannerTest, CutsWordsSolosAndGaps) {
  EXPECT_THAT(ScanAll("Jean-Luc, AT&T; Macron's 德国x\nВ'єтнам"),
              ElementsAre(Scanned{"Jean", "jean", false, GapKind::kBreak, ""},
                          Scanned{"Luc", "luc", false, GapKind::kJoin, ""},
                          Scanned{"AT", "at", false, GapKind::kPunct, ","},
                          Scanned{"T", "t", false, GapKind::kPunct, "&"},
                          Scanned{"Macron's", "macron's", false, GapKind::kPunct, ";"},
                          Scanned{"德", "德", true, GapKind::kJoin, ""},
                          Scanned{"国", "国", true, GapKind::kJoin, ""},
                          Scanned{"x", "x", false, GapKind::kJoin, ""},
                          Scanned{"В'єтнам", "в'єтнам", false, GapKind::kBreak, ""}));
  // A spaced hyphen is punctuation, a trailing apostrophe is not part of the word.
  EXPECT_THAT(ScanAll("a - b'"), ElementsAre(Scanned{"a", "a", false, GapKind::kBreak, ""},
                                             Scanned{"b", "b", false, GapKind::kPunct, "-"}));
}

TEST(ScannerTest, MarksStayWithTheirToken) {
  // Thai vowel signs and NFD accents are marks; Mn folds away, the span keeps them.
  EXPECT_THAT(ScanAll("กรุง e\u0301te"),
              ElementsAre(Scanned{"ก", "ก", true, GapKind::kBreak, ""},
                          Scanned{"รุ", "ร", true, GapKind::kJoin, ""},
                          Scanned{"ง", "ง", true, GapKind::kJoin, ""},
                          Scanned{"e\u0301te", "ete", false, GapKind::kJoin, ""}));
}

TEST(ScannerTest, KeysEqualTextFoldOnTheSamples) {
  size_t tokens = 0;
  for (const auto& entry : std::filesystem::directory_iterator(NG_SAMPLES_DIR)) {
    if (entry.path().extension() != ".txt") continue;
    std::ifstream in(entry.path());
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    Scanner scanner(text);
    Token token;
    while (scanner.Next(&token)) {
      const std::string_view raw(text.data() + token.begin, token.end - token.begin);
      ASSERT_EQ(token.key, ReferenceFold(raw)) << entry.path() << " at " << token.begin;
      ++tokens;
    }
    ASSERT_FALSE(scanner.failed()) << entry.path();
  }
  EXPECT_GT(tokens, 1000u);
}

TEST(ScannerTest, KeysEqualTextFoldOnRandomWords) {
  // Letters and marks from the blocks where folding does something: Latin with diacritics,
  // Greek (tonos, dialytika, final sigma), Cyrillic, combining marks, Hangul jamo (which must
  // recompose), and letters that fold to several (ß, ﬁ).
  const std::vector<std::pair<char32_t, char32_t>> ranges = {
      {0x41, 0x5A},     {0xC0, 0x24F},    {0x300, 0x36F},   {0x370, 0x3FF},   {0x400, 0x52F},
      {0x1E00, 0x1EFF}, {0x1F00, 0x1FFF}, {0x1100, 0x11FF}, {0xAC00, 0xAC40}, {0xFB00, 0xFB06},
  };
  std::mt19937 rng(20251123);
  size_t checked = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string word;
    const int length = 1 + static_cast<int>(rng() % 8);
    for (int j = 0; j < length; ++j) {
      const auto& [lo, hi] = ranges[rng() % ranges.size()];
      const char32_t cp = lo + rng() % (hi - lo + 1);
      text::AppendUtf8(cp, &word);
    }
    const std::string text = "(" + word + ")";
    Scanner scanner(text);
    Token token;
    std::string joined;
    while (scanner.Next(&token)) {
      const std::string_view raw(text.data() + token.begin, token.end - token.begin);
      ASSERT_EQ(token.key, ReferenceFold(raw)) << "word " << word;
      ++checked;
    }
    ASSERT_FALSE(scanner.failed());
  }
  EXPECT_GT(checked, 20000u);
}

TEST(ScannerTest, ReportsTheFirstBadByte) {
  for (const std::string& text : {std::string("ok \xC3"), std::string("\xE0\x80\x80"),
                                  std::string("abc def\xF5"), std::string("Ngh\xE1\xBB")}) {
    Scanner scanner(text);
    Token token;
    while (scanner.Next(&token)) {
    }
    ASSERT_TRUE(scanner.failed()) << text;
    EXPECT_EQ(scanner.error_offset(), *text::FindInvalidUtf8(text)) << text;
  }
}

}  // namespace
}  // namespace newsgraph::extract::matcher_internal
