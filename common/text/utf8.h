// UTF-8 well-formedness checks. Every string that enters the system through RPC or ingestion is
// validated once at the boundary, so the rest of the text pipeline (ICU, the index, JSON output)
// can assume well-formed input and report precise byte offsets to the client when it is not.
#ifndef NEWSGRAPH_COMMON_TEXT_UTF8_H_
#define NEWSGRAPH_COMMON_TEXT_UTF8_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

#include "absl/status/status.h"

namespace newsgraph::text {

// Returns the byte offset of the first byte that does not belong to a well-formed UTF-8 sequence
// (Unicode 15 Table 3-7: overlong forms, UTF-16 surrogates U+D800..U+DFFF, values above U+10FFFF,
// stray continuation bytes and sequences truncated by the end of input are all ill-formed). For a
// multi-byte sequence that goes wrong part-way, the offset is that of its lead byte. Returns
// nullopt when the whole input is well-formed (including when it is empty).
std::optional<size_t> FindInvalidUtf8(std::string_view s);

// Returns OK when `s` is well-formed UTF-8. Otherwise returns InvalidArgument with the message
// "<field>: invalid UTF-8 at byte offset N", N as from FindInvalidUtf8, so that an RPC caller can
// see which field and where.
absl::Status ValidateUtf8(std::string_view s, std::string_view field);

// Returns true when every byte of `s` is below 0x80 (vacuously true for empty input). Callers use
// it to pick byte-wise fast paths, since ASCII is invariant under NFC and needs no ICU.
bool IsAscii(std::string_view s);

// Decodes the UTF-8 sequence that starts at s[pos]. On success stores the code point in *cp and
// returns the sequence length (1..4). Returns 0 and leaves *cp untouched when the bytes at pos are
// not a well-formed sequence or pos >= s.size(). Inline because it sits in per-character loops.
inline size_t DecodeUtf8(std::string_view s, size_t pos, char32_t* cp) {
  const size_t n = s.size();
  if (pos >= n) return 0;
  const auto* p = reinterpret_cast<const uint8_t*>(s.data()) + pos;
  const size_t avail = n - pos;
  const uint8_t b0 = p[0];
  if (b0 < 0x80) {
    *cp = b0;
    return 1;
  }
  // C0, C1 would only encode overlongs of ASCII; F5..FF would exceed U+10FFFF.
  if (b0 < 0xC2 || b0 > 0xF4) return 0;
  if (b0 < 0xE0) {
    if (avail < 2 || (p[1] & 0xC0) != 0x80) return 0;
    *cp = (char32_t{b0 & 0x1Fu} << 6) | (p[1] & 0x3Fu);
    return 2;
  }
  if (b0 < 0xF0) {
    if (avail < 3) return 0;
    // The second byte's range is narrowed after E0 (overlongs) and ED (surrogates).
    const uint8_t lo = b0 == 0xE0 ? 0xA0 : 0x80;
    const uint8_t hi = b0 == 0xED ? 0x9F : 0xBF;
    if (p[1] < lo || p[1] > hi || (p[2] & 0xC0) != 0x80) return 0;
    *cp = (char32_t{b0 & 0x0Fu} << 12) | (char32_t{p[1] & 0x3Fu} << 6) | (p[2] & 0x3Fu);
    return 3;
  }
  if (avail < 4) return 0;
  // After F0 the second byte must avoid overlongs; after F4 it must stay at or below U+10FFFF.
  const uint8_t lo = b0 == 0xF0 ? 0x90 : 0x80;
  const uint8_t hi = b0 == 0xF4 ? 0x8F : 0xBF;
  if (p[1] < lo || p[1] > hi || (p[2] & 0xC0) != 0x80 || (p[3] & 0xC0) != 0x80) return 0;
  *cp = (char32_t{b0 & 0x07u} << 18) | (char32_t{p[1] & 0x3Fu} << 12) |
        (char32_t{p[2] & 0x3Fu} << 6) | (p[3] & 0x3Fu);
  return 4;
}

// Appends the UTF-8 encoding of `cp` to *out. `cp` must be a Unicode scalar value (not a
// surrogate, at most U+10FFFF); other values are encoded as U+FFFD so output stays well-formed.
template <typename String>
void AppendUtf8(char32_t cp, String* out) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    if (cp >= 0xD800 && cp <= 0xDFFF) cp = 0xFFFD;
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp <= 0x10FFFF) {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    AppendUtf8(0xFFFD, out);
  }
}

}  // namespace newsgraph::text

#endif  // NEWSGRAPH_COMMON_TEXT_UTF8_H_
