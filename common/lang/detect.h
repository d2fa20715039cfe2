// Language and script identification for ingested text. Language routes a document to the right
// analyzers and lets queries filter by language; the script breakdown is cheap, exact, and useful
// on its own when the text is too short for a statistical language guess (a Cyrillic headline is
// at least "not Latin" even when Ukrainian versus Russian cannot be told apart).
#ifndef NEWSGRAPH_COMMON_LANG_DETECT_H_
#define NEWSGRAPH_COMMON_LANG_DETECT_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace newsgraph::lang {

// One writing system's share of the letters of a text.
struct ScriptShare {
  std::string script;  // Unicode script long name as ICU spells it: "Latin", "Cyrillic", "Han"
  double fraction;     // letters in this script / all letters that belong to a specific script
};

struct LanguageGuess {
  // BCP 47 tag ("vi", "uk", "el", "zh", "zh-Hant", "he", ...), or "und" when CLD2 has no answer
  // (empty input, no letters, or a script without a language model).
  std::string language;
  // 0..1: the share of the text CLD2 attributes to `language`, halved when the guess is not
  // reliable so that a threshold on confidence alone never admits an unreliable guess over a
  // reliable one of the same coverage. 0 for "und".
  double confidence = 0;
  // CLD2's is_reliable. Always false when the language came from CLD2's best-effort fallback for
  // short text (see DetectLanguage).
  bool reliable = false;
  // Scripts of the letters, largest share first; scripts under 1% of the letters are left out as
  // noise (a stray symbol letter), so the fractions sum to ~1. Empty when there are no letters.
  std::vector<ScriptShare> scripts;
};

// The longest language tag the services accept, in bytes: RFC 5646 (BCP 47) section 4.4.1 asks
// implementations to handle tags of at least 35 characters, which covers every registered one.
inline constexpr size_t kMaxLanguageTagBytes = 35;

// Detects the language of `text` (UTF-8, plain text, not HTML) with CLD2 and the scripts of its
// letters with ICU (UCHAR_SCRIPT of each alphabetic code point; Common and Inherited are ignored).
// `hint` is an optional BCP 47 code ("uk", "he", "zh-Hant"; region subtags are ignored) of the
// language the caller expects, e.g. from the feed's metadata; it is passed to CLD2 as a language
// hint and only tips close calls. An empty or unrecognized hint is ignored.
// CLD2 refuses to answer for very short text (a few words); in that case this retries in CLD2's
// best-effort mode and returns its guess with reliable = false, so callers get a language plus an
// honest flag instead of "und".
// Returns InvalidArgument "text: invalid UTF-8 at byte offset N" on ill-formed input and
// InvalidArgument when text exceeds 2^31-1 bytes (CLD2's length type). Thread-safe.
absl::StatusOr<LanguageGuess> DetectLanguage(std::string_view text, std::string_view hint = "");

}  // namespace newsgraph::lang

#endif  // NEWSGRAPH_COMMON_LANG_DETECT_H_
