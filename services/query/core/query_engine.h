// The query service's logic, free of gRPC: read-only answers over a RocksDB secondary instance
// of the store that ingest writes.
#ifndef NEWSGRAPH_SERVICES_QUERY_CORE_QUERY_ENGINE_H_
#define NEWSGRAPH_SERVICES_QUERY_CORE_QUERY_ENGINE_H_

#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "common/store/store.h"
#include "newsgraph/query/v1/query_service.pb.h"

namespace newsgraph::query {

struct QueryEngineOptions {
  // The primary's store directory (written by ingest).
  std::string data_dir;
  // Scratch directory of this secondary instance (its own info log and manifests).
  std::string secondary_dir;
  size_t max_query_bytes = 1024;
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
  absl::Status Search(const v1::SearchRequest& request, v1::SearchResponse* response);
  absl::Status GetEntity(const v1::GetEntityRequest& request, v1::GetEntityResponse* response);
  absl::Status ListEntities(const v1::ListEntitiesRequest& request,
                            v1::ListEntitiesResponse* response);

 private:
  // The caught-up store, opening it first if needed.
  absl::StatusOr<const store::Store*> FreshStore();

  QueryEngineOptions options_;
  absl::Mutex mutex_;
  std::unique_ptr<store::Store> store_ ABSL_GUARDED_BY(mutex_);
};

}  // namespace newsgraph::query

#endif  // NEWSGRAPH_SERVICES_QUERY_CORE_QUERY_ENGINE_H_
