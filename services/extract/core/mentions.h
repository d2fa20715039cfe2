// Turning candidate mentions from the extractor's sources (knowledge-base matcher, patterns,
// tagger) into the response: one winner per stretch of text, UTF-16 offsets, and per-entity
// counts and salience.
#ifndef NEWSGRAPH_SERVICES_EXTRACT_CORE_MENTIONS_H_
#define NEWSGRAPH_SERVICES_EXTRACT_CORE_MENTIONS_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "newsgraph/common/v1/types.pb.h"

namespace newsgraph::extract {

// Candidate::priority of each source, in one place so their order is visible: a knowledge-base
// name beats a pattern, which beats a product code (a guess), which beats the tagger — except a
// confident tagger span enclosing knowledge-base names (see the extractor), which beats them all.
inline constexpr int kTaggerPriority = 0;
inline constexpr int kCodePriority = 1;
inline constexpr int kPatternPriority = 2;
inline constexpr int kKnowledgeBasePriority = 3;
inline constexpr int kEnclosingTaggerPriority = 4;

// A mention before overlaps are resolved. `priority` orders sources (the constants above); within
// a priority the longer span wins.
struct Candidate {
  size_t begin = 0;
  size_t end = 0;
  std::string entity_id;
  common::v1::EntityType type = common::v1::ENTITY_TYPE_UNSPECIFIED;
  float confidence = 1.0f;
  common::v1::MentionSource source = common::v1::MENTION_SOURCE_UNSPECIFIED;
  std::string normalized_value;
  int priority = 0;
};

// The candidates that survive: best first (priority, then length, then earlier), each kept
// unless it overlaps one kept before; returned ordered by begin.
std::vector<Candidate> ResolveOverlaps(std::vector<Candidate> candidates);

// Converts sorted-or-not byte offsets into UTF-16 code-unit offsets of `utf8` (valid UTF-8) in one
// pass; `byte_offsets` must lie on code-point boundaries within [0, utf8.size()].
std::vector<uint32_t> Utf16Offsets(std::string_view utf8, const std::vector<size_t>& byte_offsets);

// Each entity of `mentions` (over a text of `text_bytes`) once, with its mention count and a
// salience in 0..1 from how early it first appears, how often, and whether the title names it
// (`title_entity_ids`); pattern entities (dates, money, ...) count half. Most salient first.
std::vector<common::v1::DocumentEntity> RankEntities(
    const std::vector<common::v1::Mention>& mentions, size_t text_bytes,
    const absl::flat_hash_set<std::string>& title_entity_ids);

}  // namespace newsgraph::extract

#endif  // NEWSGRAPH_SERVICES_EXTRACT_CORE_MENTIONS_H_
