#include "common/store/postings.h"

#include <algorithm>
#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/base/status_macros.h"
#include "common/store/keys.h"

namespace newsgraph::store {
namespace {

// One entry of an encoded block or operand, not yet decoded beyond its doc id: `payload` is the
// varint position count followed by the position varints, copied verbatim when re-encoding.
struct EntryView {
  uint64_t doc_id;
  std::string_view payload;
  bool removal;
};

// Reads varint(count) and count position varints from the front of `*in`, checking them without
// keeping them. Returns the consumed bytes, or false on truncation, an absurd count, or
// positions that do not ascend.
bool SkipPositions(std::string_view* in, uint64_t* count, std::string_view* consumed) {
  const std::string_view start = *in;
  if (!GetVarint64(in, count)) return false;
  // Each position takes at least one byte, so a count beyond the remaining bytes is corrupt
  // (and would otherwise make the loop below the attacker's to size).
  if (*count > in->size()) return false;
  uint64_t position = 0;
  for (uint64_t i = 0; i < *count; ++i) {
    uint64_t delta;
    if (!GetVarint64(in, &delta) || (i > 0 && delta == 0) || delta > UINT32_MAX - position) {
      return false;  // positions must ascend within uint32
    }
    position += delta;
  }
  *consumed = start.substr(0, start.size() - in->size());
  return true;
}

// Appends the entries of `value` to `*entries`. False when the value does not decode.
bool ParseEntries(std::string_view value, std::vector<EntryView>* entries) {
  if (value.empty() || value[0] != kPostingsFormatV1) return false;
  value.remove_prefix(1);
  uint64_t doc_id = 0;
  bool first = true;
  while (!value.empty()) {
    uint64_t delta;
    if (!GetVarint64(&value, &delta)) return false;
    if (!first && delta == 0) return false;  // doc ids strictly ascend
    if (delta > UINT64_MAX - doc_id) return false;
    doc_id += delta;
    first = false;
    uint64_t count;
    std::string_view payload;
    if (!SkipPositions(&value, &count, &payload)) return false;
    entries->push_back({doc_id, payload, count == 0});
  }
  return true;
}

void AppendEntry(std::string* out, uint64_t* previous_doc, uint64_t doc_id,
                 std::string_view payload) {
  PutVarint64(out, doc_id - *previous_doc);
  *previous_doc = doc_id;
  out->append(payload);
}

}  // namespace

std::string EncodePostings(std::span<const Posting> postings) {
  std::string out(1, kPostingsFormatV1);
  uint64_t previous_doc = 0;
  for (const Posting& posting : postings) {
    PutVarint64(&out, posting.doc_id - previous_doc);
    previous_doc = posting.doc_id;
    PutVarint64(&out, posting.positions.size());
    uint32_t previous_position = 0;
    for (uint32_t position : posting.positions) {
      PutVarint64(&out, position - previous_position);
      previous_position = position;
    }
  }
  return out;
}

std::string PostingAddOperand(uint64_t doc_id, std::span<const uint32_t> positions) {
  std::string out(1, kPostingsFormatV1);
  out.reserve(4 + 2 * positions.size());
  PutVarint64(&out, doc_id);
  PutVarint64(&out, positions.size());
  uint32_t previous = 0;
  for (uint32_t position : positions) {
    PutVarint64(&out, position - previous);
    previous = position;
  }
  return out;
}

std::string PostingRemovalOperand(uint64_t doc_id) {
  std::string out(1, kPostingsFormatV1);
  PutVarint64(&out, doc_id);
  PutVarint64(&out, 0);
  return out;
}

absl::Status DecodePostings(std::string_view value, std::vector<Posting>* out) {
  out->clear();
  std::vector<EntryView> entries;
  if (!ParseEntries(value, &entries)) return absl::DataLossError("postings: undecodable block");
  out->reserve(entries.size());
  for (const EntryView& entry : entries) {
    Posting posting{entry.doc_id, {}};
    std::string_view payload = entry.payload;
    uint64_t count;
    GetVarint64(&payload, &count);  // already validated by ParseEntries
    uint64_t position = 0;
    for (uint64_t i = 0; i < count; ++i) {
      uint64_t delta;
      GetVarint64(&payload, &delta);
      if ((i > 0 && delta == 0) || position + delta > UINT32_MAX) {
        return absl::DataLossError("postings: positions not ascending");
      }
      position += delta;
      posting.positions.push_back(static_cast<uint32_t>(position));
    }
    out->push_back(std::move(posting));
  }
  return absl::OkStatus();
}

namespace {

// GetVarint64 inline for up to 5 bytes (every position and almost every doc id delta), the rest
// through it: decoding is most of a common word's search time.
inline bool NextVarint(std::string_view* input, uint64_t* v) {
  const auto* p = reinterpret_cast<const uint8_t*>(input->data());
  const size_t n = std::min<size_t>(input->size(), 5);
  uint64_t result = 0;
  for (size_t i = 0; i < n; ++i) {
    result |= uint64_t{p[i] & 0x7fu} << (7 * i);
    if (p[i] < 0x80) {
      *v = result;
      input->remove_prefix(i + 1);
      return true;
    }
  }
  return GetVarint64(input, v);
}

// Decodes `count` position deltas from `*input` into absolute positions, appending them to
// `*out`; false when they do not decode or do not strictly ascend within 32 bits.
bool DecodePositionDeltas(std::string_view* input, uint64_t count, std::vector<uint32_t>* out) {
  uint64_t position = 0;
  for (uint64_t i = 0; i < count; ++i) {
    uint64_t delta;
    // Compared as a difference: a 64-bit delta near 2^64 would wrap `position + delta` back
    // below UINT32_MAX and let positions descend.
    if (!NextVarint(input, &delta) || (i > 0 && delta == 0) || delta > UINT32_MAX - position) {
      return false;
    }
    position += delta;
    out->push_back(static_cast<uint32_t>(position));
  }
  return true;
}

// Skips `n` varints at the front of `*rest`; false when they do not all end within it. Eight
// bytes at a time while the n-th varint ends further on (a varint ends at a byte below 0x80),
// then byte by byte, refusing a varint longer than GetVarint64 accepts (10 bytes) there.
bool SkipVarints(std::string_view* rest, uint64_t n) {
  const char* p = rest->data();
  const char* const end = p + rest->size();
  while (n > 0 && end - p >= 8) {
    uint64_t word;
    std::memcpy(&word, p, sizeof(word));
    const auto stops = static_cast<uint64_t>(__builtin_popcountll(~word & 0x8080808080808080ull));
    if (stops >= n) break;
    n -= stops;
    p += 8;
  }
  for (; n > 0; --n) {
    size_t length = 0;
    while (p + length < end && length < 10 && static_cast<uint8_t>(p[length]) >= 0x80) ++length;
    if (p + length == end || length == 10) return false;
    p += length + 1;
  }
  rest->remove_prefix(p - rest->data());
  return true;
}

// Reads the next entry header of a block: doc id delta (added to *doc_id) and position count.
// DataLoss unless the delta is positive after the first entry, the count fits in the bytes
// left, and a live entry's doc id follows `last_doc` (the list's last, or nullptr).
absl::Status NextEntry(std::string_view* rest, bool* first, const uint64_t* last_doc,
                       uint64_t* doc_id, uint64_t* count) {
  uint64_t delta;
  if (!NextVarint(rest, &delta) || (!*first && delta == 0) || delta > UINT64_MAX - *doc_id ||
      !NextVarint(rest, count) || *count > rest->size()) {
    return absl::DataLossError("postings: undecodable block");
  }
  *doc_id += delta;
  *first = false;
  if (*count > 0 && last_doc != nullptr && *doc_id <= *last_doc) {
    return absl::DataLossError(absl::StrCat("postings: doc ", *doc_id, " out of order"));
  }
  return absl::OkStatus();
}

}  // namespace

absl::Status AppendPostingBlock(std::string_view value, PostingList* out) {
  if (value.empty() || value[0] != kPostingsFormatV1) {
    return absl::DataLossError("postings: unknown block format");
  }
  value.remove_prefix(1);
  // Every entry takes at least 3 bytes and every position one: room for the whole block up
  // front (growing geometrically, as a list is many blocks), so the loop below never reallocates.
  auto make_room = [](auto& v, size_t more) {
    if (v.capacity() - v.size() < more) v.reserve(std::max(v.size() + more, 2 * v.capacity()));
  };
  make_room(out->positions, value.size());
  make_room(out->doc_ids, value.size() / 3 + 1);
  make_room(out->offsets, value.size() / 3 + 1);
  uint64_t doc_id = 0, count = 0;
  bool first = true;
  while (!value.empty()) {
    RETURN_IF_ERROR(NextEntry(&value, &first, out->doc_ids.empty() ? nullptr : &out->doc_ids.back(),
                              &doc_id, &count));
    if (count == 0) continue;  // a removal: never in a merged block, skipped defensively
    const size_t at = out->positions.size();
    if (!DecodePositionDeltas(&value, count, &out->positions)) {
      out->positions.resize(at);
      return absl::DataLossError("postings: undecodable positions");
    }
    out->doc_ids.push_back(doc_id);
    out->offsets.push_back(static_cast<uint32_t>(out->positions.size()));
  }
  return absl::OkStatus();
}

absl::Status PostingCounts::DecodePositions(size_t i, std::vector<uint32_t>* out) const {
  std::string_view input(bytes);
  input.remove_prefix(starts[i]);
  if (!DecodePositionDeltas(&input, counts[i], out)) {
    return absl::DataLossError("postings: undecodable positions");
  }
  return absl::OkStatus();
}

absl::Status AppendPostingCounts(std::string_view value, PostingCounts* out) {
  if (value.empty() || value[0] != kPostingsFormatV1) {
    return absl::DataLossError("postings: unknown block format");
  }
  const size_t base = out->bytes.size();
  if (value.size() > UINT32_MAX - base) {
    return absl::ResourceExhaustedError("postings: a key's postings exceed 4 GiB");
  }
  out->bytes.append(value);
  const char* const data = out->bytes.data() + base;
  std::string_view rest = std::string_view(out->bytes).substr(base + 1);
  uint64_t doc_id = 0, count = 0;
  bool first = true;
  while (!rest.empty()) {
    RETURN_IF_ERROR(NextEntry(&rest, &first, out->doc_ids.empty() ? nullptr : &out->doc_ids.back(),
                              &doc_id, &count));
    if (count == 0) continue;  // a removal: never in a merged block, skipped defensively
    const auto start = static_cast<uint32_t>(base + (rest.data() - data));
    // Title positions come first (they are the smallest): decode while below the body's base,
    // then skip the rest by their varints' last bytes. Their values are checked when decoded.
    uint64_t title = 0, position = 0, seen = 0;
    while (seen < count) {
      uint64_t position_delta;
      const std::string_view before = rest;
      if (!NextVarint(&rest, &position_delta) || position_delta > UINT32_MAX - position) {
        return absl::DataLossError("postings: undecodable positions");
      }
      position += position_delta;
      if (position >= kBodyPositionBase) {
        rest = before;
        break;
      }
      ++title;
      ++seen;
    }
    if (!SkipVarints(&rest, count - seen)) {
      return absl::DataLossError("postings: undecodable positions");
    }
    out->doc_ids.push_back(doc_id);
    out->counts.push_back(static_cast<uint32_t>(count));
    out->title_counts.push_back(static_cast<uint32_t>(title));
    out->starts.push_back(start);
  }
  return absl::OkStatus();
}

bool MergePostings(const std::string_view* base, std::span<const std::string_view> operands,
                   bool keep_removals, std::string* out) {
  out->clear();
  // Operand entries are gathered in operand order; a stable sort by doc id keeps that order
  // among equal ids, so the last of each run is the latest operation. Operands are few and
  // small next to the base block (up to 4096 documents), which is already sorted: it is merged
  // in linearly, each operation replacing or removing the base's entry.
  std::vector<EntryView> latest;
  for (std::string_view operand : operands) {
    if (!ParseEntries(operand, &latest)) return false;
  }
  std::stable_sort(latest.begin(), latest.end(),
                   [](const EntryView& a, const EntryView& b) { return a.doc_id < b.doc_id; });
  size_t kept = 0;
  for (size_t i = 0; i < latest.size(); ++i) {
    if (i + 1 < latest.size() && latest[i + 1].doc_id == latest[i].doc_id) continue;
    latest[kept++] = latest[i];
  }
  latest.resize(kept);
  std::vector<EntryView> old;
  if (base != nullptr && !ParseEntries(*base, &old)) return false;

  out->reserve((base != nullptr ? base->size() : 1) + 8 * latest.size());
  out->push_back(kPostingsFormatV1);
  uint64_t previous_doc = 0;
  auto emit = [&](const EntryView& entry) {
    if (!entry.removal || keep_removals)
      AppendEntry(out, &previous_doc, entry.doc_id, entry.payload);
  };
  size_t i = 0, j = 0;
  while (i < old.size() || j < latest.size()) {
    if (j == latest.size() || (i < old.size() && old[i].doc_id < latest[j].doc_id)) {
      emit(old[i++]);
    } else {
      if (i < old.size() && old[i].doc_id == latest[j].doc_id) ++i;  // replaced or removed
      emit(latest[j++]);
    }
  }
  return true;
}

}  // namespace newsgraph::store
