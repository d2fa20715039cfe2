// Search-term analysis: the words of a document or a query turned into index keys, the same way
// at index and at query time, so that "Samsung va TSMC cong bo" finds "Samsung và TSMC công bố",
// "Γερμανια" finds "Γερμανίας", "Німеччина" finds "Німеччини" and "elections" finds "election".
//
// Design. Every word (ICU word segmentation, text::SegmentWords: Vietnamese syllables, Chinese
// and Japanese through ICU's dictionaries) produces, at its position:
//  - one exact term, text::Fold() of the word (case and diacritics folded: Greek tonos and final
//    sigma, Ukrainian ґ/г and ї/і, Vietnamese tones and đ);
//  - when the document's language has a stemmer and the word is in that stemmer's script, one or
//    two stem keys "~" + folded stem (kStemPrefix), from Snowball (libstemmer) or, for
//    Ukrainian, the light suffix stripper in ukrainian_stemmer.h.
// Exact terms and stem keys live in one index but two key spaces, so the engine can rank an exact
// match above a match on the stem only. Stem keys are not tagged with their language: a name
// declined alike in two languages ("Макрона" in Russian and Ukrainian text) meets across them,
// and a query whose language is unknown can still be stemmed.
//
// At query time a word matches a document word when their exact terms are equal or they share a
// stem key. The query's language is usually unknown (two words say little), so AnalyzeQuery
// stems each query word with every candidate language's stemmer whose script the word is in and
// returns all the keys: with candidates {uk, ru, el, de, en}, "Німеччина" gets the Ukrainian and
// Russian keys (both німеччин), "Deutschlands" the German and English ones (deutschland and
// deutschlands). A key from a "wrong" language only finds documents whose own stemmer produced
// the same key, which is rare and ranks below exact matches anyway.
//
// Symmetry. The stem key of a (word, language) pair is one pure function used for both sides:
// per language the stemmer sees either the folded word or only the lower-cased one (StemInput in
// stem_keys.h: Greek and German are stemmed after folding, so "Γερμανια" typed without tonos and
// "Γερμανίας" agree; Russian before, because its endings are spelt with й), and the stem is then
// folded. Vietnamese, Chinese, Japanese and languages Snowball lacks (Polish, Czech, Bulgarian,
// ...) get exact terms only. Changing any of this changes index keys: bump kAnalysisVersion.
#ifndef NEWSGRAPH_COMMON_ANALYSIS_ANALYZER_H_
#define NEWSGRAPH_COMMON_ANALYSIS_ANALYZER_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "common/analysis/stem_keys.h"

namespace newsgraph::analysis {

// Identifies the key-producing behaviour of this library (including the libstemmer algorithms it
// uses). A store should record the version its postings were built with and re-index when it
// differs, because old stem keys would silently stop matching new queries.
inline constexpr int kAnalysisVersion = 1;

enum class TermKind : uint8_t {
  kExact,  // text::Fold() of the word
  kStem,   // kStemPrefix + folded stem
};

// One index term of a document.
struct AnalyzedTerm {
  std::string term;
  uint32_t position;  // index of the word in the text (0-based); exact and stem terms share it
  size_t begin;       // byte offset of the word in the analyzed text, for highlighting
  size_t end;         // byte offset, exclusive
  TermKind kind;

  friend bool operator==(const AnalyzedTerm&, const AnalyzedTerm&) = default;
};

// Returns the index terms of `utf8` written in `language` (BCP 47, e.g. "de", "uk-UA"): for each
// word in order, its exact term followed by its stem keys (none when the language has no stemmer
// or is empty or unknown, or the word is in another script). Positions count every word ICU
// finds, so phrase queries can require consecutive positions; a word that folds to nothing (none
// is known) would leave a gap rather than shift the rest. Empty text yields no terms.
// Returns InvalidArgument "text: invalid UTF-8 at byte offset N" for ill-formed input and
// otherwise fails as text::SegmentWords() does; returns Internal if libstemmer fails (see
// AppendStemKeys). Thread-safe.
absl::StatusOr<std::vector<AnalyzedTerm>> Analyze(std::string_view utf8, std::string_view language);

// One word of a query, with every key that may find it.
struct QueryWord {
  std::string exact;               // text::Fold() of the word; never empty
  std::vector<std::string> stems;  // distinct stem keys over all candidate languages, in order
  uint32_t position;               // index of the word in the query text
  size_t begin;                    // byte offsets of the word in the query text
  size_t end;

  friend bool operator==(const QueryWord&, const QueryWord&) = default;
};

// Returns the words of a query (or of one term or phrase of a parsed query) with their exact
// term and the stem keys computed with the stemmer of each language in `languages` (BCP 47 tags;
// duplicates and languages without a stemmer are ignored). Empty `languages` means "unknown":
// every supported stemmer is tried, each only on words of its script. Pass the document
// languages present in the index, plus the query's language when the user gave it, for fewer
// and more precise keys. Fails exactly as Analyze().
absl::StatusOr<std::vector<QueryWord>> AnalyzeQuery(std::string_view utf8,
                                                    const std::vector<std::string>& languages);

// Returns true when Analyze() stems text in `language` (same tag rules as FindStemmer()).
bool HasStemmer(std::string_view language);

}  // namespace newsgraph::analysis

#endif  // NEWSGRAPH_COMMON_ANALYSIS_ANALYZER_H_
