#include "services/extract/tagger/trainer.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "common/base/status_macros.h"
#include "services/extract/tagger/decoder.h"

namespace newsgraph::extract::tagger {

PerceptronTrainer::PerceptronTrainer(std::vector<std::string> types, const TrainerOptions& options)
    : types_(std::move(types)),
      options_(options),
      num_tags_(1 + 2 * static_cast<int>(types_.size())),
      extractor_(options.hash_bits) {
  const size_t tags = static_cast<size_t>(num_tags_);
  weights_.assign((size_t{1} << options.hash_bits) * tags, 0.0f);
  update_sums_.assign(weights_.size(), 0.0);
  transitions_.assign((tags + 1) * tags, 0.0f);
  transition_sums_.assign(transitions_.size(), 0.0);
}

absl::StatusOr<PerceptronTrainer> PerceptronTrainer::Create(std::vector<std::string> types,
                                                            const TrainerOptions& options) {
  if (types.empty() || types.size() > kMaxTypes) {
    return absl::InvalidArgumentError(
        absl::StrCat("need 1..", kMaxTypes, " entity types, got ", types.size()));
  }
  absl::flat_hash_set<std::string> seen;
  for (const std::string& type : types) {
    if (type.empty() || !seen.insert(type).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("empty or duplicate entity type '", type, "'"));
    }
  }
  if (options.hash_bits < kMinHashBits || options.hash_bits > kMaxHashBits) {
    return absl::InvalidArgumentError(absl::StrCat("hash bits must be in ", kMinHashBits, "..",
                                                   kMaxHashBits, ", got ", options.hash_bits));
  }
  return PerceptronTrainer(std::move(types), options);
}

absl::Status PerceptronTrainer::Add(const LabeledSentence& sentence,
                                    const GazetteerFeatures* gazetteer) {
  if (sentence.words.empty()) return absl::OkStatus();
  ASSIGN_OR_RETURN(const std::vector<int> tags,
                   SpansToTags(sentence.words.size(), sentence.spans, types_));
  std::vector<std::string_view> words(sentence.words.begin(), sentence.words.end());
  SentenceFeatures features;
  extractor_.Extract(words, gazetteer, &features);
  const auto base = static_cast<uint32_t>(rows_.size());
  rows_.insert(rows_.end(), features.rows.begin(), features.rows.end());
  for (size_t i = 1; i < features.offsets.size(); ++i) {
    row_offsets_.push_back(base + features.offsets[i]);
  }
  for (int tag : tags) gold_.push_back(static_cast<uint8_t>(tag));
  sentence_offsets_.push_back(static_cast<uint32_t>(gold_.size()));
  return absl::OkStatus();
}

EpochStats PerceptronTrainer::RunEpoch() {
  ++epochs_;
  EpochStats stats;
  stats.epoch = epochs_;
  const size_t sentences = sentence_count();
  std::vector<uint32_t> order(sentences);
  std::iota(order.begin(), order.end(), 0u);
  std::mt19937_64 rng(options_.seed * 1000003 + static_cast<uint64_t>(epochs_));
  std::shuffle(order.begin(), order.end(), rng);

  const auto k_count = static_cast<size_t>(num_tags_);
  std::vector<float> emissions;
  std::vector<int> predicted;
  for (uint32_t s : order) {
    const size_t first = sentence_offsets_[s];
    const size_t n = sentence_offsets_[s + 1] - first;
    const std::span<const uint32_t> offsets(row_offsets_.data() + first, n + 1);
    ComputeEmissions(rows_.data(), offsets, weights_.data(), num_tags_, &emissions);
    predicted.resize(n);
    Viterbi(emissions, n, transitions_, num_tags_, predicted);
    const uint8_t* gold = gold_.data() + first;
    ++stats.sentences;
    stats.tokens += n;
    const double c = clock_;
    for (size_t i = 0; i < n; ++i) {
      const size_t g = gold[i];
      const size_t p = static_cast<size_t>(predicted[i]);
      if (g != p) {
        ++stats.token_errors;
        for (uint32_t f = offsets[i]; f < offsets[i + 1]; ++f) {
          const size_t row = static_cast<size_t>(rows_[f]) * k_count;
          weights_[row + g] += 1.0f;
          update_sums_[row + g] += c;
          weights_[row + p] -= 1.0f;
          update_sums_[row + p] -= c;
        }
      }
      const size_t gold_from = i == 0 ? k_count : gold[i - 1];
      const size_t predicted_from = i == 0 ? k_count : static_cast<size_t>(predicted[i - 1]);
      if (gold_from != predicted_from || g != p) {
        transitions_[gold_from * k_count + g] += 1.0f;
        transition_sums_[gold_from * k_count + g] += c;
        transitions_[predicted_from * k_count + p] -= 1.0f;
        transition_sums_[predicted_from * k_count + p] -= c;
      }
    }
    clock_ += 1;
  }
  return stats;
}

absl::StatusOr<ModelData> PerceptronTrainer::Export(const ExportOptions& options) const {
  if (epochs_ == 0) return absl::FailedPreconditionError("no training epoch has run yet");
  ModelData model;
  model.types = types_;
  model.feature_set_version = kFeatureSetVersion;
  model.hash_bits = options_.hash_bits;
  model.temperature = options.temperature;
  model.metadata = options.metadata;
  model.transitions.resize(transitions_.size());
  for (size_t i = 0; i < transitions_.size(); ++i) {
    model.transitions[i] = static_cast<float>(transitions_[i] - transition_sums_[i] / clock_);
  }
  std::vector<float> averaged(weights_.size());
  double max_abs = 0;
  for (size_t i = 0; i < weights_.size(); ++i) {
    averaged[i] = static_cast<float>(weights_[i] - update_sums_[i] / clock_);
    max_abs = std::max(max_abs, std::fabs(static_cast<double>(averaged[i])));
  }
  if (max_abs == 0) max_abs = 1;
  const double scale = max_abs / 32767.0;
  model.weight_scale = static_cast<float>(scale);
  model.weights.resize(averaged.size());
  auto quantize = [&](double threshold) {
    for (size_t i = 0; i < averaged.size(); ++i) {
      const double w = averaged[i];
      model.weights[i] =
          std::fabs(w) < threshold ? int16_t{0} : static_cast<int16_t>(std::lround(w / scale));
    }
  };
  quantize(options.min_abs_weight);
  if (options.max_file_bytes == 0 || SerializeModel(model).size() <= options.max_file_bytes) {
    return model;
  }
  // Binary search for the smallest threshold whose model fits.
  double low = options.min_abs_weight;  // does not fit
  double high = max_abs * 1.0001;       // drops every weight
  quantize(high);
  if (SerializeModel(model).size() > options.max_file_bytes) {
    return absl::ResourceExhaustedError(
        absl::StrCat("a model of ", options.max_file_bytes, " bytes cannot hold even the header"));
  }
  for (int iteration = 0; iteration < 24; ++iteration) {
    const double middle = (low + high) / 2;
    quantize(middle);
    if (SerializeModel(model).size() <= options.max_file_bytes) {
      high = middle;
    } else {
      low = middle;
    }
  }
  quantize(high);
  return model;
}

absl::StatusOr<float> FitTemperature(const Tagger& tagger,
                                     std::span<const LabeledSentence> sentences,
                                     const GazetteerFeatures* gazetteer, size_t max_sentences) {
  struct Item {
    std::vector<std::string_view> words;
    std::vector<int> gold;
  };
  std::vector<Item> items;
  // An even spread over the data, not just its beginning.
  const size_t step = std::max<size_t>(1, sentences.size() / std::max<size_t>(1, max_sentences));
  for (size_t s = 0; s < sentences.size() && items.size() < max_sentences; s += step) {
    const LabeledSentence& sentence = sentences[s];
    if (sentence.words.empty()) continue;
    ASSIGN_OR_RETURN(std::vector<int> gold,
                     SpansToTags(sentence.words.size(), sentence.spans, tagger.types()));
    items.push_back(Item{{sentence.words.begin(), sentence.words.end()}, std::move(gold)});
  }
  if (items.empty()) return absl::InvalidArgumentError("no tokens to fit a temperature on");
  const auto k_count = static_cast<size_t>(tagger.model().num_tags());
  auto loss = [&](double temperature) {
    double total = 0;
    size_t count = 0;
    for (const Item& item : items) {
      const std::vector<double> m =
          tagger.TagMarginals(item.words, gazetteer, static_cast<float>(temperature));
      for (size_t i = 0; i < item.gold.size(); ++i) {
        total -= std::log(std::max(1e-12, m[i * k_count + static_cast<size_t>(item.gold[i])]));
        ++count;
      }
    }
    return total / static_cast<double>(count);
  };
  // Powers of two cover the plausible range (perceptron scores grow with the data), then a finer
  // step around the best one. A non-finite loss never wins.
  double best_t = 1;
  double best_loss = std::numeric_limits<double>::infinity();
  auto consider = [&](double t) {
    const double l = loss(t);
    if (std::isfinite(l) && l < best_loss) best_loss = l, best_t = t;
  };
  for (int e = -8; e <= 12; ++e) consider(std::ldexp(1.0, e));
  const double coarse = best_t;
  for (double factor : {0.59, 0.71, 0.84, 1.19, 1.41, 1.68}) consider(coarse * factor);
  return static_cast<float>(best_t);
}

}  // namespace newsgraph::extract::tagger
