#include "services/query/core/search.h"

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/base/status_macros.h"
#include "common/lang/detect.h"
#include "common/store/doc_meta.h"
#include "common/store/postings.h"
#include "common/store/records.h"
#include "common/text/segmenter.h"
#include "common/text/utf8.h"
#include "services/query/core/evaluator.h"
#include "services/query/core/facets.h"
#include "services/query/core/snippets.h"

namespace newsgraph::query {
namespace {

constexpr int kDefaultPageSize = 10;
constexpr int kMaxPageSize = 100;
constexpr int kDefaultFacetSize = 10;
constexpr int kMaxFacetSize = 100;
constexpr int kMaxEntityIds = 32;
constexpr size_t kMaxFilterValues = 32;
constexpr size_t kMaxFieldBytes = 256;

absl::Status CheckStrings(const google::protobuf::RepeatedPtrField<std::string>& values,
                          const std::string& field) {
  if (static_cast<size_t>(values.size()) > kMaxFilterValues) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": more than ", kMaxFilterValues, " values"));
  }
  for (const std::string& value : values) {
    if (value.empty() || value.size() > kMaxFieldBytes || value.find('\0') != std::string::npos) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ": values must be 1 to ", kMaxFieldBytes, " bytes without NUL"));
    }
    RETURN_IF_ERROR(text::ValidateUtf8(value, field));
  }
  return absl::OkStatus();
}

absl::Status CheckTimestamp(const google::protobuf::Timestamp& timestamp,
                            const std::string& field) {
  if (timestamp.nanos() < 0 || timestamp.nanos() > 999999999) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": nanos out of range"));
  }
  return absl::OkStatus();
}

absl::Status CheckFilter(const v1::SearchFilter& filter) {
  RETURN_IF_ERROR(CheckStrings(filter.languages(), "filter.languages"));
  RETURN_IF_ERROR(CheckStrings(filter.sources(), "filter.sources"));
  RETURN_IF_ERROR(CheckTimestamp(filter.published_after(), "filter.published_after"));
  RETURN_IF_ERROR(CheckTimestamp(filter.published_before(), "filter.published_before"));
  if (filter.has_published_after() && filter.has_published_before() &&
      std::make_pair(filter.published_before().seconds(), filter.published_before().nanos()) <=
          std::make_pair(filter.published_after().seconds(), filter.published_after().nanos())) {
    return absl::InvalidArgumentError(
        "filter.published_before: must be later than filter.published_after");
  }
  for (int type : filter.entity_types()) {
    if (!common::v1::EntityType_IsValid(type)) {
      return absl::InvalidArgumentError(
          absl::StrCat("filter.entity_types: unknown entity type ", type));
    }
  }
  return absl::OkStatus();
}

// A sort position: the key of one hit in the requested order.
struct SortKey {
  double score;
  int64_t date;
  uint64_t doc_id;
};

// True when `a` comes before `b` in `order`. Ties are broken by doc id so the order is total,
// which keyset pagination needs.
bool Precedes(const SortKey& a, const SortKey& b, v1::SortOrder order) {
  switch (order) {
    case v1::SORT_ORDER_DATE_DESC:
      if (a.date != b.date) return a.date > b.date;
      return a.doc_id > b.doc_id;
    case v1::SORT_ORDER_DATE_ASC:
      if (a.date != b.date) return a.date < b.date;
      return a.doc_id < b.doc_id;
    default:
      if (a.score != b.score) return a.score > b.score;
      return a.doc_id > b.doc_id;
  }
}

bool LanguageMatches(const std::string& language,
                     const google::protobuf::RepeatedPtrField<std::string>& wanted) {
  for (const std::string& want : wanted) {
    if (absl::EqualsIgnoreCase(language, want)) return true;
    // "uk" also selects "uk-UA" (and "uk_UA").
    if (language.size() > want.size() && absl::StartsWithIgnoreCase(language, want) &&
        (language[want.size()] == '-' || language[want.size()] == '_')) {
      return true;
    }
  }
  return false;
}

// A request's filter over table rows. Rows share interned names, so the language and source
// checks are made once per distinct name.
class RowFilter {
 public:
  explicit RowFilter(const v1::SearchFilter& filter) : filter_(filter) {}

  bool Passes(const DocRow& row) {
    if (!filter_.languages().empty() &&
        !Cached(row.language, &languages_, [this](const std::string& language) {
          return LanguageMatches(language, filter_.languages());
        })) {
      return false;
    }
    if (!filter_.sources().empty() &&
        !Cached(row.source, &sources_, [this](const std::string& source) {
          for (const std::string& want : filter_.sources()) {
            if (absl::EqualsIgnoreCase(source, want)) return true;
          }
          return false;
        })) {
      return false;
    }
    if (filter_.has_published_after() || filter_.has_published_before()) {
      if (!row.has_published) return false;
      const int64_t t = row.date;  // whole seconds; stored dates have no nanos
      const auto& after = filter_.published_after();
      const auto& before = filter_.published_before();
      if (filter_.has_published_after() &&
          (t < after.seconds() || (t == after.seconds() && after.nanos() > 0))) {
        return false;
      }
      if (filter_.has_published_before() && t >= before.seconds() &&
          !(t == before.seconds() && before.nanos() > 0)) {
        return false;
      }
    }
    if (!filter_.entity_types().empty()) {
      bool any = false;
      for (int type : filter_.entity_types()) {
        any = any || (type > 0 && type < 64 && (row.entity_type_mask >> type) & 1);
      }
      if (!any) return false;
    }
    return true;
  }

 private:
  template <typename Test>
  static bool Cached(const std::string* name, absl::flat_hash_map<const std::string*, bool>* cache,
                     Test test) {
    auto [it, inserted] = cache->try_emplace(name, false);
    if (inserted) it->second = test(*name);
    return it->second;
  }

  const v1::SearchFilter& filter_;
  absl::flat_hash_map<const std::string*, bool> languages_;
  absl::flat_hash_map<const std::string*, bool> sources_;
};

// The languages whose stemmers analyse the query: the one the client named, else the filter's,
// else every language in the index (sorted, so the choice is reproducible for the cursor).
std::vector<std::string> QueryLanguages(const v1::SearchRequest& request,
                                        const store::IndexStats& stats) {
  if (!request.query_language().empty()) return {request.query_language()};
  if (!request.filter().languages().empty()) {
    return {request.filter().languages().begin(), request.filter().languages().end()};
  }
  std::vector<std::string> languages;
  for (const auto& [language, count] : stats.languages) languages.push_back(language);
  std::sort(languages.begin(), languages.end());
  return languages;
}

struct Candidate {
  const Match* match;
  const DocRow* row;
  SortKey key;
};

// Fills the rows of `doc_ids` that `rows` lacks (present == false) from their doc_meta records,
// interning names in `names`; rows of documents without a record stay absent.
absl::Status ReadMissingRows(const store::Store& db, const std::vector<uint64_t>& doc_ids,
                             NameInterner* names, std::vector<DocRow>* rows) {
  std::vector<uint64_t> missing;
  std::vector<size_t> at;
  for (size_t i = 0; i < rows->size(); ++i) {
    if (!(*rows)[i].present) {
      missing.push_back(doc_ids[i]);
      at.push_back(i);
    }
  }
  if (missing.empty()) return absl::OkStatus();
  ASSIGN_OR_RETURN(std::vector<std::optional<store::DocMeta>> metas,
                   store::ReadDocMetas(db, missing, store::DocMetaFields::kWithoutEntities));
  for (size_t k = 0; k < missing.size(); ++k) {
    if (metas[k]) (*rows)[at[k]] = MakeDocRow(*metas[k], names);
  }
  return absl::OkStatus();
}

absl::Status FillHit(const store::Store& db, const v1::SearchRequest& request,
                     const Evaluation& evaluation, const Candidate& candidate,
                     const SearchOptions& options, v1::SearchHit* hit) {
  ASSIGN_OR_RETURN(common::v1::Document document, store::ReadDocument(db, candidate.key.doc_id));
  hit->set_document_id(document.id());
  hit->set_title(document.title());
  hit->set_score(candidate.key.score);
  hit->set_language(document.language());
  hit->set_source(document.source());
  if (document.has_published_at()) *hit->mutable_published_at() = document.published_at();
  const absl::flat_hash_set<std::string> entity_ids(request.entity_ids().begin(),
                                                    request.entity_ids().end());
  // The query's words where the postings put them (title positions first, then the body's):
  // no need to analyse the document again.
  ASSIGN_OR_RETURN(const std::vector<uint32_t> positions,
                   HighlightPositions(evaluation, candidate.key.doc_id));
  // The snippet's window is known from the words' positions, so the body is segmented only that
  // far; entity mentions are byte ranges anywhere in the body, so with entities all of it.
  size_t max_tokens = SIZE_MAX;
  if (request.entity_ids().empty()) {
    std::vector<uint32_t> body_indices;
    for (uint32_t position : positions) {
      if (position >= store::kBodyPositionBase) {
        body_indices.push_back(position - store::kBodyPositionBase);
      }
    }
    max_tokens = SnippetWordLimit(body_indices, options.snippet_words);
  }
  ASSIGN_OR_RETURN(const std::vector<text::Token> body_tokens,
                   text::SegmentWords(document.body(), max_tokens));
  std::vector<MarkRange> ranges =
      MergeRanges(PositionRanges(body_tokens, positions, store::kBodyPositionBase),
                  document.mentions(), entity_ids, document.body().size());
  Snippet snippet = MakeSnippet(document.body(), body_tokens, ranges, options.snippet_words);
  hit->set_snippet(std::move(snippet.text));
  hit->set_snippet_html(std::move(snippet.html));
  for (v1::Highlight& highlight : snippet.highlights) {
    *hit->add_snippet_highlights() = std::move(highlight);
  }
  if (!positions.empty() && positions.front() < store::kBodyPositionBase) {
    ASSIGN_OR_RETURN(const std::vector<text::Token> title_tokens,
                     text::SegmentWords(document.title()));
    for (v1::Highlight& highlight :
         ToHighlights(document.title(), PositionRanges(title_tokens, positions, 0))) {
      *hit->add_title_highlights() = std::move(highlight);
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<PreparedSearch> PrepareSearch(const v1::SearchRequest& request,
                                             const SearchOptions& options) {
  PreparedSearch prepared;
  if (request.page_size() < 0) return absl::InvalidArgumentError("page_size: must not be negative");
  prepared.page_size =
      request.page_size() == 0 ? kDefaultPageSize : std::min(request.page_size(), kMaxPageSize);
  if (request.facet_size() < 0) {
    return absl::InvalidArgumentError("facet_size: must not be negative");
  }
  prepared.facet_size =
      request.facet_size() == 0 ? kDefaultFacetSize : std::min(request.facet_size(), kMaxFacetSize);
  if (request.entity_ids_size() > kMaxEntityIds) {
    return absl::InvalidArgumentError(
        absl::StrCat("entity_ids: more than ", kMaxEntityIds, " entities"));
  }
  RETURN_IF_ERROR(CheckStrings(request.entity_ids(), "entity_ids"));
  if (!v1::EntityMatch_IsValid(request.entity_match())) {
    return absl::InvalidArgumentError("entity_match: unknown value");
  }
  if (!v1::SortOrder_IsValid(request.sort()))
    return absl::InvalidArgumentError("sort: unknown value");
  if (!v1::DateInterval_IsValid(request.date_interval())) {
    return absl::InvalidArgumentError("date_interval: unknown value");
  }
  for (int kind : request.facets()) {
    if (!v1::FacetKind_IsValid(kind) || kind == v1::FACET_KIND_UNSPECIFIED) {
      return absl::InvalidArgumentError(absl::StrCat("facets: unknown facet kind ", kind));
    }
  }
  RETURN_IF_ERROR(CheckFilter(request.filter()));
  if (request.query_language().size() > lang::kMaxLanguageTagBytes) {
    return absl::InvalidArgumentError("query_language: not a BCP 47 language tag");
  }
  RETURN_IF_ERROR(text::ValidateUtf8(request.query_language(), "query_language"));
  prepared.sort =
      request.sort() == v1::SORT_ORDER_UNSPECIFIED ? v1::SORT_ORDER_RELEVANCE : request.sort();

  // A blank query is fine next to entities; on its own the parser reports it.
  if (request.entity_ids().empty() || !absl::StripAsciiWhitespace(request.query()).empty()) {
    ParseLimits limits;
    limits.max_bytes = options.max_query_bytes;
    limits.allow_only_excluded = !request.entity_ids().empty();
    ASSIGN_OR_RETURN(prepared.query, ParseQuery(request.query(), limits));
  }
  prepared.request_hash = RequestHash(request);
  if (!request.page_token().empty()) {
    ASSIGN_OR_RETURN(prepared.cursor, DecodeCursor(request.page_token(), prepared.request_hash));
  }
  return prepared;
}

absl::Status RunSearch(const store::Store& db, const DocTable& table,
                       const v1::SearchRequest& request, const PreparedSearch& prepared,
                       const SearchOptions& options, v1::SearchResponse* response) {
  // Collection statistics: the first page's, pinned by the cursor, so scores stay comparable.
  store::IndexStats stats;
  std::vector<std::string> languages;
  if (prepared.cursor) {
    stats.documents = prepared.cursor->document_count;
    stats.total_length = prepared.cursor->total_length;
    languages = prepared.cursor->languages;
  } else {
    stats = table.Stats();
    languages = QueryLanguages(request, stats);
  }
  const double average_length =
      stats.documents > 0 ? static_cast<double>(stats.total_length) / stats.documents : 1.0;

  EvaluationInput input;
  input.query = prepared.query ? &*prepared.query : nullptr;
  input.languages = languages;
  input.entity_ids.assign(request.entity_ids().begin(), request.entity_ids().end());
  input.all_entities = request.entity_match() == v1::ENTITY_MATCH_ALL;
  input.document_count = stats.documents;
  if (prepared.cursor) input.pinned_idf = prepared.cursor->leaf_idf;
  ASSIGN_OR_RETURN(Evaluation evaluation, Evaluate(db, input));

  // Cap the examined set: by a length-free score for relevance, by recency of ingestion (doc
  // ids grow with time) for date orders. Kept in doc id order for the batched meta read.
  std::vector<const Match*> examined;
  examined.reserve(std::min(evaluation.matches.size(), options.max_candidates));
  for (const Match& match : evaluation.matches) examined.push_back(&match);
  if (examined.size() > options.max_candidates) {
    response->set_capped(true);
    if (prepared.sort == v1::SORT_ORDER_RELEVANCE) {
      auto provisional = [&](const Match* m) {
        return Bm25Score(*m, evaluation, average_length, average_length);
      };
      std::nth_element(examined.begin(), examined.begin() + options.max_candidates, examined.end(),
                       [&](const Match* a, const Match* b) {
                         const double sa = provisional(a), sb = provisional(b);
                         return sa != sb ? sa > sb : a->doc_id > b->doc_id;
                       });
      examined.resize(options.max_candidates);
      std::sort(examined.begin(), examined.end(),
                [](const Match* a, const Match* b) { return a->doc_id < b->doc_id; });
    } else {
      examined.erase(examined.begin(), examined.end() - options.max_candidates);
    }
  }
  std::vector<uint64_t> doc_ids;
  doc_ids.reserve(examined.size());
  for (const Match* match : examined) doc_ids.push_back(match->doc_id);
  std::vector<DocRow> rows = table.Lookup(doc_ids);
  // Documents committed after the table's last refresh (a catch-up by another call since) are
  // read from doc_meta; a document without a record was replaced or removed after its postings
  // were read.
  NameInterner late_names;
  RETURN_IF_ERROR(ReadMissingRows(db, doc_ids, &late_names, &rows));

  RowFilter filter(request.filter());
  std::vector<Candidate> candidates;
  for (size_t i = 0; i < examined.size(); ++i) {
    const DocRow& row = rows[i];
    if (!row.present || !filter.Passes(row)) continue;
    candidates.push_back({examined[i],
                          &row,
                          {Bm25Score(*examined[i], evaluation, row.length, average_length),
                           row.date, examined[i]->doc_id}});
  }
  response->set_total_hits(static_cast<uint32_t>(candidates.size()));
  if (!request.facets().empty()) {
    std::vector<const DocRow*> matched_rows;
    matched_rows.reserve(candidates.size());
    for (const Candidate& candidate : candidates) matched_rows.push_back(candidate.row);
    // Only the top-entities facet needs the entity lists, which the table does not hold.
    std::vector<std::optional<store::DocMeta>> entity_metas;
    if (std::find(request.facets().begin(), request.facets().end(), v1::FACET_KIND_ENTITY) !=
        request.facets().end()) {
      std::vector<uint64_t> matched_ids;
      for (const Candidate& candidate : candidates) matched_ids.push_back(candidate.key.doc_id);
      ASSIGN_OR_RETURN(entity_metas, store::ReadDocMetas(db, matched_ids));
    }
    ASSIGN_OR_RETURN(std::vector<v1::Facet> facets,
                     ComputeFacets(matched_rows, entity_metas, request.facets(),
                                   prepared.facet_size, request.date_interval(), db));
    for (v1::Facet& facet : facets) *response->add_facets() = std::move(facet);
  }

  // Only this page needs sorting: drop what earlier pages served, then sort the first few.
  const v1::SortOrder order = prepared.sort;
  if (prepared.cursor) {
    const SortKey after{prepared.cursor->score, prepared.cursor->date, prepared.cursor->doc_id};
    std::erase_if(candidates, [&](const Candidate& c) { return !Precedes(after, c.key, order); });
  }
  const size_t start = 0;
  const size_t end = std::min(candidates.size(), static_cast<size_t>(prepared.page_size));
  std::partial_sort(
      candidates.begin(), candidates.begin() + end, candidates.end(),
      [order](const Candidate& a, const Candidate& b) { return Precedes(a.key, b.key, order); });
  for (size_t i = start; i < end; ++i) {
    v1::SearchHit hit;
    absl::Status filled = FillHit(db, request, evaluation, candidates[i], options, &hit);
    if (absl::IsNotFound(filled)) continue;  // removed since it matched
    RETURN_IF_ERROR(filled);
    *response->add_hits() = std::move(hit);
  }
  if (end < candidates.size() && end > start) {
    Cursor next;
    next.request_hash = prepared.request_hash;
    next.score = candidates[end - 1].key.score;
    next.date = candidates[end - 1].key.date;
    next.doc_id = candidates[end - 1].key.doc_id;
    next.document_count = stats.documents;
    next.total_length = stats.total_length;
    next.languages = std::move(languages);
    next.leaf_idf = evaluation.leaf_idf;
    response->set_next_page_token(EncodeCursor(next));
  }
  return absl::OkStatus();
}

}  // namespace newsgraph::query
