#include "common/analysis/ukrainian_stemmer.h"

#include <algorithm>
#include <array>
#include <string>
#include <string_view>

#include "common/text/utf8.h"

namespace newsgraph::analysis {
namespace {

// Case endings of nouns and adjectives in folded spelling (й→и, ї→і), longest first, so that the
// first ending that leaves an acceptable stem is the longest one: "Трампові" loses "ові", not "і".
// Sources: the declension tables of standard Ukrainian grammars; Russian-only endings (-ов, -ая,
// -ый) are left out so that Ukrainian stems like "Лавров" are not cut.
constexpr std::u32string_view kEndings[] = {
    // Three letters and more: soft adjectives, -ові/-еві datives, plural instrumentals.
    U"ього",
    U"ьому",
    U"ьоі",
    U"ьою",
    U"ого",
    U"ому",
    U"ами",
    U"ями",
    U"ими",
    U"іми",
    U"ові",
    U"еві",
    U"єві",
    // Two letters.
    U"ою",
    U"ею",
    U"єю",
    U"ом",
    U"ем",
    U"єм",
    U"ам",
    U"ям",
    U"ах",
    U"ях",
    U"ів",
    U"еи",
    U"ии",
    U"іи",
    U"оі",
    U"их",
    U"іх",
    U"им",
    U"ім",
    // One letter.
    U"а",
    U"я",
    U"у",
    U"ю",
    U"і",
    U"и",
    U"о",
    U"е",
    U"є",
    U"ь",
};

// Longer words are left alone: no inflected Ukrainian word is that long, and a fixed buffer keeps
// the common path free of allocations.
constexpr size_t kMaxCodePoints = 64;

bool IsVowel(char32_t c) {
  switch (c) {
    case U'а':
    case U'е':
    case U'є':
    case U'и':
    case U'і':
    case U'о':
    case U'у':
    case U'ю':
    case U'я':
      return true;
    default:
      return false;
  }
}

bool IsConsonant(char32_t c) {
  return c >= U'а' && c <= U'я' && !IsVowel(c) && c != U'ь' && c != U'ъ' && c != U'ы' && c != U'э';
}

std::u32string Replace(std::u32string_view word, size_t at, char32_t c) {
  std::u32string out(word);
  out[at] = c;
  return out;
}

// Appends `stem` in UTF-8 unless it is already among (*stems)[first..].
void AddUnique(std::u32string_view stem, std::vector<std::string>* stems, size_t first) {
  std::string utf8;
  utf8.reserve(2 * stem.size());
  for (const char32_t c : stem) text::AppendUtf8(c, &utf8);
  if (std::find(stems->begin() + first, stems->end(), utf8) != stems->end()) return;
  stems->push_back(std::move(utf8));
}

}  // namespace

void AppendUkrainianStems(std::string_view folded, std::vector<std::string>* stems) {
  std::array<char32_t, kMaxCodePoints> buffer;
  size_t n = 0;
  for (size_t i = 0; i < folded.size();) {
    char32_t c;
    const size_t len = text::DecodeUtf8(folded, i, &c);
    if (len == 0 || n == buffer.size()) {
      stems->push_back(std::string(folded));
      return;
    }
    buffer[n++] = c;
    i += len;
  }
  if (n == 0) return;
  const std::u32string_view word(buffer.data(), n);

  std::u32string_view ending;
  for (const std::u32string_view candidate : kEndings) {
    if (n < candidate.size() + kUkrainianMinStem || !word.ends_with(candidate)) continue;
    const std::u32string_view rest = word.substr(0, n - candidate.size());
    if (std::any_of(rest.begin(), rest.end(), IsVowel)) {
      ending = candidate;
      break;
    }
  }
  const std::u32string_view stem = word.substr(0, n - ending.size());
  const size_t first = stems->size();
  AddUnique(stem, stems, first);
  const size_t s = stem.size();
  if (!ending.empty() && IsConsonant(ending.back())) {
    // The "ending" may belong to a bare stem: "В'єтнам", "Харків".
    AddUnique(word, stems, first);
  }
  if (!ending.empty() && IsConsonant(stem[s - 1]) &&
      (stem[s - 2] == U'о' || stem[s - 2] == U'е' || stem[s - 2] == U'є')) {
    // The closed-syllable form of the same noun has і there: Києв-а ↔ Київ, Львов-а ↔ Львів.
    AddUnique(Replace(stem, s - 2, U'і'), stems, first);
  }
  if (ending == U"іи") {
    // Nouns in -ій keep the і in every other form: Андрій ↔ Андрі-я, Капітолій ↔ Капітолі-ю.
    std::u32string with_i(stem);
    with_i.push_back(U'і');
    AddUnique(with_i, stems, first);
  }
  if (ending == U"і" && (stem[s - 1] == U'ц' || stem[s - 1] == U'з' || stem[s - 1] == U'с')) {
    // Dative and locative in -і turn к, г, х into ц, з, с: Америці ↔ Америк-а, Фрайбурзі.
    const char32_t back = stem[s - 1] == U'ц' ? U'к' : stem[s - 1] == U'з' ? U'г' : U'х';
    AddUnique(Replace(stem, s - 1, back), stems, first);
  }
  if (!ending.empty() && s > kUkrainianMinStem && IsConsonant(stem[s - 1]) &&
      stem[s - 1] == stem[s - 2]) {
    // Soft-stem nouns double the consonant before some endings: Білорус-ь ↔ Білорусс-ю,
    // рішенн-я ↔ рішен-ь.
    AddUnique(stem.substr(0, s - 1), stems, first);
  }
  if ((ending.empty() || ending == U"ь") && s > kUkrainianMinStem &&
      (stem[s - 1] == U'к' || stem[s - 1] == U'ц') &&
      (stem[s - 2] == U'о' || stem[s - 2] == U'е') && IsConsonant(stem[s - 3])) {
    // The о/е of -ок, -ець drops out in the other forms: будинок ↔ будинк-у, німець ↔ німц-я.
    std::u32string without(stem.substr(0, s - 2));
    without.push_back(stem[s - 1]);
    AddUnique(without, stems, first);
  }
}

}  // namespace newsgraph::analysis
