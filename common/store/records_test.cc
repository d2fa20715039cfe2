#include "common/store/records.h"

#include <memory>
#include <string>

#include "common/store/keys.h"
#include "common/testing/temp_dir.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace newsgraph::store {
namespace {

using ::testing::ElementsAre;
using ::testing::Pair;
using ::testing::UnorderedElementsAre;

class RecordsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = Store::OpenPrimary(dir_.path() + "/store", {});
    ASSERT_TRUE(opened.ok()) << opened.status();
    db_ = std::move(*opened);
  }

  std::string Varint(uint64_t v) {
    std::string encoded;
    PutVarint64(&encoded, v);
    return WrapValue(encoded);
  }

  newsgraph::testing::TempDir dir_;
  std::unique_ptr<Store> db_;
};

TEST_F(RecordsTest, ReadsWhatWasWritten) {
  common::v1::Document document;
  document.set_id("7");
  document.set_body("Macron in Berlin");
  common::v1::Entity entity;
  entity.set_id("ng:person/emmanuel-macron");
  std::string counter;
  PutFixed64BE(&counter, 42);

  WriteBatch batch;
  batch.Put(ColumnFamily::kDocuments, DocumentKey(7), WrapValue(document.SerializeAsString()));
  batch.Put(ColumnFamily::kEntities, EntityKey(entity.id()), WrapValue(entity.SerializeAsString()));
  batch.Put(ColumnFamily::kPostings, PostingKey("macron", 7), Varint(1));
  batch.Put(ColumnFamily::kPostings, PostingKey("macron", 9), Varint(3));
  batch.Put(ColumnFamily::kPostings, PostingKey("macronism", 8), Varint(5));
  batch.Put(ColumnFamily::kEntityDocs, EntityDocKey(entity.id(), 7), Varint(2));
  batch.Put(ColumnFamily::kEntityDocs, EntityDocKey(entity.id(), 9), Varint(4));
  batch.Put(ColumnFamily::kMeta, CounterKey("documents"), WrapValue(counter));
  ASSERT_TRUE(db_->Commit(batch).ok());

  auto read_document = ReadDocument(*db_, 7);
  ASSERT_TRUE(read_document.ok()) << read_document.status();
  EXPECT_EQ(read_document->body(), "Macron in Berlin");
  auto read_entity = ReadEntity(*db_, entity.id());
  ASSERT_TRUE(read_entity.ok()) << read_entity.status();
  EXPECT_EQ(read_entity->id(), entity.id());

  auto postings = ReadPostings(*db_, "macron");
  ASSERT_TRUE(postings.ok()) << postings.status();
  EXPECT_THAT(*postings, UnorderedElementsAre(Pair(7u, 1u), Pair(9u, 3u)));

  auto entity_docs = ReadEntityDocuments(*db_, entity.id());
  ASSERT_TRUE(entity_docs.ok()) << entity_docs.status();
  EXPECT_THAT(entity_docs->documents, ElementsAre(Pair(7u, 2u), Pair(9u, 4u)));
  EXPECT_EQ(entity_docs->mention_count, 6u);

  EXPECT_EQ(*ReadCounter(*db_, CounterKey("documents"), 0), 42u);
}

TEST_F(RecordsTest, AbsentRecordsAndCounters) {
  EXPECT_TRUE(absl::IsNotFound(ReadDocument(*db_, 1).status()));
  EXPECT_TRUE(absl::IsNotFound(ReadEntity(*db_, "ng:org/none").status()));
  EXPECT_TRUE(ReadPostings(*db_, "nothing")->empty());
  EXPECT_EQ(ReadEntityDocuments(*db_, "ng:org/none")->mention_count, 0u);
  EXPECT_EQ(*ReadCounter(*db_, kNextDocIdKey, 1), 1u);
}

TEST_F(RecordsTest, UndecodableValuesAreDataLoss) {
  WriteBatch batch;
  batch.Put(ColumnFamily::kDocuments, DocumentKey(3), WrapValue("\xff\xff not a proto"));
  batch.Put(ColumnFamily::kMeta, CounterKey("documents"), WrapValue("short"));
  batch.Put(ColumnFamily::kPostings, PostingKey("bad", 1), WrapValue("\xff"));
  ASSERT_TRUE(db_->Commit(batch).ok());
  EXPECT_TRUE(absl::IsDataLoss(ReadDocument(*db_, 3).status()));
  EXPECT_FALSE(ReadCounter(*db_, CounterKey("documents"), 0).ok());
  EXPECT_TRUE(absl::IsDataLoss(ReadPostings(*db_, "bad").status()));
}

}  // namespace
}  // namespace newsgraph::store
