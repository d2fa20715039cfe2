#include "services/query/core/query_engine.h"

#include <algorithm>
#include <cmath>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/base/status_macros.h"
#include "common/store/keys.h"
#include "common/store/records.h"
#include "common/text/normalizer.h"
#include "common/text/segmenter.h"
#include "common/text/utf8.h"

namespace newsgraph::query {
namespace {

constexpr int kDefaultSearchPageSize = 10;
constexpr int kMaxSearchPageSize = 100;
constexpr int kDefaultEntityPageSize = 20;
constexpr int kMaxEntityPageSize = 200;
constexpr int kMaxEntityDocumentIds = 50;

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

// Okapi BM25's saturation and idf, without length normalisation (lengths are not stored yet).
double Bm25(uint64_t term_frequency, uint64_t document_frequency, uint64_t document_count) {
  constexpr double kK1 = 1.2;
  double n = static_cast<double>(std::max(document_count, document_frequency));
  double df = static_cast<double>(document_frequency);
  double idf = std::log(1.0 + (n - df + 0.5) / (df + 0.5));
  double tf = static_cast<double>(term_frequency);
  return idf * tf * (kK1 + 1) / (tf + kK1);
}

// About 30 words of `text` around the first word whose folded form is a query term.
std::string Snippet(const std::string& text, const absl::flat_hash_set<std::string>& terms) {
  auto tokens = text::SegmentWords(text);
  if (!tokens.ok() || tokens->empty()) return text.substr(0, 0);
  size_t hit = 0;
  for (size_t i = 0; i < tokens->size(); ++i) {
    const text::Token& token = (*tokens)[i];
    if (terms.contains(
            text::Fold(std::string_view(text).substr(token.begin, token.end - token.begin)))) {
      hit = i;
      break;
    }
  }
  size_t first = hit > 8 ? hit - 8 : 0;
  size_t last = std::min(tokens->size() - 1, first + 30);
  std::string snippet = first > 0 ? "…" : "";
  snippet += text.substr((*tokens)[first].begin, (*tokens)[last].end - (*tokens)[first].begin);
  if (last + 1 < tokens->size()) snippet += "…";
  for (char& c : snippet) {
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  }
  return snippet;
}

}  // namespace

QueryEngine::QueryEngine(QueryEngineOptions options) : options_(std::move(options)) {}

absl::StatusOr<const store::Store*> QueryEngine::FreshStore() {
  absl::MutexLock lock(&mutex_);
  if (store_ == nullptr) {
    auto opened = store::Store::OpenSecondary(options_.data_dir, options_.secondary_dir);
    if (!opened.ok()) {
      return absl::UnavailableError(
          absl::StrCat("store: not available yet: ", opened.status().message()));
    }
    store_ = std::move(*opened);
  }
  RETURN_IF_ERROR(store_->CatchUp());
  return store_.get();
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

absl::Status QueryEngine::Search(const v1::SearchRequest& request, v1::SearchResponse* response) {
  if (request.query().size() > options_.max_query_bytes) {
    return absl::InvalidArgumentError(absl::StrCat("query: ", request.query().size(),
                                                   " bytes exceeds the limit of ",
                                                   options_.max_query_bytes));
  }
  RETURN_IF_ERROR(text::ValidateUtf8(request.query(), "query"));
  ASSIGN_OR_RETURN(int page_size,
                   PageSize(request.page_size(), kDefaultSearchPageSize, kMaxSearchPageSize));
  ASSIGN_OR_RETURN(std::vector<std::string> term_list, text::Terms(request.query()));
  absl::flat_hash_set<std::string> terms(term_list.begin(), term_list.end());
  if (terms.empty()) return absl::InvalidArgumentError("query: has no searchable term");
  ASSIGN_OR_RETURN(const store::Store* db, FreshStore());
  ASSIGN_OR_RETURN(uint64_t document_count,
                   store::ReadCounter(*db, store::CounterKey("documents"), 0));

  // Every term must match (AND); scores add up over terms.
  absl::flat_hash_map<uint64_t, double> scores;
  bool first = true;
  for (const std::string& term : terms) {
    ASSIGN_OR_RETURN(auto postings, store::ReadPostings(*db, term));
    absl::flat_hash_map<uint64_t, double> next;
    for (const auto& [doc_id, frequency] : postings) {
      if (!first && !scores.contains(doc_id)) continue;
      next[doc_id] =
          (first ? 0.0 : scores[doc_id]) + Bm25(frequency, postings.size(), document_count);
    }
    scores = std::move(next);
    first = false;
    if (scores.empty()) break;
  }
  std::vector<std::pair<uint64_t, double>> ranked(scores.begin(), scores.end());
  std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first > b.first;
  });
  response->set_total_hits(static_cast<uint32_t>(ranked.size()));
  for (size_t i = 0; i < ranked.size() && i < static_cast<size_t>(page_size); ++i) {
    ASSIGN_OR_RETURN(common::v1::Document document, store::ReadDocument(*db, ranked[i].first));
    v1::SearchHit* hit = response->add_hits();
    hit->set_document_id(document.id());
    hit->set_title(document.title());
    hit->set_score(ranked[i].second);
    hit->set_snippet(Snippet(document.body(), terms));
    hit->set_language(document.language());
    if (document.has_published_at()) *hit->mutable_published_at() = document.published_at();
  }
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
  return absl::OkStatus();
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

}  // namespace newsgraph::query
