#include "services/ingest/core/dedup.h"

#include <algorithm>
#include <array>
#include <bit>

#include "common/base/status_macros.h"
#include "common/store/keys.h"

namespace newsgraph::ingest {
namespace {

// splitmix64's finalizer: spreads FNV's weak low bits over all 64 bits.
uint64_t Mix(uint64_t x) {
  x ^= x >> 30;
  x *= 0xbf58476d1ce4e5b9ULL;
  x ^= x >> 27;
  x *= 0x94d049bb133111ebULL;
  x ^= x >> 31;
  return x;
}

uint16_t Band(uint64_t simhash, int band) { return static_cast<uint16_t>(simhash >> (16 * band)); }

}  // namespace

uint64_t StableHash64(std::string_view bytes) {
  uint64_t hash = 0xcbf29ce484222325ULL;  // FNV-1a offset basis
  for (unsigned char c : bytes) {
    hash ^= c;
    hash *= 0x100000001b3ULL;
  }
  return Mix(hash);
}

uint64_t Simhash64(const std::vector<std::string>& terms) {
  if (terms.empty()) return 0;
  // Features are the words themselves, weighted by how often they occur. Measured on samples/:
  // one changed word moves the hash by at most 2 bits, different articles on the same story stay
  // 14+ bits apart; with word 3-shingles a single edit moved it by up to 8 bits.
  std::array<int64_t, 64> weights{};
  for (const std::string& term : terms) {
    uint64_t hash = StableHash64(term);
    for (int bit = 0; bit < 64; ++bit) weights[bit] += ((hash >> bit) & 1) ? 1 : -1;
  }
  uint64_t simhash = 0;
  for (int bit = 0; bit < 64; ++bit) {
    if (weights[bit] > 0) simhash |= uint64_t{1} << bit;
  }
  return simhash;
}

int HammingDistance(uint64_t a, uint64_t b) { return std::popcount(a ^ b); }

absl::StatusOr<std::optional<DuplicateMatch>> FindExactDuplicate(const store::Store& db,
                                                                 uint64_t content_hash) {
  auto value = db.Get(store::ColumnFamily::kContentHashes, store::ContentHashKey(content_hash));
  if (absl::IsNotFound(value.status())) return std::nullopt;
  if (!value.ok()) return value.status();
  ASSIGN_OR_RETURN(auto payload, store::UnwrapValue(*value));
  ASSIGN_OR_RETURN(uint64_t doc_id, store::DecodeFixed64BE(payload));
  return DuplicateMatch{doc_id, 0};
}

absl::StatusOr<std::optional<DuplicateMatch>> FindNearDuplicate(const store::Store& db,
                                                                uint64_t simhash,
                                                                int max_distance) {
  max_distance = std::clamp(max_distance, 0, kMaxNearDuplicateDistance);
  std::optional<DuplicateMatch> best;
  absl::Status decode_error;
  for (int band = 0; band < kSimhashBands; ++band) {
    RETURN_IF_ERROR(db.ScanPrefix(
        store::ColumnFamily::kSimhashBands, store::SimhashBandPrefix(band, Band(simhash, band)),
        [&](std::string_view key, std::string_view value) {
          auto doc_id = store::DecodeSimhashBandDocId(key);
          auto payload = store::UnwrapValue(value);
          auto other = payload.ok() ? store::DecodeFixed64BE(*payload) : payload.status();
          if (!doc_id.ok() || !other.ok()) {
            decode_error = absl::DataLossError("simhash_bands: undecodable entry");
            return false;
          }
          int distance = HammingDistance(simhash, *other);
          if (distance <= max_distance &&
              (!best || distance < best->distance ||
               (distance == best->distance && *doc_id < best->doc_id))) {
            best = DuplicateMatch{*doc_id, distance};
          }
          return true;
        }));
  }
  RETURN_IF_ERROR(decode_error);
  return best;
}

void PutDedupKeys(uint64_t doc_id, uint64_t content_hash, uint64_t simhash,
                  store::WriteBatch* batch) {
  std::string id_value;
  store::PutFixed64BE(&id_value, doc_id);
  batch->Put(store::ColumnFamily::kContentHashes, store::ContentHashKey(content_hash),
             store::WrapValue(id_value));
  if (simhash == 0) return;
  std::string simhash_value;
  store::PutFixed64BE(&simhash_value, simhash);
  for (int band = 0; band < kSimhashBands; ++band) {
    batch->Put(store::ColumnFamily::kSimhashBands,
               store::SimhashBandKey(band, Band(simhash, band), doc_id),
               store::WrapValue(simhash_value));
  }
}

void DeleteDedupKeys(uint64_t doc_id, uint64_t content_hash, uint64_t simhash,
                     store::WriteBatch* batch) {
  batch->Delete(store::ColumnFamily::kContentHashes, store::ContentHashKey(content_hash));
  if (simhash == 0) return;
  for (int band = 0; band < kSimhashBands; ++band) {
    batch->Delete(store::ColumnFamily::kSimhashBands,
                  store::SimhashBandKey(band, Band(simhash, band), doc_id));
  }
}

}  // namespace newsgraph::ingest
