// An Aho-Corasick automaton whose alphabet is word symbols (dense uint32 ids of the matcher's
// vocabulary) rather than bytes: every name is a short sequence of symbols, so the trie has about
// one state per name word and a text is scanned with one transition per word, whatever the
// number of names.
//
// Transitions out of the root, by far the commonest, are a dense array indexed by symbol; the
// others live in one hash map keyed by (state, symbol). Failure links make the scan linear;
// dictionary links chain the states where a shorter name also ends, so every name ending at a
// position is reported, not only the longest.
#ifndef NEWSGRAPH_SERVICES_EXTRACT_MATCHER_WORD_AUTOMATON_H_
#define NEWSGRAPH_SERVICES_EXTRACT_MATCHER_WORD_AUTOMATON_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "absl/container/flat_hash_map.h"

namespace newsgraph::extract::matcher_internal {

class WordAutomaton {
 public:
  static constexpr uint32_t kRoot = 0;
  static constexpr uint32_t kNoOutput = UINT32_MAX;

  // Collects patterns, then computes failure and dictionary links once in Finish().
  class Builder {
   public:
    Builder();
    // Adds the path for `symbols` (non-empty) and returns the state where it ends; adding the
    // same sequence twice returns the same state.
    uint32_t Insert(std::span<const uint32_t> symbols);
    // Attaches a caller-defined payload (e.g. a pattern group) to `state`, replacing any.
    void SetOutput(uint32_t state, uint32_t payload);
    // Returns the finished automaton over symbols [0, symbol_count); the builder is left empty.
    WordAutomaton Finish(uint32_t symbol_count) &&;

   private:
    struct Node {
      uint32_t parent;
      uint32_t symbol;
      uint32_t depth;
      uint32_t output;
    };
    std::vector<Node> nodes_;
    absl::flat_hash_map<uint64_t, uint32_t> edges_;
  };

  WordAutomaton() = default;

  // Returns the state after reading `symbol` in `state` (kRoot when no pattern continues).
  uint32_t Step(uint32_t state, uint32_t symbol) const {
    for (;;) {
      if (state == kRoot) return symbol < root_next_.size() ? root_next_[symbol] : kRoot;
      const auto it = edges_.find(EdgeKey(state, symbol));
      if (it != edges_.end()) return it->second;
      state = states_[state].fail;
    }
  }

  // True when some pattern ends at `state` or at one of its failure ancestors.
  bool HasOutput(uint32_t state) const {
    return states_[state].output != kNoOutput || states_[state].dict != kRoot;
  }

  // Calls fn(payload, depth, terminal) for every pattern that ends at `state`, longest first;
  // depth is the pattern's length in symbols and terminal the state where the pattern ends.
  template <typename Fn>
  void ForEachOutput(uint32_t state, Fn&& fn) const {
    if (states_[state].output == kNoOutput) state = states_[state].dict;
    while (state != kRoot) {
      fn(states_[state].output, states_[state].depth, state);
      state = states_[state].dict;
    }
  }

  // The symbol read to enter `state` (not kRoot) and the state it was read in: walking up
  // depth() steps spells the pattern ending at a terminal state, last symbol first.
  uint32_t SymbolInto(uint32_t state) const { return states_[state].symbol; }
  uint32_t Parent(uint32_t state) const { return states_[state].parent; }

  size_t state_count() const { return states_.size(); }
  uint32_t max_depth() const { return max_depth_; }

 private:
  struct State {
    uint32_t fail;
    uint32_t dict;    // nearest proper failure ancestor with an output; kRoot if none
    uint32_t output;  // payload, kNoOutput if no pattern ends here
    uint32_t depth;
    uint32_t parent;
    uint32_t symbol;
  };

  static uint64_t EdgeKey(uint32_t state, uint32_t symbol) {
    return (static_cast<uint64_t>(state) << 32) | symbol;
  }

  std::vector<State> states_;
  std::vector<uint32_t> root_next_;
  absl::flat_hash_map<uint64_t, uint32_t> edges_;
  uint32_t max_depth_ = 0;
};

}  // namespace newsgraph::extract::matcher_internal

#endif  // NEWSGRAPH_SERVICES_EXTRACT_MATCHER_WORD_AUTOMATON_H_
