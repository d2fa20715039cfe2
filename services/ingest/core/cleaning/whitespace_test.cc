#include "services/ingest/core/cleaning/whitespace.h"

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace newsgraph::ingest::cleaning {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(NormalizeLinesTest, SplitsAtEveryLineTerminator) {
  EXPECT_THAT(*NormalizeLines(""), IsEmpty());
  EXPECT_THAT(*NormalizeLines("a"), ElementsAre("a"));
  EXPECT_THAT(*NormalizeLines("a\n"), ElementsAre("a"));
  EXPECT_THAT(*NormalizeLines("a\r\nb\rc\n\nd"), ElementsAre("a", "b", "c", "", "d"));
  EXPECT_THAT(*NormalizeLines("\n"), ElementsAre(""));
  EXPECT_THAT(*NormalizeLines("a\r\n\r\n"), ElementsAre("a", ""));
}

TEST(NormalizeLinesTest, CollapsesAllKindsOfHorizontalWhitespace) {
  EXPECT_THAT(*NormalizeLines("  Hà\u00A0\u00A0Nội\t\u3000là \u2003thủ\u202Fđô  "),
              ElementsAre("Hà Nội là thủ đô"));
  EXPECT_THAT(*NormalizeLines(" \t\u00A0 "), ElementsAre(""));
}

TEST(NormalizeLinesTest, DropsControlAndInvisibleFormatCharacters) {
  EXPECT_THAT(*NormalizeLines("Sam\u200Bsung\u00AD TS\u200DMC\uFEFF\x01\x7F\u0085x"),
              ElementsAre("Samsung TSMC x"));
  EXPECT_THAT(*NormalizeLines("\u202Bשלום\u202C \u2066ok\u2069"), ElementsAre("שלום ok"));
  EXPECT_THAT(*NormalizeLines("\u200B\u2060"), ElementsAre(""));
}

TEST(NormalizeLinesTest, ComposesToNfcAfterDroppingInvisibleCharacters) {
  // A zero-width space between a letter and its mark must not block composition.
  EXPECT_THAT(*NormalizeLines("Vie\u0323\u0302t\nCafe\u200B\u0301"), ElementsAre("Việt", "Café"));
}

TEST(NormalizeLinesTest, RejectsInvalidUtf8) {
  const auto lines = NormalizeLines("ok\n\xC3(");
  ASSERT_FALSE(lines.ok());
  EXPECT_EQ(lines.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(lines.status().message(), "text: invalid UTF-8 at byte offset 3");
}

TEST(NormalizeInlineTest, JoinsLinesWithOneSpace) {
  EXPECT_EQ(*NormalizeInline("  Samsung\u00A0và\r\n TSMC \n", "title"), "Samsung và TSMC");
  EXPECT_EQ(*NormalizeInline("", "title"), "");
  EXPECT_EQ(NormalizeInline("\xFF", "known_title").status().message(),
            "known_title: invalid UTF-8 at byte offset 0");
}

TEST(AssembleBodyTest, KeepsOneBlankLineBetweenParagraphsAndTrims) {
  const std::vector<std::string> lines = {"", "a", "b", "", "", "", "c", "", ""};
  EXPECT_EQ(AssembleBody(lines, std::vector<bool>(lines.size(), false)), "a\nb\n\nc");
}

TEST(AssembleBodyTest, RemovedLineBreaksTheParagraph) {
  const std::vector<std::string> lines = {"title", "a", "debris", "b", "footer"};
  EXPECT_EQ(AssembleBody(lines, {true, false, true, false, true}), "a\n\nb");
  EXPECT_EQ(AssembleBody(lines, {true, true, true, true, true}), "");
}

}  // namespace
}  // namespace newsgraph::ingest::cleaning
