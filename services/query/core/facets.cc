#include "services/query/core/facets.h"

#include <algorithm>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/time/time.h"
#include "common/store/keys.h"
#include "common/store/records.h"

namespace newsgraph::query {
namespace {

using Counts = absl::flat_hash_map<std::string, uint64_t>;

// The `size` largest counts, ties broken by value so the order is stable between calls.
std::vector<std::pair<std::string, uint64_t>> Top(const Counts& counts, size_t size) {
  std::vector<std::pair<std::string, uint64_t>> top(counts.begin(), counts.end());
  std::sort(top.begin(), top.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  if (top.size() > size) top.resize(size);
  return top;
}

std::string DateBucket(int64_t seconds, v1::DateInterval interval) {
  const char* format = interval == v1::DATE_INTERVAL_YEAR    ? "%Y"
                       : interval == v1::DATE_INTERVAL_MONTH ? "%Y-%m"
                                                             : "%Y-%m-%d";
  return absl::FormatTime(format, absl::FromUnixSeconds(seconds), absl::UTCTimeZone());
}

}  // namespace

// Counts per interned name, then per name (two rows may hold equal names at two addresses).
Counts CountNames(const std::vector<const DocRow*>& documents, const std::string* DocRow::*field) {
  absl::flat_hash_map<const std::string*, uint64_t> by_address;
  for (const DocRow* doc : documents) ++by_address[doc->*field];
  Counts counts;
  for (const auto& [name, count] : by_address) {
    if (name != nullptr && !name->empty()) counts[*name] += count;
  }
  return counts;
}

absl::StatusOr<std::vector<v1::Facet>> ComputeFacets(
    const std::vector<const DocRow*>& documents,
    const std::vector<std::optional<store::DocMeta>>& entity_metas,
    const google::protobuf::RepeatedField<int>& kinds, size_t size, v1::DateInterval interval,
    const store::Store& db) {
  std::vector<v1::Facet> facets;
  for (int kind_value : kinds) {
    const auto kind = static_cast<v1::FacetKind>(kind_value);
    v1::Facet& facet = facets.emplace_back();
    facet.set_kind(kind);
    Counts counts;
    switch (kind) {
      case v1::FACET_KIND_LANGUAGE:
        counts = CountNames(documents, &DocRow::language);
        break;
      case v1::FACET_KIND_SOURCE:
        counts = CountNames(documents, &DocRow::source);
        break;
      case v1::FACET_KIND_ENTITY:
        for (const std::optional<store::DocMeta>& meta : entity_metas) {
          if (!meta) continue;
          for (const auto& [entity_id, mentions] : meta->entities) ++counts[entity_id];
        }
        break;
      case v1::FACET_KIND_PUBLISHED_DATE: {
        // Counted per UTC day first: formatting a date per document cost more than the search.
        absl::flat_hash_map<int64_t, uint64_t> days;
        for (const DocRow* doc : documents) {
          if (doc->has_published) ++days[store::DayOfSeconds(doc->date)];
        }
        std::map<std::string, uint64_t> buckets;  // "YYYY-MM-DD" sorts chronologically
        for (const auto& [day, count] : days) buckets[DateBucket(day * 86400, interval)] += count;
        auto first = buckets.begin();
        if (buckets.size() > kMaxDateBuckets) std::advance(first, buckets.size() - kMaxDateBuckets);
        for (auto it = first; it != buckets.end(); ++it) {
          v1::FacetValue* value = facet.add_values();
          value->set_value(it->first);
          value->set_count(it->second);
        }
        continue;
      }
      default:
        continue;  // validated by the caller
    }
    for (auto& [value_text, count] : Top(counts, size)) {
      v1::FacetValue* value = facet.add_values();
      value->set_count(count);
      if (kind == v1::FACET_KIND_ENTITY) {
        absl::StatusOr<common::v1::Entity> entity = store::ReadEntity(db, value_text);
        if (entity.ok()) {
          value->set_label(entity->canonical_name());
        } else if (!absl::IsNotFound(entity.status())) {
          return entity.status();
        }
      }
      value->set_value(std::move(value_text));
    }
  }
  return facets;
}

}  // namespace newsgraph::query
