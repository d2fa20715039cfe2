// A light Ukrainian stemmer: Snowball has no Ukrainian algorithm, and news search mostly needs the
// case endings of nouns, adjectives and proper names ("Німеччина", "Німеччини", "Німеччиною") to
// meet. It strips at most one ending from a fixed table and never analyses verbs.
//
// It works on text::Fold() output, so that index and query agree whatever the writer typed: ґ→г,
// ї→і and й→и have already happened (adjective "новий" is seen as "новии"), and the table is
// written in that folded alphabet.
//
// Where one stem cannot serve every form, a word gets two keys, and two words match when they
// share one (the analyzer indexes all of a word's keys and looks all of them up):
//  - endings that end in a consonant (-ом, -ам, -ів, -их, ...) may be part of a bare stem
//    ("В'єтнам", "Харків"), so the whole word is a second key: "В'єтнаму" → в'єтнам meets
//    "В'єтнам" → {в'єтн, в'єтнам};
//  - Ukrainian closes the last syllable of many nouns with і where the other forms have о, е or є
//    (Київ/Києва, Львів/Львова, рік/року, ніч/ночі); an inflected form whose stem ends in о/е/є
//    plus one consonant also gets the і-variant: "Києва" → {києв, киів} meets "Київ" → {киів}.
// Not handled: fleeting vowels outside that pattern, consonant changes (рука/руці, друг/друзі),
// genitive plurals without an ending when the stem changes (питання/питань), verbs.
#ifndef NEWSGRAPH_COMMON_ANALYSIS_UKRAINIAN_STEMMER_H_
#define NEWSGRAPH_COMMON_ANALYSIS_UKRAINIAN_STEMMER_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace newsgraph::analysis {

// Stems keep at least this many code points, so that short words are not reduced to stems that
// half the vocabulary shares; a stem must also keep a vowel ("Львові" is never "льв").
inline constexpr size_t kUkrainianMinStem = 3;

// Appends to *stems one or two stems of `folded`, a single word already passed through
// text::Fold(): first the word minus its longest known ending (or the word itself when no ending
// applies), then the alternative described in the file comment, if any; never the same string
// twice. Words that are not Cyrillic simply find no ending and come back unchanged.
// Never fails; ill-formed UTF-8 is returned unchanged. Thread-safe.
void AppendUkrainianStems(std::string_view folded, std::vector<std::string>* stems);

}  // namespace newsgraph::analysis

#endif  // NEWSGRAPH_COMMON_ANALYSIS_UKRAINIAN_STEMMER_H_
