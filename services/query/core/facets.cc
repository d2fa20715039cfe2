#include "services/query/core/facets.h"

#include <algorithm>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/time/time.h"
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

absl::StatusOr<std::vector<v1::Facet>> ComputeFacets(
    const std::vector<const store::DocMeta*>& documents,
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
        for (const store::DocMeta* doc : documents) {
          if (!doc->language.empty()) ++counts[doc->language];
        }
        break;
      case v1::FACET_KIND_SOURCE:
        for (const store::DocMeta* doc : documents) {
          if (!doc->source.empty()) ++counts[doc->source];
        }
        break;
      case v1::FACET_KIND_ENTITY:
        for (const store::DocMeta* doc : documents) {
          for (const auto& [entity_id, mentions] : doc->entities) ++counts[entity_id];
        }
        break;
      case v1::FACET_KIND_PUBLISHED_DATE: {
        std::map<std::string, uint64_t> buckets;  // "YYYY-MM-DD" sorts chronologically
        for (const store::DocMeta* doc : documents) {
          if (doc->has_published) ++buckets[DateBucket(doc->published_seconds, interval)];
        }
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
