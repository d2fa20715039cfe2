#include "services/ingest/core/dedup.h"

#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "common/testing/temp_dir.h"
#include "gtest/gtest.h"

namespace newsgraph::ingest {
namespace {

std::vector<std::string> Words(const std::string& text) {
  return absl::StrSplit(text, ' ', absl::SkipEmpty());
}

TEST(DedupTest, StableHashIsStable) {
  // Persisted in the store: these values must never change.
  EXPECT_EQ(StableHash64(""), StableHash64(""));
  EXPECT_NE(StableHash64("a"), StableHash64("b"));
  EXPECT_EQ(StableHash64("Việt Nam"), StableHash64("Việt Nam"));
}

TEST(DedupTest, SimhashOfSimilarTextsIsClose) {
  std::string base;
  for (int i = 0; i < 60; ++i) base += "word" + std::to_string(i) + " ";
  std::string edited = base;
  edited.replace(edited.find("word30 "), 7, "other ");
  uint64_t a = Simhash64(Words(base));
  uint64_t b = Simhash64(Words(edited));
  std::string unrelated;
  for (int i = 0; i < 60; ++i) unrelated += "term" + std::to_string(i * 7) + " ";
  uint64_t c = Simhash64(Words(unrelated));
  EXPECT_LT(HammingDistance(a, b), HammingDistance(a, c));
  EXPECT_GT(HammingDistance(a, c), kMaxNearDuplicateDistance);
  EXPECT_EQ(Simhash64({}), 0u);
}

TEST(DedupTest, FindsStoredDuplicatesAndForgetsDeletedOnes) {
  testing::TempDir dir;
  auto db = std::move(store::Store::OpenPrimary(dir.Sub("db"))).value();
  uint64_t simhash = 0x0123456789abcdefULL;
  store::WriteBatch put;
  PutDedupKeys(7, 42, simhash, &put);
  ASSERT_TRUE(db->Commit(put).ok());

  auto exact = FindExactDuplicate(*db, 42);
  ASSERT_TRUE(exact.ok() && exact->has_value());
  EXPECT_EQ((*exact)->doc_id, 7u);
  EXPECT_FALSE(FindExactDuplicate(*db, 43)->has_value());

  // Three bits off in three different bands: still found; four bits in four bands: not.
  uint64_t three_off = simhash ^ 0x0001000100010000ULL;
  auto near = FindNearDuplicate(*db, three_off, 3);
  ASSERT_TRUE(near.ok() && near->has_value());
  EXPECT_EQ((*near)->distance, 3);
  EXPECT_FALSE(FindNearDuplicate(*db, three_off, 2)->has_value());
  EXPECT_FALSE(FindNearDuplicate(*db, simhash ^ 0x0001000100010001ULL, 3)->has_value());

  store::WriteBatch remove;
  DeleteDedupKeys(7, 42, simhash, &remove);
  ASSERT_TRUE(db->Commit(remove).ok());
  EXPECT_FALSE(FindExactDuplicate(*db, 42)->has_value());
  EXPECT_FALSE(FindNearDuplicate(*db, simhash, 3)->has_value());
}

}  // namespace
}  // namespace newsgraph::ingest
