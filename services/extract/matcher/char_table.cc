#include "services/extract/matcher/char_table.h"

#include <string>

#include "common/text/normalizer.h"
#include "common/text/utf8.h"
#include "unicode/normalizer2.h"
#include "unicode/uchar.h"
#include "unicode/uscript.h"
#include "unicode/utypes.h"

namespace newsgraph::extract::matcher_internal {
namespace {

CharClass Classify(UChar32 c) {
  switch (c) {
    case 0x0027:  // '
    case 0x2019:  // ’ (the usual apostrophe in typeset news)
    case 0x02BC:  // ʼ (the Ukrainian apostrophe by the standard)
      return kApostrophe;
    case 0x002D:
    case 0x2010:
    case 0x2011:
      return kHyphen;
    case 0x00AD:
    case 0x200C:
    case 0x200D:
    case 0x2060:
    case 0xFEFF:
      return kIgnorable;
    case 0x000A:
    case 0x000B:
    case 0x000C:
    case 0x000D:
    case 0x0085:
    case 0x2028:
    case 0x2029:
      return kNewline;
    case 0x0009:
    case 0x200B:  // zero-width space: a word separator in Thai and Khmer text
      return kSpace;
    default:
      break;
  }
  switch (u_charType(c)) {
    case U_SPACE_SEPARATOR:
      return kSpace;
    case U_NON_SPACING_MARK:
    case U_ENCLOSING_MARK:
    case U_COMBINING_SPACING_MARK:
      return kMark;
    case U_UPPERCASE_LETTER:
    case U_LOWERCASE_LETTER:
    case U_TITLECASE_LETTER:
    case U_MODIFIER_LETTER:
    case U_OTHER_LETTER:
    case U_DECIMAL_DIGIT_NUMBER:
    case U_LETTER_NUMBER:
    case U_OTHER_NUMBER: {
      // Line-break classes ID (ideographs, kana), CJ (small kana, prolonged sound mark) and SA
      // (Thai, Lao, Khmer, Myanmar) are exactly the letters of scripts written without spaces,
      // where a name may sit inside a longer run of letters ("德国" in "德国总理").
      const int32_t lb = u_getIntPropertyValue(c, UCHAR_LINE_BREAK);
      if (lb == U_LB_IDEOGRAPHIC || lb == U_LB_COMPLEX_CONTEXT ||
          lb == U_LB_CONDITIONAL_JAPANESE_STARTER) {
        return kSolo;
      }
      return kWord;
    }
    default:
      return kGap;
  }
}

Script ScriptFor(UChar32 c, CharClass cls) {
  if (cls != kWord && cls != kSolo) return kNoScript;
  UErrorCode status = U_ZERO_ERROR;
  const UScriptCode script = uscript_getScript(c, &status);
  if (U_FAILURE(status)) return kOtherScript;
  switch (script) {
    case USCRIPT_LATIN:
      return kLatin;
    case USCRIPT_CYRILLIC:
      return kCyrillic;
    case USCRIPT_GREEK:
      return kGreek;
    case USCRIPT_COMMON:
    case USCRIPT_INHERITED:
      return kNoScript;
    default:
      return kOtherScript;
  }
}

// True when some code point of `folded` may compose with what precedes it under NFC, which is
// when text::Fold re-normalizes its result; per-code-point concatenation is exact otherwise.
bool MayCompose(const icu::Normalizer2* nfc, std::string_view folded) {
  if (nfc == nullptr) return false;
  for (size_t i = 0; i < folded.size();) {
    char32_t cp;
    const size_t len = text::DecodeUtf8(folded, i, &cp);
    if (len == 0) return true;
    if (!nfc->hasBoundaryBefore(static_cast<UChar32>(cp))) return true;
    i += len;
  }
  return false;
}

const icu::Normalizer2* NfcInstance() {
  UErrorCode status = U_ZERO_ERROR;
  const icu::Normalizer2* nfc = icu::Normalizer2::getNFCInstance(status);
  return U_FAILURE(status) ? nullptr : nfc;
}

}  // namespace

const CharTable& CharTable::Get() {
  static const CharTable* const table = new CharTable();
  return *table;
}

CharTable::CharTable() : bmp_(0x10000, kGap) {
  const icu::Normalizer2* nfc = NfcInstance();
  std::string raw;
  for (char32_t cp = 0; cp < 0x10000; ++cp) {
    if (cp >= 0xD800 && cp <= 0xDFFF) continue;  // Never produced by a valid UTF-8 decode.
    const CharClass cls = Classify(static_cast<UChar32>(cp));
    uint32_t entry = cls | (ScriptFor(static_cast<UChar32>(cp), cls) << kScriptShift);
    raw.clear();
    text::AppendUtf8(cp, &raw);
    const std::string folded = text::Fold(raw);
    if (MayCompose(nfc, folded)) entry |= kSlow;
    if (folded == raw) {
      entry |= kIdentity;
    } else if (folded.size() > kLenMask) {
      entry |= kIdentity | kSlow;  // Too long for the entry; text::Fold handles it.
    } else {
      entry |= (static_cast<uint32_t>(pool_.size()) << kOffsetShift) |
               (static_cast<uint32_t>(folded.size()) << kLenShift);
      pool_ += folded;
    }
    bmp_[cp] = entry;
  }
}

uint32_t CharTable::SupplementaryEntry(char32_t cp) {
  const CharClass cls = Classify(static_cast<UChar32>(cp));
  return cls | (ScriptFor(static_cast<UChar32>(cp), cls) << kScriptShift) | kIdentity | kSlow;
}

}  // namespace newsgraph::extract::matcher_internal
