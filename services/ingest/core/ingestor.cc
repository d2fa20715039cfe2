#include "services/ingest/core/ingestor.h"

#include <string>
#include <utility>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/base/status_macros.h"
#include "common/store/keys.h"
#include "common/text/normalizer.h"
#include "services/ingest/core/document_batch.h"

namespace newsgraph::ingest {
namespace {

// Reads a fixed64 meta value; `fallback` when the key was never written.
absl::StatusOr<uint64_t> ReadMetaCounter(const store::Store& db, const std::string& key,
                                         uint64_t fallback) {
  auto value = db.Get(store::ColumnFamily::kMeta, key);
  if (absl::IsNotFound(value.status())) return fallback;
  if (!value.ok()) return value.status();
  ASSIGN_OR_RETURN(auto payload, store::UnwrapValue(*value));
  return store::DecodeFixed64BE(payload);
}

std::string Fixed64Value(uint64_t v) {
  std::string encoded;
  store::PutFixed64BE(&encoded, v);
  return store::WrapValue(encoded);
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
  return ingestor;
}

absl::Status Ingestor::LoadCounters() {
  absl::MutexLock lock(&commit_mutex_);
  ASSIGN_OR_RETURN(next_doc_id_, ReadMetaCounter(*store_, std::string(store::kNextDocIdKey), 1));
  ASSIGN_OR_RETURN(document_count_, ReadMetaCounter(*store_, store::CounterKey("documents"), 0));
  return absl::OkStatus();
}

absl::Status Ingestor::Ingest(const v1::IngestRequest& request, v1::IngestResponse* response) {
  RETURN_IF_ERROR(ValidateIngestRequest(request, options_.limits));

  common::v1::Document document;
  ASSIGN_OR_RETURN(*document.mutable_text(), text::NormalizeNfc(request.text()));
  ASSIGN_OR_RETURN(*document.mutable_title(), text::NormalizeNfc(request.title()));
  document.set_url(request.url());
  document.set_source(request.source());
  document.set_language(request.language());
  document.set_external_id(request.external_id());
  if (request.has_published_at()) *document.mutable_published_at() = request.published_at();

  extract::v1::ExtractRequest extract_request;
  extract_request.set_text(document.text());
  extract_request.set_language(document.language());
  auto extraction = extractor_->Extract(extract_request);
  if (!extraction.ok()) {
    return absl::Status(extraction.status().code(),
                        absl::StrCat("extract: ", extraction.status().message()));
  }
  for (const common::v1::Mention& mention : extraction->mentions()) {
    if (mention.end() > document.text().size() || mention.begin() >= mention.end()) {
      return absl::InternalError("extract: returned a mention outside the text");
    }
    *document.add_mentions() = mention;
  }
  document.set_state(common::v1::DOCUMENT_STATE_EXTRACTED);
  absl::Time now = absl::Now();
  document.mutable_ingested_at()->set_seconds(absl::ToUnixSeconds(now));
  document.mutable_ingested_at()->set_nanos(static_cast<int32_t>(
      absl::ToInt64Nanoseconds(now - absl::FromUnixSeconds(absl::ToUnixSeconds(now)))));

  absl::MutexLock lock(&commit_mutex_);
  uint64_t doc_id = next_doc_id_;
  document.set_id(absl::StrCat(doc_id));
  store::WriteBatch batch;
  RETURN_IF_ERROR(AddDocumentToBatch(doc_id, document, *extraction, &batch));
  batch.Put(store::ColumnFamily::kMeta, store::kNextDocIdKey, Fixed64Value(doc_id + 1));
  batch.Put(store::ColumnFamily::kMeta, store::CounterKey("documents"),
            Fixed64Value(document_count_ + 1));
  ASSIGN_OR_RETURN(uint64_t sequence, store_->Commit(batch));
  next_doc_id_ = doc_id + 1;
  ++document_count_;

  response->set_document_id(document.id());
  response->set_state(document.state());
  response->set_mention_count(static_cast<uint32_t>(document.mentions_size()));
  response->set_sequence_number(sequence);
  return absl::OkStatus();
}

}  // namespace newsgraph::ingest
