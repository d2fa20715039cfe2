// Output helpers shared by the CLI's commands.
#ifndef NEWSGRAPH_TOOLS_CLI_OUTPUT_H_
#define NEWSGRAPH_TOOLS_CLI_OUTPUT_H_

#include <cstddef>
#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/time/time.h"
#include "google/protobuf/message.h"
#include "google/protobuf/timestamp.pb.h"
#include "google/protobuf/util/json_util.h"

namespace newsgraph::cli {

// `message` as one line of JSON with the proto field names, for --json output.
inline std::string Json(const google::protobuf::Message& message) {
  std::string json;
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  (void)google::protobuf::util::MessageToJsonString(message, &json, options);
  return json;
}

// The UTC day of `timestamp` as YYYY-MM-DD, or "----------" when it is unset (zero).
inline std::string Date(const google::protobuf::Timestamp& timestamp) {
  if (timestamp.seconds() == 0 && timestamp.nanos() == 0) return "----------";
  return absl::FormatTime("%Y-%m-%d", absl::FromUnixSeconds(timestamp.seconds()),
                          absl::UTCTimeZone());
}

// At most `max_bytes` of `text` cut at a UTF-8 character boundary, with "…" when cut.
inline std::string Clip(const std::string& text, size_t max_bytes) {
  if (text.size() <= max_bytes) return text;
  size_t end = max_bytes;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return text.substr(0, end) + "…";
}

// Sets published_after / published_before of `request` (any request message with those two
// Timestamp fields) from --from / --to days (YYYY-MM-DD, UTC, both inclusive; empty: no bound).
// InvalidArgument "--from: want YYYY-MM-DD" (or --to) for a malformed day; the request may then
// hold the other bound.
template <typename Request>
absl::Status SetPublishedRange(const std::string& from, const std::string& to, Request* request) {
  for (const bool is_from : {true, false}) {
    const std::string& day = is_from ? from : to;
    if (day.empty()) continue;
    absl::Time time;
    std::string error;
    if (!absl::ParseTime("%Y-%m-%d", day, absl::UTCTimeZone(), &time, &error)) {
      return absl::InvalidArgumentError(is_from ? "--from: want YYYY-MM-DD"
                                                : "--to: want YYYY-MM-DD");
    }
    if (is_from) {
      request->mutable_published_after()->set_seconds(absl::ToUnixSeconds(time));
    } else {
      request->mutable_published_before()->set_seconds(absl::ToUnixSeconds(time) + 86400);
    }
  }
  return absl::OkStatus();
}

}  // namespace newsgraph::cli

#endif  // NEWSGRAPH_TOOLS_CLI_OUTPUT_H_
