// The bad-input matrix for ingest (Ingest, IngestBatch, IngestStream, Stats) and extract
// (Extract, ReloadKnowledgeBase); query's rows are in bad_input_query_test.cc, the rows' format
// and the services in bad_input_matrix.h.
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "tests/integration/bad_input_matrix.h"

namespace newsgraph::integration {
namespace {

using ::testing::HasSubstr;

TEST_F(BadInputTest, IngestRejectsEachBadField) {
  const std::string ok_text = Wire(Doc("Badinputtoken vier: Olaf Scholz in Hamburg."));
  ingest::v1::IngestRequest html = Doc("<html><body><script>var x = 1;</script></body></html>");
  html.set_content_type(ingest::v1::CONTENT_TYPE_HTML);
  ingest::v1::IngestRequest boundary = Doc("Badinputtoken fünf: Macron in Lyon am 1. Januar 1800.");
  boundary.mutable_published_at()->set_seconds(-5364662400);  // 1800-01-01: the earliest allowed
  std::vector<Row> rows = {
      {"empty request", Service::kIngest, "Ingest", "", grpc::INVALID_ARGUMENT,
       "text: must not be empty"},
      {"blank text (ASCII, NBSP, U+3000)", Service::kIngest, "Ingest",
       Wire(Doc(" \t\n\xC2\xA0\xE3\x80\x80 ")), grpc::INVALID_ARGUMENT, "text: must not be empty"},
      {"text invalid UTF-8", Service::kIngest, "Ingest", Wire(Doc(kBadUtf8)),
       grpc::INVALID_ARGUMENT, "text: invalid UTF-8 at byte offset 10"},
      {"text truncated sequence", Service::kIngest, "Ingest", Wire(Doc("abc\xE2\x82")),
       grpc::INVALID_ARGUMENT, "text: invalid UTF-8 at byte offset 3"},
      {"text overlong encoding", Service::kIngest, "Ingest", Wire(Doc("ab\xC0\xAF")),
       grpc::INVALID_ARGUMENT, "text: invalid UTF-8 at byte offset 2"},
      {"text UTF-16 surrogate", Service::kIngest, "Ingest", Wire(Doc("a\xED\xA0\x80")),
       grpc::INVALID_ARGUMENT, "text: invalid UTF-8 at byte offset 1"},
      {"text over max_text_bytes", Service::kIngest, "Ingest",
       Wire(Doc(std::string((1 << 20) + 1, 'a'))), grpc::INVALID_ARGUMENT,
       "text: 1048577 bytes exceeds the limit of 1048576"},
      {"message over the server's limit", Service::kIngest, "Ingest",
       Wire(Doc(std::string(kOverMessageLimit, 'a'))), grpc::RESOURCE_EXHAUSTED, ""},
      {"title invalid UTF-8", Service::kIngest, "Ingest", ok_text + BytesField(2, "T\xC3"),
       grpc::INVALID_ARGUMENT, "title: invalid UTF-8 at byte offset 1"},
      {"title over 4 KiB", Service::kIngest, "Ingest",
       ok_text + BytesField(2, std::string(4097, 't')), grpc::INVALID_ARGUMENT,
       "title: 4097 bytes exceeds the limit of 4096"},
      {"url invalid UTF-8 (string field)", Service::kIngest, "Ingest",
       ok_text + BytesField(3, "http://x/\xFF"), kUnparsed, ""},
      {"url over 2 KiB", Service::kIngest, "Ingest",
       ok_text + BytesField(3, std::string(2049, 'u')), grpc::INVALID_ARGUMENT,
       "url: 2049 bytes exceeds the limit of 2048"},
      {"source over 2 KiB", Service::kIngest, "Ingest",
       ok_text + BytesField(4, std::string(2049, 's')), grpc::INVALID_ARGUMENT,
       "source: 2049 bytes exceeds the limit of 2048"},
      {"external_id over 2 KiB", Service::kIngest, "Ingest",
       ok_text + BytesField(7, std::string(2049, 'e')), grpc::INVALID_ARGUMENT,
       "external_id: 2049 bytes exceeds the limit of 2048"},
      {"language over 35 bytes", Service::kIngest, "Ingest",
       ok_text + BytesField(6, std::string(36, 'l')), grpc::INVALID_ARGUMENT,
       "language: 36 bytes exceeds the limit of 35"},
      {"language not a language tag", Service::kIngest, "Ingest",
       ok_text + BytesField(6, "no such lang!"), grpc::INVALID_ARGUMENT, "language"},
      {"content_type unknown", Service::kIngest, "Ingest", ok_text + VarintField(8, 7),
       grpc::INVALID_ARGUMENT, "content_type: unknown value 7"},
      {"content_type negative", Service::kIngest, "Ingest", ok_text + VarintField(8, -1),
       grpc::INVALID_ARGUMENT, "content_type: unknown value -1"},
      {"HTML with no text", Service::kIngest, "Ingest", Wire(html), grpc::INVALID_ARGUMENT, "text"},
      {"published_at in the year 3000", Service::kIngest, "Ingest",
       ok_text + TimestampField(5, kYear3000), grpc::INVALID_ARGUMENT,
       "published_at: must be a valid time between 1800-01-01 and 2200-01-01"},
      {"published_at in the year 1000", Service::kIngest, "Ingest",
       ok_text + TimestampField(5, kYear1000), grpc::INVALID_ARGUMENT, "published_at"},
      {"published_at at the int64 maximum", Service::kIngest, "Ingest",
       ok_text + TimestampField(5, kInt64Max), grpc::INVALID_ARGUMENT, "published_at"},
      {"published_at negative nanos", Service::kIngest, "Ingest",
       ok_text + TimestampField(5, 1700000000, -1), grpc::INVALID_ARGUMENT, "published_at"},
      {"published_at nanos of a whole second", Service::kIngest, "Ingest",
       ok_text + TimestampField(5, 1700000000, 1000000000), grpc::INVALID_ARGUMENT, "published_at"},
      {"published_at on the earliest day allowed", Service::kIngest, "Ingest", Wire(boundary),
       grpc::OK, ""},
      {"unknown field number (ignored)", Service::kIngest, "Ingest",
       Wire(Doc("Badinputtoken sechs: Angela Merkel in Bonn.")) + BytesField(99, "x"), grpc::OK,
       ""},
      {"wire bytes that do not parse", Service::kIngest, "Ingest", Truncated(), kUnparsed, ""},
  };
  RunRows(rows);
}

TEST_F(BadInputTest, IngestBatchAndStatsRejectBadRequests) {
  ingest::v1::IngestBatchRequest too_many;
  for (int i = 0; i < 1001; ++i) *too_many.add_documents() = Doc(absl::StrCat("Dokument ", i));
  ingest::v1::IngestBatchRequest mixed;
  *mixed.add_documents() = Doc("Badinputtoken sieben: Macron und Merz in Straßburg.");
  *mixed.add_documents() = Doc(kBadUtf8);
  *mixed.add_documents() = Doc("");
  ingest::v1::IngestRequest unknown_type = Doc("Badinputtoken acht.");
  unknown_type.set_content_type(static_cast<ingest::v1::ContentType>(5));
  *mixed.add_documents() = unknown_type;
  std::vector<Row> rows = {
      {"no documents", Service::kIngest, "IngestBatch", "", grpc::INVALID_ARGUMENT,
       "documents: must hold at least one document"},
      {"1001 documents, over the batch limit", Service::kIngest, "IngestBatch", Wire(too_many),
       grpc::RESOURCE_EXHAUSTED, "documents: 1001"},
      {"a bad document fails alone", Service::kIngest, "IngestBatch", Wire(mixed), grpc::OK, "",
       [](const std::string& bytes) {
         ingest::v1::IngestBatchResponse response;
         ASSERT_TRUE(response.ParseFromString(bytes));
         ASSERT_EQ(response.results_size(), 4);
         EXPECT_EQ(response.results(0).code(), 0) << response.results(0).message();
         EXPECT_EQ(response.results(1).code(), grpc::INVALID_ARGUMENT);
         EXPECT_THAT(response.results(1).message(), HasSubstr("text: invalid UTF-8"));
         EXPECT_FALSE(response.results(1).has_response());
         EXPECT_EQ(response.results(2).code(), grpc::INVALID_ARGUMENT);
         EXPECT_THAT(response.results(2).message(), HasSubstr("text: must not be empty"));
         EXPECT_EQ(response.results(3).code(), grpc::INVALID_ARGUMENT);
         EXPECT_THAT(response.results(3).message(), HasSubstr("content_type: unknown value 5"));
       }},
      {"message over the server's limit", Service::kIngest, "IngestBatch",
       BytesField(1, Wire(Doc(std::string(kOverMessageLimit, 'b')))), grpc::RESOURCE_EXHAUSTED, ""},
      {"wire bytes that do not parse", Service::kIngest, "IngestBatch", Truncated(), kUnparsed, ""},
      {"empty Stats", Service::kIngest, "Stats", "", grpc::OK, ""},
      {"Stats with unknown fields (ignored)", Service::kIngest, "Stats",
       VarintField(7, -1) + BytesField(8, "\xFF"), grpc::OK, ""},
  };
  RunRows(rows);
}

TEST_F(BadInputTest, IngestStreamAnswersBadDocumentsAndGoesOn) {
  auto channel = ChannelTo(Service::kIngest, 64 << 20);
  const std::string method = FullMethod(Service::kIngest, "IngestStream");
  // Nothing sent: an empty, successful stream.
  RawStreamReply empty = RawStreamCall(channel, method, {});
  EXPECT_TRUE(empty.status.ok()) << empty.status.error_message();
  EXPECT_TRUE(empty.messages.empty());

  // Each bad document gets its own status and the documents after it are still stored.
  ingest::v1::IngestRequest future = Doc("Badinputtoken neun: Macron in Rom.");
  future.mutable_published_at()->set_seconds(kYear3000);
  RawStreamReply mixed = RawStreamCall(
      channel, method,
      {"", Wire(Doc(kBadUtf8)), Wire(future), Wire(Doc(std::string((1 << 20) + 1, 'x'))),
       Wire(Doc("Badinputtoken zehn: Macron in Madrid.")) + VarintField(8, 9),
       Wire(Doc("Badinputtoken elf: Macron in Wien."))});
  ASSERT_TRUE(mixed.status.ok()) << mixed.status.error_message();
  ASSERT_EQ(mixed.messages.size(), 6u);
  const std::vector<std::pair<int, std::string>> expected = {
      {grpc::INVALID_ARGUMENT, "text: must not be empty"},
      {grpc::INVALID_ARGUMENT, "text: invalid UTF-8 at byte offset 10"},
      {grpc::INVALID_ARGUMENT, "published_at"},
      {grpc::INVALID_ARGUMENT, "text: 1048577 bytes exceeds the limit"},
      {grpc::INVALID_ARGUMENT, "content_type: unknown value 9"},
      {grpc::OK, ""}};
  for (size_t i = 0; i < expected.size(); ++i) {
    ingest::v1::IngestResult result;
    ASSERT_TRUE(result.ParseFromString(mixed.messages[i]));
    EXPECT_EQ(result.code(), expected[i].first) << i << ": " << result.message();
    EXPECT_THAT(result.message(), HasSubstr(expected[i].second)) << i;
  }

  // A message over the size limit ends the stream with RESOURCE_EXHAUSTED after the results of
  // the documents before it. One that does not parse (wire bytes cut short, or invalid UTF-8 in
  // a `string` field) also ends it after those results, but gRPC's callback reader reports it
  // exactly like the client's half-close, so the status may be OK: a client sees the loss only
  // from the count (results answer documents one by one, in order). Either way the documents
  // before it are answered and stored, nothing after it is read, and the server stays up.
  for (const auto& [name, bad] : std::vector<std::pair<std::string, std::string>>{
           {"over the message limit", Wire(Doc(std::string(kOverMessageLimit, 'y')))},
           {"string field with invalid UTF-8",
            Wire(Doc("Badinputtoken zwölf.")) + BytesField(3, "\xFF")},
           {"truncated wire bytes", Truncated()}}) {
    RawStreamReply broken =
        RawStreamCall(channel, method,
                      {Wire(Doc("Badinputtoken dreizehn: Merz in Köln.")), bad,
                       Wire(Doc(absl::StrCat("Badinputtoken vierzehn: nie gelesen, ", name)))});
    ASSERT_EQ(broken.messages.size(), 1u) << name;
    ingest::v1::IngestResult result;
    ASSERT_TRUE(result.ParseFromString(broken.messages[0]));
    EXPECT_EQ(result.code(), 0) << name << ": " << result.message();
    if (name == "over the message limit") {
      EXPECT_EQ(broken.status.error_code(), grpc::RESOURCE_EXHAUSTED) << name;
    }
    EXPECT_TRUE(suite_->Healthy(suite_->ingest_port_)) << name;
  }
  query::v1::SearchRequest never_read;
  never_read.set_query("vierzehn");
  query::v1::SearchResponse none;
  grpc::ClientContext context;
  ASSERT_TRUE(suite_->query_stub_->Search(&context, never_read, &none).ok());
  EXPECT_EQ(none.total_hits(), 0u) << "a document after the broken message was stored";
}

TEST_F(BadInputTest, ExtractRejectsEachBadField) {
  extract::v1::ExtractRequest ok;
  ok.set_text("Emmanuel Macron traf gestern Friedrich Merz in Berlin.");
  const std::string ok_text = Wire(ok);
  extract::v1::ExtractRequest text_only;
  std::vector<Row> rows = {
      {"empty request", Service::kExtract, "Extract", "", grpc::INVALID_ARGUMENT,
       "text: must not be empty"},
      {"text invalid UTF-8", Service::kExtract, "Extract", BytesField(1, kBadUtf8),
       grpc::INVALID_ARGUMENT, "text: invalid UTF-8 at byte offset 10"},
      {"text over max_text_bytes", Service::kExtract, "Extract",
       BytesField(1, std::string((1 << 20) + 1, 'a')), grpc::INVALID_ARGUMENT,
       "text: 1048577 bytes exceeds the limit of 1048576"},
      {"message over the server's limit", Service::kExtract, "Extract",
       BytesField(1, std::string(kOverMessageLimit, 'a')), grpc::RESOURCE_EXHAUSTED, ""},
      {"title invalid UTF-8", Service::kExtract, "Extract", ok_text + BytesField(4, "Ti\xE2\x28"),
       grpc::INVALID_ARGUMENT, "title: invalid UTF-8 at byte offset 2"},
      {"title over max_text_bytes", Service::kExtract, "Extract",
       ok_text + BytesField(4, std::string((1 << 20) + 1, 'T')), grpc::INVALID_ARGUMENT,
       "title: 1048577 bytes exceeds the limit of 1048576"},
      {"language not a language code", Service::kExtract, "Extract",
       ok_text + BytesField(2, "Deutsch!"), grpc::INVALID_ARGUMENT,
       "language: \"Deutsch!\" is not a language code"},
      {"language of 10 KB", Service::kExtract, "Extract",
       ok_text + BytesField(2, std::string(10000, 'd')), grpc::INVALID_ARGUMENT,
       "language: 10000 bytes is not a language code"},
      {"language invalid UTF-8 (string field)", Service::kExtract, "Extract",
       ok_text + BytesField(2, "d\xFF"), kUnparsed, ""},
      {"published_at at the int64 maximum", Service::kExtract, "Extract",
       ok_text + TimestampField(3, kInt64Max), grpc::INVALID_ARGUMENT, "published_at"},
      {"published_at before the year 1", Service::kExtract, "Extract",
       ok_text + TimestampField(3, kYear0001 - 1), grpc::INVALID_ARGUMENT, "published_at"},
      {"published_at negative nanos", Service::kExtract, "Extract",
       ok_text + TimestampField(3, 1700000000, -5), grpc::INVALID_ARGUMENT, "published_at"},
      {"published_at on 0001-01-01 (relative dates before it)", Service::kExtract, "Extract",
       ok_text + TimestampField(3, kYear0001), grpc::OK, ""},
      {"published_at on 9999-12-31 (relative dates after it)", Service::kExtract, "Extract",
       BytesField(1, "Morgen trifft Macron Merz in Berlin.") + TimestampField(3, kYear9999),
       grpc::OK, ""},
      {"wire bytes that do not parse", Service::kExtract, "Extract", Truncated(), kUnparsed, ""},
      {"jsonl invalid UTF-8", Service::kExtract, "ReloadKnowledgeBase",
       BytesField(1, "{\"id\": \"x\xFF\"}"), grpc::INVALID_ARGUMENT,
       "jsonl: invalid UTF-8 at byte offset 9"},
      {"jsonl not JSON", Service::kExtract, "ReloadKnowledgeBase", BytesField(1, "{not json"),
       grpc::INVALID_ARGUMENT, "request:1"},
      {"jsonl entity without names", Service::kExtract, "ReloadKnowledgeBase",
       BytesField(1, "{\"id\": \"ng:person/nobody\", \"type\": \"PERSON\"}"),
       grpc::INVALID_ARGUMENT, ":1"},
      {"message over the server's limit", Service::kExtract, "ReloadKnowledgeBase",
       BytesField(1, std::string(kOverMessageLimit, '\n')), grpc::RESOURCE_EXHAUSTED, ""},
  };
  RunRows(rows);
}

}  // namespace
}  // namespace newsgraph::integration
