#include "services/extract/core/mentions.h"

#include <algorithm>
#include <numeric>

#include "absl/container/flat_hash_map.h"

namespace newsgraph::extract {

std::vector<Candidate> ResolveOverlaps(std::vector<Candidate> candidates) {
  std::sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
    if (a.priority != b.priority) return a.priority > b.priority;
    if (a.end - a.begin != b.end - b.begin) return a.end - a.begin > b.end - b.begin;
    return a.begin < b.begin;
  });
  // Kept spans sorted by begin, so each overlap test is a binary search.
  std::vector<Candidate> kept;
  for (Candidate& candidate : candidates) {
    auto next = std::lower_bound(kept.begin(), kept.end(), candidate.begin,
                                 [](const Candidate& k, size_t begin) { return k.begin < begin; });
    bool overlaps = (next != kept.end() && next->begin < candidate.end) ||
                    (next != kept.begin() && std::prev(next)->end > candidate.begin);
    if (!overlaps) kept.insert(next, std::move(candidate));
  }
  return kept;
}

std::vector<uint32_t> Utf16Offsets(std::string_view utf8, const std::vector<size_t>& byte_offsets) {
  std::vector<size_t> order(byte_offsets.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(),
            [&](size_t a, size_t b) { return byte_offsets[a] < byte_offsets[b]; });
  std::vector<uint32_t> result(byte_offsets.size());
  size_t byte = 0;
  uint32_t units = 0;
  for (size_t index : order) {
    size_t target = std::min(byte_offsets[index], utf8.size());
    while (byte < target) {
      unsigned char lead = static_cast<unsigned char>(utf8[byte]);
      size_t length = lead < 0x80 ? 1 : lead < 0xE0 ? 2 : lead < 0xF0 ? 3 : 4;
      units += length == 4 ? 2 : 1;  // beyond the BMP: a surrogate pair
      byte += length;
    }
    result[index] = units;
  }
  return result;
}

std::vector<common::v1::DocumentEntity> RankEntities(
    const std::vector<common::v1::Mention>& mentions, size_t text_bytes,
    const absl::flat_hash_set<std::string>& title_entity_ids) {
  struct Tally {
    common::v1::EntityType type;
    uint32_t count = 0;
    size_t first = 0;
    size_t order = 0;
  };
  absl::flat_hash_map<std::string, Tally> tallies;
  uint32_t max_count = 0;
  for (const common::v1::Mention& mention : mentions) {
    if (mention.entity_id().empty()) continue;
    auto [it, inserted] = tallies.try_emplace(mention.entity_id());
    if (inserted) {
      it->second.type = mention.type();
      it->second.first = mention.begin();
      it->second.order = tallies.size();
    }
    max_count = std::max(max_count, ++it->second.count);
  }
  std::vector<common::v1::DocumentEntity> ranked;
  ranked.reserve(tallies.size());
  double length = static_cast<double>(std::max<size_t>(text_bytes, 1));
  for (const auto& [id, tally] : tallies) {
    double early = 1.0 - std::min(1.0, tally.first / length);
    double frequent = static_cast<double>(tally.count) / std::max<uint32_t>(max_count, 1);
    double in_title = title_entity_ids.contains(id) ? 1.0 : 0.0;
    double salience = 0.35 * in_title + 0.35 * frequent + 0.30 * early;
    bool pattern =
        tally.type == common::v1::ENTITY_TYPE_DATE || tally.type == common::v1::ENTITY_TYPE_MONEY ||
        tally.type == common::v1::ENTITY_TYPE_PERCENT || tally.type == common::v1::ENTITY_TYPE_URL;
    if (pattern) salience *= 0.5;
    common::v1::DocumentEntity entity;
    entity.set_entity_id(id);
    entity.set_type(tally.type);
    entity.set_mention_count(tally.count);
    entity.set_salience(static_cast<float>(salience));
    ranked.push_back(std::move(entity));
  }
  std::sort(ranked.begin(), ranked.end(),
            [](const common::v1::DocumentEntity& a, const common::v1::DocumentEntity& b) {
              if (a.salience() != b.salience()) return a.salience() > b.salience();
              return a.entity_id() < b.entity_id();
            });
  return ranked;
}

}  // namespace newsgraph::extract
