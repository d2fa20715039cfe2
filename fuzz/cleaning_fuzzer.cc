// Fuzzes ingest's text cleaning (services/ingest/core/cleaning): line normalization, the leading
// date/headline header, the boilerplate classifiers and the whole CleanText pass. Scraped text is
// the least trustworthy input the system has. The first byte chooses whether the first line is a
// client title (CleanerOptions::known_title) or part of the text.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/text/segmenter.h"
#include "fuzz/fuzz_check.h"
#include "services/ingest/core/cleaning/boilerplate.h"
#include "services/ingest/core/cleaning/cleaner.h"
#include "services/ingest/core/cleaning/date_line.h"
#include "services/ingest/core/cleaning/whitespace.h"

namespace newsgraph::fuzz {
namespace {

namespace cleaning = ingest::cleaning;

// Lines as cleaner.h defines them: LF, CRLF or a lone CR ends a line; a final terminator does not
// start another one.
size_t CountRawLines(std::string_view raw) {
  size_t lines = 0;
  for (size_t i = 0; i < raw.size(); ++i) {
    if (raw[i] == '\n' || raw[i] == '\r') {
      ++lines;
      if (raw[i] == '\r' && i + 1 < raw.size() && raw[i + 1] == '\n') ++i;
    }
  }
  const char last = raw.empty() ? '\n' : raw.back();
  return lines + (last == '\n' || last == '\r' ? 0 : 1);
}

void CheckDate(const ingest::FoundDate& date) {
  NG_FUZZ_CHECK(date.year >= 1000 && date.year <= 9999);
  NG_FUZZ_CHECK(date.precision != ingest::DatePrecision::kNone);
  if (date.precision == ingest::DatePrecision::kYear) {
    NG_FUZZ_CHECK(date.month == 0 && date.day == 0);
  } else {
    NG_FUZZ_CHECK(date.month >= 1 && date.month <= 12);
    if (date.precision == ingest::DatePrecision::kMonth) {
      NG_FUZZ_CHECK(date.day == 0);
    } else {
      NG_FUZZ_CHECK(date.day >= 1 && date.day <= 31);
    }
  }
}

void CheckLines(std::string_view raw) {
  absl::StatusOr<std::vector<std::string>> lines = cleaning::NormalizeLines(raw);
  NG_FUZZ_CHECK(lines.ok() == IsUtf8(raw));
  if (!lines.ok()) return;
  NG_FUZZ_CHECK(lines->size() == CountRawLines(raw));
  for (const std::string& line : *lines) {
    NG_FUZZ_CHECK(IsUtf8(line));
    NG_FUZZ_CHECK(line.find_first_of("\r\n\t") == std::string::npos);
    NG_FUZZ_CHECK(line.empty() || (line.front() != ' ' && line.back() != ' '));
    NG_FUZZ_CHECK(line.find("  ") == std::string::npos);
    if (std::optional<ingest::FoundDate> date = cleaning::ParseDateLine(line)) CheckDate(*date);
    if (line.size() >= cleaning::kMaxClassifiedBytes) continue;
    absl::StatusOr<std::vector<std::string>> terms = text::Terms(line);
    NG_FUZZ_CHECK(terms.ok());
    // The classifiers answer yes/no; what matters here is that no line makes them misbehave.
    cleaning::IsContentSentence(line, terms->size());
    cleaning::IsShareWidget(line, *terms);
    cleaning::IsSiteFooter(line, *terms);
    cleaning::ClassifyRelated(line, *terms);
    cleaning::IsHeadlineLike(line, *terms);
    cleaning::StartsLowercase(line);
    NG_FUZZ_CHECK(cleaning::DiacriticScore(line) >= 0);
    NG_FUZZ_CHECK(IsUtf8(cleaning::TitleKey(*terms)));
  }
}

void CheckCleanText(std::string_view raw, std::string_view title) {
  ingest::CleanerOptions options;
  options.known_title = std::string(title);
  absl::StatusOr<ingest::CleanedText> cleaned = ingest::CleanText(raw, options);
  NG_FUZZ_CHECK(cleaned.ok() == (IsUtf8(raw) && IsUtf8(title)));
  if (!cleaned.ok()) return;
  const std::string& body = cleaned->body;
  NG_FUZZ_CHECK(IsUtf8(body) && IsUtf8(cleaned->title));
  NG_FUZZ_CHECK(body.find('\r') == std::string::npos);
  NG_FUZZ_CHECK(body.find("\n\n\n") == std::string::npos);
  NG_FUZZ_CHECK(body.empty() || (body.front() != '\n' && body.front() != ' ' &&
                                 body.back() != '\n' && body.back() != ' '));
  if (cleaned->date.has_value()) CheckDate(*cleaned->date);
  const int raw_lines = static_cast<int>(CountRawLines(raw));
  int last_end = 0;
  const ingest::RemovedLines* previous = nullptr;
  for (const ingest::RemovedLines& run : cleaned->removed) {
    NG_FUZZ_CHECK(run.begin_line >= last_end && run.begin_line < run.end_line &&
                  run.end_line <= raw_lines);
    NG_FUZZ_CHECK(run.reason == "date_header" || run.reason == "title" ||
                  run.reason == "title_repeat" || run.reason == "share_widget" ||
                  run.reason == "site_footer" || run.reason == "related_links" ||
                  run.reason == "empty");
    // Adjacent runs with the same reason are merged.
    NG_FUZZ_CHECK(previous == nullptr || previous->end_line != run.begin_line ||
                  previous->reason != run.reason);
    last_end = run.end_line;
    previous = &run;
  }
}

}  // namespace
}  // namespace newsgraph::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace newsgraph;
  if (size == 0 || size > 32768) return 0;
  std::string_view input = fuzz::AsView(data + 1, size - 1);
  std::string_view title;
  if (data[0] & 1) {
    const size_t newline = input.find('\n');
    title = input.substr(0, newline);
    input.remove_prefix(newline == std::string_view::npos ? input.size() : newline + 1);
  }
  fuzz::CheckLines(input);
  fuzz::CheckCleanText(input, title);
  return 0;
}
