// Training on small synthetic corpora and tagging with the result: the perceptron must learn them,
// generalize to unseen names through shape and context, and use knowledge-base evidence.
#include "services/extract/tagger/tagger.h"

#include <cmath>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/extract/tagger/trainer.h"

namespace newsgraph::extract::tagger {
namespace {

using ::testing::ElementsAre;

const std::vector<std::string> kFirstNames = {"Olena",  "Taras",  "Maria",  "Petro", "Iryna",
                                              "Bohdan", "Oksana", "Andriy", "Sofia", "Yurii"};
const std::vector<std::string> kSurnames = {"Shevchenko", "Kovalenko", "Bondarenko", "Tkachenko",
                                            "Kravets",    "Melnyk",    "Boyko",      "Lysenko"};
const std::vector<std::string> kCities = {"Kyiv",   "Lviv",    "Odesa",     "Kharkiv",
                                          "Dnipro", "Poltava", "Chernihiv", "Uzhhorod"};
const std::vector<std::string> kOrgs = {"Naftogaz", "Ukrenergo",  "Ukrposhta",
                                        "Antonov",  "Privatbank", "Roshen"};
const std::vector<std::string> kFiller = {"yesterday", "today", "again", "briefly", "quietly"};

// Builds "… NAME …" sentences from templates; names are drawn from the given lists.
class Generator {
 public:
  Generator(uint32_t seed, std::vector<std::string> first, std::vector<std::string> last,
            std::vector<std::string> cities, std::vector<std::string> orgs)
      : rng_(seed),
        first_(std::move(first)),
        last_(std::move(last)),
        cities_(std::move(cities)),
        orgs_(std::move(orgs)) {}

  LabeledSentence Next() {
    LabeledSentence s;
    auto word = [&s](const std::string& w) { s.words.push_back(w); };
    auto span = [&s](const std::string& type, size_t n) {
      s.spans.push_back(LabeledSpan{s.words.size() - n, s.words.size() - 1, type, ""});
    };
    switch (rng_() % 3) {
      case 0:
        word(Pick(first_));
        word(Pick(last_));
        span("PER", 2);
        word("visited");
        word(Pick(cities_));
        span("LOC", 1);
        word(Pick(kFiller));
        break;
      case 1:
        word("the");
        word("office");
        word("of");
        word(Pick(orgs_));
        span("ORG", 1);
        word("in");
        word(Pick(cities_));
        span("LOC", 1);
        word("closed");
        break;
      default:
        word(Pick(kFiller));
        word("mayor");
        word(Pick(last_));
        span("PER", 1);
        word("said");
        word("that");
        word(Pick(orgs_));
        span("ORG", 1);
        word("pays");
        break;
    }
    word(".");
    return s;
  }

 private:
  const std::string& Pick(const std::vector<std::string>& v) { return v[rng_() % v.size()]; }
  std::mt19937 rng_;
  std::vector<std::string> first_, last_, cities_, orgs_;
};

std::vector<std::string_view> View(const LabeledSentence& s) {
  return std::vector<std::string_view>(s.words.begin(), s.words.end());
}

std::vector<LabeledSpan> Predict(const Tagger& tagger, const LabeledSentence& s,
                                 const GazetteerFeatures* gazetteer) {
  std::vector<LabeledSpan> out;
  for (const TaggedSpan& span : tagger.Tag(View(s), gazetteer)) {
    out.push_back(LabeledSpan{span.first_token, span.last_token,
                              tagger.types()[static_cast<size_t>(span.type)], ""});
  }
  return out;
}

absl::StatusOr<Tagger> Train(const std::vector<LabeledSentence>& data,
                             const GazetteerFeatures* gazetteer, int epochs,
                             size_t max_file_bytes = 0) {
  TrainerOptions options;
  options.hash_bits = 16;
  auto trainer = PerceptronTrainer::Create({"PER", "ORG", "LOC"}, options);
  if (!trainer.ok()) return trainer.status();
  for (const LabeledSentence& s : data) {
    if (absl::Status st = trainer->Add(s, gazetteer); !st.ok()) return st;
  }
  for (int e = 0; e < epochs; ++e) trainer->RunEpoch();
  ExportOptions export_options;
  export_options.max_file_bytes = max_file_bytes;
  auto model = trainer->Export(export_options);
  if (!model.ok()) return model.status();
  return Tagger::FromModel(*std::move(model));
}

TEST(TaggerTest, LearnsASyntheticCorpusAndGeneralizesToUnseenNames) {
  Generator train_gen(1, kFirstNames, kSurnames, kCities, kOrgs);
  std::vector<LabeledSentence> train;
  for (int i = 0; i < 400; ++i) train.push_back(train_gen.Next());
  auto tagger = Train(train, nullptr, 6);
  ASSERT_TRUE(tagger.ok()) << tagger.status();
  EXPECT_THAT(tagger->types(), ElementsAre("PER", "ORG", "LOC"));

  // Names never seen in training, in the learned contexts.
  Generator test_gen(2, {"Zoryana", "Ostap"}, {"Hnatyuk", "Zadorozhny"}, {"Ternopil", "Sumy"},
                     {"Ukrzaliznytsia", "Metinvest"});
  size_t correct = 0, total = 0;
  for (int i = 0; i < 60; ++i) {
    const LabeledSentence s = test_gen.Next();
    const auto predicted = Predict(*tagger, s, nullptr);
    total += s.spans.size();
    for (const LabeledSpan& gold : s.spans) {
      correct += std::count(predicted.begin(), predicted.end(), gold);
    }
    EXPECT_EQ(predicted.size(), s.spans.size()) << i;
  }
  EXPECT_GE(static_cast<double>(correct) / total, 0.95) << correct << " of " << total;
}

TEST(TaggerTest, TrainingErrorsFallToZero) {
  Generator gen(3, kFirstNames, kSurnames, kCities, kOrgs);
  TrainerOptions options;
  options.hash_bits = 16;
  auto trainer = PerceptronTrainer::Create({"PER", "ORG", "LOC"}, options);
  ASSERT_TRUE(trainer.ok());
  for (int i = 0; i < 200; ++i) ASSERT_TRUE(trainer->Add(gen.Next(), nullptr).ok());
  EXPECT_EQ(trainer->sentence_count(), 200u);
  const EpochStats first = trainer->RunEpoch();
  EXPECT_GT(first.token_errors, 0u);
  EpochStats last;
  for (int e = 0; e < 5; ++e) last = trainer->RunEpoch();
  EXPECT_EQ(last.epoch, 6);
  EXPECT_EQ(last.token_errors, 0u);
}

TEST(TaggerTest, UsesKnowledgeBaseEvidence) {
  // "Xxx spoke about Yyy ." — whether Yyy is a PER or a LOC is only in the gazetteer.
  std::mt19937 rng(5);
  KbGazetteer kb;
  std::vector<LabeledSentence> train;
  auto make = [](const std::string& name, const std::string& type) {
    LabeledSentence s;
    s.words = {"everyone", "spoke", "about", name, "."};
    s.spans = {LabeledSpan{3, 3, type, ""}};
    return s;
  };
  for (int i = 0; i < 60; ++i) {
    const std::string name =
        "Name" + std::string(1, static_cast<char>('a' + i % 26)) + std::to_string(i);
    const bool person = rng() % 2 == 0;
    ASSERT_TRUE(kb.AddName(name, person ? GazetteerType::kPer : GazetteerType::kLoc).ok());
    train.push_back(make(name, person ? "PER" : "LOC"));
  }
  auto tagger = Train(train, &kb, 8);
  ASSERT_TRUE(tagger.ok());
  ASSERT_TRUE(kb.AddName("Qwerty", GazetteerType::kPer).ok());
  ASSERT_TRUE(kb.AddName("Asdfgh", GazetteerType::kLoc).ok());
  EXPECT_THAT(Predict(*tagger, make("Qwerty", "PER"), &kb),
              ElementsAre(LabeledSpan{3, 3, "PER", ""}));
  EXPECT_THAT(Predict(*tagger, make("Asdfgh", "LOC"), &kb),
              ElementsAre(LabeledSpan{3, 3, "LOC", ""}));
}

TEST(TaggerTest, SavedModelTagsTheSame) {
  Generator gen(4, kFirstNames, kSurnames, kCities, kOrgs);
  std::vector<LabeledSentence> train;
  for (int i = 0; i < 200; ++i) train.push_back(gen.Next());
  auto tagger = Train(train, nullptr, 3);
  ASSERT_TRUE(tagger.ok());
  auto loaded = Tagger::LoadBytes(SerializeModel(tagger->model()));
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  for (int i = 0; i < 20; ++i) {
    const LabeledSentence s = gen.Next();
    EXPECT_EQ(tagger->TagIds(View(s), nullptr), loaded->TagIds(View(s), nullptr));
  }
  auto corrupt = Tagger::LoadBytes("NGTAGGER garbage");
  EXPECT_EQ(corrupt.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(TaggerTest, SizeLimitedExportStillFits) {
  Generator gen(6, kFirstNames, kSurnames, kCities, kOrgs);
  std::vector<LabeledSentence> train;
  for (int i = 0; i < 200; ++i) train.push_back(gen.Next());
  auto full = Train(train, nullptr, 3);
  ASSERT_TRUE(full.ok());
  const size_t full_size = SerializeModel(full->model()).size();
  auto small = Train(train, nullptr, 3, full_size / 2);
  ASSERT_TRUE(small.ok()) << small.status();
  EXPECT_LE(SerializeModel(small->model()).size(), full_size / 2);
  EXPECT_FALSE(Train(train, nullptr, 3, 10).ok());  // not even the header fits
}

TEST(TaggerTest, ConfidencesAndTemperature) {
  Generator gen(8, kFirstNames, kSurnames, kCities, kOrgs);
  std::vector<LabeledSentence> train;
  for (int i = 0; i < 300; ++i) train.push_back(gen.Next());
  auto tagger = Train(train, nullptr, 4);
  ASSERT_TRUE(tagger.ok());
  auto temperature = FitTemperature(*tagger, train, nullptr, 100);
  ASSERT_TRUE(temperature.ok());
  EXPECT_GT(*temperature, 0);
  // The fitted temperature explains the gold tags at least as well as the scores taken as they
  // are (T = 1), and the loss is a real number at both.
  auto nll = [&](float t) {
    double total = 0;
    for (int i = 0; i < 100; ++i) {
      auto gold = SpansToTags(train[i].words.size(), train[i].spans, tagger->types());
      EXPECT_TRUE(gold.ok());
      const std::vector<double> m = tagger->TagMarginals(View(train[i]), nullptr, t);
      for (size_t j = 0; j < gold->size(); ++j) total -= std::log(m[j * 7 + (*gold)[j]]);
    }
    return total;
  };
  EXPECT_TRUE(std::isfinite(nll(*temperature)));
  EXPECT_LE(nll(*temperature), nll(1.0f) + 1e-9);
  const LabeledSentence s = gen.Next();
  const auto spans = tagger->Tag(View(s), nullptr);
  ASSERT_FALSE(spans.empty());
  for (const TaggedSpan& span : spans) {
    EXPECT_GT(span.confidence, 0.5f);
    EXPECT_LE(span.confidence, 1.0f);
  }
  for (const TaggedSpan& span : tagger->Tag(View(s), nullptr, {.confidence = false})) {
    EXPECT_EQ(span.confidence, 0.0f);
  }
  const std::vector<double> m = tagger->TagMarginals(View(s), nullptr, 1.0f);
  ASSERT_EQ(m.size(), s.words.size() * 7);
  for (size_t i = 0; i < s.words.size(); ++i) {
    double sum = 0;
    for (size_t k = 0; k < 7; ++k) sum += m[i * 7 + k];
    EXPECT_NEAR(sum, 1.0, 1e-5);
  }
  EXPECT_FALSE(FitTemperature(*tagger, {}, nullptr).ok());
}

TEST(TaggerTest, TagTextGivesByteOffsets) {
  Generator gen(9, kFirstNames, kSurnames, kCities, kOrgs);
  std::vector<LabeledSentence> train;
  for (int i = 0; i < 400; ++i) train.push_back(gen.Next());
  auto tagger = Train(train, nullptr, 5);
  ASSERT_TRUE(tagger.ok());
  const std::string text = "Olena Melnyk visited Kyiv today.\nthe office of Roshen in Lviv closed.";
  auto spans = tagger->TagText(text, nullptr);
  ASSERT_TRUE(spans.ok());
  std::vector<std::string> found;
  for (const TextSpan& s : *spans) {
    found.push_back(text.substr(s.begin, s.end - s.begin) + "/" +
                    tagger->types()[static_cast<size_t>(s.type)]);
  }
  EXPECT_THAT(found, ElementsAre("Olena Melnyk/PER", "Kyiv/LOC", "Roshen/ORG", "Lviv/LOC"));
  EXPECT_FALSE(tagger->TagText("bad \xFF", nullptr).ok());
  EXPECT_TRUE(tagger->Tag({}, nullptr).empty());
}

TEST(TaggerTest, ConcurrentTaggingMatchesSequential) {
  Generator gen(10, kFirstNames, kSurnames, kCities, kOrgs);
  std::vector<LabeledSentence> data;
  for (int i = 0; i < 200; ++i) data.push_back(gen.Next());
  KbGazetteer kb;
  ASSERT_TRUE(kb.AddName("Kyiv", GazetteerType::kLoc).ok());
  auto tagger = Train(data, &kb, 3);
  ASSERT_TRUE(tagger.ok());
  std::vector<std::vector<int>> expected;
  for (const LabeledSentence& s : data) expected.push_back(tagger->TagIds(View(s), &kb));
  std::vector<std::thread> threads;
  std::vector<int> mismatches(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int round = 0; round < 5; ++round) {
        for (size_t i = 0; i < data.size(); ++i) {
          if (tagger->TagIds(View(data[i]), &kb) != expected[i]) ++mismatches[t];
        }
      }
    });
  }
  for (std::thread& t : threads) t.join();
  EXPECT_THAT(mismatches, ElementsAre(0, 0, 0, 0));
}

TEST(TrainerTest, RejectsBadSetup) {
  EXPECT_FALSE(PerceptronTrainer::Create({}, {}).ok());
  EXPECT_FALSE(PerceptronTrainer::Create({"PER", "PER"}, {}).ok());
  TrainerOptions options;
  options.hash_bits = 5;
  EXPECT_FALSE(PerceptronTrainer::Create({"PER"}, options).ok());
  auto trainer = PerceptronTrainer::Create({"PER"}, {.hash_bits = 12});
  ASSERT_TRUE(trainer.ok());
  LabeledSentence s;
  s.words = {"a", "b"};
  s.spans = {LabeledSpan{0, 0, "LOC", ""}};
  EXPECT_FALSE(trainer->Add(s, nullptr).ok());
  EXPECT_EQ(trainer->Export({}).status().code(), absl::StatusCode::kFailedPrecondition);
}

}  // namespace
}  // namespace newsgraph::extract::tagger
