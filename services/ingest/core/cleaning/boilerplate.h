// Line classifiers for scraping debris. Each looks at one normalized line (NFC, single spaces,
// trimmed) and its Terms() — the folded words — and answers one question. They hold no state and
// know nothing about line positions; cleaner.cc decides where each one applies.
#ifndef NEWSGRAPH_SERVICES_INGEST_CORE_CLEANING_BOILERPLATE_H_
#define NEWSGRAPH_SERVICES_INGEST_CORE_CLEANING_BOILERPLATE_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace newsgraph::ingest::cleaning {

// Lines at least this long are article content by construction: no debris line, date line or
// headline is this long, so they skip word segmentation entirely (this is what keeps cleaning
// cheap on long paragraphs).
inline constexpr size_t kMaxClassifiedBytes = 400;

// True when `line` reads like a sentence of the article: it ends with sentence punctuation
// (. ! ? … 。！？, possibly followed by closing quotes or brackets) and has more than 12 words.
// Such a line is never removed, whatever else it looks like.
bool IsContentSentence(std::string_view line, size_t word_count);

// True for share/social/comment widgets: at most 12 words (a URL or domain counts as one word),
// at least one from the widget vocabulary ("share", "facebook", "Chia sẻ", "Bình luận",
// "Поділитися", "Σχόλια", "分享", ...), and at least 60% of them widget words, URLs or numbers
// (counters such as "Bình luận (0)").
bool IsShareWidget(std::string_view line, const std::vector<std::string>& terms);

// True for a site footer: a line made only of URLs/domains and separators ("www.example.vn",
// "ukr-example.ua/tech | example.com"), a source label followed by a domain ("Nguồn:
// example.vn"), or a short copyright line ("© 2025 Site", "Copyright ...", "All rights reserved").
bool IsSiteFooter(std::string_view line, const std::vector<std::string>& terms);

enum class RelatedKind {
  kNone,
  kHeading,  // Only the phrase: "Tin liên quan", "Διαβάστε επίσης", "Read more".
  kLink,  // The phrase, a colon and a headline: "Читайте також: Ціни на пам'ять ...".
};

// Classifies "read also" / "related articles" lines in en, vi, uk, ru, el, de, zh.
RelatedKind ClassifyRelated(std::string_view line, const std::vector<std::string>& terms);

// True when `line` could be a headline: under 200 bytes, 1 to 24 words of which at least one is
// not a number, and not ending with '.', ',', ';', ':', '-', '…' or their CJK forms. '?' and '!'
// are allowed since headlines ask and exclaim.
bool IsHeadlineLike(std::string_view line, const std::vector<std::string>& terms);

// True when the line starts with a lowercase letter, i.e. it continues a sentence from the line
// above (hard-wrapped text), so the line above is not a headline.
bool StartsLowercase(std::string_view line);

// True when `chunk` (no spaces) is a URL ("https://...") or a bare domain with optional path
// ("www.example-news.vn", "ukr-example.ua/tech"). Trailing punctuation is ignored.
bool IsUrlOrDomain(std::string_view chunk);

// The comparison key of a line for title matching: its folded words joined by single spaces, so
// "Samsung và TSMC" and "SAMSUNG VA TSMC" share a key.
std::string TitleKey(const std::vector<std::string>& terms);

// How many letters of `line` carry a diacritic (or are đ, ß, ς ...): among lines with the same
// TitleKey, the one with the highest score is the best-written copy of the title.
int DiacriticScore(std::string_view line);

}  // namespace newsgraph::ingest::cleaning

#endif  // NEWSGRAPH_SERVICES_INGEST_CORE_CLEANING_BOILERPLATE_H_
