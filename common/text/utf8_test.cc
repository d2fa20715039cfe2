#include "common/text/utf8.h"

#include <string>

#include "gtest/gtest.h"

namespace newsgraph::text {
namespace {

TEST(FindInvalidUtf8Test, AcceptsWellFormedText) {
  EXPECT_EQ(FindInvalidUtf8(""), std::nullopt);
  EXPECT_EQ(FindInvalidUtf8("plain ASCII text that is longer than eight bytes"), std::nullopt);
  EXPECT_EQ(FindInvalidUtf8("Việt Nam"), std::nullopt);
  EXPECT_EQ(FindInvalidUtf8("Німеччини м'ясо"), std::nullopt);
  EXPECT_EQ(FindInvalidUtf8("Γερμανίας"), std::nullopt);
  EXPECT_EQ(FindInvalidUtf8("德国总理访问北京"), std::nullopt);
  EXPECT_EQ(FindInvalidUtf8("Россия ёлка"), std::nullopt);
  EXPECT_EQ(FindInvalidUtf8("emoji \U0001F600 ext-B \U00020000"), std::nullopt);
  // Boundary scalar values.
  EXPECT_EQ(FindInvalidUtf8("\x7F\xC2\x80\xDF\xBF\xE0\xA0\x80\xED\x9F\xBF\xEE\x80\x80"),
            std::nullopt);
  EXPECT_EQ(FindInvalidUtf8("\xEF\xBF\xBF\xF0\x90\x80\x80\xF4\x8F\xBF\xBF"), std::nullopt);
}

TEST(FindInvalidUtf8Test, ReportsOffsetOfIllFormedSequence) {
  EXPECT_EQ(FindInvalidUtf8("abc\xE4\xB8"), 3u);       // Truncated 3-byte sequence.
  EXPECT_EQ(FindInvalidUtf8("ab\xF0\x9F\x98"), 2u);    // Truncated 4-byte sequence.
  EXPECT_EQ(FindInvalidUtf8("\xC3"), 0u);              // Lead byte alone at end.
  EXPECT_EQ(FindInvalidUtf8("x\xC3(y"), 1u);           // Lead byte followed by ASCII.
  EXPECT_EQ(FindInvalidUtf8("a\xC0\xAF"), 1u);         // Overlong '/'.
  EXPECT_EQ(FindInvalidUtf8("\xE0\x80\xAF"), 0u);      // Overlong 3-byte.
  EXPECT_EQ(FindInvalidUtf8("\xF0\x80\x80\xAF"), 0u);  // Overlong 4-byte.
  EXPECT_EQ(FindInvalidUtf8("ok \xED\xA0\x80"), 3u);   // Surrogate U+D800.
  EXPECT_EQ(FindInvalidUtf8("\xED\xBF\xBF"), 0u);      // Surrogate U+DFFF.
  EXPECT_EQ(FindInvalidUtf8("Việt\x80"), 6u);          // Lone continuation byte.
  EXPECT_EQ(FindInvalidUtf8("\xF4\x90\x80\x80"), 0u);  // U+110000.
  EXPECT_EQ(FindInvalidUtf8("\xF5\x80\x80\x80"), 0u);  // Lead byte beyond U+10FFFF.
  EXPECT_EQ(FindInvalidUtf8("\xFF"), 0u);
  // The fast ASCII scan must not skip an error inside or after an 8-byte block.
  EXPECT_EQ(FindInvalidUtf8("0123456789abcdef\xFE"), 16u);
  EXPECT_EQ(FindInvalidUtf8("01234567\x80"), 8u);
  EXPECT_EQ(FindInvalidUtf8(std::string("nul\0byte\xC0", 9)), 8u);  // NUL is valid UTF-8.
}

TEST(ValidateUtf8Test, NamesFieldAndOffset) {
  EXPECT_TRUE(ValidateUtf8("Đức", "title").ok());
  const absl::Status status = ValidateUtf8("Đức\xED\xA0\x80", "title");
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message(), "title: invalid UTF-8 at byte offset 6");
}

TEST(IsAsciiTest, DetectsNonAscii) {
  EXPECT_TRUE(IsAscii(""));
  EXPECT_TRUE(IsAscii("Samsung and TSMC 2025"));
  EXPECT_FALSE(IsAscii("Samsung và TSMC"));
  EXPECT_FALSE(IsAscii("0123456789abcdef\x80"));
}

TEST(DecodeUtf8Test, DecodesEachLength) {
  const std::string s = "a\xC3\xA9\xE4\xB8\xAD\xF0\x9F\x98\x80";  // a é 中 😀
  char32_t cp = 0;
  EXPECT_EQ(DecodeUtf8(s, 0, &cp), 1u);
  EXPECT_EQ(cp, U'a');
  EXPECT_EQ(DecodeUtf8(s, 1, &cp), 2u);
  EXPECT_EQ(cp, U'\u00E9');
  EXPECT_EQ(DecodeUtf8(s, 3, &cp), 3u);
  EXPECT_EQ(cp, U'\u4E2D');
  EXPECT_EQ(DecodeUtf8(s, 6, &cp), 4u);
  EXPECT_EQ(cp, U'\U0001F600');
  EXPECT_EQ(DecodeUtf8(s, 2, &cp), 0u);   // Continuation byte.
  EXPECT_EQ(DecodeUtf8(s, 10, &cp), 0u);  // Past the end.
}

TEST(AppendUtf8Test, RoundTripsThroughDecode) {
  for (char32_t cp : {U'\u0000', U'z', U'\u00E9', U'\u07FF', U'\u0800', U'\uFFFD', U'\U00010000',
                      U'\U0010FFFF'}) {
    std::string s;
    AppendUtf8(cp, &s);
    char32_t decoded = 0xFFFFFFFF;
    EXPECT_EQ(DecodeUtf8(s, 0, &decoded), s.size());
    EXPECT_EQ(decoded, cp);
  }
  std::string s;
  AppendUtf8(0xD800, &s);  // Not a scalar value.
  EXPECT_EQ(s, "\xEF\xBF\xBD");
}

}  // namespace
}  // namespace newsgraph::text
