#include "services/extract/matcher/word_automaton.h"

#include <algorithm>
#include <utility>

namespace newsgraph::extract::matcher_internal {

WordAutomaton::Builder::Builder() { nodes_.push_back({kRoot, 0, 0, kNoOutput}); }

uint32_t WordAutomaton::Builder::Insert(std::span<const uint32_t> symbols) {
  uint32_t state = kRoot;
  for (const uint32_t symbol : symbols) {
    const auto [it, inserted] =
        edges_.try_emplace(EdgeKey(state, symbol), static_cast<uint32_t>(nodes_.size()));
    if (inserted) nodes_.push_back({state, symbol, nodes_[state].depth + 1, kNoOutput});
    state = it->second;
  }
  return state;
}

void WordAutomaton::Builder::SetOutput(uint32_t state, uint32_t payload) {
  nodes_[state].output = payload;
}

WordAutomaton WordAutomaton::Builder::Finish(uint32_t symbol_count) && {
  WordAutomaton automaton;
  automaton.root_next_.assign(symbol_count, kRoot);
  automaton.states_.resize(nodes_.size());
  automaton.edges_.reserve(edges_.size());
  for (const auto& [key, child] : edges_) {
    const auto parent = static_cast<uint32_t>(key >> 32);
    const auto symbol = static_cast<uint32_t>(key);
    if (parent == kRoot) {
      automaton.root_next_[symbol] = child;
    } else {
      automaton.edges_.emplace(key, child);
    }
  }
  edges_.clear();

  // Failure links need those of every shallower state first: visit states by depth (a counting
  // sort, since depths are small).
  uint32_t max_depth = 0;
  for (const Node& node : nodes_) max_depth = std::max(max_depth, node.depth);
  std::vector<uint32_t> first_of_depth(max_depth + 2, 0);
  for (const Node& node : nodes_) ++first_of_depth[node.depth + 1];
  for (uint32_t d = 1; d < first_of_depth.size(); ++d) first_of_depth[d] += first_of_depth[d - 1];
  std::vector<uint32_t> order(nodes_.size());
  for (uint32_t s = 0; s < nodes_.size(); ++s) order[first_of_depth[nodes_[s].depth]++] = s;

  for (const uint32_t s : order) {
    const Node& node = nodes_[s];
    State& state = automaton.states_[s];
    state.output = node.output;
    state.depth = node.depth;
    state.parent = node.parent;
    state.symbol = node.symbol;
    state.fail = kRoot;
    state.dict = kRoot;
    if (s == kRoot || node.parent == kRoot) continue;
    const uint32_t fail = automaton.Step(automaton.states_[node.parent].fail, node.symbol);
    state.fail = fail;
    state.dict = automaton.states_[fail].output != kNoOutput ? fail : automaton.states_[fail].dict;
  }
  automaton.max_depth_ = max_depth;
  nodes_.clear();
  return automaton;
}

}  // namespace newsgraph::extract::matcher_internal
