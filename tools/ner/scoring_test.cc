#include "tools/ner/scoring.h"

#include <map>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tools/ner/args.h"

namespace newsgraph::tools::ner {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

TEST(SpanScoresTest, ConllExactMatchByHand) {
  SpanScores scores;
  // Sentence 1: gold PER 0-1, LOC 4; predicted PER 0-1 (correct), LOC 4-5 (wrong boundary).
  scores.AddSentence({{0, 1, "PER", ""}, {4, 4, "LOC", ""}},
                     {{0, 1, "PER", ""}, {4, 5, "LOC", ""}});
  // Sentence 2: gold ORG 2-3; predicted LOC 2-3 (wrong type) and PER 7 (spurious).
  scores.AddSentence({{2, 3, "ORG", ""}}, {{2, 3, "LOC", ""}, {7, 7, "PER", ""}});
  // Sentence 3: gold MISC 0, predicted MISC 0 (correct), duplicate prediction counted once.
  scores.AddSentence({{0, 0, "MISC", ""}}, {{0, 0, "MISC", ""}, {0, 0, "MISC", ""}});

  const Counts per = scores.by_type.at("PER");
  EXPECT_EQ(per.gold, 1u);
  EXPECT_EQ(per.predicted, 2u);
  EXPECT_EQ(per.correct, 1u);
  EXPECT_DOUBLE_EQ(per.precision(), 0.5);
  EXPECT_DOUBLE_EQ(per.recall(), 1.0);
  EXPECT_DOUBLE_EQ(per.f1(), 2.0 / 3.0);
  const Counts loc = scores.by_type.at("LOC");
  EXPECT_EQ(loc.gold, 1u);
  EXPECT_EQ(loc.predicted, 2u);
  EXPECT_EQ(loc.correct, 0u);
  EXPECT_DOUBLE_EQ(loc.f1(), 0.0);
  const Counts org = scores.by_type.at("ORG");
  EXPECT_EQ(org.predicted, 0u);
  EXPECT_DOUBLE_EQ(org.precision(), 0.0);

  // Overall: gold 4, predicted 5, correct 2 → P 0.4, R 0.5, F1 4/9.
  const Counts all = scores.Overall();
  EXPECT_EQ(all.gold, 4u);
  EXPECT_EQ(all.predicted, 5u);
  EXPECT_EQ(all.correct, 2u);
  EXPECT_NEAR(all.f1(), 4.0 / 9.0, 1e-12);
  // Without MISC: gold 3, predicted 4, correct 1.
  const Counts core = scores.Overall({"PER", "ORG", "LOC"});
  EXPECT_EQ(core.gold, 3u);
  EXPECT_EQ(core.predicted, 4u);
  EXPECT_EQ(core.correct, 1u);

  const std::string table = scores.Format();
  EXPECT_THAT(table, HasSubstr("PER+ORG+LOC"));
  EXPECT_THAT(table, HasSubstr("overall      precision  40.00%  recall  50.00%  F1  44.44%"));
}

TEST(MarkSpansTest, BracketsSpansAndSkipsBadOnes) {
  const std::vector<std::string> words = {"Тарас", "Шевченко", "приїхав", "до", "Києва", "."};
  EXPECT_EQ(MarkSpans(words, {{0, 1, "PER", ""}, {4, 4, "LOC", ""}}),
            "[PER Тарас Шевченко] приїхав до [LOC Києва] .");
  EXPECT_EQ(MarkSpans(words, {}), "Тарас Шевченко приїхав до Києва .");
  // Overlapping (1-2 inside 0-1), reversed (3-2) and out-of-range (5-9) spans are not shown.
  EXPECT_EQ(
      MarkSpans(words, {{0, 1, "PER", ""}, {1, 2, "X", ""}, {3, 2, "Y", ""}, {5, 9, "Z", ""}}),
      "[PER Тарас Шевченко] приїхав до Києва .");
}

TEST(SpanScoresTest, EmptyIsZeroNotNan) {
  SpanScores scores;
  EXPECT_EQ(scores.Overall().f1(), 0.0);
  scores.AddSentence({}, {});
  EXPECT_EQ(scores.Overall().precision(), 0.0);
}

Document TwoSentenceDoc() {
  Document doc;
  doc.text = "Olena Melnyk visited Kyiv.\nNaftogaz said";
  auto add = [&doc](std::vector<std::pair<size_t, size_t>> ranges) {
    Sentence s;
    for (auto [b, e] : ranges) {
      s.labeled.words.push_back(doc.text.substr(b, e - b));
      s.offsets.push_back(TextToken{b, e});
    }
    doc.sentences.push_back(s);
  };
  add({{0, 5}, {6, 12}, {13, 20}, {21, 25}, {25, 26}});
  add({{27, 35}, {36, 40}});
  return doc;
}

TEST(ProjectTextSpansTest, MapsByteRangesToTokens) {
  const Document doc = TwoSentenceDoc();
  const auto spans = ProjectTextSpans(doc, {{0, 12, "PER", "p1"},
                                            {21, 25, "LOC", "l1"},
                                            {22, 24, "LOC", "inner"},
                                            {27, 35, "ORG", ""},
                                            {100, 120, "ORG", ""}});
  ASSERT_EQ(spans.size(), 2u);
  // The inner mention overlaps the earlier one and is dropped.
  EXPECT_THAT(spans[0],
              ElementsAre(LabeledSpan{0, 1, "PER", "p1"}, LabeledSpan{3, 3, "LOC", "l1"}));
  EXPECT_THAT(spans[1], ElementsAre(LabeledSpan{0, 0, "ORG", ""}));
}

// A predictor that answers from a fixed list of text mentions, like the whole extractor would.
class FixedTextPredictor : public SpanPredictor {
 public:
  explicit FixedTextPredictor(std::vector<TextMention> mentions) : mentions_(std::move(mentions)) {}
  absl::StatusOr<std::vector<std::vector<LabeledSpan>>> Predict(const Document& doc) override {
    return ProjectTextSpans(doc, mentions_);
  }

 private:
  std::vector<TextMention> mentions_;
};

TEST(ScoreSpansTest, PluggablePredictor) {
  Document doc = TwoSentenceDoc();
  doc.sentences[0].labeled.spans = {{0, 1, "PER", ""}, {3, 3, "LOC", ""}};
  doc.sentences[1].labeled.spans = {{0, 0, "ORG", ""}};
  FixedTextPredictor predictor({{0, 12, "PER", ""}, {21, 25, "ORG", ""}});
  auto scores = ScoreSpans({doc}, predictor);
  ASSERT_TRUE(scores.ok());
  EXPECT_EQ(scores->Overall().gold, 3u);
  EXPECT_EQ(scores->Overall().predicted, 2u);
  EXPECT_EQ(scores->Overall().correct, 1u);
}

TEST(LinkingTest, ExactMappedAndAlignedAccuracy) {
  // Gold ids in SlavicNER's namespace; predictions in the KB's.
  const std::vector<LinkPair> pairs = {
      {"PER-Theresa-May", "ng:person/theresa-may"},
      {"PER-Theresa-May", "ng:person/theresa-may"},
      {"PER-Theresa-May", "ng:person/brian-may"},  // wrong entity
      {"GPE-Great-Britain", "ng:country/gb"},
      {"GPE-Great-Britain", ""},                // not linked
      {"ORG-European-Union", "ng:country/gb"},  // gb already aligned to Great Britain
      {"", "ng:org/x"},                         // no gold id: skipped
  };
  LinkingScores s = ScoreLinkPairs(pairs);
  EXPECT_EQ(s.mentions, 6u);
  EXPECT_EQ(s.linked, 5u);
  EXPECT_EQ(s.exact_correct, 0u);  // namespaces differ
  // Alignment, largest agreement first: theresa-may↔Theresa-May (2), then gb↔Great-Britain (1);
  // gb↔European-Union and brian-may↔Theresa-May are blocked as their ids are taken: 3 of 6.
  EXPECT_EQ(s.aligned_correct, 3u);
  EXPECT_DOUBLE_EQ(s.aligned_accuracy(), 0.5);

  const std::map<std::string, std::string> id_map = {{"ng:person/theresa-may", "PER-Theresa-May"},
                                                     {"ng:country/gb", "GPE-Great-Britain"}};
  s = ScoreLinkPairs(pairs, id_map);
  EXPECT_EQ(s.exact_correct, 3u);
  EXPECT_DOUBLE_EQ(s.exact_accuracy(), 0.5);
}

// Predicts ids from the surface form, as a test double for the extractor's linker.
class SurfaceLinker : public EntityIdPredictor {
 public:
  absl::StatusOr<std::string> PredictId(const Document&, const Sentence& sentence,
                                        const LabeledSpan& gold) override {
    ++calls;
    return sentence.labeled.words[gold.first];
  }
  int calls = 0;
};

TEST(LinkingTest, ScoreLinkingAsksForEveryGoldMentionWithAnId) {
  Document doc = TwoSentenceDoc();
  doc.sentences[0].labeled.spans = {{0, 1, "PER", "PER-Olena"}, {3, 3, "LOC", "GPE-Kyiv"}};
  doc.sentences[1].labeled.spans = {{0, 0, "ORG", ""}};
  SurfaceLinker linker;
  auto s = ScoreLinking({doc}, linker, {{"Kyiv", "GPE-Kyiv"}});
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(linker.calls, 2);
  EXPECT_EQ(s->mentions, 2u);
  EXPECT_EQ(s->exact_correct, 1u);
  EXPECT_EQ(s->aligned_correct, 2u);
}

TEST(ArgsTest, ListsSinglesFlagsAndPositionals) {
  const std::vector<OptionSpec> specs = {{"kb", OptionKind::kList},
                                         {"out", OptionKind::kSingle},
                                         {"heldout-fraction", OptionKind::kSingle},
                                         {"help", OptionKind::kFlag}};
  std::vector<std::string> argv_s = {"tool",    "a.iob",   "--kb",
                                     "x.jsonl", "y.jsonl", "--out",
                                     "m",       "b.iob",   "--heldout_fraction=0.1",
                                     "--help",  "c.iob",   "--kb=z.jsonl"};
  std::vector<char*> argv;
  for (std::string& s : argv_s) argv.push_back(s.data());
  auto parsed = ParseArgs(static_cast<int>(argv.size()), argv.data(), specs);
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  EXPECT_THAT(parsed->positional, ElementsAre("a.iob", "b.iob", "c.iob"));
  EXPECT_THAT(parsed->List("kb"), ElementsAre("x.jsonl", "y.jsonl", "z.jsonl"));
  EXPECT_EQ(parsed->Get("out"), "m");
  EXPECT_EQ(parsed->Get("heldout-fraction"), "0.1");
  EXPECT_TRUE(parsed->Has("help"));
  EXPECT_EQ(parsed->Get("absent", "d"), "d");

  for (std::vector<std::string> bad : {std::vector<std::string>{"tool", "--nope"},
                                       {"tool", "--out"},
                                       {"tool", "--kb"},
                                       {"tool", "--out", "a", "--out", "b"},
                                       {"tool", "--help=1"}}) {
    std::vector<char*> v;
    for (std::string& s : bad) v.push_back(s.data());
    EXPECT_FALSE(ParseArgs(static_cast<int>(v.size()), v.data(), specs).ok()) << bad[1];
  }
}

}  // namespace
}  // namespace newsgraph::tools::ner
