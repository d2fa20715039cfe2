// The ingest service's logic, free of gRPC: validate → prepare (HTML, cleaning, language) →
// idempotency and duplicate checks → extract → one atomic write. When extract fails the document
// is stored anyway, PENDING_EXTRACTION, and a background worker retries with backoff.
#ifndef NEWSGRAPH_SERVICES_INGEST_CORE_INGESTOR_H_
#define NEWSGRAPH_SERVICES_INGEST_CORE_INGESTOR_H_

#include <atomic>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <thread>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/store/records.h"
#include "common/store/store.h"
#include "newsgraph/ingest/v1/ingest_service.pb.h"
#include "services/ingest/core/entity_extractor.h"
#include "services/ingest/core/validation.h"

namespace newsgraph::ingest {

struct IngestorOptions {
  // Directory of the RocksDB store this process owns (created if missing).
  std::string data_dir;
  IngestLimits limits;
  // Most documents one IngestBatch call may carry.
  int max_batch_documents = 1000;
  // fsync the write-ahead log on every commit, so an acknowledged document survives power loss.
  bool sync_writes = true;
  // Near-duplicate threshold: SimHash Hamming distance 0..3; negative turns near-dup detection
  // off (exact duplicates are always detected).
  int near_duplicate_distance = 3;
  // Retry schedule of pending extractions: exponential from initial to max, with full jitter.
  absl::Duration retry_initial_backoff = absl::Milliseconds(250);
  absl::Duration retry_max_backoff = absl::Seconds(30);
};

class Ingestor {
 public:
  // Opens (or creates) the store as its single writer and starts the worker that retries pending
  // extractions (resuming those a previous process left). `extractor` must outlive the Ingestor.
  // FailedPrecondition when another process owns the store; DataLoss when it is corrupt.
  static absl::StatusOr<std::unique_ptr<Ingestor>> Create(const IngestorOptions& options,
                                                          EntityExtractor* extractor);
  // Stops the retry worker (pending documents stay pending in the store).
  ~Ingestor();

  // Stores `request` (see IngestService.Ingest in ingest_service.proto for outcomes and errors)
  // and fills `response`. Nothing is stored on error. Thread-safe.
  absl::Status Ingest(const v1::IngestRequest& request, v1::IngestResponse* response);

  // Ingests `request` as Ingest does but records the outcome in `result` instead of returning it:
  // the response on success, the status code and message (and no response) on failure. Used for
  // every document of IngestBatch and IngestStream. Thread-safe.
  void IngestInto(const v1::IngestRequest& request, v1::IngestResult* result);

  // Ingests each document of `request` as Ingest does and records one result per document.
  // InvalidArgument when there is no document, ResourceExhausted when there are more than
  // max_batch_documents. Thread-safe.
  absl::Status IngestBatch(const v1::IngestBatchRequest& request,
                           v1::IngestBatchResponse* response);

  // Fills `response` with counts. Thread-safe.
  void Stats(v1::StatsResponse* response);

  // Retries every pending extraction once, oldest first, stopping at the first failure.
  // Returns how many documents got their entities. Used by the worker; public for tests.
  absl::StatusOr<int> RetryPendingOnce();

  // The store, for read-only observation (metrics: sizes). Valid for the Ingestor's lifetime.
  const store::Store& store() const { return *store_; }

 private:
  Ingestor(IngestorOptions options, EntityExtractor* extractor, std::unique_ptr<store::Store> db)
      : options_(std::move(options)), extractor_(extractor), store_(std::move(db)) {}

  absl::Status LoadCounters();
  void RetryLoop();
  // Under commit_mutex_: finds what the store already has for `document`. Sets `response` and
  // returns true when nothing is to be written (UNCHANGED or DUPLICATE); otherwise sets
  // *existing_id to the document id to overwrite (new version) or 0.
  absl::StatusOr<bool> CheckExisting(const common::v1::Document& document,
                                     v1::IngestResponse* response, uint64_t* existing_id,
                                     std::optional<common::v1::Document>* previous);

  IngestorOptions options_;
  EntityExtractor* extractor_;
  std::unique_ptr<store::Store> store_;

  // Ids are allocated and committed under one lock so the persisted next id never goes back and
  // duplicate checks see every earlier commit.
  absl::Mutex commit_mutex_;
  uint64_t next_doc_id_ ABSL_GUARDED_BY(commit_mutex_) = 1;
  uint64_t document_count_ ABSL_GUARDED_BY(commit_mutex_) = 0;
  uint64_t pending_count_ ABSL_GUARDED_BY(commit_mutex_) = 0;
  // The search index's counters, written with each indexed document.
  store::IndexStats index_totals_ ABSL_GUARDED_BY(commit_mutex_);
  // The entity_records counter: bumped by every commit that adds or changes an entity record.
  uint64_t entity_records_ ABSL_GUARDED_BY(commit_mutex_) = 0;

  std::atomic<uint64_t> duplicates_{0};
  std::atomic<uint64_t> rejected_{0};

  // The retry worker sleeps until a document becomes pending, its backoff expires, or shutdown.
  absl::Mutex worker_mutex_;
  bool pending_signal_ ABSL_GUARDED_BY(worker_mutex_) = true;
  bool stopping_ ABSL_GUARDED_BY(worker_mutex_) = false;
  std::thread worker_;
};

}  // namespace newsgraph::ingest

#endif  // NEWSGRAPH_SERVICES_INGEST_CORE_INGESTOR_H_
