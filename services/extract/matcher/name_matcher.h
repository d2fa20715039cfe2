// Finds known names in text: tens of thousands of names in any script, matched in one pass over
// the text, across case, diacritics and the case endings of Ukrainian, Russian and Greek.
//
// Names and text are cut into the same tokens (words of scripts written with spaces; single
// letters of Han, kana, Thai and other scripts written without them) and folded exactly like
// text::Fold, so "Việt Nam", "VIET NAM" and "viet nam" are one name. Every distinct folded name
// word is a symbol of a word-level Aho-Corasick automaton whose patterns are the names. A text
// word stands for the name word it spells and, in Cyrillic and Greek, for every name word it
// inflects (the text word minus a known case ending is a stem of the name word), so the
// automaton runs over a small set of states at once: "Емманюеля Макрона" walks the states of
// "Емманюель Макрон", and a match is `inflected` when some word was reached through an ending.
// Names match on word boundaries only, except inside runs of spaceless scripts ("德国" inside
// "德国总理默茨"); they never span a line break or punctuation that the name itself lacks.
// Overlaps resolve leftmost-longest.
//
// One-word names of at most kMaxExactNameCodePoints folded code points ("Mỹ", "EU", "Nga",
// "Đức", "ООН") would collide with ordinary words once folded ("my", "eu", "nga"), so they match
// only as written (NFC, case and diacritics included); a short Cyrillic or Greek name also
// matches with a case ending after it as written ("Іран" → "Ірану", "Київ" → "Києва").
//
// The matcher knows nothing about the knowledge base: it maps names to the caller's entity
// indices.
#ifndef NEWSGRAPH_SERVICES_EXTRACT_MATCHER_NAME_MATCHER_H_
#define NEWSGRAPH_SERVICES_EXTRACT_MATCHER_NAME_MATCHER_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace newsgraph::extract {

// A name as written in the knowledge base, and the entity it stands for.
struct NameEntry {
  std::string name;
  uint32_t entity_index = 0;
};

// One name found in a text.
struct NameMatch {
  size_t begin = 0;  // byte offsets into the text passed to Match(); end is exclusive
  size_t end = 0;
  uint32_t entity_index = 0;
  // True when the text's word endings differ from every spelling of the name that reads the
  // same up to case and diacritics ("Макрона" for the name "Макрон").
  bool inflected = false;
  // NameMatcher::kExactConfidence, or kInflectedConfidence when `inflected`.
  float confidence = 0;

  friend bool operator==(const NameMatch&, const NameMatch&) = default;
};

struct NameMatchOptions {
  // Also strip Latin-script Slavic case endings (Polish, Czech, Slovak, Slovene, Croatian:
  // "Macrona", "Ukrainy", "Francji"). Off by default: in English or Vietnamese text the same
  // letters end ordinary words ("chin" would become China). Turn on from the document's language.
  bool latin_slavic_inflection = false;
};

class NameMatcher {
 public:
  // One-word names of at most this many code points (folded) match only as written.
  static constexpr size_t kMaxExactNameCodePoints = 4;
  // Names of more tokens than this are skipped: no real name is that long, and the bound keeps
  // the per-call history of tokens small.
  static constexpr size_t kMaxNameTokens = 32;
  static constexpr float kExactConfidence = 1.0f;
  static constexpr float kInflectedConfidence = 0.9f;

  struct Stats {
    size_t names = 0;          // entries given to Build
    size_t patterns = 0;       // distinct (spelling, entity) pairs in the automaton
    size_t exact_names = 0;    // short names matched only as written
    size_t skipped_names = 0;  // no word characters, a single Han/kana/Thai letter, too long
    size_t symbols = 0;        // distinct word stems and punctuation keys
    size_t states = 0;         // automaton states
  };

  // Builds a matcher for `names`. Entries sharing a spelling (up to case and diacritics, or as
  // written for short names) keep the first entry's entity when the text matches both equally.
  // Entries that cannot match anything are skipped and counted in stats(): no letters or digits
  // ("—"), a single letter of a spaceless script ("美", which is part of too many words), or
  // more than kMaxNameTokens tokens.
  // Returns InvalidArgument "names[I]: invalid UTF-8 at byte offset N" for an ill-formed name,
  // and Internal if ICU normalization data is unavailable. Takes well under a second for 60,000
  // names.
  static absl::StatusOr<NameMatcher> Build(const std::vector<NameEntry>& names);

  // Returns the names found in `utf8`, ordered by begin, non-overlapping: at each position the
  // longest name wins (leftmost-longest); for one span, the text as written beats an inflected
  // reading, fewer ending letters beat more, then the earlier entry in `names` wins. Offsets are
  // byte offsets into `utf8` and fall on token boundaries; an English possessive is left out of
  // the match ("Macron" of "Macron's"), as is a French/Italian elided article ("Élysée" of
  // "l'Élysée"). Short names are compared with the text as it is: pass NFC text (ingest does).
  // Returns InvalidArgument "text: invalid UTF-8 at byte offset N" on ill-formed input, N as
  // from text::FindInvalidUtf8. Thread-safe: any number of threads may call Match on one matcher.
  absl::StatusOr<std::vector<NameMatch>> Match(std::string_view utf8,
                                               const NameMatchOptions& options = {}) const;

  const Stats& stats() const;

  NameMatcher(NameMatcher&&) noexcept;
  NameMatcher& operator=(NameMatcher&&) noexcept;
  ~NameMatcher();

 private:
  struct Impl;
  explicit NameMatcher(std::unique_ptr<const Impl> impl);

  std::unique_ptr<const Impl> impl_;
};

}  // namespace newsgraph::extract

#endif  // NEWSGRAPH_SERVICES_EXTRACT_MATCHER_NAME_MATCHER_H_
