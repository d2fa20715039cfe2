#include "tools/ner/extractor_predictor.h"

#include <algorithm>

#include "common/base/status_macros.h"

namespace newsgraph::tools::ner {
namespace {

// The corpus type name of an extractor type, or "" for pattern types.
std::string CorpusType(common::v1::EntityType type) {
  switch (type) {
    case common::v1::ENTITY_TYPE_PERSON:
      return "PER";
    case common::v1::ENTITY_TYPE_ORGANIZATION:
      return "ORG";
    case common::v1::ENTITY_TYPE_LOCATION:
      return "LOC";
    case common::v1::ENTITY_TYPE_PRODUCT:
    case common::v1::ENTITY_TYPE_EVENT:
    case common::v1::ENTITY_TYPE_WORK:
    case common::v1::ENTITY_TYPE_MISC:
      return "MISC";
    default:
      return "";
  }
}

}  // namespace

absl::StatusOr<const std::vector<TextMention>*> ExtractorPredictor::Mentions(const Document& doc) {
  if (doc.name == cached_name_ && !cached_name_.empty()) return &cached_;
  extract::v1::ExtractRequest request;
  request.set_text(doc.text);
  request.set_language(doc.language);
  extract::v1::ExtractResponse response;
  RETURN_IF_ERROR(extractor_->Extract(request, &response));
  cached_.clear();
  for (const common::v1::Mention& mention : response.mentions()) {
    std::string type = CorpusType(mention.type());
    if (type.empty()) continue;
    cached_.push_back({mention.begin(), mention.end(), std::move(type), mention.entity_id()});
  }
  cached_name_ = doc.name;
  return &cached_;
}

absl::StatusOr<std::vector<std::vector<LabeledSpan>>> ExtractorPredictor::Predict(
    const Document& doc) {
  ASSIGN_OR_RETURN(const std::vector<TextMention>* mentions, Mentions(doc));
  return ProjectTextSpans(doc, *mentions);
}

absl::StatusOr<std::string> ExtractorPredictor::PredictId(const Document& doc,
                                                          const Sentence& sentence,
                                                          const LabeledSpan& gold) {
  ASSIGN_OR_RETURN(const std::vector<TextMention>* mentions, Mentions(doc));
  const size_t begin = sentence.offsets[gold.first].begin;
  const size_t end = sentence.offsets[gold.last].end;
  std::string best_id;
  size_t best_overlap = 0;
  for (const TextMention& mention : *mentions) {
    const size_t overlap_begin = std::max(begin, mention.begin);
    const size_t overlap_end = std::min(end, mention.end);
    if (overlap_end > overlap_begin && overlap_end - overlap_begin > best_overlap) {
      best_overlap = overlap_end - overlap_begin;
      best_id = mention.id;
    }
  }
  return best_id;
}

}  // namespace newsgraph::tools::ner
