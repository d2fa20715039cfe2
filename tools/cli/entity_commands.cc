// `newsgraph entities`, `related` and `timeline`: entity autocomplete, co-mentioned entities and
// mention timelines from the query service, as tables or --json. They share the search command's
// --lang, --from, --to, --interval and --page_token flags (defined in search_command.cc).
#include <grpcpp/client_context.h>

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/flags/declare.h"
#include "absl/flags/flag.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/time.h"
#include "common/rpc/channel.h"
#include "newsgraph/query/v1/query_service.grpc.pb.h"
#include "tools/cli/commands.h"
#include "tools/cli/output.h"

ABSL_DECLARE_FLAG(std::vector<std::string>, lang);
ABSL_DECLARE_FLAG(std::string, from);
ABSL_DECLARE_FLAG(std::string, to);
ABSL_DECLARE_FLAG(std::string, interval);
ABSL_DECLARE_FLAG(std::string, page_token);

namespace newsgraph::cli {
namespace {

namespace v1 = query::v1;

std::string Type(common::v1::EntityType type) {
  std::string name = common::v1::EntityType_Name(type);
  const std::string prefix = "ENTITY_TYPE_";
  if (name.rfind(prefix, 0) == 0) name = name.substr(prefix.size());
  for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return name;
}

}  // namespace

int Commands::SearchEntities(const std::string& text) {
  v1::SearchEntitiesRequest request;
  request.set_query(text);
  request.set_page_size(options_.limit);
  request.set_page_token(absl::GetFlag(FLAGS_page_token));
  v1::SearchEntitiesResponse response;
  if (std::optional<int> done =
          CallQuery(&v1::QueryService::Stub::SearchEntities, request, &response)) {
    return *done;
  }
  if (response.entities().empty()) {
    out_ << "no entity matches \"" << text << "\"\n";
    return 0;
  }
  out_ << absl::StrFormat("%-40s %-13s %6s %8s  %s\n", "ID", "TYPE", "DOCS", "MENTIONS", "NAME");
  for (const v1::EntitySummary& summary : response.entities()) {
    out_ << absl::StrFormat("%-40s %-13s %6d %8d  %s\n", summary.entity().id(),
                            Type(summary.entity().type()), summary.document_count(),
                            summary.mention_count(), summary.entity().canonical_name());
  }
  if (!response.next_page_token().empty()) {
    out_ << "more: add --page_token=" << response.next_page_token() << "\n";
  }
  return 0;
}

int Commands::Related(const std::string& id) {
  v1::RelatedEntitiesRequest request;
  request.set_entity_id(id);
  request.set_page_size(options_.limit);
  request.set_page_token(absl::GetFlag(FLAGS_page_token));
  for (const std::string& language : absl::GetFlag(FLAGS_lang)) request.add_languages(language);
  if (absl::Status range =
          SetPublishedRange(absl::GetFlag(FLAGS_from), absl::GetFlag(FLAGS_to), &request);
      !range.ok()) {
    err_ << "newsgraph: " << range.message() << "\n";
    return 64;
  }
  v1::RelatedEntitiesResponse response;
  if (std::optional<int> done =
          CallQuery(&v1::QueryService::Stub::RelatedEntities, request, &response)) {
    return *done;
  }
  out_ << "entities mentioned with " << id << " in " << response.documents_examined()
       << (response.capped() ? "+ (capped)" : "") << " documents\n";
  out_ << absl::StrFormat("%-40s %-13s %6s %8s %6s  %s\n", "ID", "TYPE", "SHARED", "MENTIONS",
                          "PMI", "NAME");
  for (const v1::RelatedEntity& related : response.related()) {
    out_ << absl::StrFormat("%-40s %-13s %6d %8d %6.2f  %s\n", related.entity().id(),
                            Type(related.entity().type()), related.document_count(),
                            related.mention_count(), related.pmi(),
                            related.entity().canonical_name());
  }
  if (!response.next_page_token().empty()) {
    out_ << "more: add --page_token=" << response.next_page_token() << "\n";
  }
  return 0;
}

int Commands::Timeline(const std::string& id) {
  v1::EntityTimelineRequest request;
  request.set_entity_id(id);
  const std::string interval = absl::GetFlag(FLAGS_interval);
  if (interval == "day") {
    request.set_interval(v1::TIMELINE_INTERVAL_DAY);
  } else if (interval == "week") {
    request.set_interval(v1::TIMELINE_INTERVAL_WEEK);
  } else if (interval == "month") {
    request.set_interval(v1::TIMELINE_INTERVAL_MONTH);
  } else {
    err_ << "newsgraph: --interval: day, week or month\n";
    return 64;
  }
  if (absl::Status range =
          SetPublishedRange(absl::GetFlag(FLAGS_from), absl::GetFlag(FLAGS_to), &request);
      !range.ok()) {
    err_ << "newsgraph: " << range.message() << "\n";
    return 64;
  }
  v1::EntityTimelineResponse response;
  if (std::optional<int> done =
          CallQuery(&v1::QueryService::Stub::EntityTimeline, request, &response)) {
    return *done;
  }
  uint64_t max_mentions = 1;
  for (const v1::TimelineBucket& bucket : response.buckets()) {
    max_mentions = std::max<uint64_t>(max_mentions, bucket.mention_count());
  }
  out_ << absl::StrFormat("%-10s %5s %8s\n", "PERIOD", "DOCS", "MENTIONS");
  for (const v1::TimelineBucket& bucket : response.buckets()) {
    // A bar of up to 40 columns, scaled to the busiest period.
    const std::string bar(bucket.mention_count() * 40 / max_mentions, '#');
    out_ << absl::StrFormat("%-10s %5d %8d  %s\n", bucket.label(), bucket.document_count(),
                            bucket.mention_count(), bar);
  }
  if (response.documents_dated_by_ingestion() > 0) {
    out_ << response.documents_dated_by_ingestion()
         << " documents without a publication date are placed by their ingestion date\n";
  }
  if (response.capped()) out_ << "capped: only the newest 20000 documents were counted\n";
  return 0;
}

}  // namespace newsgraph::cli
