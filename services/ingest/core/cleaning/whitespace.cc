#include "services/ingest/core/cleaning/whitespace.h"

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "common/base/status_macros.h"
#include "common/text/normalizer.h"
#include "common/text/utf8.h"

namespace newsgraph::ingest::cleaning {
namespace {

enum class CharClass { kKeep, kSpace, kDrop };

// Decides what happens to one code point. Format characters are dropped rather than turned into
// spaces because scrapers leave them inside words ("Sam\u200Bsung"), where a space would split
// the word for the index.
CharClass Classify(char32_t c) {
  if (c < 0x20) return (c == '\t' || c == 0x0B || c == 0x0C) ? CharClass::kSpace : CharClass::kDrop;
  if (c == ' ') return CharClass::kSpace;
  if (c < 0x7F) return CharClass::kKeep;
  if (c <= 0x9F) return c == 0x85 ? CharClass::kSpace : CharClass::kDrop;  // DEL and C1 controls.
  if (c == 0xA0) return CharClass::kSpace;
  if (c == 0xAD) return CharClass::kDrop;
  if (c < 0x1680) return CharClass::kKeep;
  if (c == 0x1680) return CharClass::kSpace;
  if (c == 0x180E) return CharClass::kDrop;
  if (c >= 0x2000 && c <= 0x200A) return CharClass::kSpace;
  if (c >= 0x200B && c <= 0x200F) return CharClass::kDrop;
  if (c == 0x2028 || c == 0x2029 || c == 0x202F || c == 0x205F) return CharClass::kSpace;
  if (c >= 0x202A && c <= 0x202E) return CharClass::kDrop;
  if (c >= 0x2060 && c <= 0x206F) return CharClass::kDrop;
  if (c == 0x3000) return CharClass::kSpace;
  if (c == 0xFEFF || (c >= 0xFFF9 && c <= 0xFFFB)) return CharClass::kDrop;
  return CharClass::kKeep;
}

// Appends the normalized (not yet NFC) form of one raw line to *out. `line` is well-formed UTF-8.
void AppendCleanLine(std::string_view line, std::string* out) {
  const size_t start = out->size();
  bool pending_space = false;
  size_t i = 0;
  while (i < line.size()) {
    char32_t c = static_cast<unsigned char>(line[i]);
    size_t len = 1;
    if (c >= 0x80) {
      len = text::DecodeUtf8(line, i, &c);
      if (len == 0) {  // Cannot happen on validated input; skip the byte rather than loop.
        ++i;
        continue;
      }
    }
    switch (Classify(c)) {
      case CharClass::kSpace:
        // Leading spaces are dropped by never setting pending_space on an empty line.
        pending_space = out->size() > start;
        break;
      case CharClass::kDrop:
        break;
      case CharClass::kKeep:
        if (pending_space) out->push_back(' ');
        pending_space = false;
        out->append(line.substr(i, len));
        break;
    }
    i += len;
  }
}

}  // namespace

absl::StatusOr<std::vector<std::string>> NormalizeLines(std::string_view raw) {
  RETURN_IF_ERROR(text::ValidateUtf8(raw, "text"));
  // Clean every line into one LF-joined buffer so that NFC runs once over the whole text. LF is a
  // starter that never composes, so NFC keeps the line structure and we can split again.
  std::string joined;
  joined.reserve(raw.size());
  size_t line_count = 0;
  size_t begin = 0;
  while (begin < raw.size()) {
    size_t end = begin;
    while (end < raw.size() && raw[end] != '\n' && raw[end] != '\r') ++end;
    if (line_count > 0) joined.push_back('\n');
    AppendCleanLine(raw.substr(begin, end - begin), &joined);
    ++line_count;
    if (end < raw.size() && raw[end] == '\r' && end + 1 < raw.size() && raw[end + 1] == '\n') {
      ++end;
    }
    begin = end + 1;
  }
  ASSIGN_OR_RETURN(std::string nfc, text::NormalizeNfc(joined));
  std::vector<std::string> lines;
  lines.reserve(line_count);
  std::string_view rest = nfc;
  for (size_t n = 0; n < line_count; ++n) {
    const size_t newline = rest.find('\n');
    lines.emplace_back(rest.substr(0, newline));
    rest = newline == std::string_view::npos ? std::string_view() : rest.substr(newline + 1);
  }
  return lines;
}

absl::StatusOr<std::string> NormalizeInline(std::string_view text, std::string_view field) {
  RETURN_IF_ERROR(text::ValidateUtf8(text, field));
  std::string cleaned;
  cleaned.reserve(text.size());
  // Line breaks inside a title are just whitespace; clean each piece and join with one space.
  size_t begin = 0;
  while (begin <= text.size()) {
    size_t end = text.find_first_of("\r\n", begin);
    if (end == std::string_view::npos) end = text.size();
    if (!cleaned.empty()) cleaned.push_back(' ');
    AppendCleanLine(text.substr(begin, end - begin), &cleaned);
    while (!cleaned.empty() && cleaned.back() == ' ') cleaned.pop_back();
    begin = end + 1;
  }
  return text::NormalizeNfc(cleaned);
}

std::string AssembleBody(const std::vector<std::string>& lines, const std::vector<bool>& removed) {
  std::string body;
  bool pending_break = false;  // A blank or removed line since the last kept text line.
  for (size_t i = 0; i < lines.size(); ++i) {
    if (removed[i] || lines[i].empty()) {
      pending_break = true;
      continue;
    }
    if (!body.empty()) body.append(pending_break ? "\n\n" : "\n");
    body.append(lines[i]);
    pending_break = false;
  }
  return body;
}

}  // namespace newsgraph::ingest::cleaning
