#include "services/query/core/query_parser.h"

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <vector>

#include "common/text/utf8.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace newsgraph::query {
namespace {

using Kind = QueryNode::Kind;
using ::testing::HasSubstr;
using ::testing::StartsWith;

// The tree as an S-expression, or "error: <message>" so that one EXPECT_EQ covers both outcomes.
std::string Parse(std::string_view query, const ParseLimits& limits = {}) {
  absl::StatusOr<QueryNode> node = ParseQuery(query, limits);
  if (node.ok()) return DebugString(*node);
  EXPECT_EQ(node.status().code(), absl::StatusCode::kInvalidArgument) << node.status();
  return "error: " + std::string(node.status().message());
}

TEST(QueryParserTest, WordsAreJoinedByAnd) {
  EXPECT_EQ(Parse("Macron"), R"("Macron")");
  EXPECT_EQ(Parse("Macron Merz Berlin"), R"((AND "Macron" "Merz" "Berlin"))");
  EXPECT_EQ(Parse("Macron AND Merz"), R"((AND "Macron" "Merz"))");
  EXPECT_EQ(Parse("  Macron \t\n Merz  "), R"((AND "Macron" "Merz"))");
}

TEST(QueryParserTest, OrForms) {
  EXPECT_EQ(Parse("a OR b"), R"((OR "a" "b"))");
  EXPECT_EQ(Parse("a | b"), R"((OR "a" "b"))");
  EXPECT_EQ(Parse("a|b"), R"((OR "a" "b"))");
  EXPECT_EQ(Parse("a || b"), R"((OR "a" "b"))");
  EXPECT_EQ(Parse("a OR b | c"), R"((OR "a" "b" "c"))");
}

TEST(QueryParserTest, OnlyUppercaseKeywordsAreOperators) {
  EXPECT_EQ(Parse("war or peace"), R"((AND "war" "or" "peace"))");
  EXPECT_EQ(Parse("Or And Not"), R"((AND "Or" "And" "Not"))");
  EXPECT_EQ(Parse("ORACLE ANDROID NOTE"), R"((AND "ORACLE" "ANDROID" "NOTE"))");
}

TEST(QueryParserTest, PrecedenceIsNotThenAndThenOr) {
  EXPECT_EQ(Parse("a b OR c"), R"((OR (AND "a" "b") "c"))");
  EXPECT_EQ(Parse("a OR b c"), R"((OR "a" (AND "b" "c")))");
  EXPECT_EQ(Parse("a b OR c -d"), R"((OR (AND "a" "b") (AND "c" (NOT "d"))))");
  EXPECT_EQ(Parse("a AND b OR c AND d"), R"((OR (AND "a" "b") (AND "c" "d")))");
  EXPECT_EQ(Parse("NOT a b"), R"((AND (NOT "a") "b"))");
  EXPECT_EQ(Parse("b NOT a OR c"), R"((OR (AND "b" (NOT "a")) "c"))");
}

TEST(QueryParserTest, ParenthesesGroup) {
  EXPECT_EQ(Parse("(a OR b) c"), R"((AND (OR "a" "b") "c"))");
  EXPECT_EQ(Parse("a (b OR c) -d"), R"((AND "a" (OR "b" "c") (NOT "d")))");
  EXPECT_EQ(Parse("(a OR (b c)) d"), R"((AND (OR "a" (AND "b" "c")) "d"))");
  EXPECT_EQ(Parse("a(b|c)"), R"((AND "a" (OR "b" "c")))");
  // Redundant groups vanish and same-operator groups are flattened.
  EXPECT_EQ(Parse("((a))"), R"("a")");
  EXPECT_EQ(Parse("a (b c)"), R"((AND "a" "b" "c"))");
  EXPECT_EQ(Parse("(a OR b) OR (c OR d)"), R"((OR "a" "b" "c" "d"))");
  EXPECT_EQ(Parse("((a b)) ((c))"), R"((AND "a" "b" "c"))");
}

TEST(QueryParserTest, PhrasesWithEveryQuoteStyle) {
  const std::string expected = R"((PHRASE "Samsung" "và" "TSMC"))";
  for (const char* query : {
           "\"Samsung và TSMC\"",  // ASCII.
           "“Samsung và TSMC”",    // English.
           "„Samsung và TSMC“",    // German.
           "„Samsung và TSMC”",    // Polish.
           "”Samsung và TSMC”",    // Swedish.
           "«Samsung và TSMC»",    // French, Russian, Ukrainian, Greek.
           "« Samsung và TSMC »",  // French with spaces inside.
           "»Samsung và TSMC«",    // Swiss German, Danish.
           "「Samsung và TSMC」",  // CJK corner brackets.
           "『Samsung và TSMC』",  // CJK white corner brackets.
           "＂Samsung và TSMC＂",  // Fullwidth.
           "\"Samsung và TSMC”",   // Mixed: any quote closes.
       }) {
    EXPECT_EQ(Parse(query), expected) << query;
  }
}

TEST(QueryParserTest, PhraseContents) {
  EXPECT_EQ(Parse("\"Macron\""), R"((PHRASE "Macron"))");
  EXPECT_EQ(Parse("\"  spaced \t out  \""), R"((PHRASE "spaced" "out"))");
  // Operators are literal inside quotes.
  EXPECT_EQ(Parse("\"a OR (b) -c | NOT\""), R"q((PHRASE "a" "OR" "(b)" "-c" "|" "NOT"))q");
  EXPECT_EQ(Parse("x\"a b\"y"), R"((AND "x" (PHRASE "a" "b") "y"))");
  EXPECT_EQ(Parse("\"a b\" OR \"c d\""), R"((OR (PHRASE "a" "b") (PHRASE "c" "d")))");
  EXPECT_EQ(Parse("«Samsung» TSMC"), R"((AND (PHRASE "Samsung") "TSMC"))");
  // Apostrophes are not quotes.
  EXPECT_EQ(Parse("м'ясо don't"), R"((AND "м'ясо" "don't"))");
}

TEST(QueryParserTest, NegationForms) {
  EXPECT_EQ(Parse("a -b"), R"((AND "a" (NOT "b")))");
  EXPECT_EQ(Parse("a NOT b"), R"((AND "a" (NOT "b")))");
  EXPECT_EQ(Parse("a -\"b c\""), R"((AND "a" (NOT (PHRASE "b" "c"))))");
  EXPECT_EQ(Parse("a -«b c»"), R"((AND "a" (NOT (PHRASE "b" "c"))))");
  EXPECT_EQ(Parse("a NOT \"b c\""), R"((AND "a" (NOT (PHRASE "b" "c"))))");
  EXPECT_EQ(Parse("a -(b OR c)"), R"((AND "a" (NOT (OR "b" "c"))))");
  EXPECT_EQ(Parse("a NOT (b c)"), R"((AND "a" (NOT (AND "b" "c"))))");
  EXPECT_EQ(Parse("a (-b)"), R"((AND "a" (NOT "b")))");
  // Double negation cancels, however it is written.
  EXPECT_EQ(Parse("--a"), R"("a")");
  EXPECT_EQ(Parse("NOT NOT a"), R"("a")");
  EXPECT_EQ(Parse("NOT -a"), R"("a")");
  EXPECT_EQ(Parse("a -(-b)"), R"((AND "a" "b"))");
  EXPECT_EQ(Parse("a ---b"), R"((AND "a" (NOT "b")))");
  // A dash inside or at the end of a word, or standing alone, is not a negation.
  EXPECT_EQ(Parse("Jean-Marie Le-Pen"), R"((AND "Jean-Marie" "Le-Pen"))");
  EXPECT_EQ(Parse("COVID-19 a-"), R"((AND "COVID-19" "a-"))");
  EXPECT_EQ(Parse("Macron - Merz"), R"((AND "Macron" "Merz"))");
  EXPECT_EQ(Parse("Macron – Merz"), R"((AND "Macron" "–" "Merz"))");  // En dash is a word.
}

TEST(QueryParserTest, MultilingualTerms) {
  EXPECT_EQ(Parse("Макрон OR Μακρόν -Merz"), R"((OR "Макрон" (AND "Μακρόν" (NOT "Merz"))))");
  EXPECT_EQ(Parse("德国 总理"), R"((AND "德国" "总理"))");
  EXPECT_EQ(Parse("德国总理"), R"("德国总理")");  // The engine's analyzer splits it, not us.
  EXPECT_EQ(Parse("Việt Nam -Trung"), R"((AND "Việt" "Nam" (NOT "Trung")))");
  EXPECT_EQ(Parse("Німеччини | Γερμανία | Đức"), R"((OR "Німеччини" "Γερμανία" "Đức"))");
  EXPECT_EQ(Parse("ماكرون OR מקרון"), R"((OR "ماكرون" "מקרון"))");
  EXPECT_EQ(Parse("emoji \U0001F600 ext-B \U00020000"),
            "(AND \"emoji\" \"\U0001F600\" \"ext-B\" \"\U00020000\")");
}

TEST(QueryParserTest, UnicodeSpacesAndFullwidthOperators) {
  EXPECT_EQ(Parse("德国\u3000总理"), R"((AND "德国" "总理"))");  // Ideographic space.
  EXPECT_EQ(Parse("Việt\u00A0Nam"), R"((AND "Việt" "Nam"))");    // No-break space.
  EXPECT_EQ(Parse("a\u2009b\u202Fc\u2028d"), R"((AND "a" "b" "c" "d"))");
  EXPECT_EQ(Parse("（德国｜法国）总理"), R"((AND (OR "德国" "法国") "总理"))");
  // A zero-width space is not white space; the analyzer deals with it.
  EXPECT_EQ(Parse("a\u200Bb"), "\"a\u200Bb\"");
}

TEST(QueryParserTest, OffsetsPointIntoTheQuery) {
  // "Макрон" is 12 bytes.
  absl::StatusOr<QueryNode> node = ParseQuery("Макрон -Merz \"a b\"", {});
  ASSERT_TRUE(node.ok()) << node.status();
  ASSERT_EQ(node->kind, Kind::kAnd);
  ASSERT_EQ(node->children.size(), 3u);
  EXPECT_EQ(node->offset, 0u);
  EXPECT_EQ(node->children[0].kind, Kind::kTerm);
  EXPECT_EQ(node->children[0].text, "Макрон");
  EXPECT_EQ(node->children[0].offset, 0u);
  EXPECT_EQ(node->children[1].kind, Kind::kNot);
  EXPECT_EQ(node->children[1].offset, 13u);
  EXPECT_EQ(node->children[1].children[0].offset, 14u);
  EXPECT_EQ(node->children[2].kind, Kind::kPhrase);
  EXPECT_EQ(node->children[2].offset, 19u);
  EXPECT_THAT(node->children[2].words, ::testing::ElementsAre("a", "b"));
}

TEST(QueryParserTest, DanglingOperatorsAreIgnored) {
  EXPECT_EQ(Parse("a OR"), R"("a")");
  EXPECT_EQ(Parse("OR a"), R"("a")");
  EXPECT_EQ(Parse("AND b"), R"("b")");
  EXPECT_EQ(Parse("a AND"), R"("a")");
  EXPECT_EQ(Parse("a NOT"), R"("a")");
  EXPECT_EQ(Parse("a -"), R"("a")");
  EXPECT_EQ(Parse("a |"), R"("a")");
  EXPECT_EQ(Parse("| a"), R"("a")");
  EXPECT_EQ(Parse("a OR OR b"), R"((OR "a" "b"))");
  EXPECT_EQ(Parse("a OR AND b"), R"((OR "a" "b"))");
  EXPECT_EQ(Parse("a AND OR b"), R"((OR "a" "b"))");
  EXPECT_EQ(Parse("a NOT OR b"), R"((OR "a" "b"))");
  EXPECT_EQ(Parse("(a OR) b"), R"((AND "a" "b"))");
  EXPECT_EQ(Parse("a (NOT) b"), R"((AND "a" "b"))");
  // Empty phrases and groups are ignored too, with any negation in front of them.
  EXPECT_EQ(Parse("a \"\" b"), R"((AND "a" "b"))");
  EXPECT_EQ(Parse("a () b"), R"((AND "a" "b"))");
  EXPECT_EQ(Parse("a -\"\" b"), R"((AND "a" "b"))");
  EXPECT_EQ(Parse("a -() OR b"), R"((OR "a" "b"))");
}

TEST(QueryParserTest, EmptyQueries) {
  EXPECT_EQ(Parse(""), "error: query: is empty");
  EXPECT_EQ(Parse("   "), "error: query: is empty");
  EXPECT_EQ(Parse("\t\r\n"), "error: query: is empty");
  EXPECT_EQ(Parse("\u3000\u00A0"), "error: query: is empty");
  // Not blank, but nothing is left to search for.
  for (const char* query : {"\"\"", "()", "(())", "OR", "AND", "NOT", "-", "|", "- | -", "“ ”"}) {
    EXPECT_EQ(Parse(query), "error: query: has no search terms") << query;
  }
}

TEST(QueryParserTest, TooLong) {
  ParseLimits limits;
  limits.max_bytes = 10;
  EXPECT_EQ(Parse("0123456789", limits), R"("0123456789")");
  EXPECT_EQ(Parse("0123456789a", limits), "error: query: 11 bytes exceeds the limit of 10");
  // Length is checked before anything else, even UTF-8.
  EXPECT_EQ(Parse("\xFF 123456789", limits), "error: query: 11 bytes exceeds the limit of 10");
}

TEST(QueryParserTest, InvalidUtf8) {
  EXPECT_EQ(Parse("Việt\x80"), "error: query: invalid UTF-8 at byte offset 6");
  EXPECT_EQ(Parse("a \xC0\xAF"), "error: query: invalid UTF-8 at byte offset 2");
  EXPECT_EQ(Parse("\"ab \xED\xA0\x80\""), "error: query: invalid UTF-8 at byte offset 4");
  EXPECT_EQ(Parse("  \xE4\xB8"), "error: query: invalid UTF-8 at byte offset 2");
}

TEST(QueryParserTest, TooManyTerms) {
  ParseLimits limits;
  limits.max_terms = 3;
  EXPECT_EQ(Parse("a b OR c", limits), R"((OR (AND "a" "b") "c"))");
  EXPECT_EQ(Parse("a b c d", limits), "error: query: more than 3 terms: term 4 at byte offset 6");
  // Phrase words count; operators do not.
  EXPECT_EQ(Parse("a \"b c\" OR NOT -(x)", limits),
            "error: query: more than 3 terms: term 4 at byte offset 17");
  EXPECT_EQ(Parse("\"a b c\" OR AND NOT", limits), R"((PHRASE "a" "b" "c"))");
}

TEST(QueryParserTest, NestingLimit) {
  ParseLimits limits;
  limits.max_depth = 2;
  EXPECT_EQ(Parse("((a) OR (b)) c", limits), R"((AND (OR "a" "b") "c"))");
  EXPECT_EQ(Parse("((a b)) (((c)))", limits),
            "error: query: parentheses nested deeper than 2 at byte offset 10");
  limits.max_depth = 0;
  EXPECT_EQ(Parse("a b", limits), R"((AND "a" "b"))");
  EXPECT_EQ(Parse("a (b)", limits),
            "error: query: parentheses nested deeper than 0 at byte offset 2");
}

TEST(QueryParserTest, UnbalancedParentheses) {
  EXPECT_EQ(Parse("(a b"), "error: query: unclosed '(' at byte offset 0");
  EXPECT_EQ(Parse("a (b (c) d"), "error: query: unclosed '(' at byte offset 2");
  EXPECT_EQ(Parse("Μακρόν （a"), "error: query: unclosed '(' at byte offset 13");
  EXPECT_EQ(Parse("a b)"), "error: query: unmatched ')' at byte offset 3");
  EXPECT_EQ(Parse(")a("), "error: query: unmatched ')' at byte offset 0");
  EXPECT_EQ(Parse("(a)) (b"), "error: query: unmatched ')' at byte offset 3");
  // Parentheses inside a phrase are literal and never unbalanced.
  EXPECT_EQ(Parse("\"a (b\""), R"((PHRASE "a" "(b"))");
}

TEST(QueryParserTest, UnbalancedQuotes) {
  EXPECT_EQ(Parse("\"a b"), "error: query: unclosed quote at byte offset 0");
  EXPECT_EQ(Parse("a \"b c\" \"d"), "error: query: unclosed quote at byte offset 8");
  EXPECT_EQ(Parse("Đức «Berlin"), "error: query: unclosed quote at byte offset 7");
  EXPECT_EQ(Parse("德国 「总理"), "error: query: unclosed quote at byte offset 7");
  EXPECT_EQ(Parse("a (\"b)\""), "error: query: unclosed '(' at byte offset 2");
  // Quotes are matched before parentheses: this ")" is inside an unclosed phrase.
  EXPECT_EQ(Parse("a) \"b)"), "error: query: unclosed quote at byte offset 3");
}

TEST(QueryParserTest, OnlyExcludedTerms) {
  const std::string only_excluded =
      "error: query: has only excluded terms (NOT or -); add a word to search for";
  for (const char* query :
       {"-x", "NOT a", "-\"a b\"", "-(a b)", "-a -b", "NOT (a OR b)", "-(-a b)", "((-a))"}) {
    EXPECT_EQ(Parse(query), only_excluded) << query;
  }
  EXPECT_EQ(Parse("a OR -b"),
            "error: query: OR alternative at byte offset 5 has only excluded terms (NOT or -); "
            "each needs a word to search for");
  EXPECT_EQ(Parse("(a OR -b -c) -d"),
            "error: query: OR alternative at byte offset 6 has only excluded terms (NOT or -); "
            "each needs a word to search for");
  // A word that is not negated anywhere in an AND narrows everything else, ORs included.
  EXPECT_EQ(Parse("a (b OR -c)"), R"((AND "a" (OR "b" (NOT "c"))))");
  EXPECT_EQ(Parse("-a b"), R"((AND (NOT "a") "b"))");
  EXPECT_EQ(Parse("-(-a)"), R"("a")");
}

TEST(QueryParserTest, OnlyExcludedTermsWhenSomethingElseNarrows) {
  ParseLimits limits;
  limits.allow_only_excluded = true;  // e.g. a search that also names entities
  EXPECT_EQ(Parse("-x", limits), R"((NOT "x"))");
  EXPECT_EQ(Parse("a OR -b", limits), R"((OR "a" (NOT "b")))");
  EXPECT_EQ(Parse("", limits), "error: query: is empty");
}

TEST(QueryParserTest, DebugStringEscapes) {
  EXPECT_EQ(Parse("a\\b"), R"("a\\b")");
  EXPECT_EQ(Parse("a\x01z"), R"("a\x01z")");
  EXPECT_EQ(Parse("a\x7F"), R"("a\x7F")");
  EXPECT_EQ(Parse(std::string_view("x\0y", 3)), R"("x\x00y")");
}

TEST(QueryParserTest, LongNegationChainsDoNotRecurse) {
  ParseLimits limits;
  limits.max_bytes = 1 << 20;
  EXPECT_EQ(Parse(std::string(200001, '-') + "a b", limits), R"((AND (NOT "a") "b"))");
  std::string nots;
  for (int i = 0; i < 50000; ++i) nots += "NOT ";
  EXPECT_EQ(Parse(nots + "a", limits), R"("a")");
}

// ---------------------------------------------------------------------------------------------
// Robustness: whatever the input, ParseQuery returns a well-formed tree or InvalidArgument.

int CountTerms(const QueryNode& node) {
  if (node.kind == Kind::kTerm) return 1;
  if (node.kind == Kind::kPhrase) return static_cast<int>(node.words.size());
  int count = 0;
  for (const QueryNode& child : node.children) count += CountTerms(child);
  return count;
}

// Checks the structural promises of query_parser.h; returns the tree's depth.
size_t CheckTree(const QueryNode& node, std::string_view query) {
  EXPECT_LT(node.offset, query.size());
  switch (node.kind) {
    case Kind::kTerm:
      EXPECT_FALSE(node.text.empty());
      EXPECT_EQ(query.substr(node.offset, node.text.size()), node.text);
      EXPECT_TRUE(node.children.empty());
      return 1;
    case Kind::kPhrase:
      EXPECT_FALSE(node.words.empty());
      for (const std::string& word : node.words) EXPECT_FALSE(word.empty());
      EXPECT_TRUE(node.children.empty());
      return 1;
    case Kind::kNot:
      EXPECT_EQ(node.children.size(), 1u);
      break;
    case Kind::kAnd:
    case Kind::kOr:
      EXPECT_GE(node.children.size(), 2u);
      EXPECT_EQ(node.offset, node.children.front().offset);
      break;
  }
  size_t depth = 0;
  for (const QueryNode& child : node.children) {
    EXPECT_NE(child.kind, node.kind) << "not flattened";
    depth = std::max(depth, CheckTree(child, query));
  }
  return depth + 1;
}

// Writes the tree back as a query that must parse to the same tree.
std::string ToQuery(const QueryNode& node) {
  std::string out;
  switch (node.kind) {
    case Kind::kTerm:
      return node.text;
    case Kind::kPhrase:
      out = "\"";
      for (const std::string& word : node.words) out += word + " ";
      out.back() = '"';
      return out;
    case Kind::kNot:
      return "-" + ToQuery(node.children.front());
    case Kind::kAnd:
    case Kind::kOr:
      for (const QueryNode& child : node.children) {
        if (!out.empty()) out += node.kind == Kind::kAnd ? " " : " OR ";
        out += ToQuery(child);
      }
      return "(" + out + ")";
  }
  return out;
}

void CheckOutcome(const std::string& query, const ParseLimits& limits) {
  absl::StatusOr<QueryNode> node = ParseQuery(query, limits);
  if (!node.ok()) {
    EXPECT_EQ(node.status().code(), absl::StatusCode::kInvalidArgument) << query;
    EXPECT_THAT(std::string(node.status().message()), StartsWith("query: ")) << query;
    return;
  }
  const size_t depth = CheckTree(*node, query);
  EXPECT_LE(depth, 3 * (limits.max_depth + 1) + 1) << query;
  EXPECT_LE(CountTerms(*node), static_cast<int>(limits.max_terms)) << query;
  ParseLimits roomy;
  roomy.max_bytes = 1 << 20;
  roomy.max_depth = 1000;
  const std::string again = ToQuery(*node);
  absl::StatusOr<QueryNode> reparsed = ParseQuery(again, roomy);
  ASSERT_TRUE(reparsed.ok()) << query << " -> " << again << ": " << reparsed.status();
  EXPECT_EQ(DebugString(*reparsed), DebugString(*node)) << query << " -> " << again;
}

TEST(QueryParserFuzzTest, RandomBytes) {
  std::mt19937 rng(20240611);
  ParseLimits limits;
  limits.max_terms = 8;
  limits.max_depth = 3;
  // Bytes that matter to the parser appear far more often than chance would give them.
  const std::string interesting = "()|\"- \t-\xC2\xAB\xBB\xE2\x80\x9C\x9D\x9E\xE3\x80\x80";
  for (int i = 0; i < 20000; ++i) {
    std::string query(rng() % 40, '\0');
    for (char& c : query) {
      c = rng() % 2 ? interesting[rng() % interesting.size()] : static_cast<char>(rng() % 256);
    }
    CheckOutcome(query, limits);
  }
}

TEST(QueryParserFuzzTest, RandomCodePoints) {
  std::mt19937 rng(42);
  ParseLimits limits;
  limits.max_terms = 8;
  limits.max_depth = 3;
  // Well-formed UTF-8, so that most inputs get past validation: the characters the parser treats
  // specially (every space, quote and operator it knows, and ones it deliberately does not, such
  // as U+200B and the en dash) mixed with letters from several scripts and random scalar values.
  const std::vector<char32_t> special = {
      '(',    ')',    '|',    '"',    '-',    ' ',    '\t',   0x85,   0xA0,   0xAB,   0xBB,
      0x1680, 0x2003, 0x200A, 0x200B, 0x2013, 0x201C, 0x201D, 0x201E, 0x2028, 0x202F, 0x3000,
      0x300C, 0x300D, 0x300E, 0x300F, 0xFF02, 0xFF08, 0xFF09, 0xFF5C, 'a',    'O',    'R',
      'N',    'T',    'D',    0x3B1,  0x43C,  0x5D0,  0x627,  0x4E2D, 0x1EC7, 0x1F600};
  for (int i = 0; i < 20000; ++i) {
    std::string query;
    const int n = static_cast<int>(rng() % 24);
    for (int j = 0; j < n; ++j) {
      char32_t cp = special[rng() % special.size()];
      if (rng() % 8 == 0) {
        cp = rng() % 0x110000;
        if (cp >= 0xD800 && cp <= 0xDFFF) cp = 'x';
      }
      text::AppendUtf8(cp, &query);
    }
    CheckOutcome(query, limits);
  }
}

TEST(QueryParserFuzzTest, RandomOperatorSoup) {
  std::mt19937 rng(7);
  const std::vector<std::string> pieces = {
      "a",  "Μακρόν", "德国", "OR",  "AND",  "NOT", "-",     "--",     "(",
      ")",  "（",     "）",   "\"",  "“",    "»",   "「",    "|",      " ",
      "  ", "\u3000", "or",   "x-y", "\"\"", "()",  "«a b»", "“Đức a”"};
  for (int i = 0; i < 20000; ++i) {
    ParseLimits limits;
    limits.max_terms = 1 + rng() % 12;
    limits.max_depth = rng() % 5;
    std::string query;
    const int n = static_cast<int>(rng() % 16);
    for (int j = 0; j < n; ++j) {
      query += pieces[rng() % pieces.size()];
      if (rng() % 3 != 0) query += ' ';
    }
    CheckOutcome(query, limits);
  }
}

}  // namespace
}  // namespace newsgraph::query
