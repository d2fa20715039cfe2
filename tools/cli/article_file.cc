#include "tools/cli/article_file.h"

#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/time/time.h"

namespace newsgraph::cli {
namespace {

constexpr absl::string_view kHeaderEnd = "---";

bool IsHeaderKey(absl::string_view key) {
  static const auto* keys = new absl::flat_hash_set<std::string>{
      "title", "source", "url", "published", "language", "external_id"};
  return keys->contains(std::string(key));
}

// The key of a `key: value` line, or "" when the line is not one.
absl::string_view KeyOf(absl::string_view line) {
  size_t colon = line.find(':');
  if (colon == absl::string_view::npos) return "";
  absl::string_view key = line.substr(0, colon);
  return IsHeaderKey(key) ? key : "";
}

absl::StatusOr<absl::Time> ParsePublished(absl::string_view value) {
  absl::Time time;
  std::string error;
  if (absl::ParseTime("%Y-%m-%d", std::string(value), absl::UTCTimeZone(), &time, &error) ||
      absl::ParseTime(absl::RFC3339_full, std::string(value), &time, &error)) {
    // ParseTime also takes "infinite-future" and years beyond 9999, which no Timestamp holds
    // (found by fuzz/article_file_fuzzer): refuse them here, naming the file.
    if (time >= absl::FromCivil(absl::CivilSecond(1, 1, 1), absl::UTCTimeZone()) &&
        time < absl::FromCivil(absl::CivilSecond(10000, 1, 1), absl::UTCTimeZone())) {
      return time;
    }
  }
  return absl::InvalidArgumentError(
      absl::StrCat("published: want YYYY-MM-DD or RFC 3339, got \"", std::string(value), "\""));
}

}  // namespace

absl::StatusOr<ingest::v1::IngestRequest> ParseArticle(std::string_view content,
                                                       std::string_view name) {
  ingest::v1::IngestRequest request;
  absl::string_view rest(content.data(), content.size());
  // Tolerate a UTF-8 byte-order mark, which editors on some systems add.
  if (absl::StartsWith(rest, "\xEF\xBB\xBF")) rest.remove_prefix(3);
  if (KeyOf(rest.substr(0, rest.find('\n'))).empty()) {
    request.set_text(std::string(rest));
    return request;
  }
  // Find the header's end first: without a `---` line, or with a line that is not `key: value`
  // before it, the file has no header and is all body (samples/README.md).
  std::vector<absl::string_view> header_lines;
  absl::string_view body;
  bool has_header = false;
  for (absl::string_view scan = rest; !scan.empty();) {
    size_t newline = scan.find('\n');
    if (newline == absl::string_view::npos) break;
    absl::string_view line = absl::StripTrailingAsciiWhitespace(scan.substr(0, newline));
    scan.remove_prefix(newline + 1);
    if (line == kHeaderEnd) {
      has_header = true;
      body = scan;
      break;
    }
    if (KeyOf(line).empty()) break;
    header_lines.push_back(line);
  }
  if (!has_header) {
    request.set_text(std::string(rest));
    return request;
  }
  absl::flat_hash_set<std::string> seen;
  for (absl::string_view line : header_lines) {
    absl::string_view key = KeyOf(line);
    if (!seen.insert(std::string(key)).second) {
      return absl::InvalidArgumentError(
          absl::StrCat(std::string(name), ": header key ", std::string(key), " repeated"));
    }
    std::string value(absl::StripAsciiWhitespace(line.substr(key.size() + 1)));
    if (key == "title") request.set_title(value);
    if (key == "source") request.set_source(value);
    if (key == "url") request.set_url(value);
    if (key == "language") request.set_language(value);
    if (key == "external_id") request.set_external_id(value);
    if (key == "published") {
      auto time = ParsePublished(value);
      if (!time.ok()) {
        return absl::InvalidArgumentError(
            absl::StrCat(std::string(name), ": ", time.status().message()));
      }
      request.mutable_published_at()->set_seconds(absl::ToUnixSeconds(*time));
    }
  }
  rest = body;
  request.set_text(std::string(rest));
  return request;
}

}  // namespace newsgraph::cli
