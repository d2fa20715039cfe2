#include "common/store/records.h"

#include <memory>
#include <string>
#include <vector>

#include "common/store/keys.h"
#include "common/store/postings.h"
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
  // Doc 5000 lies in the second block of "macron".
  const std::vector<uint32_t> one = {4}, three = {1, 7, kBodyPositionBase + 2}, five = {0};
  batch.Merge(ColumnFamily::kPostings, PostingBlockKey("macron", PostingBlock(5000)),
              PostingAddOperand(5000, five));
  batch.Merge(ColumnFamily::kPostings, PostingBlockKey("macron", 0), PostingAddOperand(9, three));
  batch.Merge(ColumnFamily::kPostings, PostingBlockKey("macron", 0), PostingAddOperand(7, one));
  batch.Merge(ColumnFamily::kPostings, PostingBlockKey("macronism", 0), PostingAddOperand(8, five));
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

  auto postings = ReadPostingList(*db_, "macron");
  ASSERT_TRUE(postings.ok()) << postings.status();
  EXPECT_THAT(postings->doc_ids, ElementsAre(7u, 9u, 5000u));
  EXPECT_THAT(postings->PositionsOf(0), ElementsAre(4u));
  EXPECT_THAT(postings->PositionsOf(1), ElementsAre(1u, 7u, kBodyPositionBase + 2));
  EXPECT_THAT(postings->PositionsOf(2), ElementsAre(0u));

  auto entity_docs = ReadEntityDocuments(*db_, entity.id());
  ASSERT_TRUE(entity_docs.ok()) << entity_docs.status();
  EXPECT_THAT(entity_docs->documents, ElementsAre(Pair(7u, 2u), Pair(9u, 4u)));
  EXPECT_EQ(entity_docs->mention_count, 6u);

  EXPECT_EQ(*ReadCounter(*db_, CounterKey("documents"), 0), 42u);
}

TEST_F(RecordsTest, AbsentRecordsAndCounters) {
  EXPECT_TRUE(absl::IsNotFound(ReadDocument(*db_, 1).status()));
  EXPECT_TRUE(absl::IsNotFound(ReadEntity(*db_, "ng:org/none").status()));
  EXPECT_EQ(ReadPostingList(*db_, "nothing")->size(), 0u);
  EXPECT_TRUE(absl::IsNotFound(ReadDocMeta(*db_, 1).status()));
  auto stats = ReadIndexStats(*db_);
  ASSERT_TRUE(stats.ok()) << stats.status();
  EXPECT_EQ(stats->documents, 0u);
  EXPECT_TRUE(stats->languages.empty());
  EXPECT_EQ(ReadEntityDocuments(*db_, "ng:org/none")->mention_count, 0u);
  EXPECT_EQ(*ReadCounter(*db_, kNextDocIdKey, 1), 1u);
}

TEST_F(RecordsTest, UndecodableValuesAreDataLoss) {
  WriteBatch batch;
  batch.Put(ColumnFamily::kDocuments, DocumentKey(3), WrapValue("\xff\xff not a proto"));
  batch.Put(ColumnFamily::kMeta, CounterKey("documents"), WrapValue("short"));
  batch.Put(ColumnFamily::kPostings, PostingBlockKey("bad", 0), WrapValue("\xff"));
  batch.Put(ColumnFamily::kDocMeta, DocumentKey(3), WrapValue("\xff"));
  ASSERT_TRUE(db_->Commit(batch).ok());
  EXPECT_TRUE(absl::IsDataLoss(ReadDocument(*db_, 3).status()));
  EXPECT_FALSE(ReadCounter(*db_, CounterKey("documents"), 0).ok());
  EXPECT_TRUE(absl::IsDataLoss(ReadPostingList(*db_, "bad").status()));
  EXPECT_TRUE(absl::IsDataLoss(ReadDocMeta(*db_, 3).status()));
  EXPECT_TRUE(absl::IsDataLoss(ReadDocMetas(*db_, {3}).status()));
}

TEST_F(RecordsTest, DocMetasAndIndexStats) {
  DocMeta meta;
  meta.title_length = 3;
  meta.body_length = 40;
  meta.language = "uk";
  meta.entities = {{"ng:person/emmanuel-macron", 2}};
  WriteBatch batch;
  batch.Put(ColumnFamily::kDocMeta, DocumentKey(4), EncodeDocMeta(meta));
  auto fixed = [](uint64_t v) {
    std::string payload;
    PutFixed64BE(&payload, v);
    return WrapValue(payload);
  };
  batch.Put(ColumnFamily::kMeta, CounterKey(kIndexDocumentsCounter), fixed(2));
  batch.Put(ColumnFamily::kMeta, CounterKey(kIndexLengthCounter), fixed(43));
  batch.Put(ColumnFamily::kMeta, CounterKey(std::string(kIndexLanguageCounterPrefix) + "uk"),
            fixed(2));
  batch.Put(ColumnFamily::kMeta, CounterKey(std::string(kIndexLanguageCounterPrefix) + "el"),
            fixed(0));
  ASSERT_TRUE(db_->Commit(batch).ok());

  auto metas = ReadDocMetas(*db_, {4, 5});
  ASSERT_TRUE(metas.ok()) << metas.status();
  ASSERT_EQ(metas->size(), 2u);
  ASSERT_TRUE((*metas)[0].has_value());
  EXPECT_EQ(*(*metas)[0], meta);
  EXPECT_FALSE((*metas)[1].has_value());

  auto stats = ReadIndexStats(*db_);
  ASSERT_TRUE(stats.ok()) << stats.status();
  EXPECT_EQ(stats->documents, 2u);
  EXPECT_EQ(stats->total_length, 43u);
  // "el" went back to 0, so it is not a language of the index any more.
  EXPECT_THAT(stats->languages, UnorderedElementsAre(Pair("uk", 2u)));
}

TEST_F(RecordsTest, DenseDocMetaReadsMatchPointReads) {
  WriteBatch batch;
  for (uint64_t id = 1; id <= 900; ++id) {
    if (id % 7 == 0 || (id > 300 && id < 340)) continue;  // short and long gaps
    DocMeta meta;
    meta.body_length = static_cast<uint32_t>(id);
    batch.Put(ColumnFamily::kDocMeta, DocumentKey(id), EncodeDocMeta(meta));
  }
  ASSERT_TRUE(db_->Commit(batch).ok());
  std::vector<uint64_t> dense, sparse;
  for (uint64_t id = 2; id <= 905; id += 1 + id % 2) dense.push_back(id);  // iterator path
  for (uint64_t id = 5; id <= 905; id += 50) sparse.push_back(id);         // MultiGet path
  for (const auto* ids : {&dense, &sparse}) {
    auto metas = ReadDocMetas(*db_, *ids);
    ASSERT_TRUE(metas.ok()) << metas.status();
    ASSERT_EQ(metas->size(), ids->size());
    for (size_t i = 0; i < ids->size(); ++i) {
      const uint64_t id = (*ids)[i];
      const bool stored = id <= 900 && id % 7 != 0 && !(id > 300 && id < 340);
      ASSERT_EQ((*metas)[i].has_value(), stored) << id;
      if (stored) {
        EXPECT_EQ((*metas)[i]->body_length, id);
      }
    }
  }
}

TEST_F(RecordsTest, CommitNumbersDocMetaChangesInCommitOrderAcrossReopens) {
  EXPECT_EQ(*LastDocChange(*db_), 0u);
  EXPECT_TRUE(ReadDocChanges(*db_, 0, 10)->empty());
  DocMeta meta;
  meta.language = "en";
  WriteBatch first;
  first.Put(ColumnFamily::kDocMeta, DocumentKey(3), EncodeDocMeta(meta));
  first.Put(ColumnFamily::kDocMeta, DocumentKey(9), EncodeDocMeta(meta));
  first.Put(ColumnFamily::kDocuments, DocumentKey(3), WrapValue("not meta"));
  ASSERT_TRUE(db_->Commit(first).ok());
  WriteBatch unrelated;  // no doc_meta key: no change row
  unrelated.Put(ColumnFamily::kDocuments, DocumentKey(4), WrapValue("x"));
  ASSERT_TRUE(db_->Commit(unrelated).ok());
  WriteBatch removal;
  removal.Delete(ColumnFamily::kDocMeta, DocumentKey(3));
  ASSERT_TRUE(db_->Commit(removal).ok());

  auto rows = [](const std::vector<DocChange>& changes) {
    std::vector<std::pair<uint64_t, uint64_t>> out;
    for (const DocChange& change : changes) out.emplace_back(change.change, change.doc_id);
    return out;
  };
  EXPECT_THAT(rows(*ReadDocChanges(*db_, 0, 10)), ElementsAre(Pair(1, 3), Pair(2, 9), Pair(3, 3)));
  EXPECT_THAT(rows(*ReadDocChanges(*db_, 1, 1)), ElementsAre(Pair(2, 9)));
  EXPECT_TRUE(ReadDocChanges(*db_, 3, 10)->empty());
  EXPECT_EQ(*LastDocChange(*db_), 3u);

  // A reopened primary numbers on from the highest stored change.
  db_.reset();
  auto reopened = Store::OpenPrimary(dir_.path() + "/store", {});
  ASSERT_TRUE(reopened.ok()) << reopened.status();
  db_ = std::move(*reopened);
  WriteBatch again;
  again.Put(ColumnFamily::kDocMeta, DocumentKey(9), EncodeDocMeta(meta));
  ASSERT_TRUE(db_->Commit(again).ok());
  EXPECT_THAT(rows(*ReadDocChanges(*db_, 3, 10)), ElementsAre(Pair(4, 9)));

  // A doc_meta key that is not a document key is refused, and nothing of the batch lands.
  WriteBatch bad;
  bad.Put(ColumnFamily::kDocuments, DocumentKey(5), WrapValue("x"));
  bad.Put(ColumnFamily::kDocMeta, "short", EncodeDocMeta(meta));
  EXPECT_TRUE(absl::IsInvalidArgument(db_->Commit(bad).status()));
  EXPECT_TRUE(absl::IsNotFound(db_->Get(ColumnFamily::kDocuments, DocumentKey(5)).status()));
  EXPECT_EQ(*LastDocChange(*db_), 4u);
}

}  // namespace
}  // namespace newsgraph::store
