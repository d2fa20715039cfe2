// The three real services, started as processes on free loopback ports with a temporary store:
// ingest the samples over gRPC, then check what query answers — including documents ingested
// after query started (secondary catch-up) and bad input (the services must stay up).
#include <signal.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/rpc/channel.h"
#include "common/testing/subprocess.h"
#include "common/testing/temp_dir.h"
#include "gmock/gmock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "gtest/gtest.h"
#include "newsgraph/ingest/v1/ingest_service.grpc.pb.h"
#include "newsgraph/query/v1/query_service.grpc.pb.h"
#include "tools/cli/article_file.h"

namespace newsgraph {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;
using testing::Subprocess;

constexpr absl::Duration kStartTimeout = absl::Seconds(30);

std::string Bin(const std::string& name) { return std::string(NG_BIN_DIR) + "/" + name; }

class Suite {
 public:
  // Starts extract, then ingest (which owns the store), then query (a secondary of it).
  void Start() {
    StartExtract("127.0.0.1:0");
    StartIngest("127.0.0.1:0");
    std::string query_port_file = dir_.Sub("query.port");
    query_ = Launch(
        {Bin("newsgraph-query"), "--listen=127.0.0.1:0", "--port_file=" + query_port_file,
         "--data_dir=" + dir_.Sub("store"), "--secondary_dir=" + dir_.Sub("query-secondary")},
        "query");
    query_port_ = WaitPort(query_port_file);
    ingest_stub_ = ingest::v1::IngestService::NewStub(rpc::MakeChannel(Address(ingest_port_)));
    query_stub_ = query::v1::QueryService::NewStub(rpc::MakeChannel(Address(query_port_)));
  }

  // Starts extract on `listen`; a restart passes the old address so ingest finds it again.
  void StartExtract(const std::string& listen) {
    std::string extract_port_file = dir_.Sub("extract.port");
    std::filesystem::remove(extract_port_file);
    extract_ =
        Launch({Bin("newsgraph-extract"), "--listen=" + listen, "--port_file=" + extract_port_file},
               "extract");
    extract_port_ = WaitPort(extract_port_file);
  }

  // Starts ingest on `listen` over the suite's store; a restart passes the old address.
  void StartIngest(const std::string& listen) {
    std::string ingest_port_file = dir_.Sub("ingest.port");
    std::filesystem::remove(ingest_port_file);
    ingest_ =
        Launch({Bin("newsgraph-ingest"), "--listen=" + listen, "--port_file=" + ingest_port_file,
                "--data_dir=" + dir_.Sub("store"),
                absl::StrCat("--extract_address=127.0.0.1:", extract_port_), "--sync_writes=false"},
               "ingest");
    ingest_port_ = WaitPort(ingest_port_file);
  }

  std::string Address(int port) const { return absl::StrCat("127.0.0.1:", port); }
  std::string Logs() const {
    std::string all;
    for (const char* name : {"extract", "ingest", "query"}) {
      std::ifstream in(dir_.Sub(std::string(name) + ".log"));
      all += absl::StrCat("---- ", name, " log ----\n",
                          std::string(std::istreambuf_iterator<char>(in), {}));
    }
    return all;
  }

  bool Healthy(int port) {
    auto stub = grpc::health::v1::Health::NewStub(rpc::MakeChannel(Address(port)));
    grpc::ClientContext context;
    rpc::SetTimeout(&context, absl::Seconds(5));
    grpc::health::v1::HealthCheckResponse response;
    return stub->Check(&context, grpc::health::v1::HealthCheckRequest(), &response).ok() &&
           response.status() == grpc::health::v1::HealthCheckResponse::SERVING;
  }

  testing::TempDir dir_;
  std::optional<Subprocess> extract_, ingest_, query_;
  int extract_port_ = 0, ingest_port_ = 0, query_port_ = 0;
  std::unique_ptr<ingest::v1::IngestService::Stub> ingest_stub_;
  std::unique_ptr<query::v1::QueryService::Stub> query_stub_;

 private:
  Subprocess Launch(const std::vector<std::string>& argv, const std::string& name) {
    auto process = Subprocess::Start(argv, dir_.Sub(name + ".log"));
    EXPECT_TRUE(process.ok()) << process.status();
    return std::move(*process);
  }
  int WaitPort(const std::string& port_file) {
    auto port = testing::WaitForPortFile(port_file, kStartTimeout);
    EXPECT_TRUE(port.ok()) << port.status() << "\n" << Logs();
    return port.value_or(0);
  }
};

class SuiteTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    suite_ = new Suite();
    suite_->Start();
    for (const auto& entry : std::filesystem::directory_iterator(NG_SAMPLES_DIR)) {
      if (entry.path().extension() != ".txt") continue;
      std::ifstream in(entry.path());
      std::string content(std::istreambuf_iterator<char>(in), {});
      auto request = cli::ParseArticle(content, entry.path().filename().string());
      ASSERT_TRUE(request.ok()) << request.status();
      ingest::v1::IngestResponse response;
      grpc::Status status = IngestRequest(*request, &response);
      ASSERT_TRUE(status.ok()) << entry.path() << ": " << status.error_message() << "\n"
                               << suite_->Logs();
      sample_ids_[entry.path().filename().string()] = response.document_id();
    }
  }
  static void TearDownTestSuite() {
    delete suite_;
    suite_ = nullptr;
  }
  void TearDown() override {
    if (HasFailure()) std::cerr << suite_->Logs();
  }

  static grpc::Status IngestRequest(const ingest::v1::IngestRequest& request,
                                    ingest::v1::IngestResponse* response) {
    grpc::ClientContext context;
    rpc::SetTimeout(&context, absl::Seconds(10));
    return suite_->ingest_stub_->Ingest(&context, request, response);
  }

  grpc::Status Search(const std::string& query, query::v1::SearchResponse* response) {
    grpc::ClientContext context;
    rpc::SetTimeout(&context, absl::Seconds(10));
    query::v1::SearchRequest request;
    request.set_query(query);
    request.set_page_size(20);
    return suite_->query_stub_->Search(&context, request, response);
  }

  std::vector<std::string> SearchIds(const std::string& query) {
    query::v1::SearchResponse response;
    grpc::Status status = Search(query, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    std::vector<std::string> ids;
    for (const auto& hit : response.hits()) ids.push_back(hit.document_id());
    return ids;
  }

  static Suite* suite_;
  static std::map<std::string, std::string> sample_ids_;
};

Suite* SuiteTest::suite_ = nullptr;
std::map<std::string, std::string> SuiteTest::sample_ids_;

TEST_F(SuiteTest, AllServicesServeHealth) {
  EXPECT_TRUE(suite_->Healthy(suite_->extract_port_));
  EXPECT_TRUE(suite_->Healthy(suite_->ingest_port_));
  EXPECT_TRUE(suite_->Healthy(suite_->query_port_));
  EXPECT_GE(sample_ids_.size(), 12u);
}

TEST_F(SuiteTest, GetDocumentReturnsTheSampleWithMentions) {
  grpc::ClientContext context;
  query::v1::GetDocumentRequest request;
  request.set_document_id(sample_ids_.at("macron-berlin-uk.txt"));
  query::v1::GetDocumentResponse response;
  ASSERT_TRUE(suite_->query_stub_->GetDocument(&context, request, &response).ok());
  const common::v1::Document& document = response.document();
  EXPECT_EQ(document.language(), "uk");
  EXPECT_THAT(document.title(), HasSubstr("Макрон"));
  std::vector<std::string> entity_ids;
  for (const auto& mention : document.mentions()) {
    entity_ids.push_back(mention.entity_id());
    EXPECT_EQ(document.body().substr(mention.begin(), mention.end() - mention.begin()),
              mention.surface());
  }
  EXPECT_THAT(entity_ids, Contains("ng:person/emmanuel-macron"));
  EXPECT_THAT(entity_ids, Contains("ng:country/de"));
}

TEST_F(SuiteTest, SearchIgnoresDiacriticsAndCaseAcrossScripts) {
  EXPECT_THAT(SearchIds("Samsung va TSMC cong bo"), Contains(sample_ids_.at("chips-vi-messy.txt")));
  EXPECT_THAT(SearchIds("ΓΕΡΜΑΝΙΑΣ"), Contains(sample_ids_.at("macron-berlin-el-messy.txt")));
  EXPECT_THAT(SearchIds("берлине"), Contains(sample_ids_.at("macron-berlin-ru.txt")));
  EXPECT_THAT(SearchIds("英伟达"), Contains(sample_ids_.at("nvidia-ai-zh.txt")));
  EXPECT_THAT(SearchIds("zzzunknownword"), ::testing::IsEmpty());
}

TEST_F(SuiteTest, OneEntityAcrossLanguagesAndScripts) {
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

TEST_F(SuiteTest, EntityAutocompleteRelatedAndTimelineOverTheSamples) {
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

TEST_F(SuiteTest, StoriesGroupTheMultiLanguageEventAndKeepUnrelatedArticlesApart) {
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

TEST_F(SuiteTest, QuerySeesDocumentsIngestedAfterItStarted) {
  EXPECT_THAT(SearchIds("Kalimantanwort"), ::testing::IsEmpty());
  ingest::v1::IngestRequest request;
  request.set_text("Kalimantanwort: Emmanuel Macron bereist Japan.");
  request.set_language("de");
  ingest::v1::IngestResponse response;
  ASSERT_TRUE(IngestRequest(request, &response).ok());
  EXPECT_THAT(SearchIds("kalimantanwort"), ::testing::ElementsAre(response.document_id()));
}

TEST_F(SuiteTest, BadInputGetsClearStatusAndServicesStayUp) {
  ingest::v1::IngestRequest request;
  ingest::v1::IngestResponse response;
  grpc::Status status = IngestRequest(request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("text"));

  request.set_text("Tin tức \xFF\xFE");
  status = IngestRequest(request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("text: invalid UTF-8 at byte offset 10"));

  grpc::ClientContext context;
  query::v1::GetDocumentRequest get;
  get.set_document_id("987654321");
  query::v1::GetDocumentResponse document;
  status = suite_->query_stub_->GetDocument(&context, get, &document);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_THAT(status.error_message(), HasSubstr("document_id"));

  query::v1::SearchResponse search;
  status = Search("  ,,, ", &search);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(status.error_message(), HasSubstr("query"));

  EXPECT_TRUE(suite_->Healthy(suite_->ingest_port_));
  EXPECT_TRUE(suite_->Healthy(suite_->query_port_));
}

TEST_F(SuiteTest, IngestStreamAnswersEachDocumentInOrderAndSurvivesBadOnes) {
  std::vector<ingest::v1::IngestRequest> documents(4);
  documents[0].set_text("Streamtoken eins: Macron trifft Merz in Berlin.");
  documents[1].set_text(std::string("broken \xff utf-8"));
  documents[2].set_text("   ");
  documents[3].set_text("Streamtoken zwei: Tim Cook stellt das iPhone 15 vor.");
  grpc::ClientContext context;
  rpc::SetTimeout(&context, absl::Seconds(30));
  auto stream = suite_->ingest_stub_->IngestStream(&context);
  for (const auto& document : documents) ASSERT_TRUE(stream->Write(document));
  ASSERT_TRUE(stream->WritesDone());
  std::vector<ingest::v1::IngestResult> results;
  for (ingest::v1::IngestResult result; stream->Read(&result);) results.push_back(result);
  grpc::Status status = stream->Finish();
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(results.size(), 4u);
  EXPECT_EQ(results[0].code(), 0);
  EXPECT_EQ(results[0].response().outcome(), ingest::v1::INGEST_OUTCOME_STORED);
  EXPECT_EQ(results[1].code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(results[1].message(), HasSubstr("byte offset 7"));
  EXPECT_FALSE(results[1].has_response());
  EXPECT_EQ(results[2].code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(results[3].code(), 0);
  EXPECT_THAT(SearchIds("streamtoken"),
              ::testing::UnorderedElementsAre(results[0].response().document_id(),
                                              results[3].response().document_id()));
}

TEST_F(SuiteTest, CliSearchesListsServicesAndReportsUnreachable) {
  std::string flags = absl::StrCat(" --ingest=", suite_->Address(suite_->ingest_port_),
                                   " --extract=", suite_->Address(suite_->extract_port_),
                                   " --query=", suite_->Address(suite_->query_port_));
  int exit_status = 0;
  std::string out =
      testing::RunCommand(Bin("newsgraph") + flags + " search Nvidia A100", &exit_status);
  EXPECT_EQ(exit_status, 0) << out;
  EXPECT_THAT(out, HasSubstr("documents match"));

  out =
      testing::RunCommand(Bin("newsgraph") + flags + " --json entity ng:country/de", &exit_status);
  EXPECT_EQ(exit_status, 0) << out;
  EXPECT_THAT(out, HasSubstr("\"document_count\""));

  // The samples are already stored: a second load is recognised document by document — by
  // external id where the file has one (unchanged), by content otherwise (duplicate).
  out = testing::RunCommand(Bin("newsgraph") + flags + " ingest " + NG_SAMPLES_DIR, &exit_status);
  EXPECT_EQ(exit_status, 0) << out;
  EXPECT_THAT(out, HasSubstr("0 stored, 12 unchanged, 2 duplicates, 0 failed"));

  out = testing::RunCommand(Bin("newsgraph") + flags + " health", &exit_status);
  EXPECT_EQ(exit_status, 0) << out;
  EXPECT_THAT(out, HasSubstr("SERVING"));

  out = testing::RunCommand(Bin("newsgraph") + " services " + suite_->Address(suite_->query_port_),
                            &exit_status);
  EXPECT_EQ(exit_status, 0) << out;
  EXPECT_THAT(out, HasSubstr("newsgraph.query.v1.QueryService"));
  EXPECT_THAT(out, HasSubstr("grpc.health.v1.Health"));

  out = testing::RunCommand(
      Bin("newsgraph") + " --query=127.0.0.1:1 --timeout_ms=2000 search x 2>&1", &exit_status);
  EXPECT_EQ(exit_status, 2) << out;
  EXPECT_THAT(out, HasSubstr("cannot reach the query service"));
}

TEST_F(SuiteTest, SearchPhrasesEntitiesFiltersFacetsAndPages) {
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
TEST_F(SuiteTest, SearchReadsItsOwnWritesWithTheConsistencyToken) {
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

TEST_F(SuiteTest, CliSearchPrintsHighlightsFacetsAndNextPage) {
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

TEST_F(SuiteTest, NothingIsLostWhileExtractIsDown) {
  ASSERT_TRUE(suite_->extract_->Stop(SIGTERM, absl::Seconds(20)).ok());
  ingest::v1::IngestRequest request;
  request.set_text("Emmanuel Macron und Friedrich Merz trafen sich in Paris zum Gipfel.");
  request.set_language("de");
  ingest::v1::IngestResponse response;
  grpc::Status status = IngestRequest(request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.state(), common::v1::DOCUMENT_STATE_PENDING_EXTRACTION);

  suite_->StartExtract(suite_->Address(suite_->extract_port_));
  absl::Time deadline = absl::Now() + absl::Seconds(60);
  int mentions = 0;
  while (absl::Now() < deadline) {
    grpc::ClientContext context;
    query::v1::GetDocumentRequest get;
    get.set_document_id(response.document_id());
    query::v1::GetDocumentResponse document;
    if (suite_->query_stub_->GetDocument(&context, get, &document).ok() &&
        document.document().state() == common::v1::DOCUMENT_STATE_EXTRACTED) {
      mentions = document.document().mentions_size();
      break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_GE(mentions, 2);
}

// kill -9 of ingest in the middle of a bulk load of 1,200 documents sent in batches: after a
// restart every acknowledged document is there exactly once, fully indexed, and re-sending the
// acknowledged ones changes nothing.
TEST_F(SuiteTest, AcknowledgedDocumentsSurviveKillDashNine) {
  constexpr int kDocuments = 1200;
  constexpr int kBatch = 40;  // re-sending, afterwards
  std::vector<ingest::v1::IngestRequest> documents;
  for (int i = 0; i < kDocuments; ++i) {
    ingest::v1::IngestRequest request;
    request.set_external_id(absl::StrCat("crash-", i));
    request.set_text(absl::StrCat("Crashtoken", i, " Macron traf Merz in Berlin, Meldung ", i,
                                  " über Energie und Verteidigung."));
    request.set_language("de");
    documents.push_back(request);
  }
  std::map<std::string, std::string> acknowledged;  // external id → document id
  std::atomic<bool> killed{false};
  std::thread killer([&] {
    // Kill mid-stream: after roughly a third of the load was acknowledged.
    while (true) {
      { std::this_thread::sleep_for(std::chrono::milliseconds(2)); }
      if (killed.load()) break;
      grpc::ClientContext context;
      ingest::v1::StatsResponse stats;
      auto stub = ingest::v1::IngestService::NewStub(
          rpc::MakeChannel(suite_->Address(suite_->ingest_port_)));
      if (stub->Stats(&context, ingest::v1::StatsRequest(), &stats).ok() &&
          stats.documents() >= 500 + sample_ids_.size()) {
        (void)suite_->ingest_->Stop(SIGKILL, absl::Seconds(10));
        killed = true;
      }
    }
  });
  // One IngestStream carries the whole load; the n-th result acknowledges the n-th document.
  grpc::ClientContext stream_context;
  auto stream = suite_->ingest_stub_->IngestStream(&stream_context);
  std::thread writer([&] {
    for (const auto& document : documents) {
      if (!stream->Write(document)) return;
    }
    stream->WritesDone();
  });
  ingest::v1::IngestResult result;
  for (size_t i = 0; stream->Read(&result); ++i) {
    ASSERT_EQ(result.code(), 0) << result.message();
    acknowledged[documents[i].external_id()] = result.response().document_id();
  }
  stream_context.TryCancel();
  writer.join();
  EXPECT_FALSE(stream->Finish().ok()) << "the stream should have broken with the kill";
  killed = true;
  killer.join();
  ASSERT_GE(acknowledged.size(), 400u);
  ASSERT_LT(acknowledged.size(), static_cast<size_t>(kDocuments)) << "the kill came too late";

  suite_->StartIngest(suite_->Address(suite_->ingest_port_));
  // Every acknowledged document is stored, and is found by its own unique word (fully indexed).
  for (const auto& [external_id, doc_id] : acknowledged) {
    int i = std::stoi(external_id.substr(6));
    EXPECT_THAT(SearchIds(absl::StrCat("crashtoken", i)), ::testing::ElementsAre(doc_id));
  }
  // Re-sending all acknowledged documents stores nothing new: each was there exactly once.
  grpc::ClientContext stats_before_context;
  ingest::v1::StatsResponse before;
  ASSERT_TRUE(suite_->ingest_stub_->Stats(&stats_before_context, {}, &before).ok());
  for (int start = 0; start < static_cast<int>(acknowledged.size()); start += kBatch) {
    ingest::v1::IngestBatchRequest batch;
    for (int i = start; i < std::min<int>(acknowledged.size(), start + kBatch); ++i) {
      *batch.add_documents() = documents[i];
    }
    grpc::ClientContext context;
    ingest::v1::IngestBatchResponse response;
    ASSERT_TRUE(suite_->ingest_stub_->IngestBatch(&context, batch, &response).ok());
    for (const auto& result : response.results()) {
      EXPECT_EQ(result.response().outcome(), ingest::v1::INGEST_OUTCOME_UNCHANGED);
    }
  }
  grpc::ClientContext stats_after_context;
  ingest::v1::StatsResponse after;
  ASSERT_TRUE(suite_->ingest_stub_->Stats(&stats_after_context, {}, &after).ok());
  EXPECT_EQ(after.documents(), before.documents());
}

TEST_F(SuiteTest, ServicesStopCleanlyOnSigterm) {
  // Last in file order: stops the suite. gtest runs tests in declaration order by default.
  for (auto* process : {&suite_->query_, &suite_->ingest_, &suite_->extract_}) {
    auto status = (*process)->Stop(SIGTERM, absl::Seconds(20));
    ASSERT_TRUE(status.ok()) << status.status();
    EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) == 0) << *status;
  }
}

}  // namespace
}  // namespace newsgraph
