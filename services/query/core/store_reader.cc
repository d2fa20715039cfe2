#include "services/query/core/store_reader.h"

#include "absl/strings/str_cat.h"
#include "common/base/status_macros.h"
#include "common/store/keys.h"

namespace newsgraph::query {
namespace {

using store::ColumnFamily;

template <typename Proto>
absl::StatusOr<Proto> ReadProto(const store::Store& db, ColumnFamily cf, const std::string& key,
                                std::string_view what) {
  ASSIGN_OR_RETURN(std::string value, db.Get(cf, key));
  ASSIGN_OR_RETURN(auto payload, store::UnwrapValue(value));
  Proto proto;
  if (!proto.ParseFromArray(payload.data(), static_cast<int>(payload.size()))) {
    return absl::DataLossError(absl::StrCat(std::string(what), ": stored value does not parse"));
  }
  return proto;
}

absl::StatusOr<uint64_t> DecodeVarintValue(std::string_view value) {
  ASSIGN_OR_RETURN(auto payload, store::UnwrapValue(value));
  std::string_view rest(payload.data(), payload.size());
  uint64_t number = 0;
  if (!store::GetVarint64(&rest, &number)) return absl::DataLossError("bad varint value");
  return number;
}

}  // namespace

absl::StatusOr<common::v1::Document> ReadDocument(const store::Store& db, uint64_t doc_id) {
  return ReadProto<common::v1::Document>(db, ColumnFamily::kDocuments, store::DocumentKey(doc_id),
                                         "document");
}

absl::StatusOr<common::v1::Entity> ReadEntity(const store::Store& db, std::string_view entity_id) {
  return ReadProto<common::v1::Entity>(db, ColumnFamily::kEntities, store::EntityKey(entity_id),
                                       "entity");
}

absl::StatusOr<absl::flat_hash_map<uint64_t, uint64_t>> ReadPostings(const store::Store& db,
                                                                     std::string_view term) {
  absl::flat_hash_map<uint64_t, uint64_t> postings;
  absl::Status decode_error;
  RETURN_IF_ERROR(db.ScanPrefix(ColumnFamily::kPostings, store::PostingPrefix(term),
                                [&](std::string_view key, std::string_view value) {
                                  auto parts = store::DecodePostingKey(key);
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

absl::StatusOr<EntityDocuments> ReadEntityDocuments(const store::Store& db,
                                                    std::string_view entity_id) {
  EntityDocuments result;
  absl::Status decode_error;
  RETURN_IF_ERROR(db.ScanPrefix(ColumnFamily::kEntityDocs, store::EntityDocPrefix(entity_id),
                                [&](std::string_view key, std::string_view value) {
                                  auto parts = store::DecodeEntityDocKey(key);
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

absl::StatusOr<uint64_t> ReadDocumentCount(const store::Store& db) {
  auto value = db.Get(ColumnFamily::kMeta, store::CounterKey("documents"));
  if (absl::IsNotFound(value.status())) return 0;
  if (!value.ok()) return value.status();
  ASSIGN_OR_RETURN(auto payload, store::UnwrapValue(*value));
  return store::DecodeFixed64BE(payload);
}

}  // namespace newsgraph::query
