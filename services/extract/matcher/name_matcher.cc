#include "services/extract/matcher/name_matcher.h"

#include <algorithm>
#include <bit>
#include <optional>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "common/base/status_macros.h"
#include "common/text/normalizer.h"
#include "common/text/utf8.h"
#include "services/extract/matcher/inflection.h"
#include "services/extract/matcher/key_table.h"
#include "services/extract/matcher/scanner.h"
#include "services/extract/matcher/word_automaton.h"

namespace newsgraph::extract {

using matcher_internal::Declension;
using matcher_internal::GapKind;
using matcher_internal::Inflections;
using matcher_internal::kCyrillic;
using matcher_internal::KeyTable;
using matcher_internal::kGreek;
using matcher_internal::kLatin;
using matcher_internal::Scanner;
using matcher_internal::Token;
using matcher_internal::WordAutomaton;

namespace {

constexpr uint32_t kNoSymbol = UINT32_MAX;

// Longest French/Italian elided article before an apostrophe, in folded bytes ("dell'").
constexpr size_t kMaxElisionBytes = 4;

absl::string_view AbslView(std::string_view s) { return absl::string_view(s.data(), s.size()); }

size_t CodePoints(std::string_view s) {
  size_t n = 0;
  for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return n;
}

// A text word's symbols: the name word it spells, and the name words it inflects, each with
// its cost: how many code points of ending were taken off to get there (0 for the word as
// written). Between readings of one span, the cheaper (more specific) wins.
constexpr size_t kMaxSymbolsPerToken = 8;
struct SymbolSet {
  uint32_t symbols[kMaxSymbolsPerToken];
  uint8_t costs[kMaxSymbolsPerToken];
  uint8_t size = 0;

  void Add(uint32_t symbol, size_t cost) {
    const auto c = static_cast<uint8_t>(std::min<size_t>(cost, 255));
    for (size_t i = 0; i < size; ++i) {
      if (symbols[i] == symbol) {
        costs[i] = std::min(costs[i], c);
        return;
      }
    }
    if (size < kMaxSymbolsPerToken) {
      symbols[size] = symbol;
      costs[size++] = c;
    }
  }
  // Copies only the live entries: most sets hold one symbol.
  void CopyTo(SymbolSet* other) const {
    other->size = size;
    for (size_t i = 0; i < size; ++i) {
      other->symbols[i] = symbols[i];
      other->costs[i] = costs[i];
    }
  }
  uint32_t CostOf(uint32_t symbol) const {
    for (size_t i = 0; i < size; ++i) {
      if (symbols[i] == symbol) return costs[i];
    }
    return UINT8_MAX;
  }
};

// Automaton states alive after a token: one per way of reading the tokens so far (a word can
// be a name word as written and the inflection of another). Almost always one or two.
constexpr size_t kMaxStates = 16;

struct Candidate {
  size_t begin;
  size_t end;
  uint32_t group;   // pattern group, or kNoSymbol for a short name matched as written
  uint32_t entity;  // for short names
  uint32_t order;   // index of the first name entry behind it: knowledge-base order
  uint32_t cost;    // code points of endings taken off; 0 when the text spells the name
};

}  // namespace

struct NameMatcher::Impl {
  // Names that fold to the same tokens (same symbols), in knowledge-base order.
  struct Group {
    uint32_t order;  // index of the first name entry in the group
    std::vector<uint32_t> entities;
  };

  // Adds the symbols of a word or solo token to *set. May narrow [*begin, *end) to drop an
  // English possessive or an elided article; then a name must end (*break_after) or start
  // (*break_before) at this token.
  void Resolve(const Token& token, const NameMatchOptions& options, SymbolSet* set, size_t* begin,
               size_t* end, bool* break_before, bool* break_after) const;
  // Adds a candidate when `raw` (a word token as written) is a short name, or a short
  // Cyrillic/Greek name with a case ending.
  void MatchShortName(std::string_view raw, const Token& token, std::vector<Candidate>* out) const;

  absl::StatusOr<std::vector<NameMatch>> Match(std::string_view text,
                                               const NameMatchOptions& options) const;

  // Folded name word (or solo) → symbol.
  KeyTable words;
  // Keys of Cyrillic and Greek name words (Inflections::ForEachNameKey) → offset in
  // symbol_lists of their symbols, for text words found after removing an ending.
  KeyTable stems;
  // The same for Latin name words with Latin-script Slavic endings (NameMatchOptions).
  KeyTable latin_stems;
  // Symbol lists of `stems` and `latin_stems`: a count, then that many symbols.
  std::vector<uint32_t> symbol_lists;
  // Gap punctuation inside names ("&", ".") → symbol.
  KeyTable punctuation;
  // Short names as written (NFC), and the raw stems of Cyrillic/Greek ones → index in
  // short_names.
  struct ShortName {
    uint32_t entity;
    uint32_t order;
  };
  KeyTable exact;
  KeyTable exact_stems;
  std::vector<ShortName> short_names;
  // Bit per BMP code point that starts a short name: most words (lower case) skip the lookups.
  std::vector<uint64_t> short_first;
  // Longest short name as written, and longest word that can be one plus an ending: the
  // cheapest filter, tried first.
  size_t max_exact_bytes = 0;
  size_t max_short_token_bytes = 0;

  std::vector<Group> groups;  // automaton payload → group
  WordAutomaton automaton;
  Stats stats;
};

void NameMatcher::Impl::Resolve(const Token& token, const NameMatchOptions& options, SymbolSet* set,
                                size_t* begin, size_t* end, bool* break_before,
                                bool* break_after) const {
  const std::string_view key = token.key;
  uint32_t symbol = words.Find(key);
  if (symbol != KeyTable::kMissing) set->Add(symbol, 0);
  if (token.solo) return;
  if (set->size == 0 && token.first_apostrophe != Token::kNone && token.script == kLatin) {
    const size_t last = token.last_apostrophe_key;
    if (last + 2 == key.size() && key.back() == 's' && last > 0) {  // "Macron's"
      symbol = words.Find(key.substr(0, last));
      if (symbol != KeyTable::kMissing) {
        set->Add(symbol, 0);
        *end = token.last_apostrophe;
        *break_after = true;
        return;
      }
    }
    const size_t first = token.first_apostrophe_key;
    if (first > 0 && first <= kMaxElisionBytes) {  // "l'Élysée", "dell'Europa"
      symbol = words.Find(key.substr(first + 1));
      if (symbol != KeyTable::kMissing) {
        set->Add(symbol, 0);
        *begin = token.first_apostrophe_end;
        *break_before = true;
        return;
      }
    }
  }
  const Declension declension =
      Inflections::DeclensionFor(token.script, options.latin_slavic_inflection);
  if (declension == Declension::kNone) return;
  const KeyTable& stem_table = declension == Declension::kLatinSlavic ? latin_stems : stems;
  Inflections::Get().ForEachStem(key, declension, [&](std::string_view stem) {
    const uint32_t list = stem_table.Find(stem);
    if (list != KeyTable::kMissing) {
      const size_t cost = CodePoints(key.substr(stem.size()));
      for (uint32_t i = 1; i <= symbol_lists[list]; ++i) set->Add(symbol_lists[list + i], cost);
    }
    return false;
  });
}

void NameMatcher::Impl::MatchShortName(std::string_view raw, const Token& token,
                                       std::vector<Candidate>* out) const {
  if (raw.size() > max_short_token_bytes) return;
  char32_t first;
  if (text::DecodeUtf8(raw, 0, &first) == 0) return;
  if (first < 0x10000 && !((short_first[first >> 6] >> (first & 63)) & 1)) return;
  if (raw.size() <= max_exact_bytes) {
    const uint32_t index = exact.Find(raw);
    if (index != KeyTable::kMissing) {
      const ShortName& name = short_names[index];
      out->push_back({token.begin, token.end, kNoSymbol, name.entity, name.order, 0});
      return;
    }
  }
  const Declension declension = Inflections::DeclensionFor(token.script, false);
  if (declension != Declension::kCyrillic && declension != Declension::kGreek) return;
  Inflections::Get().ForEachRawStem(raw, declension, [&](std::string_view stem) {
    const uint32_t index = exact_stems.Find(stem);
    if (index == KeyTable::kMissing) return false;
    const ShortName& name = short_names[index];
    const auto cost = static_cast<uint32_t>(CodePoints(raw.substr(stem.size())));
    out->push_back({token.begin, token.end, kNoSymbol, name.entity, name.order, cost});
    return true;
  });
}

absl::StatusOr<std::vector<NameMatch>> NameMatcher::Impl::Match(
    std::string_view text, const NameMatchOptions& options) const {
  // The last max_depth positions (tokens and gap punctuation): where a name that ends here
  // began, and what each symbol cost there, to tell exact from inflected matches.
  const size_t ring_size = std::bit_ceil(std::max<size_t>(automaton.max_depth(), 1));
  const size_t mask = ring_size - 1;
  struct Position {
    size_t begin;
    SymbolSet set;
  };
  std::vector<Position> ring(ring_size);
  size_t count = 0;

  std::vector<Candidate> candidates;
  const bool any_short = !exact.empty();
  uint32_t states[kMaxStates] = {WordAutomaton::kRoot};
  size_t state_count = 1;
  uint32_t next[kMaxStates];
  auto reset = [&] {
    states[0] = WordAutomaton::kRoot;
    state_count = 1;
  };
  // Moves every live state over every symbol of `set`; duplicates collapse, and when nothing
  // continues the root alone remains (Step already fell back through failure links).
  auto step = [&](const SymbolSet& set) {
    size_t n = 0;
    for (size_t i = 0; i < state_count; ++i) {
      for (size_t j = 0; j < set.size; ++j) {
        const uint32_t s = automaton.Step(states[i], set.symbols[j]);
        if (s == WordAutomaton::kRoot) continue;
        bool seen = false;
        for (size_t k = 0; k < n && !seen; ++k) seen = next[k] == s;
        if (!seen && n < kMaxStates) next[n++] = s;
      }
    }
    if (n == 0) {
      reset();
      return;
    }
    std::copy(next, next + n, states);
    state_count = n;
  };

  bool break_next = false;
  Scanner scanner(text);
  Token token;
  while (scanner.Next(&token)) {
    const bool at_root = state_count == 1 && states[0] == WordAutomaton::kRoot;
    if (token.gap == GapKind::kBreak || break_next) {
      reset();
    } else if (token.gap == GapKind::kPunct && !at_root) {
      // No name starts or ends with gap punctuation, so it matters only inside a partial match.
      const uint32_t symbol = punctuation.Find(token.gap_key);
      if (symbol == KeyTable::kMissing) {
        reset();
      } else {
        Position& position = ring[count++ & mask];
        position.begin = token.begin;
        position.set.size = 0;
        position.set.Add(symbol, 0);
        step(position.set);
      }
    }
    break_next = false;
    size_t begin = token.begin;
    size_t end = token.end;
    bool break_before = false;
    SymbolSet set;
    Resolve(token, options, &set, &begin, &end, &break_before, &break_next);
    if (any_short && !token.solo) {
      MatchShortName(text.substr(token.begin, token.end - token.begin), token, &candidates);
    }
    if (set.size == 0) {
      reset();
      continue;
    }
    if (break_before) reset();
    Position& position = ring[count++ & mask];
    position.begin = begin;
    set.CopyTo(&position.set);
    step(set);
    for (size_t i = 0; i < state_count; ++i) {
      if (!automaton.HasOutput(states[i])) continue;
      automaton.ForEachOutput(states[i], [&](uint32_t group, uint32_t depth, uint32_t terminal) {
        // The name's symbols, read back from its terminal state, priced at each position.
        uint32_t cost = 0;
        for (uint32_t d = 0, s = terminal; d < depth; ++d) {
          cost += ring[(count - 1 - d) & mask].set.CostOf(automaton.SymbolInto(s));
          s = automaton.Parent(s);
        }
        candidates.push_back(
            {ring[(count - depth) & mask].begin, end, group, 0, groups[group].order, cost});
      });
    }
  }
  if (scanner.failed()) {
    return absl::InvalidArgumentError(
        absl::StrCat("text: invalid UTF-8 at byte offset ", scanner.error_offset()));
  }

  // Leftmost-longest: by begin, longer first; keep each span that starts after the last kept.
  // Among candidates for the same span the cheapest reading wins (the text as written first,
  // then the fewest ending letters taken off), then knowledge-base order.
  std::sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
    if (a.begin != b.begin) return a.begin < b.begin;
    if (a.end != b.end) return a.end > b.end;
    if (a.cost != b.cost) return a.cost < b.cost;
    return a.order < b.order;
  });
  std::vector<NameMatch> matches;
  size_t last_end = 0;
  for (const Candidate& c : candidates) {
    if (c.begin < last_end) continue;
    last_end = c.end;
    NameMatch match;
    match.begin = c.begin;
    match.end = c.end;
    match.entity_index = c.group == kNoSymbol ? c.entity : groups[c.group].entities.front();
    match.inflected = c.cost > 0;
    match.confidence = match.inflected ? kInflectedConfidence : kExactConfidence;
    matches.push_back(match);
  }
  return matches;
}

absl::StatusOr<NameMatcher> NameMatcher::Build(const std::vector<NameEntry>& names) {
  auto impl = std::make_unique<Impl>();
  const Inflections& inflections = Inflections::Get();
  uint32_t symbol_count = 0;
  auto add_key = [](absl::flat_hash_map<std::string, std::vector<uint32_t>>* map,
                    std::string_view key, uint32_t symbol) {
    std::vector<uint32_t>& symbols = (*map)[AbslView(key)];
    if (std::find(symbols.begin(), symbols.end(), symbol) == symbols.end()) {
      symbols.push_back(symbol);
    }
  };
  // Built in hash maps, then frozen into the read-only KeyTables.
  absl::flat_hash_map<std::string, uint32_t> words;
  absl::flat_hash_map<std::string, uint32_t> punctuation;
  absl::flat_hash_map<std::string, std::vector<uint32_t>> stems;
  absl::flat_hash_map<std::string, std::vector<uint32_t>> latin_stems;
  absl::flat_hash_map<std::string, uint32_t> exact;  // → index in short_names
  absl::flat_hash_map<std::string, uint32_t> exact_stems;
  impl->short_first.assign(0x10000 / 64, 0);
  absl::flat_hash_map<uint32_t, uint32_t> group_of_state;
  WordAutomaton::Builder builder;

  // Tokens of one name, with copies of the scanner's views (valid only until its next call).
  struct NameToken {
    Token token;
    std::string key;
    std::string gap_key;
  };
  std::vector<NameToken> tokens;
  std::vector<uint32_t> symbols;
  impl->stats.names = names.size();
  for (size_t i = 0; i < names.size(); ++i) {
    const std::string& name = names[i].name;
    const uint32_t entity = names[i].entity_index;
    const auto order = static_cast<uint32_t>(i);
    if (const std::optional<size_t> bad = text::FindInvalidUtf8(name)) {
      return absl::InvalidArgumentError(
          absl::StrCat("names[", i, "]: invalid UTF-8 at byte offset ", *bad));
    }
    tokens.clear();
    Scanner scanner(name);
    Token token;
    while (tokens.size() <= kMaxNameTokens && scanner.Next(&token)) {
      tokens.push_back({token, std::string(token.key), std::string(token.gap_key)});
    }
    if (tokens.empty() || tokens.size() > kMaxNameTokens ||
        (tokens.size() == 1 && tokens[0].token.solo)) {
      ++impl->stats.skipped_names;
      continue;
    }
    for (NameToken& t : tokens) {
      t.token.key = t.key;
      t.token.gap_key = t.gap_key;
    }

    if (tokens.size() == 1 && CodePoints(tokens[0].key) <= kMaxExactNameCodePoints) {
      const Token& word = tokens[0].token;
      ASSIGN_OR_RETURN(std::string as_written, text::NormalizeNfc(std::string_view(name).substr(
                                                   word.begin, word.end - word.begin)));
      impl->max_exact_bytes = std::max(impl->max_exact_bytes, as_written.size());
      impl->max_short_token_bytes = std::max(impl->max_short_token_bytes, as_written.size());
      const Declension declension = Inflections::DeclensionFor(word.script, false);
      if (declension == Declension::kCyrillic || declension == Declension::kGreek) {
        const auto index = static_cast<uint32_t>(impl->short_names.size());
        const std::string stem(inflections.RawNameStem(as_written, declension));
        // A raw ending has at most 3 code points of 2 bytes each.
        impl->max_short_token_bytes = std::max(impl->max_short_token_bytes, stem.size() + 6);
        exact_stems.try_emplace(stem, index);
        if (declension == Declension::kCyrillic && stem == as_written) {
          for (std::string& alternate : inflections.AlternateStems(stem)) {  // Київ → Києва
            exact_stems.try_emplace(std::move(alternate), index);
          }
        }
      }
      char32_t first = 0;
      text::DecodeUtf8(as_written, 0, &first);
      if (first < 0x10000) impl->short_first[first >> 6] |= uint64_t{1} << (first & 63);
      exact.try_emplace(std::move(as_written), static_cast<uint32_t>(impl->short_names.size()));
      impl->short_names.push_back({entity, order});
      ++impl->stats.exact_names;
      continue;
    }

    symbols.clear();
    for (size_t t = 0; t < tokens.size(); ++t) {
      const Token& token = tokens[t].token;
      // Gap punctuation is a symbol of its own; a line break inside a name counts as a space.
      if (t > 0 && token.gap == GapKind::kPunct) {
        const auto [it, inserted] = punctuation.try_emplace(tokens[t].gap_key, symbol_count);
        if (inserted) ++symbol_count;
        symbols.push_back(it->second);
      }
      const std::string& key = tokens[t].key;
      const auto [it, inserted] = words.try_emplace(key, symbol_count);
      symbols.push_back(it->second);
      if (!inserted) continue;
      const uint32_t symbol = symbol_count++;
      if (token.solo) continue;
      const Declension declension = Inflections::DeclensionFor(token.script, false);
      if (declension != Declension::kNone) {
        ASSIGN_OR_RETURN(const std::string nfc, text::NormalizeNfc(std::string_view(name).substr(
                                                    token.begin, token.end - token.begin)));
        inflections.ForEachNameKey(key, Inflections::LowerCase(nfc), declension,
                                   [&](std::string_view stem) { add_key(&stems, stem, symbol); });
      } else if (token.script == kLatin) {
        inflections.ForEachNameKey(key, key, Declension::kLatinSlavic, [&](std::string_view stem) {
          add_key(&latin_stems, stem, symbol);
        });
      }
    }
    const uint32_t state = builder.Insert(symbols);
    const auto [it, inserted] =
        group_of_state.try_emplace(state, static_cast<uint32_t>(impl->groups.size()));
    if (inserted) {
      impl->groups.push_back({order, {}});
      builder.SetOutput(state, it->second);
    }
    std::vector<uint32_t>& entities = impl->groups[it->second].entities;
    if (std::find(entities.begin(), entities.end(), entity) != entities.end()) continue;
    entities.push_back(entity);
    ++impl->stats.patterns;
  }

  auto freeze = [](const absl::flat_hash_map<std::string, uint32_t>& map) {
    return KeyTable(std::vector<std::pair<std::string, uint32_t>>(map.begin(), map.end()));
  };
  auto freeze_lists = [&impl](const absl::flat_hash_map<std::string, std::vector<uint32_t>>& map) {
    std::vector<std::pair<std::string, uint32_t>> entries;
    entries.reserve(map.size());
    for (const auto& [key, list] : map) {
      entries.emplace_back(key, static_cast<uint32_t>(impl->symbol_lists.size()));
      impl->symbol_lists.push_back(static_cast<uint32_t>(list.size()));
      impl->symbol_lists.insert(impl->symbol_lists.end(), list.begin(), list.end());
    }
    return KeyTable(entries);
  };
  impl->words = freeze(words);
  impl->punctuation = freeze(punctuation);
  impl->exact = freeze(exact);
  impl->exact_stems = freeze(exact_stems);
  impl->stems = freeze_lists(stems);
  impl->latin_stems = freeze_lists(latin_stems);
  impl->automaton = std::move(builder).Finish(symbol_count);
  impl->stats.symbols = symbol_count;
  impl->stats.states = impl->automaton.state_count();
  return NameMatcher(std::move(impl));
}

NameMatcher::NameMatcher(std::unique_ptr<const Impl> impl) : impl_(std::move(impl)) {}
NameMatcher::NameMatcher(NameMatcher&&) noexcept = default;
NameMatcher& NameMatcher::operator=(NameMatcher&&) noexcept = default;
NameMatcher::~NameMatcher() = default;

absl::StatusOr<std::vector<NameMatch>> NameMatcher::Match(std::string_view utf8,
                                                          const NameMatchOptions& options) const {
  return impl_->Match(utf8, options);
}

const NameMatcher::Stats& NameMatcher::stats() const { return impl_->stats; }

}  // namespace newsgraph::extract
