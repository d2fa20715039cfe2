// `newsgraph search`: the Search RPC with its filters, facets, sorting and pages, printed as a
// table (matches highlighted in [brackets]) or as JSON. Its flags are defined here, next to
// their only user.
#include <grpcpp/client_context.h>

#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "common/base/status_macros.h"
#include "common/rpc/channel.h"
#include "newsgraph/query/v1/query_service.grpc.pb.h"
#include "tools/cli/commands.h"
#include "tools/cli/output.h"

ABSL_FLAG(std::vector<std::string>, lang, {},
          "search: only documents in these languages (comma-separated; 'uk' includes 'uk-UA').");
ABSL_FLAG(std::vector<std::string>, source, {}, "search: only documents from these sources.");
ABSL_FLAG(std::string, from, "", "search: published on or after this day (YYYY-MM-DD, UTC).");
ABSL_FLAG(std::string, to, "", "search: published on or before this day (YYYY-MM-DD, UTC).");
ABSL_FLAG(std::vector<std::string>, entity, {},
          "search: documents mentioning these entity ids (comma-separated; see --all_entities).");
ABSL_FLAG(bool, all_entities, false, "search: require every --entity, not just one.");
ABSL_FLAG(std::vector<std::string>, entity_type, {},
          "search: documents mentioning an entity of these types (person, organization, "
          "location, product, event, work, ...).");
ABSL_FLAG(std::vector<std::string>, facets, {},
          "search: facets to count: language, source, entity, date.");
ABSL_FLAG(int, facet_size, 0, "search: values per facet (default 10).");
ABSL_FLAG(std::string, interval, "day", "search: date facet buckets: day, month or year.");
ABSL_FLAG(std::string, sort, "relevance", "search: relevance, newest or oldest.");
ABSL_FLAG(std::string, page_token, "", "search: continue from a previous page's token.");
ABSL_FLAG(uint64_t, consistency_token, 0,
          "search: wait until the store has this sequence number (from an ingest response).");
ABSL_FLAG(std::string, query_language, "", "search: the language of the words, when known.");

namespace newsgraph::cli {
namespace {

namespace v1 = query::v1;

// The Search request the flags describe, or a usage error message.
absl::StatusOr<v1::SearchRequest> RequestFromFlags(const std::string& words, int limit) {
  v1::SearchRequest request;
  request.set_query(words);
  request.set_page_size(limit);
  for (const std::string& language : absl::GetFlag(FLAGS_lang)) {
    request.mutable_filter()->add_languages(language);
  }
  for (const std::string& source : absl::GetFlag(FLAGS_source)) {
    request.mutable_filter()->add_sources(source);
  }
  RETURN_IF_ERROR(SetPublishedRange(absl::GetFlag(FLAGS_from), absl::GetFlag(FLAGS_to),
                                    request.mutable_filter()));
  for (const std::string& type : absl::GetFlag(FLAGS_entity_type)) {
    common::v1::EntityType value;
    if (!common::v1::EntityType_Parse("ENTITY_TYPE_" + absl::AsciiStrToUpper(type), &value)) {
      return absl::InvalidArgumentError(absl::StrCat("--entity_type: unknown type \"", type, "\""));
    }
    request.mutable_filter()->add_entity_types(value);
  }
  for (const std::string& id : absl::GetFlag(FLAGS_entity)) request.add_entity_ids(id);
  if (absl::GetFlag(FLAGS_all_entities)) request.set_entity_match(v1::ENTITY_MATCH_ALL);
  for (const std::string& facet : absl::GetFlag(FLAGS_facets)) {
    const std::string name = absl::AsciiStrToLower(facet);
    if (name == "language") {
      request.add_facets(v1::FACET_KIND_LANGUAGE);
    } else if (name == "source") {
      request.add_facets(v1::FACET_KIND_SOURCE);
    } else if (name == "entity") {
      request.add_facets(v1::FACET_KIND_ENTITY);
    } else if (name == "date") {
      request.add_facets(v1::FACET_KIND_PUBLISHED_DATE);
    } else {
      return absl::InvalidArgumentError(
          absl::StrCat("--facets: unknown facet \"", facet, "\" (language, source, entity, date)"));
    }
  }
  request.set_facet_size(absl::GetFlag(FLAGS_facet_size));
  const std::string interval = absl::GetFlag(FLAGS_interval);
  if (interval == "day") {
    request.set_date_interval(v1::DATE_INTERVAL_DAY);
  } else if (interval == "month") {
    request.set_date_interval(v1::DATE_INTERVAL_MONTH);
  } else if (interval == "year") {
    request.set_date_interval(v1::DATE_INTERVAL_YEAR);
  } else {
    return absl::InvalidArgumentError("--interval: day, month or year");
  }
  const std::string sort = absl::GetFlag(FLAGS_sort);
  if (sort == "relevance") {
    request.set_sort(v1::SORT_ORDER_RELEVANCE);
  } else if (sort == "newest") {
    request.set_sort(v1::SORT_ORDER_DATE_DESC);
  } else if (sort == "oldest") {
    request.set_sort(v1::SORT_ORDER_DATE_ASC);
  } else {
    return absl::InvalidArgumentError("--sort: relevance, newest or oldest");
  }
  request.set_page_token(absl::GetFlag(FLAGS_page_token));
  request.set_min_sequence_number(absl::GetFlag(FLAGS_consistency_token));
  request.set_query_language(absl::GetFlag(FLAGS_query_language));
  if (absl::StripAsciiWhitespace(words).empty() && request.entity_ids().empty()) {
    return absl::InvalidArgumentError("search: give words to search for, or --entity");
  }
  return request;
}

// `text` with each highlight in [brackets].
std::string Bracketed(const std::string& text,
                      const google::protobuf::RepeatedPtrField<v1::Highlight>& highlights) {
  std::string out;
  size_t at = 0;
  for (const v1::Highlight& mark : highlights) {
    if (mark.begin() < at || mark.end() > text.size()) continue;
    absl::StrAppend(&out, text.substr(at, mark.begin() - at), "[",
                    text.substr(mark.begin(), mark.end() - mark.begin()), "]");
    at = mark.end();
  }
  out += text.substr(at);
  return out;
}

std::string FacetName(v1::FacetKind kind) {
  switch (kind) {
    case v1::FACET_KIND_LANGUAGE:
      return "language";
    case v1::FACET_KIND_SOURCE:
      return "source";
    case v1::FACET_KIND_ENTITY:
      return "entity";
    case v1::FACET_KIND_PUBLISHED_DATE:
      return "date";
    default:
      return "?";
  }
}

}  // namespace

int Commands::Search(const std::string& query) {
  absl::StatusOr<v1::SearchRequest> request = RequestFromFlags(query, options_.limit);
  if (!request.ok()) {
    err_ << "newsgraph: " << request.status().message() << "\n";
    return 64;
  }
  v1::SearchResponse response;
  if (std::optional<int> done = CallQuery(&v1::QueryService::Stub::Search, *request, &response)) {
    return *done;
  }
  const std::string what = query.empty() ? absl::StrJoin(request->entity_ids(), ", ") : query;
  out_ << response.total_hits() << (response.capped() ? "+" : "") << " documents match \"" << what
       << "\"\n";
  if (response.hits_size() > 0) {
    out_ << absl::StrFormat("%3s  %-6s %-5s %-10s  %-16s %s\n", "#", "DOC", "LANG", "DATE",
                            "SOURCE", "TITLE");
  }
  int rank = 0;
  for (const v1::SearchHit& hit : response.hits()) {
    out_ << absl::StrFormat("%3d  %-6s %-5s %-10s  %-16s %s  (%.2f)\n", ++rank, hit.document_id(),
                            hit.language(), Date(hit.published_at()), Clip(hit.source(), 16),
                            Clip(Bracketed(hit.title(), hit.title_highlights()), 80), hit.score());
    out_ << "       " << Bracketed(hit.snippet(), hit.snippet_highlights()) << "\n";
  }
  for (const v1::Facet& facet : response.facets()) {
    std::vector<std::string> values;
    for (const v1::FacetValue& value : facet.values()) {
      values.push_back(
          absl::StrCat(value.label().empty() ? value.value() : value.label(), " ", value.count()));
    }
    out_ << FacetName(facet.kind()) << ": " << absl::StrJoin(values, " · ") << "\n";
  }
  if (!response.next_page_token().empty()) {
    out_ << "more: add --page_token=" << response.next_page_token() << "\n";
  }
  return 0;
}

}  // namespace newsgraph::cli
