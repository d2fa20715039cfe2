#include "common/text/utf8.h"

#include <cstring>
#include <string>

namespace newsgraph::text {
namespace {

constexpr uint64_t kHighBits = 0x8080808080808080ULL;

// Returns the length of the leading all-ASCII prefix of s[pos..]. Eight bytes at a time because
// most news text (and all of the English part) is ASCII, which makes validation nearly free.
size_t AsciiPrefix(std::string_view s, size_t pos) {
  const size_t start = pos;
  const size_t n = s.size();
  while (pos + 8 <= n) {
    uint64_t word;
    std::memcpy(&word, s.data() + pos, sizeof(word));
    if (word & kHighBits) break;
    pos += 8;
  }
  while (pos < n && static_cast<uint8_t>(s[pos]) < 0x80) ++pos;
  return pos - start;
}

}  // namespace

std::optional<size_t> FindInvalidUtf8(std::string_view s) {
  size_t pos = 0;
  const size_t n = s.size();
  while (pos < n) {
    pos += AsciiPrefix(s, pos);
    if (pos >= n) break;
    char32_t cp;
    const size_t len = DecodeUtf8(s, pos, &cp);
    if (len == 0) return pos;
    pos += len;
  }
  return std::nullopt;
}

absl::Status ValidateUtf8(std::string_view s, std::string_view field) {
  const std::optional<size_t> bad = FindInvalidUtf8(s);
  if (!bad.has_value()) return absl::OkStatus();
  // Debian's absl::string_view is not std::string_view, so build the message with std::string.
  std::string message(field);
  message += ": invalid UTF-8 at byte offset ";
  message += std::to_string(*bad);
  return absl::InvalidArgumentError(message);
}

bool IsAscii(std::string_view s) { return AsciiPrefix(s, 0) == s.size(); }

}  // namespace newsgraph::text
