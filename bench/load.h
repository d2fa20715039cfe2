// newsgraph-load: drives the real ingest and query services over gRPC (callback API, a
// deadline on every call) and measures them. Two modes, one file each: ingest_load.cc and
// query_load.cc; load_main.cc turns flags into these options.
#ifndef NEWSGRAPH_BENCH_LOAD_H_
#define NEWSGRAPH_BENCH_LOAD_H_

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "bench/latency.h"
#include "newsgraph/ingest/v1/ingest_service.pb.h"

namespace newsgraph::bench {

struct IngestLoadOptions {
  std::string address;  // ingest service
  int concurrency = 2;  // streams or batch calls in flight
  int batch_size = 0;   // 0: IngestStream; > 0: IngestBatch calls of this many documents
  absl::Duration deadline = absl::Minutes(60);  // per call (a stream is one call)
};

struct IngestReport {
  int64_t documents = 0;  // results received
  int64_t bytes = 0;      // content bytes of the documents sent
  absl::Duration elapsed;
  std::map<std::string, int64_t> outcomes;  // "stored", "duplicate", ... and "pending"
  int64_t mentions = 0;
  int64_t errors = 0;  // documents with a non-OK result or lost with a failed call
  std::vector<std::string> error_samples;  // the first few error messages
};

// Sends every document of `corpus` to ingest and waits for every result. OK with a report even
// when documents fail (counted in `errors`); Unavailable when the service cannot be reached at
// all before the load starts.
absl::StatusOr<IngestReport> RunIngestLoad(const IngestLoadOptions& options,
                                           const std::vector<ingest::v1::IngestRequest>& corpus);

struct QueryLoadOptions {
  std::string address;  // query service
  int concurrency = 1;
  int64_t requests = 1000;  // total calls; ignored when `duration` is set
  absl::Duration duration = absl::ZeroDuration();
  absl::Duration deadline = absl::Seconds(5);  // per call
  // Kind → weight. Kinds: text (the next line of `text_queries`, reported as search1/2/3 by its
  // word count), entity_search, get_entity, related, timeline.
  std::map<std::string, int> mix;
  std::vector<std::string> text_queries;
  int page_size = 10;
  uint64_t seed = 1;
  // Calls made (with the same mix, so text warm-ups are the first queries of the file) and
  // not measured before the run: the first call after start-up pays for the secondary's
  // catch-up and lazy initialisation.
  int64_t warmup = 0;
};

struct KindReport {
  LatencySummary latency;
  int64_t errors = 0;
  int64_t empty = 0;  // OK answers without a single result
  std::vector<std::string> error_samples;
};

struct QueryReport {
  absl::Duration elapsed;
  int64_t requests = 0;
  std::map<std::string, KindReport> kinds;  // by reported kind
  KindReport all;
  int entities = 0;  // entity ids the entity kinds drew from
};

// Runs the query mix. Entity kinds draw from the most mentioned stored entities (ListEntities);
// without any they are left out and `entities` says 0. OK with a report even when calls fail;
// InvalidArgument for an unknown kind or a text kind without queries, Unavailable when the
// entity list cannot be fetched.
absl::StatusOr<QueryReport> RunQueryLoad(const QueryLoadOptions& options);

}  // namespace newsgraph::bench

#endif  // NEWSGRAPH_BENCH_LOAD_H_
