#include "services/extract/tagger/decoder.h"

#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/extract/tagger/model.h"
#include "services/extract/tagger/tags.h"

namespace newsgraph::extract::tagger {
namespace {

using ::testing::ElementsAre;

// Every tag sequence of length n over k tags that the BIO constraints allow, with its score.
struct Path {
  std::vector<int> tags;
  double score;
};

std::vector<Path> AllPaths(const std::vector<float>& emissions, size_t n,
                           const std::vector<float>& transitions, int k) {
  std::vector<Path> paths;
  std::vector<int> tags(n, 0);
  while (true) {
    bool allowed = true;
    double score = 0;
    for (size_t i = 0; i < n && allowed; ++i) {
      const int from = i == 0 ? k : tags[i - 1];
      allowed = TransitionAllowed(from, tags[i], k);
      score += transitions[from * k + tags[i]] + emissions[i * k + tags[i]];
    }
    if (allowed) paths.push_back({tags, score});
    size_t i = 0;
    while (i < n && ++tags[i] == k) tags[i++] = 0;
    if (i == n) break;
  }
  return paths;
}

TEST(DecoderTest, TransitionConstraints) {
  const int k = 5;  // O, B-A, I-A, B-B, I-B
  EXPECT_TRUE(TransitionAllowed(k, 0, k));
  EXPECT_TRUE(TransitionAllowed(k, 1, k));
  EXPECT_FALSE(TransitionAllowed(k, 2, k));  // I-A at the start
  EXPECT_FALSE(TransitionAllowed(0, 2, k));  // O → I-A
  EXPECT_TRUE(TransitionAllowed(1, 2, k));   // B-A → I-A
  EXPECT_TRUE(TransitionAllowed(2, 2, k));   // I-A → I-A
  EXPECT_FALSE(TransitionAllowed(1, 4, k));  // B-A → I-B
  EXPECT_TRUE(TransitionAllowed(2, 3, k));   // I-A → B-B
}

TEST(DecoderTest, ViterbiOnAToyModel) {
  // Three tokens, tags O B-A I-A. The emissions alone prefer I-A on the first token, which is
  // not allowed; the transitions make B-A → I-A attractive.
  const int k = 3;
  const std::vector<float> emissions = {0, 1, 2,   // token 0
                                        1, 0, 0,   // token 1
                                        0, 0, 0};  // token 2
  std::vector<float> transitions((k + 1) * k, 0.0f);
  transitions[1 * k + 2] = 2.0f;  // B-A → I-A
  transitions[2 * k + 2] = 0.5f;  // I-A → I-A
  std::vector<int> tags(3);
  Viterbi(emissions, 3, transitions, k, tags);
  // B-A I-A I-A scores 1 + (2 + 0) + (0.5 + 0) = 3.5; B-A I-A O 3; B-A O O 2; O O O 1.
  EXPECT_THAT(tags, ElementsAre(1, 2, 2));
}

TEST(DecoderTest, ViterbiMatchesBruteForce) {
  std::mt19937 rng(7);
  std::uniform_real_distribution<float> u(-3, 3);
  for (int trial = 0; trial < 50; ++trial) {
    const int k = 5;
    const size_t n = 1 + trial % 5;
    std::vector<float> emissions(n * k), transitions((k + 1) * k);
    for (float& e : emissions) e = u(rng);
    for (float& t : transitions) t = u(rng);
    std::vector<int> tags(n);
    Viterbi(emissions, n, transitions, k, tags);
    const auto paths = AllPaths(emissions, n, transitions, k);
    const Path* best = &paths[0];
    for (const Path& p : paths) {
      if (p.score > best->score) best = &p;
    }
    EXPECT_EQ(tags, best->tags) << "trial " << trial;
  }
}

TEST(DecoderTest, MarginalsMatchBruteForce) {
  std::mt19937 rng(11);
  std::uniform_real_distribution<float> u(-2, 2);
  const int k = 5;
  const size_t n = 4;
  std::vector<float> emissions(n * k), transitions((k + 1) * k);
  for (float& e : emissions) e = u(rng);
  for (float& t : transitions) t = u(rng);
  const float temperature = 1.5f;
  std::vector<double> marginals;
  Marginals(emissions, n, transitions, k, temperature, &marginals);
  std::vector<double> expected(n * k, 0.0);
  double z = 0;
  for (const Path& p : AllPaths(emissions, n, transitions, k)) {
    const double w = std::exp(p.score / temperature);
    z += w;
    for (size_t i = 0; i < n; ++i) expected[i * k + p.tags[i]] += w;
  }
  for (size_t i = 0; i < n * k; ++i) EXPECT_NEAR(marginals[i], expected[i] / z, 1e-5) << i;
  // Disallowed: I-X at the start.
  EXPECT_EQ(marginals[2], 0.0);
  EXPECT_EQ(marginals[4], 0.0);
}

// Large scores at a low temperature underflow the scaled computation (every exp(score / T) but
// the best one is 0 in float, and some allowed paths need a disallowed maximum); the exact
// log-space fallback must still give the right distribution, never NaN, inf or a uniform guess.
TEST(DecoderTest, MarginalsStayExactWhenScaledValuesUnderflow) {
  std::mt19937 rng(13);
  std::uniform_real_distribution<float> u(-3000, 3000);
  const int k = 5;
  const size_t n = 5;
  for (float temperature : {0.004f, 0.25f, 1.0f, 30.0f}) {
    std::vector<float> emissions(n * k), transitions((k + 1) * k);
    for (float& e : emissions) e = u(rng);
    for (float& t : transitions) t = u(rng);
    emissions[2] = 1e4f;  // I-A at the start: the largest emission, but not allowed
    std::vector<double> marginals;
    Marginals(emissions, n, transitions, k, temperature, &marginals);
    const std::vector<Path> paths = AllPaths(emissions, n, transitions, k);
    double best = -std::numeric_limits<double>::infinity();
    for (const Path& p : paths) best = std::max(best, p.score);
    std::vector<double> expected(n * k, 0.0);
    double z = 0;
    for (const Path& p : paths) {
      const double w = std::exp((p.score - best) / temperature);
      z += w;
      for (size_t i = 0; i < n; ++i) expected[i * k + p.tags[i]] += w;
    }
    for (size_t i = 0; i < n * k; ++i) {
      ASSERT_TRUE(std::isfinite(marginals[i])) << "T " << temperature << " " << i;
      EXPECT_NEAR(marginals[i], expected[i] / z, 1e-5) << "T " << temperature << " " << i;
    }
  }
}

TEST(DecoderTest, QuantizedAndFloatEmissionsAgree) {
  const int k = 3;
  const std::vector<uint32_t> rows = {0, 2, 1, 2};
  const std::vector<uint32_t> offsets = {0, 2, 4};
  const std::vector<int16_t> q = {1, 2, 3, 4, 5, 6, -1, -2, -3};
  std::vector<float> f(q.begin(), q.end());
  for (float& x : f) x *= 0.5f;
  std::vector<float> a, b;
  ComputeEmissions(rows.data(), offsets, q.data(), 0.5f, k, &a);
  ComputeEmissions(rows.data(), offsets, f.data(), k, &b);
  EXPECT_THAT(a, ElementsAre(0, 0, 0, 1.5f, 1.5f, 1.5f));
  EXPECT_EQ(a, b);
}

TEST(TagsTest, SpansToTagsAndBack) {
  const std::vector<std::string> types = {"PER", "LOC"};
  const std::vector<LabeledSpan> spans = {{0, 1, "PER", ""}, {3, 3, "LOC", ""}, {4, 4, "LOC", ""}};
  auto tags = SpansToTags(5, spans, types);
  ASSERT_TRUE(tags.ok());
  EXPECT_THAT(*tags, ElementsAre(1, 2, 0, 3, 3));
  EXPECT_THAT(TagsToSpans(*tags),
              ElementsAre(TypedSpan{0, 1, 0}, TypedSpan{3, 3, 1}, TypedSpan{4, 4, 1}));
  // IOB1-style I- after O or another type starts a span.
  const std::vector<int> loose = {2, 2, 4, 0, 4};
  EXPECT_THAT(TagsToSpans(loose),
              ElementsAre(TypedSpan{0, 1, 0}, TypedSpan{2, 2, 1}, TypedSpan{4, 4, 1}));
}

TEST(TagsTest, SpansToTagsRejectsBadSpans) {
  const std::vector<std::string> types = {"PER"};
  EXPECT_FALSE(SpansToTags(3, std::vector<LabeledSpan>{{0, 0, "ORG", ""}}, types).ok());
  EXPECT_FALSE(SpansToTags(3, std::vector<LabeledSpan>{{2, 3, "PER", ""}}, types).ok());
  EXPECT_FALSE(SpansToTags(3, std::vector<LabeledSpan>{{2, 1, "PER", ""}}, types).ok());
  EXPECT_FALSE(
      SpansToTags(3, std::vector<LabeledSpan>{{0, 1, "PER", ""}, {1, 2, "PER", ""}}, types).ok());
}

}  // namespace
}  // namespace newsgraph::extract::tagger
