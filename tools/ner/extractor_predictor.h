// The whole extractor (knowledge-base matcher, patterns, tagger) as a predictor for
// newsgraph-eval: its mentions on a document's text become token spans (ProjectTextSpans) for
// CoNLL scoring, and the entity id of the mention over a gold span becomes that span's predicted
// id for SlavicNER linking accuracy.
#ifndef NEWSGRAPH_TOOLS_NER_EXTRACTOR_PREDICTOR_H_
#define NEWSGRAPH_TOOLS_NER_EXTRACTOR_PREDICTOR_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "services/extract/core/extractor.h"
#include "tools/ner/corpus.h"
#include "tools/ner/scoring.h"

namespace newsgraph::tools::ner {

class ExtractorPredictor : public SpanPredictor, public EntityIdPredictor {
 public:
  // `extractor` must outlive this object.
  explicit ExtractorPredictor(const extract::Extractor* extractor) : extractor_(extractor) {}

  // The extractor's PERSON, ORGANIZATION and LOCATION mentions as PER, ORG, LOC; products,
  // events, works and other names as MISC; dates, money, percentages and URLs are not names and
  // are left out. Fails as Extractor::Extract does on the document's text (with its language).
  absl::StatusOr<std::vector<std::vector<LabeledSpan>>> Predict(const Document& doc) override;

  // The id of the extractor's mention that overlaps the gold span's bytes the most (of any
  // type), or "" when none does.
  absl::StatusOr<std::string> PredictId(const Document& doc, const Sentence& sentence,
                                        const LabeledSpan& gold) override;

 private:
  // The document's name mentions, extracting once per document.
  absl::StatusOr<const std::vector<TextMention>*> Mentions(const Document& doc);

  const extract::Extractor* extractor_;
  std::string cached_name_;
  std::vector<TextMention> cached_;
};

}  // namespace newsgraph::tools::ner

#endif  // NEWSGRAPH_TOOLS_NER_EXTRACTOR_PREDICTOR_H_
