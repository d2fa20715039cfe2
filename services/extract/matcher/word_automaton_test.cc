#include "services/extract/matcher/word_automaton.h"

#include <tuple>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace newsgraph::extract::matcher_internal {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

// (position of the last symbol, payload, depth) for every output while scanning `text`.
std::vector<std::tuple<size_t, uint32_t, uint32_t>> Scan(const WordAutomaton& automaton,
                                                         const std::vector<uint32_t>& text) {
  std::vector<std::tuple<size_t, uint32_t, uint32_t>> out;
  uint32_t state = WordAutomaton::kRoot;
  for (size_t i = 0; i < text.size(); ++i) {
    state = automaton.Step(state, text[i]);
    if (!automaton.HasOutput(state)) continue;
    automaton.ForEachOutput(state, [&](uint32_t payload, uint32_t depth, uint32_t terminal) {
      out.emplace_back(i, payload, depth);
      // The terminal spells the pattern back to the root.
      uint32_t s = terminal;
      for (uint32_t d = 0; d < depth; ++d) {
        EXPECT_EQ(automaton.SymbolInto(s), text[i - d]);
        s = automaton.Parent(s);
      }
      EXPECT_EQ(s, WordAutomaton::kRoot);
    });
  }
  return out;
}

TEST(WordAutomatonTest, FindsEveryPatternIncludingOverlapsAndSuffixes) {
  WordAutomaton::Builder builder;
  builder.SetOutput(builder.Insert(std::vector<uint32_t>{1, 2}), 100);
  builder.SetOutput(builder.Insert(std::vector<uint32_t>{2, 3, 4}), 200);
  builder.SetOutput(builder.Insert(std::vector<uint32_t>{3, 4}), 300);
  builder.SetOutput(builder.Insert(std::vector<uint32_t>{4}), 400);
  const WordAutomaton automaton = std::move(builder).Finish(6);
  EXPECT_EQ(automaton.max_depth(), 3u);
  EXPECT_THAT(Scan(automaton, {1, 2, 3, 4}),
              ElementsAre(std::make_tuple(1, 100, 2), std::make_tuple(3, 200, 3),
                          std::make_tuple(3, 300, 2), std::make_tuple(3, 400, 1)));
  // A failed continuation falls back to the longest suffix that is a prefix of some pattern.
  EXPECT_THAT(Scan(automaton, {1, 1, 2, 5, 2, 2, 3, 4}),
              ElementsAre(std::make_tuple(2, 100, 2), std::make_tuple(7, 200, 3),
                          std::make_tuple(7, 300, 2), std::make_tuple(7, 400, 1)));
  EXPECT_THAT(Scan(automaton, {5, 3, 5, 4, 0}), ElementsAre(std::make_tuple(3, 400, 1)));
}

TEST(WordAutomatonTest, InsertingTwiceReturnsTheSameState) {
  WordAutomaton::Builder builder;
  const uint32_t a = builder.Insert(std::vector<uint32_t>{7, 8});
  const uint32_t b = builder.Insert(std::vector<uint32_t>{7, 8});
  EXPECT_EQ(a, b);
  const WordAutomaton automaton = std::move(builder).Finish(9);
  EXPECT_EQ(automaton.state_count(), 3u);
  EXPECT_THAT(Scan(automaton, {7, 8}), IsEmpty());  // no output was attached
}

TEST(WordAutomatonTest, UnknownSymbolsReturnToTheRoot) {
  WordAutomaton::Builder builder;
  builder.SetOutput(builder.Insert(std::vector<uint32_t>{1, 2}), 1);
  const WordAutomaton automaton = std::move(builder).Finish(3);
  EXPECT_EQ(automaton.Step(automaton.Step(WordAutomaton::kRoot, 1), 99), WordAutomaton::kRoot);
  EXPECT_THAT(Scan(automaton, {1, 99, 2}), IsEmpty());
}

}  // namespace
}  // namespace newsgraph::extract::matcher_internal
