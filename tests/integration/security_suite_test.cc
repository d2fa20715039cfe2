// The three services secured the way a deployment secures them: TLS on every service with
// certificates made by scripts/make-certs.sh, mutual TLS between ingest and extract, API keys on
// ingest and query. Checks that keys and certificates are enforced, that health stays open, that
// a document still flows ingest → extract → query, and that keys never reach the logs.
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "common/rpc/channel.h"
#include "common/rpc/security.h"
#include "common/testing/subprocess.h"
#include "common/testing/temp_dir.h"
#include "gmock/gmock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "gtest/gtest.h"
#include "newsgraph/extract/v1/extract_service.grpc.pb.h"
#include "newsgraph/ingest/v1/ingest_service.grpc.pb.h"
#include "newsgraph/query/v1/query_service.grpc.pb.h"

namespace newsgraph::integration {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

constexpr char kKey[] = "newsroom-backend-key-7f3a9c";
constexpr char kOtherKey[] = "another-valid-key-0b1c2d3e";

std::string Bin(const std::string& name) { return std::string(NG_BIN_DIR) + "/" + name; }

class SecuritySuiteTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new testing::TempDir();
    int exit_status = -1;
    std::string output = testing::RunCommand(
        absl::StrCat(NG_MAKE_CERTS, " ", Sub("certs"), " localhost,127.0.0.1 2>&1"), &exit_status);
    ASSERT_EQ(exit_status, 0) << output;
    {
      std::ofstream keys(Sub("api-keys"));
      keys << "# backends allowed to call ingest and query\n" << kKey << "\n" << kOtherKey << "\n";
    }
    const std::vector<std::string> server_tls = {"--tls_cert_file=" + Cert("server.pem"),
                                                 "--tls_key_file=" + Cert("server.key")};
    extract_ = Launch("extract", {"--tls_client_ca_file=" + Cert("ca.pem")}, server_tls);
    extract_port_ = Wait("extract");
    ingest_ = Launch(
        "ingest",
        {"--data_dir=" + Sub("store"), "--sync_writes=false",
         absl::StrCat("--extract_address=localhost:", extract_port_),
         "--extract_tls_ca_file=" + Cert("ca.pem"), "--extract_tls_cert_file=" + Cert("client.pem"),
         "--extract_tls_key_file=" + Cert("client.key"), "--api_keys_file=" + Sub("api-keys")},
        server_tls);
    ingest_port_ = Wait("ingest");
    query_ = Launch("query",
                    {"--data_dir=" + Sub("store"), "--secondary_dir=" + Sub("secondary"),
                     "--api_keys_file=" + Sub("api-keys")},
                    server_tls);
    query_port_ = Wait("query");
  }

  static void TearDownTestSuite() {
    for (auto* process : {&query_, &ingest_, &extract_}) {
      if (*process) (void)(*process)->Stop(SIGTERM, absl::Seconds(10));
      process->reset();
    }
    delete dir_;
    dir_ = nullptr;
  }

  static std::string Sub(const std::string& name) { return dir_->Sub(name); }
  static std::string Cert(const std::string& name) { return Sub("certs/" + name); }

  static std::optional<testing::Subprocess> Launch(const std::string& name,
                                                   std::vector<std::string> args,
                                                   const std::vector<std::string>& tls) {
    std::filesystem::remove(Sub(name + ".port"));
    args.insert(args.begin(), {Bin("newsgraph-" + name), "--listen=127.0.0.1:0",
                               "--port_file=" + Sub(name + ".port")});
    args.insert(args.end(), tls.begin(), tls.end());
    auto process = testing::Subprocess::Start(args, Sub(name + ".log"));
    EXPECT_TRUE(process.ok()) << process.status();
    if (!process.ok()) return std::nullopt;
    return std::move(*process);
  }

  static int Wait(const std::string& name) {
    auto port = testing::WaitForPortFile(Sub(name + ".port"), absl::Seconds(30));
    EXPECT_TRUE(port.ok()) << name << ": " << port.status() << "\n" << Log(name);
    return port.ok() ? *port : 0;
  }

  static std::string Log(const std::string& name) {
    std::ifstream in(Sub(name + ".log"));
    return std::string(std::istreambuf_iterator<char>(in), {});
  }

  // A channel to `port` over TLS trusting the suite's CA, optionally with the client certificate.
  static std::shared_ptr<grpc::Channel> Tls(int port, bool client_certificate = false) {
    rpc::ClientTlsOptions tls{.ca_file = Cert("ca.pem")};
    if (client_certificate) {
      tls.cert_file = Cert("client.pem");
      tls.key_file = Cert("client.key");
    }
    auto credentials = rpc::MakeChannelCredentials(tls);
    EXPECT_TRUE(credentials.ok()) << credentials.status();
    return rpc::MakeChannel(absl::StrCat("localhost:", port),
                            rpc::ChannelOptions{.credentials = *credentials});
  }

  static void Prepare(grpc::ClientContext* context, const std::string& key) {
    rpc::SetTimeout(context, absl::Seconds(10));
    if (!key.empty()) context->AddMetadata("authorization", rpc::BearerValue(key));
  }

  static grpc::StatusCode Search(const std::string& key, const std::string& text,
                                 uint64_t min_sequence_number = 0,
                                 query::v1::SearchResponse* out = nullptr) {
    auto stub = query::v1::QueryService::NewStub(Tls(query_port_));
    grpc::ClientContext context;
    Prepare(&context, key);
    query::v1::SearchRequest request;
    request.set_query(text);
    request.set_min_sequence_number(min_sequence_number);
    query::v1::SearchResponse response;
    grpc::StatusCode code = stub->Search(&context, request, &response).error_code();
    if (out != nullptr) *out = response;
    return code;
  }

  static grpc::StatusCode Health(std::shared_ptr<grpc::Channel> channel) {
    auto stub = grpc::health::v1::Health::NewStub(channel);
    grpc::ClientContext context;
    rpc::SetTimeout(&context, absl::Seconds(10));
    grpc::health::v1::HealthCheckResponse response;
    return stub->Check(&context, grpc::health::v1::HealthCheckRequest(), &response).error_code();
  }

  inline static testing::TempDir* dir_ = nullptr;
  inline static std::optional<testing::Subprocess> extract_, ingest_, query_;
  inline static int extract_port_ = 0, ingest_port_ = 0, query_port_ = 0;
};

TEST_F(SecuritySuiteTest, HealthNeedsNoKey) {
  EXPECT_EQ(Health(Tls(ingest_port_)), grpc::StatusCode::OK);
  EXPECT_EQ(Health(Tls(query_port_)), grpc::StatusCode::OK);
  // Extract asks every client for a certificate, health checks included.
  EXPECT_EQ(Health(Tls(extract_port_, /*client_certificate=*/true)), grpc::StatusCode::OK);
}

TEST_F(SecuritySuiteTest, CallsWithoutAValidKeyAreRefused) {
  EXPECT_EQ(Search("", "Macron"), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(Search("not-a-key-of-this-suite", "Macron"), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(Search(kOtherKey, "Macron"), grpc::StatusCode::OK);

  auto stub = ingest::v1::IngestService::NewStub(Tls(ingest_port_));
  ingest::v1::IngestRequest request;
  request.set_text("Refused: this document must never be stored without a key.");
  request.set_external_id("refused-without-key");
  {
    grpc::ClientContext context;
    Prepare(&context, "");
    ingest::v1::IngestResponse response;
    grpc::Status status = stub->Ingest(&context, request, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
    EXPECT_THAT(status.error_message(), HasSubstr("authorization"));
  }
  {  // A stream is refused before it reads anything.
    grpc::ClientContext context;
    Prepare(&context, "wrong-key-wrong-key-wrong");
    auto stream = stub->IngestStream(&context);
    stream->Write(request);
    stream->WritesDone();
    ingest::v1::IngestResult result;
    EXPECT_FALSE(stream->Read(&result));
    EXPECT_EQ(stream->Finish().error_code(), grpc::StatusCode::UNAUTHENTICATED);
  }
  grpc::ClientContext context;
  Prepare(&context, kKey);
  ingest::v1::StatsRequest stats_request;
  ingest::v1::StatsResponse stats;
  ASSERT_TRUE(stub->Stats(&context, stats_request, &stats).ok());
  query::v1::SearchResponse found;
  ASSERT_EQ(Search(kKey, "\"must never be stored\"", stats.sequence_number(), &found),
            grpc::StatusCode::OK);
  EXPECT_EQ(found.hits_size(), 0) << "a refused document was stored";
}

TEST_F(SecuritySuiteTest, ADocumentFlowsThroughMutualTlsToQuery) {
  auto stub = ingest::v1::IngestService::NewStub(Tls(ingest_port_));
  grpc::ClientContext context;
  Prepare(&context, kKey);
  ingest::v1::IngestRequest request;
  request.set_title("Emmanuel Macron meets Olaf Scholz in Berlin");
  request.set_text(
      "French President Emmanuel Macron met German Chancellor Olaf Scholz in Berlin on Tuesday "
      "to discuss energy security and the war in Ukraine.");
  request.set_language("en");
  request.set_external_id("secured-macron-berlin");
  ingest::v1::IngestResponse response;
  grpc::Status status = stub->Ingest(&context, request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message() << "\n" << Log("ingest");
  // Mentions mean extract answered, over mutual TLS with ingest's client certificate.
  EXPECT_GT(response.mention_count(), 0u) << Log("ingest");

  query::v1::SearchResponse found;
  ASSERT_EQ(Search(kKey, "Scholz Berlin", response.sequence_number(), &found),
            grpc::StatusCode::OK);
  ASSERT_GE(found.hits_size(), 1);
  EXPECT_EQ(found.hits(0).document_id(), response.document_id());
}

TEST_F(SecuritySuiteTest, PlaintextAndCertificateLessClientsCannotConnect) {
  EXPECT_EQ(Health(rpc::MakeChannel(absl::StrCat("127.0.0.1:", query_port_))),
            grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(Health(rpc::MakeChannel(absl::StrCat("127.0.0.1:", ingest_port_))),
            grpc::StatusCode::UNAVAILABLE);

  extract::v1::ExtractRequest request;
  request.set_text("Emmanuel Macron in Berlin.");
  for (bool client_certificate : {false, true}) {
    auto stub = extract::v1::ExtractService::NewStub(Tls(extract_port_, client_certificate));
    grpc::ClientContext context;
    rpc::SetTimeout(&context, absl::Seconds(10));
    extract::v1::ExtractResponse response;
    EXPECT_EQ(stub->Extract(&context, request, &response).error_code(),
              client_certificate ? grpc::StatusCode::OK : grpc::StatusCode::UNAVAILABLE)
        << "client certificate: " << client_certificate;
  }
}

TEST_F(SecuritySuiteTest, TheCliUsesTheKeyAndCaFromTheEnvironment) {
  const std::string cli = absl::StrCat(Bin("newsgraph"), " --query=localhost:", query_port_,
                                       " --ingest=localhost:", ingest_port_);
  int exit_status = -1;
  std::string output = testing::RunCommand(
      absl::StrCat("NEWSGRAPH_TLS_CA_FILE=", Cert("ca.pem"), " NEWSGRAPH_API_KEY=", kKey, " ", cli,
                   " search Macron 2>&1"),
      &exit_status);
  EXPECT_EQ(exit_status, 0) << output;
  output = testing::RunCommand(
      absl::StrCat("NEWSGRAPH_TLS_CA_FILE=", Cert("ca.pem"), " ", cli, " search Macron 2>&1"),
      &exit_status);
  EXPECT_EQ(exit_status, 1) << output;
  EXPECT_THAT(output, HasSubstr("API key"));
}

TEST_F(SecuritySuiteTest, KeysNeverReachTheLogs) {
  ASSERT_EQ(Search(kKey, "Berlin"), grpc::StatusCode::OK);
  ASSERT_EQ(Search("leaked-if-logged-0123456789", "Berlin"), grpc::StatusCode::UNAUTHENTICATED);
  for (const char* name : {"extract", "ingest", "query"}) {
    const std::string log = Log(name);
    EXPECT_THAT(log, Not(HasSubstr(kKey))) << name;
    EXPECT_THAT(log, Not(HasSubstr("leaked-if-logged"))) << name;
  }
  EXPECT_THAT(Log("query"), HasSubstr("(TLS)"));
}

}  // namespace
}  // namespace newsgraph::integration
