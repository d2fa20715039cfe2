// What query answers over the samples, with its own set of the three real services: search
// across scripts and diacritics, phrases, filters, facets and pages, read-your-writes, entities
// (autocomplete, related, timeline) and stories, over gRPC and through the CLI.
#include <signal.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "tests/integration/suite_fixture.h"

namespace newsgraph::integration {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using testing::Subprocess;

class QuerySuiteTest : public SuiteFixture {};

TEST_F(QuerySuiteTest, SearchIgnoresDiacriticsAndCaseAcrossScripts) {
  EXPECT_THAT(SearchIds("Samsung va TSMC cong bo"), Contains(sample_ids_.at("chips-vi-messy.txt")));
  EXPECT_THAT(SearchIds("ΓΕΡΜΑΝΙΑΣ"), Contains(sample_ids_.at("macron-berlin-el-messy.txt")));
  EXPECT_THAT(SearchIds("берлине"), Contains(sample_ids_.at("macron-berlin-ru.txt")));
  EXPECT_THAT(SearchIds("英伟达"), Contains(sample_ids_.at("nvidia-ai-zh.txt")));
  EXPECT_THAT(SearchIds("zzzunknownword"), ::testing::IsEmpty());
}

TEST_F(QuerySuiteTest, OneEntityAcrossLanguagesAndScripts) {
  grpc::ClientContext context;
  query::v1::GetEntityRequest request;
  request.set_entity_id("ng:person/emmanuel-macron");
  query::v1::GetEntityResponse response;
  ASSERT_TRUE(suite_->query_stub_->GetEntity(&context, request, &response).ok());
  for (const char* file :
       {"macron-berlin-uk.txt", "macron-berlin-ru.txt", "macron-berlin-el-messy.txt",
        "macron-berlin-de.txt", "macron-berlin-en.txt"}) {
    EXPECT_THAT(response.document_ids(), Contains(sample_ids_.at(file))) << file;
  }
  EXPECT_GE(response.mention_count(), response.document_count());

  grpc::ClientContext list_context;
  query::v1::ListEntitiesRequest list_request;
  list_request.set_type(common::v1::ENTITY_TYPE_ORGANIZATION);
  query::v1::ListEntitiesResponse list;
  ASSERT_TRUE(suite_->query_stub_->ListEntities(&list_context, list_request, &list).ok());
  ASSERT_GT(list.entities_size(), 0);
  for (const auto& summary : list.entities()) {
    EXPECT_EQ(summary.entity().type(), common::v1::ENTITY_TYPE_ORGANIZATION);
  }
}

TEST_F(QuerySuiteTest, EntityAutocompleteRelatedAndTimelineOverTheSamples) {
  for (const char* text : {"makron", "Макрон", "Μακρόν"}) {
    grpc::ClientContext context;
    query::v1::SearchEntitiesRequest request;
    request.set_query(text);
    query::v1::SearchEntitiesResponse response;
    ASSERT_TRUE(suite_->query_stub_->SearchEntities(&context, request, &response).ok()) << text;
    ASSERT_GT(response.entities_size(), 0) << text;
    EXPECT_EQ(response.entities(0).entity().id(), "ng:person/emmanuel-macron") << text;
  }

  grpc::ClientContext related_context;
  query::v1::RelatedEntitiesRequest related_request;
  related_request.set_entity_id("ng:person/emmanuel-macron");
  related_request.set_page_size(50);
  query::v1::RelatedEntitiesResponse related;
  ASSERT_TRUE(
      suite_->query_stub_->RelatedEntities(&related_context, related_request, &related).ok());
  std::vector<std::string> related_ids;
  for (const auto& entity : related.related()) related_ids.push_back(entity.entity().id());
  EXPECT_THAT(related_ids, ::testing::AnyOf(Contains("ng:country/de"), Contains("ng:loc/berlin")));

  grpc::ClientContext timeline_context;
  query::v1::EntityTimelineRequest timeline_request;
  timeline_request.set_entity_id("ng:person/emmanuel-macron");
  timeline_request.set_interval(query::v1::TIMELINE_INTERVAL_WEEK);
  query::v1::EntityTimelineResponse timeline;
  ASSERT_TRUE(
      suite_->query_stub_->EntityTimeline(&timeline_context, timeline_request, &timeline).ok());
  ASSERT_GT(timeline.buckets_size(), 0);
  EXPECT_EQ(timeline.buckets(0).label(), "2025-W23");  // all five samples: 2025-06-02
  EXPECT_GE(timeline.buckets(0).document_count(), 5u);

  grpc::ClientContext unknown_context;
  timeline_request.set_entity_id("ng:person/nobody");
  EXPECT_EQ(suite_->query_stub_->EntityTimeline(&unknown_context, timeline_request, &timeline)
                .error_code(),
            grpc::StatusCode::NOT_FOUND);

  const std::string cli = Bin("newsgraph") + " --query=" + suite_->Address(suite_->query_port_);
  int exit_status = 0;
  std::string out = testing::RunCommand(cli + " entities Макрон", &exit_status);
  EXPECT_EQ(exit_status, 0) << out;
  EXPECT_THAT(out, HasSubstr("ng:person/emmanuel-macron"));
  out = testing::RunCommand(cli + " related ng:person/emmanuel-macron", &exit_status);
  EXPECT_EQ(exit_status, 0) << out;
  EXPECT_THAT(out, HasSubstr("PMI"));
  out = testing::RunCommand(cli + " --json --interval=month timeline ng:person/emmanuel-macron",
                            &exit_status);
  EXPECT_EQ(exit_status, 0) << out;
  EXPECT_THAT(out, HasSubstr("\"2025-06\""));
  out = testing::RunCommand(cli + " --interval=year timeline ng:person/emmanuel-macron 2>&1",
                            &exit_status);
  EXPECT_EQ(exit_status, 64) << out;
}

TEST_F(QuerySuiteTest, StoriesGroupTheMultiLanguageEventAndKeepUnrelatedArticlesApart) {
  grpc::ClientContext list_context;
  query::v1::ListStoriesRequest list_request;
  list_request.set_page_size(200);
  query::v1::ListStoriesResponse list;
  ASSERT_TRUE(suite_->query_stub_->ListStories(&list_context, list_request, &list).ok());
  std::map<std::string, std::string> story_of;  // document id → story id
  std::map<std::string, query::v1::GetStoryResponse> stories;
  for (const auto& summary : list.stories()) {
    grpc::ClientContext context;
    query::v1::GetStoryRequest request;
    request.set_story_id(summary.story_id());
    query::v1::GetStoryResponse& story = stories[summary.story_id()];
    ASSERT_TRUE(suite_->query_stub_->GetStory(&context, request, &story).ok());
    for (const auto& member : story.members()) story_of[member.document_id()] = summary.story_id();
  }
  const std::string macron = story_of[sample_ids_.at("macron-berlin-en.txt")];
  ASSERT_FALSE(macron.empty());
  for (const auto& [file, id] : sample_ids_) {
    EXPECT_EQ(story_of[id] == macron, file.rfind("macron-berlin-", 0) == 0) << file;
  }
  EXPECT_EQ(stories[macron].story().languages_size(), 5);
  std::vector<std::string> evidence;
  for (const auto& entity : stories[macron].shared_entities())
    evidence.push_back(entity.entity_id());
  EXPECT_THAT(evidence, Contains("ng:person/emmanuel-macron"));

  grpc::ClientContext bad_context;
  query::v1::GetStoryRequest bad;
  bad.set_story_id("x");
  query::v1::GetStoryResponse unused;
  EXPECT_EQ(suite_->query_stub_->GetStory(&bad_context, bad, &unused).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);

  const std::string cli = Bin("newsgraph") + " --query=" + suite_->Address(suite_->query_port_);
  int exit_status = 0;
  std::string out = testing::RunCommand(cli + " story " + macron, &exit_status);
  EXPECT_EQ(exit_status, 0) << out;
  EXPECT_THAT(out, HasSubstr("ng:person/emmanuel-macron"));
  out = testing::RunCommand(cli + " --lang=el stories", &exit_status);
  EXPECT_EQ(exit_status, 0) << out;
  EXPECT_THAT(out, HasSubstr(macron));
}

TEST_F(QuerySuiteTest, SearchPhrasesEntitiesFiltersFacetsAndPages) {
  EXPECT_THAT(SearchIds("\"Samsung va TSMC cong bo\""),
              ::testing::ElementsAre(sample_ids_.at("chips-vi-messy.txt")));
  EXPECT_THAT(SearchIds("\"TSMC va Samsung\""), ::testing::IsEmpty());

  // Macron's documents in five languages, two per page, with facets and highlighted mentions.
  query::v1::SearchRequest request;
  request.add_entity_ids("ng:person/emmanuel-macron");
  request.add_facets(query::v1::FACET_KIND_LANGUAGE);
  request.add_facets(query::v1::FACET_KIND_PUBLISHED_DATE);
  request.set_page_size(2);
  std::vector<std::string> seen, marked;
  for (int page = 0; page < 10; ++page) {
    grpc::ClientContext context;
    rpc::SetTimeout(&context, absl::Seconds(10));
    query::v1::SearchResponse response;
    grpc::Status status = suite_->query_stub_->Search(&context, request, &response);
    ASSERT_TRUE(status.ok()) << status.error_message();
    if (page == 0) {
      EXPECT_GE(response.total_hits(), 5u);
      ASSERT_EQ(response.facets_size(), 2);
      std::vector<std::string> languages, days;
      for (const auto& value : response.facets(0).values()) languages.push_back(value.value());
      for (const auto& value : response.facets(1).values()) days.push_back(value.value());
      EXPECT_THAT(languages, ::testing::IsSupersetOf({"de", "el", "en", "ru", "uk"}));
      EXPECT_THAT(days, Contains("2025-06-02"));
    }
    for (const auto& hit : response.hits()) {
      seen.push_back(hit.document_id());
      for (const auto& mark : hit.snippet_highlights()) {
        marked.push_back(hit.snippet().substr(mark.begin(), mark.end() - mark.begin()));
      }
    }
    if (response.next_page_token().empty()) break;
    request.set_page_token(response.next_page_token());
  }
  EXPECT_THAT(seen, ::testing::IsSupersetOf({sample_ids_.at("macron-berlin-uk.txt"),
                                             sample_ids_.at("macron-berlin-el-messy.txt"),
                                             sample_ids_.at("macron-berlin-de.txt")}));
  std::vector<std::string> unique = seen;
  std::sort(unique.begin(), unique.end());
  EXPECT_EQ(std::unique(unique.begin(), unique.end()), unique.end()) << "a page repeated a hit";
  // Mentions, possibly with the first name ("Emmanuel Macron"), in three scripts.
  for (const char* name : {"Макрон", "Μακρόν", "Macron"}) {
    EXPECT_THAT(marked, Contains(HasSubstr(name))) << name;
  }

  request.clear_page_token();
  request.mutable_filter()->add_languages("uk");
  request.set_query("Німеччина");  // the nominative finds the sample's "до Німеччини"
  grpc::ClientContext context;
  query::v1::SearchResponse uk;
  ASSERT_TRUE(suite_->query_stub_->Search(&context, request, &uk).ok());
  ASSERT_EQ(uk.hits_size(), 1);
  EXPECT_EQ(uk.hits(0).document_id(), sample_ids_.at("macron-berlin-uk.txt"));

  request.set_page_token("not-a-token");
  grpc::ClientContext bad_context;
  grpc::Status status = suite_->query_stub_->Search(&bad_context, request, &uk);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), ::testing::StartsWith("page_token: "));
}

// A second query instance that catches up at most once an hour still reads a client's own write
// when given the ingest response's sequence number.
TEST_F(QuerySuiteTest, SearchReadsItsOwnWritesWithTheConsistencyToken) {
  const std::string port_file = suite_->dir_.Sub("lazy-query.port");
  auto lazy = Subprocess::Start(
      {Bin("newsgraph-query"), "--listen=127.0.0.1:0", "--port_file=" + port_file,
       "--data_dir=" + suite_->dir_.Sub("store"), "--secondary_dir=" + suite_->dir_.Sub("lazy"),
       "--catch_up_interval_ms=3600000"},
      suite_->dir_.Sub("lazy-query.log"));
  ASSERT_TRUE(lazy.ok()) << lazy.status();
  auto port = testing::WaitForPortFile(port_file, kStartTimeout);
  ASSERT_TRUE(port.ok()) << port.status();
  auto stub = query::v1::QueryService::NewStub(rpc::MakeChannel(suite_->Address(*port)));
  auto search = [&](const std::string& words, uint64_t token, query::v1::SearchResponse* out) {
    grpc::ClientContext context;
    rpc::SetTimeout(&context, absl::Seconds(2));
    query::v1::SearchRequest request;
    request.set_query(words);
    request.set_min_sequence_number(token);
    return stub->Search(&context, request, out);
  };
  query::v1::SearchResponse response;
  ASSERT_TRUE(search("Macron", 0, &response).ok());  // the first call catches up
  ingest::v1::IngestRequest document;
  document.set_text("Consistencytoken: Macron trifft Merz.");
  ingest::v1::IngestResponse ingested;
  ASSERT_TRUE(IngestRequest(document, &ingested).ok());
  ASSERT_TRUE(search("consistencytoken", 0, &response).ok());
  EXPECT_EQ(response.total_hits(), 0u);  // stale without the token
  ASSERT_TRUE(search("consistencytoken", ingested.sequence_number(), &response).ok());
  ASSERT_EQ(response.hits_size(), 1);
  EXPECT_EQ(response.hits(0).document_id(), ingested.document_id());
  grpc::Status status = search("consistencytoken", ingested.sequence_number() + 1000000, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);
  EXPECT_THAT(status.error_message(), HasSubstr("min_sequence_number"));
}

TEST_F(QuerySuiteTest, CliSearchPrintsHighlightsFacetsAndNextPage) {
  const std::string cli = Bin("newsgraph") + " --query=" + suite_->Address(suite_->query_port_);
  int exit_status = 0;
  std::string out = testing::RunCommand(
      cli + " --limit=1 --facets=language --entity=ng:person/emmanuel-macron search", &exit_status);
  EXPECT_EQ(exit_status, 0) << out;
  EXPECT_THAT(out, HasSubstr("documents match"));
  EXPECT_THAT(out, ::testing::ContainsRegex("\\[[^]]*(Macron|Макрон|Μακρόν)"));
  EXPECT_THAT(out, HasSubstr("language: "));
  EXPECT_THAT(out, HasSubstr("more: add --page_token="));
  out = testing::RunCommand(cli + " --json --lang=vi --sort=newest search chip", &exit_status);
  EXPECT_EQ(exit_status, 0) << out;
  EXPECT_THAT(out, HasSubstr("\"snippet_highlights\""));
  out = testing::RunCommand(cli + " --page_token=bogus search chip 2>&1", &exit_status);
  EXPECT_EQ(exit_status, 1) << out;
  EXPECT_THAT(out, HasSubstr("page_token"));
  out = testing::RunCommand(cli + " --sort=sideways search chip 2>&1", &exit_status);
  EXPECT_EQ(exit_status, 64) << out;
}

}  // namespace
}  // namespace newsgraph::integration
