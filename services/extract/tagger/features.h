// Token features of the tagger, hashed into a fixed-size weight table so that the model size does
// not grow with the vocabulary. Training and inference share this one extractor; a model records
// kFeatureSetVersion and is rejected by a build whose extractor differs.
//
// Per token: the folded word, prefixes and suffixes of 1-4 letters (inflection carries the case of
// Slavic and Greek names), word shape long and short ("Xxxx", "Xx", "dd-dd", "X.X."), script,
// capitalization pattern, sentence-initial position (also right after a stop, since corpora glue
// sentences together), length, a crude stem (KbGazetteer::Stem); the words and shapes of the two
// neighbours on each side, the neighbours' 3-letter suffixes (case agreement), word bigrams; for
// tokens inside a short quoted run («Нафтогаз», "Apple") the word before the opening mark and the
// position in the run; and knowledge-base membership of the token and its neighbours
// (GazetteerMark).
#ifndef NEWSGRAPH_SERVICES_EXTRACT_TAGGER_FEATURES_H_
#define NEWSGRAPH_SERVICES_EXTRACT_TAGGER_FEATURES_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "services/extract/tagger/gazetteer_features.h"

namespace newsgraph::extract::tagger {

// Bumped whenever a feature changes meaning; models store it and must match.
inline constexpr uint32_t kFeatureSetVersion = 1;

// Hash bits the weight table may have: 2^10 .. 2^26 rows.
inline constexpr int kMinHashBits = 10;
inline constexpr int kMaxHashBits = 26;

// The hashed features of one sentence: token i's weight-table rows are
// rows[offsets[i] .. offsets[i + 1]).
struct SentenceFeatures {
  std::vector<uint32_t> rows;
  std::vector<uint32_t> offsets;

  size_t size() const { return offsets.empty() ? 0 : offsets.size() - 1; }
  std::span<const uint32_t> token(size_t i) const {
    return std::span<const uint32_t>(rows).subspan(offsets[i], offsets[i + 1] - offsets[i]);
  }
};

// A stable 64-bit hash of bytes (little-endian word reads); models depend on its exact values.
uint64_t HashBytes(std::string_view bytes);

// Word shape of a token: upper-case letters become 'X', lower-case 'x', other letters (no case,
// e.g. Han) 'h', digits 'd', anything else stays as written; runs longer than `max_run` are cut
// to `max_run` ("Макрона" → "Xxxxx" with 4, "Xx" with 1). Exposed for tests.
std::string WordShape(std::string_view word, int max_run);

class FeatureExtractor {
 public:
  // `hash_bits` in [kMinHashBits, kMaxHashBits]; the caller (model loading, trainer options)
  // validates it.
  explicit FeatureExtractor(int hash_bits) : hash_bits_(hash_bits) {}

  // Replaces *out with the features of `words`, one sentence as tokenized by Tokenize (or as
  // given by a corpus), asking `gazetteer` (may be null) for knowledge-base marks. Never fails;
  // const and thread-safe (scratch space is per thread) if the gazetteer is.
  void Extract(std::span<const std::string_view> words, const GazetteerFeatures* gazetteer,
               SentenceFeatures* out) const;

  // The same with the gazetteer marks given: empty (none) or one per word.
  void ExtractWithMarks(std::span<const std::string_view> words,
                        std::span<const GazetteerMark> marks, SentenceFeatures* out) const;

  // The features of token `index` as readable strings ("w=макрон", "suf3=рон", "w-1=президент"),
  // in the order Extract hashes them. For tests and debugging only; not fast.
  std::vector<std::string> Describe(std::span<const std::string_view> words,
                                    std::span<const GazetteerMark> marks, size_t index) const;

  int hash_bits() const { return hash_bits_; }

 private:
  int hash_bits_;
};

}  // namespace newsgraph::extract::tagger

#endif  // NEWSGRAPH_SERVICES_EXTRACT_TAGGER_FEATURES_H_
