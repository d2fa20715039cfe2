// Ingest mode of newsgraph-load: `concurrency` IngestStreams (each writing the next unsent
// document as soon as the previous write left, reading results as they come) or `concurrency`
// IngestBatch calls in flight, all fed from one shared position in the corpus.
#include <grpcpp/grpcpp.h>

#include <atomic>
#include <memory>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "absl/synchronization/mutex.h"
#include "bench/corpus_reader.h"
#include "bench/load.h"
#include "common/rpc/channel.h"
#include "newsgraph/ingest/v1/ingest_service.grpc.pb.h"

namespace newsgraph::bench {
namespace {

using ingest::v1::IngestRequest;
using ingest::v1::IngestResult;

constexpr size_t kErrorSamples = 5;

// State shared by every stream or batch call; results are folded in under `mutex`.
struct Shared {
  const std::vector<IngestRequest>* corpus = nullptr;
  std::atomic<size_t> next{0};
  std::atomic<int64_t> bytes{0};
  absl::Mutex mutex;
  IngestReport report ABSL_GUARDED_BY(mutex);
  int running ABSL_GUARDED_BY(mutex) = 0;

  void AddError(const std::string& message) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex) {
    ++report.errors;
    if (report.error_samples.size() < kErrorSamples) report.error_samples.push_back(message);
  }
  void Add(const IngestResult& result) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex) {
    ++report.documents;
    if (result.code() != 0) {
      AddError(absl::StrCat("code ", result.code(), ": ", result.message()));
      return;
    }
    absl::string_view outcome = ingest::v1::IngestOutcome_Name(result.response().outcome());
    absl::ConsumePrefix(&outcome, "INGEST_OUTCOME_");
    ++report.outcomes[absl::AsciiStrToLower(outcome)];
    if (result.response().state() == common::v1::DOCUMENT_STATE_PENDING_EXTRACTION) {
      ++report.outcomes["pending"];
    }
    report.mentions += result.response().mention_count();
  }
  void Finished() {
    absl::MutexLock lock(&mutex);
    --running;
  }
};

// One IngestStream. Deletes itself when the call is done.
class StreamWorker : public grpc::ClientBidiReactor<IngestRequest, IngestResult> {
 public:
  StreamWorker(ingest::v1::IngestService::Stub* stub, Shared* shared, absl::Duration deadline)
      : shared_(shared) {
    rpc::SetTimeout(&context_, deadline);
    stub->async()->IngestStream(&context_, this);
    StartRead(&result_);
    WriteNext();
    StartCall();
  }

  void OnWriteDone(bool ok) override {
    // A failed write means the stream broke; OnDone reports it.
    if (ok) WriteNext();
  }
  void OnReadDone(bool ok) override {
    if (!ok) return;
    {
      absl::MutexLock lock(&shared_->mutex);
      shared_->Add(result_);
    }
    ++received_;
    StartRead(&result_);
  }
  void OnDone(const grpc::Status& status) override {
    {
      absl::MutexLock lock(&shared_->mutex);
      // Documents written but never answered are lost to the load: count them as errors.
      for (int64_t i = received_; i < sent_; ++i) {
        shared_->AddError(
            absl::StrCat("stream ended (", status.error_code(), "): ", status.error_message()));
        ++shared_->report.documents;
      }
    }
    // Deleted before saying so: once the last worker has finished, RunIngest returns and
    // destroys the channel, which this call's context must not outlive.
    Shared* shared = shared_;
    delete this;
    shared->Finished();
  }

 private:
  void WriteNext() {
    size_t index = shared_->next.fetch_add(1);
    if (index >= shared_->corpus->size()) {
      StartWritesDone();
      return;
    }
    const IngestRequest& request = (*shared_->corpus)[index];
    shared_->bytes += ContentBytes(request);
    ++sent_;
    StartWrite(&request);
  }

  Shared* shared_;
  grpc::ClientContext context_;
  IngestResult result_;
  // sent_ is touched only by the write chain, received_ only by the read chain; both are read
  // in OnDone, after every operation finished.
  int64_t sent_ = 0;
  int64_t received_ = 0;
};

// Keeps one IngestBatch call in flight over pre-built batches until none are left.
class BatchSlot {
 public:
  BatchSlot(ingest::v1::IngestService::Stub* stub, Shared* shared,
            const std::vector<ingest::v1::IngestBatchRequest>* batches,
            std::atomic<size_t>* next_batch, absl::Duration deadline)
      : stub_(stub),
        shared_(shared),
        batches_(batches),
        next_batch_(next_batch),
        deadline_(deadline) {}

  // Starts the next call, or reports the slot finished when no batch is left.
  void Next() {
    size_t index = next_batch_->fetch_add(1);
    if (index >= batches_->size()) {
      shared_->Finished();
      return;
    }
    const ingest::v1::IngestBatchRequest& request = (*batches_)[index];
    for (const IngestRequest& document : request.documents()) {
      shared_->bytes += ContentBytes(document);
    }
    auto context = std::make_shared<grpc::ClientContext>();
    auto response = std::make_shared<ingest::v1::IngestBatchResponse>();
    rpc::SetTimeout(context.get(), deadline_);
    stub_->async()->IngestBatch(
        context.get(), &request, response.get(),
        [this, context, response, &request](grpc::Status status) mutable {
          {
            absl::MutexLock lock(&shared_->mutex);
            if (status.ok()) {
              for (const IngestResult& result : response->results()) shared_->Add(result);
            } else {
              for (int i = 0; i < request.documents_size(); ++i) {
                ++shared_->report.documents;
                shared_->AddError(absl::StrCat("IngestBatch failed (", status.error_code(),
                                               "): ", status.error_message()));
              }
            }
          }
          // Released first: the last Next() lets RunIngestLoad return and destroy the channel.
          context.reset();
          response.reset();
          Next();
        });
  }

 private:
  ingest::v1::IngestService::Stub* stub_;
  Shared* shared_;
  const std::vector<ingest::v1::IngestBatchRequest>* batches_;
  std::atomic<size_t>* next_batch_;
  absl::Duration deadline_;
};

}  // namespace

absl::StatusOr<IngestReport> RunIngestLoad(const IngestLoadOptions& options,
                                           const std::vector<IngestRequest>& corpus) {
  if (options.concurrency < 1) return absl::InvalidArgumentError("concurrency: must be >= 1");
  auto channel = rpc::MakeChannel(options.address);
  if (!channel->WaitForConnected(absl::ToChronoTime(absl::Now() + absl::Seconds(10)))) {
    return absl::UnavailableError(absl::StrCat("ingest at ", options.address, " is unreachable"));
  }
  auto stub = ingest::v1::IngestService::NewStub(channel);
  Shared shared;
  shared.corpus = &corpus;

  // Batches are built before the clock starts: copying documents is not the server's time.
  std::vector<ingest::v1::IngestBatchRequest> batches;
  if (options.batch_size > 0) {
    for (size_t i = 0; i < corpus.size(); i += options.batch_size) {
      auto& batch = batches.emplace_back();
      for (size_t j = i; j < std::min(corpus.size(), i + options.batch_size); ++j) {
        *batch.add_documents() = corpus[j];
      }
    }
  }
  std::atomic<size_t> next_batch{0};
  std::vector<std::unique_ptr<BatchSlot>> slots;

  absl::Time start = absl::Now();
  {
    absl::MutexLock lock(&shared.mutex);
    shared.running = options.concurrency;
  }
  for (int i = 0; i < options.concurrency; ++i) {
    if (options.batch_size > 0) {
      slots.push_back(std::make_unique<BatchSlot>(stub.get(), &shared, &batches, &next_batch,
                                                  options.deadline));
      slots.back()->Next();
    } else {
      new StreamWorker(stub.get(), &shared, options.deadline);
    }
  }
  absl::MutexLock lock(&shared.mutex);
  shared.mutex.Await(absl::Condition(
      +[](int* running) { return *running == 0; }, &shared.running));
  shared.report.elapsed = absl::Now() - start;
  shared.report.bytes = shared.bytes.load();
  return shared.report;
}

}  // namespace newsgraph::bench
