// Pattern entities: dates (absolute in each language's usual forms, and relative to the
// published date), money with its currency, percentages, URLs and domains, and product/model
// codes ("MI300X"). Languages: en, vi, uk, ru, el, de, fr, zh; numbers follow the document
// language's separators.
#ifndef NEWSGRAPH_SERVICES_EXTRACT_PATTERNS_PATTERNS_H_
#define NEWSGRAPH_SERVICES_EXTRACT_PATTERNS_PATTERNS_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/time/civil_time.h"
#include "newsgraph/common/v1/types.pb.h"

namespace newsgraph::extract::patterns {

struct PatternOptions {
  // BCP 47 language of the text ("de", "uk"); empty when unknown (English number separators).
  std::string language;
  // The anchor of relative dates ("yesterday", "вчора", "thứ Hai"); without it they are found
  // but get no normalized value.
  std::optional<absl::CivilDay> published;
};

struct PatternMatch {
  size_t begin = 0;  // byte offsets into the text, end exclusive
  size_t end = 0;
  common::v1::EntityType type = common::v1::ENTITY_TYPE_UNSPECIFIED;
  // Dates: "2025-11-28", "2025-11", "2025", "--11-28" (no year known) or "" (relative, no
  // anchor). Money: "USD 1500000000". Percent: "12.5%". URL: as written. Code: as written.
  std::string normalized;
  // Dates "date:<normalized>", money "ng:currency/<iso lowercase>", URLs "domain:<host>", codes
  // "ng:code/<lowercase>"; empty for percentages and unanchored relative dates.
  std::string entity_id;
  float confidence = 1.0f;
};

// The pattern entities of `utf8` (valid UTF-8, e.g. validated by the extractor), ordered by
// begin and not overlapping (a URL beats money, money beats a percentage or date, a date beats a
// code; otherwise the longer match). Never fails.
std::vector<PatternMatch> FindPatterns(std::string_view utf8, const PatternOptions& options);

}  // namespace newsgraph::extract::patterns

#endif  // NEWSGRAPH_SERVICES_EXTRACT_PATTERNS_PATTERNS_H_
