#include "bench/corpus_reader.h"

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>

#include <fstream>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"

namespace newsgraph::bench {
namespace {

using google::protobuf::Value;

// The string value of `field`, or nullptr when absent; an error when present but not a string.
absl::StatusOr<const std::string*> StringField(const google::protobuf::Struct& object,
                                               const std::string& field) {
  auto it = object.fields().find(field);
  if (it == object.fields().end() || it->second.kind_case() == Value::kNullValue) {
    return nullptr;
  }
  if (it->second.kind_case() != Value::kStringValue) {
    return absl::InvalidArgumentError(absl::StrCat(field, ": must be a string"));
  }
  return &it->second.string_value();
}

}  // namespace

absl::StatusOr<ingest::v1::IngestRequest> ParseCorpusLine(absl::string_view line) {
  google::protobuf::Struct object;
  // Struct rather than a dedicated message: the corpus may carry extra fields (e.g. the
  // generator's entity ids) without a schema change here.
  auto parsed = google::protobuf::util::JsonStringToMessage(std::string(line), &object);
  if (!parsed.ok()) {
    return absl::InvalidArgumentError(absl::StrCat("not a JSON object: ", parsed.ToString()));
  }
  ingest::v1::IngestRequest request;
  absl::StatusOr<const std::string*> text = StringField(object, "text");
  if (!text.ok()) return text.status();
  if (*text == nullptr) return absl::InvalidArgumentError("text: missing");
  request.set_text(**text);
  using Mutable = std::string* (ingest::v1::IngestRequest::*)();
  const std::pair<const char*, Mutable> fields[] = {
      {"title", &ingest::v1::IngestRequest::mutable_title},
      {"external_id", &ingest::v1::IngestRequest::mutable_external_id},
      {"language", &ingest::v1::IngestRequest::mutable_language},
      {"source", &ingest::v1::IngestRequest::mutable_source},
      {"url", &ingest::v1::IngestRequest::mutable_url}};
  for (const auto& [field, mutable_field] : fields) {
    absl::StatusOr<const std::string*> value = StringField(object, field);
    if (!value.ok()) return value.status();
    if (*value != nullptr) *(request.*mutable_field)() = **value;
  }
  absl::StatusOr<const std::string*> published = StringField(object, "published_at");
  if (!published.ok()) return published.status();
  if (*published != nullptr && !(*published)->empty()) {
    absl::Time time;
    std::string error;
    if (!absl::ParseTime(absl::RFC3339_full, **published, &time, &error)) {
      return absl::InvalidArgumentError(absl::StrCat("published_at: ", error));
    }
    request.mutable_published_at()->set_seconds(absl::ToUnixSeconds(time));
  }
  return request;
}

absl::StatusOr<std::vector<ingest::v1::IngestRequest>> ReadCorpus(const std::string& path,
                                                                  size_t limit) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot open corpus ", path));
  std::vector<ingest::v1::IngestRequest> requests;
  std::string line;
  for (int64_t number = 1; std::getline(in, line); ++number) {
    if (absl::StripAsciiWhitespace(line).empty()) continue;
    absl::StatusOr<ingest::v1::IngestRequest> request = ParseCorpusLine(line);
    if (!request.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ":", number, ": ", request.status().message()));
    }
    requests.push_back(*std::move(request));
    if (limit != 0 && requests.size() >= limit) break;
  }
  return requests;
}

int64_t ContentBytes(const ingest::v1::IngestRequest& request) {
  return static_cast<int64_t>(request.text().size() + request.title().size());
}

}  // namespace newsgraph::bench
