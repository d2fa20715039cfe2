// The words of dates, money and percentages in the languages newsgraph reads (en, vi, uk, ru, el,
// de, fr, zh), as phrases over pattern tokens: "hôm qua", "aujourd'hui", "τοις εκατό", "今天".
#ifndef NEWSGRAPH_SERVICES_EXTRACT_PATTERNS_LEXICON_H_
#define NEWSGRAPH_SERVICES_EXTRACT_PATTERNS_LEXICON_H_

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "services/extract/patterns/token_stream.h"

namespace newsgraph::extract::patterns {

// What a phrase means; which fields are set depends on the table it is in.
struct PhraseValue {
  int number = 0;        // month 1..12, weekday 0 (Monday)..6, day offset, or per-number factor
  double scale = 0;      // scale words: 1e6 for "million"
  std::string currency;  // ISO 4217 code
};

struct PhraseMatch {
  PhraseValue value;
  size_t end_token = 0;  // one past the last token of the phrase
  // The number a "#" of the phrase matched, when it has one ("3" in "3 days ago").
  std::optional<long> number;
};

// Phrases indexed by their first token; the token "#" of a phrase matches any number token.
class PhraseTable {
 public:
  void Add(std::string_view phrase, PhraseValue value);
  // The longest phrase starting at tokens[i], if any. A phrase's tokens must follow each other
  // without white space where the phrase has none ("US$"), and may be separated by white space
  // where the phrase has it.
  std::optional<PhraseMatch> Match(const std::vector<PatternToken>& tokens, size_t i) const;

 private:
  struct Phrase {
    std::vector<PatternToken> tokens;
    PhraseValue value;
  };
  absl::flat_hash_map<std::string, std::vector<Phrase>> by_first_token_;
};

struct Lexicon {
  PhraseTable months;  // number = 1..12; every case form ("листопада", "Νοεμβρίου")
  PhraseTable weekdays;       // number = 0..6
  PhraseTable relative_days;  // number = offset ("yesterday" -1), or factor per "#" (-1: ago)
  PhraseTable currencies;     // words, symbols and ISO codes → currency
  PhraseTable scales;         // "million", "млрд", "tỷ", "亿" → scale
  PhraseTable percent_words;  // "%", "percent", "відсотків", "τοις εκατό", "phần trăm"
  PhraseTable date_markers;  // words around a date that belong to it: "року", "года", "năm"
};

// The lexicon, built on first use. Thread-safe.
const Lexicon& GetLexicon();

}  // namespace newsgraph::extract::patterns

#endif  // NEWSGRAPH_SERVICES_EXTRACT_PATTERNS_LEXICON_H_
