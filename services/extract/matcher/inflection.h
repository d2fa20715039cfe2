// Case endings of Ukrainian/Russian (Cyrillic), Greek and Latin-script Slavic (Polish, Czech,
// Slovak, Slovene, Croatian) nouns and adjectives, for matching inflected names: "Макрона",
// "Німеччиною", "Γερμανίας", "Близького Сходу" all reduce to the stem of the name as written in
// the knowledge base. This is deliberately a suffix table, not a morphological analyser: it
// strips at most one known ending and keeps a stem of at least kMinStemCodePoints, which links
// the regular declensions of proper names at the price of rare collisions between unrelated
// words that share a stem.
#ifndef NEWSGRAPH_SERVICES_EXTRACT_MATCHER_INFLECTION_H_
#define NEWSGRAPH_SERVICES_EXTRACT_MATCHER_INFLECTION_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/text/utf8.h"
#include "services/extract/matcher/char_table.h"

namespace newsgraph::extract::matcher_internal {

// Which ending table applies to a word.
enum class Declension : uint8_t {
  kNone,
  kCyrillic,     // Ukrainian and Russian
  kGreek,        // Modern Greek
  kLatinSlavic,  // Polish, Czech, Slovak, Slovene, Croatian
};

class Inflections {
 public:
  // Stems keep at least this many code points, so that short words are never reduced to a
  // two-letter stem that half the vocabulary shares.
  static constexpr size_t kMinStemCodePoints = 3;

  // Returns the process-wide tables (folded with text::Fold once, on first use). Thread-safe.
  static const Inflections& Get();

  // Calls fn(key) for every key under which a name word is indexed: the folded word itself, the
  // folded word minus each ending a dictionary form can carry (with kMinStemCodePoints left),
  // and for Ukrainian nouns the alternated stems (see AlternateStems). A text word then matches
  // the name when the text word minus one of its endings is one of these keys.
  // `lower` is the word in NFC with simple case folding only (see LowerCase): Cyrillic endings
  // are recognised on it rather than on the folded word, where й has become и and "Дании"
  // (genitive) would look like an adjective in "-ий". Cyrillic name words only lose endings of
  // dictionary forms (nominative; one-letter oblique endings of inflected aliases): "Ростові"
  // gives "ростов", never "рост". A word ending in a consonant is a masculine noun without an
  // ending, so "Львів", "В'єтнам" and "Лавров" keep their "ів", "ам" and "ов". Never fails.
  template <typename Fn>
  void ForEachNameKey(std::string_view folded, std::string_view lower, Declension declension,
                      Fn&& fn) const {
    fn(folded);
    const size_t code_points = CodePoints(folded);
    const Table& table = TableFor(declension);
    if (declension == Declension::kCyrillic && CodePoints(lower) == code_points) {
      for (const Ending& ending : raw_cyrillic_names_) {
        if (code_points < ending.code_points + kMinStemCodePoints) continue;
        if (!EndsWith(lower, ending.text)) continue;
        // Folding maps Cyrillic letters one to one, so the ending has as many code points there.
        size_t cut = folded.size();
        for (size_t n = 0; n < ending.code_points; ++n) {
          do {
            --cut;
          } while (cut > 0 && (static_cast<unsigned char>(folded[cut]) & 0xC0) == 0x80);
        }
        fn(folded.substr(0, cut));
      }
    } else {
      for (const Ending& ending : table.name_side) {
        if (code_points < ending.code_points + kMinStemCodePoints) continue;
        if (EndsWith(folded, ending.text)) fn(folded.substr(0, folded.size() - ending.text.size()));
      }
    }
    if (declension == Declension::kCyrillic) {
      for (const std::string& stem : AlternateStems(folded)) fn(std::string_view(stem));
    }
  }

  // Returns `word` (well-formed UTF-8) with ICU simple case folding applied to each code point
  // and nothing else: "Дании" → "дании", "Ιαπωνίας" → "ιαπωνίασ". Never fails.
  static std::string LowerCase(std::string_view word);

  // Calls fn(stem) for each known ending of the folded text word `folded`, shortest ending (so
  // most specific stem) first, skipping endings that would leave fewer than kMinStemCodePoints.
  // Stops and returns true as soon as fn returns true; returns false otherwise. Never fails.
  template <typename Fn>
  bool ForEachStem(std::string_view folded, Declension declension, Fn&& fn) const {
    const Table& table = TableFor(declension);
    if (folded.empty() || table.by_last.empty()) return false;
    size_t last = folded.size() - 1;
    while (last > 0 && (static_cast<unsigned char>(folded[last]) & 0xC0) == 0x80) --last;
    char32_t last_cp;
    if (text::DecodeUtf8(folded, last, &last_cp) == 0 || last_cp >= table.by_last.size()) {
      return false;
    }
    const std::vector<Ending>& endings = table.by_last[last_cp];
    if (endings.empty()) return false;
    const size_t code_points = CodePoints(folded);
    for (const Ending& ending : endings) {
      if (code_points < ending.code_points + kMinStemCodePoints) break;  // Sorted by length.
      if (!EndsWith(folded, ending.text)) continue;
      if (fn(folded.substr(0, folded.size() - ending.text.size()))) return true;
    }
    return false;
  }

  // Calls fn(stem) for each ending of the word `raw` as written (not folded: the case-sensitive
  // rule for short names), shortest first, with the same minimum stem; stops when fn returns
  // true and returns whether it did.
  template <typename Fn>
  bool ForEachRawStem(std::string_view raw, Declension declension, Fn&& fn) const {
    const std::vector<Ending>& endings = RawEndingsFor(declension);
    const size_t code_points = CodePoints(raw);
    for (const Ending& ending : endings) {
      if (code_points < ending.code_points + kMinStemCodePoints) break;
      if (!EndsWith(raw, ending.text)) continue;
      if (fn(raw.substr(0, raw.size() - ending.text.size()))) return true;
    }
    return false;
  }

  // Returns the stem of a raw (unfolded) short name as ForEachRawStem would see it: minus its
  // longest raw ending when kMinStemCodePoints remain, else the name itself.
  std::string_view RawNameStem(std::string_view raw, Declension declension) const;

  // True when `s` is longer than `suffix` and ends with it. A plain loop: endings are a few bytes,
  // where a call to memcmp costs more than the comparison.
  static bool EndsWith(std::string_view s, std::string_view suffix) {
    if (s.size() <= suffix.size()) return false;
    const char* tail = s.data() + (s.size() - suffix.size());
    for (size_t i = 0; i < suffix.size(); ++i) {
      if (tail[i] != suffix[i]) return false;
    }
    return true;
  }

  static size_t CodePoints(std::string_view s) {
    size_t n = 0;
    for (char c : s) n += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
    return n;
  }

  // Ukrainian stems of masculine nouns alternate і/ї with о, е or є once an ending opens the
  // last syllable: Схід → Сходу, Львів → Львова, Київ → Києва, Ріг → Рогу. Returns the
  // alternative stems of a Cyrillic word (folded, or as written) whose last vowel is і or ї,
  // not its first letter, followed by consonants only; empty for every other word. Never fails.
  std::vector<std::string> AlternateStems(std::string_view word) const;

  // Returns the declension whose endings apply to a word written in `script`; Latin-script
  // Slavic endings only when `latin_slavic` is true, since in English or Vietnamese text the
  // same letters end ordinary words.
  static Declension DeclensionFor(Script script, bool latin_slavic) {
    switch (script) {
      case kCyrillic:
        return Declension::kCyrillic;
      case kGreek:
        return Declension::kGreek;
      case kLatin:
        return latin_slavic ? Declension::kLatinSlavic : Declension::kNone;
      default:
        return Declension::kNone;
    }
  }

 private:
  struct Ending {
    std::string text;
    size_t code_points;
  };
  struct Table {
    // Endings grouped by their last code point (all below U+0600 once folded: ASCII, Greek,
    // Cyrillic), each group shortest first.
    std::vector<std::vector<Ending>> by_last;
    // Folded endings a name as written in a knowledge base may carry (see ForEachNameKey).
    std::vector<Ending> name_side;
  };

  Inflections();
  const Table& TableFor(Declension declension) const;
  const std::vector<Ending>& RawEndingsFor(Declension declension) const;

  Table cyrillic_;
  Table greek_;
  Table latin_slavic_;
  Table none_;
  // Raw (unfolded) endings, shortest first, for short names matched as written.
  std::vector<Ending> raw_cyrillic_;
  // Raw endings of Cyrillic dictionary forms, for name words (ForEachNameKey).
  std::vector<Ending> raw_cyrillic_names_;
  std::vector<Ending> raw_greek_;
  std::vector<Ending> raw_none_;
};

}  // namespace newsgraph::extract::matcher_internal

#endif  // NEWSGRAPH_SERVICES_EXTRACT_MATCHER_INFLECTION_H_
