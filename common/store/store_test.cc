#include "common/store/store.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "common/analysis/analyzer.h"
#include "common/store/column_families.h"
#include "common/store/keys.h"
#include "common/testing/temp_dir.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace newsgraph::store {
namespace {

using ::testing::ElementsAre;
using ::testing::Pair;

std::unique_ptr<Store> MustOpenPrimary(const std::string& path, const StoreOptions& opts = {}) {
  auto store = Store::OpenPrimary(path, opts);
  EXPECT_TRUE(store.ok()) << store.status();
  return store.ok() ? std::move(*store) : nullptr;
}

void MustCommit(Store& store, WriteBatch& batch) {
  auto seq = store.Commit(batch);
  ASSERT_TRUE(seq.ok()) << seq.status();
}

std::vector<std::pair<std::string, std::string>> Scan(const Store& store, ColumnFamily cf,
                                                      std::string_view prefix) {
  std::vector<std::pair<std::string, std::string>> out;
  absl::Status s = store.ScanPrefix(cf, prefix, [&](std::string_view k, std::string_view v) {
    out.emplace_back(std::string(k), std::string(v));
    return true;
  });
  EXPECT_TRUE(s.ok()) << s;
  return out;
}

TEST(WriteBatchTest, CountsAndMoves) {
  WriteBatch batch;
  EXPECT_EQ(batch.Count(), 0u);
  batch.Put(ColumnFamily::kDocuments, DocumentKey(1), WrapValue("doc"));
  batch.Delete(ColumnFamily::kPostings, PostingBlockKey("x", 1));
  EXPECT_EQ(batch.Count(), 2u);
  WriteBatch moved = std::move(batch);
  EXPECT_EQ(moved.Count(), 2u);
}

TEST(StoreTest, PrimaryCommitGetAndScan) {
  newsgraph::testing::TempDir dir;
  auto store = MustOpenPrimary(dir.Sub("db"));
  ASSERT_NE(store, nullptr);
  EXPECT_FALSE(store->is_secondary());
  EXPECT_TRUE(store->CatchUp().ok());

  WriteBatch batch;
  batch.Put(ColumnFamily::kDocuments, DocumentKey(256), WrapValue("doc256"));
  batch.Put(ColumnFamily::kDocuments, DocumentKey(2), WrapValue("doc2"));
  batch.Put(ColumnFamily::kPostings, PostingBlockKey("vietnam", 2), WrapValue("\x01"));
  batch.Put(ColumnFamily::kPostings, PostingBlockKey("viet", 256), WrapValue("\x03"));
  batch.Put(ColumnFamily::kPostings, PostingBlockKey("viet", 2), WrapValue("\x02"));
  batch.Put(ColumnFamily::kPostings, PostingBlockKey("vie", 7), WrapValue("\x01"));
  batch.Put(ColumnFamily::kExternalIds, ExternalIdKey("ext-1"), WrapValue("x"));
  batch.Put(ColumnFamily::kExternalIds, ExternalIdKey("ext-2"), WrapValue("y"));
  batch.Delete(ColumnFamily::kExternalIds, ExternalIdKey("ext-2"));
  MustCommit(*store, batch);

  auto doc = store->Get(ColumnFamily::kDocuments, DocumentKey(2));
  ASSERT_TRUE(doc.ok()) << doc.status();
  EXPECT_EQ(*UnwrapValue(*doc), "doc2");
  EXPECT_EQ(store->Get(ColumnFamily::kDocuments, DocumentKey(3)).status().code(),
            absl::StatusCode::kNotFound);
  // Same key in another family is a different key.
  EXPECT_EQ(store->Get(ColumnFamily::kEntities, DocumentKey(2)).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(store->Get(ColumnFamily::kExternalIds, "ext-2").status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_TRUE(store->Get(ColumnFamily::kExternalIds, "ext-1").ok());

  // "viet" sees only its own postings, ordered by doc id; "vietnam" and "vie" do not leak in.
  EXPECT_THAT(Scan(*store, ColumnFamily::kPostings, PostingPrefix("viet")),
              ElementsAre(Pair(PostingBlockKey("viet", 2), WrapValue("\x02")),
                          Pair(PostingBlockKey("viet", 256), WrapValue("\x03"))));
  EXPECT_THAT(Scan(*store, ColumnFamily::kPostings, PostingPrefix("vietnam")),
              ElementsAre(Pair(PostingBlockKey("vietnam", 2), WrapValue("\x01"))));
  EXPECT_EQ(Scan(*store, ColumnFamily::kPostings, "").size(), 4u);
  EXPECT_TRUE(Scan(*store, ColumnFamily::kPostings, PostingPrefix("zzz")).empty());

  // Documents iterate in numeric id order.
  auto it = store->NewIterator(ColumnFamily::kDocuments);
  std::vector<uint64_t> ids;
  for (it->SeekToFirst(); it->Valid(); it->Next()) ids.push_back(*DecodeDocumentKey(it->key()));
  EXPECT_TRUE(it->status().ok());
  EXPECT_THAT(ids, ElementsAre(2, 256));
  it->Seek(DocumentKey(3));
  ASSERT_TRUE(it->Valid());
  EXPECT_EQ(*UnwrapValue(it->value()), "doc256");
}

TEST(StoreTest, ScanStopsWhenCallbackReturnsFalse) {
  newsgraph::testing::TempDir dir;
  auto store = MustOpenPrimary(dir.Sub("db"));
  WriteBatch batch;
  for (uint64_t id = 1; id <= 5; ++id) {
    batch.Put(ColumnFamily::kEntityDocs, EntityDocKey("Q42", id), WrapValue("\x01"));
  }
  MustCommit(*store, batch);
  int seen = 0;
  ASSERT_TRUE(store
                  ->ScanPrefix(ColumnFamily::kEntityDocs, EntityDocPrefix("Q42"),
                               [&](std::string_view, std::string_view) { return ++seen < 2; })
                  .ok());
  EXPECT_EQ(seen, 2);
}

TEST(StoreTest, IteratorWalksBackwardsFromTheEndOfAPrefix) {
  newsgraph::testing::TempDir dir;
  auto store = MustOpenPrimary(dir.Sub("db"));
  WriteBatch batch;
  for (uint64_t id = 1; id <= 3; ++id) {
    batch.Put(ColumnFamily::kEntityDocs, EntityDocKey("Q42", id), WrapValue("\x01"));
  }
  batch.Put(ColumnFamily::kEntityDocs, EntityDocKey("Q43", 9), WrapValue("\x01"));
  MustCommit(*store, batch);
  std::vector<uint64_t> ids;
  std::unique_ptr<Iterator> it = store->NewIterator(ColumnFamily::kEntityDocs);
  for (it->SeekForPrev(EntityDocPrefix("Q42") + std::string(8, '\xff')); it->Valid(); it->Prev()) {
    ids.push_back(DecodeEntityDocKey(it->key())->doc_id);
  }
  EXPECT_TRUE(it->status().ok());
  EXPECT_THAT(ids, ElementsAre(3, 2, 1));  // not Q43's row, which sorts after
}

TEST(StoreTest, SchemaVersionWrittenOnCreation) {
  newsgraph::testing::TempDir dir;
  auto store = MustOpenPrimary(dir.Sub("db"));
  auto raw = store->Get(ColumnFamily::kMeta, kSchemaVersionKey);
  ASSERT_TRUE(raw.ok()) << raw.status();
  auto payload = UnwrapValue(*raw);
  ASSERT_TRUE(payload.ok());
  EXPECT_EQ(*DecodeFixed64BE(*payload), kCurrentSchemaVersion);
  EXPECT_EQ(kCurrentSchemaVersion, 5u);
}

TEST(StoreTest, OlderSchemaVersionIsRefusedWithReingestAdvice) {
  newsgraph::testing::TempDir dir;
  {
    auto store = MustOpenPrimary(dir.Sub("db"));
    std::string v;
    PutFixed64BE(&v, 1);
    WriteBatch batch;
    batch.Put(ColumnFamily::kMeta, kSchemaVersionKey, WrapValue(v));
    MustCommit(*store, batch);
  }
  auto reopened = Store::OpenPrimary(dir.Sub("db"));
  EXPECT_EQ(reopened.status().code(), absl::StatusCode::kFailedPrecondition) << reopened.status();
  EXPECT_THAT(std::string(reopened.status().message()), ::testing::HasSubstr("Re-ingest"));
  EXPECT_THAT(std::string(reopened.status().message()), ::testing::HasSubstr(dir.Sub("db")));
  auto secondary = Store::OpenSecondary(dir.Sub("db"), dir.Sub("sec"));
  EXPECT_EQ(secondary.status().code(), absl::StatusCode::kFailedPrecondition) << secondary.status();
}

TEST(StoreTest, AnalysisVersionIsRecordedAndAnotherOneRefused) {
  newsgraph::testing::TempDir dir;
  {
    auto store = MustOpenPrimary(dir.Sub("db"));
    auto raw = store->Get(ColumnFamily::kMeta, kAnalysisVersionKey);
    ASSERT_TRUE(raw.ok()) << raw.status();
    EXPECT_EQ(*DecodeFixed64BE(*UnwrapValue(*raw)),
              static_cast<uint64_t>(analysis::kAnalysisVersion));
  }
  // Reopening with the same analysis works, for the primary and a secondary.
  ASSERT_TRUE(Store::OpenPrimary(dir.Sub("db")).ok());
  ASSERT_TRUE(Store::OpenSecondary(dir.Sub("db"), dir.Sub("sec")).ok());
  {
    auto store = MustOpenPrimary(dir.Sub("db"));
    std::string v;
    PutFixed64BE(&v, analysis::kAnalysisVersion + 1);
    WriteBatch batch;
    batch.Put(ColumnFamily::kMeta, kAnalysisVersionKey, WrapValue(v));
    MustCommit(*store, batch);
  }
  auto reopened = Store::OpenPrimary(dir.Sub("db"));
  EXPECT_EQ(reopened.status().code(), absl::StatusCode::kFailedPrecondition) << reopened.status();
  EXPECT_THAT(std::string(reopened.status().message()), ::testing::HasSubstr("analysis_version"));
  EXPECT_THAT(std::string(reopened.status().message()), ::testing::HasSubstr(dir.Sub("db")));
  auto secondary = Store::OpenSecondary(dir.Sub("db"), dir.Sub("sec2"));
  EXPECT_EQ(secondary.status().code(), absl::StatusCode::kFailedPrecondition) << secondary.status();
  EXPECT_THAT(std::string(secondary.status().message()), ::testing::HasSubstr(dir.Sub("db")));
}

TEST(StoreTest, NewerSchemaVersionIsRefused) {
  newsgraph::testing::TempDir dir;
  {
    auto store = MustOpenPrimary(dir.Sub("db"));
    std::string v;
    PutFixed64BE(&v, kCurrentSchemaVersion + 1);
    WriteBatch batch;
    batch.Put(ColumnFamily::kMeta, kSchemaVersionKey, WrapValue(v));
    MustCommit(*store, batch);
  }
  auto reopened = Store::OpenPrimary(dir.Sub("db"));
  EXPECT_EQ(reopened.status().code(), absl::StatusCode::kFailedPrecondition) << reopened.status();
  auto secondary = Store::OpenSecondary(dir.Sub("db"), dir.Sub("sec"));
  EXPECT_EQ(secondary.status().code(), absl::StatusCode::kFailedPrecondition) << secondary.status();
}

TEST(StoreTest, ReopenKeepsData) {
  newsgraph::testing::TempDir dir;
  {
    auto store = MustOpenPrimary(dir.Sub("db"));
    WriteBatch batch;
    batch.Put(ColumnFamily::kEntities, EntityKey("Q42"), WrapValue("entity"));
    MustCommit(*store, batch);
  }
  auto store = MustOpenPrimary(dir.Sub("db"));
  auto v = store->Get(ColumnFamily::kEntities, EntityKey("Q42"));
  ASSERT_TRUE(v.ok()) << v.status();
  EXPECT_EQ(*v, WrapValue("entity"));
}

TEST(StoreTest, SecondPrimaryOnSamePathIsFailedPrecondition) {
  newsgraph::testing::TempDir dir;
  auto first = MustOpenPrimary(dir.Sub("db"));
  ASSERT_NE(first, nullptr);
  auto second = Store::OpenPrimary(dir.Sub("db"));
  EXPECT_EQ(second.status().code(), absl::StatusCode::kFailedPrecondition) << second.status();
  EXPECT_THAT(std::string(second.status().message()),
              ::testing::StartsWith("open primary " + dir.Sub("db")));
}

// The deployment case: the LOCK is held by another process (ingest), not by this one.
TEST(StoreTest, PrimaryHeldByAnotherProcessIsFailedPrecondition) {
  newsgraph::testing::TempDir dir;
  const std::string path = dir.Sub("db");
  int ready[2], done[2];
  ASSERT_EQ(pipe(ready), 0);
  ASSERT_EQ(pipe(done), 0);
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    // Child: hold the primary until the parent says it has tried. No gtest assertions here.
    char c = 0;
    auto store = Store::OpenPrimary(path);
    c = store.ok() ? 'y' : 'n';
    if (write(ready[1], &c, 1) != 1) _exit(2);
    if (read(done[0], &c, 1) != 1) _exit(3);
    store = absl::UnknownError("closing");  // destroys the Store before _exit
    _exit(0);
  }
  char c = 0;
  ASSERT_EQ(read(ready[0], &c, 1), 1);
  ASSERT_EQ(c, 'y');
  auto second = Store::OpenPrimary(path);
  EXPECT_EQ(second.status().code(), absl::StatusCode::kFailedPrecondition) << second.status();
  // A secondary needs no lock, so it works while the other process writes.
  auto secondary = Store::OpenSecondary(path, dir.Sub("secondary"));
  EXPECT_TRUE(secondary.ok()) << secondary.status();
  ASSERT_EQ(write(done[1], "x", 1), 1);
  int wstatus = 0;
  ASSERT_EQ(waitpid(child, &wstatus, 0), child);
  EXPECT_TRUE(WIFEXITED(wstatus) && WEXITSTATUS(wstatus) == 0);
  for (int fd : {ready[0], ready[1], done[0], done[1]}) close(fd);
  // Once the other process is gone, the lock is free again.
  EXPECT_TRUE(Store::OpenPrimary(path).ok());
}

TEST(StoreTest, SequenceNumbersIncreaseWithCommits) {
  newsgraph::testing::TempDir dir;
  StoreOptions opts;
  opts.sync_writes = false;  // also exercise the unsynced path
  auto store = MustOpenPrimary(dir.Sub("db"), opts);
  uint64_t last = store->LatestSequenceNumber();
  for (uint64_t id = 1; id <= 3; ++id) {
    WriteBatch batch;
    batch.Put(ColumnFamily::kDocuments, DocumentKey(id), WrapValue("d"));
    batch.Put(ColumnFamily::kExternalIds, ExternalIdKey("e" + std::to_string(id)), WrapValue("x"));
    auto seq = store->Commit(batch);
    ASSERT_TRUE(seq.ok()) << seq.status();
    EXPECT_GT(*seq, last);
    EXPECT_EQ(*seq, store->LatestSequenceNumber());
    last = *seq;
  }
}

TEST(StoreTest, SecondarySeesWritesOnlyAfterCatchUp) {
  newsgraph::testing::TempDir dir;
  auto primary = MustOpenPrimary(dir.Sub("db"));
  auto secondary_or = Store::OpenSecondary(dir.Sub("db"), dir.Sub("secondary"));
  ASSERT_TRUE(secondary_or.ok()) << secondary_or.status();
  std::unique_ptr<Store> secondary = std::move(*secondary_or);
  EXPECT_TRUE(secondary->is_secondary());

  WriteBatch batch;
  batch.Put(ColumnFamily::kDocuments, DocumentKey(1), WrapValue("fresh"));
  batch.Put(ColumnFamily::kPostings, PostingBlockKey("fresh", 1), WrapValue("\x01"));
  auto seq = primary->Commit(batch);
  ASSERT_TRUE(seq.ok()) << seq.status();

  EXPECT_EQ(secondary->Get(ColumnFamily::kDocuments, DocumentKey(1)).status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_LT(secondary->LatestSequenceNumber(), *seq);
  ASSERT_TRUE(secondary->CatchUp().ok());
  EXPECT_GE(secondary->LatestSequenceNumber(), *seq);
  auto doc = secondary->Get(ColumnFamily::kDocuments, DocumentKey(1));
  ASSERT_TRUE(doc.ok()) << doc.status();
  EXPECT_EQ(*doc, WrapValue("fresh"));
  EXPECT_EQ(Scan(*secondary, ColumnFamily::kPostings, PostingPrefix("fresh")).size(), 1u);

  // Commit on a secondary is refused, and nothing changes.
  WriteBatch write;
  write.Put(ColumnFamily::kDocuments, DocumentKey(9), WrapValue("nope"));
  EXPECT_EQ(secondary->Commit(write).status().code(), absl::StatusCode::kFailedPrecondition);
}

TEST(StoreTest, SecondaryOpensWhilePrimaryHoldsLockAndAfterItCloses) {
  newsgraph::testing::TempDir dir;
  {
    auto primary = MustOpenPrimary(dir.Sub("db"));
    WriteBatch batch;
    batch.Put(ColumnFamily::kDocuments, DocumentKey(5), WrapValue("five"));
    MustCommit(*primary, batch);
  }
  // Data only in the primary's WAL (no flush happened) is still visible to a new secondary.
  auto secondary = Store::OpenSecondary(dir.Sub("db"), dir.Sub("secondary"));
  ASSERT_TRUE(secondary.ok()) << secondary.status();
  EXPECT_TRUE((*secondary)->Get(ColumnFamily::kDocuments, DocumentKey(5)).ok());
  // Two secondaries may coexist.
  auto another = Store::OpenSecondary(dir.Sub("db"), dir.Sub("secondary2"));
  EXPECT_TRUE(another.ok()) << another.status();
}

TEST(StoreTest, SecondaryOnMissingPrimaryIsUnavailable) {
  newsgraph::testing::TempDir dir;
  auto missing = Store::OpenSecondary(dir.Sub("nope"), dir.Sub("secondary"));
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kUnavailable) << missing.status();
  // An existing but empty directory (primary about to create the DB) is the same.
  auto empty = Store::OpenSecondary(dir.path(), dir.Sub("secondary"));
  EXPECT_EQ(empty.status().code(), absl::StatusCode::kUnavailable) << empty.status();
}

TEST(StoreTest, UnknownColumnFamilyValueIsInvalidArgument) {
  newsgraph::testing::TempDir dir;
  auto store = MustOpenPrimary(dir.Sub("db"));
  const auto bogus = static_cast<ColumnFamily>(99);
  EXPECT_EQ(store->Get(bogus, "k").status().code(), absl::StatusCode::kInvalidArgument);
  WriteBatch batch;
  batch.Put(bogus, "k", "v");
  EXPECT_EQ(store->Commit(batch).status().code(), absl::StatusCode::kInvalidArgument);
  auto it = store->NewIterator(bogus);
  it->SeekToFirst();
  EXPECT_FALSE(it->Valid());
  EXPECT_EQ(it->status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace newsgraph::store
