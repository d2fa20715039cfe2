#include "services/extract/matcher/key_table.h"

#include <algorithm>
#include <bit>

namespace newsgraph::extract::matcher_internal {

KeyTable::KeyTable(const std::vector<std::pair<std::string, uint32_t>>& entries) {
  size_ = entries.size();
  if (entries.empty()) return;
  // Load factor at most 1/2 keeps linear probes short; 16 filter bits per key, two of them set
  // in one word per key, let about 2% of misses through.
  const size_t slot_count = std::bit_ceil(std::max<size_t>(16, entries.size() * 2));
  slots_.resize(slot_count);
  slot_mask_ = slot_count - 1;
  const size_t bloom_words = std::bit_ceil(std::max<size_t>(1, entries.size() / 4));
  bloom_.assign(bloom_words, 0);
  bloom_mask_ = bloom_words - 1;
  for (const auto& [key, value] : entries) {
    const uint64_t hash = Hash(key);
    bloom_[hash & bloom_mask_] |= BloomBits(hash);
    size_t i = (hash >> 20) & slot_mask_;
    while (slots_[i].tag != 0) i = (i + 1) & slot_mask_;
    slots_[i] = {static_cast<uint32_t>(hash >> 32) | 1, static_cast<uint32_t>(pool_.size()),
                 static_cast<uint32_t>(key.size()), value};
    pool_ += key;
  }
}

}  // namespace newsgraph::extract::matcher_internal
