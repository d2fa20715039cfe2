#include "common/lang/detect.h"

#include <algorithm>
#include <climits>
#include <cstddef>
#include <cstdio>  // FILE: compact_lang_det.h uses it without including <cstdio>.
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "cld2/public/compact_lang_det.h"
#include "cld2/public/encodings.h"
#include "common/text/utf8.h"
#include "unicode/uchar.h"
#include "unicode/uscript.h"

namespace newsgraph::lang {
namespace {

// Scripts below this share of the letters are dropped from LanguageGuess::scripts: one "™"-like
// letter or a brand name in Han text is noise for routing, not a second writing system.
constexpr double kMinScriptShare = 0.01;

// Hints longer than any real BCP 47 tag we route on are ignored rather than copied.
constexpr size_t kMaxHintLength = 64;

// CLD2 only accepts "interchange-valid" UTF-8: ExtDetectLanguageSummaryCheckUTF8 stops at, and
// the unchecked variants are documented as unsafe on, C0 controls other than TAB, LF, FF and CR,
// DEL, C1 controls and the noncharacters U+FDD0..U+FDEF and U+xxFFFE/U+xxFFFF (verified against
// the Debian build code point by code point). Such code points are well-formed and do reach us
// from scraped text, so they are blanked out of the copy CLD2 sees.
bool IsInterchangeValid(char32_t cp) {
  if (cp < 0x20) return cp == '\t' || cp == '\n' || cp == '\f' || cp == '\r';
  if (cp >= 0x7F && cp <= 0x9F) return false;
  if (cp >= 0xFDD0 && cp <= 0xFDEF) return false;
  return (cp & 0xFFFE) != 0xFFFE;
}

// Number of distinct UScriptCode values known to the linked ICU, so counts can live in a flat
// array indexed by script code.
int ScriptCodeLimit() {
  static const int limit = u_getIntPropertyMaxValue(UCHAR_SCRIPT) + 1;
  return limit;
}

struct ScriptCensus {
  std::vector<ScriptShare> scripts;
  bool needs_sanitizing = false;  // some code point is not interchange-valid for CLD2
};

// One pass over validated UTF-8: counts alphabetic code points per script and notes whether the
// text has code points CLD2 cannot take.
ScriptCensus CountScripts(std::string_view text) {
  ScriptCensus census;
  std::vector<size_t> counts(ScriptCodeLimit(), 0);
  size_t total = 0;
  size_t pos = 0;
  while (pos < text.size()) {
    char32_t cp;
    const size_t len = text::DecodeUtf8(text, pos, &cp);
    if (len == 0) break;  // Unreachable: the caller validated the input.
    pos += len;
    if (!IsInterchangeValid(cp)) census.needs_sanitizing = true;
    if (cp < 0x80) {
      // Most news text is largely ASCII; its letters are Latin without asking ICU.
      if (absl::ascii_isalpha(static_cast<unsigned char>(cp))) {
        ++counts[USCRIPT_LATIN];
        ++total;
      }
      continue;
    }
    // Digits, punctuation and symbols either have script Common or (like Arabic-Indic digits)
    // would attribute non-letters to a script; only letters and letter-like marks count.
    if (!u_hasBinaryProperty(static_cast<UChar32>(cp), UCHAR_ALPHABETIC)) continue;
    UErrorCode status = U_ZERO_ERROR;
    const UScriptCode script = uscript_getScript(static_cast<UChar32>(cp), &status);
    if (U_FAILURE(status) || script == USCRIPT_COMMON || script == USCRIPT_INHERITED ||
        script == USCRIPT_UNKNOWN || script < 0 || script >= ScriptCodeLimit()) {
      continue;
    }
    ++counts[script];
    ++total;
  }
  if (total == 0) return census;
  for (int script = 0; script < ScriptCodeLimit(); ++script) {
    if (counts[script] == 0) continue;
    const double fraction = static_cast<double>(counts[script]) / static_cast<double>(total);
    if (fraction < kMinScriptShare) continue;
    const char* name = uscript_getName(static_cast<UScriptCode>(script));
    census.scripts.push_back({name != nullptr ? name : "Unknown", fraction});
  }
  std::sort(census.scripts.begin(), census.scripts.end(),
            [](const ScriptShare& a, const ScriptShare& b) {
              if (a.fraction != b.fraction) return a.fraction > b.fraction;
              return a.script < b.script;  // Deterministic order for equal shares.
            });
  return census;
}

// Returns a copy of `text` with every code point CLD2 rejects replaced by as many spaces as it has
// bytes, which keeps word boundaries where the control character was.
std::string SanitizeForCld2(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  size_t pos = 0;
  while (pos < text.size()) {
    char32_t cp;
    size_t len = text::DecodeUtf8(text, pos, &cp);
    if (len == 0) len = 1;  // Unreachable: the caller validated the input.
    if (IsInterchangeValid(cp)) {
      out.append(text.substr(pos, len));
    } else {
      out.append(len, ' ');
    }
    pos += len;
  }
  return out;
}

// Maps a CLD2 language code to BCP 47. CLD2 keeps Google's legacy codes (iw, jw), answers "un" or
// "xxx" for unknown, "xx-Xxxx" for text in a script without a language model, and has test
// pseudo-languages "zz*" (Pig Latin, Elmer Fudd...) that must never reach an index.
std::string ToBcp47(const char* cld2_code) {
  const std::string_view code = cld2_code != nullptr ? cld2_code : "";
  if (code.empty() || code == "un" || code == "xxx" || code.starts_with("xx-") ||
      code.starts_with("zz")) {
    return "und";
  }
  if (code == "iw") return "he";
  if (code == "jw") return "jv";
  return std::string(code);
}

// Turns a caller's BCP 47 hint into a CLD2 language. CLD2's name lookup is case-sensitive and
// expects canonical casing ("zh-Hant", "zh-TW"; "zh-hant" silently becomes plain "zh"), so the
// subtags are recased first; a few codes CLD2 spells differently are mapped.
CLD2::Language HintToCld2(std::string_view hint) {
  if (hint.empty() || hint.size() > kMaxHintLength) return CLD2::UNKNOWN_LANGUAGE;
  std::string tag;
  size_t start = 0;
  bool first = true;
  while (start <= hint.size()) {
    size_t end = hint.find_first_of("-_", start);
    if (end == std::string_view::npos) end = hint.size();
    std::string subtag = absl::AsciiStrToLower(absl::string_view(hint.data() + start, end - start));
    if (first) {
      if (subtag == "he") subtag = "iw";
      if (subtag == "jv") subtag = "jw";
      if (subtag == "fil") subtag = "tl";
    } else {
      tag.push_back('-');
      if (subtag.size() == 4) {  // Script subtag: "Hant".
        subtag[0] = absl::ascii_toupper(static_cast<unsigned char>(subtag[0]));
      } else if (subtag.size() == 2) {  // Region subtag: "TW".
        subtag = absl::AsciiStrToUpper(subtag);
      }
    }
    tag += subtag;
    first = false;
    start = end + 1;
  }
  return CLD2::GetLanguageFromName(tag.c_str());
}

struct Cld2Answer {
  CLD2::Language language = CLD2::UNKNOWN_LANGUAGE;
  int percent = 0;     // share of the letters in `language`, 0..100
  int text_bytes = 0;  // letter bytes CLD2 scored; 0 means nothing to detect
  bool reliable = false;
};

absl::StatusOr<Cld2Answer> RunCld2(std::string_view text, CLD2::Language hint, int flags) {
  CLD2::CLDHints hints = {nullptr, nullptr, CLD2::UNKNOWN_ENCODING, hint};
  CLD2::Language language3[3];
  int percent3[3];
  double normalized_score3[3];
  Cld2Answer answer;
  int valid_prefix_bytes = 0;
  const int length = static_cast<int>(text.size());
  answer.language = CLD2::ExtDetectLanguageSummaryCheckUTF8(
      text.data(), length, /*is_plain_text=*/true, &hints, flags, language3, percent3,
      normalized_score3, /*resultchunkvector=*/nullptr, &answer.text_bytes, &answer.reliable,
      &valid_prefix_bytes);
  if (valid_prefix_bytes != length) {
    // The copy was sanitized above, so CLD2 and IsInterchangeValid disagree: a bug, not bad input.
    return absl::InternalError("lang: CLD2 rejected sanitized text at byte offset " +
                               std::to_string(valid_prefix_bytes));
  }
  for (int i = 0; i < 3; ++i) {
    if (language3[i] == answer.language) {
      answer.percent = percent3[i];
      break;
    }
  }
  return answer;
}

}  // namespace

absl::StatusOr<LanguageGuess> DetectLanguage(std::string_view text, std::string_view hint) {
  if (absl::Status status = text::ValidateUtf8(text, "text"); !status.ok()) return status;
  if (text.size() > static_cast<size_t>(INT_MAX)) {
    return absl::InvalidArgumentError("text: longer than 2^31-1 bytes");
  }

  ScriptCensus census = CountScripts(text);
  LanguageGuess guess;
  guess.scripts = std::move(census.scripts);

  std::string sanitized;
  std::string_view cld2_input = text;
  if (census.needs_sanitizing) {
    sanitized = SanitizeForCld2(text);
    cld2_input = sanitized;
  }
  const CLD2::Language cld2_hint = HintToCld2(hint);

  absl::StatusOr<Cld2Answer> answer = RunCld2(cld2_input, cld2_hint, /*flags=*/0);
  if (!answer.ok()) return answer.status();
  if (answer->language == CLD2::UNKNOWN_LANGUAGE && answer->text_bytes > 0) {
    // CLD2 declines short text outright. Best-effort mode does guess, but then reports the guess
    // as reliable, which it is not; the flag is overridden below.
    answer = RunCld2(cld2_input, cld2_hint, CLD2::kCLDFlagBestEffort);
    if (!answer.ok()) return answer.status();
    answer->reliable = false;
  }

  guess.language = ToBcp47(CLD2::LanguageCode(answer->language));
  guess.reliable = answer->reliable;
  if (guess.language != "und") {
    guess.confidence = std::clamp(answer->percent, 0, 100) / 100.0;
    if (!guess.reliable) guess.confidence /= 2;
  }
  return guess;
}

}  // namespace newsgraph::lang
