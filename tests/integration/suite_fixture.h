// The fixture of the integration tests: the three real services started as processes on free
// loopback ports with a temporary store, the samples ingested over gRPC. Each test suite deriving
// from SuiteFixture gets its own services (started in SetUpTestSuite, stopped in
// TearDownTestSuite); the suites run one after another.
#ifndef NEWSGRAPH_TESTS_INTEGRATION_SUITE_FIXTURE_H_
#define NEWSGRAPH_TESTS_INTEGRATION_SUITE_FIXTURE_H_

#include <signal.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <functional>
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

namespace newsgraph::integration {

inline constexpr absl::Duration kStartTimeout = absl::Seconds(30);

inline std::string Bin(const std::string& name) { return std::string(NG_BIN_DIR) + "/" + name; }

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
  std::optional<testing::Subprocess> extract_, ingest_, query_;
  int extract_port_ = 0, ingest_port_ = 0, query_port_ = 0;
  std::unique_ptr<ingest::v1::IngestService::Stub> ingest_stub_;
  std::unique_ptr<query::v1::QueryService::Stub> query_stub_;
  // Extra flags for the service `name` ("extract", "ingest", "query"), appended at every start
  // (e.g. metrics ports); unset: none.
  std::function<std::vector<std::string>(const std::string& name)> extra_args_;

 private:
  testing::Subprocess Launch(std::vector<std::string> argv, const std::string& name) {
    if (extra_args_) {
      for (std::string& arg : extra_args_(name)) argv.push_back(std::move(arg));
    }
    auto process = testing::Subprocess::Start(argv, dir_.Sub(name + ".log"));
    EXPECT_TRUE(process.ok()) << process.status();
    return std::move(*process);
  }
  int WaitPort(const std::string& port_file) {
    auto port = testing::WaitForPortFile(port_file, kStartTimeout);
    EXPECT_TRUE(port.ok()) << port.status() << "\n" << Logs();
    return port.value_or(0);
  }
};

class SuiteFixture : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    sample_ids_.clear();
    suite_ = new Suite();
    suite_->extra_args_ = extra_args_;
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

  inline static Suite* suite_ = nullptr;
  // Set by a derived suite's SetUpTestSuite before calling SuiteFixture's (see
  // Suite::extra_args_); reset it in its TearDownTestSuite.
  inline static std::function<std::vector<std::string>(const std::string&)> extra_args_;
  inline static std::map<std::string, std::string> sample_ids_;
};

}  // namespace newsgraph::integration

#endif  // NEWSGRAPH_TESTS_INTEGRATION_SUITE_FIXTURE_H_
