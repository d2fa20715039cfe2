// Entity answers: co-mentions with PMI, mention timelines and first/last-seen dates. They read
// the schema-4 rows ingest keeps per entity (entity_pairs, entity_days, entity_totals,
// entity_dates: one prefix scan or two seeks, never capped) when the request allows; a language
// filter, a date range off whole UTC days (or, for related entities, any date range) walks the
// entity's documents in entity_docs and doc_meta instead. A walk reads at most kMaxEntityWalk
// documents, newest (highest id) first, and says so (`capped`) when it stopped there: a very
// frequent entity would otherwise make one call read hundreds of thousands of records.
#ifndef NEWSGRAPH_SERVICES_QUERY_CORE_ENTITY_ANSWERS_H_
#define NEWSGRAPH_SERVICES_QUERY_CORE_ENTITY_ANSWERS_H_

#include <cstddef>
#include <string>

#include "absl/status/status.h"
#include "common/store/store.h"
#include "newsgraph/query/v1/query_service.pb.h"

namespace newsgraph::query {

inline constexpr size_t kMaxEntityWalk = 20000;

// Where an answer comes from. kAuto reads the schema-4 counters (entity_pairs, entity_days,
// entity_totals) when the request's filters allow it and walks the documents otherwise; kWalk
// always walks (tests compare both on the same corpus).
enum class EntityAnswerSource { kAuto, kWalk };

// OK when `id` can be an entity id: non-empty, at most 1 KiB, valid UTF-8 and without NUL (ids
// are followed by a NUL separator in entity_docs and the counter families, so an id holding one
// could select another entity's rows). InvalidArgument naming `entity_id` otherwise.
absl::Status ValidateEntityId(const std::string& id);

// Validates `request` without reading the store: INVALID_ARGUMENT naming the field when
// entity_id is empty, over 1 KiB, holds a NUL or is not UTF-8, page_size is negative,
// page_token is malformed, `languages` has more than 32 values or one that is empty, over 35
// bytes or not UTF-8, or published_after is not before published_before (when both are set).
absl::Status ValidateRelatedEntities(const v1::RelatedEntitiesRequest& request);

// Fills `response` for a validated request: from the entity_pairs rows of the entity when no
// language or date filter is set (never capped), else by walking its documents. NOT_FOUND when
// the entity has no documents; INVALID_ARGUMENT when page_token lies beyond the results;
// DataLoss / Internal when reading fails.
absl::Status RelatedEntities(const store::Store& db, const v1::RelatedEntitiesRequest& request,
                             v1::RelatedEntitiesResponse* response,
                             EntityAnswerSource source = EntityAnswerSource::kAuto);

// As ValidateRelatedEntities, and INVALID_ARGUMENT when `interval` is not a known value.
absl::Status ValidateEntityTimeline(const v1::EntityTimelineRequest& request);

// Fills `response` for a validated request: sums of the entity's entity_days rows when the date
// range is unset or falls on whole UTC days (never capped), else by walking its documents.
// NOT_FOUND when the entity has no documents; DataLoss / Internal when reading fails.
absl::Status EntityTimeline(const store::Store& db, const v1::EntityTimelineRequest& request,
                            v1::EntityTimelineResponse* response,
                            EntityAnswerSource source = EntityAnswerSource::kAuto);

// Sets first_seen/last_seen of `response` (whose entity is already filled) from the entity's
// first and last entity_dates rows (exact, never capped); leaves them unset when it has none.
// DataLoss / Internal when reading fails.
absl::Status AddEntityDates(const store::Store& db, v1::GetEntityResponse* response);

}  // namespace newsgraph::query

#endif  // NEWSGRAPH_SERVICES_QUERY_CORE_ENTITY_ANSWERS_H_
