// Training of the tagger: a structured averaged perceptron (Collins 2002) over the hashed features
// of features.h, decoded with the same constrained Viterbi as the tagger, with weight averaging
// done lazily (Daumé's trick) so an update costs the same as without averaging. The training tool
// (tools/ner/newsgraph-train) drives it one epoch at a time and keeps the epoch that scores best
// on dev data.
#ifndef NEWSGRAPH_SERVICES_EXTRACT_TAGGER_TRAINER_H_
#define NEWSGRAPH_SERVICES_EXTRACT_TAGGER_TRAINER_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "services/extract/tagger/features.h"
#include "services/extract/tagger/gazetteer_features.h"
#include "services/extract/tagger/model.h"
#include "services/extract/tagger/tagger.h"
#include "services/extract/tagger/tags.h"

namespace newsgraph::extract::tagger {

struct TrainerOptions {
  int hash_bits = 18;  // weight table of 2^hash_bits rows
  uint64_t seed = 1;   // sentence order in each epoch
};

struct EpochStats {
  int epoch = 0;
  size_t sentences = 0;
  size_t tokens = 0;
  size_t token_errors = 0;  // tokens the current weights mis-tagged before the update
};

struct ExportOptions {
  // Averaged weights with a smaller magnitude are dropped.
  double min_abs_weight = 0;
  // When non-zero, the smallest weights are also dropped until the serialized model fits.
  size_t max_file_bytes = 0;
  float temperature = 1.0f;
  std::string metadata;
};

class PerceptronTrainer {
 public:
  // InvalidArgument when `types` is empty, longer than kMaxTypes or has duplicates, or when
  // options.hash_bits is outside [kMinHashBits, kMaxHashBits].
  static absl::StatusOr<PerceptronTrainer> Create(std::vector<std::string> types,
                                                  const TrainerOptions& options);

  // Extracts the sentence's features once (with `gazetteer` evidence if not null) and keeps them
  // with its gold tags. InvalidArgument (from SpansToTags) for spans of unknown types, out of
  // range or overlapping; the sentence is then not added. Empty sentences are ignored.
  absl::Status Add(const LabeledSentence& sentence, const GazetteerFeatures* gazetteer);

  // One pass over all added sentences in a shuffled order (seeded by options.seed and the epoch
  // number, so runs are reproducible), updating the weights wherever the decoded tags differ
  // from the gold ones.
  EpochStats RunEpoch();

  // The averaged weights as a model: weights below options.min_abs_weight dropped, quantized to
  // int16, then pruned further to fit options.max_file_bytes if set. FailedPrecondition before
  // the first epoch; ResourceExhausted when even the transitions alone exceed max_file_bytes.
  absl::StatusOr<ModelData> Export(const ExportOptions& options) const;

  size_t sentence_count() const { return sentence_offsets_.size() - 1; }
  size_t token_count() const { return gold_.size(); }
  const std::vector<std::string>& types() const { return types_; }

 private:
  PerceptronTrainer(std::vector<std::string> types, const TrainerOptions& options);

  std::vector<std::string> types_;
  TrainerOptions options_;
  int num_tags_ = 0;
  FeatureExtractor extractor_;
  // Training data: feature rows of every token, token i's rows are
  // rows_[row_offsets_[i] .. row_offsets_[i + 1]); sentence s is tokens
  // [sentence_offsets_[s], sentence_offsets_[s + 1]).
  std::vector<uint32_t> rows_;
  std::vector<uint32_t> row_offsets_{0};
  std::vector<uint32_t> sentence_offsets_{0};
  std::vector<uint8_t> gold_;
  // Current weights and the time-weighted sums of their updates (averaged = w - u / c).
  std::vector<float> weights_;
  std::vector<double> update_sums_;
  std::vector<float> transitions_;
  std::vector<double> transition_sums_;
  double clock_ = 1;  // c: one tick per sentence seen
  int epochs_ = 0;
};

// Returns the temperature (> 0) that minimizes the mean negative log marginal probability of the
// gold tags of `sentences` under `tagger` (a grid search), so that span confidences mean
// something. At most `max_sentences` sentences are used. InvalidArgument when no sentence has
// tokens or a sentence's spans do not fit the tagger's types.
absl::StatusOr<float> FitTemperature(const Tagger& tagger,
                                     std::span<const LabeledSentence> sentences,
                                     const GazetteerFeatures* gazetteer,
                                     size_t max_sentences = 3000);

}  // namespace newsgraph::extract::tagger

#endif  // NEWSGRAPH_SERVICES_EXTRACT_TAGGER_TRAINER_H_
