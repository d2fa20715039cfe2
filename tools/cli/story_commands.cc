// `newsgraph stories` and `newsgraph story ID`: the groups of documents that report the same
// event across languages, from the query service, as tables or --json. `stories` reads the
// search command's --lang, --from, --to and --page_token flags (defined in search_command.cc).
#include <grpcpp/client_context.h>

#include <string>
#include <vector>

#include "absl/flags/declare.h"
#include "absl/flags/flag.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/time.h"
#include "common/rpc/channel.h"
#include "newsgraph/query/v1/query_service.grpc.pb.h"
#include "tools/cli/commands.h"
#include "tools/cli/output.h"

ABSL_DECLARE_FLAG(std::vector<std::string>, lang);
ABSL_DECLARE_FLAG(std::string, from);
ABSL_DECLARE_FLAG(std::string, to);
ABSL_DECLARE_FLAG(std::string, page_token);

namespace newsgraph::cli {
namespace {

namespace v1 = query::v1;

}  // namespace

int Commands::Stories() {
  v1::ListStoriesRequest request;
  request.set_page_size(options_.limit);
  request.set_page_token(absl::GetFlag(FLAGS_page_token));
  const std::vector<std::string> languages = absl::GetFlag(FLAGS_lang);
  if (languages.size() > 1) {
    err_ << "newsgraph: stories: give at most one --lang\n";
    return 64;
  }
  if (!languages.empty()) request.set_language(languages[0]);
  if (absl::Status range =
          SetPublishedRange(absl::GetFlag(FLAGS_from), absl::GetFlag(FLAGS_to), &request);
      !range.ok()) {
    err_ << "newsgraph: " << range.message() << "\n";
    return 64;
  }
  v1::ListStoriesResponse response;
  if (std::optional<int> done =
          CallQuery(&v1::QueryService::Stub::ListStories, request, &response)) {
    return *done;
  }
  if (response.stories().empty()) {
    out_ << "no stories\n";
    return 0;
  }
  out_ << absl::StrFormat("%-8s %4s %-23s %-14s %s\n", "STORY", "DOCS", "DATES", "LANGUAGES",
                          "TITLE");
  for (const v1::StorySummary& story : response.stories()) {
    out_ << absl::StrFormat("%-8s %4d %-23s %-14s %s\n", story.story_id(), story.member_count(),
                            Date(story.first_date()) + ".." + Date(story.last_date()),
                            absl::StrJoin(story.languages(), ","), story.title());
  }
  if (!response.next_page_token().empty()) {
    out_ << "more: add --page_token=" << response.next_page_token() << "\n";
  }
  return 0;
}

int Commands::Story(const std::string& id) {
  v1::GetStoryRequest request;
  request.set_story_id(id);
  v1::GetStoryResponse response;
  if (std::optional<int> done = CallQuery(&v1::QueryService::Stub::GetStory, request, &response)) {
    return *done;
  }
  const v1::StorySummary& story = response.story();
  out_ << "story " << story.story_id() << ": " << story.member_count() << " documents, "
       << Date(story.first_date()) << ".." << Date(story.last_date()) << ", languages "
       << absl::StrJoin(story.languages(), ",") << "\n\n";
  out_ << absl::StrFormat("%-8s %-5s %-10s %s\n", "DOC", "LANG", "DATE", "TITLE");
  for (const v1::StoryMember& member : response.members()) {
    out_ << absl::StrFormat("%-8s %-5s %-10s %s\n", member.document_id(), member.language(),
                            Date(member.date()), member.title());
  }
  out_ << "\nshared entities (evidence):\n";
  for (const v1::StoryEntity& entity : response.shared_entities()) {
    out_ << absl::StrFormat("  %-40s %3d docs  %s\n", entity.entity_id(), entity.member_count(),
                            entity.name());
  }
  return 0;
}

}  // namespace newsgraph::cli
