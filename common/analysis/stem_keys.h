// Per-language stemming behind the analyzer: which algorithm serves a BCP 47 language, which
// scripts it understands, whether it sees the folded or only the lower-cased word, and the stem
// keys it produces. Separate from analyzer.h so that tests and tools can stem single words.
#ifndef NEWSGRAPH_COMMON_ANALYSIS_STEM_KEYS_H_
#define NEWSGRAPH_COMMON_ANALYSIS_STEM_KEYS_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"

namespace newsgraph::analysis {

// Every stem key starts with this, so stems live in a key space of their own next to the folded
// surface terms (ICU never puts '~' inside a word, and Fold() never produces one).
inline constexpr std::string_view kStemPrefix = "~";

// Words longer than this get no stem key: nothing natural inflects at that length, and it bounds
// the stemmers' work on junk tokens (long digit strings, base64).
inline constexpr size_t kMaxStemmedBytes = 256;

// Writing systems a stemmer accepts; a word in another script is not stemmed by it.
enum class Script : uint8_t {
  kOther,
  kLatin,
  kCyrillic,
  kGreek,
  kArabic,
  kArmenian,
  kDevanagari,
  kTamil,
  kHebrew,
};

// What the stemmer is given; every resulting stem is folded afterwards, since the key space is.
//  - kFolded: text::Fold() output. Greek (the stemmer drops accents itself, so "Γερμανια" typed
//    without tonos and "Γερμανίας" agree) and the Ukrainian stemmer, written for folded text.
//  - kLowercase: case-folded NFC that keeps every diacritic, where endings are spelt with marks
//    users do not drop: Russian and Serbian (-ый, -ой need й), Arabic, Armenian, Hindi, Nepali,
//    Tamil, Yiddish (Fold() would strip their vowel signs).
//  - kFoldedAndLowercase: both, for Latin-script languages. The lower-cased word gets Snowball's
//    intended stem ("eleccions"/"elecció" → elec, Turkish "kitapları" → kitap: the rules are
//    spelt with ó, ı, ă, á, ...); the folded word gives the stem a reader who types without
//    diacritics gets ("eleccio" → elecc). A word with diacritics thus gets up to two keys; ASCII
//    words get one.
enum class StemInput : uint8_t { kFolded, kLowercase, kFoldedAndLowercase };

// One supported language.
struct StemmerSpec {
  std::string_view language;  // BCP 47 primary language subtag, e.g. "de"
  const char* algorithm;      // Snowball algorithm name; nullptr for the built-in Ukrainian one
  StemInput input;
  Script script;
  Script second_script;  // kOther when there is only one (Serbian has two)
};

// Returns every supported language, in a fixed order. The span stays valid forever.
std::span<const StemmerSpec> AllStemmers();

// Returns the stemmer for a BCP 47 tag ("en", "de-AT", "sr_Latn", "NB"; only the primary subtag
// counts, case-insensitively; legacy "in" and "ji" and Norwegian "nb"/"nn" are understood), or
// nullptr when the language has none (Vietnamese, Chinese, Japanese, Polish, an empty or
// malformed tag, ...). Thread-safe.
const StemmerSpec* FindStemmer(std::string_view language);

// Returns the script of the first letter of `word` that belongs to a specific script (digits,
// punctuation and combining marks are skipped), or kOther when there is none. Never fails.
Script WordScript(std::string_view word);

// Appends to *keys the stem keys of one word: each is kStemPrefix + the folded stem, distinct
// within this call and from keys already in *keys; usually one, up to four where a language needs
// alternatives (StemInput; Ukrainian and Russian nominatives, see ukrainian_stemmer.h and
// stem_keys.cc). `word` is the word as written (well-formed UTF-8) and `folded` its
// text::Fold(). Appends nothing when the word's script is not the language's, the word is longer
// than kMaxStemmedBytes, or the stem folds to nothing. `spec` must come from FindStemmer() or
// AllStemmers(); returns InvalidArgument for any other (the cache of stemmers is indexed by it).
// Returns Internal if libstemmer cannot
// create the language's stemmer or runs out of memory while stemming; *keys may then hold the
// keys appended before the failure. Thread-safe: each thread keeps its own Snowball stemmers,
// which are not reentrant.
absl::Status AppendStemKeys(std::string_view word, std::string_view folded, const StemmerSpec& spec,
                            std::vector<std::string>* keys);

}  // namespace newsgraph::analysis

#endif  // NEWSGRAPH_COMMON_ANALYSIS_STEM_KEYS_H_
