#include "services/ingest/core/validation.h"

#include <string>
#include <string_view>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/base/status_macros.h"
#include "common/text/utf8.h"

namespace newsgraph::ingest {
namespace {

// 1800-01-01 and 2200-01-01 in Unix seconds: older or newer dates are data-entry errors.
constexpr int64_t kMinPublishedSeconds = -5364662400;
constexpr int64_t kMaxPublishedSeconds = 7258118400;

absl::Status CheckField(std::string_view value, const char* field, size_t limit) {
  if (value.size() > limit) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": ", value.size(), " bytes exceeds the limit of ", limit));
  }
  return text::ValidateUtf8(value, field);
}

// True when `text` holds nothing but ASCII or Unicode white space (incl. NBSP and U+3000).
bool IsBlank(std::string_view text) {
  for (size_t i = 0; i < text.size();) {
    unsigned char c = static_cast<unsigned char>(text[i]);
    if (absl::ascii_isspace(c)) {
      ++i;
    } else if (text.substr(i, 2) == "\xC2\xA0") {
      i += 2;
    } else if (text.substr(i, 3) == "\xE3\x80\x80" || text.substr(i, 3) == "\xE2\x80\x8B") {
      i += 3;
    } else {
      return false;
    }
  }
  return true;
}

}  // namespace

absl::Status ValidateIngestRequest(const v1::IngestRequest& request, const IngestLimits& limits) {
  RETURN_IF_ERROR(CheckField(request.text(), "text", limits.max_text_bytes));
  if (IsBlank(request.text())) {
    return absl::InvalidArgumentError("text: must not be empty or white space only");
  }
  RETURN_IF_ERROR(CheckField(request.title(), "title", limits.max_title_bytes));
  RETURN_IF_ERROR(CheckField(request.url(), "url", limits.max_field_bytes));
  RETURN_IF_ERROR(CheckField(request.source(), "source", limits.max_field_bytes));
  RETURN_IF_ERROR(CheckField(request.external_id(), "external_id", limits.max_field_bytes));
  RETURN_IF_ERROR(CheckField(request.language(), "language", limits.max_language_bytes));
  if (request.has_published_at()) {
    const auto& published = request.published_at();
    if (published.seconds() < kMinPublishedSeconds || published.seconds() > kMaxPublishedSeconds ||
        published.nanos() < 0 || published.nanos() > 999999999) {
      return absl::InvalidArgumentError(
          "published_at: must be a valid time between 1800-01-01 and 2200-01-01");
    }
  }
  return absl::OkStatus();
}

}  // namespace newsgraph::ingest
