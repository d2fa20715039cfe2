#include "services/extract/patterns/token_stream.h"

#include <unicode/uchar.h>
#include <unicode/uscript.h>

#include "common/text/utf8.h"

namespace newsgraph::extract::patterns {
namespace {

enum class CharClass { kLetter, kDigit, kSpace, kIdeograph, kOther };

CharClass Classify(char32_t cp) {
  if (cp < 0x80) {
    if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z')) return CharClass::kLetter;
    if (cp >= '0' && cp <= '9') return CharClass::kDigit;
    if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == '\f' || cp == '\v') {
      return CharClass::kSpace;
    }
    return CharClass::kOther;
  }
  // Letters of the scripts news here is mostly written in, without ICU property lookups (this
  // runs for every character): Latin-1 and Latin Extended-A/B letters, Vietnamese (Latin
  // Extended Additional), Greek and Cyrillic.
  if ((cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7) || (cp >= 0x1E00 && cp <= 0x1EFF) ||
      (cp >= 0x391 && cp <= 0x3CE && cp != 0x3A2) || (cp >= 0x400 && cp <= 0x481) ||
      (cp >= 0x48A && cp <= 0x52F)) {
    return CharClass::kLetter;
  }
  UChar32 c = static_cast<UChar32>(cp);
  if (u_isUWhiteSpace(c)) return CharClass::kSpace;
  if (u_isdigit(c)) return CharClass::kDigit;
  if (u_isalpha(c) || u_getIntPropertyValue(c, UCHAR_GENERAL_CATEGORY) == U_NON_SPACING_MARK ||
      u_getIntPropertyValue(c, UCHAR_GENERAL_CATEGORY) == U_COMBINING_SPACING_MARK) {
    UErrorCode error = U_ZERO_ERROR;
    UScriptCode script = uscript_getScript(c, &error);
    if (script == USCRIPT_HAN || script == USCRIPT_HIRAGANA || script == USCRIPT_KATAKANA) {
      return CharClass::kIdeograph;
    }
    return CharClass::kLetter;
  }
  return CharClass::kOther;
}

}  // namespace

std::vector<PatternToken> TokenizeForPatterns(std::string_view utf8) {
  std::vector<PatternToken> tokens;
  bool space_before = false;
  size_t pos = 0;
  while (pos < utf8.size()) {
    char32_t cp = 0;
    size_t length = text::DecodeUtf8(utf8, pos, &cp);
    if (length == 0) {
      tokens.push_back({pos, pos + 1, TokenKind::kSymbol, std::string(1, utf8[pos]), space_before});
      space_before = false;
      ++pos;
      continue;
    }
    CharClass cls = Classify(cp);
    if (cls == CharClass::kSpace) {
      space_before = true;
      pos += length;
      continue;
    }
    PatternToken token;
    token.begin = pos;
    token.space_before = space_before;
    space_before = false;
    if (cls == CharClass::kLetter || cls == CharClass::kDigit) {
      token.kind = cls == CharClass::kLetter ? TokenKind::kWord : TokenKind::kNumber;
      size_t end = pos;
      while (end < utf8.size()) {
        char32_t next = 0;
        size_t next_length = text::DecodeUtf8(utf8, end, &next);
        if (next_length == 0 || Classify(next) != cls) break;
        if (cls == CharClass::kLetter) {
          char32_t lower = static_cast<char32_t>(u_tolower(static_cast<UChar32>(next)));
          if (lower == U'ς') lower = U'σ';  // "ΧΘΕΣ" and "χθες" lower to one form
          text::AppendUtf8(lower, &token.text);
        } else {
          token.text.push_back(static_cast<char>('0' + u_charDigitValue(next)));
        }
        end += next_length;
      }
      token.end = end;
    } else {
      token.kind = cls == CharClass::kIdeograph ? TokenKind::kWord : TokenKind::kSymbol;
      token.end = pos + length;
      token.text = std::string(utf8.substr(pos, length));
    }
    pos = token.end;
    tokens.push_back(std::move(token));
  }
  return tokens;
}

}  // namespace newsgraph::extract::patterns
