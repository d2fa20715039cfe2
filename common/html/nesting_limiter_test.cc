#include "common/html/nesting_limiter.h"

#include <optional>
#include <string>
#include <string_view>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace newsgraph::html::internal {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

std::string Repeat(std::string_view s, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

size_t Count(std::string_view haystack, std::string_view needle) {
  size_t count = 0;
  for (size_t pos = haystack.find(needle); pos != std::string_view::npos;
       pos = haystack.find(needle, pos + needle.size())) {
    ++count;
  }
  return count;
}

TEST(LimitNestingTest, ShallowDocumentNeedsNoCopy) {
  EXPECT_EQ(LimitNesting("", 8), std::nullopt);
  EXPECT_EQ(LimitNesting("<html><body><div><p>text</p></div></body></html>", 8), std::nullopt);
  EXPECT_EQ(LimitNesting(Repeat("<div>", 8), 8), std::nullopt);
}

TEST(LimitNestingTest, CutsStartTagsBeyondTheLimitAndKeepsText) {
  const std::string html = Repeat("<div class=\"x\">", 300) + "deep" + Repeat("</div>", 300);
  const std::optional<std::string> limited = LimitNesting(html, 256);
  ASSERT_TRUE(limited.has_value());
  EXPECT_EQ(Count(*limited, "<div class=\"x\">"), 256u);
  EXPECT_EQ(Count(*limited, "</div>"), 300u);
  EXPECT_THAT(*limited, HasSubstr("deep"));
}

TEST(LimitNestingTest, ClosedElementsFreeTheirDepth) {
  EXPECT_EQ(LimitNesting(Repeat(Repeat("<div>", 200) + Repeat("</div>", 200), 10), 256),
            std::nullopt);
  // An end tag closes the elements left open inside its match, like the parser does.
  EXPECT_EQ(LimitNesting(Repeat("<div><span><b>x</div>", 1000), 256), std::nullopt);
}

TEST(LimitNestingTest, DoesNotCountElementsThatCannotNest) {
  EXPECT_EQ(LimitNesting(Repeat("<p>para", 1000), 16), std::nullopt);
  EXPECT_EQ(LimitNesting("<ul>" + Repeat("<li>item", 1000), 16), std::nullopt);
  EXPECT_EQ(LimitNesting(Repeat("<br><img src=x><hr/>", 1000), 16), std::nullopt);
  EXPECT_EQ(LimitNesting("<table>" + Repeat("<tr><td>1<td>2", 1000), 16), std::nullopt);
  EXPECT_EQ(LimitNesting(Repeat("<body><html><head>", 100), 16), std::nullopt);
}

TEST(LimitNestingTest, SkipsCommentsDeclarationsAndRawText) {
  const std::string deep = Repeat("<div>", 100);
  for (const std::string& html : {
           "<!--" + deep + "-->",
           "<script>var s = '" + deep + "';</script>",
           "<style>/*" + deep + "*/</style>",
           "<textarea>" + deep + "</textarea>",
           "<title>" + deep + "</title>",
           "<!DOCTYPE html>" + std::string("<?xml version='1.0'?>"),
           "<plaintext>" + deep,
       }) {
    SCOPED_TRACE(html.substr(0, 40));
    EXPECT_EQ(LimitNesting(html, 16), std::nullopt);
  }
  // "<!-->" is a complete comment, so what follows is markup again.
  EXPECT_NE(LimitNesting("<!-->" + deep, 16), std::nullopt);
  EXPECT_NE(LimitNesting("<!--->" + deep, 16), std::nullopt);
  EXPECT_NE(LimitNesting("<!-- a --!>" + deep, 16), std::nullopt);
  // The script ends at its own end tag, whatever the case.
  EXPECT_NE(LimitNesting("<script>x</SCRIPT >" + deep, 16), std::nullopt);
}

TEST(LimitNestingTest, QuotedGreaterThanDoesNotEndTheTag) {
  const std::string html = Repeat("<div title=\"a>b\" data-x='c>d'>", 20) + "text";
  const std::optional<std::string> limited = LimitNesting(html, 16);
  ASSERT_TRUE(limited.has_value());
  EXPECT_EQ(*limited, Repeat("<div title=\"a>b\" data-x='c>d'>", 16) + "text");
}

TEST(LimitNestingTest, SelfClosingCountsOnlyInsideSvgAndMath) {
  EXPECT_EQ(LimitNesting("<svg>" + Repeat("<path d=\"M0 0\"/>", 1000) + "</svg>", 16),
            std::nullopt);
  EXPECT_EQ(LimitNesting(Repeat("<svg/>", 100), 16), std::nullopt);
  // In HTML "/>" is ignored: <div/> opens a div.
  EXPECT_NE(LimitNesting(Repeat("<div/>", 100), 16), std::nullopt);
}

TEST(LimitNestingTest, FollowsForeignContent) {
  // Inside an integration point, or after a breakout tag, content is HTML again.
  EXPECT_NE(LimitNesting("<svg><foreignObject>" + Repeat("<div/>", 100), 16), std::nullopt);
  EXPECT_NE(LimitNesting("<math><mi>" + Repeat("<div/>", 100), 16), std::nullopt);
  EXPECT_NE(LimitNesting("<svg><div>" + Repeat("<div/>", 100), 16), std::nullopt);
  EXPECT_EQ(LimitNesting("<math><mi>" + Repeat("<p>x", 100), 16), std::nullopt);
  // In svg, names that are void or raw text in HTML are ordinary nesting elements.
  EXPECT_NE(LimitNesting("<svg>" + Repeat("<image>", 100), 16), std::nullopt);
  EXPECT_NE(LimitNesting("<svg><style>" + Repeat("<g>", 100), 16), std::nullopt);
  // </svg> closes the svg element and everything in it.
  EXPECT_EQ(LimitNesting(Repeat("<svg><g><g><path d='M0'></svg>", 100), 16), std::nullopt);
}

TEST(LimitNestingTest, NeverCutsRawTextElements) {
  const std::string html = Repeat("<div>", 20) + "<script>var a = 1;</script><style>p{}</style>";
  const std::optional<std::string> limited = LimitNesting(html, 16);
  ASSERT_TRUE(limited.has_value());
  EXPECT_THAT(*limited, HasSubstr("<script>var a = 1;</script><style>p{}</style>"));
}

TEST(LimitNestingTest, TruncatedMarkupIsCopiedThrough) {
  for (std::string_view tail : {"<", "<div", "<div class=\"x", "</div", "<!--", "<!", "<?x",
                                "<script>never closed", "</"}) {
    SCOPED_TRACE(tail);
    const std::string html = Repeat("<div>", 20) + "x" + std::string(tail);
    const std::optional<std::string> limited = LimitNesting(html, 16);
    ASSERT_TRUE(limited.has_value());
    EXPECT_THAT(*limited, testing::EndsWith("x" + std::string(tail)));
    EXPECT_THAT(*limited, Not(HasSubstr(Repeat("<div>", 17))));
  }
}

}  // namespace
}  // namespace newsgraph::html::internal
