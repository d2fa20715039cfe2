// Tokenizer shared by the name side and the text side of the matcher, so that both cut and fold
// identically. A token is either a word (a run of letters, digits and marks of a script written
// with spaces, possibly with inner apostrophes: "Macron's", "В'єтнам", "d'Ivoire") or a solo (one
// letter of a script written without spaces, with its marks: each Han character, kana or Thai
// letter is a token, so a name matches anywhere inside a run of them). Whatever lies between two
// tokens is a gap, classified once: join (spaces, or one bare hyphen: "Jean-Luc" = "Jean Luc"),
// break (a line break, or punctuation no name contains) or punctuation with a folded key ("&" in
// "AT&T", "." in "St. Petersburg").
//
// Header-only because Scanner::Next is the matcher's inner loop.
#ifndef NEWSGRAPH_SERVICES_EXTRACT_MATCHER_SCANNER_H_
#define NEWSGRAPH_SERVICES_EXTRACT_MATCHER_SCANNER_H_

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "common/text/normalizer.h"
#include "common/text/utf8.h"
#include "services/extract/matcher/char_table.h"

namespace newsgraph::extract::matcher_internal {

enum class GapKind : uint8_t {
  kJoin,   // white space or a single hyphen: the tokens may belong to one name
  kBreak,  // start of text or a line break: no name spans it
  kPunct,  // other characters: only a name containing the same punctuation spans it
};

// Gap keys longer than this are treated as breaks; no name has such punctuation runs.
inline constexpr size_t kMaxGapKeyBytes = 8;

struct Token {
  static constexpr size_t kNone = static_cast<size_t>(-1);

  size_t begin = 0;  // byte offsets of the token in the scanned text
  size_t end = 0;
  bool solo = false;
  Script script = kNoScript;  // of the token's last letter
  GapKind gap = GapKind::kBreak;
  std::string_view gap_key;  // folded punctuation, when gap == kPunct
  std::string_view key;      // folded token; apostrophes are all U+0027
  // First and last inner apostrophe: raw byte offset, raw byte offset just after it, and byte
  // offset in `key`; kNone when the word has none. Used for "Macron's" and "l'Élysée".
  size_t first_apostrophe = kNone;
  size_t first_apostrophe_end = kNone;
  size_t first_apostrophe_key = kNone;
  size_t last_apostrophe = kNone;
  size_t last_apostrophe_key = kNone;
};

// A growable byte buffer for the folded token, appended to once per code point: cheaper than
// std::string::append, which calls memcpy for every few bytes.
class KeyBuffer {
 public:
  KeyBuffer() : data_(256) {}

  void clear() { size_ = 0; }
  size_t size() const { return size_; }
  std::string_view view() const { return std::string_view(data_.data(), size_); }

  void push_back(char c) {
    Reserve(1);
    data_[size_++] = c;
  }
  void Append(std::string_view bytes) {
    Reserve(bytes.size());
    char* out = data_.data() + size_;
    for (size_t i = 0; i < bytes.size(); ++i) out[i] = bytes[i];
    size_ += bytes.size();
  }
  void Assign(std::string_view bytes) {
    clear();
    Append(bytes);
  }

 private:
  void Reserve(size_t n) {
    if (size_ + n > data_.size()) [[unlikely]] {
      data_.resize(std::max(data_.size() * 2, size_ + n));
    }
  }

  std::vector<char> data_;
  size_t size_ = 0;
};

// Cuts `text` into tokens, left to right. Valid until the text goes away; each Token's views
// point into the scanner and are valid until the next call to Next().
class Scanner {
 public:
  explicit Scanner(std::string_view text) : text_(text), table_(CharTable::Get()) {}

  // Stores the next token in *token and returns true. Returns false at the end of the text, or
  // at ill-formed UTF-8, in which case error_offset() is the offset of the first bad byte (as
  // text::FindInvalidUtf8 reports it).
  bool Next(Token* token) {
    bool is_break = at_start_;
    at_start_ = false;
    bool saw_space = false;
    size_t hyphens = 0;
    size_t others = 0;
    gap_key_.clear();
    uint32_t entry = 0;
    size_t len = 0;
    CharClass cls = kGap;
    for (;;) {
      if (pos_ >= text_.size()) return false;
      if (!Decode(pos_, &entry, &len)) return false;
      cls = CharTable::ClassOf(entry);
      if (cls == kWord || cls == kSolo || cls == kMark) break;
      switch (cls) {
        case kNewline:
          is_break = true;
          break;
        case kSpace:
        case kIgnorable:
          saw_space = true;
          break;
        case kApostrophe:
          ++others;
          gap_key_.push_back('\'');
          break;
        case kHyphen:
          ++hyphens;
          [[fallthrough]];
        default:
          ++others;
          if (gap_key_.size() <= kMaxGapKeyBytes) {
            gap_key_.Append(table_.FoldOf(entry, text_.substr(pos_, len)));
          }
          break;
      }
      pos_ += len;
    }
    if (is_break || gap_key_.size() > kMaxGapKeyBytes) {
      token->gap = GapKind::kBreak;
    } else if (others == 0 || (others == 1 && hyphens == 1 && !saw_space)) {
      token->gap = GapKind::kJoin;
    } else {
      token->gap = GapKind::kPunct;
      token->gap_key = gap_key_.view();
    }

    token->begin = pos_;
    token->first_apostrophe = token->first_apostrophe_end = token->first_apostrophe_key =
        Token::kNone;
    token->last_apostrophe = token->last_apostrophe_key = Token::kNone;
    key_.clear();
    bool slow = false;
    Script script = kNoScript;
    if (cls == kSolo) {
      token->solo = true;
      script = CharTable::ScriptOf(entry);
      for (;;) {
        slow |= (entry & CharTable::kSlow) != 0;
        key_.Append(table_.FoldOf(entry, text_.substr(pos_, len)));
        pos_ += len;
        if (pos_ >= text_.size()) break;
        if (!Decode(pos_, &entry, &len)) return false;
        if (CharTable::ClassOf(entry) != kMark) break;
      }
    } else {
      token->solo = false;
      for (;;) {
        if (cls != kIgnorable) {
          slow |= (entry & CharTable::kSlow) != 0;
          key_.Append(table_.FoldOf(entry, text_.substr(pos_, len)));
          const Script s = CharTable::ScriptOf(entry);
          if (s != kNoScript) script = s;
        }
        pos_ += len;
        if (pos_ >= text_.size()) break;
        if (!Decode(pos_, &entry, &len)) return false;
        cls = CharTable::ClassOf(entry);
        if (cls == kWord || cls == kMark || cls == kIgnorable) continue;
        if (cls != kApostrophe) break;
        // An apostrophe stays in the word only when a word character follows it.
        uint32_t next_entry;
        size_t next_len;
        const size_t next = pos_ + len;
        if (next >= text_.size()) break;
        if (!Decode(next, &next_entry, &next_len)) return false;
        if (CharTable::ClassOf(next_entry) != kWord) break;
        if (token->first_apostrophe == Token::kNone) {
          token->first_apostrophe = pos_;
          token->first_apostrophe_end = next;
          token->first_apostrophe_key = key_.size();
        }
        token->last_apostrophe = pos_;
        token->last_apostrophe_key = key_.size();
        key_.push_back('\'');
        pos_ = next;
        entry = next_entry;
        len = next_len;
        cls = kWord;
      }
    }
    token->end = pos_;
    token->script = script;
    if (slow) Refold(token);
    token->key = key_.view();
    return true;
  }

  // Offset of the first ill-formed byte once Next() has returned false because of it.
  size_t error_offset() const { return error_offset_; }
  bool failed() const { return failed_; }

 private:
  bool Decode(size_t pos, uint32_t* entry, size_t* len) {
    const auto* p = reinterpret_cast<const uint8_t*>(text_.data()) + pos;
    if (p[0] < 0x80) {
      *entry = table_.Entry(p[0]);
      *len = 1;
      return true;
    }
    // Two-byte sequences (Latin with diacritics, Greek, Cyrillic) inline; the rest through
    // DecodeUtf8, which also catches every ill-formed sequence.
    if (p[0] >= 0xC2 && p[0] < 0xE0 && pos + 1 < text_.size() && (p[1] & 0xC0) == 0x80) {
      *entry = table_.Entry((char32_t{p[0] & 0x1Fu} << 6) | (p[1] & 0x3Fu));
      *len = 2;
      return true;
    }
    char32_t cp;
    *len = text::DecodeUtf8(text_, pos, &cp);
    if (*len == 0) {
      failed_ = true;
      error_offset_ = pos;
      return false;
    }
    *entry = table_.Entry(cp);
    return true;
  }

  // Replaces the per-code-point fold of the current token with text::Fold of the token (minus
  // ignorables, apostrophes unified), for the rare tokens whose fold is context-dependent.
  void Refold(Token* token) {
    std::string raw;
    for (size_t i = token->begin; i < token->end;) {
      char32_t cp;
      const size_t len = text::DecodeUtf8(text_, i, &cp);
      const uint32_t entry = table_.Entry(cp);
      const CharClass cls = CharTable::ClassOf(entry);
      if (cls == kApostrophe) {
        raw.push_back('\'');
      } else if (cls != kIgnorable) {
        raw.append(text_.substr(i, len));
      }
      i += len;
    }
    key_.Assign(text::Fold(raw));
    if (token->first_apostrophe != Token::kNone) {
      token->first_apostrophe_key = key_.view().find('\'');
      token->last_apostrophe_key = key_.view().rfind('\'');
    }
  }

  std::string_view text_;
  const CharTable& table_;
  size_t pos_ = 0;
  bool at_start_ = true;
  bool failed_ = false;
  size_t error_offset_ = 0;
  KeyBuffer key_;
  KeyBuffer gap_key_;
};

}  // namespace newsgraph::extract::matcher_internal

#endif  // NEWSGRAPH_SERVICES_EXTRACT_MATCHER_SCANNER_H_
