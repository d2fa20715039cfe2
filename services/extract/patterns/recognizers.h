// The recognizers behind FindPatterns, one per kind of pattern, each over the whole text.
// Internal to the patterns library; tested through patterns_test.cc.
#ifndef NEWSGRAPH_SERVICES_EXTRACT_PATTERNS_RECOGNIZERS_H_
#define NEWSGRAPH_SERVICES_EXTRACT_PATTERNS_RECOGNIZERS_H_

#include <optional>
#include <string_view>
#include <vector>

#include "services/extract/patterns/patterns.h"
#include "services/extract/patterns/token_stream.h"

namespace newsgraph::extract::patterns {

// A number assembled from tokens: "1,5", "1.500.000", "1 500", "12".
struct ParsedNumber {
  double value = 0;
  size_t end_token = 0;  // one past its last token
  bool has_fraction = false;
};

// The number starting at tokens[i] (a number token), read with `language`'s separators:
// "1.500" is 1500 in de/uk/ru/el/fr/vi and 1.5 in en/zh. nullopt when tokens[i] is no number.
std::optional<ParsedNumber> ParseNumber(const std::vector<PatternToken>& tokens, size_t i,
                                        std::string_view language);

void FindAmounts(std::string_view text, const std::vector<PatternToken>& tokens,
                 const PatternOptions& options, std::vector<PatternMatch>* out);
void FindDates(std::string_view text, const std::vector<PatternToken>& tokens,
               const PatternOptions& options, std::vector<PatternMatch>* out);
// URLs, bare domains and product/model codes, straight from the bytes.
void FindWebAndCodes(std::string_view text, std::vector<PatternMatch>* out);

}  // namespace newsgraph::extract::patterns

#endif  // NEWSGRAPH_SERVICES_EXTRACT_PATTERNS_RECOGNIZERS_H_
