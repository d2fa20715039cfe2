// The document store: one RocksDB database with the column families of column_families.h.
//
// The ingest service is the only writer: it opens the store as the primary and commits each
// document together with its mentions, postings and entity records in one WriteBatch, so readers
// never see half a document. The query service opens the same directory as a RocksDB secondary
// instance (read-only, no lock) and calls CatchUp() to see what the primary wrote since.
//
// RocksDB stays an implementation detail: no rocksdb header or rocksdb::Status appears here, so
// dependents neither compile against nor handle RocksDB types. All errors are absl::Status with
// the operation and path in the message.
#ifndef NEWSGRAPH_COMMON_STORE_STORE_H_
#define NEWSGRAPH_COMMON_STORE_STORE_H_

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/store/column_families.h"

namespace newsgraph::store {

// The schema_version this code writes and understands (see SCHEMA.md). Bumped whenever a layout
// changes incompatibly; opening a store with another version fails instead of misreading it.
// Version 2: block postings with positions (merge operator), doc_meta, index counters.
// Version 3: the stories and doc_story families.
// Version 4: entity_pairs, entity_days, entity_totals, story_dates; analysis_version in meta.
// Version 5: doc_changes (written by Commit for every doc_meta row a batch touches).
inline constexpr uint64_t kCurrentSchemaVersion = 5;

struct StoreOptions {
  // fsync the WAL on every commit: an acknowledged doc survives power loss.
  bool sync_writes = true;
  // LRU block cache shared by all column families of one Store.
  size_t block_cache_bytes = 64 << 20;
};

// An ordered set of puts and deletes over any column families, applied atomically by
// Store::Commit. Not thread-safe. A moved-from batch may only be destroyed or assigned to.
class WriteBatch {
 public:
  WriteBatch();
  ~WriteBatch();
  WriteBatch(WriteBatch&&) noexcept;
  WriteBatch& operator=(WriteBatch&&) noexcept;
  WriteBatch(const WriteBatch&) = delete;
  WriteBatch& operator=(const WriteBatch&) = delete;

  // Records "set `key` to `value` in `cf`"; copies both. A later operation on the same key in the
  // same batch wins.
  void Put(ColumnFamily cf, std::string_view key, std::string_view value);
  // Records "remove `key` from `cf`" (no error at commit if the key is absent); copies the key.
  void Delete(ColumnFamily cf, std::string_view key);
  // Records "merge `operand` into `key` of `cf`" with the family's merge operator (only
  // postings has one: PostingAddOperand / PostingRemovalOperand, see postings.h). Commit fails
  // with InvalidArgument for a family without one. Copies both.
  void Merge(ColumnFamily cf, std::string_view key, std::string_view operand);
  // Number of operations recorded so far.
  size_t Count() const;

 private:
  friend class Store;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// A forward cursor over one column family, in bytewise key order, reading a consistent snapshot
// taken when Store::NewIterator was called. Must be destroyed before the Store that made it.
// Not thread-safe.
class Iterator {
 public:
  ~Iterator();
  Iterator(const Iterator&) = delete;
  Iterator& operator=(const Iterator&) = delete;

  // Positions at the first key >= `key`; Valid() is false if there is none (or on error).
  void Seek(std::string_view key);
  // Positions at the first key; Valid() is false if the family is empty (or on error).
  void SeekToFirst();
  // True while positioned at an entry. False after running off the end or on error; check
  // status() to tell the two apart.
  bool Valid() const;
  // Advances to the next key. Requires Valid().
  void Next();
  // Positions at the last key <= `key`; Valid() is false if there is none (or on error). With
  // Prev, reads the newest rows of a prefix without walking the older ones.
  void SeekForPrev(std::string_view key);
  // Moves to the previous key. Requires Valid().
  void Prev();
  // The current key / value. Require Valid(); the views stay valid until the iterator moves.
  std::string_view key() const;
  std::string_view value() const;
  // OK unless an error (e.g. DataLoss on a corrupt block, Internal on I/O) stopped iteration.
  absl::Status status() const;

 private:
  friend class Store;
  struct Impl;
  explicit Iterator(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

// All methods are safe to call from several threads at once (RocksDB's DB is thread-safe).
class Store {
 public:
  // Opens (creating if missing, with every CF in kAllColumnFamilies, and writing
  // kCurrentSchemaVersion on creation) the store at `path` as the single writer. Column families a
  // newer version added are opened too, so that the schema check below can run. On success returns
  // the open store. Fails with FailedPrecondition if another process (or another Store in this
  // process) holds it (RocksDB LOCK), DataLoss on corruption (including an unreadable
  // schema_version), Internal otherwise; FailedPrecondition also when the stored schema_version is
  // not kCurrentSchemaVersion (an older store's message names its path and says to re-ingest).
  static absl::StatusOr<std::unique_ptr<Store>> OpenPrimary(const std::string& path,
                                                            const StoreOptions& options = {});

  // Opens the store at `primary_path` read-only as a secondary instance whose own info log/
  // scratch files go to `secondary_path` (created if missing; use one per secondary). Lists the
  // CFs from the primary's directory and sees the primary's state as of this call. Fails with
  // Unavailable when the primary does not exist (yet) or has not finished creating its column
  // families and schema_version, so a caller can retry; FailedPrecondition when the stored
  // schema_version or analysis_version is not this code's (as for OpenPrimary); DataLoss on
  // corruption;
  // Internal otherwise.
  static absl::StatusOr<std::unique_ptr<Store>> OpenSecondary(const std::string& primary_path,
                                                              const std::string& secondary_path,
                                                              const StoreOptions& options = {});

  ~Store();  // closes cleanly; every Iterator of this store must be gone by then
  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;

  // True for a store made by OpenSecondary.
  bool is_secondary() const;

  // Secondary: replays what the primary has written since the last catch-up (RocksDB
  // TryCatchUpWithPrimary) and returns OK, so later reads see it; DataLoss / Internal if the
  // primary's files cannot be read. Primary: no-op, returns OK (it always sees its own writes).
  absl::Status CatchUp();

  // Point read. Returns the value stored under `key` in `cf`; NotFound when absent, DataLoss on
  // corruption, Internal otherwise. Returns the raw stored bytes (still wrapped, see UnwrapValue).
  absl::StatusOr<std::string> Get(ColumnFamily cf, std::string_view key) const;

  // Batched point reads of `keys` in `cf` (one RocksDB MultiGet, cheaper than a Get per key).
  // Returns one result per key, in order, each as Get would return it; the outer status is
  // InvalidArgument only for an unknown family.
  absl::StatusOr<std::vector<absl::StatusOr<std::string>>> MultiGet(
      ColumnFamily cf, const std::vector<std::string>& keys) const;

  // Commits every operation of `batch` atomically (WAL on; fsynced when options.sync_writes),
  // leaving `batch` unchanged, plus one doc_changes row per doc_meta key the batch puts or
  // deletes (numbered on from the highest one, so readers can follow doc_meta changes in commit
  // order; commits are serialised for that). Returns the store's latest sequence number after the
  // commit, a consistency token: a secondary whose LatestSequenceNumber() is >= it has seen the
  // batch.
  // FailedPrecondition on a secondary; Internal (or DataLoss) if RocksDB rejects the write, in
  // which case none of the batch is applied.
  absl::StatusOr<uint64_t> Commit(WriteBatch& batch);

  // Primary: flushes every memtable and compacts the postings family completely, so that each
  // postings block is one merged value instead of a value plus merge operands (what readers
  // otherwise merge on every read until RocksDB's own compactions get there). For benchmarks and
  // maintenance; blocks until done. FailedPrecondition on a secondary; Internal on I/O errors.
  absl::Status Compact();

  // The sequence number of the last write this instance has applied (primary) or replayed
  // (secondary). 0 for a fresh store before any write.
  uint64_t LatestSequenceNumber() const;

  // Returns an unpositioned iterator over `cf`; call Seek/SeekToFirst before use. Never null.
  std::unique_ptr<Iterator> NewIterator(ColumnFamily cf) const;

  // Calls fn(key, value) for each key of `cf` starting with `prefix`, in key order, until fn
  // returns false or the keys run out; then returns OK. The views are valid only during the call.
  // Returns DataLoss / Internal if reading fails part-way (fn may have seen some keys).
  absl::Status ScanPrefix(ColumnFamily cf, std::string_view prefix,
                          const std::function<bool(std::string_view, std::string_view)>& fn) const;

  // Sizes for metrics, as plain integers (RocksDB properties summed over every column family).
  struct Sizes {
    uint64_t sst_file_bytes = 0;  // "rocksdb.total-sst-files-size": every live SST file
    uint64_t memtable_bytes = 0;  // "rocksdb.cur-size-all-mem-tables": not yet flushed
  };
  // Returns the current sizes; a property RocksDB cannot report counts as 0. Never fails.
  Sizes ApproximateSizes() const;

 private:
  class Impl;
  explicit Store(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace newsgraph::store

#endif  // NEWSGRAPH_COMMON_STORE_STORE_H_
