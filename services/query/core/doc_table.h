// What a search needs of every indexed document, kept in memory: one small row per doc id with
// its BM25 length, date, language, source and entity types — the doc_meta record without its
// entity list. A search over tens of thousands of matches reads rows from here instead of one
// doc_meta record per match from RocksDB (which took most of a common word's search time).
//
// Freshness. The first Refresh reads the whole doc_meta family; each later one reads only the
// doc_changes rows (SCHEMA.md) numbered after the last it applied and re-reads those documents'
// doc_meta records. Store::Commit writes a doc_changes row for every doc_meta key in the same
// batch, so after Refresh the table holds every document the store had when Refresh read
// doc_changes. Rows may be newer than that (a catch-up by another call in between): reading a
// record again later is harmless. A refresh that finds the store's sequence number where the
// last one began reads nothing.
//
// Memory: ~40 bytes per doc id up to the highest one, plus each distinct language and source
// once (100,000 documents: 4 MB).
#ifndef NEWSGRAPH_SERVICES_QUERY_CORE_DOC_TABLE_H_
#define NEWSGRAPH_SERVICES_QUERY_CORE_DOC_TABLE_H_

#include <cstdint>
#include <deque>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "common/store/doc_meta.h"
#include "common/store/records.h"
#include "common/store/store.h"

namespace newsgraph::query {

struct DocRow {
  // Interned: equal strings share one address, valid as long as the DocTable (or the
  // NameInterner) that made the row.
  const std::string* language = nullptr;  // Document.language as stored
  const std::string* source = nullptr;    // Document.source
  int64_t date = 0;                       // published_at seconds, else ingested_at
  uint64_t entity_type_mask = 0;          // as in doc_meta
  uint32_t length = 0;                    // indexed title + body words
  bool present = false;                   // false: no such document (or not indexed)
  bool has_published = false;             // `date` is published_at
};

// Interns strings: one stable copy of each distinct value. Not thread-safe.
class NameInterner {
 public:
  const std::string* Intern(const std::string& name);

 private:
  std::deque<std::string> names_;  // never moves its elements
  absl::flat_hash_map<std::string, const std::string*> index_;
};

// The row of `meta` with names interned in `names`.
DocRow MakeDocRow(const store::DocMeta& meta, NameInterner* names);

// Thread-safe: Lookup may run while Refresh does.
class DocTable {
 public:
  // Brings the table up to date with `db` as described at the top of this file. Returns OK;
  // DataLoss when a doc_meta or doc_changes row does not decode, DataLoss / Internal when
  // reading fails (the table then keeps what it had and the next call retries).
  absl::Status Refresh(const store::Store& db);

  // One row per id of `doc_ids`, in order; present == false for ids the table does not hold.
  std::vector<DocRow> Lookup(const std::vector<uint64_t>& doc_ids) const;

  // Documents held (for tests and metrics).
  size_t size() const;

  // The collection statistics of the rows held — what ingest's index counters say for the same
  // state (documents, summed lengths, documents per lower-cased language), consistent with the
  // rows Lookup returns, without reading the store.
  store::IndexStats Stats() const;

 private:
  absl::Status Load(const store::Store& db) ABSL_EXCLUSIVE_LOCKS_REQUIRED(refresh_mutex_);
  // Applies the doc_changes rows after last_change_.
  absl::Status ApplyChanges(const store::Store& db) ABSL_EXCLUSIVE_LOCKS_REQUIRED(refresh_mutex_);
  void Set(uint64_t doc_id, const store::DocMeta* meta) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);
  // Adds (sign +1) or removes (-1) `row` from the statistics.
  void Count(const DocRow& row, int sign) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mutex_);

  absl::Mutex refresh_mutex_;  // one Refresh at a time; held across its reads
  bool loaded_ ABSL_GUARDED_BY(refresh_mutex_) = false;
  uint64_t last_change_ ABSL_GUARDED_BY(refresh_mutex_) = 0;
  // The store's sequence number when the last successful refresh began.
  uint64_t refreshed_sequence_ ABSL_GUARDED_BY(refresh_mutex_) = 0;

  mutable absl::Mutex mutex_;                         // the rows; held only to apply or copy them
  std::vector<DocRow> rows_ ABSL_GUARDED_BY(mutex_);  // indexed by doc id
  NameInterner names_ ABSL_GUARDED_BY(mutex_);
  size_t present_ ABSL_GUARDED_BY(mutex_) = 0;
  uint64_t total_length_ ABSL_GUARDED_BY(mutex_) = 0;
  absl::flat_hash_map<const std::string*, uint64_t> language_docs_ ABSL_GUARDED_BY(mutex_);
};

}  // namespace newsgraph::query

#endif  // NEWSGRAPH_SERVICES_QUERY_CORE_DOC_TABLE_H_
