// Fuzzes the key and value codec of the store (common/store/keys): every decoder gets the same
// bytes, must not crash, must accept exactly the layouts SCHEMA.md describes, and whatever it
// accepts must re-encode to the same key (keys have one encoding; prefix scans depend on it).
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/store/keys.h"
#include "fuzz/fuzz_check.h"

namespace newsgraph::fuzz {
namespace {

// True when `key` is <string without '\0'> '\0' <8 bytes>: a posting or entity_docs key.
bool IsStringIdKey(std::string_view key) {
  return key.size() >= 9 && key[key.size() - 9] == '\0' &&
         key.substr(0, key.size() - 9).find('\0') == std::string_view::npos;
}

void CheckIntegers(std::string_view input) {
  absl::StatusOr<uint64_t> fixed = store::DecodeFixed64BE(input);
  NG_FUZZ_CHECK(fixed.ok() == (input.size() == 8));
  if (fixed.ok()) {
    std::string again;
    store::PutFixed64BE(&again, *fixed);
    NG_FUZZ_CHECK(again == input);
  }
  std::string_view rest = input;
  uint64_t value = 0;
  if (store::GetVarint64(&rest, &value)) {
    const size_t consumed = input.size() - rest.size();
    NG_FUZZ_CHECK(consumed >= 1 && consumed <= 10);
    std::string encoded;
    store::PutVarint64(&encoded, value);
    NG_FUZZ_CHECK(encoded.size() <= consumed);
    std::string_view encoded_view = encoded;
    uint64_t decoded = 0;
    NG_FUZZ_CHECK(store::GetVarint64(&encoded_view, &decoded) && decoded == value &&
                  encoded_view.empty());
  } else {
    NG_FUZZ_CHECK(rest == input && value == 0);  // untouched on failure
  }
}

void CheckKeys(std::string_view input) {
  absl::StatusOr<uint64_t> doc = store::DecodeDocumentKey(input);
  NG_FUZZ_CHECK(doc.ok() == (input.size() == 8));
  if (doc.ok()) NG_FUZZ_CHECK(store::DocumentKey(*doc) == input);

  absl::StatusOr<store::PostingKeyParts> posting = store::DecodePostingKey(input);
  NG_FUZZ_CHECK(posting.ok() == IsStringIdKey(input));
  if (posting.ok()) {
    NG_FUZZ_CHECK(store::PostingBlockKey(posting->term, posting->block) == input);
    NG_FUZZ_CHECK(input.substr(0, posting->term.size() + 1) == store::PostingPrefix(posting->term));
  }

  absl::StatusOr<store::EntityDocKeyParts> entity_doc = store::DecodeEntityDocKey(input);
  NG_FUZZ_CHECK(entity_doc.ok() == IsStringIdKey(input));
  if (entity_doc.ok()) {
    NG_FUZZ_CHECK(store::EntityDocKey(entity_doc->entity_id, entity_doc->doc_id) == input);
    NG_FUZZ_CHECK(input.substr(0, entity_doc->entity_id.size() + 1) ==
                  store::EntityDocPrefix(entity_doc->entity_id));
  }

  absl::StatusOr<uint64_t> band_doc = store::DecodeSimhashBandDocId(input);
  NG_FUZZ_CHECK(band_doc.ok() == (input.size() == 11));
  if (band_doc.ok()) {
    const auto band = static_cast<uint8_t>(input[0]);
    const auto bits = static_cast<uint16_t>((static_cast<uint8_t>(input[1]) << 8) |
                                            static_cast<uint8_t>(input[2]));
    NG_FUZZ_CHECK(store::SimhashBandKey(band, bits, *band_doc) == input);
  }

  absl::StatusOr<store::StoryMemberKeyParts> member = store::DecodeStoryMemberKey(input);
  NG_FUZZ_CHECK(member.ok() == (input.size() == 16));
  if (member.ok()) {
    NG_FUZZ_CHECK(store::StoryMemberKey(member->story_id, member->doc_id) == input);
    NG_FUZZ_CHECK(input.substr(0, 8) == store::StoryPrefix(member->story_id));
  }

  // Schema 4: story dates, entity pairs, days and dates.
  absl::StatusOr<store::StoryDateKeyParts> story_date = store::DecodeStoryDateKey(input);
  NG_FUZZ_CHECK(story_date.ok() == (input.size() == 16));
  if (story_date.ok()) {
    NG_FUZZ_CHECK(store::StoryDateKey(story_date->last_seconds, story_date->story_id) == input);
  }

  absl::StatusOr<store::EntityPairKeyParts> pair = store::DecodeEntityPairKey(input);
  if (pair.ok()) {
    NG_FUZZ_CHECK(!pair->entity_id.empty());
    NG_FUZZ_CHECK(store::EntityPairKey(pair->entity_id, pair->other_id) == input);
    NG_FUZZ_CHECK(input.substr(0, pair->entity_id.size() + 1) ==
                  store::EntityPairPrefix(pair->entity_id));
  } else {
    // Rejected only when there is not exactly one '\0', or nothing before it.
    const size_t zero = input.find('\0');
    NG_FUZZ_CHECK(zero == std::string_view::npos || zero == 0 ||
                  input.find('\0', zero + 1) != std::string_view::npos);
  }

  absl::StatusOr<store::EntityDayKeyParts> day = store::DecodeEntityDayKey(input);
  NG_FUZZ_CHECK(day.ok() == IsStringIdKey(input));
  if (day.ok()) NG_FUZZ_CHECK(store::EntityDayKey(day->entity_id, day->day) == input);

  absl::StatusOr<store::EntityDateKeyParts> date = store::DecodeEntityDateKey(input);
  if (date.ok()) {
    NG_FUZZ_CHECK(store::EntityDateKey(date->entity_id, date->seconds, date->doc_id) == input);
  }
}

void CheckValues(std::string_view input) {
  absl::StatusOr<std::string_view> payload = store::UnwrapValue(input);
  NG_FUZZ_CHECK(payload.ok() == (!input.empty() && input[0] == store::kValueFormatV1));
  if (payload.ok()) NG_FUZZ_CHECK(store::WrapValue(*payload) == input);
  if (!payload.ok()) NG_FUZZ_CHECK(payload.status().code() == absl::StatusCode::kDataLoss);

  for (const bool with_ingestion : {false, true}) {
    absl::StatusOr<store::EntityCounts> counts = store::DecodeEntityCounts(input, with_ingestion);
    if (counts.ok()) {
      NG_FUZZ_CHECK(store::DecodeEntityCounts(store::EncodeEntityCounts(*counts, with_ingestion),
                                              with_ingestion)
                        .value_or(store::EntityCounts{.documents = ~0ull}) == *counts);
    } else {
      NG_FUZZ_CHECK(counts.status().code() == absl::StatusCode::kDataLoss);
    }
  }

  absl::StatusOr<store::StoryMember> member = store::DecodeStoryMember(input);
  if (member.ok()) {
    // What decodes re-encodes to a value that decodes to the same member.
    absl::StatusOr<store::StoryMember> again =
        store::DecodeStoryMember(store::EncodeStoryMember(*member));
    NG_FUZZ_CHECK(again.ok() && *again == *member);
  } else {
    NG_FUZZ_CHECK(member.status().code() == absl::StatusCode::kDataLoss);
  }
}

}  // namespace
}  // namespace newsgraph::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace newsgraph;
  const std::string_view input = fuzz::AsView(data, size);
  fuzz::CheckIntegers(input);
  fuzz::CheckKeys(input);
  fuzz::CheckValues(input);
  return 0;
}
