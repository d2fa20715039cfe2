// Reads article files in the samples/ format: an optional block of `key: value` header lines
// (title, source, url, published, language, external_id) ended by a line `---`, then the body.
// The full format is specified in samples/README.md.
#ifndef NEWSGRAPH_TOOLS_CLI_ARTICLE_FILE_H_
#define NEWSGRAPH_TOOLS_CLI_ARTICLE_FILE_H_

#include <string>
#include <string_view>

#include "absl/status/statusor.h"
#include "newsgraph/ingest/v1/ingest_service.pb.h"

namespace newsgraph::cli {

// Turns the contents of one article file into an IngestRequest. A file whose first line is not
// a known `key:` header, or whose header lines are not followed by a `---` line, is all body.
// InvalidArgument (naming `name` and the header key) when a header key is repeated or
// `published` is neither YYYY-MM-DD nor RFC 3339.
absl::StatusOr<ingest::v1::IngestRequest> ParseArticle(std::string_view content,
                                                       std::string_view name);

}  // namespace newsgraph::cli

#endif  // NEWSGRAPH_TOOLS_CLI_ARTICLE_FILE_H_
