#include "services/ingest/core/document_batch.h"

#include <memory>
#include <string>

#include "common/store/keys.h"
#include "common/store/postings.h"
#include "common/store/records.h"
#include "common/testing/temp_dir.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace newsgraph::ingest {
namespace {

using ::testing::ElementsAre;
using ::testing::Pair;
using ::testing::UnorderedElementsAre;

class DocumentBatchTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = std::move(store::Store::OpenPrimary(dir_.Sub("store"), {false})).value();
  }
  void Commit(store::WriteBatch& batch) { ASSERT_TRUE(db_->Commit(batch).ok()); }

  testing::TempDir dir_;
  std::unique_ptr<store::Store> db_;
  const google::protobuf::RepeatedPtrField<common::v1::Entity> no_entities_;
};

TEST_F(DocumentBatchTest, IndexesTitleAndBodyPositionsStemsMetaAndCounters) {
  common::v1::Document document;
  document.set_title("Німеччина");
  document.set_body("Макрон прибув до Німеччини. Німеччина!");
  document.set_language("uk");
  document.set_source("ukr-example.ua");
  document.mutable_published_at()->set_seconds(1748871900);
  store::IndexStats totals;
  store::WriteBatch batch;
  ASSERT_TRUE(AddDocumentToBatch(7, document, no_entities_, &totals, &batch).ok());
  Commit(batch);

  // Title word 0; body words 3 and 4 after the body base: one phrase cannot span both fields.
  auto exact = store::ReadPostingList(*db_, "німеччина");
  ASSERT_TRUE(exact.ok()) << exact.status();
  EXPECT_THAT(exact->doc_ids, ElementsAre(7u));
  EXPECT_THAT(exact->PositionsOf(0), ElementsAre(0u, store::kBodyPositionBase + 4));
  auto stem = store::ReadPostingList(*db_, "~німеччин");
  ASSERT_TRUE(stem.ok()) << stem.status();
  EXPECT_THAT(stem->PositionsOf(0),
              ElementsAre(0u, store::kBodyPositionBase + 3, store::kBodyPositionBase + 4));

  auto meta = store::ReadDocMeta(*db_, 7);
  ASSERT_TRUE(meta.ok()) << meta.status();
  EXPECT_EQ(meta->title_length, 1u);
  EXPECT_EQ(meta->body_length, 5u);
  EXPECT_EQ(meta->source, "ukr-example.ua");
  EXPECT_TRUE(meta->has_published);
  auto stats = store::ReadIndexStats(*db_);
  ASSERT_TRUE(stats.ok()) << stats.status();
  EXPECT_EQ(stats->documents, 1u);
  EXPECT_EQ(stats->total_length, 6u);
  EXPECT_THAT(stats->languages, UnorderedElementsAre(Pair("uk", 1u)));
  EXPECT_EQ(totals.documents, 1u);

  // Removing it (as a new version's batch does first) empties every key and counter.
  store::WriteBatch removal;
  ASSERT_TRUE(RemoveDocumentIndexFromBatch(7, document, &totals, &removal).ok());
  Commit(removal);
  EXPECT_EQ(store::ReadPostingList(*db_, "німеччина")->size(), 0u);
  EXPECT_EQ(store::ReadPostingList(*db_, "~німеччин")->size(), 0u);
  EXPECT_TRUE(absl::IsNotFound(store::ReadDocMeta(*db_, 7).status()));
  stats = store::ReadIndexStats(*db_);
  EXPECT_EQ(stats->documents, 0u);
  EXPECT_EQ(stats->total_length, 0u);
  EXPECT_TRUE(stats->languages.empty());
}

TEST_F(DocumentBatchTest, EntityUpdateOfAPendingDocumentKeepsPostingsAndCounters) {
  common::v1::Document document;
  document.set_body("Macron in Berlin.");
  document.set_language("en");
  store::IndexStats totals;
  store::WriteBatch batch;
  ASSERT_TRUE(AddDocumentToBatch(3, document, no_entities_, &totals, &batch).ok());
  Commit(batch);

  common::v1::Mention* mention = document.add_mentions();
  mention->set_entity_id("ng:person/emmanuel-macron");
  mention->set_type(common::v1::ENTITY_TYPE_PERSON);
  mention->set_begin(0);
  mention->set_end(6);
  common::v1::Mention* date = document.add_mentions();
  date->set_entity_id("date:2025-06-02");
  date->set_type(common::v1::ENTITY_TYPE_DATE);
  store::WriteBatch update;
  ASSERT_TRUE(UpdateDocumentEntitiesInBatch(3, document, no_entities_, &update).ok());
  Commit(update);
  auto meta = store::ReadDocMeta(*db_, 3);
  ASSERT_TRUE(meta.ok()) << meta.status();
  // Dates set their type bit but are no facet entity.
  EXPECT_THAT(meta->entities, ElementsAre(Pair("ng:person/emmanuel-macron", 1u)));
  EXPECT_EQ(meta->entity_type_mask,
            (1u << common::v1::ENTITY_TYPE_PERSON) | (1u << common::v1::ENTITY_TYPE_DATE));
  EXPECT_EQ(store::ReadIndexStats(*db_)->documents, 1u);
  EXPECT_THAT(store::ReadPostingList(*db_, "macron")->doc_ids, ElementsAre(3u));
  EXPECT_TRUE(db_->Get(store::ColumnFamily::kEntityDocs,
                       store::EntityDocKey("ng:person/emmanuel-macron", 3))
                  .ok());
}

}  // namespace
}  // namespace newsgraph::ingest
