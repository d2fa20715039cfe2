#include "common/store/keys.h"

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "common/store/column_families.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace newsgraph::store {
namespace {

using ::testing::ElementsAre;

constexpr uint64_t kMax = std::numeric_limits<uint64_t>::max();

TEST(ColumnFamiliesTest, NamesAndValuesAreStable) {
  // These are on-disk names and logged numbers: a failure here means a compatibility break.
  EXPECT_EQ(ColumnFamilyName(ColumnFamily::kMeta), "default");
  EXPECT_EQ(ColumnFamilyName(ColumnFamily::kDocuments), "documents");
  EXPECT_EQ(ColumnFamilyName(ColumnFamily::kPostings), "postings");
  EXPECT_EQ(ColumnFamilyName(ColumnFamily::kEntities), "entities");
  EXPECT_EQ(ColumnFamilyName(ColumnFamily::kEntityDocs), "entity_docs");
  EXPECT_EQ(ColumnFamilyName(ColumnFamily::kExternalIds), "external_ids");
  EXPECT_EQ(ColumnFamilyName(ColumnFamily::kEntityPairs), "entity_pairs");
  EXPECT_EQ(ColumnFamilyName(ColumnFamily::kEntityDays), "entity_days");
  EXPECT_EQ(ColumnFamilyName(ColumnFamily::kEntityTotals), "entity_totals");
  EXPECT_EQ(ColumnFamilyName(ColumnFamily::kStoryDates), "story_dates");
  EXPECT_EQ(static_cast<int>(ColumnFamily::kStoryDates), 15);
  EXPECT_EQ(ColumnFamilyName(ColumnFamily::kEntityDates), "entity_dates");
  for (size_t i = 0; i < kAllColumnFamilies.size(); ++i) {
    EXPECT_EQ(static_cast<size_t>(kAllColumnFamilies[i]), i);
  }
  EXPECT_EQ(ColumnFamilyName(static_cast<ColumnFamily>(200)), "");
}

TEST(Fixed64Test, BigEndianRoundTrip) {
  std::string s;
  PutFixed64BE(&s, 0x0102030405060708ULL);
  EXPECT_EQ(s, std::string("\x01\x02\x03\x04\x05\x06\x07\x08", 8));
  for (uint64_t v : {uint64_t{0}, uint64_t{1}, uint64_t{255}, uint64_t{256}, kMax}) {
    std::string e;
    PutFixed64BE(&e, v);
    ASSERT_EQ(e.size(), 8u);
    EXPECT_EQ(*DecodeFixed64BE(e), v);
  }
  EXPECT_EQ(DecodeFixed64BE("1234567").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(DecodeFixed64BE("123456789").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(DecodeFixed64BE("").status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(VarintTest, RoundTripsIncludingMax) {
  for (uint64_t v : {uint64_t{0}, uint64_t{1}, uint64_t{127}, uint64_t{128}, uint64_t{300},
                     uint64_t{1} << 35, uint64_t{1} << 63, kMax}) {
    std::string s;
    PutVarint64(&s, v);
    s += "tail";
    std::string_view in = s;
    uint64_t out = 0;
    ASSERT_TRUE(GetVarint64(&in, &out)) << v;
    EXPECT_EQ(out, v);
    EXPECT_EQ(in, "tail");  // consumed exactly the varint
  }
  std::string max;
  PutVarint64(&max, kMax);
  EXPECT_EQ(max.size(), 10u);
}

TEST(VarintTest, RejectsMalformedWithoutConsuming) {
  uint64_t v = 42;
  std::string_view empty;
  EXPECT_FALSE(GetVarint64(&empty, &v));
  std::string_view truncated("\x80\x80", 2);
  EXPECT_FALSE(GetVarint64(&truncated, &v));
  EXPECT_EQ(truncated.size(), 2u);
  const std::string eleven(11, '\x80');
  std::string_view too_long = eleven;
  EXPECT_FALSE(GetVarint64(&too_long, &v));
  // 10 bytes whose last byte carries more than bit 63: overflow.
  std::string overflow(9, '\xff');
  overflow.push_back('\x02');
  std::string_view of = overflow;
  EXPECT_FALSE(GetVarint64(&of, &v));
  EXPECT_EQ(v, 42u);
}

TEST(KeysTest, DocumentKeysSortNumerically) {
  EXPECT_EQ(DocumentKey(1), std::string("\0\0\0\0\0\0\0\x01", 8));
  EXPECT_LT(DocumentKey(2), DocumentKey(256));
  EXPECT_LT(DocumentKey(255), DocumentKey(256));
  EXPECT_LT(DocumentKey(256), DocumentKey(kMax));
  EXPECT_EQ(*DecodeDocumentKey(DocumentKey(256)), 256u);
  EXPECT_EQ(*DecodeDocumentKey(DocumentKey(kMax)), kMax);
  EXPECT_EQ(DecodeDocumentKey("abc").status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(KeysTest, PostingKeyLayoutAndRoundTrip) {
  EXPECT_EQ(PostingBlockKey("viet", 2), std::string("viet\0\0\0\0\0\0\0\0\x02", 13));
  EXPECT_EQ(PostingPrefix("viet"), std::string("viet\0", 5));
  // The decoded views point into the key, so it must outlive them.
  const std::string key = PostingBlockKey("hà nội", 77);
  auto parts = DecodePostingKey(key);
  ASSERT_TRUE(parts.ok());
  EXPECT_EQ(parts->term, "hà nội");
  EXPECT_EQ(parts->block, 77u);
  const std::string empty_key = PostingBlockKey("", kMax);
  auto empty_term = DecodePostingKey(empty_key);
  ASSERT_TRUE(empty_term.ok());
  EXPECT_EQ(empty_term->term, "");
  EXPECT_EQ(empty_term->block, kMax);
}

TEST(KeysTest, PostingsOfOneTermAreContiguousAndOrderedByDoc) {
  // Bytewise order is RocksDB's order.
  EXPECT_LT(PostingBlockKey("viet", 2), PostingBlockKey("viet", 256));
  EXPECT_LT(PostingBlockKey("viet", kMax), PostingBlockKey("vietnam", 0));
  EXPECT_LT(PostingBlockKey("vie", kMax), PostingBlockKey("viet", 0));
  // "viet"'s prefix does not match any key of "vietnam" and vice versa.
  EXPECT_FALSE(PostingBlockKey("vietnam", 1).starts_with(PostingPrefix("viet")));
  EXPECT_FALSE(PostingBlockKey("viet", 1).starts_with(PostingPrefix("vietnam")));
  EXPECT_TRUE(PostingBlockKey("viet", 1).starts_with(PostingPrefix("viet")));
}

TEST(KeysTest, EntityKeys) {
  EXPECT_EQ(EntityKey("Q42"), "Q42");
  EXPECT_EQ(ExternalIdKey("rss:abc"), "rss:abc");
  EXPECT_EQ(EntityDocKey("Q42", 3), std::string("Q42\0\0\0\0\0\0\0\0\x03", 12));
  EXPECT_EQ(EntityDocPrefix("Q42"), std::string("Q42\0", 4));
  EXPECT_FALSE(EntityDocKey("Q420", 1).starts_with(EntityDocPrefix("Q42")));
  const std::string key = EntityDocKey("Q42", 9);
  auto parts = DecodeEntityDocKey(key);
  ASSERT_TRUE(parts.ok());
  EXPECT_EQ(parts->entity_id, "Q42");
  EXPECT_EQ(parts->doc_id, 9u);
}

TEST(KeysTest, MetaKeys) {
  EXPECT_EQ(kSchemaVersionKey, "schema_version");
  EXPECT_EQ(kNextDocIdKey, "next_doc_id");
  EXPECT_EQ(CounterKey("documents"), "counter/documents");
}

TEST(KeysTest, CompositeDecodersRejectGarbage) {
  const std::string bad[] = {
      "",
      std::string("\0", 1),
      std::string(8, '\0'),                         // too short for separator + id
      std::string("abcdefghijkl", 12),              // no separator before the id
      std::string("a\0b\0\0\0\0\0\0\0\0\x01", 12),  // '\0' inside the string part
      std::string(9, '\xff'),
  };
  for (const std::string& key : bad) {
    EXPECT_EQ(DecodePostingKey(key).status().code(), absl::StatusCode::kInvalidArgument)
        << ::testing::PrintToString(key);
    EXPECT_EQ(DecodeEntityDocKey(key).status().code(), absl::StatusCode::kInvalidArgument);
  }
  // Exhaustive short garbage must never crash, whatever it returns.
  for (int len = 0; len <= 10; ++len) {
    for (int fill = 0; fill < 256; fill += 51) {
      const std::string key(len, static_cast<char>(fill));
      (void)DecodePostingKey(key);
      (void)DecodeEntityDocKey(key);
      (void)DecodeDocumentKey(key);
      (void)UnwrapValue(key);
    }
  }
}

TEST(ValuesTest, WrapUnwrap) {
  EXPECT_EQ(WrapValue("abc"), std::string("\x01"
                                          "abc",
                                          4));
  EXPECT_EQ(*UnwrapValue(WrapValue("abc")), "abc");
  EXPECT_EQ(*UnwrapValue(WrapValue("")), "");
  EXPECT_EQ(UnwrapValue("").status().code(), absl::StatusCode::kDataLoss);
  EXPECT_EQ(UnwrapValue(std::string("\x02"
                                    "abc",
                                    4))
                .status()
                .code(),
            absl::StatusCode::kDataLoss);
  EXPECT_EQ(UnwrapValue(std::string("\0abc", 4)).status().code(), absl::StatusCode::kDataLoss);
}

TEST(ValuesTest, VarintPayloadInsideWrappedValue) {
  std::string payload;
  PutVarint64(&payload, 300);
  const std::string stored = WrapValue(payload);
  auto unwrapped = UnwrapValue(stored);
  ASSERT_TRUE(unwrapped.ok());
  std::string_view in = *unwrapped;
  uint64_t tf = 0;
  ASSERT_TRUE(GetVarint64(&in, &tf));
  EXPECT_EQ(tf, 300u);
  EXPECT_TRUE(in.empty());
  EXPECT_THAT(std::vector<unsigned char>(stored.begin(), stored.end()),
              ElementsAre(0x01, 0xac, 0x02));
}

TEST(StoriesTest, MemberKeyAndValueBytes) {
  const std::string key = StoryMemberKey(3, 7);
  EXPECT_THAT(std::vector<unsigned char>(key.begin(), key.end()),
              ElementsAre(0, 0, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0, 7));
  EXPECT_TRUE(key.starts_with(StoryPrefix(3)));
  EXPECT_FALSE(StoryMemberKey(4, 7).starts_with(StoryPrefix(3)));
  auto parts = DecodeStoryMemberKey(key);
  ASSERT_TRUE(parts.ok());
  EXPECT_EQ(parts->story_id, 3u);
  EXPECT_EQ(parts->doc_id, 7u);
  EXPECT_EQ(DecodeStoryMemberKey("short").status().code(), absl::StatusCode::kInvalidArgument);

  StoryMember member{"en", 1000, {"Q1"}};
  const std::string value = EncodeStoryMember(member);
  EXPECT_THAT(std::vector<unsigned char>(value.begin(), value.end()),
              ElementsAre(0x01, 0x02, 'e', 'n', 0xd0, 0x0f, 0x01, 0x02, 'Q', '1'));
  auto decoded = DecodeStoryMember(value);
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(*decoded, member);
  StoryMember before_1970{"uk", -86400, {}};
  EXPECT_EQ(*DecodeStoryMember(EncodeStoryMember(before_1970)), before_1970);
  for (size_t cut = 0; cut < value.size(); ++cut) {
    EXPECT_EQ(DecodeStoryMember(value.substr(0, cut)).status().code(), absl::StatusCode::kDataLoss)
        << cut;
  }
  EXPECT_EQ(DecodeStoryMember(value + "x").status().code(), absl::StatusCode::kDataLoss);
}

// The hex examples of SCHEMA.md (schema 4 sections).
TEST(EntityCounterKeysTest, MatchTheSchemaExamples) {
  EXPECT_EQ(EntityPairKey("Q1", "Q2"), std::string("Q1\0Q2", 5));
  EXPECT_EQ(EntityPairPrefix("Q1"), std::string("Q1\0", 3));
  const std::string pair_key = EntityPairKey("Q1", "Q2");  // the views point into it
  auto pair = DecodeEntityPairKey(pair_key);
  ASSERT_TRUE(pair.ok());
  EXPECT_EQ(pair->entity_id, "Q1");
  EXPECT_EQ(pair->other_id, "Q2");
  EXPECT_FALSE(DecodeEntityPairKey("Q1Q2").ok());
  EXPECT_FALSE(DecodeEntityPairKey(std::string("\0Q2", 3)).ok());
  EXPECT_FALSE(DecodeEntityPairKey(std::string("Q1\0Q\0", 5)).ok());

  // 2024-10-04 is day 20000 = 0x4e20; the sign bit is flipped so that earlier days sort first.
  EXPECT_EQ(EntityDayKey("Q1", 20000), std::string("Q1\0\x80\0\0\0\0\0\x4e\x20", 11));
  EXPECT_LT(EntityDayKey("Q1", -1), EntityDayKey("Q1", 0));
  EXPECT_LT(EntityDayKey("Q1", 0), EntityDayKey("Q1", 1));
  const std::string day_key = EntityDayKey("Q1", -3);
  auto day = DecodeEntityDayKey(day_key);
  ASSERT_TRUE(day.ok());
  EXPECT_EQ(day->entity_id, "Q1");
  EXPECT_EQ(day->day, -3);
  EXPECT_EQ(DayOfSeconds(0), 0);
  EXPECT_EQ(DayOfSeconds(86399), 0);
  EXPECT_EQ(DayOfSeconds(86400), 1);
  EXPECT_EQ(DayOfSeconds(-1), -1);
  EXPECT_EQ(DayOfSeconds(-86400), -1);
  EXPECT_EQ(DayOfSeconds(-86401), -2);

  // Doc 7 dated second 1000.
  EXPECT_EQ(EntityDateKey("Q1", 1000, 7),
            std::string("Q1\0\x80\0\0\0\0\0\x03\xe8\0\0\0\0\0\0\0\x07", 19));
  EXPECT_LT(EntityDateKey("Q1", -1, 9), EntityDateKey("Q1", 0, 1));
  const std::string date_key = EntityDateKey("Q1", -1000, 7);  // the views point into it
  auto date = DecodeEntityDateKey(date_key);
  ASSERT_TRUE(date.ok());
  EXPECT_EQ(date->entity_id, "Q1");
  EXPECT_EQ(date->seconds, -1000);
  EXPECT_EQ(date->doc_id, 7u);
  EXPECT_FALSE(DecodeEntityDateKey("Q1").ok());

  EXPECT_EQ(EntityTotalsKey("Q1"), "Q1");
  EXPECT_EQ(EncodeEntityCounts({3, 5, 0}, false), std::string("\x01\x03\x05", 3));
  EXPECT_EQ(EncodeEntityCounts({2, 3, 1}, true), std::string("\x01\x02\x03\x01", 4));
  auto counts = DecodeEntityCounts(EncodeEntityCounts({300, 5, 7}, true), true);
  ASSERT_TRUE(counts.ok());
  EXPECT_EQ(*counts, (EntityCounts{300, 5, 7}));
  EXPECT_EQ(DecodeEntityCounts(std::string("\x01\x02\x03\x01", 4), false).status().code(),
            absl::StatusCode::kDataLoss);
  EXPECT_EQ(DecodeEntityCounts(std::string("\x01\x02", 2), false).status().code(),
            absl::StatusCode::kDataLoss);

  EXPECT_EQ(StoryDateKey(1000, 3), std::string("\x80\0\0\0\0\0\x03\xe8\0\0\0\0\0\0\0\x03", 16));
  EXPECT_LT(StoryDateKey(-5, 9), StoryDateKey(1000, 3));
  auto story = DecodeStoryDateKey(StoryDateKey(-5, 9));
  ASSERT_TRUE(story.ok());
  EXPECT_EQ(story->last_seconds, -5);
  EXPECT_EQ(story->story_id, 9u);
  EXPECT_FALSE(DecodeStoryDateKey("short").ok());
}

}  // namespace
}  // namespace newsgraph::store
