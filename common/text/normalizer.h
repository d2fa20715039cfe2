// Unicode normalization for storage (NFC) and for matching (Fold). Documents keep their NFC text
// for display; the index and queries both go through Fold, so that a reader typing "Viet Nam",
// "ΜΑΚΡΟΝ" or "ганок" without diacritics finds text written with them.
#ifndef NEWSGRAPH_COMMON_TEXT_NORMALIZER_H_
#define NEWSGRAPH_COMMON_TEXT_NORMALIZER_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace newsgraph::text {

// Returns the NFC form of `utf8` (e.g. "e\u0301" becomes "\u00e9"); ASCII input is returned as a
// copy without touching ICU. Returns InvalidArgument "text: invalid UTF-8 at byte offset N" when
// the input is not well-formed UTF-8, and Internal if ICU's normalization data cannot be loaded.
// Thread-safe.
absl::StatusOr<std::string> NormalizeNfc(std::string_view utf8);

// Returns the search key of `utf8`: full Unicode case folding, then NFD with every nonspacing mark
// (general category Mn) removed, then NFC, plus explicit maps for letters that carry a stroke or
// are ligatures and so do not decompose: đ→d, ґ→г, ø→o, ł→l, ı→i, æ→ae, œ→oe, ħ→h (and their
// capitals via folding). Examples: "Việt Nam"→"viet nam", "ΜΑΚΡΌΝ"→"μακρον" (ς also folds to σ),
// "Їжак"→"іжак", "Straße"→"strasse", "德国"→"德国".
// The caller is expected to have validated the input; each ill-formed byte is replaced by U+FFFD
// instead of failing, because Fold runs in places (query parsing, index build) that have no error
// channel. Never fails, thread-safe. Note that removing Mn also strips Japanese dakuten and Thai or
// Indic vowel signs that are Mn; this is lossy but applied identically to index and query.
std::string Fold(std::string_view utf8);

}  // namespace newsgraph::text

#endif  // NEWSGRAPH_COMMON_TEXT_NORMALIZER_H_
