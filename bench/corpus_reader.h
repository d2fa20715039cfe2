// The benchmark corpus format: JSONL, one article per line with the fields external_id, title,
// text, language, source and published_at (RFC 3339), as written by bench/corpus.py. Read into
// the IngestRequests the load tool sends.
#ifndef NEWSGRAPH_BENCH_CORPUS_READER_H_
#define NEWSGRAPH_BENCH_CORPUS_READER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "newsgraph/ingest/v1/ingest_service.pb.h"

namespace newsgraph::bench {

// Parses one corpus line into an IngestRequest. Missing optional fields stay unset; unknown
// fields are ignored. InvalidArgument when the line is not a JSON object, `text` is missing or
// not a string, a field has the wrong type, or `published_at` is not RFC 3339.
absl::StatusOr<ingest::v1::IngestRequest> ParseCorpusLine(absl::string_view line);

// Reads the first `limit` articles (all when 0) of the JSONL file at `path`, skipping blank
// lines. NotFound when the file cannot be opened; InvalidArgument naming `path:line` for a bad
// line.
absl::StatusOr<std::vector<ingest::v1::IngestRequest>> ReadCorpus(const std::string& path,
                                                                  size_t limit);

// The bytes a request carries as content (text + title): the basis of MB/s.
int64_t ContentBytes(const ingest::v1::IngestRequest& request);

}  // namespace newsgraph::bench

#endif  // NEWSGRAPH_BENCH_CORPUS_READER_H_
