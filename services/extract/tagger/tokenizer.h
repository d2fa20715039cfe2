// Tokenization for the statistical tagger. A model only works on text cut into tokens the way its
// training corpora were cut, so inference text goes through this one function and so do the raw
// SlavicNER articles at training time. The annotated corpora (NER-UK, elNER) keep punctuation as
// tokens, keep hyphenated compounds ("по-своєму", "Centre-JRC", "1935-1961") and abbreviations with
// their dot ("Ε.Ε.", "вул.", "Γ.") as one token, and write "..." as one token; ICU's word break
// iterator does the rest (letters, numbers with separators, ideographs, apostrophes inside words).
#ifndef NEWSGRAPH_SERVICES_EXTRACT_TAGGER_TOKENIZER_H_
#define NEWSGRAPH_SERVICES_EXTRACT_TAGGER_TOKENIZER_H_

#include <cstddef>
#include <span>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace newsgraph::extract::tagger {

// A token as a half-open byte range of the text it was cut from.
struct TextToken {
  size_t begin = 0;
  size_t end = 0;

  friend bool operator==(const TextToken&, const TextToken&) = default;
};

// A half-open range of token indexes, e.g. one sentence.
struct TokenRange {
  size_t begin = 0;
  size_t end = 0;

  friend bool operator==(const TokenRange&, const TokenRange&) = default;
};

// Returns the tokens of `utf8` in order: ICU word-break segments (root locale) with white space,
// control and format characters dropped and every punctuation or symbol character kept as its own
// token, then merged as the corpora write them: word-hyphen-word chains without spaces become one
// token, a "." directly after a single letter or after a word that already contains a "." (an
// initial or abbreviation: "Γ.", "Ε.Ε.") joins that word, and adjacent runs of ".", "!", "?"
// ("...", "?!") become one token. Offsets are byte offsets on code point boundaries.
// Returns InvalidArgument "text: invalid UTF-8 at byte offset N" on ill-formed input,
// InvalidArgument when the input exceeds 2^31-1 bytes, Internal when ICU's break rules cannot be
// loaded. Thread-safe (one ICU iterator per thread).
absl::StatusOr<std::vector<TextToken>> Tokenize(std::string_view utf8);

// Splits `tokens` (from Tokenize(utf8)) into sentences for tagging: a sentence ends after a token
// made of ".", "!", "?" or "…" (plus closing quotes or brackets glued to it), before a token
// preceded by a line break, and after `max_tokens` tokens at most (so that pathological input
// without punctuation keeps per-sentence work bounded). Returns ranges covering every token, in
// order, none empty; an empty token list gives no ranges. Never fails.
std::vector<TokenRange> SplitSentences(std::string_view utf8, std::span<const TextToken> tokens,
                                       size_t max_tokens = 200);

}  // namespace newsgraph::extract::tagger

#endif  // NEWSGRAPH_SERVICES_EXTRACT_TAGGER_TOKENIZER_H_
