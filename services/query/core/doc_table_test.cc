#include "services/query/core/doc_table.h"

#include <memory>
#include <string>
#include <vector>

#include "common/store/doc_meta.h"
#include "common/store/keys.h"
#include "common/store/store.h"
#include "common/testing/temp_dir.h"
#include "gtest/gtest.h"

namespace newsgraph::query {
namespace {

store::DocMeta Meta(const std::string& language, const std::string& source, uint32_t length,
                    bool published, int64_t seconds) {
  store::DocMeta meta;
  meta.language = language;
  meta.source = source;
  meta.title_length = 2;
  meta.body_length = length - 2;
  meta.has_published = published;
  meta.published_seconds = published ? seconds : 0;
  meta.ingested_seconds = published ? seconds + 99 : seconds;
  meta.entity_type_mask = length;  // any value that differs between documents
  meta.entities = {{"Q1", 2}};
  return meta;
}

class DocTableTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto primary = store::Store::OpenPrimary(dir_.Sub("store"), {});
    ASSERT_TRUE(primary.ok()) << primary.status();
    primary_ = std::move(*primary);
    auto secondary = store::Store::OpenSecondary(dir_.Sub("store"), dir_.Sub("secondary"));
    ASSERT_TRUE(secondary.ok()) << secondary.status();
    secondary_ = std::move(*secondary);
  }

  void Put(uint64_t doc_id, const store::DocMeta& meta) {
    store::WriteBatch batch;
    batch.Put(store::ColumnFamily::kDocMeta, store::DocumentKey(doc_id),
              store::EncodeDocMeta(meta));
    ASSERT_TRUE(primary_->Commit(batch).ok());
  }

  void Remove(uint64_t doc_id) {
    store::WriteBatch batch;
    batch.Delete(store::ColumnFamily::kDocMeta, store::DocumentKey(doc_id));
    ASSERT_TRUE(primary_->Commit(batch).ok());
  }

  void Refresh(DocTable& table) {
    ASSERT_TRUE(secondary_->CatchUp().ok());
    absl::Status refreshed = table.Refresh(*secondary_);
    ASSERT_TRUE(refreshed.ok()) << refreshed;
  }

  newsgraph::testing::TempDir dir_;
  std::unique_ptr<store::Store> primary_;
  std::unique_ptr<store::Store> secondary_;
};

void ExpectRow(const DocRow& row, const store::DocMeta& meta) {
  ASSERT_TRUE(row.present);
  EXPECT_EQ(*row.language, meta.language);
  EXPECT_EQ(*row.source, meta.source);
  EXPECT_EQ(row.length, meta.title_length + meta.body_length);
  EXPECT_EQ(row.has_published, meta.has_published);
  EXPECT_EQ(row.date, meta.has_published ? meta.published_seconds : meta.ingested_seconds);
  EXPECT_EQ(row.entity_type_mask, meta.entity_type_mask);
}

TEST_F(DocTableTest, LoadsEveryRecordThenFollowsChanges) {
  DocTable table;
  Refresh(table);
  EXPECT_EQ(table.size(), 0u);

  const store::DocMeta one = Meta("en", "reuters", 10, true, 1000);
  const store::DocMeta two = Meta("uk", "", 20, false, 2000);
  const store::DocMeta three = Meta("en", "reuters", 30, true, -86401);
  Put(1, one);
  Put(2, two);
  Put(3, three);
  Refresh(table);
  EXPECT_EQ(table.size(), 3u);
  std::vector<DocRow> rows = table.Lookup({1, 2, 3, 4, 0, 1u << 30});
  ExpectRow(rows[0], one);
  ExpectRow(rows[1], two);
  ExpectRow(rows[2], three);
  EXPECT_FALSE(rows[3].present);
  EXPECT_FALSE(rows[4].present);
  EXPECT_FALSE(rows[5].present);
  // Equal names are one interned string.
  EXPECT_EQ(rows[0].language, rows[2].language);
  EXPECT_EQ(rows[0].source, rows[2].source);

  // A new version, a removal and a new document, seen only after a catch-up and a refresh.
  const store::DocMeta two_again = Meta("el", "kathimerini", 44, true, 3000);
  const store::DocMeta ten = Meta("vi", "vnexpress", 12, true, 4000);
  Put(2, two_again);
  Remove(3);
  Put(10, ten);
  EXPECT_FALSE(table.Lookup({10})[0].present);
  Refresh(table);
  EXPECT_EQ(table.size(), 3u);
  rows = table.Lookup({1, 2, 3, 10});
  ExpectRow(rows[0], one);
  ExpectRow(rows[1], two_again);
  EXPECT_FALSE(rows[2].present);
  ExpectRow(rows[3], ten);

  // A table loaded from scratch now holds the same rows.
  DocTable fresh;
  Refresh(fresh);
  std::vector<DocRow> loaded = fresh.Lookup({1, 2, 3, 10});
  ASSERT_EQ(loaded.size(), rows.size());
  for (size_t i = 0; i < rows.size(); ++i) {
    EXPECT_EQ(loaded[i].present, rows[i].present);
    if (!rows[i].present) continue;
    EXPECT_EQ(*loaded[i].language, *rows[i].language);
    EXPECT_EQ(*loaded[i].source, *rows[i].source);
    EXPECT_EQ(loaded[i].length, rows[i].length);
    EXPECT_EQ(loaded[i].date, rows[i].date);
  }
}

TEST_F(DocTableTest, AnImplausiblyLargeDocIdIsNotHeld) {
  DocTable table;
  Refresh(table);
  Put(uint64_t{1} << 40, Meta("en", "", 5, false, 1));
  Put(2, Meta("en", "", 5, false, 1));
  Refresh(table);
  EXPECT_EQ(table.size(), 1u);
  EXPECT_FALSE(table.Lookup({uint64_t{1} << 40})[0].present);
  EXPECT_TRUE(table.Lookup({2})[0].present);
}

TEST_F(DocTableTest, ManyChangesAreReadInRounds) {
  DocTable table;
  Refresh(table);
  // More changes than one read takes (8192), including rewrites of the same documents.
  for (int round = 0; round < 3; ++round) {
    store::WriteBatch batch;
    for (uint64_t doc_id = 1; doc_id <= 3000; ++doc_id) {
      batch.Put(store::ColumnFamily::kDocMeta, store::DocumentKey(doc_id),
                store::EncodeDocMeta(Meta("en", "s", 10 + round, true, 100)));
    }
    ASSERT_TRUE(primary_->Commit(batch).ok());
  }
  Refresh(table);
  EXPECT_EQ(table.size(), 3000u);
  for (const DocRow& row : table.Lookup({1, 1500, 3000})) EXPECT_EQ(row.length, 12u);
}

TEST_F(DocTableTest, UndecodableRecordIsDataLossAndTheNextRefreshRetries) {
  DocTable table;
  Refresh(table);
  store::WriteBatch batch;
  batch.Put(store::ColumnFamily::kDocMeta, store::DocumentKey(5), store::WrapValue("\x01"));
  ASSERT_TRUE(primary_->Commit(batch).ok());
  ASSERT_TRUE(secondary_->CatchUp().ok());
  EXPECT_TRUE(absl::IsDataLoss(table.Refresh(*secondary_)));
  EXPECT_TRUE(absl::IsDataLoss(table.Refresh(*secondary_)));
  Put(5, Meta("en", "", 4, false, 1));
  Refresh(table);
  EXPECT_TRUE(table.Lookup({5})[0].present);
}

}  // namespace
}  // namespace newsgraph::query
