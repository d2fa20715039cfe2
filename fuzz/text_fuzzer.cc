// Fuzzes common/text: UTF-8 validation against an independent reference decoder, NFC, folding,
// word segmentation and phonetic keys. Every byte string is a possible RPC field, so none of these
// may crash, and their outputs must keep the promises the rest of the pipeline relies on.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/text/normalizer.h"
#include "common/text/phonetic.h"
#include "common/text/segmenter.h"
#include "common/text/utf8.h"
#include "fuzz/fuzz_check.h"

namespace newsgraph::fuzz {
namespace {

// Unicode 15 Table 3-7 as arithmetic on the decoded value (length from the lead byte, then
// overlong / surrogate / range checks), deliberately unlike utf8.h's byte-range tables so that a
// mistake in either shows up as a disagreement.
std::optional<size_t> ReferenceFindInvalid(std::string_view s) {
  size_t pos = 0;
  while (pos < s.size()) {
    const auto b0 = static_cast<uint8_t>(s[pos]);
    size_t len;
    uint32_t cp;
    if (b0 < 0x80) {
      ++pos;
      continue;
    } else if ((b0 & 0xE0) == 0xC0) {
      len = 2;
      cp = b0 & 0x1F;
    } else if ((b0 & 0xF0) == 0xE0) {
      len = 3;
      cp = b0 & 0x0F;
    } else if ((b0 & 0xF8) == 0xF0) {
      len = 4;
      cp = b0 & 0x07;
    } else {
      return pos;
    }
    if (pos + len > s.size()) return pos;
    for (size_t i = 1; i < len; ++i) {
      const auto b = static_cast<uint8_t>(s[pos + i]);
      if ((b & 0xC0) != 0x80) return pos;
      cp = (cp << 6) | (b & 0x3F);
    }
    static constexpr uint32_t kMin[] = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[len] || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return pos;
    pos += len;
  }
  return std::nullopt;
}

bool OnCodePointBoundary(std::string_view s, size_t offset) {
  return offset == s.size() || (static_cast<uint8_t>(s[offset]) & 0xC0) != 0x80;
}

void CheckUtf8(std::string_view input) {
  const std::optional<size_t> bad = text::FindInvalidUtf8(input);
  NG_FUZZ_CHECK(bad == ReferenceFindInvalid(input));
  NG_FUZZ_CHECK(text::ValidateUtf8(input, "text").ok() == !bad.has_value());
  bool ascii = true;
  for (char c : input) ascii = ascii && static_cast<uint8_t>(c) < 0x80;
  NG_FUZZ_CHECK(text::IsAscii(input) == ascii);
  // Every code point of the valid prefix re-encodes to the same bytes.
  const size_t valid_end = bad.value_or(input.size());
  for (size_t pos = 0; pos < valid_end;) {
    char32_t cp = 0;
    const size_t len = text::DecodeUtf8(input, pos, &cp);
    NG_FUZZ_CHECK(len > 0);
    std::string encoded;
    text::AppendUtf8(cp, &encoded);
    NG_FUZZ_CHECK(encoded == input.substr(pos, len));
    pos += len;
  }
}

void CheckNormalization(std::string_view input, bool valid) {
  absl::StatusOr<std::string> nfc = text::NormalizeNfc(input);
  NG_FUZZ_CHECK(nfc.ok() == valid);
  if (nfc.ok()) {
    NG_FUZZ_CHECK(IsUtf8(*nfc));
    absl::StatusOr<std::string> again = text::NormalizeNfc(*nfc);
    NG_FUZZ_CHECK(again.ok() && *again == *nfc);  // NFC is idempotent
  }
  // Fold has no error channel: ill-formed bytes become U+FFFD, so its output is always UTF-8.
  NG_FUZZ_CHECK(IsUtf8(text::Fold(input)));
}

void CheckSegmentation(std::string_view input, bool valid) {
  absl::StatusOr<std::vector<text::Token>> words = text::SegmentWords(input);
  NG_FUZZ_CHECK(words.ok() == valid);
  if (!words.ok()) return;
  size_t last_end = 0;
  for (const text::Token& token : *words) {
    NG_FUZZ_CHECK(token.begin >= last_end && token.begin < token.end && token.end <= input.size());
    NG_FUZZ_CHECK(OnCodePointBoundary(input, token.begin) && OnCodePointBoundary(input, token.end));
    last_end = token.end;
  }
  absl::StatusOr<std::vector<text::TextSegment>> segments = text::SegmentText(input);
  NG_FUZZ_CHECK(segments.ok());
  size_t words_seen = 0;
  last_end = 0;
  for (const text::TextSegment& segment : *segments) {
    NG_FUZZ_CHECK(segment.begin >= last_end && segment.begin < segment.end &&
                  segment.end <= input.size());
    if (segment.is_word) {
      // SegmentText's words are exactly SegmentWords' tokens, in order.
      NG_FUZZ_CHECK(words_seen < words->size());
      NG_FUZZ_CHECK((*words)[words_seen].begin == segment.begin &&
                    (*words)[words_seen].end == segment.end);
      ++words_seen;
    }
    last_end = segment.end;
  }
  NG_FUZZ_CHECK(words_seen == words->size());
  absl::StatusOr<std::vector<std::string>> terms = text::Terms(input);
  NG_FUZZ_CHECK(terms.ok() && terms->size() <= words->size());
  for (const std::string& term : *terms) NG_FUZZ_CHECK(!term.empty() && IsUtf8(term));
}

}  // namespace
}  // namespace newsgraph::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace newsgraph;
  // Longer inputs only slow ICU down without reaching new code.
  if (size > 16384) return 0;
  const std::string_view input = fuzz::AsView(data, size);
  fuzz::CheckUtf8(input);
  const bool valid = fuzz::IsUtf8(input);
  fuzz::CheckNormalization(input, valid);
  fuzz::CheckSegmentation(input, valid);
  if (valid) {
    for (const std::string& word : text::PhoneticWords(input)) {
      NG_FUZZ_CHECK(!word.empty());
      for (char c : word) NG_FUZZ_CHECK((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'));
    }
  }
  return 0;
}
