#include "common/store/keys.h"

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"

namespace newsgraph::store {
namespace {

constexpr size_t kFixed64Size = 8;
constexpr size_t kMaxVarint64Size = 10;
constexpr char kSeparator = '\0';

// Builds `str + '\0' + fixed64BE(id)` in one allocation.
std::string StringIdKey(std::string_view str, uint64_t id) {
  std::string key;
  key.reserve(str.size() + 1 + kFixed64Size);
  key.append(str);
  key.push_back(kSeparator);
  PutFixed64BE(&key, id);
  return key;
}

struct StringIdParts {
  std::string_view str;
  uint64_t id;
};

// Inverse of StringIdKey; `what` names the key kind in error messages.
absl::StatusOr<StringIdParts> DecodeStringIdKey(std::string_view key, std::string_view what) {
  if (key.size() < 1 + kFixed64Size) {
    return absl::InvalidArgumentError(std::string(what) + " key too short: " +
                                      std::to_string(key.size()) + " bytes, need at least 9");
  }
  const size_t sep = key.size() - kFixed64Size - 1;
  if (key[sep] != kSeparator) {
    return absl::InvalidArgumentError(std::string(what) + " key lacks the '\\0' separator");
  }
  std::string_view str = key.substr(0, sep);
  if (str.find(kSeparator) != std::string_view::npos) {
    return absl::InvalidArgumentError(std::string(what) + " key has a '\\0' inside its string");
  }
  absl::StatusOr<uint64_t> id = DecodeFixed64BE(key.substr(sep + 1));
  if (!id.ok()) return id.status();
  return StringIdParts{str, *id};
}

}  // namespace

void PutFixed64BE(std::string* dst, uint64_t v) {
  char buf[kFixed64Size];
  for (int i = kFixed64Size - 1; i >= 0; --i) {
    buf[i] = static_cast<char>(v & 0xff);
    v >>= 8;
  }
  dst->append(buf, kFixed64Size);
}

absl::StatusOr<uint64_t> DecodeFixed64BE(std::string_view bytes) {
  if (bytes.size() != kFixed64Size) {
    return absl::InvalidArgumentError(absl::StrCat("fixed64 must be 8 bytes, got ", bytes.size()));
  }
  uint64_t v = 0;
  for (char c : bytes) v = (v << 8) | static_cast<uint8_t>(c);
  return v;
}

void PutVarint64(std::string* dst, uint64_t v) {
  while (v >= 0x80) {
    dst->push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  dst->push_back(static_cast<char>(v));
}

bool GetVarint64(std::string_view* input, uint64_t* v) {
  uint64_t result = 0;
  for (size_t i = 0; i < input->size() && i < kMaxVarint64Size; ++i) {
    const uint64_t byte = static_cast<uint8_t>((*input)[i]);
    // The 10th byte carries bit 63 only; anything more would overflow.
    if (i == kMaxVarint64Size - 1 && byte > 1) return false;
    result |= (byte & 0x7f) << (7 * i);
    if ((byte & 0x80) == 0) {
      *v = result;
      input->remove_prefix(i + 1);
      return true;
    }
  }
  return false;  // truncated, or no terminating byte within 10 bytes
}

std::string DocumentKey(uint64_t doc_id) {
  std::string key;
  PutFixed64BE(&key, doc_id);
  return key;
}

std::string DocChangeKey(uint64_t change) { return DocumentKey(change); }  // the same layout

absl::StatusOr<uint64_t> DecodeDocumentKey(std::string_view key) {
  if (key.size() != kFixed64Size) {
    return absl::InvalidArgumentError(
        absl::StrCat("document key must be 8 bytes, got ", key.size()));
  }
  return DecodeFixed64BE(key);
}

std::string PostingBlockKey(std::string_view term, uint64_t block) {
  return StringIdKey(term, block);
}

std::string PostingPrefix(std::string_view term) {
  std::string prefix(term);
  prefix.push_back(kSeparator);
  return prefix;
}

absl::StatusOr<PostingKeyParts> DecodePostingKey(std::string_view key) {
  absl::StatusOr<StringIdParts> parts = DecodeStringIdKey(key, "posting");
  if (!parts.ok()) return parts.status();
  return PostingKeyParts{parts->str, parts->id};
}

std::string EntityKey(std::string_view entity_id) { return std::string(entity_id); }

std::string EntityDocKey(std::string_view entity_id, uint64_t doc_id) {
  return StringIdKey(entity_id, doc_id);
}

std::string EntityDocPrefix(std::string_view entity_id) {
  std::string prefix(entity_id);
  prefix.push_back(kSeparator);
  return prefix;
}

absl::StatusOr<EntityDocKeyParts> DecodeEntityDocKey(std::string_view key) {
  absl::StatusOr<StringIdParts> parts = DecodeStringIdKey(key, "entity_docs");
  if (!parts.ok()) return parts.status();
  return EntityDocKeyParts{parts->str, parts->id};
}

std::string ExternalIdKey(std::string_view external_id) { return std::string(external_id); }

std::string CounterKey(std::string_view name) {
  std::string key(kCounterKeyPrefix);
  key.append(name);
  return key;
}

std::string WrapValue(std::string_view payload) {
  std::string value;
  value.reserve(1 + payload.size());
  value.push_back(kValueFormatV1);
  value.append(payload);
  return value;
}

absl::StatusOr<std::string_view> UnwrapValue(std::string_view value) {
  if (value.empty()) return absl::DataLossError("stored value is empty (no format byte)");
  if (value[0] != kValueFormatV1) {
    return absl::DataLossError(absl::StrCat("unknown value format version ",
                                            static_cast<int>(static_cast<uint8_t>(value[0]))));
  }
  return value.substr(1);
}

std::string ContentHashKey(uint64_t hash) {
  std::string key;
  PutFixed64BE(&key, hash);
  return key;
}

std::string SimhashBandPrefix(int band, uint16_t band_bits) {
  std::string key;
  key.push_back(static_cast<char>(band));
  key.push_back(static_cast<char>(band_bits >> 8));
  key.push_back(static_cast<char>(band_bits & 0xFF));
  return key;
}

std::string SimhashBandKey(int band, uint16_t band_bits, uint64_t doc_id) {
  std::string key = SimhashBandPrefix(band, band_bits);
  PutFixed64BE(&key, doc_id);
  return key;
}

absl::StatusOr<uint64_t> DecodeSimhashBandDocId(std::string_view key) {
  if (key.size() != 11) return absl::InvalidArgumentError("simhash band key: want 11 bytes");
  return DecodeFixed64BE(key.substr(3));
}

std::string StoryPrefix(uint64_t story_id) {
  std::string key;
  PutFixed64BE(&key, story_id);
  return key;
}

std::string StoryMemberKey(uint64_t story_id, uint64_t doc_id) {
  std::string key = StoryPrefix(story_id);
  PutFixed64BE(&key, doc_id);
  return key;
}

absl::StatusOr<StoryMemberKeyParts> DecodeStoryMemberKey(std::string_view key) {
  if (key.size() != 16) return absl::InvalidArgumentError("story member key: want 16 bytes");
  return StoryMemberKeyParts{*DecodeFixed64BE(key.substr(0, 8)), *DecodeFixed64BE(key.substr(8))};
}

uint64_t SortableInt64(int64_t v) { return static_cast<uint64_t>(v) ^ (uint64_t{1} << 63); }

int64_t FromSortableInt64(uint64_t v) { return static_cast<int64_t>(v ^ (uint64_t{1} << 63)); }

std::string StoryDateKey(int64_t last_seconds, uint64_t story_id) {
  std::string key;
  PutFixed64BE(&key, SortableInt64(last_seconds));
  PutFixed64BE(&key, story_id);
  return key;
}

absl::StatusOr<StoryDateKeyParts> DecodeStoryDateKey(std::string_view key) {
  if (key.size() != 16) return absl::InvalidArgumentError("story date key: want 16 bytes");
  return StoryDateKeyParts{FromSortableInt64(*DecodeFixed64BE(key.substr(0, 8))),
                           *DecodeFixed64BE(key.substr(8))};
}

std::string EntityPairKey(std::string_view entity_id, std::string_view other_id) {
  std::string key;
  key.reserve(entity_id.size() + 1 + other_id.size());
  key.append(entity_id);
  key.push_back(kSeparator);
  key.append(other_id);
  return key;
}

std::string EntityPairPrefix(std::string_view entity_id) { return EntityDocPrefix(entity_id); }

absl::StatusOr<EntityPairKeyParts> DecodeEntityPairKey(std::string_view key) {
  const size_t sep = key.find(kSeparator);
  if (sep == std::string_view::npos || sep == 0 ||
      key.find(kSeparator, sep + 1) != std::string_view::npos) {
    return absl::InvalidArgumentError("entity_pairs key: want exactly one '\\0' after an id");
  }
  return EntityPairKeyParts{key.substr(0, sep), key.substr(sep + 1)};
}

std::string EntityDayKey(std::string_view entity_id, int64_t day) {
  return StringIdKey(entity_id, SortableInt64(day));
}

absl::StatusOr<EntityDayKeyParts> DecodeEntityDayKey(std::string_view key) {
  absl::StatusOr<StringIdParts> parts = DecodeStringIdKey(key, "entity_days");
  if (!parts.ok()) return parts.status();
  return EntityDayKeyParts{parts->str, FromSortableInt64(parts->id)};
}

int64_t DayOfSeconds(int64_t seconds) {
  constexpr int64_t kDay = 86400;
  return seconds >= 0 ? seconds / kDay : -((-seconds + kDay - 1) / kDay);
}

std::string EntityDateKey(std::string_view entity_id, int64_t seconds, uint64_t doc_id) {
  std::string key = StringIdKey(entity_id, SortableInt64(seconds));
  PutFixed64BE(&key, doc_id);
  return key;
}

absl::StatusOr<EntityDateKeyParts> DecodeEntityDateKey(std::string_view key) {
  if (key.size() < 1 + 2 * kFixed64Size) {
    return absl::InvalidArgumentError("entity_dates key too short: need at least 17 bytes");
  }
  absl::StatusOr<StringIdParts> parts =
      DecodeStringIdKey(key.substr(0, key.size() - kFixed64Size), "entity_dates");
  if (!parts.ok()) return parts.status();
  return EntityDateKeyParts{parts->str, FromSortableInt64(parts->id),
                            *DecodeFixed64BE(key.substr(key.size() - kFixed64Size))};
}

std::string EntityTotalsKey(std::string_view entity_id) { return std::string(entity_id); }

std::string EncodeEntityCounts(const EntityCounts& counts, bool with_ingestion) {
  std::string payload;
  PutVarint64(&payload, counts.documents);
  PutVarint64(&payload, counts.mentions);
  if (with_ingestion) PutVarint64(&payload, counts.dated_by_ingestion);
  return WrapValue(payload);
}

absl::StatusOr<EntityCounts> DecodeEntityCounts(std::string_view value, bool with_ingestion) {
  absl::StatusOr<std::string_view> unwrapped = UnwrapValue(value);
  if (!unwrapped.ok()) return unwrapped.status();
  std::string_view input = *unwrapped;
  EntityCounts counts;
  if (!GetVarint64(&input, &counts.documents) || !GetVarint64(&input, &counts.mentions) ||
      (with_ingestion && !GetVarint64(&input, &counts.dated_by_ingestion)) || !input.empty()) {
    return absl::DataLossError("entity counts: truncated or malformed value");
  }
  return counts;
}

namespace {

void PutLengthPrefixed(std::string* dst, std::string_view bytes) {
  PutVarint64(dst, bytes.size());
  dst->append(bytes.data(), bytes.size());
}

bool GetLengthPrefixed(std::string_view* input, std::string* out) {
  uint64_t length = 0;
  if (!GetVarint64(input, &length) || length > input->size()) return false;
  out->assign(input->data(), length);
  input->remove_prefix(length);
  return true;
}

}  // namespace

std::string EncodeStoryMember(const StoryMember& member) {
  std::string payload;
  PutLengthPrefixed(&payload, member.language);
  const uint64_t date = member.date_seconds;
  PutVarint64(&payload, (date << 1) ^ static_cast<uint64_t>(member.date_seconds >> 63));
  PutVarint64(&payload, member.shared_entities.size());
  for (const std::string& id : member.shared_entities) PutLengthPrefixed(&payload, id);
  return WrapValue(payload);
}

absl::StatusOr<StoryMember> DecodeStoryMember(std::string_view value) {
  absl::StatusOr<std::string_view> unwrapped = UnwrapValue(value);
  if (!unwrapped.ok()) return unwrapped.status();
  std::string_view input = *unwrapped;
  const absl::Status truncated = absl::DataLossError("story member: truncated or malformed value");
  StoryMember member;
  uint64_t date = 0;
  uint64_t count = 0;
  if (!GetLengthPrefixed(&input, &member.language) || !GetVarint64(&input, &date) ||
      !GetVarint64(&input, &count) || count > input.size()) {
    return truncated;
  }
  member.date_seconds = static_cast<int64_t>(date >> 1) ^ -static_cast<int64_t>(date & 1);
  for (uint64_t i = 0; i < count; ++i) {
    member.shared_entities.emplace_back();
    if (!GetLengthPrefixed(&input, &member.shared_entities.back())) return truncated;
  }
  if (!input.empty()) return truncated;
  return member;
}

}  // namespace newsgraph::store
