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
// fixed64BE common/analysis kAnalysisVersion the postings were built with (schema 4).
inline constexpr std::string_view kAnalysisVersionKey = "analysis_version";
inline constexpr std::string_view kCounterKeyPrefix = "counter/";

// "counter/" + name, e.g. CounterKey("documents") == "counter/documents".
std::string CounterKey(std::string_view name);

// Counters of the search index, written (Put, absolute values) in each indexed document's batch:
// documents indexed, their summed length in words (BM25's average length), and per language
// (the document's tag lower-cased) how many indexed documents have it.
inline constexpr std::string_view kIndexDocumentsCounter = "index_documents";
inline constexpr std::string_view kIndexLengthCounter = "index_length";
inline constexpr std::string_view kIndexLanguageCounterPrefix = "index_language/";
// Bumped (Put, absolute value) in every batch that adds or changes an entity record, so query
// rebuilds its autocomplete names only when they changed.
inline constexpr std::string_view kEntityRecordsCounter = "entity_records";

// doc_meta: DocumentKey(doc_id), like documents.

// doc_changes (schema 5): the 8-byte big-endian change number (1, 2, ...); the value is the
// wrapped fixed64BE doc id whose doc_meta row that change put or deleted. Written only by
// Store::Commit.
std::string DocChangeKey(uint64_t change);

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

// story_dates: fixed64BE(SortableInt64(last member date seconds)) + fixed64BE story id (16
// bytes): walking it backwards lists stories newest first (by last date, then by id).
std::string StoryDateKey(int64_t last_seconds, uint64_t story_id);

struct StoryDateKeyParts {
  int64_t last_seconds;
  uint64_t story_id;
};

// Splits a StoryDateKey. InvalidArgument unless `key` is exactly 16 bytes.
absl::StatusOr<StoryDateKeyParts> DecodeStoryDateKey(std::string_view key);

// A signed integer as an unsigned one whose big-endian bytes sort in numeric order (the sign bit
// flipped): dates before 1970 sort before later ones. Its own inverse: FromSortable.
uint64_t SortableInt64(int64_t v);
int64_t FromSortableInt64(uint64_t v);

// ---- Entity counters (schema 4) ----

// entity_pairs: entity id A + '\0' + entity id B (neither contains '\0'): the documents that
// mention both. Every pair is stored in both directions, so EntityPairPrefix(A) (== A + '\0')
// lists everything co-mentioned with A in one prefix scan.
std::string EntityPairKey(std::string_view entity_id, std::string_view other_id);
std::string EntityPairPrefix(std::string_view entity_id);

struct EntityPairKeyParts {
  std::string_view entity_id;  // A, pointing into the decoded key
  std::string_view other_id;   // B
};

// Splits an EntityPairKey. InvalidArgument when there is not exactly one '\0' or A is empty.
absl::StatusOr<EntityPairKeyParts> DecodeEntityPairKey(std::string_view key);

// entity_days: entity id + '\0' + fixed64BE(SortableInt64(day)), day = floor(seconds / 86400)
// of the document's date (published, else ingested; UTC), so an entity's days are contiguous and
// in date order.
std::string EntityDayKey(std::string_view entity_id, int64_t day);

struct EntityDayKeyParts {
  std::string_view entity_id;  // points into the decoded key
  int64_t day;
};

// Splits an EntityDayKey. InvalidArgument under the same conditions as DecodePostingKey.
absl::StatusOr<EntityDayKeyParts> DecodeEntityDayKey(std::string_view key);

// The day number of a Unix time: floor(seconds / 86400), also for negative seconds.
int64_t DayOfSeconds(int64_t seconds);

// entity_dates: entity id + '\0' + fixed64BE(SortableInt64(date seconds)) + fixed64BE doc id:
// one row per (entity, document), in date order, so an entity's first and last dates are its
// first and last rows. Value WrapValue("").
std::string EntityDateKey(std::string_view entity_id, int64_t seconds, uint64_t doc_id);

struct EntityDateKeyParts {
  std::string_view entity_id;  // points into the decoded key
  int64_t seconds;
  uint64_t doc_id;
};

// Splits an EntityDateKey. InvalidArgument when `key` is shorter than 17 bytes, the byte before
// the date is not '\0', or the id part contains a '\0'.
absl::StatusOr<EntityDateKeyParts> DecodeEntityDateKey(std::string_view key);

// entity_totals: the entity id bytes as they are (like EntityKey).
std::string EntityTotalsKey(std::string_view entity_id);

// The value of an entity_pairs, entity_days or entity_totals row. Absolute values, Put by ingest
// (never merged): see SCHEMA.md.
struct EntityCounts {
  uint64_t documents = 0;  // documents counted (pairs: mentioning both)
  uint64_t mentions = 0;   // mentions (pairs: of the second entity, B, in those documents)
  // entity_days only: of `documents`, those dated by ingested_at (no published_at).
  uint64_t dated_by_ingestion = 0;

  bool empty() const { return documents == 0 && mentions == 0 && dated_by_ingestion == 0; }
  friend bool operator==(const EntityCounts&, const EntityCounts&) = default;
};

// `01`, varint documents, varint mentions, and for entity_days (`with_ingestion`) varint
// dated_by_ingestion.
std::string EncodeEntityCounts(const EntityCounts& counts, bool with_ingestion);

// Inverse of EncodeEntityCounts. DataLoss when the format byte is unknown, the value is
// truncated, or bytes other than the expected varints remain.
absl::StatusOr<EntityCounts> DecodeEntityCounts(std::string_view value, bool with_ingestion);

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
