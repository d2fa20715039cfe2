// The bad-input matrix's table rows, wire-byte helpers and fixture (one set of the three real
// services for all of bad_input_test.cc and bad_input_query_test.cc): every RPC of ingest,
// extract and query gets empty, oversized and malformed fields — invalid UTF-8 (also in `string`
// fields, as hand-made wire bytes), unknown enum numbers, negative and huge page sizes, bogus
// page tokens, future and ancient dates, unknown ids, over-long queries, messages over the size
// limit — and each row says the status code it must get and a piece of the message naming the
// field or limit. After every test all three services must still be SERVING.
#ifndef NEWSGRAPH_TESTS_INTEGRATION_BAD_INPUT_MATRIX_H_
#define NEWSGRAPH_TESTS_INTEGRATION_BAD_INPUT_MATRIX_H_

#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "newsgraph/extract/v1/extract_service.pb.h"
#include "tests/integration/raw_call.h"
#include "tests/integration/suite_fixture.h"

namespace newsgraph::integration {

enum class Service { kIngest, kExtract, kQuery };

// One call of the matrix. `request` is the message's wire bytes.
struct Row {
  std::string name;
  Service service;
  std::string method;  // e.g. "Ingest"
  std::string request;
  grpc::StatusCode code;
  std::string message;  // must occur in the status message ("" = anything)
                        // Optional further checks of an OK answer's bytes.
  std::function<void(const std::string&)> check = nullptr;
  absl::Duration timeout = absl::Seconds(20);
};

// What a request that does not parse gets — wire bytes cut short, or a `string` field holding
// invalid UTF-8 (protobuf refuses to parse those in proto3): gRPC 1.51's callback server answers
// UNIMPLEMENTED with an empty message before any service code runs
// (grpcpp/impl/codegen/server_callback_handlers.h), so the services' own UTF-8 checks of string
// fields cannot be reached over gRPC. The rows pin that down: an error, not a crash or OK.
inline constexpr grpc::StatusCode kUnparsed = grpc::UNIMPLEMENTED;

inline std::string FullMethod(Service service, const std::string& method) {
  switch (service) {
    case Service::kIngest:
      return "/newsgraph.ingest.v1.IngestService/" + method;
    case Service::kExtract:
      return "/newsgraph.extract.v1.ExtractService/" + method;
    case Service::kQuery:
      return "/newsgraph.query.v1.QueryService/" + method;
  }
  return "";
}

template <typename Message>
inline std::string Wire(const Message& message) {
  return message.SerializeAsString();
}

inline constexpr int64_t kYear3000 = 32503680000;   // 3000-01-01
inline constexpr int64_t kYear1000 = -30610224000;  // 1000-01-01
inline constexpr int64_t kYear0001 =
    -62135596800;  // 0001-01-01, google.protobuf.Timestamp's minimum
inline constexpr int64_t kYear9999 = 253402300799;  // 9999-12-31T23:59:59, its maximum
inline constexpr int64_t kInt64Max = std::numeric_limits<int64_t>::max();
inline constexpr int32_t kInt32Max = std::numeric_limits<int32_t>::max();
inline constexpr char kBadUtf8[] =
    "Tin t\xE1\xBB\xA9"
    "c \xFF\xFE";  // "Tin tức " + 2 bad bytes: offset 10
// Over every server's 16 MiB message limit.
inline constexpr size_t kOverMessageLimit = (16 << 20) + 1024;

class BadInputTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    suite_ = new Suite();
    suite_->Start();
    // A few real documents, so unknown ids are unknown among existing ones and page tokens can
    // be taken from real answers.
    for (const char* text : {"Badinputtoken eins: Emmanuel Macron trifft Friedrich Merz in Berlin.",
                             "Badinputtoken two: Emmanuel Macron visits Berlin and Paris.",
                             "Badinputtoken ba: Emmanuel Macron thăm Berlin và Paris."}) {
      ingest::v1::IngestRequest request;
      request.set_text(text);
      ingest::v1::IngestResponse response;
      grpc::ClientContext context;
      rpc::SetTimeout(&context, absl::Seconds(20));
      grpc::Status status = suite_->ingest_stub_->Ingest(&context, request, &response);
      ASSERT_TRUE(status.ok()) << status.error_message() << suite_->Logs();
    }
  }
  static void TearDownTestSuite() {
    delete suite_;
    suite_ = nullptr;
  }
  // Whatever a test sent, every service must still serve.
  void TearDown() override {
    EXPECT_TRUE(suite_->Healthy(suite_->extract_port_)) << "extract";
    EXPECT_TRUE(suite_->Healthy(suite_->ingest_port_)) << "ingest";
    EXPECT_TRUE(suite_->Healthy(suite_->query_port_)) << "query";
    if (HasFailure()) std::cerr << suite_->Logs();
  }

  static std::shared_ptr<grpc::Channel> ChannelTo(Service service, int max_message_bytes) {
    int port = service == Service::kIngest    ? suite_->ingest_port_
               : service == Service::kExtract ? suite_->extract_port_
                                              : suite_->query_port_;
    return rpc::MakeChannel(suite_->Address(port), max_message_bytes);
  }

  // Runs every row; the client accepts 64 MiB so that oversized messages reach the server and
  // the server's own limit answers.
  static void RunRows(const std::vector<Row>& rows) {
    for (const Row& row : rows) {
      RawReply reply = RawUnaryCall(ChannelTo(row.service, 64 << 20),
                                    FullMethod(row.service, row.method), row.request, row.timeout);
      EXPECT_EQ(reply.status.error_code(), row.code)
          << row.method << " / " << row.name << ": got " << reply.status.error_code() << " \""
          << reply.status.error_message().substr(0, 300) << "\"";
      EXPECT_THAT(reply.status.error_message(), ::testing::HasSubstr(row.message))
          << row.method << " / " << row.name;
      if (reply.status.ok() && row.check) row.check(reply.bytes);
    }
  }

  // A search answer's next page token for `query` with one hit per page.
  static std::string FirstPageToken(const std::string& query) {
    query::v1::SearchRequest request;
    request.set_query(query);
    request.set_page_size(1);
    query::v1::SearchResponse response;
    grpc::ClientContext context;
    rpc::SetTimeout(&context, absl::Seconds(10));
    grpc::Status status = suite_->query_stub_->Search(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    EXPECT_FALSE(response.next_page_token().empty()) << "need two matches of " << query;
    return response.next_page_token();
  }

  inline static Suite* suite_ = nullptr;
};

inline ingest::v1::IngestRequest Doc(const std::string& text) {
  ingest::v1::IngestRequest request;
  request.set_text(text);
  return request;
}

// Wire bytes that do not parse as any message: a length-delimited field that claims more bytes
// than follow.
inline std::string Truncated() { return BytesField(1, "hello world").substr(0, 6); }

}  // namespace newsgraph::integration

#endif  // NEWSGRAPH_TESTS_INTEGRATION_BAD_INPUT_MATRIX_H_
