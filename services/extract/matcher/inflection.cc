#include "services/extract/matcher/inflection.h"

#include <algorithm>
#include <initializer_list>
#include <string>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "common/text/normalizer.h"
#include "common/text/utf8.h"
#include "unicode/uchar.h"

namespace newsgraph::extract::matcher_internal {
namespace {

// Written as in dictionaries; folded at start-up with the same text::Fold as the words, so that
// й/ї/ё and Greek accents and final ς line up with the folded text (ий → ии, ої → оі, ας → ασ).
// Composite endings that would eat a stem vowel of common names (ія, ия, ια) are left out on
// purpose: Росія → "росі" matches Росії/Росією/Росію through the one-letter endings, while
// "рос" would also match роса or рослина.
constexpr std::string_view kCyrillicEndings[] = {
    // Nouns and adjectives, singular and plural, Ukrainian and Russian.
    "а",   "я",   "у",   "ю",   "о",   "е",   "є",   "і",   "ї",   "и",  "ы",   "ь",   "й",
    "ом",  "ем",  "єм",  "ём",  "ою",  "ею",  "єю",  "ой",  "ей",  "ій", "ий",  "ый",  "ої",
    "ам",  "ям",  "ах",  "ях",  "ів",  "їв",  "ов",  "ев",  "ёв",  "ую", "юю",  "ая",  "яя",
    "ое",  "ее",  "ые",  "ие",  "им",  "ым",  "ім",  "их",  "ых",  "іх", "ами", "ями", "ові",
    "еві", "єві", "ого", "его", "ому", "ему", "ими", "ыми", "іми",
};

// The endings a Cyrillic name in a knowledge base carries: nominative of nouns and adjectives,
// and the one-letter endings of the genitive/dative/locative aliases curators add ("Макрона",
// "Німеччини"). Longer oblique endings (ові, ого, ою, ами, ...) are left to the text side: taken
// off an alias like "Ростові" they would leave "рост", which "ростом" (by growth) also has.
constexpr std::string_view kCyrillicNameEndings[] = {
    "а", "я",  "у",  "ю",  "о",  "е",  "є",  "і",  "ї",  "и",  "ы",  "ь",
    "й", "ий", "ій", "ый", "ой", "ая", "яя", "ое", "ее", "ые", "ие",
};

constexpr std::string_view kGreekEndings[] = {
    "ος", "ου", "ο", "ε", "οι", "ους", "ων", "ας", "α", "ες", "η", "ης", "ι", "ις", "εις", "εων",
};

// Raw Greek endings also come accented, since the stress often falls on them (Αθηνών, Ρωμαίων).
constexpr std::string_view kGreekAccentedEndings[] = {
    "ός", "ού", "ό", "έ", "οί", "ούς", "ών", "άς", "ά", "ές", "ή", "ής", "ί", "ίς", "είς", "έων",
};

constexpr std::string_view kLatinSlavicEndings[] = {
    "a",   "u",   "e",   "y",   "i",   "o",   "ą",   "ę",   "ě",   "em",  "om",  "ie",  "ej",
    "ym",  "im",  "ów",  "ow",  "ou",  "ům",  "um",  "ém",  "ým",  "am",  "ach", "ech", "ami",
    "owi", "ovi", "ego", "emu", "ého", "ému", "ych", "ich", "ých", "ymi", "imi", "ými", "iem",
};

// Folds the endings, drops duplicates that folding creates (й and и), sorts shortest first.
using EndingList = std::vector<std::string_view>;

template <size_t N>
EndingList ListOf(const std::string_view (&array)[N]) {
  return EndingList(std::begin(array), std::end(array));
}

std::vector<std::pair<std::string, size_t>> Prepare(std::initializer_list<EndingList> lists,
                                                    bool fold) {
  absl::flat_hash_set<std::string> seen;
  std::vector<std::pair<std::string, size_t>> out;
  for (const EndingList& list : lists) {
    for (std::string_view ending : list) {
      std::string text = fold ? text::Fold(ending) : std::string(ending);
      if (text.empty() || !seen.insert(text).second) continue;
      const size_t code_points = Inflections::CodePoints(text);
      out.emplace_back(std::move(text), code_points);
    }
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const auto& a, const auto& b) { return a.second < b.second; });
  return out;
}

bool IsCyrillicVowel(char32_t cp) {
  switch (cp) {
    case U'а':
    case U'е':
    case U'є':
    case U'и':
    case U'і':
    case U'ї':
    case U'о':
    case U'у':
    case U'ю':
    case U'я':
    case U'ы':
    case U'э':
      return true;
    default:
      return false;
  }
}

}  // namespace

const Inflections& Inflections::Get() {
  static const Inflections* const inflections = new Inflections();
  return *inflections;
}

Inflections::Inflections() {
  auto as_endings = [](const std::vector<std::pair<std::string, size_t>>& endings) {
    std::vector<Ending> out;
    for (const auto& [text, code_points] : endings) out.push_back({text, code_points});
    return out;
  };
  // `name_side` empty means every ending; Cyrillic lists its dictionary-form endings.
  auto fill = [&](Table* table, const std::vector<std::pair<std::string, size_t>>& endings,
                  const std::vector<std::pair<std::string, size_t>>& name_side) {
    for (const auto& [text, code_points] : endings) {
      size_t last = text.size() - 1;
      while (last > 0 && (static_cast<unsigned char>(text[last]) & 0xC0) == 0x80) --last;
      char32_t cp = 0;
      text::DecodeUtf8(text, last, &cp);
      if (cp >= table->by_last.size()) table->by_last.resize(cp + 1);
      table->by_last[cp].push_back({text, code_points});
    }
    table->name_side = as_endings(name_side.empty() ? endings : name_side);
  };
  fill(&cyrillic_, Prepare({ListOf(kCyrillicEndings)}, /*fold=*/true),
       Prepare({ListOf(kCyrillicNameEndings)}, /*fold=*/true));
  fill(&greek_, Prepare({ListOf(kGreekEndings)}, /*fold=*/true), {});
  fill(&latin_slavic_, Prepare({ListOf(kLatinSlavicEndings)}, /*fold=*/true), {});
  raw_cyrillic_ = as_endings(Prepare({ListOf(kCyrillicEndings)}, /*fold=*/false));
  raw_cyrillic_names_ = as_endings(Prepare({ListOf(kCyrillicNameEndings)}, /*fold=*/false));
  raw_greek_ =
      as_endings(Prepare({ListOf(kGreekEndings), ListOf(kGreekAccentedEndings)}, /*fold=*/false));
}

const Inflections::Table& Inflections::TableFor(Declension declension) const {
  switch (declension) {
    case Declension::kCyrillic:
      return cyrillic_;
    case Declension::kGreek:
      return greek_;
    case Declension::kLatinSlavic:
      return latin_slavic_;
    case Declension::kNone:
      break;
  }
  return none_;
}

const std::vector<Inflections::Ending>& Inflections::RawEndingsFor(Declension declension) const {
  switch (declension) {
    case Declension::kCyrillic:
      return raw_cyrillic_;
    case Declension::kGreek:
      return raw_greek_;
    default:
      return raw_none_;
  }
}

std::string Inflections::LowerCase(std::string_view word) {
  std::string out;
  out.reserve(word.size());
  for (size_t i = 0; i < word.size();) {
    char32_t cp;
    const size_t len = text::DecodeUtf8(word, i, &cp);
    if (len == 0) {  // Not expected: callers pass validated text.
      out.push_back(word[i++]);
      continue;
    }
    text::AppendUtf8(
        static_cast<char32_t>(u_foldCase(static_cast<UChar32>(cp), U_FOLD_CASE_DEFAULT)), &out);
    i += len;
  }
  return out;
}

std::string_view Inflections::RawNameStem(std::string_view raw, Declension declension) const {
  const std::vector<Ending>& endings = RawEndingsFor(declension);
  const size_t code_points = Inflections::CodePoints(raw);
  for (auto it = endings.rbegin(); it != endings.rend(); ++it) {
    if (code_points < it->code_points + kMinStemCodePoints) continue;
    if (raw.size() > it->text.size() && raw.substr(raw.size() - it->text.size()) == it->text) {
      return raw.substr(0, raw.size() - it->text.size());
    }
  }
  return raw;
}

std::vector<std::string> Inflections::AlternateStems(std::string_view word) const {
  // Find the last vowel; it must be і or ї, not the first letter, and be followed by consonants
  // only.
  size_t vowel_at = std::string_view::npos;
  size_t vowel_len = 0;
  char32_t vowel = 0;
  size_t index = 0;
  for (size_t i = 0; i < word.size(); ++index) {
    char32_t cp;
    const size_t len = text::DecodeUtf8(word, i, &cp);
    if (len == 0) return {};
    if (IsCyrillicVowel(cp)) {
      vowel_at = i;
      vowel_len = len;
      vowel = cp;
      if (index == 0) vowel_at = std::string_view::npos;
    }
    i += len;
  }
  if ((vowel != U'і' && vowel != U'ї') || vowel_at == std::string_view::npos ||
      vowel_at + vowel_len >= word.size()) {
    return {};
  }
  std::vector<std::string> stems;
  for (std::string_view replacement : {"о", "е", "є"}) {
    std::string stem(word.substr(0, vowel_at));
    stem.append(replacement);
    stem.append(word.substr(vowel_at + vowel_len));
    stems.push_back(std::move(stem));
  }
  return stems;
}

}  // namespace newsgraph::extract::matcher_internal
