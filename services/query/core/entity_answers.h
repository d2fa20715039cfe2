// Entity answers computed at query time from entity_docs (entity → documents with mention
// counts) and doc_meta (per-document language, dates, entities): co-mentions with PMI, mention
// timelines and first/last-seen dates. Each walks at most kMaxEntityWalk of the entity's
// documents, newest (highest id) first, and says so (`capped`) when it stopped there: a very
// frequent entity would otherwise make one call read hundreds of thousands of records.
#ifndef NEWSGRAPH_SERVICES_QUERY_CORE_ENTITY_ANSWERS_H_
#define NEWSGRAPH_SERVICES_QUERY_CORE_ENTITY_ANSWERS_H_

#include <cstddef>

#include "absl/status/status.h"
#include "common/store/store.h"
#include "newsgraph/query/v1/query_service.pb.h"

namespace newsgraph::query {

inline constexpr size_t kMaxEntityWalk = 20000;

// Validates `request` without reading the store: INVALID_ARGUMENT naming the field when
// entity_id is empty or not UTF-8, page_size is negative, page_token is malformed, or
// published_after is not before published_before (when both are set).
absl::Status ValidateRelatedEntities(const v1::RelatedEntitiesRequest& request);

// Fills `response` for a validated request. NOT_FOUND when the entity has no documents;
// INVALID_ARGUMENT when page_token lies beyond the results; DataLoss / Internal when reading
// fails.
absl::Status RelatedEntities(const store::Store& db, const v1::RelatedEntitiesRequest& request,
                             v1::RelatedEntitiesResponse* response);

// As ValidateRelatedEntities, and INVALID_ARGUMENT when `interval` is not a known value.
absl::Status ValidateEntityTimeline(const v1::EntityTimelineRequest& request);

// Fills `response` for a validated request. NOT_FOUND when the entity has no documents;
// DataLoss / Internal when reading fails.
absl::Status EntityTimeline(const store::Store& db, const v1::EntityTimelineRequest& request,
                            v1::EntityTimelineResponse* response);

// Sets first_seen/last_seen of `response` (whose entity is already filled) from the dates of up
// to kMaxEntityWalk of its documents. DataLoss / Internal when reading fails.
absl::Status AddEntityDates(const store::Store& db, v1::GetEntityResponse* response);

}  // namespace newsgraph::query

#endif  // NEWSGRAPH_SERVICES_QUERY_CORE_ENTITY_ANSWERS_H_
