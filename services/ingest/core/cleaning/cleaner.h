// Turns messy scraped article text into what the index should see: a normalized body without the
// debris that scrapers leave around an article (a bare date line, the headline repeated without
// diacritics, share buttons, "read also" links, the site's name or URL), plus the title and date
// found on the way. Debris is removed at line granularity and every removal is reported with the
// raw line numbers, so that a reader of the stored raw text can see exactly what was dropped.
//
// Everything here is heuristic and tuned to be conservative: a line that reads like a sentence of
// the article (ends with sentence punctuation and has more than a dozen words) is never removed.
#ifndef NEWSGRAPH_SERVICES_INGEST_CORE_CLEANING_CLEANER_H_
#define NEWSGRAPH_SERVICES_INGEST_CORE_CLEANING_CLEANER_H_

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace newsgraph::ingest {

// How much of a FoundDate is known. kSecond is part of the shared vocabulary (client timestamps)
// but never produced by the cleaner, since FoundDate carries no time of day.
enum class DatePrecision { kNone, kYear, kMonth, kDay, kSecond };

// A calendar date found in the text. Fields below the precision are 0 (e.g. day for kMonth).
struct FoundDate {
  int year = 0;
  int month = 0;  // 1..12, 0 when unknown
  int day = 0;    // 1..31, 0 when unknown
  DatePrecision precision = DatePrecision::kNone;

  friend bool operator==(const FoundDate&, const FoundDate&) = default;
};

// A run of removed lines. Line numbers are 0-based indexes into the RAW text's lines (lines end at
// LF, CRLF or a lone CR; a final line terminator does not start another line); end is exclusive.
struct RemovedLines {
  int begin_line = 0;
  int end_line = 0;
  // One of: "date_header", "title", "title_repeat", "share_widget", "site_footer",
  // "related_links", "empty" (a line with no words at all, e.g. "• • •").
  std::string reason;

  friend bool operator==(const RemovedLines&, const RemovedLines&) = default;
};

struct CleanedText {
  // The indexed body: NFC, whitespace normalized, without the removed lines. Paragraphs are
  // separated by exactly one blank line; no leading or trailing whitespace.
  std::string body;
  // The client's title (normalized like the body) when one was given, otherwise the headline found
  // at the top of the text, otherwise "".
  std::string title;
  // The first date header found among the leading lines.
  std::optional<FoundDate> date;
  // Removed runs in raw line order; adjacent lines with the same reason are merged.
  std::vector<RemovedLines> removed;
};

struct CleanerOptions {
  // The title the client gave, if any. It wins over a headline found in the text (a different
  // headline line is then kept in the body), and every line that matches it after case and
  // diacritic folding is removed as "title_repeat". Blank means "not given".
  std::string known_title;
};

// Cleans `raw` (the article as plain text):
//  * normalization: NFC; CRLF/CR → LF; control characters dropped (tab and other blanks become a
//    space); zero-width and bidi format characters and the soft hyphen dropped; runs of horizontal
//    whitespace (NBSP, ideographic space, ...) collapsed to one space; lines trimmed; at most one
//    blank line in a row; the body trimmed;
//  * among the first five non-empty lines: date-only lines ("date 2025-11-28", "Date: 2024-12",
//    "14.03.2025", "14 березня 2025, 11:20", "2025年3月14日", ...) → `date` and "date_header";
//    without a known title, the first short headline-like line → `title` and "title" (of several
//    folding-equal copies there, the one with the most diacritics is kept as the title);
//  * anywhere: copies of the title ("title_repeat"), share/comment widgets ("share_widget"),
//    URL/domain/copyright lines ("site_footer"), "read also" lines and trailing lists of related
//    headlines ("related_links"), lines without any word ("empty").
// Runs in time linear in the input; only short lines (< 400 bytes) go through word segmentation.
// Returns InvalidArgument "text: invalid UTF-8 at byte offset N" (or "known_title: ...") on
// ill-formed UTF-8; never fails otherwise (empty input yields an empty result). Thread-safe.
absl::StatusOr<CleanedText> CleanText(std::string_view raw, const CleanerOptions& options);

}  // namespace newsgraph::ingest

#endif  // NEWSGRAPH_SERVICES_INGEST_CORE_CLEANING_CLEANER_H_
