#include "common/store/postings.h"

#include <cstdint>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "common/store/keys.h"
#include "common/store/records.h"
#include "common/store/store.h"
#include "common/testing/temp_dir.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace newsgraph::store {
namespace {

using ::testing::ElementsAre;

std::vector<Posting> Decode(std::string_view value) {
  std::vector<Posting> postings;
  absl::Status status = DecodePostings(value, &postings);
  EXPECT_TRUE(status.ok()) << status;
  return postings;
}

std::string Merge(const std::string* base, const std::vector<std::string>& operands,
                  bool keep_removals = false) {
  std::vector<std::string_view> views(operands.begin(), operands.end());
  std::string_view base_view = base != nullptr ? std::string_view(*base) : std::string_view();
  std::string out;
  EXPECT_TRUE(MergePostings(base != nullptr ? &base_view : nullptr, views, keep_removals, &out));
  return out;
}

TEST(PostingsCodecTest, LayoutIsDeltaVarints) {
  const std::vector<Posting> postings = {{3, {0, 2}}, {300, {kBodyPositionBase}}};
  const std::string value = EncodePostings(postings);
  // 01 | doc 3: 03, 2 positions: 02, 00, +2: 02 | doc +297: a9 02, 1 position: 01, 65536: 80 80 04
  EXPECT_EQ(value, std::string("\x01\x03\x02\x00\x02\xa9\x02\x01\x80\x80\x04", 11));
  EXPECT_EQ(Decode(value), postings);
  EXPECT_EQ(PostingAddOperand(3, postings[0].positions), EncodePostings({{postings[0]}}));
  EXPECT_EQ(PostingRemovalOperand(300), std::string("\x01\xac\x02\x00", 4));
  EXPECT_THAT(Decode(PostingRemovalOperand(300)), ElementsAre(Posting{300, {}}));
}

TEST(PostingsCodecTest, CorruptValuesAreDataLoss) {
  std::vector<Posting> out;
  for (std::string bad : {std::string(), std::string("\x02\x01\x01\x00", 4),  // unknown format
                          std::string("\x01\x05", 2),                         // no count
                          std::string("\x01\x05\x03\x01", 4),                 // count > bytes
                          std::string("\x01\x05\x01\x01\x00\x01\x01", 7),     // doc not ascending
                          std::string("\x01\x05\x02\x01\x00", 5),             // position repeated
                          std::string("\x01\x05\x01\xff", 4)}) {              // truncated varint
    EXPECT_TRUE(absl::IsDataLoss(DecodePostings(bad, &out))) << ::testing::PrintToString(bad);
    PostingList list;
    EXPECT_FALSE(AppendPostingBlock(bad, &list).ok());
    std::string merged;
    std::string_view view = bad;
    EXPECT_FALSE(MergePostings(nullptr, {&view, 1}, false, &merged));
  }
}

// Regression (fuzz/corpus/postings_fuzzer/regression-wrapped-position): a position delta near
// 2^64 wrapped `position + delta` below UINT32_MAX, so AppendPostingBlock accepted positions
// 5, 2 that DecodePostings rejects, and phrase matching would have read descending positions.
TEST(PostingsCodecTest, PositionDeltaThatWrapsIsDataLoss) {
  std::string block("\x01\x00\x02\x05", 4);  // doc 0, two positions: 5, then 5 + (2^64 - 3)
  PutVarint64(&block, ~uint64_t{0} - 2);
  std::vector<Posting> out;
  EXPECT_TRUE(absl::IsDataLoss(DecodePostings(block, &out)));
  PostingList list;
  EXPECT_TRUE(absl::IsDataLoss(AppendPostingBlock(block, &list)));
}

TEST(PostingsCodecTest, AppendBlocksFlattensAndSkipsRemovals) {
  PostingList list;
  ASSERT_TRUE(AppendPostingBlock(EncodePostings({{{1, {4}}, {2, {}}, {7, {1, 9}}}}), &list).ok());
  ASSERT_TRUE(AppendPostingBlock(EncodePostings({{{5000, {3}}}}), &list).ok());
  EXPECT_THAT(list.doc_ids, ElementsAre(1u, 7u, 5000u));
  EXPECT_THAT(list.PositionsOf(1), ElementsAre(1u, 9u));
  EXPECT_THAT(list.PositionsOf(2), ElementsAre(3u));
  // A block whose docs do not follow the previous block's is corrupt.
  EXPECT_TRUE(absl::IsDataLoss(AppendPostingBlock(EncodePostings({{{9, {1}}}}), &list)));
}

TEST(PostingsCodecTest, CountsMatchTheDecodedListAndDecodePositionsOnDemand) {
  const std::vector<std::vector<Posting>> blocks = {
      {{1, {0, 3, kBodyPositionBase, kBodyPositionBase + 200}}, {2, {}}, {7, {kBodyPositionBase}}},
      {{5000, {1, 2}}, {5001, {kBodyPositionBase + 1000000, kBodyPositionBase + 1000001}}}};
  PostingList list;
  PostingCounts counts;
  for (const std::vector<Posting>& block : blocks) {
    ASSERT_TRUE(AppendPostingBlock(EncodePostings(block), &list).ok());
    ASSERT_TRUE(AppendPostingCounts(EncodePostings(block), &counts).ok());
  }
  EXPECT_EQ(counts.doc_ids, list.doc_ids);
  EXPECT_THAT(counts.counts, ElementsAre(4u, 1u, 2u, 2u));
  EXPECT_THAT(counts.title_counts, ElementsAre(2u, 0u, 2u, 0u));
  for (size_t i = 0; i < list.size(); ++i) {
    std::vector<uint32_t> positions;
    ASSERT_TRUE(counts.DecodePositions(i, &positions).ok());
    std::span<const uint32_t> expected = list.PositionsOf(i);
    EXPECT_EQ(positions, std::vector<uint32_t>(expected.begin(), expected.end()));
  }
  // Corrupt structure is found when appended; bad position values when decoded.
  for (std::string bad :
       {std::string(), std::string("\x02\x01\x01\x00", 4), std::string("\x01\x05", 2),
        std::string("\x01\x05\x03\x01", 4), std::string("\x01\x05\x01\x01\x00\x01\x01", 7),
        std::string("\x01\x05\x01\xff", 4)}) {
    PostingCounts corrupt;
    EXPECT_TRUE(absl::IsDataLoss(AppendPostingCounts(bad, &corrupt)))
        << ::testing::PrintToString(bad);
  }
  // Regression (fuzz/corpus/postings_fuzzer/regression-overlong-position-varint): a position in
  // an over-long 6-byte varint, which AppendPostingBlock accepts, was refused when skipped.
  const std::string overlong("\x01\x05\x02\x80\x80\x04\x81\x80\x80\x80\x80\x00", 12);
  PostingList overlong_list;
  PostingCounts overlong_counts;
  ASSERT_TRUE(AppendPostingBlock(overlong, &overlong_list).ok());
  ASSERT_TRUE(AppendPostingCounts(overlong, &overlong_counts).ok());
  std::vector<uint32_t> overlong_positions;
  ASSERT_TRUE(overlong_counts.DecodePositions(0, &overlong_positions).ok());
  EXPECT_THAT(overlong_positions, ElementsAre(kBodyPositionBase, kBodyPositionBase + 1));
  EXPECT_THAT(overlong_counts.title_counts, ElementsAre(0u));
  PostingCounts repeated;
  ASSERT_TRUE(AppendPostingCounts(std::string("\x01\x05\x02\x01\x00", 5), &repeated).ok());
  std::vector<uint32_t> positions;
  EXPECT_TRUE(absl::IsDataLoss(repeated.DecodePositions(0, &positions)));
}

TEST(PostingsMergeTest, AddsReplaceAndRemovalsDelete) {
  const std::string base = EncodePostings({{{2, {1}}, {5, {2}}, {9, {3}}}});
  const std::string merged =
      Merge(&base, {PostingAddOperand(7, std::vector<uint32_t>{4}), PostingRemovalOperand(5),
                    PostingAddOperand(2, std::vector<uint32_t>{8, 9}), PostingRemovalOperand(100)});
  EXPECT_THAT(Decode(merged), ElementsAre(Posting{2, {8, 9}}, Posting{7, {4}}, Posting{9, {3}}));
  // Remove then re-add within one sequence (a new version's batch): the add wins.
  const std::string readded =
      Merge(&merged, {PostingRemovalOperand(7), PostingAddOperand(7, std::vector<uint32_t>{6})});
  EXPECT_THAT(Decode(readded), ElementsAre(Posting{2, {8, 9}}, Posting{7, {6}}, Posting{9, {3}}));
  // Without a base, removals vanish from a full merge but stay in a partial one.
  EXPECT_THAT(Decode(Merge(nullptr, {PostingRemovalOperand(1)})), ::testing::IsEmpty());
  EXPECT_THAT(Decode(Merge(nullptr, {PostingRemovalOperand(1)}, true)),
              ElementsAre(Posting{1, {}}));
}

// Whatever RocksDB groups into partial merges, the result must equal applying every operand in
// order: checked against a std::map model over random operation sequences.
TEST(PostingsMergeTest, PartialMergesAreEquivalentToSequentialApplication) {
  std::mt19937 random(42);
  for (int round = 0; round < 300; ++round) {
    std::map<uint64_t, std::vector<uint32_t>> model;
    std::vector<Posting> base_postings;
    for (uint64_t doc = 1; doc < 40; doc += 1 + random() % 5) {
      base_postings.push_back({doc, {static_cast<uint32_t>(random() % 50)}});
      model[doc] = base_postings.back().positions;
    }
    const std::string base = EncodePostings(base_postings);
    std::vector<std::string> operands;
    for (int i = 0, n = 1 + random() % 12; i < n; ++i) {
      const uint64_t doc = 1 + random() % 45;
      if (random() % 3 == 0) {
        operands.push_back(PostingRemovalOperand(doc));
        model.erase(doc);
      } else {
        std::vector<uint32_t> positions = {static_cast<uint32_t>(random() % 9),
                                           static_cast<uint32_t>(10 + random() % 9)};
        operands.push_back(PostingAddOperand(doc, positions));
        model[doc] = positions;
      }
    }
    // Split the operands into runs, partially merge each run, then fully merge the results.
    std::vector<std::string> partials;
    for (size_t begin = 0; begin < operands.size();) {
      const size_t end = std::min(operands.size(), begin + 1 + random() % 4);
      partials.push_back(
          Merge(nullptr, std::vector<std::string>(operands.begin() + begin, operands.begin() + end),
                /*keep_removals=*/true));
      begin = end;
    }
    std::vector<Posting> expected;
    for (const auto& [doc, positions] : model) expected.push_back({doc, positions});
    ASSERT_EQ(Decode(Merge(&base, operands)), expected) << "round " << round;
    ASSERT_EQ(Decode(Merge(&base, partials)), expected) << "round " << round;
  }
}

// The operator as RocksDB runs it: primary writes merges, a secondary reads merged values (it
// must have the same operator), also after the primary compacted while the secondary still
// holds the operands it replayed from the WAL (it then applies them twice, which must be
// harmless), and after the primary reopens and replays its WAL.
TEST(PostingsStoreTest, MergesAreVisibleToPrimaryAndSecondary) {
  newsgraph::testing::TempDir dir;
  const std::string key = PostingBlockKey("berlin", 0);
  {
    auto primary = Store::OpenPrimary(dir.Sub("db"));
    ASSERT_TRUE(primary.ok()) << primary.status();
    for (uint64_t doc = 1; doc <= 20; ++doc) {
      WriteBatch batch;
      batch.Merge(ColumnFamily::kPostings, key,
                  PostingAddOperand(doc, std::vector<uint32_t>{static_cast<uint32_t>(doc)}));
      ASSERT_TRUE((*primary)->Commit(batch).ok());
    }
    WriteBatch removal;
    removal.Merge(ColumnFamily::kPostings, key, PostingRemovalOperand(4));
    ASSERT_TRUE((*primary)->Commit(removal).ok());
    auto secondary = Store::OpenSecondary(dir.Sub("db"), dir.Sub("secondary"));
    ASSERT_TRUE(secondary.ok()) << secondary.status();
    EXPECT_EQ((*secondary)->Compact().code(), absl::StatusCode::kFailedPrecondition);
    // Compaction folds the operands into one block value; reads do not change.
    ASSERT_TRUE((*primary)->Compact().ok());
    ASSERT_TRUE((*secondary)->CatchUp().ok());
    std::vector<Posting> block;
    ASSERT_TRUE(DecodePostings(*(*primary)->Get(ColumnFamily::kPostings, key), &block).ok());
    EXPECT_EQ(block.size(), 19u);
    // A merge into a family without an operator is refused before anything is written.
    WriteBatch counter;
    counter.Merge(ColumnFamily::kMeta, CounterKey(kIndexDocumentsCounter), "x");
    EXPECT_EQ((*primary)->Commit(counter).status().code(), absl::StatusCode::kInvalidArgument);
    for (const Store* store : {primary->get(), secondary->get()}) {
      auto list = ReadPostingList(*store, "berlin");
      ASSERT_TRUE(list.ok()) << list.status();
      EXPECT_EQ(list->size(), 19u);
      EXPECT_EQ(list->doc_ids[3], 5u);
    }
    WriteBatch wrong;
    wrong.Merge(ColumnFamily::kDocuments, DocumentKey(1), "x");
    EXPECT_EQ((*primary)->Commit(wrong).status().code(), absl::StatusCode::kInvalidArgument);
  }
  auto reopened = Store::OpenPrimary(dir.Sub("db"));
  ASSERT_TRUE(reopened.ok()) << reopened.status();
  EXPECT_EQ(ReadPostingList(**reopened, "berlin")->size(), 19u);
}

}  // namespace
}  // namespace newsgraph::store
