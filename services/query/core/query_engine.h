// The query service's logic, free of gRPC: read-only answers over a RocksDB secondary instance
// of the store that ingest writes.
//
// Freshness. Without a consistency token every call catches the secondary up with the primary
// first (TryCatchUpWithPrimary reads only what was appended since the previous catch-up: for a
// store that ingests nothing it costs a few file stats), unless catch_up_interval is set, which
// throttles catch-ups for read-heavy deployments that accept that much staleness. With a token
// (SearchRequest.min_sequence_number, from an ingest response) Search catches up repeatedly,
// backing off from 2 to 50 ms, until the secondary has replayed that sequence number or the
// call's deadline passes — read-your-writes regardless of the interval.
#ifndef NEWSGRAPH_SERVICES_QUERY_CORE_QUERY_ENGINE_H_
#define NEWSGRAPH_SERVICES_QUERY_CORE_QUERY_ENGINE_H_

#include <cstdint>
#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/store/store.h"
#include "newsgraph/query/v1/query_service.pb.h"
#include "services/query/core/doc_table.h"
#include "services/query/core/entity_index.h"

namespace newsgraph::query {

struct QueryEngineOptions {
  // The primary's store directory (written by ingest).
  std::string data_dir;
  // Scratch directory of this secondary instance (its own info log and manifests).
  std::string secondary_dir;
  size_t max_query_bytes = 1024;
  // Matches a search examines at most (see SearchOptions::max_candidates).
  size_t max_search_candidates = 50000;
  // Without a consistency token, catch up with the primary at most this often; zero = on every
  // call, so every answer includes everything committed before the call.
  absl::Duration catch_up_interval = absl::ZeroDuration();
  // Longest wait for a consistency token when the call itself has no deadline.
  absl::Duration max_consistency_wait = absl::Seconds(10);
  // SearchEntities refreshes its autocomplete index at most this often after writes (names only
  // when an entity record changed, else just the counts); zero = whenever the store changed.
  absl::Duration entity_index_refresh_interval = absl::Seconds(1);
};

class QueryEngine {
 public:
  // Never fails: when the store does not exist yet, every call retries opening it and answers
  // Unavailable until it can.
  explicit QueryEngine(QueryEngineOptions options);

  // Each call first catches up with the primary, so it sees every document committed before it.
  // Each returns Unavailable while the store cannot be opened, and the errors documented on the
  // RPC of the same name in query_service.proto.
  absl::Status GetDocument(const v1::GetDocumentRequest& request,
                           v1::GetDocumentResponse* response);
  // Search also waits for request.min_sequence_number until `deadline` (the RPC's deadline;
  // InfiniteFuture = options.max_consistency_wait from now) and fails with DeadlineExceeded,
  // naming both sequence numbers, when the store has not reached it by then.
  absl::Status Search(const v1::SearchRequest& request, v1::SearchResponse* response,
                      absl::Time deadline = absl::InfiniteFuture());
  absl::Status GetEntity(const v1::GetEntityRequest& request, v1::GetEntityResponse* response);
  absl::Status ListEntities(const v1::ListEntitiesRequest& request,
                            v1::ListEntitiesResponse* response);
  // SearchEntities answers from an in-memory EntityIndex. On the first call after the store
  // changed, at most once per entity_index_refresh_interval, the index is rebuilt (one scan of
  // the entities family) when ingest's entity_records counter moved, else only its counts are
  // re-read from entity_totals; within the interval answers may miss the newest entities.
  absl::Status SearchEntities(const v1::SearchEntitiesRequest& request,
                              v1::SearchEntitiesResponse* response);
  absl::Status RelatedEntities(const v1::RelatedEntitiesRequest& request,
                               v1::RelatedEntitiesResponse* response);
  absl::Status EntityTimeline(const v1::EntityTimelineRequest& request,
                              v1::EntityTimelineResponse* response);
  absl::Status ListStories(const v1::ListStoriesRequest& request,
                           v1::ListStoriesResponse* response);
  absl::Status GetStory(const v1::GetStoryRequest& request, v1::GetStoryResponse* response);

  // How fresh the secondary is, for metrics. Compare sequence_number with ingest's
  // (Stats.sequence_number) for the lag in writes.
  struct Freshness {
    uint64_t sequence_number = 0;  // replayed by this secondary; 0 while the store is not open
    uint64_t catch_ups = 0;        // successful catch-ups since start
    uint64_t catch_up_failures = 0;
    absl::Time last_catch_up = absl::InfinitePast();  // of the last successful one
  };
  // Returns the current values; waits only for a catch-up in progress. Never fails.
  Freshness GetFreshness();

 private:
  // The store, opened first if needed and caught up as described at the top of this file:
  // at least to `min_sequence` (0: no token) before `deadline`. Unavailable while the store
  // cannot be opened, FailedPrecondition when it has an incompatible schema, DeadlineExceeded
  // when the token is not reached in time, DataLoss / Internal when catching up fails.
  absl::StatusOr<const store::Store*> FreshStore(uint64_t min_sequence = 0,
                                                 absl::Time deadline = absl::InfiniteFuture());

  QueryEngineOptions options_;
  absl::Mutex mutex_;
  std::unique_ptr<store::Store> store_ ABSL_GUARDED_BY(mutex_);
  absl::Time last_catch_up_ ABSL_GUARDED_BY(mutex_) = absl::InfinitePast();
  uint64_t catch_ups_ ABSL_GUARDED_BY(mutex_) = 0;
  uint64_t catch_up_failures_ ABSL_GUARDED_BY(mutex_) = 0;
  // Search's in-memory rows of every document, refreshed after each catch-up a search makes.
  DocTable doc_table_;
  // The autocomplete index and the store sequence number it was built at. Shared so that a
  // rebuild does not wait for searches still using the previous index.
  absl::Mutex index_mutex_;
  std::shared_ptr<const EntityIndex> entity_index_ ABSL_GUARDED_BY(index_mutex_);
  uint64_t entity_index_sequence_ ABSL_GUARDED_BY(index_mutex_) = 0;
  // The entity_records counter the names were read at, and when the index was last refreshed.
  uint64_t entity_index_records_ ABSL_GUARDED_BY(index_mutex_) = 0;
  absl::Time entity_index_refreshed_ ABSL_GUARDED_BY(index_mutex_) = absl::InfinitePast();
};

}  // namespace newsgraph::query

#endif  // NEWSGRAPH_SERVICES_QUERY_CORE_QUERY_ENGINE_H_
