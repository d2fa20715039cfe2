// The one key/value codec of the document store. Every key and value written to RocksDB is built
// here, so the byte layout documented in common/store/SCHEMA.md has exactly one implementation.
//
// Integers inside keys are fixed-width big-endian so that RocksDB's bytewise order equals numeric
// order (doc 2 sorts before doc 256). Composite keys separate a variable-length string from the
// trailing id with a '\0', so a prefix scan of "viet\0" never sees keys of "vietnam".
//
// Decoders accept arbitrary bytes (they are fuzzed) and report malformed input as
// InvalidArgument (a key that cannot be ours) or DataLoss (a stored value we cannot read); they
// never crash, and the string_views they return point into their input.
#ifndef NEWSGRAPH_COMMON_STORE_KEYS_H_
#define NEWSGRAPH_COMMON_STORE_KEYS_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace newsgraph::store {

// ---- Fixed-width and variable-width integers ----

// Appends the 8-byte big-endian encoding of `v` to `*dst`.
void PutFixed64BE(std::string* dst, uint64_t v);

// Returns the integer encoded by PutFixed64BE. InvalidArgument unless `bytes` is exactly 8 bytes.
absl::StatusOr<uint64_t> DecodeFixed64BE(std::string_view bytes);

// Appends the LEB128 varint encoding of `v` (1 to 10 bytes, low 7 bits first) to `*dst`.
void PutVarint64(std::string* dst, uint64_t v);

// Decodes one varint from the front of `*input`. On success stores it in `*v`, removes its bytes
// from `*input` and returns true. Returns false, leaving `*input` and `*v` untouched, when the
// input is truncated, longer than 10 bytes, or encodes a value above 2^64-1.
bool GetVarint64(std::string_view* input, uint64_t* v);

// ---- Keys ----

// documents: the 8-byte big-endian doc id.
std::string DocumentKey(uint64_t doc_id);

// Returns the doc id of a DocumentKey. InvalidArgument unless `key` is exactly 8 bytes.
absl::StatusOr<uint64_t> DecodeDocumentKey(std::string_view key);

// postings: term + '\0' + 8-byte big-endian block number (PostingBlock(doc_id) in postings.h:
// doc_id >> 12), so a term's blocks are contiguous and in doc id order. `term` must not contain
// '\0' (common/analysis terms never do); otherwise prefix scans would be ambiguous.
std::string PostingBlockKey(std::string_view term, uint64_t block);

// term + '\0': every PostingBlockKey of `term`, and no key of any other term, starts with it.
std::string PostingPrefix(std::string_view term);

struct PostingKeyParts {
  std::string_view term;  // points into the decoded key
  uint64_t block;
};

// Splits a PostingBlockKey. InvalidArgument when `key` is shorter than 9 bytes, the byte before
// the block number is not '\0', or the term part contains a '\0'.
absl::StatusOr<PostingKeyParts> DecodePostingKey(std::string_view key);

// entities: the entity id bytes as they are (e.g. "Q42").
std::string EntityKey(std::string_view entity_id);

// entity_docs: entity id + '\0' + 8-byte big-endian doc id. `entity_id` must not contain '\0'.
std::string EntityDocKey(std::string_view entity_id, uint64_t doc_id);

// entity id + '\0': the prefix of every EntityDocKey of `entity_id` and of no other entity.
std::string EntityDocPrefix(std::string_view entity_id);

struct EntityDocKeyParts {
  std::string_view entity_id;  // points into the decoded key
  uint64_t doc_id;
};

// Splits an EntityDocKey. InvalidArgument under the same conditions as DecodePostingKey.
absl::StatusOr<EntityDocKeyParts> DecodeEntityDocKey(std::string_view key);

// external_ids: the client's external id bytes as they are.
std::string ExternalIdKey(std::string_view external_id);

// pending: DocumentKey(doc_id) — the same 8-byte big-endian id, so the oldest comes first.

// content_hashes: 8-byte big-endian 64-bit hash of a document's normalized body.
std::string ContentHashKey(uint64_t hash);

// simhash_bands: band index (1 byte) + the band's 16 bits (2 bytes, big-endian) + doc id (8 bytes
// BE). A 64-bit SimHash is split into 4 bands, so two hashes within Hamming distance 3 share at
// least one band exactly and a prefix scan of 4 band keys finds every candidate.
std::string SimhashBandKey(int band, uint16_t band_bits, uint64_t doc_id);
std::string SimhashBandPrefix(int band, uint16_t band_bits);
// The doc id of a SimhashBandKey. InvalidArgument when the key is not 11 bytes.
absl::StatusOr<uint64_t> DecodeSimhashBandDocId(std::string_view key);

// meta (default CF) keys.
inline constexpr std::string_view kSchemaVersionKey = "schema_version";
inline constexpr std::string_view kNextDocIdKey = "next_doc_id";
inline constexpr std::string_view kCounterKeyPrefix = "counter/";

// "counter/" + name, e.g. CounterKey("documents") == "counter/documents".
std::string CounterKey(std::string_view name);

// Counters of the search index, written (Put, absolute values) in each indexed document's batch:
// documents indexed, their summed length in words (BM25's average length), and per language
// (the document's tag lower-cased) how many indexed documents have it.
inline constexpr std::string_view kIndexDocumentsCounter = "index_documents";
inline constexpr std::string_view kIndexLengthCounter = "index_length";
inline constexpr std::string_view kIndexLanguageCounterPrefix = "index_language/";

// doc_meta: DocumentKey(doc_id), like documents.

// stories: fixed64BE story id + fixed64BE doc id (16 bytes), so a story's members are contiguous
// and in doc id order. A story's id is the id of the document that started it.
std::string StoryMemberKey(uint64_t story_id, uint64_t doc_id);
// fixed64BE story id: the prefix of every member key of that story.
std::string StoryPrefix(uint64_t story_id);

struct StoryMemberKeyParts {
  uint64_t story_id;
  uint64_t doc_id;
};

// Splits a StoryMemberKey. InvalidArgument unless `key` is exactly 16 bytes.
absl::StatusOr<StoryMemberKeyParts> DecodeStoryMemberKey(std::string_view key);

// doc_story: DocumentKey(doc_id); value WrapValue(fixed64BE story id).

// ---- Values ----

// The value of a stories row: what a story listing needs per member without reading documents.
struct StoryMember {
  std::string language;                      // Document.language
  int64_t date_seconds = 0;                  // published_at, else ingested_at (Unix seconds)
  std::vector<std::string> shared_entities;  // entity ids that made it join (empty: founder)

  friend bool operator==(const StoryMember&, const StoryMember&) = default;
};

// Returns `01`, varint length + language, zigzag varint date, varint count, then each shared
// entity id as varint length + bytes.
std::string EncodeStoryMember(const StoryMember& member);

// Inverse of EncodeStoryMember. DataLoss when the format byte is unknown, the value is
// truncated, a length exceeds the bytes left, or bytes remain at the end.
absl::StatusOr<StoryMember> DecodeStoryMember(std::string_view value);

// Every value starts with one format-version byte so that a layout can evolve without rewriting
// the database: a new layout gets a new version byte and readers dispatch on it.
inline constexpr char kValueFormatV1 = 1;

// Returns kValueFormatV1 followed by `payload`.
std::string WrapValue(std::string_view payload);

// Returns the payload of a WrapValue result (pointing into `value`). DataLoss when `value` is
// empty or its version byte is not one this code knows.
absl::StatusOr<std::string_view> UnwrapValue(std::string_view value);

}  // namespace newsgraph::store

#endif  // NEWSGRAPH_COMMON_STORE_KEYS_H_
