#include "services/query/core/doc_table.h"

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/base/log.h"
#include "common/base/status_macros.h"
#include "common/store/keys.h"
#include "common/store/records.h"

namespace newsgraph::query {
namespace {

// Rows applied per lock hold while loading, so lookups are not held up for a whole scan.
constexpr size_t kLoadChunk = 4096;
// doc_changes rows read per round of a refresh.
constexpr size_t kChangesPerRead = 8192;
// Rows are indexed by doc id; ids from here on are not held (see Set).
constexpr uint64_t kMaxDocId = uint64_t{1} << 32;

}  // namespace

const std::string* NameInterner::Intern(const std::string& name) {
  auto it = index_.find(name);
  if (it != index_.end()) return it->second;
  const std::string* stored = &names_.emplace_back(name);
  index_.emplace(*stored, stored);
  return stored;
}

DocRow MakeDocRow(const store::DocMeta& meta, NameInterner* names) {
  DocRow row;
  row.language = names->Intern(meta.language);
  row.source = names->Intern(meta.source);
  row.has_published = meta.has_published;
  row.date = meta.has_published ? meta.published_seconds : meta.ingested_seconds;
  row.entity_type_mask = meta.entity_type_mask;
  row.length = meta.title_length + meta.body_length;
  row.present = true;
  return row;
}

void DocTable::Set(uint64_t doc_id, const store::DocMeta* meta) {
  // Ingest numbers documents from 1 up; an id past this is not one of its, and a row for it would
  // cost memory for every id below. Searches read such a document's record instead.
  if (doc_id >= kMaxDocId) return;
  if (doc_id >= rows_.size()) {
    if (meta == nullptr) return;
    rows_.resize(std::max<size_t>(doc_id + 1, rows_.size() + rows_.size() / 2));
  }
  DocRow& row = rows_[doc_id];
  Count(row, -1);
  row = meta == nullptr ? DocRow() : MakeDocRow(*meta, &names_);
  Count(row, +1);
}

void DocTable::Count(const DocRow& row, int sign) {
  if (!row.present) return;
  present_ += sign;
  total_length_ += sign * static_cast<int64_t>(row.length);
  uint64_t& language_docs = language_docs_[row.language];
  language_docs += sign;
  if (language_docs == 0) language_docs_.erase(row.language);
}

absl::Status DocTable::Load(const store::Store& db) {
  // Changes numbered up to here are in the scan below (it starts later); later ones are
  // applied by the next Refresh, even if the scan already saw them.
  const absl::Time start = absl::Now();
  ASSIGN_OR_RETURN(const uint64_t last_change, store::LastDocChange(db));
  {
    absl::MutexLock lock(&mutex_);
    rows_.clear();
    present_ = 0;
    total_length_ = 0;
    language_docs_.clear();
  }
  std::vector<std::pair<uint64_t, store::DocMeta>> chunk;
  auto apply = [&] {
    absl::MutexLock lock(&mutex_);
    for (const auto& [doc_id, meta] : chunk) Set(doc_id, &meta);
    chunk.clear();
  };
  std::unique_ptr<store::Iterator> it = db.NewIterator(store::ColumnFamily::kDocMeta);
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    ASSIGN_OR_RETURN(const uint64_t doc_id, store::DecodeDocumentKey(it->key()));
    ASSIGN_OR_RETURN(store::DocMeta meta,
                     store::DecodeDocMeta(it->value(), store::DocMetaFields::kWithoutEntities));
    chunk.emplace_back(doc_id, std::move(meta));
    if (chunk.size() == kLoadChunk) apply();
  }
  RETURN_IF_ERROR(it->status());
  apply();
  last_change_ = last_change;
  loaded_ = true;
  base::Log(base::LogLevel::kInfo, "document table loaded",
            {{"documents", size()}, {"ms", absl::ToDoubleMilliseconds(absl::Now() - start)}});
  return absl::OkStatus();
}

absl::Status DocTable::Refresh(const store::Store& db) {
  // Every commit moves the sequence number, so a store that has not moved since the last
  // complete refresh has no new doc_changes row: most searches stop here.
  const uint64_t sequence = db.LatestSequenceNumber();
  absl::MutexLock refresh_lock(&refresh_mutex_);
  if (loaded_ && sequence == refreshed_sequence_) return absl::OkStatus();
  RETURN_IF_ERROR(loaded_ ? ApplyChanges(db) : Load(db));
  refreshed_sequence_ = sequence;
  return absl::OkStatus();
}

absl::Status DocTable::ApplyChanges(const store::Store& db) {
  while (true) {
    ASSIGN_OR_RETURN(std::vector<store::DocChange> changes,
                     store::ReadDocChanges(db, last_change_, kChangesPerRead));
    if (changes.empty()) return absl::OkStatus();
    std::vector<uint64_t> doc_ids;
    doc_ids.reserve(changes.size());
    for (const store::DocChange& change : changes) doc_ids.push_back(change.doc_id);
    // Read after the changes, so each record is at least as new as its change.
    ASSIGN_OR_RETURN(std::vector<std::optional<store::DocMeta>> metas,
                     store::ReadDocMetas(db, doc_ids, store::DocMetaFields::kWithoutEntities));
    {
      absl::MutexLock lock(&mutex_);
      for (size_t i = 0; i < doc_ids.size(); ++i) {
        Set(doc_ids[i], metas[i] ? &*metas[i] : nullptr);
      }
    }
    last_change_ = changes.back().change;
    if (changes.size() < kChangesPerRead) return absl::OkStatus();
  }
}

std::vector<DocRow> DocTable::Lookup(const std::vector<uint64_t>& doc_ids) const {
  std::vector<DocRow> rows(doc_ids.size());
  absl::MutexLock lock(&mutex_);
  for (size_t i = 0; i < doc_ids.size(); ++i) {
    if (doc_ids[i] < rows_.size()) rows[i] = rows_[doc_ids[i]];
  }
  return rows;
}

size_t DocTable::size() const {
  absl::MutexLock lock(&mutex_);
  return present_;
}

store::IndexStats DocTable::Stats() const {
  absl::MutexLock lock(&mutex_);
  store::IndexStats stats;
  stats.documents = present_;
  stats.total_length = total_length_;
  for (const auto& [language, documents] : language_docs_) {
    if (!language->empty()) stats.languages[absl::AsciiStrToLower(*language)] += documents;
  }
  return stats;
}

}  // namespace newsgraph::query
