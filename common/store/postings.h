// The postings codec of the full-text index (layout in common/store/SCHEMA.md, "postings"): one
// RocksDB value per (term, block of 4096 doc ids), holding for each document its word positions.
// Ingest never rewrites a block: it appends with RocksDB Merge, one operand per (term, document),
// and the merge operator (merge_operators.h) folds operands into the block with the functions
// below. A block therefore never grows beyond 4096 documents, and a document's entry is replaced
// (new version) or removed (a removal entry) without reading the block first.
//
// Pure functions over bytes, so they are unit-tested and fuzzable without RocksDB. Decoders
// accept arbitrary bytes and report malformed input instead of crashing.
#ifndef NEWSGRAPH_COMMON_STORE_POSTINGS_H_
#define NEWSGRAPH_COMMON_STORE_POSTINGS_H_

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"

namespace newsgraph::store {

// Word positions of the title are 0, 1, ...; the body's first word is at kBodyPositionBase. The
// gap keeps phrases from spanning title→body and tells a title match from a body match by the
// position alone. Title words at or beyond this index are not indexed (titles are capped at a few
// KiB by ingest validation, far below 65536 words).
inline constexpr uint32_t kBodyPositionBase = 1u << 16;

// Doc ids per block: block = doc_id >> kPostingBlockBits.
inline constexpr int kPostingBlockBits = 12;
inline constexpr uint64_t PostingBlock(uint64_t doc_id) { return doc_id >> kPostingBlockBits; }

// Format byte of block values and merge operands (the same layout serves both).
inline constexpr char kPostingsFormatV1 = 1;

// One document's entry. In a merge operand, empty `positions` means "remove this document".
struct Posting {
  uint64_t doc_id = 0;
  std::vector<uint32_t> positions;  // strictly ascending

  friend bool operator==(const Posting&, const Posting&) = default;
};

// Returns the value encoding `postings`: format byte, then per posting varint(doc id - previous
// doc id, the first relative to 0), varint(number of positions), then the positions as varint
// deltas (the first absolute). `postings` must be sorted by strictly ascending doc id and each
// position list strictly ascending; this is not checked (callers build them in order).
std::string EncodePostings(std::span<const Posting> postings);

// The merge operand that adds (or replaces) one document's positions. `positions` must be
// strictly ascending and non-empty.
std::string PostingAddOperand(uint64_t doc_id, std::span<const uint32_t> positions);

// The merge operand that removes `doc_id` from a block (a no-op where it is absent).
std::string PostingRemovalOperand(uint64_t doc_id);

// Decodes a block value or operand into `*out` (replacing its contents), removal entries
// included (with empty positions). Returns DataLoss when the format byte is unknown, a varint is
// truncated, doc ids or positions are not strictly ascending, or a count exceeds the bytes left.
absl::Status DecodePostings(std::string_view value, std::vector<Posting>* out);

// All postings of one key, flattened for fast evaluation: the positions of doc_ids[i] are
// positions[offsets[i] .. offsets[i + 1]). offsets has doc_ids.size() + 1 elements.
struct PostingList {
  std::vector<uint64_t> doc_ids;
  std::vector<uint32_t> offsets = {0};
  std::vector<uint32_t> positions;

  size_t size() const { return doc_ids.size(); }
  std::span<const uint32_t> PositionsOf(size_t i) const {
    return std::span<const uint32_t>(positions).subspan(offsets[i], offsets[i + 1] - offsets[i]);
  }
};

// Appends the live entries of one stored block value to `*out`. Removal entries (which a fully
// merged block never holds) are skipped. Blocks must be appended in key order, so doc ids keep
// ascending; DataLoss when they would not, or as for DecodePostings. On error *out may hold a
// partial block.
absl::Status AppendPostingBlock(std::string_view value, PostingList* out);

// A key's postings as ranking reads them: per document the number of positions and how many of
// them are title positions (below kBodyPositionBase), the positions themselves left encoded and
// decoded only for the documents that need them (phrases, highlights). Decoding every position
// of a word found in most documents was most of a search's time.
struct PostingCounts {
  std::vector<uint64_t> doc_ids;
  std::vector<uint32_t> counts;
  std::vector<uint32_t> title_counts;
  std::vector<uint32_t> starts;  // doc i's encoded positions begin at bytes[starts[i]]
  std::string bytes;             // the blocks' bytes

  size_t size() const { return doc_ids.size(); }
  // Appends doc i's positions (ascending) to `*out`. DataLoss when they do not decode (the
  // blocks' position bytes are only skimmed when appended).
  absl::Status DecodePositions(size_t i, std::vector<uint32_t>* out) const;
};

// As AppendPostingBlock, into a PostingCounts. DataLoss when the block's entries do not decode
// (doc ids, counts, the ends of the position varints) or a title count cannot be read; body
// position values are checked only by DecodePositions.
absl::Status AppendPostingCounts(std::string_view value, PostingCounts* out);

// Applies `operands` in order on top of `base` (nullptr when the key has no value yet), as
// RocksDB merges do, and writes the result to `*out` (cleared first): for each doc id the last
// entry wins, an add replacing and a removal deleting. With `keep_removals` false the result is a
// block value (removals dropped: RocksDB's full merge); with true it is one operand equivalent to
// the whole sequence (partial merge; then `base` must be nullptr). Returns false, leaving *out
// unspecified, when any input does not decode.
bool MergePostings(const std::string_view* base, std::span<const std::string_view> operands,
                   bool keep_removals, std::string* out);

}  // namespace newsgraph::store

#endif  // NEWSGRAPH_COMMON_STORE_POSTINGS_H_
