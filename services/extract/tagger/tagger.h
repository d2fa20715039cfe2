// The statistical named-entity tagger for names the knowledge base does not know: a structured
// averaged perceptron over hashed token features (features.h), decoded with Viterbi over BIO tags
// with first-order transitions, trained by newsgraph-train (tools/ner). Models are files
// (model.h); services/extract/models/ holds the trained ones.
//
//   ASSIGN_OR_RETURN(Tagger tagger, Tagger::LoadFile("services/extract/models/uk.ngtagger"));
//   ASSIGN_OR_RETURN(std::vector<TextSpan> spans, tagger.TagText(text, /*gazetteer=*/nullptr));
//   // spans[i].begin/end: byte offsets; tagger.types()[spans[i].type]: "PER", "ORG", ...
//
// The gazetteer must match training: the committed models were trained without knowledge-base
// features (services/extract/models/README.md), so they take nullptr. A model trained with
// `newsgraph-train --kb` wants the same names at inference, e.g. from the extractor's KB:
//   KbGazetteer gazetteer;
//   for (size_t i = 0; i < kb.size(); ++i) {
//     RETURN_IF_ERROR(gazetteer.AddEntity(kb.entity(i)).status());
//   }
//
// A Tagger is immutable after loading; Tag and TagText may run concurrently from any number of
// threads. Copies share the model.
#ifndef NEWSGRAPH_SERVICES_EXTRACT_TAGGER_TAGGER_H_
#define NEWSGRAPH_SERVICES_EXTRACT_TAGGER_TAGGER_H_

#include <cstddef>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "services/extract/tagger/features.h"
#include "services/extract/tagger/gazetteer_features.h"
#include "services/extract/tagger/model.h"
#include "services/extract/tagger/tags.h"

namespace newsgraph::extract::tagger {

// A predicted entity over the tokens of one sentence, both ends inclusive.
struct TaggedSpan {
  size_t first_token = 0;
  size_t last_token = 0;
  int type = 0;  // index into Tagger::types()
  // Mean over the span's tokens of the marginal probability of their predicted tag (0..1);
  // 0 when confidences were not requested.
  float confidence = 0;
};

// A predicted entity in raw text.
struct TextSpan {
  size_t begin = 0;  // byte offsets into the text, end exclusive
  size_t end = 0;
  int type = 0;
  float confidence = 0;
};

struct TagOptions {
  // Forward-backward marginals for TaggedSpan::confidence; about doubles the decoding cost.
  bool confidence = true;
};

class Tagger {
 public:
  // Builds a tagger from a model. InvalidArgument when the model fails ValidateModel or was made
  // for another feature-set version.
  static absl::StatusOr<Tagger> FromModel(ModelData model);
  // Decodes model bytes (fails as DeserializeModel) and builds a tagger.
  static absl::StatusOr<Tagger> LoadBytes(std::string_view bytes);
  // Reads a model file (fails as ReadModelFile) and builds a tagger.
  static absl::StatusOr<Tagger> LoadFile(const std::string& path);

  // Returns the entities of one sentence given as its tokens (as cut by Tokenize or by a corpus),
  // in order, non-overlapping. `gazetteer` may be null (no knowledge-base evidence). An empty
  // sentence gives no spans. Never fails; thread-safe.
  std::vector<TaggedSpan> Tag(std::span<const std::string_view> words,
                              const GazetteerFeatures* gazetteer,
                              const TagOptions& options = {}) const;

  // Returns the BIO tag id of every token (see model.h), for scoring and tests.
  std::vector<int> TagIds(std::span<const std::string_view> words,
                          const GazetteerFeatures* gazetteer) const;

  // Returns P(tag k at token i) as result[i * num_tags + k] under the model's scores divided by
  // `temperature` (> 0), for confidence calibration and tests.
  std::vector<double> TagMarginals(std::span<const std::string_view> words,
                                   const GazetteerFeatures* gazetteer, float temperature) const;

  // Tokenizes `text` (Tokenize), splits it into sentences (SplitSentences) and tags each one.
  // Returns spans with byte offsets into `text`, in order. Fails only as Tokenize does (invalid
  // UTF-8, over 2^31-1 bytes, ICU data missing). Thread-safe.
  absl::StatusOr<std::vector<TextSpan>> TagText(std::string_view text,
                                                const GazetteerFeatures* gazetteer,
                                                const TagOptions& options = {}) const;

  const std::vector<std::string>& types() const { return model_->types; }
  const ModelData& model() const { return *model_; }

 private:
  explicit Tagger(std::shared_ptr<const ModelData> model)
      : model_(std::move(model)), extractor_(model_->hash_bits) {}

  // Features and emission scores of one sentence into per-thread scratch; returns the emissions.
  const std::vector<float>& Score(std::span<const std::string_view> words,
                                  const GazetteerFeatures* gazetteer) const;

  std::shared_ptr<const ModelData> model_;
  FeatureExtractor extractor_;
};

}  // namespace newsgraph::extract::tagger

#endif  // NEWSGRAPH_SERVICES_EXTRACT_TAGGER_TAGGER_H_
