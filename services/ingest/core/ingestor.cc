#include "services/ingest/core/ingestor.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/random/random.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/base/log.h"
#include "common/base/status_macros.h"
#include "common/store/keys.h"
#include "common/store/records.h"
#include "services/ingest/core/dedup.h"
#include "services/ingest/core/document_batch.h"
#include "services/ingest/core/preparation.h"

namespace newsgraph::ingest {
namespace {

using store::ColumnFamily;

// How many pending documents one retry round reads; the worker loops while rounds make progress.
constexpr int kPendingRoundSize = 256;

// Reads a fixed64 meta value; `fallback` when the key was never written.
std::string Fixed64Value(uint64_t v) {
  std::string encoded;
  store::PutFixed64BE(&encoded, v);
  return store::WrapValue(encoded);
}

google::protobuf::Timestamp Now() {
  absl::Time now = absl::Now();
  google::protobuf::Timestamp timestamp;
  int64_t seconds = absl::ToUnixSeconds(now);
  timestamp.set_seconds(seconds);
  timestamp.set_nanos(
      static_cast<int32_t>(absl::ToInt64Nanoseconds(now - absl::FromUnixSeconds(seconds))));
  return timestamp;
}

// Copies the extractor's mentions and ranked entities into `document`; Internal when a mention
// lies outside the body.
absl::Status AttachMentions(const extract::v1::ExtractResponse& extraction,
                            common::v1::Document* document) {
  document->clear_mentions();
  for (const common::v1::Mention& mention : extraction.mentions()) {
    if (mention.end() > document->body().size() || mention.begin() >= mention.end()) {
      return absl::InternalError("extract: returned a mention outside the text");
    }
    *document->add_mentions() = mention;
  }
  *document->mutable_entities() = extraction.document_entities();
  document->set_state(common::v1::DOCUMENT_STATE_EXTRACTED);
  return absl::OkStatus();
}

absl::StatusOr<extract::v1::ExtractResponse> ExtractFor(EntityExtractor* extractor,
                                                        const common::v1::Document& document) {
  extract::v1::ExtractRequest request;
  request.set_text(document.body());
  request.set_language(document.language());
  request.set_title(document.title());
  if (document.has_published_at()) *request.mutable_published_at() = document.published_at();
  return extractor->Extract(request);
}

}  // namespace

absl::StatusOr<std::unique_ptr<Ingestor>> Ingestor::Create(const IngestorOptions& options,
                                                           EntityExtractor* extractor) {
  store::StoreOptions store_options;
  store_options.sync_writes = options.sync_writes;
  ASSIGN_OR_RETURN(std::unique_ptr<store::Store> db,
                   store::Store::OpenPrimary(options.data_dir, store_options));
  std::unique_ptr<Ingestor> ingestor(new Ingestor(options, extractor, std::move(db)));
  RETURN_IF_ERROR(ingestor->LoadCounters());
  ingestor->worker_ = std::thread([raw = ingestor.get()] { raw->RetryLoop(); });
  return ingestor;
}

Ingestor::~Ingestor() {
  {
    absl::MutexLock lock(&worker_mutex_);
    stopping_ = true;
  }
  if (worker_.joinable()) worker_.join();
}

absl::Status Ingestor::LoadCounters() {
  absl::MutexLock lock(&commit_mutex_);
  ASSIGN_OR_RETURN(next_doc_id_, store::ReadCounter(*store_, std::string(store::kNextDocIdKey), 1));
  ASSIGN_OR_RETURN(document_count_, store::ReadCounter(*store_, store::CounterKey("documents"), 0));
  ASSIGN_OR_RETURN(pending_count_, store::ReadCounter(*store_, store::CounterKey("pending"), 0));
  ASSIGN_OR_RETURN(index_totals_, store::ReadIndexStats(*store_));
  ASSIGN_OR_RETURN(entity_records_,
                   store::ReadCounter(*store_, store::CounterKey(store::kEntityRecordsCounter), 0));
  return absl::OkStatus();
}

absl::StatusOr<bool> Ingestor::CheckExisting(const common::v1::Document& document,
                                             v1::IngestResponse* response, uint64_t* existing_id,
                                             std::optional<common::v1::Document>* previous) {
  *existing_id = 0;
  previous->reset();
  if (!document.external_id().empty()) {
    auto value =
        store_->Get(ColumnFamily::kExternalIds, store::ExternalIdKey(document.external_id()));
    if (value.ok()) {
      ASSIGN_OR_RETURN(auto payload, store::UnwrapValue(*value));
      ASSIGN_OR_RETURN(uint64_t doc_id, store::DecodeFixed64BE(payload));
      ASSIGN_OR_RETURN(common::v1::Document stored, store::ReadDocument(*store_, doc_id));
      if (stored.content_hash() == document.content_hash() && stored.title() == document.title()) {
        response->set_document_id(stored.id());
        response->set_state(stored.state());
        response->set_mention_count(static_cast<uint32_t>(stored.mentions_size()));
        response->set_sequence_number(store_->LatestSequenceNumber());
        response->set_outcome(v1::INGEST_OUTCOME_UNCHANGED);
        return true;
      }
      // A new version replaces the old one under the same id; it is never its own duplicate.
      *existing_id = doc_id;
      *previous = std::move(stored);
      return false;
    } else if (!absl::IsNotFound(value.status())) {
      return value.status();
    }
  }
  ASSIGN_OR_RETURN(std::optional<DuplicateMatch> duplicate,
                   FindExactDuplicate(*store_, document.content_hash()));
  if (!duplicate && document.simhash() != 0 && options_.near_duplicate_distance >= 0) {
    ASSIGN_OR_RETURN(duplicate, FindNearDuplicate(*store_, document.simhash(),
                                                  options_.near_duplicate_distance));
  }
  if (!duplicate) return false;
  response->set_document_id(absl::StrCat(duplicate->doc_id));
  response->set_duplicate_of(absl::StrCat(duplicate->doc_id));
  response->set_duplicate_distance(static_cast<uint32_t>(duplicate->distance));
  response->set_outcome(v1::INGEST_OUTCOME_DUPLICATE);
  response->set_sequence_number(store_->LatestSequenceNumber());
  ++duplicates_;
  return true;
}

absl::Status Ingestor::Ingest(const v1::IngestRequest& request, v1::IngestResponse* response) {
  absl::Status valid = ValidateIngestRequest(request, options_.limits);
  absl::StatusOr<common::v1::Document> prepared =
      valid.ok() ? PrepareDocument(request) : absl::StatusOr<common::v1::Document>(valid);
  if (!prepared.ok()) {
    ++rejected_;
    return prepared.status();
  }
  common::v1::Document document = std::move(*prepared);
  uint64_t existing_id = 0;
  std::optional<common::v1::Document> previous;
  {
    // Duplicates and unchanged retries are answered before paying for extraction.
    absl::MutexLock lock(&commit_mutex_);
    ASSIGN_OR_RETURN(bool done, CheckExisting(document, response, &existing_id, &previous));
    if (done) return absl::OkStatus();
  }

  google::protobuf::RepeatedPtrField<common::v1::Entity> entities;
  auto extraction = ExtractFor(extractor_, document);
  if (extraction.ok()) {
    RETURN_IF_ERROR(AttachMentions(*extraction, &document));
    entities = std::move(*extraction->mutable_entities());
  } else if (absl::IsInvalidArgument(extraction.status())) {
    ++rejected_;
    return absl::InvalidArgumentError(absl::StrCat("extract: ", extraction.status().message()));
  } else {
    // Extract is down or slow: store now, extract later. Nothing acknowledged is lost.
    base::Log(base::LogLevel::kWarning,
              absl::StrCat("extract failed (", extraction.status().ToString(),
                           "); storing the document as pending"));
    document.set_state(common::v1::DOCUMENT_STATE_PENDING_EXTRACTION);
  }
  *document.mutable_ingested_at() = Now();
  bool pending = document.state() == common::v1::DOCUMENT_STATE_PENDING_EXTRACTION;

  absl::MutexLock lock(&commit_mutex_);
  // Re-check under the lock: another call may have stored the same document meanwhile.
  ASSIGN_OR_RETURN(bool done, CheckExisting(document, response, &existing_id, &previous));
  if (done) return absl::OkStatus();
  uint64_t doc_id = existing_id != 0 ? existing_id : next_doc_id_;
  document.set_id(absl::StrCat(doc_id));
  document.set_version(previous ? previous->version() + 1 : 1);

  store::WriteBatch batch;
  uint64_t pending_count = pending_count_ + (pending ? 1 : 0);
  store::IndexStats index_totals = index_totals_;
  // The old version counted out and the new one in, written once: the rows both touch are read
  // and put once with their combined change.
  store::EntityCounterDelta entity_counters;
  if (previous) {
    RETURN_IF_ERROR(
        RemoveDocumentIndexFromBatch(doc_id, *previous, &index_totals, &batch, &entity_counters));
    RETURN_IF_ERROR(RemoveStoryFromBatch(*store_, doc_id, &batch));
    if (previous->state() == common::v1::DOCUMENT_STATE_PENDING_EXTRACTION) {
      batch.Delete(ColumnFamily::kPending, store::DocumentKey(doc_id));
      --pending_count;
    }
  }
  ASSIGN_OR_RETURN(bool entities_changed, DropUnchangedEntities(*store_, &entities));
  const uint64_t entity_records = entity_records_ + (entities_changed ? 1 : 0);
  if (entities_changed) {
    batch.Put(ColumnFamily::kMeta, store::CounterKey(store::kEntityRecordsCounter),
              Fixed64Value(entity_records));
  }
  RETURN_IF_ERROR(
      AddDocumentToBatch(doc_id, document, entities, &index_totals, &batch, &entity_counters));
  // Read under commit_mutex_, so no other commit changes the rows before this batch lands.
  RETURN_IF_ERROR(entity_counters.WriteTo(*store_, &batch));
  // A pending document has no entities yet; RetryPendingOnce places it once it has them.
  RETURN_IF_ERROR(AddStoryToBatch(*store_, doc_id, document, &batch).status());
  if (pending) batch.Put(ColumnFamily::kPending, store::DocumentKey(doc_id), store::WrapValue(""));
  uint64_t next_doc_id = existing_id != 0 ? next_doc_id_ : doc_id + 1;
  uint64_t document_count = document_count_ + (existing_id != 0 ? 0 : 1);
  batch.Put(ColumnFamily::kMeta, store::kNextDocIdKey, Fixed64Value(next_doc_id));
  batch.Put(ColumnFamily::kMeta, store::CounterKey("documents"), Fixed64Value(document_count));
  batch.Put(ColumnFamily::kMeta, store::CounterKey("pending"), Fixed64Value(pending_count));
  ASSIGN_OR_RETURN(uint64_t sequence, store_->Commit(batch));
  next_doc_id_ = next_doc_id;
  document_count_ = document_count;
  pending_count_ = pending_count;
  index_totals_ = std::move(index_totals);
  entity_records_ = entity_records;

  response->set_document_id(document.id());
  response->set_state(document.state());
  response->set_mention_count(static_cast<uint32_t>(document.mentions_size()));
  response->set_sequence_number(sequence);
  response->set_outcome(previous ? v1::INGEST_OUTCOME_NEW_VERSION : v1::INGEST_OUTCOME_STORED);
  *response->mutable_removed() = document.removed();
  response->set_language(document.language());
  response->set_language_confidence(document.language_confidence());
  response->set_title(document.title());
  if (pending) {
    absl::MutexLock worker_lock(&worker_mutex_);
    pending_signal_ = true;
  }
  return absl::OkStatus();
}

absl::Status Ingestor::IngestBatch(const v1::IngestBatchRequest& request,
                                   v1::IngestBatchResponse* response) {
  if (request.documents().empty()) {
    return absl::InvalidArgumentError("documents: must hold at least one document");
  }
  if (request.documents_size() > options_.max_batch_documents) {
    return absl::ResourceExhaustedError(absl::StrCat("documents: ", request.documents_size(),
                                                     " exceeds the batch limit of ",
                                                     options_.max_batch_documents));
  }
  for (const v1::IngestRequest& document : request.documents()) {
    IngestInto(document, response->add_results());
  }
  return absl::OkStatus();
}

void Ingestor::IngestInto(const v1::IngestRequest& request, v1::IngestResult* result) {
  absl::Status status = Ingest(request, result->mutable_response());
  result->set_code(static_cast<int32_t>(status.code()));
  result->set_message(std::string(status.message()));
  if (!status.ok()) result->clear_response();
}

void Ingestor::Stats(v1::StatsResponse* response) {
  absl::MutexLock lock(&commit_mutex_);
  response->set_documents(document_count_);
  response->set_pending_extractions(pending_count_);
  response->set_duplicates_since_start(duplicates_.load());
  response->set_rejected_since_start(rejected_.load());
  response->set_sequence_number(store_->LatestSequenceNumber());
}

absl::StatusOr<int> Ingestor::RetryPendingOnce() {
  std::vector<uint64_t> doc_ids;
  {
    std::unique_ptr<store::Iterator> it = store_->NewIterator(ColumnFamily::kPending);
    for (it->SeekToFirst(); it->Valid() && doc_ids.size() < kPendingRoundSize; it->Next()) {
      ASSIGN_OR_RETURN(uint64_t doc_id, store::DecodeDocumentKey(it->key()));
      doc_ids.push_back(doc_id);
    }
    RETURN_IF_ERROR(it->status());
  }
  int extracted = 0;
  for (uint64_t doc_id : doc_ids) {
    ASSIGN_OR_RETURN(common::v1::Document document, store::ReadDocument(*store_, doc_id));
    ASSIGN_OR_RETURN(extract::v1::ExtractResponse extraction, ExtractFor(extractor_, document));
    absl::MutexLock lock(&commit_mutex_);
    // The client may have sent a new version meanwhile; that version is what must be extracted.
    ASSIGN_OR_RETURN(common::v1::Document current, store::ReadDocument(*store_, doc_id));
    if (current.version() != document.version() ||
        current.state() != common::v1::DOCUMENT_STATE_PENDING_EXTRACTION) {
      continue;
    }
    RETURN_IF_ERROR(AttachMentions(extraction, &current));
    store::WriteBatch batch;
    // Same version, same text: its postings are in place, only entities and mentions are new.
    google::protobuf::RepeatedPtrField<common::v1::Entity> entities = extraction.entities();
    ASSIGN_OR_RETURN(bool entities_changed, DropUnchangedEntities(*store_, &entities));
    const uint64_t entity_records = entity_records_ + (entities_changed ? 1 : 0);
    if (entities_changed) {
      batch.Put(ColumnFamily::kMeta, store::CounterKey(store::kEntityRecordsCounter),
                Fixed64Value(entity_records));
    }
    store::EntityCounterDelta entity_counters;
    RETURN_IF_ERROR(
        UpdateDocumentEntitiesInBatch(doc_id, current, entities, &batch, &entity_counters));
    RETURN_IF_ERROR(entity_counters.WriteTo(*store_, &batch));
    RETURN_IF_ERROR(AddStoryToBatch(*store_, doc_id, current, &batch).status());
    batch.Delete(ColumnFamily::kPending, store::DocumentKey(doc_id));
    uint64_t pending_count = pending_count_ > 0 ? pending_count_ - 1 : 0;
    batch.Put(ColumnFamily::kMeta, store::CounterKey("pending"), Fixed64Value(pending_count));
    RETURN_IF_ERROR(store_->Commit(batch).status());
    pending_count_ = pending_count;
    entity_records_ = entity_records;
    ++extracted;
  }
  return extracted;
}

void Ingestor::RetryLoop() {
  absl::BitGen random;
  absl::Duration backoff = options_.retry_initial_backoff;
  absl::Duration wait = absl::InfiniteDuration();
  while (true) {
    {
      absl::MutexLock lock(&worker_mutex_);
      auto wake = [this]() ABSL_EXCLUSIVE_LOCKS_REQUIRED(worker_mutex_) {
        return pending_signal_ || stopping_;
      };
      worker_mutex_.AwaitWithTimeout(absl::Condition(&wake), wait);
      if (stopping_) return;
      pending_signal_ = false;
    }
    absl::StatusOr<int> extracted = RetryPendingOnce();
    if (extracted.ok()) {
      backoff = options_.retry_initial_backoff;
      // A full round may have left more; an empty one means sleep until signalled.
      wait = *extracted > 0 ? absl::ZeroDuration() : absl::InfiniteDuration();
      if (*extracted > 0) {
        base::Log(base::LogLevel::kInfo,
                  absl::StrCat("extracted ", *extracted, " pending document(s)"));
      }
    } else {
      // Full jitter: replicas that failed together do not retry together.
      wait = absl::Milliseconds(absl::Uniform(random, 0.0, absl::ToDoubleMilliseconds(backoff)));
      backoff = std::min(backoff * 2, options_.retry_max_backoff);
      base::Log(base::LogLevel::kWarning,
                absl::StrCat("pending extraction failed (", extracted.status().ToString(),
                             "); next try in ", absl::FormatDuration(wait)));
    }
  }
}

}  // namespace newsgraph::ingest
