// The per-document metadata record of the search index ("doc_meta" family, SCHEMA.md): what the
// query engine needs to rank, filter, sort and facet a match without reading and parsing the
// whole document — indexed lengths for BM25, language, source, dates, entity types and ids.
// Written by ingest in the document's WriteBatch, replaced by a new version, ~50-300 bytes.
#ifndef NEWSGRAPH_COMMON_STORE_DOC_META_H_
#define NEWSGRAPH_COMMON_STORE_DOC_META_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"

namespace newsgraph::store {

struct DocMeta {
  // Indexed words (exact terms) of the title and of the body; their sum is the BM25 length.
  uint32_t title_length = 0;
  uint32_t body_length = 0;
  std::string language;  // Document.language as stored (BCP 47)
  std::string source;    // Document.source
  bool has_published = false;
  int64_t published_seconds = 0;  // Document.published_at, Unix seconds, when has_published
  int64_t ingested_seconds = 0;   // Document.ingested_at, Unix seconds
  // Bit t is set when the document mentions an entity of common.v1.EntityType value t (< 64).
  uint64_t entity_type_mask = 0;
  // Document.entities: each linked entity once with its mention count, most salient first;
  // without value types (dates, money, percentages, URLs), which only set their mask bit.
  std::vector<std::pair<std::string, uint32_t>> entities;

  friend bool operator==(const DocMeta&, const DocMeta&) = default;
};

// Returns the stored value of `meta` (format byte 0x01, then the fields in declaration order:
// varints, zigzag varints for the two times, varint-length-prefixed strings, and for the
// entities a varint count followed by (length-prefixed id, varint count) pairs).
std::string EncodeDocMeta(const DocMeta& meta);

// Which fields DecodeDocMeta fills. A search over tens of thousands of matches needs only the
// lengths, language, source, dates and type mask of each; the entity list (a string per linked
// entity) is most of the decoding cost, so it is skipped unless a facet or filter needs it.
enum class DocMetaFields { kAll, kWithoutEntities };

// Inverse of EncodeDocMeta. DataLoss when the format byte is unknown, the value is truncated, a
// length exceeds the bytes left, or bytes remain at the end. With kWithoutEntities `entities` is
// left empty and the bytes after the entity count are not examined.
absl::StatusOr<DocMeta> DecodeDocMeta(std::string_view value,
                                      DocMetaFields fields = DocMetaFields::kAll);

}  // namespace newsgraph::store

#endif  // NEWSGRAPH_COMMON_STORE_DOC_META_H_
