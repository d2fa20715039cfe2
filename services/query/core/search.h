// The Search RPC's logic: validate the request, evaluate the query and entities over the index
// (evaluator.h), filter the matches by their doc_meta records, count facets, sort, cut a page at
// the cursor and build the hits with snippets. The query engine wraps it with the store's
// catch-up and read-your-writes wait.
#ifndef NEWSGRAPH_SERVICES_QUERY_CORE_SEARCH_H_
#define NEWSGRAPH_SERVICES_QUERY_CORE_SEARCH_H_

#include <cstddef>
#include <optional>

#include "absl/status/statusor.h"
#include "common/store/store.h"
#include "newsgraph/query/v1/query_service.pb.h"
#include "services/query/core/cursor.h"
#include "services/query/core/doc_table.h"
#include "services/query/core/query_parser.h"

namespace newsgraph::query {

struct SearchOptions {
  size_t max_query_bytes = 1024;
  // Matches examined per search: filters, facets, total_hits and sorting see at most this many
  // (the best-scoring for relevance order, the most recently ingested for date orders), which
  // bounds the doc_meta reads of a query that matches most of the index.
  size_t max_candidates = 50000;
  // Words per snippet.
  size_t snippet_words = 30;
};

// A request checked and parsed, before the store is touched.
struct PreparedSearch {
  std::optional<QueryNode> query;  // nullopt: entities only
  std::optional<Cursor> cursor;    // set when the request has a page_token
  uint64_t request_hash = 0;
  int page_size = 10;
  int facet_size = 10;
  v1::SortOrder sort = v1::SORT_ORDER_RELEVANCE;
};

// Checks every field of `request` that can be checked without the store and parses the query
// and the page token. InvalidArgument with the field name first, as documented on the Search RPC
// in query_service.proto.
absl::StatusOr<PreparedSearch> PrepareSearch(const v1::SearchRequest& request,
                                             const SearchOptions& options);

// Answers `request` (prepared by PrepareSearch) from `db` into `response` (all but
// sequence_number), with the per-document rows of `table` (refreshed by the caller; documents
// it lacks are read from doc_meta). InvalidArgument when analysis leaves the query with nothing to
// search for (see Evaluate); DataLoss / Internal when the store cannot be read.
absl::Status RunSearch(const store::Store& db, const DocTable& table,
                       const v1::SearchRequest& request, const PreparedSearch& prepared,
                       const SearchOptions& options, v1::SearchResponse* response);

}  // namespace newsgraph::query

#endif  // NEWSGRAPH_SERVICES_QUERY_CORE_SEARCH_H_
