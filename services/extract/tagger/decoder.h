// Sequence decoding shared by the tagger and the trainer: emission scores from hashed features,
// constrained Viterbi over BIO tags with first-order transitions, and forward-backward marginals
// for confidences. Internal to the tagger library.
#ifndef NEWSGRAPH_SERVICES_EXTRACT_TAGGER_DECODER_H_
#define NEWSGRAPH_SERVICES_EXTRACT_TAGGER_DECODER_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "services/extract/tagger/features.h"

namespace newsgraph::extract::tagger {

// True when tag `to` may follow tag `from` (`from` == num_tags means the sentence start): an I-X
// only continues a B-X or I-X. Everything else is allowed.
inline bool TransitionAllowed(int from, int to, int num_tags) {
  if (to == 0 || to % 2 == 1) return true;  // O and B-X may follow anything
  if (from == num_tags || from == 0) return false;
  return (from - 1) / 2 == (to - 1) / 2;
}

// Fills `out` (size n * num_tags) with the emission scores of n tokens: the sum of each token's
// feature weight rows, times `scale` for quantized weights. Token i's rows are
// rows[offsets[i] .. offsets[i + 1]), so offsets has n + 1 entries.
void ComputeEmissions(const uint32_t* rows, std::span<const uint32_t> offsets,
                      const int16_t* weights, float scale, int num_tags, std::vector<float>* out);
void ComputeEmissions(const uint32_t* rows, std::span<const uint32_t> offsets, const float* weights,
                      int num_tags, std::vector<float>* out);

// Writes the highest-scoring allowed tag sequence for n tokens to `tags` (size n). `transitions`
// is (num_tags + 1) x num_tags as in ModelData.
void Viterbi(std::span<const float> emissions, size_t n, std::span<const float> transitions,
             int num_tags, std::span<int> tags);

// Fills `marginals` (size n * num_tags) with P(tag k at token i) under the distribution
// proportional to exp(path score / temperature) over allowed paths: in scaled single precision
// (to about 1e-6), or, when that underflows (very low temperatures, huge score ranges), exactly
// in log space. num_tags must be at most 31 (kMaxTypes).
void Marginals(std::span<const float> emissions, size_t n, std::span<const float> transitions,
               int num_tags, float temperature, std::vector<double>* marginals);

}  // namespace newsgraph::extract::tagger

#endif  // NEWSGRAPH_SERVICES_EXTRACT_TAGGER_DECODER_H_
