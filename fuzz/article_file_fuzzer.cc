// Fuzzes the samples/ article-file header parser (tools/cli/article_file: `key: value` lines
// ended by `---`), which the CLI runs on every file of a directory it is asked to ingest.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "fuzz/fuzz_check.h"
#include "tools/cli/article_file.h"

namespace {

// google.protobuf.Timestamp's valid range: 0001-01-01T00:00:00Z .. 9999-12-31T23:59:59Z.
constexpr int64_t kMinTimestampSeconds = -62135596800;
constexpr int64_t kMaxTimestampSeconds = 253402300799;

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace newsgraph;
  if (size > 65536) return 0;
  const std::string_view content = fuzz::AsView(data, size);
  absl::StatusOr<ingest::v1::IngestRequest> request = cli::ParseArticle(content, "fuzz.txt");
  if (!request.ok()) {
    NG_FUZZ_CHECK(request.status().code() == absl::StatusCode::kInvalidArgument);
    return 0;
  }
  // The body is kept byte for byte: it is always a suffix of the file.
  const std::string& text = request->text();
  NG_FUZZ_CHECK(text.size() <= content.size());
  NG_FUZZ_CHECK(content.substr(content.size() - text.size()) == text);
  if (request->has_published_at()) {
    const int64_t seconds = request->published_at().seconds();
    NG_FUZZ_CHECK(seconds >= kMinTimestampSeconds && seconds <= kMaxTimestampSeconds);
  }
  return 0;
}
