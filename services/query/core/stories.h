// Story answers: the groups of documents ingest assigned to one event (the `stories` family,
// common/store/SCHEMA.md), summarised per story and detailed with members, top entities and
// the shared entities that are the evidence for the grouping.
#ifndef NEWSGRAPH_SERVICES_QUERY_CORE_STORIES_H_
#define NEWSGRAPH_SERVICES_QUERY_CORE_STORIES_H_

#include "absl/status/status.h"
#include "common/store/store.h"
#include "newsgraph/query/v1/query_service.pb.h"

namespace newsgraph::query {

// Validates `request` without reading the store: INVALID_ARGUMENT naming the field when
// page_size is negative, page_token is malformed, language is over 35 bytes or not UTF-8, or
// published_after is not before published_before (when both are set).
absl::Status ValidateListStories(const v1::ListStoriesRequest& request);

// Fills `response` for a validated request: one scan of the `stories` family, then the first
// member's title per returned story. DataLoss / Internal when reading fails.
absl::Status ListStories(const store::Store& db, const v1::ListStoriesRequest& request,
                         v1::ListStoriesResponse* response);

// Fills `response` with story `request.story_id`. INVALID_ARGUMENT ("story_id: ...") when the id
// is empty or not a decimal number; NOT_FOUND when the story has no members; DataLoss /
// Internal when reading fails.
absl::Status GetStory(const store::Store& db, const v1::GetStoryRequest& request,
                      v1::GetStoryResponse* response);

}  // namespace newsgraph::query

#endif  // NEWSGRAPH_SERVICES_QUERY_CORE_STORIES_H_
