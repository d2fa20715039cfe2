// Character-level normalization of scraped text, line by line. Kept separate from the line
// classifiers so that they only ever see NFC lines with single spaces and no invisible characters,
// and so that raw line numbers stay aligned with normalized lines (one output line per raw line).
#ifndef NEWSGRAPH_SERVICES_INGEST_CORE_CLEANING_WHITESPACE_H_
#define NEWSGRAPH_SERVICES_INGEST_CORE_CLEANING_WHITESPACE_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace newsgraph::ingest::cleaning {

// Splits `raw` into lines at LF, CRLF and lone CR (a terminator at the very end does not start an
// extra line; "" has no lines) and returns each line normalized: control characters dropped except
// tab/VT/FF/NEL, which become spaces; zero-width and format characters (U+00AD, U+180E,
// U+200B..U+200F, U+202A..U+202E, U+2060..U+206F, U+FEFF, U+FFF9..U+FFFB) dropped; horizontal
// whitespace (incl. U+00A0, U+1680, U+2000..U+200A, U+2028/U+2029, U+202F, U+205F, U+3000)
// collapsed to one ASCII space; each line trimmed; then NFC. The result has exactly as many
// entries as `raw` has lines. InvalidArgument on ill-formed UTF-8 (message names field "text").
absl::StatusOr<std::vector<std::string>> NormalizeLines(std::string_view raw);

// Normalizes a one-line string such as a client title the same way, with line breaks treated as
// spaces. InvalidArgument naming `field` on ill-formed UTF-8.
absl::StatusOr<std::string> NormalizeInline(std::string_view text, std::string_view field);

// Joins `lines` with "\n", skipping lines whose `removed` flag is set. A removed line counts as a
// paragraph break (it never glues its neighbours into one paragraph); runs of blank lines collapse
// to one blank line and blank lines at either end are dropped. `removed` must be as long as
// `lines`.
std::string AssembleBody(const std::vector<std::string>& lines, const std::vector<bool>& removed);

}  // namespace newsgraph::ingest::cleaning

#endif  // NEWSGRAPH_SERVICES_INGEST_CORE_CLEANING_WHITESPACE_H_
