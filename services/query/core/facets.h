// Facets of a search: counts of the matching documents by language, source, mentioned entity and
// publication date, from their DocTable rows and, for entities, their doc_meta records (no
// document is parsed).
#ifndef NEWSGRAPH_SERVICES_QUERY_CORE_FACETS_H_
#define NEWSGRAPH_SERVICES_QUERY_CORE_FACETS_H_

#include <cstddef>
#include <optional>
#include <vector>

#include "absl/status/statusor.h"
#include "common/store/doc_meta.h"
#include "common/store/store.h"
#include "newsgraph/query/v1/query_service.pb.h"
#include "services/query/core/doc_table.h"

namespace newsgraph::query {

// Most buckets a date histogram returns (the newest are kept).
inline constexpr size_t kMaxDateBuckets = 1000;

// Returns one Facet per entry of `kinds`, in that order, over `documents` (whose entity lists
// are those of `entity_metas`, one per document, when FACET_KIND_ENTITY is asked for; nullopt
// entries are skipped): languages, sources
// and entities with up to `size` values each, by count (ties by value), entities labelled with
// their canonical names read from `db`; dates bucketed by `interval` in UTC, oldest first (at
// most kMaxDateBuckets; undated documents are not counted). Documents without a source or
// language are not counted in those facets. DataLoss / Internal when an entity record cannot be
// read (a missing one is labelled with its id).
absl::StatusOr<std::vector<v1::Facet>> ComputeFacets(
    const std::vector<const DocRow*>& documents,
    const std::vector<std::optional<store::DocMeta>>& entity_metas,
    const google::protobuf::RepeatedField<int>& kinds, size_t size, v1::DateInterval interval,
    const store::Store& db);

}  // namespace newsgraph::query

#endif  // NEWSGRAPH_SERVICES_QUERY_CORE_FACETS_H_
