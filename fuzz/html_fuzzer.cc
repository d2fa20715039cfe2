// Fuzzes HTML main-text extraction (common/html): gumbo parsing under the nesting limiter, the
// boilerplate pruning walk and the metadata readers, on pages from an untrusted crawl.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/html/article.h"
#include "fuzz/fuzz_check.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace newsgraph;
  if (size > 65536) return 0;
  const std::string_view input = fuzz::AsView(data, size);
  absl::StatusOr<html::HtmlArticle> article = html::ExtractArticle(input);
  if (!article.ok()) {
    // Only ill-formed UTF-8 (and the size and parse budgets, not reachable at this size) fail.
    NG_FUZZ_CHECK(!fuzz::IsUtf8(input));
    NG_FUZZ_CHECK(article.status().code() == absl::StatusCode::kInvalidArgument);
    return 0;
  }
  NG_FUZZ_CHECK(fuzz::IsUtf8(input));
  for (const std::string* field :
       {&article->title, &article->text, &article->published, &article->language}) {
    NG_FUZZ_CHECK(fuzz::IsUtf8(*field));
  }
  // Documented shape of the text: trimmed, blocks separated by at most one blank line.
  const std::string& text = article->text;
  NG_FUZZ_CHECK(text.empty() || (text.front() != ' ' && text.front() != '\n' &&
                                 text.back() != ' ' && text.back() != '\n'));
  NG_FUZZ_CHECK(article->title.empty() ||
                (article->title.front() != ' ' && article->title.back() != ' '));
  return 0;
}
