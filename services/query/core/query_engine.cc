#include "services/query/core/query_engine.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/base/status_macros.h"
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

absl::StatusOr<uint64_t> ParseDocumentId(const std::string& id) {
  uint64_t doc_id = 0;
  if (id.empty()) return absl::InvalidArgumentError("document_id: must not be empty");
  if (!absl::SimpleAtoi(id, &doc_id) || doc_id == 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("document_id: \"", id, "\" is not a document id"));
  }
  return doc_id;
}

absl::StatusOr<int> PageSize(int requested, int default_size, int max_size) {
  if (requested < 0) return absl::InvalidArgumentError("page_size: must not be negative");
  if (requested == 0) return default_size;
  return std::min(requested, max_size);
}

}  // namespace

QueryEngine::QueryEngine(QueryEngineOptions options) : options_(std::move(options)) {}

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
        RETURN_IF_ERROR(store_->CatchUp());
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
  RETURN_IF_ERROR(RunSearch(*db, request, prepared, search_options, response));
  response->set_sequence_number(sequence);
  return absl::OkStatus();
}

absl::Status QueryEngine::GetEntity(const v1::GetEntityRequest& request,
                                    v1::GetEntityResponse* response) {
  if (request.entity_id().empty())
    return absl::InvalidArgumentError("entity_id: must not be empty");
  RETURN_IF_ERROR(text::ValidateUtf8(request.entity_id(), "entity_id"));
  ASSIGN_OR_RETURN(const store::Store* db, FreshStore());
  auto entity = store::ReadEntity(*db, request.entity_id());
  if (absl::IsNotFound(entity.status())) {
    return absl::NotFoundError(
        absl::StrCat("entity_id: no stored document mentions ", request.entity_id()));
  }
  if (!entity.ok()) return entity.status();
  ASSIGN_OR_RETURN(store::EntityDocuments documents,
                   store::ReadEntityDocuments(*db, request.entity_id()));
  *response->mutable_entity() = std::move(*entity);
  response->set_document_count(documents.documents.size());
  response->set_mention_count(documents.mention_count);
  // Newest documents (highest ids) first.
  for (auto it = documents.documents.rbegin();
       it != documents.documents.rend() && response->document_ids_size() < kMaxEntityDocumentIds;
       ++it) {
    response->add_document_ids(absl::StrCat(it->first));
  }
  return AddEntityDates(*db, response);
}

absl::Status QueryEngine::ListEntities(const v1::ListEntitiesRequest& request,
                                       v1::ListEntitiesResponse* response) {
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
    ASSIGN_OR_RETURN(store::EntityDocuments documents,
                     store::ReadEntityDocuments(*db, summary.entity().id()));
    summary.set_document_count(documents.documents.size());
    summary.set_mention_count(documents.mention_count);
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
    if (entity_index_ == nullptr || entity_index_sequence_ != sequence) {
      ASSIGN_OR_RETURN(EntityIndex built, EntityIndex::Build(*db));
      entity_index_ = std::make_shared<const EntityIndex>(std::move(built));
      entity_index_sequence_ = sequence;
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
