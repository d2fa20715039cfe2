#include "common/store/store.h"

#include <array>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <system_error>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "common/analysis/analyzer.h"
#include "common/base/status_macros.h"
#include "common/store/column_families.h"
#include "common/store/keys.h"
#include "common/store/merge_operators.h"
#include "rocksdb/cache.h"
#include "rocksdb/db.h"
#include "rocksdb/filter_policy.h"
#include "rocksdb/iterator.h"
#include "rocksdb/options.h"
#include "rocksdb/slice.h"
#include "rocksdb/status.h"
#include "rocksdb/table.h"
#include "rocksdb/write_batch.h"

namespace newsgraph::store {
namespace {

// Whether a missing database means "not there yet, retry" (secondary open) or is a plain error.
enum class MissingDb { kInternal, kUnavailable };

// The single rocksdb::Status -> absl::Status mapping of this library. `context` names the
// operation and path ("open primary /data/db") and prefixes every message.
absl::Status FromRocks(const rocksdb::Status& s, const std::string& context,
                       MissingDb missing = MissingDb::kInternal) {
  if (s.ok()) return absl::OkStatus();
  const std::string text = s.ToString();
  const std::string msg = absl::StrCat(context, ": ", text);
  // Checked before IsNotFound: RocksDB reports a missing CURRENT file as NotFound/IOError with
  // the PathNotFound subcode, which for a secondary means the primary has not created it yet.
  if (missing == MissingDb::kUnavailable &&
      (s.IsPathNotFound() || (s.IsInvalidArgument() && absl::StrContains(text, "does not exist")) ||
       (s.IsIOError() && absl::StrContains(text, "No such file or directory")))) {
    return absl::UnavailableError(msg);
  }
  if (s.IsNotFound()) return absl::NotFoundError(msg);
  if (s.IsCorruption()) return absl::DataLossError(msg);
  if (s.IsBusy() || s.IsTryAgain()) return absl::FailedPreconditionError(msg);
  // Another holder of the LOCK file: "While lock file: ..." (other process) or "lock hold by
  // current process" (same process). Both are a deployment problem, not an internal error.
  if (s.IsIOError() && absl::StrContains(absl::AsciiStrToLower(text), "lock")) {
    return absl::FailedPreconditionError(msg);
  }
  return absl::InternalError(msg);
}

rocksdb::Slice ToSlice(std::string_view s) { return rocksdb::Slice(s.data(), s.size()); }

// The options every column family gets. One block cache and bloom filter setup is shared, so
// block_cache_bytes bounds the whole store rather than each family.
rocksdb::ColumnFamilyOptions MakeCfOptions(const StoreOptions& options) {
  rocksdb::BlockBasedTableOptions table;
  table.block_cache = rocksdb::NewLRUCache(options.block_cache_bytes);
  // Most reads are point lookups (documents, external ids, entities) that often miss.
  table.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  rocksdb::ColumnFamilyOptions cf;
  cf.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table));
  return cf;
}

// Whether `cf` has a merge operator (see CfOptionsFor).
bool HasMergeOperator(ColumnFamily cf) { return cf == ColumnFamily::kPostings; }

// `shared` (from MakeCfOptions) plus the merge operator of the family called `name`, if it has
// one. Primary and secondary both go through here, so they always merge alike.
rocksdb::ColumnFamilyOptions CfOptionsFor(const rocksdb::ColumnFamilyOptions& shared,
                                          std::string_view name) {
  rocksdb::ColumnFamilyOptions cf = shared;
  if (name == ColumnFamilyName(ColumnFamily::kPostings)) {
    cf.merge_operator = NewPostingsMergeOperator();
  }
  return cf;
}

// Returns the smallest key greater than every key starting with `prefix`, or "" if none exists
// (empty prefix, or all 0xff bytes). Used as an exclusive iterate_upper_bound so a prefix scan
// stops inside RocksDB instead of stepping over the next prefix's keys and tombstones.
std::string PrefixSuccessor(std::string_view prefix) {
  std::string limit(prefix);
  while (!limit.empty()) {
    if (static_cast<uint8_t>(limit.back()) != 0xff) {
      limit.back() = static_cast<char>(static_cast<uint8_t>(limit.back()) + 1);
      return limit;
    }
    limit.pop_back();
  }
  return limit;
}

enum class OpKind : uint8_t { kPut, kDelete, kMerge };

struct BatchOp {
  ColumnFamily cf;
  OpKind kind;
  std::string key;
  std::string value;
};

}  // namespace

// ---- WriteBatch ----

// The operations are buffered rather than written straight into a rocksdb::WriteBatch because a
// rocksdb batch needs the column family handles of an open DB, which a WriteBatch built with no
// Store in sight does not have. Commit translates the buffer in one pass.
struct WriteBatch::Impl {
  std::vector<BatchOp> ops;
};

WriteBatch::WriteBatch() : impl_(std::make_unique<Impl>()) {}
WriteBatch::~WriteBatch() = default;
WriteBatch::WriteBatch(WriteBatch&&) noexcept = default;
WriteBatch& WriteBatch::operator=(WriteBatch&&) noexcept = default;

void WriteBatch::Put(ColumnFamily cf, std::string_view key, std::string_view value) {
  impl_->ops.push_back(BatchOp{cf, OpKind::kPut, std::string(key), std::string(value)});
}

void WriteBatch::Delete(ColumnFamily cf, std::string_view key) {
  impl_->ops.push_back(BatchOp{cf, OpKind::kDelete, std::string(key), std::string()});
}

void WriteBatch::Merge(ColumnFamily cf, std::string_view key, std::string_view operand) {
  impl_->ops.push_back(BatchOp{cf, OpKind::kMerge, std::string(key), std::string(operand)});
}

size_t WriteBatch::Count() const { return impl_->ops.size(); }

// ---- Iterator ----

struct Iterator::Impl {
  std::unique_ptr<rocksdb::Iterator> it;
  absl::Status error;  // set when the iterator could not be created; `it` is then empty
};

Iterator::Iterator(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Iterator::~Iterator() = default;

void Iterator::Seek(std::string_view key) { impl_->it->Seek(ToSlice(key)); }
void Iterator::SeekToFirst() { impl_->it->SeekToFirst(); }
bool Iterator::Valid() const { return impl_->it->Valid(); }
void Iterator::Next() { impl_->it->Next(); }
void Iterator::SeekForPrev(std::string_view key) { impl_->it->SeekForPrev(ToSlice(key)); }
void Iterator::Prev() { impl_->it->Prev(); }
std::string_view Iterator::key() const { return impl_->it->key().ToStringView(); }
std::string_view Iterator::value() const { return impl_->it->value().ToStringView(); }
absl::Status Iterator::status() const {
  if (!impl_->error.ok()) return impl_->error;
  return FromRocks(impl_->it->status(), "iterate");
}

// ---- Store ----

class Store::Impl {
 public:
  Impl(std::unique_ptr<rocksdb::DB> db, std::vector<rocksdb::ColumnFamilyHandle*> all_handles,
       bool secondary, std::string path, const StoreOptions& options)
      : db_(std::move(db)),
        all_handles_(std::move(all_handles)),
        secondary_(secondary),
        path_(std::move(path)),
        options_(options) {
    for (rocksdb::ColumnFamilyHandle* h : all_handles_) {
      for (ColumnFamily cf : kAllColumnFamilies) {
        if (h->GetName() == ColumnFamilyName(cf)) handles_[static_cast<size_t>(cf)] = h;
      }
    }
  }

  ~Impl() {
    for (rocksdb::ColumnFamilyHandle* h : all_handles_) db_->DestroyColumnFamilyHandle(h);
    // Nothing useful can be done with a Close error here: committed batches are already in the
    // WAL (synced per options), and the unique_ptr deletes the DB either way.
    db_->Close().PermitUncheckedError();
  }

  // The handle of `cf`, or null for a value outside the enum or a family the DB lacks.
  rocksdb::ColumnFamilyHandle* handle(ColumnFamily cf) const {
    const size_t i = static_cast<size_t>(cf);
    return i < handles_.size() ? handles_[i] : nullptr;
  }

  absl::StatusOr<rocksdb::ColumnFamilyHandle*> CheckedHandle(ColumnFamily cf,
                                                             std::string_view op) const {
    rocksdb::ColumnFamilyHandle* h = handle(cf);
    if (h == nullptr) {
      return absl::InvalidArgumentError(absl::StrCat(
          std::string(op), " ", path_, ": unknown column family ", static_cast<int>(cf)));
    }
    return h;
  }

  // Reads schema_version from the meta family. NotFound when it has not been written yet,
  // DataLoss when unreadable, FailedPrecondition when it is not the version this code speaks.
  absl::StatusOr<uint64_t> ReadSchemaVersion() const {
    std::string raw;
    RETURN_IF_ERROR(FromRocks(db_->Get(rocksdb::ReadOptions(), handle(ColumnFamily::kMeta),
                                       ToSlice(kSchemaVersionKey), &raw),
                              absl::StrCat("read schema_version of ", path_)));
    absl::StatusOr<std::string_view> payload = UnwrapValue(raw);
    absl::StatusOr<uint64_t> version =
        payload.ok() ? DecodeFixed64BE(*payload) : absl::StatusOr<uint64_t>(payload.status());
    if (!version.ok() || *version == 0) {
      return absl::DataLossError(absl::StrCat(
          path_, ": unreadable schema_version: ", version.ok() ? "0" : version.status().message()));
    }
    if (*version > kCurrentSchemaVersion) {
      return absl::FailedPreconditionError(absl::StrCat(path_, ": schema_version ", *version,
                                                        " is newer than ", kCurrentSchemaVersion,
                                                        " (written by a newer release)"));
    }
    if (*version < kCurrentSchemaVersion) {
      // The store is pre-release: older layouts are not migrated but rebuilt from the articles.
      return absl::FailedPreconditionError(absl::StrCat(
          path_, ": schema_version ", *version, " is older than ", kCurrentSchemaVersion,
          " (the search index layout changed); this release cannot read it. Re-ingest your "
          "articles into a new store: stop the services, move or delete ",
          path_, " and load the articles again"));
    }
    return *version;
  }

  // Checks that the store's postings were built by this code's common/analysis: other terms or
  // stem keys would make old documents silently unfindable. OK when it matches; FailedPrecondition
  // naming the directory when it differs or is missing (a schema-4 store always has it);
  // DataLoss when unreadable.
  absl::Status CheckAnalysisVersion() const {
    std::string raw;
    const rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), handle(ColumnFamily::kMeta),
                                       ToSlice(kAnalysisVersionKey), &raw);
    if (s.IsNotFound()) {
      return absl::FailedPreconditionError(
          absl::StrCat(path_,
                       ": no analysis_version recorded; re-ingest the articles into a new "
                       "store (move or delete ",
                       path_, ")"));
    }
    RETURN_IF_ERROR(FromRocks(s, absl::StrCat("read analysis_version of ", path_)));
    absl::StatusOr<std::string_view> payload = UnwrapValue(raw);
    absl::StatusOr<uint64_t> version =
        payload.ok() ? DecodeFixed64BE(*payload) : absl::StatusOr<uint64_t>(payload.status());
    if (!version.ok()) {
      return absl::DataLossError(
          absl::StrCat(path_, ": unreadable analysis_version: ", version.status().message()));
    }
    if (*version != static_cast<uint64_t>(analysis::kAnalysisVersion)) {
      return absl::FailedPreconditionError(absl::StrCat(
          path_, ": analysis_version ", *version, " differs from this release's ",
          analysis::kAnalysisVersion,
          " (index terms changed); this release cannot search it. Re-ingest your articles into a "
          "new store: stop the services, move or delete ",
          path_, " and load the articles again"));
    }
    return absl::OkStatus();
  }

  // Primary only: writes schema_version and analysis_version on creation, or checks the stored
  // ones.
  absl::Status InitSchema() {
    absl::StatusOr<uint64_t> version = ReadSchemaVersion();
    if (version.ok()) return CheckAnalysisVersion();
    if (!absl::IsNotFound(version.status())) return version.status();
    // Absent: a fresh store (or one whose creator died before getting here, which is the same).
    std::string schema, analysis_version;
    PutFixed64BE(&schema, kCurrentSchemaVersion);
    PutFixed64BE(&analysis_version, static_cast<uint64_t>(analysis::kAnalysisVersion));
    rocksdb::WriteBatch batch;
    // One batch: a store never has a schema_version without its analysis_version.
    RETURN_IF_ERROR(FromRocks(batch.Put(handle(ColumnFamily::kMeta), ToSlice(kAnalysisVersionKey),
                                        WrapValue(analysis_version)),
                              absl::StrCat("write analysis_version of ", path_)));
    RETURN_IF_ERROR(FromRocks(
        batch.Put(handle(ColumnFamily::kMeta), ToSlice(kSchemaVersionKey), WrapValue(schema)),
        absl::StrCat("write schema_version of ", path_)));
    rocksdb::WriteOptions wo;
    wo.sync = true;  // the store's identity must survive even if sync_writes is off
    return FromRocks(db_->Write(wo, &batch), absl::StrCat("write schema_version of ", path_));
  }

  // Primary only: the number the next doc_changes row gets, one past the highest stored.
  absl::Status LoadNextDocChange() {
    std::unique_ptr<rocksdb::Iterator> it(
        db_->NewIterator(rocksdb::ReadOptions(), handle(ColumnFamily::kDocChanges)));
    it->SeekToLast();
    RETURN_IF_ERROR(FromRocks(it->status(), absl::StrCat("read doc_changes of ", path_)));
    if (!it->Valid()) return absl::OkStatus();
    absl::StatusOr<uint64_t> last = DecodeFixed64BE(it->key().ToStringView());
    if (!last.ok()) {
      return absl::DataLossError(
          absl::StrCat(path_, ": bad doc_changes key: ", last.status().message()));
    }
    next_doc_change_ = *last + 1;
    return absl::OkStatus();
  }

  std::unique_ptr<rocksdb::DB> db_;
  std::vector<rocksdb::ColumnFamilyHandle*> all_handles_;  // owned; incl. families we don't know
  std::array<rocksdb::ColumnFamilyHandle*, kAllColumnFamilies.size()> handles_{};
  const bool secondary_;
  const std::string path_;
  const StoreOptions options_;
  // Held from numbering doc_changes rows to the end of the write, so that rows become visible in
  // number order: a reader that has seen row n has seen every row below it.
  absl::Mutex commit_mutex_;
  uint64_t next_doc_change_ ABSL_GUARDED_BY(commit_mutex_) = 1;
};

Store::Store(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Store::~Store() = default;

absl::StatusOr<std::unique_ptr<Store>> Store::OpenPrimary(const std::string& path,
                                                          const StoreOptions& options) {
  const std::string context = absl::StrCat("open primary ", path);
  rocksdb::DBOptions db_options;
  db_options.create_if_missing = true;
  db_options.create_missing_column_families = true;
  // A write-ahead log file is deleted only once every family has flushed what it holds, and the
  // meta family takes a few bytes per document: it pinned every log (1.6 GB after 100,000
  // documents), which a restart and every secondary's open replay. Past this size RocksDB
  // flushes the families holding the oldest log.
  db_options.max_total_wal_size = 256 << 20;
  const rocksdb::ColumnFamilyOptions cf_options = MakeCfOptions(options);

  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  for (ColumnFamily cf : kAllColumnFamilies) {
    const std::string name(ColumnFamilyName(cf));
    descriptors.emplace_back(name, CfOptionsFor(cf_options, name));
  }
  // RocksDB refuses to open a DB unless every existing family is named, so families added by a
  // newer release are opened too; the schema_version check then decides. A listing failure just
  // means there is no DB yet (Open reports any real problem).
  std::vector<std::string> existing;
  if (rocksdb::DB::ListColumnFamilies(db_options, path, &existing).ok()) {
    for (const std::string& name : existing) {
      bool known = false;
      for (ColumnFamily cf : kAllColumnFamilies) known = known || name == ColumnFamilyName(cf);
      if (!known) descriptors.emplace_back(name, cf_options);
    }
  }

  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  RETURN_IF_ERROR(
      FromRocks(rocksdb::DB::Open(db_options, path, descriptors, &handles, &raw), context));
  auto impl = std::make_unique<Impl>(std::unique_ptr<rocksdb::DB>(raw), std::move(handles),
                                     /*secondary=*/false, path, options);
  RETURN_IF_ERROR(impl->InitSchema());
  {
    absl::MutexLock lock(&impl->commit_mutex_);
    RETURN_IF_ERROR(impl->LoadNextDocChange());
  }
  return std::unique_ptr<Store>(new Store(std::move(impl)));
}

absl::StatusOr<std::unique_ptr<Store>> Store::OpenSecondary(const std::string& primary_path,
                                                            const std::string& secondary_path,
                                                            const StoreOptions& options) {
  const std::string context =
      absl::StrCat("open secondary ", primary_path, " (secondary dir ", secondary_path, ")");
  std::error_code ec;
  std::filesystem::create_directories(secondary_path, ec);
  if (ec) return absl::InternalError(absl::StrCat(context, ": mkdir: ", ec.message()));

  rocksdb::DBOptions db_options;
  db_options.max_open_files = -1;  // required by secondary instances
  // RocksDB 7.8 starts this many threads per column family on every TryCatchUpWithPrimary (to
  // open table files) even when nothing changed: with the default 16 that was a third of a
  // search's CPU time. Files are opened inline instead.
  db_options.max_file_opening_threads = 1;
  std::vector<std::string> existing;
  RETURN_IF_ERROR(FromRocks(rocksdb::DB::ListColumnFamilies(db_options, primary_path, &existing),
                            context, MissingDb::kUnavailable));
  // The primary creates the families one by one right after creating the DB; a secondary that
  // looks in between would never see the late ones (it ignores families created after it
  // starts), so a missing one means "not ready, retry" — unless the schema check below finds an
  // old store, which lacks newer families for good. Unknown (newer) families are skipped: a
  // secondary may open a subset.
  const rocksdb::ColumnFamilyOptions cf_options = MakeCfOptions(options);
  std::vector<rocksdb::ColumnFamilyDescriptor> descriptors;
  std::string missing_family;
  for (ColumnFamily cf : kAllColumnFamilies) {
    const std::string name(ColumnFamilyName(cf));
    bool present = false;
    for (const std::string& e : existing) present = present || e == name;
    if (present) {
      descriptors.emplace_back(name, CfOptionsFor(cf_options, name));
    } else if (missing_family.empty()) {
      missing_family = name;
    }
  }

  std::vector<rocksdb::ColumnFamilyHandle*> handles;
  rocksdb::DB* raw = nullptr;
  RETURN_IF_ERROR(FromRocks(rocksdb::DB::OpenAsSecondary(db_options, primary_path, secondary_path,
                                                         descriptors, &handles, &raw),
                            context, MissingDb::kUnavailable));
  auto impl = std::make_unique<Impl>(std::unique_ptr<rocksdb::DB>(raw), std::move(handles),
                                     /*secondary=*/true, primary_path, options);
  // Without the meta family (created with the DB itself) there is no schema to check yet.
  absl::StatusOr<uint64_t> version =
      impl->handle(ColumnFamily::kMeta) == nullptr
          ? absl::StatusOr<uint64_t>(absl::NotFoundError("no meta family"))
          : impl->ReadSchemaVersion();
  if (absl::IsNotFound(version.status())) {
    return absl::UnavailableError(
        absl::StrCat(context, ": primary has not written schema_version yet"));
  }
  if (!version.ok()) return version.status();
  RETURN_IF_ERROR(impl->CheckAnalysisVersion());
  if (!missing_family.empty()) {
    return absl::UnavailableError(absl::StrCat(context, ": column family ", missing_family,
                                               " not created by the primary yet"));
  }
  return std::unique_ptr<Store>(new Store(std::move(impl)));
}

bool Store::is_secondary() const { return impl_->secondary_; }

absl::Status Store::CatchUp() {
  if (!impl_->secondary_) return absl::OkStatus();
  return FromRocks(impl_->db_->TryCatchUpWithPrimary(),
                   absl::StrCat("catch up with primary ", impl_->path_));
}

absl::StatusOr<std::string> Store::Get(ColumnFamily cf, std::string_view key) const {
  ASSIGN_OR_RETURN(rocksdb::ColumnFamilyHandle * h, impl_->CheckedHandle(cf, "get"));
  std::string value;
  RETURN_IF_ERROR(
      FromRocks(impl_->db_->Get(rocksdb::ReadOptions(), h, ToSlice(key), &value),
                absl::StrCat("get ", std::string(ColumnFamilyName(cf)), " in ", impl_->path_)));
  return value;
}

absl::StatusOr<std::vector<absl::StatusOr<std::string>>> Store::MultiGet(
    ColumnFamily cf, const std::vector<std::string>& keys) const {
  ASSIGN_OR_RETURN(rocksdb::ColumnFamilyHandle * h, impl_->CheckedHandle(cf, "multiget"));
  std::vector<rocksdb::Slice> slices;
  slices.reserve(keys.size());
  for (const std::string& key : keys) slices.emplace_back(key);
  std::vector<rocksdb::PinnableSlice> values(keys.size());
  std::vector<rocksdb::Status> statuses(keys.size());
  if (!keys.empty()) {
    impl_->db_->MultiGet(rocksdb::ReadOptions(), h, keys.size(), slices.data(), values.data(),
                         statuses.data());
  }
  std::vector<absl::StatusOr<std::string>> results;
  results.reserve(keys.size());
  const std::string context =
      absl::StrCat("get ", std::string(ColumnFamilyName(cf)), " in ", impl_->path_);
  for (size_t i = 0; i < keys.size(); ++i) {
    if (statuses[i].ok()) {
      results.emplace_back(values[i].ToString());
    } else {
      results.emplace_back(FromRocks(statuses[i], context));
    }
  }
  return results;
}

absl::StatusOr<uint64_t> Store::Commit(WriteBatch& batch) {
  if (impl_->secondary_) {
    return absl::FailedPreconditionError(
        absl::StrCat("commit to ", impl_->path_, ": store is open as a read-only secondary"));
  }
  rocksdb::WriteBatch wb;
  std::vector<uint64_t> changed_docs;  // doc_meta keys touched, for doc_changes
  for (const BatchOp& op : batch.impl_->ops) {
    ASSIGN_OR_RETURN(rocksdb::ColumnFamilyHandle * h, impl_->CheckedHandle(op.cf, "commit"));
    if (op.cf == ColumnFamily::kDocMeta) {
      absl::StatusOr<uint64_t> doc_id = DecodeDocumentKey(op.key);
      if (!doc_id.ok()) {
        return absl::InvalidArgumentError(
            absl::StrCat("commit to ", impl_->path_, ": doc_meta key is not a document key"));
      }
      changed_docs.push_back(*doc_id);
    }
    rocksdb::Status s;
    switch (op.kind) {
      case OpKind::kPut:
        s = wb.Put(h, ToSlice(op.key), ToSlice(op.value));
        break;
      case OpKind::kDelete:
        s = wb.Delete(h, ToSlice(op.key));
        break;
      case OpKind::kMerge:
        // RocksDB would accept the operand and fail every later read of the key instead.
        if (!HasMergeOperator(op.cf)) {
          return absl::InvalidArgumentError(
              absl::StrCat("commit to ", impl_->path_, ": column family ",
                           std::string(ColumnFamilyName(op.cf)), " has no merge operator"));
        }
        s = wb.Merge(h, ToSlice(op.key), ToSlice(op.value));
        break;
    }
    RETURN_IF_ERROR(FromRocks(s, absl::StrCat("build batch for ", impl_->path_)));
  }
  rocksdb::WriteOptions wo;
  wo.sync = impl_->options_.sync_writes;
  absl::MutexLock lock(&impl_->commit_mutex_);
  uint64_t change = impl_->next_doc_change_;
  for (uint64_t doc_id : changed_docs) {
    std::string value;
    PutFixed64BE(&value, doc_id);
    RETURN_IF_ERROR(FromRocks(wb.Put(impl_->handle(ColumnFamily::kDocChanges),
                                     ToSlice(DocChangeKey(change++)), ToSlice(WrapValue(value))),
                              absl::StrCat("build batch for ", impl_->path_)));
  }
  RETURN_IF_ERROR(FromRocks(impl_->db_->Write(wo, &wb), absl::StrCat("commit to ", impl_->path_)));
  impl_->next_doc_change_ = change;
  return impl_->db_->GetLatestSequenceNumber();
}

absl::Status Store::Compact() {
  if (impl_->secondary_) {
    return absl::FailedPreconditionError(
        absl::StrCat("compact ", impl_->path_, ": store is open as a read-only secondary"));
  }
  const std::string context = absl::StrCat("compact ", impl_->path_);
  RETURN_IF_ERROR(
      FromRocks(impl_->db_->Flush(rocksdb::FlushOptions(), impl_->all_handles_), context));
  rocksdb::CompactRangeOptions options;
  options.bottommost_level_compaction = rocksdb::BottommostLevelCompaction::kForce;
  return FromRocks(
      impl_->db_->CompactRange(options, impl_->handle(ColumnFamily::kPostings), nullptr, nullptr),
      context);
}

uint64_t Store::LatestSequenceNumber() const { return impl_->db_->GetLatestSequenceNumber(); }

std::unique_ptr<Iterator> Store::NewIterator(ColumnFamily cf) const {
  auto impl = std::make_unique<Iterator::Impl>();
  rocksdb::ColumnFamilyHandle* h = impl_->handle(cf);
  if (h == nullptr) {
    impl->it.reset(rocksdb::NewEmptyIterator());
    impl->error = impl_->CheckedHandle(cf, "iterate").status();
  } else {
    impl->it.reset(impl_->db_->NewIterator(rocksdb::ReadOptions(), h));
  }
  return std::unique_ptr<Iterator>(new Iterator(std::move(impl)));
}

absl::Status Store::ScanPrefix(
    ColumnFamily cf, std::string_view prefix,
    const std::function<bool(std::string_view, std::string_view)>& fn) const {
  ASSIGN_OR_RETURN(rocksdb::ColumnFamilyHandle * h, impl_->CheckedHandle(cf, "scan"));
  const std::string limit = PrefixSuccessor(prefix);
  const rocksdb::Slice limit_slice(limit);  // must outlive the iterator
  rocksdb::ReadOptions ro;
  if (!limit.empty()) ro.iterate_upper_bound = &limit_slice;
  std::unique_ptr<rocksdb::Iterator> it(impl_->db_->NewIterator(ro, h));
  for (it->Seek(ToSlice(prefix)); it->Valid(); it->Next()) {
    const std::string_view key = it->key().ToStringView();
    if (!key.starts_with(prefix)) break;  // the bound already stops us; this is a guard
    if (!fn(key, it->value().ToStringView())) break;
  }
  return FromRocks(it->status(),
                   absl::StrCat("scan ", std::string(ColumnFamilyName(cf)), " in ", impl_->path_));
}

Store::Sizes Store::ApproximateSizes() const {
  Sizes sizes;
  for (rocksdb::ColumnFamilyHandle* h : impl_->all_handles_) {
    uint64_t value = 0;
    if (impl_->db_->GetIntProperty(h, rocksdb::DB::Properties::kTotalSstFilesSize, &value)) {
      sizes.sst_file_bytes += value;
    }
    if (impl_->db_->GetIntProperty(h, rocksdb::DB::Properties::kCurSizeAllMemTables, &value)) {
      sizes.memtable_bytes += value;
    }
  }
  return sizes;
}

}  // namespace newsgraph::store
