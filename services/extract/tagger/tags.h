// Labeled sentences and the conversion between entity spans and BIO tag ids (see model.h for the
// tag numbering). Spans are the currency of corpora, training and scoring; tags only exist inside
// the perceptron.
#ifndef NEWSGRAPH_SERVICES_EXTRACT_TAGGER_TAGS_H_
#define NEWSGRAPH_SERVICES_EXTRACT_TAGGER_TAGS_H_

#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace newsgraph::extract::tagger {

// An entity span over tokens, both ends inclusive.
struct LabeledSpan {
  size_t first = 0;
  size_t last = 0;
  std::string type;
  // Optional entity id (SlavicNER cross-lingual ids such as "PER-Theresa-May"); empty if none.
  std::string id;

  friend bool operator==(const LabeledSpan&, const LabeledSpan&) = default;
};

struct LabeledSentence {
  std::vector<std::string> words;
  std::vector<LabeledSpan> spans;  // sorted, non-overlapping
};

// A span over tokens with a model type index, as the tagger predicts it.
struct TypedSpan {
  size_t first = 0;
  size_t last = 0;
  int type = 0;

  friend bool operator==(const TypedSpan&, const TypedSpan&) = default;
};

// Returns the BIO tag ids of a sentence of `length` tokens with `spans`, typed by their index in
// `types`. InvalidArgument for a type not in `types` (naming it), a span out of range or with
// first > last, or overlapping spans.
absl::StatusOr<std::vector<int>> SpansToTags(size_t length, std::span<const LabeledSpan> spans,
                                             std::span<const std::string> types);

// Returns the spans of a BIO tag sequence, CoNLL style: B-X starts a span, I-X continues a span of
// type X, and an I-X that does not continue one (after O or another type) starts a new span.
std::vector<TypedSpan> TagsToSpans(std::span<const int> tags);

}  // namespace newsgraph::extract::tagger

#endif  // NEWSGRAPH_SERVICES_EXTRACT_TAGGER_TAGS_H_
