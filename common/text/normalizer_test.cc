#include "common/text/normalizer.h"

#include <random>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "unicode/normalizer2.h"
#include "unicode/uchar.h"
#include "unicode/unistr.h"
#include "unicode/utf16.h"

namespace newsgraph::text {
namespace {

TEST(NormalizeNfcTest, ComposesDecomposedInput) {
  EXPECT_EQ(*NormalizeNfc("e\u0301"), "\u00e9");
  EXPECT_EQ(*NormalizeNfc("Vie\u0323\u0302t Nam"), "Việt Nam");  // Marks in either order.
  EXPECT_EQ(*NormalizeNfc("Vie\u0302\u0323t Nam"), "Việt Nam");
  EXPECT_EQ(*NormalizeNfc("\u0438\u0306"), "\u0439");  // и + breve = й
  EXPECT_EQ(*NormalizeNfc("\u1100\u1161"), "\uAC00");  // Hangul jamo → 가
  EXPECT_EQ(*NormalizeNfc("\u212B"), "\u00C5");        // Angstrom sign → Å
}

TEST(NormalizeNfcTest, KeepsNfcAndAsciiUnchanged) {
  EXPECT_EQ(*NormalizeNfc(""), "");
  EXPECT_EQ(*NormalizeNfc("Samsung and TSMC"), "Samsung and TSMC");
  for (const char* s : {"Việt Nam", "Німеччини", "Γερμανίας", "德国总理访问北京", "Россия"}) {
    EXPECT_EQ(*NormalizeNfc(s), s);
  }
}

TEST(NormalizeNfcTest, RejectsInvalidUtf8WithOffset) {
  const absl::StatusOr<std::string> result = NormalizeNfc("Đức\xC0\xAF");
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(result.status().message(), "text: invalid UTF-8 at byte offset 6");
}

TEST(FoldTest, SpecExamples) {
  EXPECT_EQ(Fold("Việt Nam"), "viet nam");
  EXPECT_EQ(Fold("Đức"), "duc");
  EXPECT_EQ(Fold("Γερμανίας"), "γερμανιασ");
  EXPECT_EQ(Fold("Німеччини"), "німеччини");
  EXPECT_EQ(Fold("Ґанок"), "ганок");
  EXPECT_EQ(Fold("Samsung và TSMC công bố"), "samsung va tsmc cong bo");
  EXPECT_EQ(Fold("ΜΑΚΡΌΝ"), "μακρον");
  EXPECT_EQ(Fold("德国"), "德国");
}

TEST(FoldTest, AsciiLowercasesOnly) {
  EXPECT_EQ(Fold(""), "");
  EXPECT_EQ(Fold("Hello, World! 2025 [A-Z]"), "hello, world! 2025 [a-z]");
}

TEST(FoldTest, Vietnamese) {
  EXPECT_EQ(Fold("Thủ tướng Phạm Minh Chính"), "thu tuong pham minh chinh");
  EXPECT_EQ(Fold("ĐÀ NẴNG"), "da nang");
  EXPECT_EQ(Fold("Hồ Chí Minh"), "ho chi minh");
  EXPECT_EQ(Fold("Vie\u0323\u0302t"), "viet");  // Decomposed input folds the same.
}

TEST(FoldTest, Ukrainian) {
  EXPECT_EQ(Fold("Їжак"), "іжак");
  EXPECT_EQ(Fold("Київ"), "киів");
  EXPECT_EQ(Fold("ҐУДЗИК"), "гудзик");
  EXPECT_EQ(Fold("м'ясо"), "м'ясо");
}

TEST(FoldTest, Russian) {
  EXPECT_EQ(Fold("Ёлка"), "елка");
  EXPECT_EQ(Fold("МОСКВА"), "москва");
  EXPECT_EQ(Fold("Мой"), "мои");
}

TEST(FoldTest, Greek) {
  EXPECT_EQ(Fold("Αθήνα"), "αθηνα");
  EXPECT_EQ(Fold("ΐ"), "ι");  // Iota with dialytika and tonos.
  EXPECT_EQ(Fold("Ϊ"), "ι");
  EXPECT_EQ(Fold("ᾼ"), "αι");  // Prosgegrammeni folds to iota.
  EXPECT_EQ(Fold("σς"), "σσ");
}

TEST(FoldTest, ChineseAndEmojiUnchanged) {
  EXPECT_EQ(Fold("德国总理访问北京"), "德国总理访问北京");
  EXPECT_EQ(Fold("\U0001F600 \U00020000"), "\U0001F600 \U00020000");
}

TEST(FoldTest, ExplicitMaps) {
  EXPECT_EQ(Fold("đĐ ґҐ øØ łŁ ı æÆ œŒ ħĦ"), "dd гг oo ll i aeae oeoe hh");
  EXPECT_EQ(Fold("Łódź"), "lodz");
  EXPECT_EQ(Fold("København"), "kobenhavn");
  EXPECT_EQ(Fold("İstanbul"), "istanbul");  // İ folds to i + U+0307, whose mark is removed.
  EXPECT_EQ(Fold("Ǿ"), "o");                // Ø with acute: mark removed, then ø mapped.
}

TEST(FoldTest, FullCaseFolding) {
  EXPECT_EQ(Fold("Straße"), "strasse");
  EXPECT_EQ(Fold("ﬁ"), "fi");
  EXPECT_EQ(Fold("\u212A"), "k");               // Kelvin sign.
  EXPECT_EQ(Fold("\U00010400"), "\U00010428");  // Deseret, supplementary plane.
}

// Documents a lossy consequence of removing every Mn: dakuten (U+3099) and Devanagari virama go.
TEST(FoldTest, RemovesNonLatinNonspacingMarksToo) {
  EXPECT_EQ(Fold("が"), "か");
  EXPECT_EQ(Fold("हिन्दी"), "हिनदी");
}

TEST(FoldTest, ComposesAcrossCodePoints) {
  EXPECT_EQ(Fold("\u1100\u1161"), "\uAC00");  // Separate jamo compose like whole-string NFC.
  EXPECT_EQ(Fold("한국"), "한국");
}

TEST(FoldTest, InvalidBytesBecomeReplacementCharacters) {
  EXPECT_EQ(Fold("A\xC0\xAF"), "a\uFFFD\uFFFD");
  EXPECT_EQ(Fold("Đ\xED\xA0\x80"), "d\uFFFD\uFFFD\uFFFD");
  EXPECT_EQ(Fold("\xE4\xB8"), "\uFFFD\uFFFD");
}

// The whole-string pipeline exactly as specified, without tables or fast paths.
std::string ReferenceFold(const std::string& utf8) {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
  icu::UnicodeString s = icu::UnicodeString::fromUTF8(utf8);
  s.foldCase(U_FOLD_CASE_DEFAULT);
  const icu::UnicodeString d = nfd->normalize(s, status);
  icu::UnicodeString kept;
  for (int32_t i = 0; i < d.length();) {
    const UChar32 c = d.char32At(i);
    i += U16_LENGTH(c);
    if (u_charType(c) != U_NON_SPACING_MARK) kept.append(c);
  }
  const icu::UnicodeString c = nfc->normalize(kept, status);
  icu::UnicodeString mapped;
  for (int32_t i = 0; i < c.length();) {
    const UChar32 x = c.char32At(i);
    i += U16_LENGTH(x);
    if (x == 0x0111) {
      mapped.append(u"d");
    } else if (x == 0x0491) {
      mapped.append(u"\u0433");
    } else if (x == 0x00F8) {
      mapped.append(u"o");
    } else if (x == 0x0142) {
      mapped.append(u"l");
    } else if (x == 0x0131) {
      mapped.append(u"i");
    } else if (x == 0x00E6) {
      mapped.append(u"ae");
    } else if (x == 0x0153) {
      mapped.append(u"oe");
    } else if (x == 0x0127) {
      mapped.append(u"h");
    } else {
      mapped.append(x);
    }
  }
  std::string out;
  nfc->normalize(mapped, status).toUTF8String(out);
  EXPECT_TRUE(U_SUCCESS(status));
  return out;
}

TEST(FoldTest, MatchesReferenceOnFixtures) {
  for (const std::string s :
       {"Việt Nam", "Đức", "Γερμανίας", "Німеччини", "Ґанок", "ΜΑΚΡΌΝ", "德国总理访问北京",
        "Samsung và TSMC công bố kế hoạch.", "Ёлка и йогурт", "ﬃ ß ẞ ǅ ΐ ᾳ",
        "가각\u1100\u1161\u11A8", "A\u0308\u0301\u0323 \u0915\u093F \u0DD9\u0DCF",
        "\U0001D15E \U0001D165\U0001D16E"}) {
    EXPECT_EQ(Fold(s), ReferenceFold(s)) << s;
  }
}

// Random strings over letters, marks, jamo and spacing marks that exercise composition across
// code point boundaries, to show that per-code-point folding plus one NFC pass is exact.
TEST(FoldTest, MatchesReferenceOnRandomStrings) {
  const std::vector<char32_t> pool = {
      U'A',      U'e',      U'I',          U'o',          U' ',          U'\u00C5', U'\u0110',
      U'\u0130', U'\u0131', U'\u00DF',     U'\u0300',     U'\u0301',     U'\u0302', U'\u0306',
      U'\u0308', U'\u0323', U'\u0345',     U'\u034F',     U'\u0338',     U'\u0386', U'\u03A3',
      U'\u03C2', U'\u0390', U'\u1F80',     U'\u0419',     U'\u0407',     U'\u0401', U'\u0490',
      U'\u1100', U'\u1161', U'\u11A8',     U'\uAC00',     U'\u0915',     U'\u093C', U'\u093F',
      U'\u0DD9', U'\u0DCF', U'\u0DCA',     U'\u3099',     U'\u304B',     U'\u212B', U'\uFB01',
      U'\u1E9E', U'\u01C5', U'\U0001D15E', U'\U0001D165', U'\U00010400', U'\u4E2D'};
  std::mt19937 rng(42);
  std::uniform_int_distribution<size_t> pick(0, pool.size() - 1);
  std::uniform_int_distribution<int> length(1, 8);
  for (int iter = 0; iter < 20000; ++iter) {
    icu::UnicodeString u;
    const int n = length(rng);
    for (int k = 0; k < n; ++k) u.append(static_cast<UChar32>(pool[pick(rng)]));
    std::string s;
    u.toUTF8String(s);
    ASSERT_EQ(Fold(s), ReferenceFold(s)) << s;
  }
}

// Every BMP scalar value on its own, between ASCII letters, matches the reference.
TEST(FoldTest, MatchesReferenceForEveryBmpCodePoint) {
  for (UChar32 c = 0x80; c <= 0xFFFF; ++c) {
    if (c >= 0xD800 && c <= 0xDFFF) continue;
    icu::UnicodeString u("x");
    u.append(c).append(UChar32{'Y'});
    std::string s;
    u.toUTF8String(s);
    ASSERT_EQ(Fold(s), ReferenceFold(s)) << "U+" << std::hex << c;
  }
}

}  // namespace
}  // namespace newsgraph::text
