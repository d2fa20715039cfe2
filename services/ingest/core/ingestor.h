// The ingest service's logic, free of gRPC: validate → normalize → extract → one atomic write.
#ifndef NEWSGRAPH_SERVICES_INGEST_CORE_INGESTOR_H_
#define NEWSGRAPH_SERVICES_INGEST_CORE_INGESTOR_H_

#include <cstdint>
#include <memory>
#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "common/store/store.h"
#include "newsgraph/ingest/v1/ingest_service.pb.h"
#include "services/ingest/core/entity_extractor.h"
#include "services/ingest/core/validation.h"

namespace newsgraph::ingest {

struct IngestorOptions {
  // Directory of the RocksDB store this process owns (created if missing).
  std::string data_dir;
  IngestLimits limits;
  // fsync the write-ahead log on every commit, so an acknowledged document survives power loss.
  bool sync_writes = true;
};

class Ingestor {
 public:
  // Opens (or creates) the store as its single writer. `extractor` must outlive the Ingestor.
  // FailedPrecondition when another process owns the store; DataLoss when it is corrupt.
  static absl::StatusOr<std::unique_ptr<Ingestor>> Create(const IngestorOptions& options,
                                                          EntityExtractor* extractor);

  // Validates `request`, has its entities extracted and commits the document, its postings and
  // its entities in one write. On success fills `response` (id, state, mention count, sequence
  // number). InvalidArgument naming the field for bad input; the extractor's error (Unavailable,
  // DeadlineExceeded, ...) when extraction fails; Internal when the store fails. Nothing is
  // stored on any error. Thread-safe.
  absl::Status Ingest(const v1::IngestRequest& request, v1::IngestResponse* response);

 private:
  Ingestor(IngestorOptions options, EntityExtractor* extractor, std::unique_ptr<store::Store> db)
      : options_(std::move(options)), extractor_(extractor), store_(std::move(db)) {}

  absl::Status LoadCounters();

  IngestorOptions options_;
  EntityExtractor* extractor_;
  std::unique_ptr<store::Store> store_;

  // Ids are allocated and committed under one lock so the persisted next id never goes back.
  absl::Mutex commit_mutex_;
  uint64_t next_doc_id_ ABSL_GUARDED_BY(commit_mutex_) = 1;
  uint64_t document_count_ ABSL_GUARDED_BY(commit_mutex_) = 0;
};

}  // namespace newsgraph::ingest

#endif  // NEWSGRAPH_SERVICES_INGEST_CORE_INGESTOR_H_
