// Page tokens of Search: opaque, URL-safe strings that carry where the previous page ended and
// what it was computed with, bound to the request they were issued for.
//
// Keyset pagination: a token holds the sort key and doc id of the last hit served, and the next
// page is every match that sorts after it. Unlike an offset this does not repeat or skip a
// document when others are ingested between pages. Relevance scores depend on the collection
// (N, average length, each word's document frequency, the languages that stem the query), so the
// token also pins those: every page of one request scores with the statistics of its first
// page, and a document keeps its place. Only a document re-versioned between pages can move.
#ifndef NEWSGRAPH_SERVICES_QUERY_CORE_CURSOR_H_
#define NEWSGRAPH_SERVICES_QUERY_CORE_CURSOR_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "newsgraph/query/v1/query_service.pb.h"

namespace newsgraph::query {

struct Cursor {
  uint64_t request_hash = 0;
  // The last served hit: its score (relevance order) or date in Unix seconds (date orders).
  double score = 0;
  int64_t date = 0;
  uint64_t doc_id = 0;
  // Collection statistics of the first page.
  uint64_t document_count = 0;
  uint64_t total_length = 0;
  std::vector<std::string> languages;
  // Evaluation::leaf_idf of the first page (document frequencies change as documents arrive).
  std::vector<double> leaf_idf;
};

// A fingerprint of everything in `request` that decides the result list: all fields except
// page_token, page_size and min_sequence_number (which may change from page to page). FNV-1a
// over the deterministic protobuf serialization.
uint64_t RequestHash(const v1::SearchRequest& request);

// The token for `cursor`: web-safe base64 (no padding) of a version byte and the fields.
std::string EncodeCursor(const Cursor& cursor);

// Decodes a token issued for a request with `request_hash`. InvalidArgument starting with
// "page_token: " when it is not base64, not a token of this service (bad version, truncated,
// trailing bytes), or was issued for a different request.
absl::StatusOr<Cursor> DecodeCursor(std::string_view token, uint64_t request_hash);

}  // namespace newsgraph::query

#endif  // NEWSGRAPH_SERVICES_QUERY_CORE_CURSOR_H_
