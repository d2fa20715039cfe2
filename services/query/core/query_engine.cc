#include "services/query/core/query_engine.h"

#include <algorithm>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/base/status_macros.h"
#include "common/store/entity_counters.h"
#include "common/store/keys.h"
#include "common/store/records.h"
#include "common/text/utf8.h"
#include "services/query/core/entity_answers.h"
#include "services/query/core/entity_index.h"
#include "services/query/core/search.h"
#include "services/query/core/stories.h"

namespace newsgraph::query {
namespace {

constexpr int kDefaultEntityPageSize = 20;
constexpr int kMaxEntityPageSize = 200;
constexpr int kMaxEntityDocumentIds = 50;
constexpr int kDefaultEntitySearchPageSize = 10;
constexpr int kMaxEntitySearchPageSize = 100;

// `value` as echoed in an error message: cut to 64 bytes (on a UTF-8 boundary). The message
// travels in the response headers, and a client refuses headers over 8 KiB: a long id echoed
// whole turned the answer into RESOURCE_EXHAUSTED.
std::string Echo(const std::string& value) {
  constexpr size_t kMaxEcho = 64;
  if (value.size() <= kMaxEcho) return value;
  size_t end = kMaxEcho;
  while (end > 0 && (static_cast<unsigned char>(value[end]) & 0xC0) == 0x80) --end;
  return absl::StrCat(value.substr(0, end), "... (", value.size(), " bytes)");
}

absl::StatusOr<uint64_t> ParseDocumentId(const std::string& id) {
  uint64_t doc_id = 0;
  if (id.empty()) return absl::InvalidArgumentError("document_id: must not be empty");
  if (!absl::SimpleAtoi(id, &doc_id) || doc_id == 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("document_id: \"", Echo(id), "\" is not a document id"));
  }
  return doc_id;
}

// Unknown enum numbers reach the server as they were sent; an unknown type would silently
// match nothing.
absl::Status ValidateEntityType(common::v1::EntityType type) {
  if (!common::v1::EntityType_IsValid(type)) {
    return absl::InvalidArgumentError(absl::StrCat("type: unknown value ", static_cast<int>(type)));
  }
  return absl::OkStatus();
}

absl::StatusOr<int> PageSize(int requested, int default_size, int max_size) {
  if (requested < 0) return absl::InvalidArgumentError("page_size: must not be negative");
  if (requested == 0) return default_size;
  return std::min(requested, max_size);
}

}  // namespace

QueryEngine::QueryEngine(QueryEngineOptions options) : options_(std::move(options)) {}

QueryEngine::Freshness QueryEngine::GetFreshness() {
  absl::MutexLock lock(&mutex_);
  Freshness freshness;
  freshness.sequence_number = store_ == nullptr ? 0 : store_->LatestSequenceNumber();
  freshness.catch_ups = catch_ups_;
  freshness.catch_up_failures = catch_up_failures_;
  freshness.last_catch_up = last_catch_up_;
  return freshness;
}

absl::StatusOr<const store::Store*> QueryEngine::FreshStore(uint64_t min_sequence,
                                                            absl::Time deadline) {
  const absl::Time start = absl::Now();
  // Stop early enough for the clear error to reach the client before its deadline does (a
  // catch-up and the reply take a few milliseconds each).
  const absl::Time limit = deadline == absl::InfiniteFuture()
                               ? start + options_.max_consistency_wait
                               : deadline - absl::Milliseconds(50);
  absl::Duration backoff = absl::Milliseconds(2);
  while (true) {
    const store::Store* db = nullptr;
    uint64_t seen = 0;
    {
      absl::MutexLock lock(&mutex_);
      if (store_ == nullptr) {
        auto opened = store::Store::OpenSecondary(options_.data_dir, options_.secondary_dir);
        // An incompatible store will not fix itself: say so instead of "not available yet".
        if (absl::IsFailedPrecondition(opened.status())) return opened.status();
        if (!opened.ok()) {
          return absl::UnavailableError(
              absl::StrCat("store: not available yet: ", opened.status().message()));
        }
        store_ = std::move(*opened);
      }
      const absl::Time now = absl::Now();
      const bool due = min_sequence == 0 ? now - last_catch_up_ >= options_.catch_up_interval
                                         : store_->LatestSequenceNumber() < min_sequence;
      if (due) {
        absl::Status caught_up = store_->CatchUp();
        if (!caught_up.ok()) {
          ++catch_up_failures_;
          return caught_up;
        }
        ++catch_ups_;
        last_catch_up_ = now;
      }
      db = store_.get();
      seen = store_->LatestSequenceNumber();
    }
    if (seen >= min_sequence) return db;
    // The lock is released while sleeping, so other calls are answered meanwhile; no catch-up
    // starts after the limit.
    if (absl::Now() < limit) absl::SleepFor(std::min(backoff, limit - absl::Now()));
    backoff = std::min(backoff * 2, absl::Milliseconds(50));
    if (absl::Now() >= limit) {
      return absl::DeadlineExceededError(
          absl::StrCat("min_sequence_number: the store reached sequence number ", seen, ", not ",
                       min_sequence, ", within ", absl::FormatDuration(absl::Now() - start),
                       "; was the token returned by the ingest service of this store?"));
    }
  }
}

absl::Status QueryEngine::GetDocument(const v1::GetDocumentRequest& request,
                                      v1::GetDocumentResponse* response) {
  ASSIGN_OR_RETURN(uint64_t doc_id, ParseDocumentId(request.document_id()));
  ASSIGN_OR_RETURN(const store::Store* db, FreshStore());
  auto document = store::ReadDocument(*db, doc_id);
  if (absl::IsNotFound(document.status())) {
    return absl::NotFoundError(absl::StrCat("document_id: no document ", request.document_id()));
  }
  if (!document.ok()) return document.status();
  *response->mutable_document() = std::move(*document);
  return absl::OkStatus();
}

absl::Status QueryEngine::Search(const v1::SearchRequest& request, v1::SearchResponse* response,
                                 absl::Time deadline) {
  SearchOptions search_options;
  search_options.max_query_bytes = options_.max_query_bytes;
  search_options.max_candidates = options_.max_search_candidates;
  // Bad requests fail before any wait for the store.
  ASSIGN_OR_RETURN(PreparedSearch prepared, PrepareSearch(request, search_options));
  ASSIGN_OR_RETURN(const store::Store* db, FreshStore(request.min_sequence_number(), deadline));
  const uint64_t sequence = db->LatestSequenceNumber();
  RETURN_IF_ERROR(doc_table_.Refresh(*db));
  RETURN_IF_ERROR(RunSearch(*db, doc_table_, request, prepared, search_options, response));
  response->set_sequence_number(sequence);
  return absl::OkStatus();
}

absl::Status QueryEngine::GetEntity(const v1::GetEntityRequest& request,
                                    v1::GetEntityResponse* response) {
  RETURN_IF_ERROR(ValidateEntityId(request.entity_id()));
  ASSIGN_OR_RETURN(const store::Store* db, FreshStore());
  auto entity = store::ReadEntity(*db, request.entity_id());
  if (absl::IsNotFound(entity.status())) {
    return absl::NotFoundError(
        absl::StrCat("entity_id: no stored document mentions ", Echo(request.entity_id())));
  }
  if (!entity.ok()) return entity.status();
  // Counts from the totals row (one read, not one per document); none when every document that
  // mentioned it is gone.
  auto totals = store::ReadEntityTotals(*db, request.entity_id());
  if (!totals.ok() && !absl::IsNotFound(totals.status())) return totals.status();
  *response->mutable_entity() = std::move(*entity);
  response->set_document_count(totals.ok() ? totals->documents : 0);
  response->set_mention_count(totals.ok() ? totals->mentions : 0);
  // Newest documents (highest ids) first: backwards from the end of the entity's rows.
  const std::string prefix = store::EntityDocPrefix(request.entity_id());
  std::unique_ptr<store::Iterator> it = db->NewIterator(store::ColumnFamily::kEntityDocs);
  for (it->SeekForPrev(prefix + std::string(8, '\xff'));
       it->Valid() && it->key().starts_with(prefix) &&
       response->document_ids_size() < kMaxEntityDocumentIds;
       it->Prev()) {
    ASSIGN_OR_RETURN(store::EntityDocKeyParts parts, store::DecodeEntityDocKey(it->key()));
    response->add_document_ids(absl::StrCat(parts.doc_id));
  }
  RETURN_IF_ERROR(it->status());
  return AddEntityDates(*db, response);
}

absl::Status QueryEngine::ListEntities(const v1::ListEntitiesRequest& request,
                                       v1::ListEntitiesResponse* response) {
  RETURN_IF_ERROR(ValidateEntityType(request.type()));
  ASSIGN_OR_RETURN(int page_size,
                   PageSize(request.page_size(), kDefaultEntityPageSize, kMaxEntityPageSize));
  size_t offset = 0;
  if (!request.page_token().empty() && !absl::SimpleAtoi(request.page_token(), &offset)) {
    return absl::InvalidArgumentError("page_token: not a token returned by ListEntities");
  }
  ASSIGN_OR_RETURN(const store::Store* db, FreshStore());
  std::vector<v1::EntitySummary> summaries;
  std::unique_ptr<store::Iterator> it = db->NewIterator(store::ColumnFamily::kEntities);
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    ASSIGN_OR_RETURN(auto payload, store::UnwrapValue(it->value()));
    v1::EntitySummary summary;
    if (!summary.mutable_entity()->ParseFromArray(payload.data(),
                                                  static_cast<int>(payload.size()))) {
      return absl::DataLossError("entities: stored value does not parse");
    }
    if (request.type() != common::v1::ENTITY_TYPE_UNSPECIFIED &&
        summary.entity().type() != request.type()) {
      continue;
    }
    auto totals = store::ReadEntityTotals(*db, summary.entity().id());
    if (!totals.ok() && !absl::IsNotFound(totals.status())) return totals.status();
    summary.set_document_count(totals.ok() ? totals->documents : 0);
    summary.set_mention_count(totals.ok() ? totals->mentions : 0);
    summaries.push_back(std::move(summary));
  }
  RETURN_IF_ERROR(it->status());
  if (offset > summaries.size()) {
    return absl::InvalidArgumentError("page_token: not a token returned by ListEntities");
  }
  std::sort(summaries.begin(), summaries.end(), [](const auto& a, const auto& b) {
    if (a.mention_count() != b.mention_count()) return a.mention_count() > b.mention_count();
    return a.entity().id() < b.entity().id();
  });
  size_t end = std::min(summaries.size(), offset + static_cast<size_t>(page_size));
  for (size_t i = offset; i < end; ++i) *response->add_entities() = std::move(summaries[i]);
  if (end < summaries.size()) response->set_next_page_token(absl::StrCat(end));
  return absl::OkStatus();
}

absl::Status QueryEngine::SearchEntities(const v1::SearchEntitiesRequest& request,
                                         v1::SearchEntitiesResponse* response) {
  if (request.query().empty()) return absl::InvalidArgumentError("query: must not be empty");
  if (request.query().size() > options_.max_query_bytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("query: longer than ", options_.max_query_bytes, " bytes"));
  }
  RETURN_IF_ERROR(text::ValidateUtf8(request.query(), "query"));
  RETURN_IF_ERROR(ValidateEntityType(request.type()));
  ASSIGN_OR_RETURN(int page_size, PageSize(request.page_size(), kDefaultEntitySearchPageSize,
                                           kMaxEntitySearchPageSize));
  size_t offset = 0;
  if (!request.page_token().empty() && !absl::SimpleAtoi(request.page_token(), &offset)) {
    return absl::InvalidArgumentError("page_token: not a token returned by SearchEntities");
  }
  ASSIGN_OR_RETURN(const store::Store* db, FreshStore());
  std::shared_ptr<const EntityIndex> index;
  {
    absl::MutexLock lock(&index_mutex_);
    const uint64_t sequence = db->LatestSequenceNumber();
    const absl::Time now = absl::Now();
    if (entity_index_ == nullptr ||
        (entity_index_sequence_ != sequence &&
         now - entity_index_refreshed_ >= options_.entity_index_refresh_interval)) {
      // Names are re-read and transliterated only when ingest changed an entity record; other
      // writes only change counts, which one batched read of entity_totals refreshes.
      ASSIGN_OR_RETURN(uint64_t records,
                       store::ReadCounter(*db, store::CounterKey(store::kEntityRecordsCounter), 0));
      if (entity_index_ == nullptr || records != entity_index_records_) {
        ASSIGN_OR_RETURN(EntityIndex built, EntityIndex::Build(*db));
        entity_index_ = std::make_shared<const EntityIndex>(std::move(built));
      } else {
        ASSIGN_OR_RETURN(EntityIndex recounted, entity_index_->WithCountsFrom(*db));
        entity_index_ = std::make_shared<const EntityIndex>(std::move(recounted));
      }
      entity_index_records_ = records;
      entity_index_sequence_ = sequence;
      entity_index_refreshed_ = now;
    }
    index = entity_index_;
  }
  std::vector<EntityCandidate> matches = index->Match(request.query(), request.type());
  if (offset > matches.size()) {
    return absl::InvalidArgumentError("page_token: not a token returned by SearchEntities");
  }
  const size_t end = std::min(matches.size(), offset + static_cast<size_t>(page_size));
  for (size_t i = offset; i < end; ++i) {
    v1::EntitySummary* summary = response->add_entities();
    *summary->mutable_entity() = std::move(matches[i].entity);
    summary->set_document_count(matches[i].document_count);
    summary->set_mention_count(matches[i].mention_count);
  }
  if (end < matches.size()) response->set_next_page_token(absl::StrCat(end));
  return absl::OkStatus();
}

absl::Status QueryEngine::RelatedEntities(const v1::RelatedEntitiesRequest& request,
                                          v1::RelatedEntitiesResponse* response) {
  RETURN_IF_ERROR(ValidateRelatedEntities(request));
  ASSIGN_OR_RETURN(const store::Store* db, FreshStore());
  return query::RelatedEntities(*db, request, response);
}

absl::Status QueryEngine::EntityTimeline(const v1::EntityTimelineRequest& request,
                                         v1::EntityTimelineResponse* response) {
  RETURN_IF_ERROR(ValidateEntityTimeline(request));
  ASSIGN_OR_RETURN(const store::Store* db, FreshStore());
  return query::EntityTimeline(*db, request, response);
}

absl::Status QueryEngine::ListStories(const v1::ListStoriesRequest& request,
                                      v1::ListStoriesResponse* response) {
  RETURN_IF_ERROR(ValidateListStories(request));
  ASSIGN_OR_RETURN(const store::Store* db, FreshStore());
  return query::ListStories(*db, request, response);
}

absl::Status QueryEngine::GetStory(const v1::GetStoryRequest& request,
                                   v1::GetStoryResponse* response) {
  if (request.story_id().empty()) return absl::InvalidArgumentError("story_id: must not be empty");
  ASSIGN_OR_RETURN(const store::Store* db, FreshStore());
  return query::GetStory(*db, request, response);
}

}  // namespace newsgraph::query
