// The bad-input matrix for query (GetDocument, Search, GetEntity, ListEntities, SearchEntities,
// RelatedEntities, EntityTimeline, ListStories, GetStory), then a normal request to every
// service; the rows' format and the services are in bad_input_matrix.h.
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "tests/integration/bad_input_matrix.h"

namespace newsgraph::integration {
namespace {

using ::testing::HasSubstr;

TEST_F(BadInputTest, QueryDocumentsAndSearchRejectEachBadField) {
  const std::string token = FirstPageToken("badinputtoken");
  query::v1::SearchRequest other;
  other.set_query("macron");
  other.set_page_token(token);  // issued for another query
  auto search = [](const std::string& query) {
    query::v1::SearchRequest request;
    request.set_query(query);
    return Wire(request);
  };
  const std::string ok_search = search("badinputtoken");
  std::string many_terms;
  for (int i = 0; i < 65; ++i) absl::StrAppend(&many_terms, "w", i, " ");
  std::vector<Row> rows = {
      {"empty request", Service::kQuery, "GetDocument", "", grpc::INVALID_ARGUMENT,
       "document_id: must not be empty"},
      {"not a number", Service::kQuery, "GetDocument", BytesField(1, "abc"), grpc::INVALID_ARGUMENT,
       "document_id"},
      {"zero", Service::kQuery, "GetDocument", BytesField(1, "0"), grpc::INVALID_ARGUMENT,
       "document_id"},
      {"negative", Service::kQuery, "GetDocument", BytesField(1, "-1"), grpc::INVALID_ARGUMENT,
       "document_id"},
      {"over uint64", Service::kQuery, "GetDocument", BytesField(1, "18446744073709551616"),
       grpc::INVALID_ARGUMENT, "document_id"},
      {"unknown id", Service::kQuery, "GetDocument", BytesField(1, "987654321"), grpc::NOT_FOUND,
       "document_id: no document 987654321"},
      {"invalid UTF-8 (string field)", Service::kQuery, "GetDocument", BytesField(1, "1\xFF"),
       kUnparsed, ""},
      {"10 KB id", Service::kQuery, "GetDocument", BytesField(1, std::string(10000, '7')),
       grpc::INVALID_ARGUMENT, "document_id"},
      {"message over the server's limit", Service::kQuery, "GetDocument",
       BytesField(1, std::string(kOverMessageLimit, '1')), grpc::RESOURCE_EXHAUSTED, ""},

      {"empty request", Service::kQuery, "Search", "", grpc::INVALID_ARGUMENT, "query"},
      {"only spaces and punctuation", Service::kQuery, "Search", search("  ,,, "),
       grpc::INVALID_ARGUMENT, "query"},
      {"query over 1 KiB", Service::kQuery, "Search", search(std::string(1025, 'q')),
       grpc::INVALID_ARGUMENT, "query: 1025 bytes exceeds the limit of 1024"},
      {"query of 100 KB", Service::kQuery, "Search", search(std::string(100000, 'q')),
       grpc::INVALID_ARGUMENT, "query: 100000 bytes exceeds the limit of 1024"},
      {"query invalid UTF-8 (string field)", Service::kQuery, "Search", BytesField(1, "ab\xFF"),
       kUnparsed, ""},
      {"65 terms", Service::kQuery, "Search", search(many_terms), grpc::INVALID_ARGUMENT,
       "query: more than 64 terms"},
      {"unbalanced quote", Service::kQuery, "Search", search("\"macron merz"),
       grpc::INVALID_ARGUMENT, "query"},
      {"unbalanced parenthesis", Service::kQuery, "Search", search("(macron OR merz"),
       grpc::INVALID_ARGUMENT, "query"},
      {"parentheses 9 deep", Service::kQuery, "Search", search("((((((((( macron )))))))))"),
       grpc::INVALID_ARGUMENT, "query"},
      {"only excluded words", Service::kQuery, "Search", search("-macron"), grpc::INVALID_ARGUMENT,
       "query"},
      {"negative page_size", Service::kQuery, "Search", ok_search + VarintField(2, -1),
       grpc::INVALID_ARGUMENT, "page_size: must not be negative"},
      {"huge page_size (capped)", Service::kQuery, "Search", ok_search + VarintField(2, kInt32Max),
       grpc::OK, "",
       [](const std::string& bytes) {
         query::v1::SearchResponse response;
         ASSERT_TRUE(response.ParseFromString(bytes));
         EXPECT_GE(response.hits_size(), 3);
       }},
      {"negative facet_size", Service::kQuery, "Search", ok_search + VarintField(7, -5),
       grpc::INVALID_ARGUMENT, "facet_size: must not be negative"},
      {"bogus page_token", Service::kQuery, "Search", ok_search + BytesField(10, "!!bogus!!"),
       grpc::INVALID_ARGUMENT, "page_token"},
      {"base64 page_token of junk", Service::kQuery, "Search", ok_search + BytesField(10, "AAAA"),
       grpc::INVALID_ARGUMENT, "page_token"},
      {"page_token of another request", Service::kQuery, "Search", Wire(other),
       grpc::INVALID_ARGUMENT, "page_token"},
      {"unknown entity_match", Service::kQuery, "Search", ok_search + VarintField(4, 3),
       grpc::INVALID_ARGUMENT, "entity_match: unknown value"},
      {"unknown sort", Service::kQuery, "Search", ok_search + VarintField(9, 42),
       grpc::INVALID_ARGUMENT, "sort: unknown value"},
      {"negative date_interval", Service::kQuery, "Search", ok_search + VarintField(8, -3),
       grpc::INVALID_ARGUMENT, "date_interval: unknown value"},
      {"unknown facet kind", Service::kQuery, "Search", ok_search + VarintField(6, 99),
       grpc::INVALID_ARGUMENT, "facets: unknown facet kind 99"},
      {"unknown filter entity type", Service::kQuery, "Search",
       ok_search + BytesField(5, VarintField(5, 77)), grpc::INVALID_ARGUMENT,
       "filter.entity_types: unknown entity type 77"},
      {"inverted date range", Service::kQuery, "Search",
       ok_search + BytesField(5, TimestampField(3, 1700000000) + TimestampField(4, 1600000000)),
       grpc::INVALID_ARGUMENT, "filter.published_before"},
      {"filter nanos out of range", Service::kQuery, "Search",
       ok_search + BytesField(5, TimestampField(3, 1700000000, -1)), grpc::INVALID_ARGUMENT,
       "filter.published_after: nanos out of range"},
      {"ancient to far-future date range", Service::kQuery, "Search",
       ok_search + BytesField(5, TimestampField(3, -kInt64Max) + TimestampField(4, kInt64Max)),
       grpc::OK, ""},
      {"date range in the year 3000, all facets", Service::kQuery, "Search",
       ok_search + BytesField(5, TimestampField(3, kYear3000)) + VarintField(6, 4) +
           VarintField(6, 1),
       grpc::OK, ""},
      {"33 entity ids", Service::kQuery, "Search",
       [] {
         query::v1::SearchRequest request;
         for (int i = 0; i < 33; ++i) request.add_entity_ids(absl::StrCat("ng:x/", i));
         return Wire(request);
       }(),
       grpc::INVALID_ARGUMENT, "entity_ids: more than 32"},
      {"empty entity id", Service::kQuery, "Search", BytesField(3, ""), grpc::INVALID_ARGUMENT,
       "entity_ids"},
      {"entity id with NUL", Service::kQuery, "Search", BytesField(3, std::string("ng:a\0b", 6)),
       grpc::INVALID_ARGUMENT, "entity_ids"},
      {"filter language over 256 bytes", Service::kQuery, "Search",
       ok_search + BytesField(5, BytesField(1, std::string(257, 'l'))), grpc::INVALID_ARGUMENT,
       "filter.languages"},
      {"query_language over 35 bytes", Service::kQuery, "Search",
       ok_search + BytesField(12, std::string(36, 'l')), grpc::INVALID_ARGUMENT, "query_language"},
      {"unreachable min_sequence_number", Service::kQuery, "Search",
       ok_search + VarintField(11, kInt64Max), grpc::DEADLINE_EXCEEDED, "min_sequence_number",
       nullptr, absl::Seconds(2)},
      {"wire bytes that do not parse", Service::kQuery, "Search", Truncated(), kUnparsed, ""},
      {"message over the server's limit", Service::kQuery, "Search",
       search(std::string(kOverMessageLimit, 'q')), grpc::RESOURCE_EXHAUSTED, ""},
  };
  RunRows(rows);
}

TEST_F(BadInputTest, QueryEntitiesAndStoriesRejectEachBadField) {
  const std::string macron = BytesField(1, "ng:person/emmanuel-macron");
  const std::string unknown = BytesField(1, "ng:person/nobody-at-all");
  std::vector<Row> rows = {
      {"empty request", Service::kQuery, "GetEntity", "", grpc::INVALID_ARGUMENT,
       "entity_id: must not be empty"},
      {"unknown id", Service::kQuery, "GetEntity", unknown, grpc::NOT_FOUND, "entity_id"},
      {"id with NUL", Service::kQuery, "GetEntity",
       BytesField(1, std::string("ng:person/emmanuel-macron\0x", 27)), grpc::INVALID_ARGUMENT,
       "entity_id: must not contain NUL"},
      {"100 KB id", Service::kQuery, "GetEntity", BytesField(1, std::string(100000, 'e')),
       grpc::INVALID_ARGUMENT, "entity_id: 100000 bytes exceeds the limit of 1024"},
      {"invalid UTF-8 (string field)", Service::kQuery, "GetEntity", BytesField(1, "ng:\xFF"),
       kUnparsed, ""},

      {"negative page_size", Service::kQuery, "ListEntities", VarintField(2, -1),
       grpc::INVALID_ARGUMENT, "page_size: must not be negative"},
      {"huge page_size (capped)", Service::kQuery, "ListEntities", VarintField(2, kInt32Max),
       grpc::OK, ""},
      {"bogus page_token", Service::kQuery, "ListEntities", BytesField(3, "bogus"),
       grpc::INVALID_ARGUMENT, "page_token"},
      {"negative page_token", Service::kQuery, "ListEntities", BytesField(3, "-1"),
       grpc::INVALID_ARGUMENT, "page_token"},
      {"page_token past the end", Service::kQuery, "ListEntities",
       BytesField(3, "18446744073709551615"), grpc::INVALID_ARGUMENT, "page_token"},
      {"unknown type", Service::kQuery, "ListEntities", VarintField(1, 99), grpc::INVALID_ARGUMENT,
       "type: unknown value 99"},

      {"empty request", Service::kQuery, "SearchEntities", "", grpc::INVALID_ARGUMENT,
       "query: must not be empty"},
      {"query over 1 KiB", Service::kQuery, "SearchEntities", BytesField(1, std::string(1025, 'm')),
       grpc::INVALID_ARGUMENT, "query: longer than 1024"},
      {"query invalid UTF-8 (string field)", Service::kQuery, "SearchEntities",
       BytesField(1, "ma\xFF"), kUnparsed, ""},
      {"negative page_size", Service::kQuery, "SearchEntities",
       BytesField(1, "makron") + VarintField(2, -7), grpc::INVALID_ARGUMENT,
       "page_size: must not be negative"},
      {"huge page_size (capped)", Service::kQuery, "SearchEntities",
       BytesField(1, "makron") + VarintField(2, kInt32Max), grpc::OK, ""},
      {"bogus page_token", Service::kQuery, "SearchEntities",
       BytesField(1, "makron") + BytesField(4, "x1"), grpc::INVALID_ARGUMENT, "page_token"},
      {"page_token past the end", Service::kQuery, "SearchEntities",
       BytesField(1, "makron") + BytesField(4, "999999"), grpc::INVALID_ARGUMENT, "page_token"},
      {"unknown type", Service::kQuery, "SearchEntities",
       BytesField(1, "makron") + VarintField(3, -2), grpc::INVALID_ARGUMENT,
       "type: unknown value -2"},

      {"empty request", Service::kQuery, "RelatedEntities", "", grpc::INVALID_ARGUMENT,
       "entity_id: must not be empty"},
      {"unknown id", Service::kQuery, "RelatedEntities", unknown, grpc::NOT_FOUND, "entity_id"},
      {"negative page_size", Service::kQuery, "RelatedEntities", macron + VarintField(2, -1),
       grpc::INVALID_ARGUMENT, "page_size: must not be negative"},
      {"huge page_size (capped)", Service::kQuery, "RelatedEntities",
       macron + VarintField(2, kInt32Max), grpc::OK, ""},
      {"bogus page_token", Service::kQuery, "RelatedEntities", macron + BytesField(3, "zz"),
       grpc::INVALID_ARGUMENT, "page_token"},
      {"page_token past the end", Service::kQuery, "RelatedEntities",
       macron + BytesField(3, "18446744073709551615"), grpc::INVALID_ARGUMENT, "page_token"},
      {"inverted date range", Service::kQuery, "RelatedEntities",
       macron + TimestampField(4, 1700000000) + TimestampField(5, 1700000000),
       grpc::INVALID_ARGUMENT, "published_after: must be before published_before"},
      {"ancient to far-future range", Service::kQuery, "RelatedEntities",
       macron + TimestampField(4, -kInt64Max) + TimestampField(5, kInt64Max), grpc::OK, ""},
      {"range in the year 3000", Service::kQuery, "RelatedEntities",
       macron + TimestampField(4, kYear3000), grpc::OK, ""},
      {"language filter invalid UTF-8 (string field)", Service::kQuery, "RelatedEntities",
       macron + BytesField(6, "d\xFF"), kUnparsed, ""},
      {"language filter of 10 KB", Service::kQuery, "RelatedEntities",
       macron + BytesField(6, std::string(10000, 'l')), grpc::INVALID_ARGUMENT,
       "languages: values must be 1 to 35 bytes"},
      {"id with NUL", Service::kQuery, "RelatedEntities",
       BytesField(1, std::string("ng:person/emmanuel-macron\0", 26)), grpc::INVALID_ARGUMENT,
       "entity_id: must not contain NUL"},
      {"100 KB id", Service::kQuery, "EntityTimeline", BytesField(1, std::string(100000, 'e')),
       grpc::INVALID_ARGUMENT, "entity_id: 100000 bytes exceeds the limit of 1024"},

      {"empty request", Service::kQuery, "EntityTimeline", "", grpc::INVALID_ARGUMENT,
       "entity_id: must not be empty"},
      {"unknown id", Service::kQuery, "EntityTimeline", unknown, grpc::NOT_FOUND, "entity_id"},
      {"unknown interval", Service::kQuery, "EntityTimeline", macron + VarintField(2, 99),
       grpc::INVALID_ARGUMENT, "interval: unknown value 99"},
      {"negative interval", Service::kQuery, "EntityTimeline", macron + VarintField(2, -1),
       grpc::INVALID_ARGUMENT, "interval: unknown value -1"},
      {"inverted date range", Service::kQuery, "EntityTimeline",
       macron + TimestampField(3, kYear3000) + TimestampField(4, kYear1000), grpc::INVALID_ARGUMENT,
       "published_after: must be before published_before"},
      {"ancient to far-future range, by month", Service::kQuery, "EntityTimeline",
       macron + VarintField(2, 3) + TimestampField(3, -kInt64Max) + TimestampField(4, kInt64Max),
       grpc::OK, ""},

      {"negative page_size", Service::kQuery, "ListStories", VarintField(1, -1),
       grpc::INVALID_ARGUMENT, "page_size: must not be negative"},
      {"huge page_size (capped)", Service::kQuery, "ListStories", VarintField(1, kInt32Max),
       grpc::OK, ""},
      {"bogus page_token", Service::kQuery, "ListStories", BytesField(2, "bogus"),
       grpc::INVALID_ARGUMENT, "page_token"},
      {"page_token with three parts", Service::kQuery, "ListStories", BytesField(2, "1:2:3"),
       grpc::INVALID_ARGUMENT, "page_token"},
      {"page_token with a negative story", Service::kQuery, "ListStories",
       BytesField(2, "1700000000:-4"), grpc::INVALID_ARGUMENT, "page_token"},
      {"page_token at the end of time", Service::kQuery, "ListStories",
       BytesField(2, "-9223372036854775808:1"), grpc::OK, ""},
      {"inverted date range", Service::kQuery, "ListStories",
       TimestampField(3, kYear3000) + TimestampField(4, kYear1000), grpc::INVALID_ARGUMENT,
       "published_after: must be before published_before"},
      {"ancient to far-future range", Service::kQuery, "ListStories",
       TimestampField(3, -kInt64Max) + TimestampField(4, kInt64Max), grpc::OK, ""},
      {"language invalid UTF-8 (string field)", Service::kQuery, "ListStories",
       BytesField(5, "d\xFF"), kUnparsed, ""},
      {"language of 10 KB", Service::kQuery, "ListStories", BytesField(5, std::string(10000, 'l')),
       grpc::INVALID_ARGUMENT, "language: 10000 bytes exceeds the limit of 35"},

      {"empty request", Service::kQuery, "GetStory", "", grpc::INVALID_ARGUMENT,
       "story_id: must not be empty"},
      {"not a number", Service::kQuery, "GetStory", BytesField(1, "story-1"),
       grpc::INVALID_ARGUMENT, "story_id"},
      {"zero", Service::kQuery, "GetStory", BytesField(1, "0"), grpc::INVALID_ARGUMENT, "story_id"},
      {"unknown id", Service::kQuery, "GetStory", BytesField(1, "987654321"), grpc::NOT_FOUND,
       "story_id: no story 987654321"},
      {"10 KB id", Service::kQuery, "GetStory", BytesField(1, std::string(10000, '9')),
       grpc::INVALID_ARGUMENT, "story_id: not a story id (10000 bytes)"},
      {"wire bytes that do not parse", Service::kQuery, "GetStory", Truncated(), kUnparsed, ""},
  };
  RunRows(rows);
}

// After the matrix (gtest runs a suite's tests in registration order: this file is linked after
// bad_input_test.cc), ordinary requests still work end to end on every service.
TEST_F(BadInputTest, ServicesStayHealthyAndAnswerNormalRequests) {
  EXPECT_TRUE(suite_->Healthy(suite_->extract_port_));
  EXPECT_TRUE(suite_->Healthy(suite_->ingest_port_));
  EXPECT_TRUE(suite_->Healthy(suite_->query_port_));

  ingest::v1::IngestRequest request = Doc("Badinputtoken final: Emmanuel Macron besucht Warschau.");
  ingest::v1::IngestResponse ingested;
  grpc::ClientContext ingest_context;
  rpc::SetTimeout(&ingest_context, absl::Seconds(20));
  ASSERT_TRUE(suite_->ingest_stub_->Ingest(&ingest_context, request, &ingested).ok());
  EXPECT_EQ(ingested.outcome(), ingest::v1::INGEST_OUTCOME_STORED);
  EXPECT_GE(ingested.mention_count(), 1u);

  query::v1::SearchRequest search;
  search.set_query("badinputtoken final");
  search.set_min_sequence_number(ingested.sequence_number());
  query::v1::SearchResponse found;
  grpc::ClientContext search_context;
  rpc::SetTimeout(&search_context, absl::Seconds(20));
  ASSERT_TRUE(suite_->query_stub_->Search(&search_context, search, &found).ok());
  ASSERT_EQ(found.hits_size(), 1);
  EXPECT_EQ(found.hits(0).document_id(), ingested.document_id());

  extract::v1::ExtractRequest extract_request;
  extract_request.set_text("Olaf Scholz und Emmanuel Macron in Berlin.");
  RawReply extracted =
      RawUnaryCall(ChannelTo(Service::kExtract, 16 << 20), FullMethod(Service::kExtract, "Extract"),
                   Wire(extract_request));
  ASSERT_TRUE(extracted.status.ok()) << extracted.status.error_message();
  extract::v1::ExtractResponse response;
  ASSERT_TRUE(response.ParseFromString(extracted.bytes));
  EXPECT_GE(response.mentions_size(), 2);

  // Nothing rejected was stored, not even in part: every stored document has the set-up's
  // word, and the index holds exactly as many as the store counts.
  grpc::ClientContext stats_context;
  ingest::v1::StatsResponse stats;
  ASSERT_TRUE(suite_->ingest_stub_->Stats(&stats_context, {}, &stats).ok());
  EXPECT_GT(stats.rejected_since_start(), 0u);
  query::v1::SearchRequest all;
  all.set_query("badinputtoken");
  query::v1::SearchResponse everything;
  grpc::ClientContext all_context;
  ASSERT_TRUE(suite_->query_stub_->Search(&all_context, all, &everything).ok());
  EXPECT_EQ(everything.total_hits(), stats.documents());
}

}  // namespace
}  // namespace newsgraph::integration
