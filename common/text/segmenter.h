// Word segmentation for indexing and query parsing. One segmenter for every language: ICU's root
// word rules split space-delimited scripts (Latin, Cyrillic, Greek, Vietnamese syllables) and its
// dictionaries split Chinese, Japanese and Thai, so no per-language tokenizer has to be chosen.
#ifndef NEWSGRAPH_COMMON_TEXT_SEGMENTER_H_
#define NEWSGRAPH_COMMON_TEXT_SEGMENTER_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace newsgraph::text {

// A word as a half-open byte range of the text it was cut from, so callers can highlight or
// slice the original without copying.
struct Token {
  size_t begin;  // byte offset into the input
  size_t end;    // byte offset, exclusive

  friend bool operator==(const Token&, const Token&) = default;
};

// Returns the words of `utf8` in order, as found by ICU's word BreakIterator for the root locale:
// only segments whose rule status is a word (letter, number, kana, ideograph); spaces, punctuation
// and symbols (including emoji) are skipped. Offsets are byte offsets into `utf8` and always fall
// on code point boundaries. Empty input yields an empty vector.
// Returns InvalidArgument "text: invalid UTF-8 at byte offset N" on ill-formed input,
// InvalidArgument if the input exceeds 2^31-1 bytes (ICU's index type), and Internal if ICU's
// break rules cannot be loaded. Thread-safe: each thread reuses its own BreakIterator.
// With `max_words`, stops after that many words (the first ones), for callers that need only the
// start of a long text.
absl::StatusOr<std::vector<Token>> SegmentWords(std::string_view utf8, size_t max_words = SIZE_MAX);

// A segment of the text as ICU's word break rules cut it: a word, or a run of punctuation or
// symbols.
struct TextSegment {
  size_t begin;  // byte offset into the input
  size_t end;    // byte offset, exclusive
  bool is_word;  // a word as SegmentWords returns it

  friend bool operator==(const TextSegment&, const TextSegment&) = default;
};

// Returns the words of `utf8` (as SegmentWords) and, between them, every other segment that is
// not only white space, control or format characters (".", "«", "-", "$"), in order, for
// tokenizers that keep punctuation. Fails exactly as SegmentWords. Thread-safe.
absl::StatusOr<std::vector<TextSegment>> SegmentText(std::string_view utf8);

// Returns the index/search terms of `utf8`: Fold() of each SegmentWords() token, in order, with
// duplicates kept and terms that fold to the empty string dropped. Fails exactly as SegmentWords.
absl::StatusOr<std::vector<std::string>> Terms(std::string_view utf8);

}  // namespace newsgraph::text

#endif  // NEWSGRAPH_COMMON_TEXT_SEGMENTER_H_
