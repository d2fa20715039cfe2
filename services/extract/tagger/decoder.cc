#include "services/extract/tagger/decoder.h"

#include <algorithm>
#include <cmath>
#include <limits>

#ifdef __SSE2__
#include <emmintrin.h>
#endif

namespace newsgraph::extract::tagger {
namespace {

constexpr float kNegativeInfinity = -std::numeric_limits<float>::infinity();

// The tag count is a compile-time constant for the common models (4 types: 9 tags), so that the
// per-row accumulation unrolls and vectorizes; other counts take the generic path.
template <int K>
void EmissionsFixed(const uint32_t* rows, std::span<const uint32_t> offsets, const int16_t* weights,
                    float scale, float* out) {
  const size_t n = offsets.size() - 1;
  for (size_t i = 0; i < n; ++i) {
    int32_t sum[K] = {};
    for (uint32_t f = offsets[i]; f < offsets[i + 1]; ++f) {
      const int16_t* w = weights + static_cast<size_t>(rows[f]) * K;
      for (int k = 0; k < K; ++k) sum[k] += w[k];
    }
    for (int k = 0; k < K; ++k) out[i * K + k] = static_cast<float>(sum[k]) * scale;
  }
}

void EmissionsGeneric(const uint32_t* rows, std::span<const uint32_t> offsets,
                      const int16_t* weights, float scale, int num_tags, float* out) {
  const size_t n = offsets.size() - 1;
  const auto k_count = static_cast<size_t>(num_tags);
  std::vector<int32_t> sum(k_count);
  for (size_t i = 0; i < n; ++i) {
    std::fill(sum.begin(), sum.end(), 0);
    for (uint32_t f = offsets[i]; f < offsets[i + 1]; ++f) {
      const int16_t* w = weights + static_cast<size_t>(rows[f]) * k_count;
      for (size_t k = 0; k < k_count; ++k) sum[k] += w[k];
    }
    for (size_t k = 0; k < k_count; ++k) out[i * k_count + k] = static_cast<float>(sum[k]) * scale;
  }
}

#ifdef __SSE2__
// Nine tags (four types) with SSE2, which every x86-64 has: weights 0-7 of a row in one 16-byte
// load, sign-extended to two int32 lanes of four, weight 8 separately.
void Emissions9Sse2(const uint32_t* rows, std::span<const uint32_t> offsets, const int16_t* weights,
                    float scale, float* out) {
  const size_t n = offsets.size() - 1;
  for (size_t i = 0; i < n; ++i) {
    __m128i low = _mm_setzero_si128();
    __m128i high = _mm_setzero_si128();
    int32_t last = 0;
    for (uint32_t f = offsets[i]; f < offsets[i + 1]; ++f) {
      const int16_t* w = weights + static_cast<size_t>(rows[f]) * 9;
      const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(w));
      low = _mm_add_epi32(low, _mm_srai_epi32(_mm_unpacklo_epi16(x, x), 16));
      high = _mm_add_epi32(high, _mm_srai_epi32(_mm_unpackhi_epi16(x, x), 16));
      last += w[8];
    }
    const __m128 s = _mm_set1_ps(scale);
    _mm_storeu_ps(out + i * 9, _mm_mul_ps(_mm_cvtepi32_ps(low), s));
    _mm_storeu_ps(out + i * 9 + 4, _mm_mul_ps(_mm_cvtepi32_ps(high), s));
    out[i * 9 + 8] = static_cast<float>(last) * scale;
  }
}
#endif

}  // namespace

void ComputeEmissions(const uint32_t* rows, std::span<const uint32_t> offsets,
                      const int16_t* weights, float scale, int num_tags, std::vector<float>* out) {
  out->clear();
  if (offsets.size() < 2) return;
  out->resize((offsets.size() - 1) * static_cast<size_t>(num_tags));
  if (num_tags == 9) {
#ifdef __SSE2__
    Emissions9Sse2(rows, offsets, weights, scale, out->data());
#else
    EmissionsFixed<9>(rows, offsets, weights, scale, out->data());
#endif
  } else {
    EmissionsGeneric(rows, offsets, weights, scale, num_tags, out->data());
  }
}

void ComputeEmissions(const uint32_t* rows, std::span<const uint32_t> offsets, const float* weights,
                      int num_tags, std::vector<float>* out) {
  out->clear();
  if (offsets.size() < 2) return;
  const size_t n = offsets.size() - 1;
  const auto k_count = static_cast<size_t>(num_tags);
  out->assign(n * k_count, 0.0f);
  for (size_t i = 0; i < n; ++i) {
    float* o = out->data() + i * k_count;
    for (uint32_t f = offsets[i]; f < offsets[i + 1]; ++f) {
      const float* w = weights + static_cast<size_t>(rows[f]) * k_count;
      for (size_t k = 0; k < k_count; ++k) o[k] += w[k];
    }
  }
}

void Viterbi(std::span<const float> emissions, size_t n, std::span<const float> transitions,
             int num_tags, std::span<int> tags) {
  if (n == 0) return;
  const auto k_count = static_cast<size_t>(num_tags);
  thread_local std::vector<float> previous, current;
  thread_local std::vector<uint8_t> back;
  previous.assign(k_count, kNegativeInfinity);
  current.assign(k_count, kNegativeInfinity);
  back.resize(n * k_count);
  // Transitions with the forbidden ones at -inf, so the inner loop has no branch on them.
  thread_local std::vector<float> masked;
  masked.assign(transitions.begin(), transitions.end());
  for (size_t j = 0; j <= k_count; ++j) {
    for (size_t k = 0; k < k_count; ++k) {
      if (!TransitionAllowed(static_cast<int>(j), static_cast<int>(k), num_tags)) {
        masked[j * k_count + k] = kNegativeInfinity;
      }
    }
  }
  const float* start = masked.data() + k_count * k_count;
  for (size_t k = 0; k < k_count; ++k) previous[k] = start[k] + emissions[k];
  for (size_t i = 1; i < n; ++i) {
    for (size_t k = 0; k < k_count; ++k) {
      float best = kNegativeInfinity;
      size_t best_from = 0;
      for (size_t j = 0; j < k_count; ++j) {
        const float score = previous[j] + masked[j * k_count + k];
        if (score > best) {
          best = score;
          best_from = j;
        }
      }
      current[k] = best + emissions[i * k_count + k];
      back[i * k_count + k] = static_cast<uint8_t>(best_from);
    }
    std::swap(previous, current);
  }
  size_t best = 0;
  for (size_t k = 1; k < k_count; ++k) {
    if (previous[k] > previous[best]) best = k;
  }
  for (size_t i = n; i-- > 0;) {
    tags[i] = static_cast<int>(best);
    if (i > 0) best = back[i * k_count + best];
  }
}

namespace {

double LogSumExp(const double* v, size_t count) {
  double m = -std::numeric_limits<double>::infinity();
  for (size_t k = 0; k < count; ++k) m = std::max(m, v[k]);
  if (m == -std::numeric_limits<double>::infinity()) return m;
  double sum = 0;
  for (size_t k = 0; k < count; ++k) sum += std::exp(v[k] - m);
  return m + std::log(sum);
}

// Exact forward-backward in log space (double precision). About ten times slower than the scaled
// version below, so it only runs when that one underflows: at a low temperature, or with scores
// whose range exceeds float's exponent, the scaled products can all become zero (or a sum so
// small that normalizing overflows) even though the distribution is well defined.
void LogSpaceMarginals(std::span<const float> emissions, size_t n,
                       std::span<const float> transitions, int num_tags, float temperature,
                       std::vector<double>* marginals) {
  const auto k_count = static_cast<size_t>(num_tags);
  constexpr double kNone = -std::numeric_limits<double>::infinity();
  const double inv_t = 1.0 / static_cast<double>(temperature);
  std::vector<double> trans((k_count + 1) * k_count, kNone);
  for (size_t j = 0; j <= k_count; ++j) {
    for (size_t k = 0; k < k_count; ++k) {
      if (TransitionAllowed(static_cast<int>(j), static_cast<int>(k), num_tags)) {
        trans[j * k_count + k] = static_cast<double>(transitions[j * k_count + k]) * inv_t;
      }
    }
  }
  auto emit = [&](size_t i, size_t k) {
    return static_cast<double>(emissions[i * k_count + k]) * inv_t;
  };
  std::vector<double> alpha(n * k_count), beta(n * k_count, 0.0), terms(k_count);
  for (size_t k = 0; k < k_count; ++k) alpha[k] = trans[k_count * k_count + k] + emit(0, k);
  for (size_t i = 1; i < n; ++i) {
    for (size_t k = 0; k < k_count; ++k) {
      for (size_t j = 0; j < k_count; ++j) {
        terms[j] = alpha[(i - 1) * k_count + j] + trans[j * k_count + k];
      }
      alpha[i * k_count + k] = LogSumExp(terms.data(), k_count) + emit(i, k);
    }
  }
  for (size_t i = n - 1; i-- > 0;) {
    for (size_t j = 0; j < k_count; ++j) {
      for (size_t k = 0; k < k_count; ++k) {
        terms[k] = trans[j * k_count + k] + emit(i + 1, k) + beta[(i + 1) * k_count + k];
      }
      beta[i * k_count + j] = LogSumExp(terms.data(), k_count);
    }
  }
  for (size_t i = 0; i < n; ++i) {
    for (size_t k = 0; k < k_count; ++k) {
      terms[k] = alpha[i * k_count + k] + beta[i * k_count + k];
    }
    const double z = LogSumExp(terms.data(), k_count);
    for (size_t k = 0; k < k_count; ++k) {
      (*marginals)[i * k_count + k] = terms[k] == kNone ? 0.0 : std::exp(terms[k] - z);
    }
  }
}

}  // namespace

void Marginals(std::span<const float> emissions, size_t n, std::span<const float> transitions,
               int num_tags, float temperature, std::vector<double>* marginals) {
  const auto k_count = static_cast<size_t>(num_tags);
  marginals->assign(n * k_count, 0.0);
  if (n == 0) return;
  // Single precision is enough: every step is renormalized, so values stay in [0, 1].
  const float inv_t = 1.0f / temperature;
  // exp of the transition scores, shifted by their maximum (the shift cancels on normalization).
  // Models call this with the same table again and again, so each thread keeps the last one.
  thread_local std::vector<float> trans, last_transitions, emit, alpha, beta;
  thread_local float last_temperature = 0;
  if (last_temperature != temperature ||
      !std::equal(transitions.begin(), transitions.end(), last_transitions.begin(),
                  last_transitions.end())) {
    last_transitions.assign(transitions.begin(), transitions.end());
    last_temperature = temperature;
    trans.assign((k_count + 1) * k_count, 0.0f);
    const float max_transition = *std::max_element(transitions.begin(), transitions.end());
    for (size_t j = 0; j <= k_count; ++j) {
      for (size_t k = 0; k < k_count; ++k) {
        if (TransitionAllowed(static_cast<int>(j), static_cast<int>(k), num_tags)) {
          trans[j * k_count + k] =
              std::exp((transitions[j * k_count + k] - max_transition) * inv_t);
        }
      }
    }
  }
  emit.resize(n * k_count);
  for (size_t i = 0; i < n; ++i) {
    const float* e = emissions.data() + i * k_count;
    const float m = *std::max_element(e, e + k_count);
    for (size_t k = 0; k < k_count; ++k) emit[i * k_count + k] = std::exp((e[k] - m) * inv_t);
  }
  // A sum below float's normal range means the scaled values lost their precision (or all
  // underflowed); the log-space version then takes over.
  bool degenerate = false;
  auto normalize = [k_count, &degenerate](float* v) {
    float sum = 0;
    for (size_t k = 0; k < k_count; ++k) sum += v[k];
    if (!(sum >= std::numeric_limits<float>::min()) || !std::isfinite(sum)) {
      degenerate = true;
      return;
    }
    const float inv = 1.0f / sum;
    for (size_t k = 0; k < k_count; ++k) v[k] *= inv;
  };
  alpha.assign(n * k_count, 0.0f);
  beta.assign(n * k_count, 0.0f);
  for (size_t k = 0; k < k_count; ++k) alpha[k] = trans[k_count * k_count + k] * emit[k];
  normalize(alpha.data());
  for (size_t i = 1; i < n && !degenerate; ++i) {
    const float* previous = alpha.data() + (i - 1) * k_count;
    float* current = alpha.data() + i * k_count;
    for (size_t j = 0; j < k_count; ++j) {
      const float a = previous[j];
      const float* t = trans.data() + j * k_count;
      for (size_t k = 0; k < k_count; ++k) current[k] += a * t[k];
    }
    for (size_t k = 0; k < k_count; ++k) current[k] *= emit[i * k_count + k];
    normalize(current);
  }
  for (size_t k = 0; k < k_count; ++k) beta[(n - 1) * k_count + k] = 1.0f;
  float next[32];
  for (size_t i = n - 1; i-- > 0 && !degenerate;) {
    for (size_t k = 0; k < k_count; ++k) {
      next[k] = emit[(i + 1) * k_count + k] * beta[(i + 1) * k_count + k];
    }
    float* current = beta.data() + i * k_count;
    for (size_t j = 0; j < k_count; ++j) {
      const float* t = trans.data() + j * k_count;
      float sum = 0;
      for (size_t k = 0; k < k_count; ++k) sum += t[k] * next[k];
      current[j] = sum;
    }
    normalize(current);
  }
  for (size_t i = 0; i < n && !degenerate; ++i) {
    float m[32];
    for (size_t k = 0; k < k_count; ++k) m[k] = alpha[i * k_count + k] * beta[i * k_count + k];
    normalize(m);
    for (size_t k = 0; k < k_count; ++k) (*marginals)[i * k_count + k] = m[k];
  }
  if (degenerate) LogSpaceMarginals(emissions, n, transitions, num_tags, temperature, marginals);
}

}  // namespace newsgraph::extract::tagger
