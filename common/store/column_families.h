// The RocksDB column families of the document store. The numeric values are persisted nowhere
// (RocksDB identifies a column family by name), but they index handle tables and appear in logs
// and metrics, so they are never renumbered: a new family gets the next value, a retired one
// keeps its number reserved.
#ifndef NEWSGRAPH_COMMON_STORE_COLUMN_FAMILIES_H_
#define NEWSGRAPH_COMMON_STORE_COLUMN_FAMILIES_H_

#include <array>
#include <cstdint>
#include <string_view>

namespace newsgraph::store {

// See common/store/SCHEMA.md for the key and value layout of each family.
enum class ColumnFamily : uint8_t {
  kMeta = 0,           // RocksDB "default" CF: schema version, counters, id allocator
  kDocuments = 1,      // "documents"
  kPostings = 2,       // "postings"
  kEntities = 3,       // "entities"
  kEntityDocs = 4,     // "entity_docs"
  kExternalIds = 5,    // "external_ids"
  kPending = 6,        // "pending": documents waiting for entity extraction
  kContentHashes = 7,  // "content_hashes": exact-duplicate detection
  kSimhashBands = 8,   // "simhash_bands": near-duplicate detection
  kDocMeta = 9,        // "doc_meta": per-document search metadata (lengths, language, dates)
  kStories = 10,       // "stories": story id + doc id -> member record
  kDocStory = 11,      // "doc_story": doc id -> its story id
  kEntityPairs = 12,   // "entity_pairs": entity + '\0' + entity -> co-mention counts
  kEntityDays = 13,    // "entity_days": entity + '\0' + day -> that day's counts
  kEntityTotals = 14,  // "entity_totals": entity -> its document and mention counts
  kStoryDates = 15,    // "story_dates": story's last date + story id (newest-first listing)
  kEntityDates = 16,   // "entity_dates": entity + '\0' + date + doc id (first/last seen)
  kDocChanges = 17,    // "doc_changes": change number -> doc id whose doc_meta changed
};

// Every family this code knows, in enum order (so kAllColumnFamilies[i] has value i).
inline constexpr std::array<ColumnFamily, 18> kAllColumnFamilies = {
    ColumnFamily::kMeta,        ColumnFamily::kDocuments,     ColumnFamily::kPostings,
    ColumnFamily::kEntities,    ColumnFamily::kEntityDocs,    ColumnFamily::kExternalIds,
    ColumnFamily::kPending,     ColumnFamily::kContentHashes, ColumnFamily::kSimhashBands,
    ColumnFamily::kDocMeta,     ColumnFamily::kStories,       ColumnFamily::kDocStory,
    ColumnFamily::kEntityPairs, ColumnFamily::kEntityDays,    ColumnFamily::kEntityTotals,
    ColumnFamily::kStoryDates,  ColumnFamily::kEntityDates,   ColumnFamily::kDocChanges,
};

// Returns the RocksDB name of `cf` ("default" for kMeta, since RocksDB requires that family to
// exist anyway). Returns "" for a value outside the enum (e.g. one cast from a corrupt byte).
std::string_view ColumnFamilyName(ColumnFamily cf);

}  // namespace newsgraph::store

#endif  // NEWSGRAPH_COMMON_STORE_COLUMN_FAMILIES_H_
