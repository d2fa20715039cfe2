// Duplicate detection: a stable 64-bit hash of the normalized body for exact duplicates and a
// 64-bit SimHash over the words for near duplicates, with their store lookups.
#ifndef NEWSGRAPH_SERVICES_INGEST_CORE_DEDUP_H_
#define NEWSGRAPH_SERVICES_INGEST_CORE_DEDUP_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "common/store/store.h"

namespace newsgraph::ingest {

// SimHash splits into 4 bands of 16 bits: two hashes within distance 3 share a band exactly.
inline constexpr int kSimhashBands = 4;
inline constexpr int kMaxNearDuplicateDistance = kSimhashBands - 1;
// Fewer terms than this give a SimHash too unstable to call anything a near duplicate.
inline constexpr size_t kMinTermsForNearDuplicate = 24;

// A hash that never changes across runs, builds or machines (it is persisted), unlike
// absl::Hash/std::hash.
uint64_t StableHash64(std::string_view bytes);

// SimHash of `terms` (folded words), each word weighted by its frequency; 0 for no terms.
uint64_t Simhash64(const std::vector<std::string>& terms);

int HammingDistance(uint64_t a, uint64_t b);

struct DuplicateMatch {
  uint64_t doc_id;
  int distance;  // 0 for an exact duplicate
};

// The stored document whose body hashes to `content_hash`, or nullopt.
absl::StatusOr<std::optional<DuplicateMatch>> FindExactDuplicate(const store::Store& db,
                                                                 uint64_t content_hash);

// The stored document whose SimHash is closest to `simhash` within `max_distance` (clamped to
// kMaxNearDuplicateDistance), or nullopt; ties go to the oldest document.
absl::StatusOr<std::optional<DuplicateMatch>> FindNearDuplicate(const store::Store& db,
                                                                uint64_t simhash, int max_distance);

// Adds / deletes the dedup keys of a document. `simhash` 0 means "not indexed for near dups".
void PutDedupKeys(uint64_t doc_id, uint64_t content_hash, uint64_t simhash,
                  store::WriteBatch* batch);
void DeleteDedupKeys(uint64_t doc_id, uint64_t content_hash, uint64_t simhash,
                     store::WriteBatch* batch);

}  // namespace newsgraph::ingest

#endif  // NEWSGRAPH_SERVICES_INGEST_CORE_DEDUP_H_
