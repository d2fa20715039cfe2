#include "services/query/core/snippets.h"

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

TEST(SnippetsTest, WindowAroundTheDensestMatchesWithEllipses) {
  std::string body = "Intro words here.\n";
  for (int i = 0; i < 40; ++i) body += "filler ";
  body += "Samsung và TSMC công bố kế hoạch.\tMore filler after it ends here and more.";
  auto words = MatchRanges(body, "vi", {"cong", "bo", "samsung"});
  ASSERT_TRUE(words.ok()) << words.status();
  auto snippet = MakeSnippet(body, *words, 12);
  ASSERT_TRUE(snippet.ok()) << snippet.status();
  EXPECT_EQ(Marked(*snippet),
            "…filler filler filler filler filler filler [Samsung] và TSMC [công] [bố] kế…");
  EXPECT_EQ(snippet->html,
            "…filler filler filler filler filler filler <mark>Samsung</mark> và "
            "TSMC <mark>công</mark> <mark>bố</mark> kế…");
}

TEST(SnippetsTest, StartOfTheBodyWithoutMatchesAndNoCutWhenItFits) {
  auto snippet = MakeSnippet("Short body\nwith two lines.", {}, 30);
  ASSERT_TRUE(snippet.ok());
  EXPECT_EQ(snippet->text, "Short body with two lines.");
  EXPECT_TRUE(snippet->highlights.empty());
  auto empty = MakeSnippet("", {}, 30);
  ASSERT_TRUE(empty.ok());
  EXPECT_EQ(empty->text, "");
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
  auto words = MatchRanges(body, "uk", {"макрон", "прибув"});
  ASSERT_TRUE(words.ok());
  std::vector<MarkRange> merged =
      MergeRanges(*words, mentions, {"ng:person/emmanuel-macron"}, body.size());
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
