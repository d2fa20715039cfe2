// A read-only hash table from short byte strings (folded words, stems) to uint32 values, built
// once, with a Bloom filter in front. Nearly every word of a text is not a name word, so the
// matcher's lookups are mostly misses: the filter answers those from a few hundred kilobytes
// that stay in cache, instead of a probe into a multi-megabyte table, and the one hash computed
// per key serves both.
#ifndef NEWSGRAPH_SERVICES_EXTRACT_MATCHER_KEY_TABLE_H_
#define NEWSGRAPH_SERVICES_EXTRACT_MATCHER_KEY_TABLE_H_

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace newsgraph::extract::matcher_internal {

class KeyTable {
 public:
  static constexpr uint32_t kMissing = UINT32_MAX;

  KeyTable() = default;
  // Builds the table from (key, value) pairs; keys must be distinct.
  explicit KeyTable(const std::vector<std::pair<std::string, uint32_t>>& entries);

  // A 64-bit hash of `key`, never 0. Fast for the short keys the matcher looks up.
  static uint64_t Hash(std::string_view key) {
    const char* p = key.data();
    size_t n = key.size();
    uint64_t h = 0x9E3779B97F4A7C15ull ^ n;
    while (n >= 8) {
      uint64_t v;
      std::memcpy(&v, p, 8);
      h = Mix(h ^ v, 0xBF58476D1CE4E5B9ull);
      p += 8;
      n -= 8;
    }
    if (n > 0) {
      uint64_t v = 0;
      for (size_t i = 0; i < n; ++i)
        v |= static_cast<uint64_t>(static_cast<uint8_t>(p[i])) << (8 * i);
      h = Mix(h ^ v, 0x94D049BB133111EBull);
    }
    return Mix(h, 0x2545F4914F6CDD1Dull) | 1;
  }

  // Returns the value stored for `key` (whose Hash is `hash`), or kMissing.
  uint32_t Find(std::string_view key, uint64_t hash) const {
    if (slots_.empty()) return kMissing;
    const uint64_t bits = BloomBits(hash);
    if ((bloom_[hash & bloom_mask_] & bits) != bits) return kMissing;
    const auto tag = static_cast<uint32_t>(hash >> 32) | 1;
    for (size_t i = (hash >> 20) & slot_mask_;; i = (i + 1) & slot_mask_) {
      const Slot& slot = slots_[i];
      if (slot.tag == 0) return kMissing;
      if (slot.tag == tag && slot.length == key.size() &&
          Equal(pool_.data() + slot.offset, key.data(), key.size())) {
        return slot.value;
      }
    }
  }
  uint32_t Find(std::string_view key) const { return Find(key, Hash(key)); }

  bool empty() const { return size_ == 0; }
  size_t size() const { return size_; }

 private:
  // 16 bytes, so that four fit in a cache line.
  struct Slot {
    uint32_t tag = 0;  // high half of the hash, never 0; 0 marks an empty slot
    uint32_t offset = 0;
    uint32_t length = 0;
    uint32_t value = 0;
  };

  // Keys are short: eight bytes at a time, inline, beats a call to memcmp.
  static bool Equal(const char* a, const char* b, size_t n) {
    for (; n >= 8; a += 8, b += 8, n -= 8) {
      uint64_t x, y;
      std::memcpy(&x, a, 8);
      std::memcpy(&y, b, 8);
      if (x != y) return false;
    }
    for (size_t i = 0; i < n; ++i) {
      if (a[i] != b[i]) return false;
    }
    return true;
  }

  // The filter is blocked: both bits of a key are in one 64-bit word, so a lookup touches one
  // cache line.
  static uint64_t BloomBits(uint64_t hash) {
    return (uint64_t{1} << ((hash >> 40) & 63)) | (uint64_t{1} << ((hash >> 46) & 63));
  }

  static uint64_t Mix(uint64_t a, uint64_t b) {
    const unsigned __int128 product = static_cast<unsigned __int128>(a) * b;
    return static_cast<uint64_t>(product) ^ static_cast<uint64_t>(product >> 64);
  }

  std::vector<Slot> slots_;
  size_t slot_mask_ = 0;
  std::vector<uint64_t> bloom_;
  uint64_t bloom_mask_ = 0;  // over words of bloom_
  std::string pool_;
  size_t size_ = 0;
};

}  // namespace newsgraph::extract::matcher_internal

#endif  // NEWSGRAPH_SERVICES_EXTRACT_MATCHER_KEY_TABLE_H_
