// The three real services over gRPC and through the CLI: documents, health, catch-up of a
// document ingested after query started, bad input (the services must stay up), streaming,
// extract outages, kill -9 of ingest and a clean SIGTERM stop (last: it stops the services).
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

class SuiteTest : public SuiteFixture {};

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
}  // namespace newsgraph::integration
