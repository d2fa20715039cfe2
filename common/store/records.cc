#include "common/store/records.h"

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

absl::StatusOr<absl::flat_hash_map<uint64_t, uint64_t>> ReadPostings(const Store& db,
                                                                     std::string_view term) {
  absl::flat_hash_map<uint64_t, uint64_t> postings;
  absl::Status decode_error;
  RETURN_IF_ERROR(db.ScanPrefix(ColumnFamily::kPostings, PostingPrefix(term),
                                [&](std::string_view key, std::string_view value) {
                                  auto parts = DecodePostingKey(key);
                                  auto frequency = DecodeVarintValue(value);
                                  if (!parts.ok() || !frequency.ok()) {
                                    decode_error =
                                        absl::DataLossError("postings: undecodable entry");
                                    return false;
                                  }
                                  postings[parts->doc_id] = *frequency;
                                  return true;
                                }));
  RETURN_IF_ERROR(decode_error);
  return postings;
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
