#include "common/text/normalizer.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "common/base/status_macros.h"
#include "common/text/utf8.h"
#include "unicode/bytestream.h"
#include "unicode/normalizer2.h"
#include "unicode/stringpiece.h"
#include "unicode/uchar.h"
#include "unicode/unistr.h"
#include "unicode/utf16.h"

namespace newsgraph::text {
namespace {

// The ICU singletons are owned by ICU and immutable, so sharing them across threads is safe.
struct Normalizers {
  const icu::Normalizer2* nfc = nullptr;
  const icu::Normalizer2* nfd = nullptr;
};

const Normalizers& GetNormalizers() {
  static const Normalizers normalizers = [] {
    Normalizers n;
    UErrorCode status = U_ZERO_ERROR;
    n.nfc = icu::Normalizer2::getNFCInstance(status);
    if (U_FAILURE(status)) n.nfc = nullptr;
    status = U_ZERO_ERROR;
    n.nfd = icu::Normalizer2::getNFDInstance(status);
    if (U_FAILURE(status)) n.nfd = nullptr;
    return n;
  }();
  return normalizers;
}

// Letters whose diacritic is part of the glyph (stroke, bar) or that are ligatures have no
// canonical decomposition, so mark removal alone would leave them; readers type the base letter.
// Inputs are already case-folded, hence lowercase only.
struct ExplicitMap {
  UChar32 from;
  const char16_t* to;
};
// đ→d, ґ→г, ø→o, ł→l, ı→i, æ→ae, œ→oe, ħ→h.
constexpr ExplicitMap kExplicitMaps[] = {
    {0x0111, u"d"}, {0x0491, u"\u0433"}, {0x00F8, u"o"},  {0x0142, u"l"},
    {0x0131, u"i"}, {0x00E6, u"ae"},     {0x0153, u"oe"}, {0x0127, u"h"},
};

bool AppendExplicitMap(UChar32 c, icu::UnicodeString* out) {
  for (const ExplicitMap& map : kExplicitMaps) {
    if (map.from == c) {
      out->append(icu::UnicodeString(map.to));
      return true;
    }
  }
  return false;
}

bool HasExplicitMap(UChar32 c) {
  icu::UnicodeString unused;
  return AppendExplicitMap(c, &unused);
}

// Appends Fold() of the single code point `c` to *out. Returns true when the appended text might
// interact with its neighbours under NFC (some character lacks a normalization boundary before
// it, e.g. Hangul vowel jamo or spacing combining marks), in which case the caller must
// re-normalize the whole result. Folding is context-free per code point, and mark removal keeps
// the relative order of what remains, so per-code-point results plus one final NFC equal the
// whole-string pipeline.
bool FoldCodePoint(UChar32 c, std::string* out) {
  const Normalizers& norms = GetNormalizers();
  if (norms.nfc == nullptr || norms.nfd == nullptr) {
    AppendUtf8(static_cast<char32_t>(c), out);
    return false;
  }
  icu::UnicodeString decomposition;
  // Most code points (CJK, most Cyrillic lowercase, symbols) are unchanged; skip the allocations.
  if (!u_hasBinaryProperty(c, UCHAR_CHANGES_WHEN_CASEFOLDED) &&
      u_charType(c) != U_NON_SPACING_MARK && !HasExplicitMap(c) &&
      !norms.nfd->getDecomposition(c, decomposition)) {
    AppendUtf8(static_cast<char32_t>(c), out);
    return !norms.nfc->hasBoundaryBefore(c);
  }
  icu::UnicodeString folded;
  folded.append(c);
  folded.foldCase(U_FOLD_CASE_DEFAULT);
  UErrorCode status = U_ZERO_ERROR;
  const icu::UnicodeString nfd = norms.nfd->normalize(folded, status);
  if (U_FAILURE(status)) {
    AppendUtf8(static_cast<char32_t>(c), out);
    return false;
  }
  icu::UnicodeString kept;
  for (int32_t i = 0; i < nfd.length();) {
    const UChar32 x = nfd.char32At(i);
    i += U16_LENGTH(x);
    if (u_charType(x) == U_NON_SPACING_MARK) continue;
    if (!AppendExplicitMap(x, &kept)) kept.append(x);
  }
  const icu::UnicodeString nfc = norms.nfc->normalize(kept, status);
  if (U_FAILURE(status)) {
    AppendUtf8(static_cast<char32_t>(c), out);
    return false;
  }
  bool needs_nfc = false;
  for (int32_t i = 0; i < nfc.length();) {
    const UChar32 x = nfc.char32At(i);
    i += U16_LENGTH(x);
    if (!norms.nfc->hasBoundaryBefore(x)) needs_nfc = true;
  }
  nfc.toUTF8String(*out);
  return needs_nfc;
}

// Precomputed Fold() of every BMP code point, so that the per-character cost for Cyrillic, Greek
// and Vietnamese text is one table lookup rather than four ICU calls. Built once (~10 ms) on first
// use; supplementary code points (emoji, rare CJK) are rare enough to compute on the fly.
class BmpFoldTable {
 public:
  // Entry layout: kMapped set means the result is pool_[offset, offset + len); otherwise the code
  // point folds to itself. kNeedsNfc means the result may compose with its neighbours.
  static constexpr uint32_t kMapped = 1u << 31;
  static constexpr uint32_t kNeedsNfc = 1u << 30;
  static constexpr int kLenBits = 5;
  static constexpr uint32_t kLenMask = (1u << kLenBits) - 1;

  BmpFoldTable() : entries_(0x10000, 0) {
    std::string piece;
    std::string self;
    for (UChar32 c = 0x80; c <= 0xFFFF; ++c) {
      if (c >= 0xD800 && c <= 0xDFFF) continue;  // Never produced by a valid UTF-8 decode.
      piece.clear();
      self.clear();
      const bool needs_nfc = FoldCodePoint(c, &piece);
      AppendUtf8(static_cast<char32_t>(c), &self);
      uint32_t entry = needs_nfc ? kNeedsNfc : 0;
      if (piece != self) {
        entry |= kMapped | (static_cast<uint32_t>(pool_.size()) << kLenBits) |
                 static_cast<uint32_t>(piece.size());
        pool_ += piece;
      }
      entries_[c] = entry;
    }
  }

  uint32_t entry(char32_t c) const { return entries_[c]; }
  std::string_view Mapped(uint32_t entry) const {
    return std::string_view(pool_).substr((entry & ~(kMapped | kNeedsNfc)) >> kLenBits,
                                          entry & kLenMask);
  }

 private:
  std::vector<uint32_t> entries_;
  std::string pool_;
};

const BmpFoldTable& GetBmpFoldTable() {
  static const BmpFoldTable* const table = new BmpFoldTable();
  return *table;
}

// Normalizes well-formed UTF-8 `in` to NFC, appending to *out. Returns false if ICU fails.
bool AppendNfc(const icu::Normalizer2& nfc, std::string_view in, std::string* out) {
  UErrorCode status = U_ZERO_ERROR;
  icu::StringByteSink<std::string> sink(out, static_cast<int32_t>(in.size()));
  nfc.normalizeUTF8(0, icu::StringPiece(in.data(), static_cast<int32_t>(in.size())), sink, nullptr,
                    status);
  return U_SUCCESS(status);
}

}  // namespace

absl::StatusOr<std::string> NormalizeNfc(std::string_view utf8) {
  if (IsAscii(utf8)) return std::string(utf8);
  RETURN_IF_ERROR(ValidateUtf8(utf8, "text"));
  // ICU's UTF-8 APIs take int32_t lengths.
  if (utf8.size() > static_cast<size_t>(INT32_MAX)) {
    return absl::InvalidArgumentError("text: longer than 2^31-1 bytes");
  }
  const Normalizers& norms = GetNormalizers();
  if (norms.nfc == nullptr) return absl::InternalError("ICU NFC data unavailable");
  std::string out;
  if (!AppendNfc(*norms.nfc, utf8, &out)) {
    return absl::InternalError("ICU NFC normalization failed");
  }
  return out;
}

std::string Fold(std::string_view utf8) {
  std::string out;
  out.reserve(utf8.size());
  const size_t n = utf8.size();
  size_t i = 0;
  // ASCII fast path: lowercase byte by byte until the first non-ASCII byte; pure-ASCII input
  // (English text, most queries) never touches ICU or the table.
  while (i < n && static_cast<uint8_t>(utf8[i]) < 0x80) {
    const char b = utf8[i++];
    out.push_back(b >= 'A' && b <= 'Z' ? static_cast<char>(b + ('a' - 'A')) : b);
  }
  if (i == n) return out;

  const BmpFoldTable& table = GetBmpFoldTable();
  bool needs_nfc = false;
  while (i < n) {
    const auto byte = static_cast<uint8_t>(utf8[i]);
    if (byte < 0x80) {
      out.push_back(byte >= 'A' && byte <= 'Z' ? static_cast<char>(byte + ('a' - 'A'))
                                               : static_cast<char>(byte));
      ++i;
      continue;
    }
    char32_t cp;
    const size_t len = DecodeUtf8(utf8, i, &cp);
    if (len == 0) {
      out.append("\xEF\xBF\xBD");  // U+FFFD; one per ill-formed byte keeps this loop simple.
      ++i;
      continue;
    }
    if (cp <= 0xFFFF) {
      const uint32_t entry = table.entry(cp);
      if (entry & BmpFoldTable::kNeedsNfc) needs_nfc = true;
      if (entry & BmpFoldTable::kMapped) {
        out.append(table.Mapped(entry));
      } else {
        out.append(utf8.data() + i, len);
      }
    } else if (FoldCodePoint(static_cast<UChar32>(cp), &out)) {
      needs_nfc = true;
    }
    i += len;
  }
  if (!needs_nfc || out.size() > static_cast<size_t>(INT32_MAX)) return out;
  const Normalizers& norms = GetNormalizers();
  if (norms.nfc == nullptr) return out;
  std::string composed;
  if (!AppendNfc(*norms.nfc, out, &composed)) return out;
  return composed;
}

}  // namespace newsgraph::text
