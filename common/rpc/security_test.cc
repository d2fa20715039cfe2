#include "common/rpc/security.h"

#include <grpcpp/create_channel.h>
#include <grpcpp/server.h>
#include <grpcpp/server_builder.h>

#include <fstream>

#include "common/testing/subprocess.h"
#include "common/testing/temp_dir.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "gtest/gtest.h"

namespace newsgraph::rpc {
namespace {

// Certificates made by the project's own script, as a deployment would make them.
class Certificates {
 public:
  Certificates() {
    int exit_status = -1;
    output_ = testing::RunCommand(
        std::string(NG_MAKE_CERTS) + " " + dir_.path() + " localhost,127.0.0.1 2>&1", &exit_status);
    ok_ = exit_status == 0;
  }
  bool ok() const { return ok_; }
  const std::string& output() const { return output_; }
  std::string operator[](const std::string& name) const { return dir_.Sub(name); }

 private:
  testing::TempDir dir_;
  std::string output_;
  bool ok_ = false;
};

// Answers every health check SERVING.
class AlwaysServing final : public grpc::health::v1::Health::CallbackService {
  grpc::ServerUnaryReactor* Check(grpc::CallbackServerContext* context,
                                  const grpc::health::v1::HealthCheckRequest*,
                                  grpc::health::v1::HealthCheckResponse* response) override {
    response->set_status(grpc::health::v1::HealthCheckResponse::SERVING);
    grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
    reactor->Finish(grpc::Status::OK);
    return reactor;
  }
};

// A server with only a health service, on a free loopback port, with `credentials`.
struct HealthServer {
  explicit HealthServer(std::shared_ptr<grpc::ServerCredentials> credentials) {
    grpc::ServerBuilder builder;
    builder.AddListeningPort("127.0.0.1:0", std::move(credentials), &port);
    builder.RegisterService(&service);
    server = builder.BuildAndStart();
  }
  ~HealthServer() {
    if (server) server->Shutdown();
  }
  AlwaysServing service;
  int port = 0;
  std::unique_ptr<grpc::Server> server;
};

// The status code of a health check against `port` over `credentials`.
grpc::StatusCode Check(int port, std::shared_ptr<grpc::ChannelCredentials> credentials,
                       const std::string& host = "localhost") {
  auto channel = grpc::CreateChannel(host + ":" + std::to_string(port), std::move(credentials));
  auto stub = grpc::health::v1::Health::NewStub(channel);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  grpc::health::v1::HealthCheckRequest request;
  grpc::health::v1::HealthCheckResponse response;
  return stub->Check(&context, request, &response).error_code();
}

class SecurityTest : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(certs_.ok()) << certs_.output(); }
  Certificates certs_;
};

TEST_F(SecurityTest, PlaintextWhenNothingIsConfigured) {
  auto server = MakeServerCredentials({});
  ASSERT_TRUE(server.ok()) << server.status();
  HealthServer health(*server);
  ASSERT_NE(health.port, 0);
  auto client = MakeChannelCredentials({});
  ASSERT_TRUE(client.ok());
  EXPECT_EQ(Check(health.port, *client), grpc::StatusCode::OK);
}

TEST_F(SecurityTest, TlsServerAcceptsTlsClientsAndRefusesPlaintext) {
  auto server =
      MakeServerCredentials({.cert_file = certs_["server.pem"], .key_file = certs_["server.key"]});
  ASSERT_TRUE(server.ok()) << server.status();
  HealthServer health(*server);
  ASSERT_NE(health.port, 0);
  auto tls = MakeChannelCredentials({.ca_file = certs_["ca.pem"]});
  ASSERT_TRUE(tls.ok()) << tls.status();
  EXPECT_EQ(Check(health.port, *tls), grpc::StatusCode::OK);
  EXPECT_EQ(Check(health.port, *tls, "127.0.0.1"), grpc::StatusCode::OK);
  EXPECT_EQ(Check(health.port, grpc::InsecureChannelCredentials()), grpc::StatusCode::UNAVAILABLE);
  // A client trusting another CA refuses the server.
  Certificates other;
  ASSERT_TRUE(other.ok());
  auto wrong_ca = MakeChannelCredentials({.ca_file = other["ca.pem"]});
  ASSERT_TRUE(wrong_ca.ok());
  EXPECT_EQ(Check(health.port, *wrong_ca), grpc::StatusCode::UNAVAILABLE);
}

TEST_F(SecurityTest, MutualTlsRequiresAClientCertificateFromTheCa) {
  auto server = MakeServerCredentials({.cert_file = certs_["server.pem"],
                                       .key_file = certs_["server.key"],
                                       .client_ca_file = certs_["ca.pem"]});
  ASSERT_TRUE(server.ok()) << server.status();
  HealthServer health(*server);
  ASSERT_NE(health.port, 0);
  auto with_cert = MakeChannelCredentials({.ca_file = certs_["ca.pem"],
                                           .cert_file = certs_["client.pem"],
                                           .key_file = certs_["client.key"]});
  ASSERT_TRUE(with_cert.ok()) << with_cert.status();
  EXPECT_EQ(Check(health.port, *with_cert), grpc::StatusCode::OK);
  auto without_cert = MakeChannelCredentials({.ca_file = certs_["ca.pem"]});
  ASSERT_TRUE(without_cert.ok());
  EXPECT_EQ(Check(health.port, *without_cert), grpc::StatusCode::UNAVAILABLE);
  // A certificate from another CA is refused too.
  Certificates other;
  ASSERT_TRUE(other.ok());
  auto foreign = MakeChannelCredentials({.ca_file = certs_["ca.pem"],
                                         .cert_file = other["client.pem"],
                                         .key_file = other["client.key"]});
  ASSERT_TRUE(foreign.ok());
  EXPECT_EQ(Check(health.port, *foreign), grpc::StatusCode::UNAVAILABLE);
}

TEST_F(SecurityTest, ConfigurationErrorsNameTheOption) {
  auto key_only = MakeServerCredentials({.key_file = certs_["server.key"]});
  ASSERT_FALSE(key_only.ok());
  EXPECT_EQ(key_only.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(key_only.status().message().find("tls_cert_file"), std::string::npos);

  auto ca_only = MakeServerCredentials({.client_ca_file = certs_["ca.pem"]});
  ASSERT_FALSE(ca_only.ok());
  EXPECT_NE(ca_only.status().message().find("tls_client_ca_file"), std::string::npos);

  auto missing =
      MakeServerCredentials({.cert_file = certs_["nope.pem"], .key_file = certs_["server.key"]});
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
  EXPECT_NE(missing.status().message().find("nope.pem"), std::string::npos);

  auto not_pem = MakeChannelCredentials({.ca_file = NG_MAKE_CERTS});
  ASSERT_FALSE(not_pem.ok());
  EXPECT_EQ(not_pem.status().code(), absl::StatusCode::kInvalidArgument);

  auto cert_without_ca =
      MakeChannelCredentials({.cert_file = certs_["client.pem"], .key_file = certs_["client.key"]});
  ASSERT_FALSE(cert_without_ca.ok());
  EXPECT_NE(cert_without_ca.status().message().find("tls_ca_file"), std::string::npos);
}

TEST(ApiKeysTest, OpenWhenNoKeys) {
  ApiKeys keys;
  EXPECT_FALSE(keys.enabled());
  EXPECT_TRUE(keys.CheckHeader("", false).ok());
}

TEST(ApiKeysTest, AcceptsOnlyKnownBearerKeys) {
  auto keys = ApiKeys::FromKeys({"0123456789abcdef-first", "0123456789abcdef-second"});
  ASSERT_TRUE(keys.ok()) << keys.status();
  EXPECT_TRUE(keys->enabled());
  EXPECT_TRUE(keys->CheckHeader("Bearer 0123456789abcdef-first", true).ok());
  EXPECT_TRUE(keys->CheckHeader("bearer 0123456789abcdef-second", true).ok());

  absl::Status missing = keys->CheckHeader("", false);
  EXPECT_EQ(missing.code(), absl::StatusCode::kUnauthenticated);
  EXPECT_NE(missing.message().find("missing"), std::string::npos);
  absl::Status malformed = keys->CheckHeader("0123456789abcdef-first", true);
  EXPECT_EQ(malformed.code(), absl::StatusCode::kUnauthenticated);
  EXPECT_NE(malformed.message().find("Bearer"), std::string::npos);
  absl::Status unknown = keys->CheckHeader("Bearer 0123456789abcdef-third", true);
  EXPECT_EQ(unknown.code(), absl::StatusCode::kUnauthenticated);
  // The key is never echoed back.
  EXPECT_EQ(unknown.message().find("third"), std::string::npos);
  EXPECT_EQ(keys->CheckHeader("Bearer 0123456789abcdef-firs", true).code(),
            absl::StatusCode::kUnauthenticated);
  EXPECT_EQ(keys->CheckHeader("Bearer ", true).code(), absl::StatusCode::kUnauthenticated);
}

TEST(ApiKeysTest, ReadsAKeyFileAndRejectsWeakKeys) {
  testing::TempDir dir;
  {
    std::ofstream file(dir.Sub("keys"));
    file << "# newsroom backends\n\n  analytics-key-0123456789  \nsecond-key-abcdefghij\n";
  }
  auto keys = ApiKeys::FromFile(dir.Sub("keys"));
  ASSERT_TRUE(keys.ok()) << keys.status();
  EXPECT_TRUE(keys->CheckHeader("Bearer analytics-key-0123456789", true).ok());
  EXPECT_TRUE(keys->CheckHeader("Bearer second-key-abcdefghij", true).ok());

  {
    std::ofstream file(dir.Sub("weak"));
    file << "good-key-0123456789abc\nzq9\n";
  }
  auto weak = ApiKeys::FromFile(dir.Sub("weak"));
  ASSERT_FALSE(weak.ok());
  EXPECT_EQ(weak.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(weak.status().message().find("line 2"), std::string::npos);
  EXPECT_EQ(weak.status().message().find("zq9"), std::string::npos) << "key leaked";

  {
    std::ofstream file(dir.Sub("empty"));
    file << "# nothing yet\n";
  }
  EXPECT_EQ(ApiKeys::FromFile(dir.Sub("empty")).status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ApiKeys::FromFile(dir.Sub("absent")).status().code(), absl::StatusCode::kNotFound);
  EXPECT_FALSE(ApiKeys::FromFile("")->enabled());
}

}  // namespace
}  // namespace newsgraph::rpc
