#include "services/ingest/core/preparation.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "common/base/status_macros.h"
#include "common/html/article.h"
#include "common/lang/detect.h"
#include "common/text/normalizer.h"
#include "common/text/segmenter.h"
#include "services/ingest/core/cleaning/cleaner.h"
#include "services/ingest/core/dedup.h"

namespace newsgraph::ingest {
namespace {

common::v1::DatePrecision ToProto(DatePrecision precision) {
  switch (precision) {
    case DatePrecision::kYear:
      return common::v1::DATE_PRECISION_YEAR;
    case DatePrecision::kMonth:
      return common::v1::DATE_PRECISION_MONTH;
    case DatePrecision::kDay:
      return common::v1::DATE_PRECISION_DAY;
    case DatePrecision::kSecond:
      return common::v1::DATE_PRECISION_SECOND;
    case DatePrecision::kNone:
      break;
  }
  return common::v1::DATE_PRECISION_UNSPECIFIED;
}

// Midnight UTC of the first day the found date covers.
google::protobuf::Timestamp ToTimestamp(const FoundDate& date) {
  absl::CivilDay day(date.year, date.month > 0 ? date.month : 1, date.day > 0 ? date.day : 1);
  google::protobuf::Timestamp timestamp;
  timestamp.set_seconds(absl::ToUnixSeconds(absl::FromCivil(day, absl::UTCTimeZone())));
  return timestamp;
}

}  // namespace

absl::StatusOr<common::v1::Document> PrepareDocument(const v1::IngestRequest& request) {
  common::v1::Document document;
  document.set_text(request.text());
  document.set_url(request.url());
  document.set_source(request.source());
  document.set_external_id(request.external_id());
  ASSIGN_OR_RETURN(std::string title, text::NormalizeNfc(request.title()));
  std::string language = request.language();
  if (request.has_published_at()) {
    *document.mutable_published_at() = request.published_at();
    document.set_published_precision(common::v1::DATE_PRECISION_SECOND);
  }

  std::string plain_text = request.text();
  if (request.content_type() == v1::CONTENT_TYPE_HTML) {
    auto article = html::ExtractArticle(request.text());
    if (!article.ok()) {
      return absl::InvalidArgumentError(absl::StrCat("text: ", article.status().message()));
    }
    plain_text = std::move(article->text);
    if (title.empty()) title = article->title;
    if (language.empty()) language = article->language;
    absl::Time published;
    std::string error;
    if (!document.has_published_at() && !article->published.empty() &&
        absl::ParseTime(absl::RFC3339_full, article->published, &published, &error)) {
      document.mutable_published_at()->set_seconds(absl::ToUnixSeconds(published));
      document.set_published_precision(common::v1::DATE_PRECISION_SECOND);
    }
  } else if (request.content_type() != v1::CONTENT_TYPE_TEXT &&
             request.content_type() != v1::CONTENT_TYPE_UNSPECIFIED) {
    return absl::InvalidArgumentError(
        absl::StrCat("content_type: unknown value ", static_cast<int>(request.content_type())));
  }

  CleanerOptions cleaner_options;
  cleaner_options.known_title = title;
  ASSIGN_OR_RETURN(CleanedText cleaned, CleanText(plain_text, cleaner_options));
  // A one-line document is its own title and its own body.
  if (cleaned.body.empty() && !cleaned.title.empty()) cleaned.body = cleaned.title;
  if (cleaned.body.empty()) {
    return absl::InvalidArgumentError("text: nothing but boilerplate is left after cleaning");
  }
  document.set_body(std::move(cleaned.body));
  document.set_title(title.empty() ? cleaned.title : title);
  if (!document.has_published_at() && cleaned.date.has_value()) {
    *document.mutable_published_at() = ToTimestamp(*cleaned.date);
    document.set_published_precision(ToProto(cleaned.date->precision));
  }
  for (const RemovedLines& removed : cleaned.removed) {
    common::v1::RemovedLines* lines = document.add_removed();
    lines->set_begin_line(removed.begin_line);
    lines->set_end_line(removed.end_line);
    lines->set_reason(removed.reason);
  }

  ASSIGN_OR_RETURN(lang::LanguageGuess guess, lang::DetectLanguage(document.body(), language));
  for (const lang::ScriptShare& script : guess.scripts) document.add_scripts(script.script);
  if (language.empty()) {
    document.set_language(guess.language);
    document.set_language_confidence(static_cast<float>(guess.confidence));
  } else {
    document.set_language(language);
    document.set_language_confidence(1.0f);
  }

  ASSIGN_OR_RETURN(std::vector<std::string> terms, text::Terms(document.body()));
  document.set_content_hash(StableHash64(document.body()));
  document.set_simhash(terms.size() >= kMinTermsForNearDuplicate ? Simhash64(terms) : 0);
  return document;
}

}  // namespace newsgraph::ingest
