// Names across scripts and transliteration conventions: "Макрон", "Μακρόν" and "Macron" all
// become the ASCII word "makron" and its phonetic skeleton. Used for provisional entity ids
// (extract) and for entity autocomplete (query), which must agree on nothing but each needs the
// same notion of "sounds alike".
#ifndef NEWSGRAPH_COMMON_TEXT_PHONETIC_H_
#define NEWSGRAPH_COMMON_TEXT_PHONETIC_H_

#include <string>
#include <string_view>
#include <vector>

namespace newsgraph::text {

// Returns the words of `name` (valid UTF-8) after ICU's "Any-Latin; Latin-ASCII; Lower"
// transliteration, each reduced to a rough phonetic skeleton so that transliteration conventions
// meet: sh/ch/kh/zh/th → s/c/k/z/t, ph → f, y/j → i, w → v, c/q → k, h → g, x → ks, doubled
// letters once ("Шмигаль" → "smigal", "Shmyhal" → "smigal"; "Macron" and "Макрон" → "makron").
// Words are the runs of ASCII letters and digits. Empty when the name has none, or when ICU's
// transliteration data is missing. Thread-safe (one ICU transliterator per thread).
std::vector<std::string> PhoneticWords(std::string_view name);

}  // namespace newsgraph::text

#endif  // NEWSGRAPH_COMMON_TEXT_PHONETIC_H_
