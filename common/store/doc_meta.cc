#include "common/store/doc_meta.h"

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "common/store/keys.h"

namespace newsgraph::store {
namespace {

constexpr char kDocMetaFormatV1 = 1;

uint64_t ZigZag(int64_t v) {
  return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63);
}
int64_t UnZigZag(uint64_t v) { return static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1); }

void PutString(std::string* out, std::string_view s) {
  PutVarint64(out, s.size());
  out->append(s);
}

bool GetString(std::string_view* in, std::string* s) {
  uint64_t size;
  if (!GetVarint64(in, &size) || size > in->size()) return false;
  s->assign(in->substr(0, size));
  in->remove_prefix(size);
  return true;
}

bool GetUint32(std::string_view* in, uint32_t* v) {
  uint64_t wide;
  if (!GetVarint64(in, &wide) || wide > UINT32_MAX) return false;
  *v = static_cast<uint32_t>(wide);
  return true;
}

}  // namespace

std::string EncodeDocMeta(const DocMeta& meta) {
  std::string out(1, kDocMetaFormatV1);
  PutVarint64(&out, meta.title_length);
  PutVarint64(&out, meta.body_length);
  PutString(&out, meta.language);
  PutString(&out, meta.source);
  PutVarint64(&out, meta.has_published ? 1 : 0);
  PutVarint64(&out, ZigZag(meta.published_seconds));
  PutVarint64(&out, ZigZag(meta.ingested_seconds));
  PutVarint64(&out, meta.entity_type_mask);
  PutVarint64(&out, meta.entities.size());
  for (const auto& [id, count] : meta.entities) {
    PutString(&out, id);
    PutVarint64(&out, count);
  }
  return out;
}

absl::StatusOr<DocMeta> DecodeDocMeta(std::string_view value, DocMetaFields fields) {
  const absl::Status corrupt = absl::DataLossError("doc_meta: undecodable value");
  if (value.empty() || value[0] != kDocMetaFormatV1) return corrupt;
  value.remove_prefix(1);
  DocMeta meta;
  uint64_t has_published, published, ingested, entity_count;
  if (!GetUint32(&value, &meta.title_length) || !GetUint32(&value, &meta.body_length) ||
      !GetString(&value, &meta.language) || !GetString(&value, &meta.source) ||
      !GetVarint64(&value, &has_published) || has_published > 1 ||
      !GetVarint64(&value, &published) || !GetVarint64(&value, &ingested) ||
      !GetVarint64(&value, &meta.entity_type_mask) || !GetVarint64(&value, &entity_count) ||
      entity_count > value.size()) {
    return corrupt;
  }
  meta.has_published = has_published == 1;
  meta.published_seconds = UnZigZag(published);
  meta.ingested_seconds = UnZigZag(ingested);
  if (fields == DocMetaFields::kWithoutEntities) return meta;
  meta.entities.reserve(entity_count);
  for (uint64_t i = 0; i < entity_count; ++i) {
    std::string id;
    uint32_t count;
    if (!GetString(&value, &id) || !GetUint32(&value, &count)) return corrupt;
    meta.entities.emplace_back(std::move(id), count);
  }
  if (!value.empty()) return corrupt;
  return meta;
}

}  // namespace newsgraph::store
