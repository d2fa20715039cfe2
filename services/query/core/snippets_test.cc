#include "services/query/core/snippets.h"

#include <algorithm>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace newsgraph::query {
namespace {

using ::testing::ElementsAre;

std::string Marked(const Snippet& snippet) {
  std::string out;
  size_t at = 0;
  for (const v1::Highlight& mark : snippet.highlights) {
    out += snippet.text.substr(at, mark.begin() - at) + "[" +
           snippet.text.substr(mark.begin(), mark.end() - mark.begin()) + "]";
    at = mark.end();
  }
  return out + snippet.text.substr(at);
}

std::vector<text::Token> Tokens(std::string_view text) {
  auto tokens = text::SegmentWords(text);
  EXPECT_TRUE(tokens.ok()) << tokens.status();
  return tokens.ok() ? *tokens : std::vector<text::Token>();
}

// The positions of the words of `text` spelled as one of `words`, numbered from `first`.
std::vector<uint32_t> PositionsOf(std::string_view text, const std::vector<std::string>& words,
                                  uint32_t first = 0) {
  std::vector<uint32_t> positions;
  const std::vector<text::Token> tokens = Tokens(text);
  for (size_t i = 0; i < tokens.size(); ++i) {
    const std::string word(text.substr(tokens[i].begin, tokens[i].end - tokens[i].begin));
    if (std::find(words.begin(), words.end(), word) != words.end()) positions.push_back(first + i);
  }
  return positions;
}

TEST(SnippetsTest, PositionRangesMarkTheWordsAtThePositionsFromTheFirstOne) {
  const std::string text = "Samsung và TSMC công bố";
  const std::vector<text::Token> tokens = Tokens(text);
  auto marked = [&](const std::vector<MarkRange>& ranges) {
    std::vector<std::string> words;
    for (const MarkRange& r : ranges) words.push_back(text.substr(r.begin, r.end - r.begin));
    return words;
  };
  EXPECT_THAT(marked(PositionRanges(tokens, {0, 3, 4, 9}, 0)),
              ElementsAre("Samsung", "công", "bố"));
  // Body positions: the first word is at 65536; positions before it belong to the title.
  EXPECT_THAT(marked(PositionRanges(tokens, {2, 65537, 65538, 70000}, 65536)),
              ElementsAre("và", "TSMC"));
  EXPECT_TRUE(PositionRanges(tokens, {}, 0).empty());
  EXPECT_TRUE(PositionRanges({}, {0, 1}, 0).empty());
}

TEST(SnippetsTest, SegmentingUpToTheWordLimitGivesTheSameSnippet) {
  std::string body;
  for (int i = 0; i < 300; ++i) body += "w" + std::to_string(i) + (i % 17 == 16 ? ".\n" : " ");
  const std::vector<text::Token> all = Tokens(body);
  ASSERT_EQ(all.size(), 300u);
  const std::vector<std::vector<uint32_t>> cases = {
      {},
      {0},
      {5},
      {299},
      {3, 4, 250, 251, 252},
      {10, 100, 101, 102, 290, 291, 292, 293},
      {290, 291, 292, 293, 294, 295, 296, 297, 298, 299},
      {40, 41, 42, 43, 44, 45, 46, 47, 48, 49}};
  for (const std::vector<uint32_t>& indices : cases) {
    for (size_t max_words : {1, 12, 30}) {
      const size_t limit = SnippetWordLimit(indices, max_words);
      EXPECT_GE(limit, max_words + 2);
      const std::vector<text::Token> first(all.begin(), all.begin() + std::min(limit, all.size()));
      const Snippet whole = MakeSnippet(body, all, PositionRanges(all, indices, 0), max_words);
      const Snippet cut = MakeSnippet(body, first, PositionRanges(first, indices, 0), max_words);
      EXPECT_EQ(cut.text, whole.text) << indices.size() << " " << max_words;
      EXPECT_EQ(cut.html, whole.html);
    }
  }
}

TEST(SnippetsTest, WindowAroundTheDensestMatchesWithEllipses) {
  std::string body = "Intro words here.\n";
  for (int i = 0; i < 40; ++i) body += "filler ";
  body += "Samsung và TSMC công bố kế hoạch.\tMore filler after it ends here and more.";
  const std::vector<text::Token> tokens = Tokens(body);
  const std::vector<MarkRange> words =
      PositionRanges(tokens, PositionsOf(body, {"công", "bố", "Samsung"}), 0);
  const Snippet snippet = MakeSnippet(body, tokens, words, 12);
  EXPECT_EQ(Marked(snippet),
            "…filler filler filler filler filler filler [Samsung] và TSMC [công] [bố] kế…");
  EXPECT_EQ(snippet.html,
            "…filler filler filler filler filler filler <mark>Samsung</mark> và "
            "TSMC <mark>công</mark> <mark>bố</mark> kế…");
}

TEST(SnippetsTest, StartOfTheBodyWithoutMatchesAndNoCutWhenItFits) {
  const std::string body = "Short body\nwith two lines.";
  const Snippet snippet = MakeSnippet(body, Tokens(body), {}, 30);
  EXPECT_EQ(snippet.text, "Short body with two lines.");
  EXPECT_TRUE(snippet.highlights.empty());
  EXPECT_EQ(MakeSnippet("", {}, {}, 30).text, "");
}

TEST(SnippetsTest, EntityMentionsAbsorbTheWordsTheyCover) {
  const std::string body = "Президент Емманюель Макрон прибув.";
  google::protobuf::RepeatedPtrField<common::v1::Mention> mentions;
  common::v1::Mention* mention = mentions.Add();
  mention->set_entity_id("ng:person/emmanuel-macron");
  mention->set_begin(std::string("Президент ").size());
  mention->set_end(body.find(" прибув"));
  common::v1::Mention* other = mentions.Add();
  other->set_entity_id("ng:country/fr");
  other->set_begin(0);
  other->set_end(4);
  std::vector<MarkRange> words =
      PositionRanges(Tokens(body), PositionsOf(body, {"Макрон", "прибув"}), 0);
  std::vector<MarkRange> merged =
      MergeRanges(words, mentions, {"ng:person/emmanuel-macron"}, body.size());
  ASSERT_EQ(merged.size(), 2u);
  EXPECT_EQ(body.substr(merged[0].begin, merged[0].end - merged[0].begin), "Емманюель Макрон");
  EXPECT_EQ(merged[0].entity_id, "ng:person/emmanuel-macron");
  EXPECT_EQ(body.substr(merged[1].begin, merged[1].end - merged[1].begin), "прибув");
}

TEST(SnippetsTest, Utf16OffsetsCountSurrogatePairs) {
  const std::string text = "😀 é 中文 x";
  const size_t x = text.find('x');
  std::vector<v1::Highlight> highlights =
      ToHighlights(text, {{0, 4, ""}, {text.find("中"), x - 1, ""}, {x, x + 1, ""}});
  ASSERT_EQ(highlights.size(), 3u);
  EXPECT_EQ(highlights[0].utf16_end(), 2u);  // one emoji = two UTF-16 units
  EXPECT_EQ(highlights[1].utf16_begin(), 5u);
  EXPECT_EQ(highlights[1].utf16_end(), 7u);
  EXPECT_EQ(highlights[2].utf16_begin(), 8u);
  EXPECT_THAT(MarkHtml("a<b>&\"c\"", {{1, 4, ""}}),
              ::testing::Eq("a<mark>&lt;b&gt;</mark>&amp;&quot;c&quot;"));
}

}  // namespace
}  // namespace newsgraph::query
