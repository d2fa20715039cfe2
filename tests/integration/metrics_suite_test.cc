// The three real services with their Prometheus endpoints (--metrics_port=0) and JSON logs
// (--log_format=json): after the samples are ingested and a few queries made, each /metrics shows
// the per-RPC counters and latency histograms of exactly those calls, the service gauges agree
// with Stats, /healthz answers, every log line is a JSON object, and a taken metrics port stops a
// service with a clear error.
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <httplib.h>
#include <sys/wait.h>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "tests/integration/suite_fixture.h"

namespace newsgraph::integration {
namespace {

using ::testing::HasSubstr;

class MetricsSuiteTest : public SuiteFixture {
 protected:
  static void SetUpTestSuite() {
    extra_args_ = [](const std::string& name) {
      return std::vector<std::string>{
          "--metrics_port=0", "--metrics_port_file=" + suite_->dir_.Sub(name + ".metrics.port"),
          "--log_format=json"};
    };
    SuiteFixture::SetUpTestSuite();
  }
  static void TearDownTestSuite() {
    SuiteFixture::TearDownTestSuite();
    extra_args_ = nullptr;
  }

  static int MetricsPort(const std::string& name) {
    auto port =
        testing::WaitForPortFile(suite_->dir_.Sub(name + ".metrics.port"), absl::Seconds(5));
    EXPECT_TRUE(port.ok()) << port.status();
    return port.value_or(0);
  }

  // GET `path` from the metrics endpoint of `name`; the body, "" when there is no answer.
  static std::string Get(const std::string& name, const std::string& path = "/metrics",
                         int* status = nullptr) {
    httplib::Client client("127.0.0.1", MetricsPort(name));
    auto response = client.Get(path.c_str());
    if (!response) return "";
    if (status != nullptr) *status = response->status;
    return response->body;
  }

  // The value of the sample line that starts with `series` + " " (0 and a failure when absent).
  static double Sample(const std::string& text, const std::string& series) {
    for (absl::string_view line : absl::StrSplit(text, '\n')) {
      if (absl::StartsWith(line, series + " ")) {
        double value = 0;
        EXPECT_TRUE(absl::SimpleAtod(line.substr(series.size() + 1), &value)) << line;
        return value;
      }
    }
    ADD_FAILURE() << "no sample " << series << " in\n" << text;
    return 0;
  }

  static std::string ReadLog(const std::string& name) {
    std::ifstream in(suite_->dir_.Sub(name + ".log"));
    std::stringstream content;
    content << in.rdbuf();
    return content.str();
  }
};

std::string Labels(const std::string& service, const std::string& method, const std::string& code) {
  return absl::StrCat("{service=\"", service, "\",method=\"", method, "\",code=\"", code, "\"");
}

TEST_F(MetricsSuiteTest, QueryMetricsCountTheCallsMadeWithHistograms) {
  const std::string service = "newsgraph.query.v1.QueryService";
  // Nothing else calls query in this suite, so the counts are exactly these calls.
  EXPECT_EQ(SearchIds("Macron").empty(), false);
  EXPECT_EQ(SearchIds("Samsung").empty(), false);
  grpc::ClientContext context;
  query::v1::GetDocumentRequest request;
  request.set_document_id("987654321");
  query::v1::GetDocumentResponse response;
  EXPECT_EQ(suite_->query_stub_->GetDocument(&context, request, &response).error_code(),
            grpc::StatusCode::NOT_FOUND);

  std::string text = Get("query");
  std::string search_ok = Labels(service, "Search", "OK");
  EXPECT_EQ(Sample(text, "newsgraph_rpc_requests_total" + search_ok + "}"), 2);
  EXPECT_EQ(Sample(text, "newsgraph_rpc_latency_seconds_count" + search_ok + "}"), 2);
  EXPECT_EQ(Sample(text, "newsgraph_rpc_latency_seconds_bucket" + search_ok + ",le=\"+Inf\"}"), 2);
  // Buckets are cumulative: each bound counts at most as many calls as the next.
  double previous = 0;
  for (const char* le : {"0.0005", "0.001", "0.005", "0.05", "0.5", "5", "10"}) {
    double count = Sample(
        text, absl::StrCat("newsgraph_rpc_latency_seconds_bucket", search_ok, ",le=\"", le, "\"}"));
    EXPECT_GE(count, previous) << le;
    previous = count;
  }
  EXPECT_GT(Sample(text, "newsgraph_rpc_latency_seconds_sum" + search_ok + "}"), 0);
  std::string not_found = Labels(service, "GetDocument", "NOT_FOUND");
  EXPECT_EQ(Sample(text, "newsgraph_rpc_requests_total" + not_found + "}"), 1);
  EXPECT_EQ(Sample(text, "newsgraph_rpc_latency_seconds_count" + not_found + "}"), 1);
  EXPECT_EQ(Sample(text, "newsgraph_rpc_in_flight_requests{service=\"" + service +
                             "\",method=\"Search\"}"),
            0);
  EXPECT_THAT(text, HasSubstr("# TYPE newsgraph_rpc_latency_seconds histogram\n"));
  EXPECT_THAT(text, HasSubstr("# TYPE newsgraph_rpc_requests_total counter\n"));

  // Freshness of the secondary: it caught up on each of the three calls, and has replayed what
  // ingest wrote (nothing is written meanwhile).
  EXPECT_GE(Sample(text, "newsgraph_query_catch_ups_total"), 3);
  EXPECT_EQ(Sample(text, "newsgraph_query_catch_up_failures_total"), 0);
  EXPECT_GE(Sample(text, "newsgraph_query_seconds_since_catch_up"), 0);
  EXPECT_EQ(Sample(text, "newsgraph_query_sequence_number"),
            Sample(Get("ingest"), "newsgraph_store_sequence_number"));
}

TEST_F(MetricsSuiteTest, IngestMetricsAgreeWithStats) {
  ingest::v1::StatsResponse stats;
  {
    grpc::ClientContext context;
    ASSERT_TRUE(suite_->ingest_stub_->Stats(&context, ingest::v1::StatsRequest(), &stats).ok());
  }
  std::string text = Get("ingest");
  EXPECT_EQ(Sample(text, "newsgraph_ingest_documents"), stats.documents());
  EXPECT_EQ(Sample(text, "newsgraph_ingest_pending_extractions"), stats.pending_extractions());
  EXPECT_GE(Sample(text, "newsgraph_store_sequence_number"), stats.sequence_number());
  EXPECT_GT(Sample(text, "newsgraph_store_disk_bytes"), 0);
  // Every sample is in the memtable or, after a flush, in SST files.
  EXPECT_GT(
      Sample(text, "newsgraph_store_sst_bytes") + Sample(text, "newsgraph_store_memtable_bytes"),
      0);
  // Every sample went through Ingest once, successfully (set up by the fixture).
  EXPECT_EQ(Sample(text, "newsgraph_rpc_requests_total" +
                             Labels("newsgraph.ingest.v1.IngestService", "Ingest", "OK") + "}"),
            sample_ids_.size());
  EXPECT_GE(stats.documents(), sample_ids_.size());
}

TEST_F(MetricsSuiteTest, ExtractMetricsShowTheKnowledgeBaseAndIngestsCalls) {
  std::string text = Get("extract");
  EXPECT_GT(Sample(text, "newsgraph_extract_kb_entities"), 1000);
  // Ingest calls extract once per stored document.
  EXPECT_GE(Sample(text, "newsgraph_rpc_requests_total" +
                             Labels("newsgraph.extract.v1.ExtractService", "Extract", "OK") + "}"),
            sample_ids_.size());
}

TEST_F(MetricsSuiteTest, HealthzAnswersOk) {
  for (const char* name : {"extract", "ingest", "query"}) {
    int status = 0;
    EXPECT_EQ(Get(name, "/healthz", &status), "ok\n") << name;
    EXPECT_EQ(status, 200) << name;
  }
}

TEST_F(MetricsSuiteTest, EveryLogLineIsJsonAndCallsHaveTheirFields) {
  for (const char* name : {"extract", "ingest", "query"}) {
    int calls = 0;
    for (absl::string_view line : absl::StrSplit(ReadLog(name), '\n', absl::SkipEmpty())) {
      google::protobuf::Struct object;
      auto parsed = google::protobuf::util::JsonStringToMessage(std::string(line), &object);
      ASSERT_TRUE(parsed.ok()) << name << ": not JSON: " << line;
      const auto& fields = object.fields();
      EXPECT_EQ(fields.at("service").string_value(), name);
      EXPECT_EQ(fields.at("time").string_value().size(), 24u) << line;  // RFC 3339, ms, Z
      if (fields.at("msg").string_value() != "call") continue;
      ++calls;
      EXPECT_TRUE(absl::StartsWith(fields.at("method").string_value(), "/newsgraph.")) << line;
      EXPECT_TRUE(fields.at("latency_ms").has_number_value()) << line;
      EXPECT_TRUE(fields.at("request_bytes").has_number_value()) << line;
      EXPECT_TRUE(absl::StartsWith(fields.at("peer").string_value(), "ipv4:127.0.0.1:")) << line;
      const std::string& code = fields.at("code").string_value();
      EXPECT_EQ(fields.at("level").string_value(), code == "OK" ? "info" : "warning") << line;
      EXPECT_EQ(fields.contains("error"), code != "OK") << line;
    }
    EXPECT_GT(calls, 0) << name;
  }
  // The request's text never reaches the log, only its size.
  EXPECT_THAT(ReadLog("ingest"), ::testing::Not(HasSubstr("Macron")));
}

TEST_F(MetricsSuiteTest, TakenMetricsPortStopsTheServiceWithAClearError) {
  std::string log = suite_->dir_.Sub("second-query.log");
  auto second =
      testing::Subprocess::Start({Bin("newsgraph-query"), "--listen=127.0.0.1:0",
                                  absl::StrCat("--metrics_port=", MetricsPort("query")),
                                  "--data_dir=" + suite_->dir_.Sub("store"),
                                  "--secondary_dir=" + suite_->dir_.Sub("second-secondary")},
                                 log);
  ASSERT_TRUE(second.ok()) << second.status();
  std::string output;
  for (int i = 0; i < 100 && output.find("metrics_port") == std::string::npos; ++i) {
    absl::SleepFor(absl::Milliseconds(100));
    std::ifstream in(log);
    output.assign(std::istreambuf_iterator<char>(in), {});
  }
  EXPECT_THAT(output, HasSubstr("metrics_port: cannot listen on 127.0.0.1:"));
  auto status = second->Stop(SIGKILL, absl::Seconds(5));
  ASSERT_TRUE(status.ok());
  EXPECT_TRUE(WIFEXITED(*status)) << "still running: " << output;
  EXPECT_EQ(WEXITSTATUS(*status), 1);
}

TEST_F(MetricsSuiteTest, BadLogFormatIsRefused) {
  int exit_status = 0;
  std::string output = testing::RunCommand(
      Bin("newsgraph-query") + " --log_format=xml --listen=127.0.0.1:0 2>&1", &exit_status);
  EXPECT_NE(exit_status, 0);
  EXPECT_THAT(output, HasSubstr("log_format: want text or json"));
}

}  // namespace
}  // namespace newsgraph::integration
