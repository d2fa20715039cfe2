#include "services/extract/tagger/tagger.h"

#include <utility>

#include "absl/strings/str_cat.h"
#include "common/base/status_macros.h"
#include "services/extract/tagger/decoder.h"
#include "services/extract/tagger/tokenizer.h"

namespace newsgraph::extract::tagger {

absl::StatusOr<Tagger> Tagger::FromModel(ModelData model) {
  RETURN_IF_ERROR(ValidateModel(model));
  if (model.feature_set_version != kFeatureSetVersion) {
    return absl::InvalidArgumentError(
        absl::StrCat("model: feature set version ", model.feature_set_version,
                     ", this build extracts version ", kFeatureSetVersion));
  }
  return Tagger(std::make_shared<const ModelData>(std::move(model)));
}

absl::StatusOr<Tagger> Tagger::LoadBytes(std::string_view bytes) {
  ASSIGN_OR_RETURN(ModelData model, DeserializeModel(bytes));
  return FromModel(std::move(model));
}

absl::StatusOr<Tagger> Tagger::LoadFile(const std::string& path) {
  ASSIGN_OR_RETURN(ModelData model, ReadModelFile(path));
  return FromModel(std::move(model));
}

const std::vector<float>& Tagger::Score(std::span<const std::string_view> words,
                                        const GazetteerFeatures* gazetteer) const {
  thread_local SentenceFeatures features;
  thread_local std::vector<float> emissions;
  extractor_.Extract(words, gazetteer, &features);
  ComputeEmissions(features.rows.data(), features.offsets, model_->weights.data(),
                   model_->weight_scale, model_->num_tags(), &emissions);
  return emissions;
}

std::vector<int> Tagger::TagIds(std::span<const std::string_view> words,
                                const GazetteerFeatures* gazetteer) const {
  std::vector<int> tags(words.size(), kOutside);
  if (words.empty()) return tags;
  const std::vector<float>& emissions = Score(words, gazetteer);
  Viterbi(emissions, words.size(), model_->transitions, model_->num_tags(), tags);
  return tags;
}

std::vector<double> Tagger::TagMarginals(std::span<const std::string_view> words,
                                         const GazetteerFeatures* gazetteer,
                                         float temperature) const {
  std::vector<double> marginals;
  if (words.empty()) return marginals;
  const std::vector<float>& emissions = Score(words, gazetteer);
  Marginals(emissions, words.size(), model_->transitions, model_->num_tags(), temperature,
            &marginals);
  return marginals;
}

std::vector<TaggedSpan> Tagger::Tag(std::span<const std::string_view> words,
                                    const GazetteerFeatures* gazetteer,
                                    const TagOptions& options) const {
  std::vector<TaggedSpan> result;
  if (words.empty()) return result;
  thread_local std::vector<int> tags;
  thread_local std::vector<double> marginals;
  tags.resize(words.size());
  const std::vector<float>& emissions = Score(words, gazetteer);
  const int num_tags = model_->num_tags();
  Viterbi(emissions, words.size(), model_->transitions, num_tags, tags);
  const std::vector<TypedSpan> spans = TagsToSpans(tags);
  if (spans.empty()) return result;
  if (options.confidence) {
    Marginals(emissions, words.size(), model_->transitions, num_tags, model_->temperature,
              &marginals);
  }
  result.reserve(spans.size());
  for (const TypedSpan& span : spans) {
    TaggedSpan out{span.first, span.last, span.type, 0.0f};
    if (options.confidence) {
      double sum = 0;
      for (size_t i = span.first; i <= span.last; ++i) {
        sum += marginals[i * static_cast<size_t>(num_tags) + static_cast<size_t>(tags[i])];
      }
      out.confidence = static_cast<float>(sum / static_cast<double>(span.last - span.first + 1));
    }
    result.push_back(out);
  }
  return result;
}

absl::StatusOr<std::vector<TextSpan>> Tagger::TagText(std::string_view text,
                                                      const GazetteerFeatures* gazetteer,
                                                      const TagOptions& options) const {
  ASSIGN_OR_RETURN(const std::vector<TextToken> tokens, Tokenize(text));
  std::vector<TextSpan> result;
  std::vector<std::string_view> words;
  for (const TokenRange& sentence : SplitSentences(text, tokens)) {
    words.clear();
    for (size_t i = sentence.begin; i < sentence.end; ++i) {
      words.push_back(text.substr(tokens[i].begin, tokens[i].end - tokens[i].begin));
    }
    for (const TaggedSpan& span : Tag(words, gazetteer, options)) {
      result.push_back(TextSpan{tokens[sentence.begin + span.first_token].begin,
                                tokens[sentence.begin + span.last_token].end, span.type,
                                span.confidence});
    }
  }
  return result;
}

}  // namespace newsgraph::extract::tagger
