#include "services/extract/patterns/patterns.h"

#include <algorithm>

#include "services/extract/patterns/recognizers.h"
#include "services/extract/patterns/token_stream.h"

namespace newsgraph::extract::patterns {
namespace {

int Priority(common::v1::EntityType type) {
  switch (type) {
    case common::v1::ENTITY_TYPE_URL:
      return 4;
    case common::v1::ENTITY_TYPE_MONEY:
      return 3;
    case common::v1::ENTITY_TYPE_PERCENT:
    case common::v1::ENTITY_TYPE_DATE:
      return 2;
    default:
      return 1;
  }
}

}  // namespace

std::vector<PatternMatch> FindPatterns(std::string_view utf8, const PatternOptions& options) {
  std::vector<PatternToken> tokens = TokenizeForPatterns(utf8);
  std::vector<PatternMatch> candidates;
  FindWebAndCodes(utf8, &candidates);
  FindAmounts(utf8, tokens, options, &candidates);
  FindDates(utf8, tokens, options, &candidates);
  // Best first, then keep each candidate that overlaps nothing kept before it.
  std::sort(candidates.begin(), candidates.end(), [](const PatternMatch& a, const PatternMatch& b) {
    if (Priority(a.type) != Priority(b.type)) return Priority(a.type) > Priority(b.type);
    if (a.end - a.begin != b.end - b.begin) return a.end - a.begin > b.end - b.begin;
    return a.begin < b.begin;
  });
  std::vector<PatternMatch> kept;
  for (PatternMatch& candidate : candidates) {
    bool overlaps = std::any_of(kept.begin(), kept.end(), [&](const PatternMatch& k) {
      return candidate.begin < k.end && k.begin < candidate.end;
    });
    if (!overlaps) kept.push_back(std::move(candidate));
  }
  std::sort(kept.begin(), kept.end(),
            [](const PatternMatch& a, const PatternMatch& b) { return a.begin < b.begin; });
  return kept;
}

}  // namespace newsgraph::extract::patterns
