#include "common/store/records.h"

#include <algorithm>
#include <memory>

#include "absl/strings/str_cat.h"
#include "common/base/status_macros.h"
#include "common/store/keys.h"

namespace newsgraph::store {
namespace {

template <typename Proto>
absl::StatusOr<Proto> ReadProto(const Store& db, ColumnFamily cf, const std::string& key,
                                std::string_view what) {
  ASSIGN_OR_RETURN(std::string value, db.Get(cf, key));
  ASSIGN_OR_RETURN(auto payload, UnwrapValue(value));
  Proto proto;
  if (!proto.ParseFromArray(payload.data(), static_cast<int>(payload.size()))) {
    return absl::DataLossError(absl::StrCat(std::string(what), ": stored value does not parse"));
  }
  return proto;
}

absl::StatusOr<uint64_t> DecodeVarintValue(std::string_view value) {
  ASSIGN_OR_RETURN(auto payload, UnwrapValue(value));
  std::string_view rest(payload.data(), payload.size());
  uint64_t number = 0;
  if (!GetVarint64(&rest, &number)) return absl::DataLossError("bad varint value");
  return number;
}

}  // namespace

absl::StatusOr<common::v1::Document> ReadDocument(const Store& db, uint64_t doc_id) {
  return ReadProto<common::v1::Document>(db, ColumnFamily::kDocuments, DocumentKey(doc_id),
                                         "document");
}

absl::StatusOr<common::v1::Entity> ReadEntity(const Store& db, std::string_view entity_id) {
  return ReadProto<common::v1::Entity>(db, ColumnFamily::kEntities, EntityKey(entity_id), "entity");
}

namespace {

// Every block of `term`, in key order, appended by `append`.
template <typename List>
absl::StatusOr<List> ReadPostings(const Store& db, std::string_view term,
                                  absl::Status (*append)(std::string_view, List*)) {
  List list;
  absl::Status decode_error;
  RETURN_IF_ERROR(db.ScanPrefix(ColumnFamily::kPostings, PostingPrefix(term),
                                [&](std::string_view key, std::string_view value) {
                                  decode_error = append(value, &list);
                                  return decode_error.ok();
                                }));
  RETURN_IF_ERROR(decode_error);
  return list;
}

}  // namespace

absl::StatusOr<PostingList> ReadPostingList(const Store& db, std::string_view term) {
  return ReadPostings<PostingList>(db, term, &AppendPostingBlock);
}

absl::StatusOr<PostingCounts> ReadPostingCounts(const Store& db, std::string_view term) {
  return ReadPostings<PostingCounts>(db, term, &AppendPostingCounts);
}

absl::StatusOr<DocMeta> ReadDocMeta(const Store& db, uint64_t doc_id) {
  ASSIGN_OR_RETURN(std::string value, db.Get(ColumnFamily::kDocMeta, DocumentKey(doc_id)));
  return DecodeDocMeta(value);
}

absl::StatusOr<std::vector<DocChange>> ReadDocChanges(const Store& db, uint64_t after,
                                                      size_t limit) {
  std::vector<DocChange> changes;
  if (after == UINT64_MAX) return changes;
  std::unique_ptr<Iterator> it = db.NewIterator(ColumnFamily::kDocChanges);
  for (it->Seek(DocChangeKey(after + 1)); it->Valid() && changes.size() < limit; it->Next()) {
    absl::StatusOr<uint64_t> change = DecodeFixed64BE(it->key());
    ASSIGN_OR_RETURN(std::string_view payload, UnwrapValue(it->value()));
    absl::StatusOr<uint64_t> doc_id = DecodeFixed64BE(payload);
    if (!change.ok() || !doc_id.ok()) return absl::DataLossError("doc_changes: bad row");
    changes.push_back({*change, *doc_id});
  }
  RETURN_IF_ERROR(it->status());
  return changes;
}

absl::StatusOr<uint64_t> LastDocChange(const Store& db) {
  std::unique_ptr<Iterator> it = db.NewIterator(ColumnFamily::kDocChanges);
  it->SeekForPrev(std::string(8, '\xff'));
  RETURN_IF_ERROR(it->status());
  if (!it->Valid()) return 0;
  absl::StatusOr<uint64_t> change = DecodeFixed64BE(it->key());
  if (!change.ok()) return absl::DataLossError("doc_changes: bad key");
  return *change;
}

absl::StatusOr<std::vector<std::optional<DocMeta>>> ReadDocMetas(
    const Store& db, const std::vector<uint64_t>& doc_ids, DocMetaFields fields) {
  // Dense ascending ids (a common word's matches) are read walking one iterator, stepping over
  // short gaps instead of a lookup per id: about 3x cheaper than MultiGet at 1 match in 2.
  constexpr size_t kMinForScan = 256;
  constexpr uint64_t kMaxStep = 8;  // gaps up to this many keys are stepped over, longer sought
  if (doc_ids.size() >= kMinForScan && std::is_sorted(doc_ids.begin(), doc_ids.end()) &&
      doc_ids.back() - doc_ids.front() < 4 * doc_ids.size()) {
    std::vector<std::optional<DocMeta>> metas(doc_ids.size());
    std::unique_ptr<Iterator> it = db.NewIterator(ColumnFamily::kDocMeta);
    it->Seek(DocumentKey(doc_ids.front()));
    for (size_t i = 0; i < doc_ids.size(); ++i) {
      uint64_t at = 0;
      for (uint64_t steps = 0; it->Valid(); ++steps) {
        ASSIGN_OR_RETURN(at, DecodeDocumentKey(it->key()));
        if (at >= doc_ids[i]) break;
        if (steps == kMaxStep) {
          it->Seek(DocumentKey(doc_ids[i]));
        } else {
          it->Next();
        }
      }
      RETURN_IF_ERROR(it->status());
      if (!it->Valid()) break;  // no record at or after this id: the rest stay nullopt
      if (at == doc_ids[i]) {
        ASSIGN_OR_RETURN(DocMeta meta, DecodeDocMeta(it->value(), fields));
        metas[i] = std::move(meta);
      }
    }
    return metas;
  }
  std::vector<std::string> keys;
  keys.reserve(doc_ids.size());
  for (uint64_t doc_id : doc_ids) keys.push_back(DocumentKey(doc_id));
  ASSIGN_OR_RETURN(auto values, db.MultiGet(ColumnFamily::kDocMeta, keys));
  std::vector<std::optional<DocMeta>> metas;
  metas.reserve(values.size());
  for (absl::StatusOr<std::string>& value : values) {
    if (absl::IsNotFound(value.status())) {
      metas.emplace_back(std::nullopt);
      continue;
    }
    if (!value.ok()) return value.status();
    ASSIGN_OR_RETURN(DocMeta meta, DecodeDocMeta(*value, fields));
    metas.emplace_back(std::move(meta));
  }
  return metas;
}

absl::StatusOr<IndexStats> ReadIndexStats(const Store& db) {
  IndexStats stats;
  ASSIGN_OR_RETURN(stats.documents, ReadCounter(db, CounterKey(kIndexDocumentsCounter), 0));
  ASSIGN_OR_RETURN(stats.total_length, ReadCounter(db, CounterKey(kIndexLengthCounter), 0));
  const std::string prefix = CounterKey(kIndexLanguageCounterPrefix);
  absl::Status decode_error;
  RETURN_IF_ERROR(
      db.ScanPrefix(ColumnFamily::kMeta, prefix, [&](std::string_view key, std::string_view value) {
        absl::StatusOr<std::string_view> payload = UnwrapValue(value);
        absl::StatusOr<uint64_t> count =
            payload.ok() ? DecodeFixed64BE(*payload) : absl::StatusOr<uint64_t>(payload.status());
        if (!count.ok()) {
          decode_error = absl::DataLossError("meta: undecodable language counter");
          return false;
        }
        // 0 once every document of a language was replaced: not a language to stem for.
        if (*count > 0) {
          stats.languages[std::string(key.substr(prefix.size()))] = *count;
        }
        return true;
      }));
  RETURN_IF_ERROR(decode_error);
  return stats;
}

absl::StatusOr<EntityDocuments> ReadEntityDocuments(const Store& db, std::string_view entity_id) {
  EntityDocuments result;
  absl::Status decode_error;
  RETURN_IF_ERROR(db.ScanPrefix(ColumnFamily::kEntityDocs, EntityDocPrefix(entity_id),
                                [&](std::string_view key, std::string_view value) {
                                  auto parts = DecodeEntityDocKey(key);
                                  auto count = DecodeVarintValue(value);
                                  if (!parts.ok() || !count.ok()) {
                                    decode_error =
                                        absl::DataLossError("entity_docs: undecodable entry");
                                    return false;
                                  }
                                  result.documents.emplace_back(parts->doc_id, *count);
                                  result.mention_count += *count;
                                  return true;
                                }));
  RETURN_IF_ERROR(decode_error);
  return result;
}

absl::StatusOr<uint64_t> ReadCounter(const Store& db, std::string_view key, uint64_t fallback) {
  auto value = db.Get(ColumnFamily::kMeta, std::string(key));
  if (absl::IsNotFound(value.status())) return fallback;
  if (!value.ok()) return value.status();
  ASSIGN_OR_RETURN(auto payload, UnwrapValue(*value));
  return DecodeFixed64BE(payload);
}

}  // namespace newsgraph::store
