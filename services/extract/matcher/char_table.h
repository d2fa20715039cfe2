// Per-code-point properties for the name matcher: how a character takes part in tokenization
// (word, solo, gap, ...), its script, and its search fold. The fold of every BMP code point is
// text::Fold of that code point, computed once, so the matcher's hot loop folds Cyrillic, Greek
// and Vietnamese text with one table lookup per character instead of ICU normalization per word;
// the few code points whose fold can interact with a neighbour under NFC are flagged, and words
// containing them are folded with text::Fold as a whole.
#ifndef NEWSGRAPH_SERVICES_EXTRACT_MATCHER_CHAR_TABLE_H_
#define NEWSGRAPH_SERVICES_EXTRACT_MATCHER_CHAR_TABLE_H_

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace newsgraph::extract::matcher_internal {

// How a code point takes part in tokenization.
enum CharClass : uint32_t {
  kGap = 0,         // punctuation, symbols, controls: ends a token
  kSpace = 1,       // horizontal white space
  kNewline = 2,     // line and paragraph breaks: no name spans one
  kWord = 3,        // letters and digits of scripts written with spaces between words
  kSolo = 4,        // letters of scripts written without spaces (Han, kana, Thai, ...)
  kMark = 5,        // combining marks: continue the token before them
  kApostrophe = 6,  // ' ’ ʼ: part of a word when between two word characters
  kHyphen = 7,      // - ‐ ‑: joins the words of a name like a space does
  kIgnorable = 8,   // soft hyphen, ZWNJ, ZWJ, word joiner, BOM: invisible, skipped
};

// Scripts with their own inflection rules; every other letter is kOtherScript, and characters
// without a script of their own (digits, marks) are kNoScript so they do not change a word's
// script.
enum Script : uint32_t {
  kNoScript = 0,
  kLatin = 1,
  kCyrillic = 2,
  kGreek = 3,
  kOtherScript = 4,
};

// One packed 32-bit entry per code point:
//   bits 0-3 CharClass, bits 4-6 Script, bit 7 kSlow (the fold may compose with a neighbour
//   under NFC), bit 8 kIdentity (folds to itself), bits 9-12 fold length in bytes, bits 13-31
//   offset of the fold in the pool.
class CharTable {
 public:
  static constexpr uint32_t kClassMask = 0xF;
  static constexpr int kScriptShift = 4;
  static constexpr uint32_t kScriptMask = 0x7u << kScriptShift;
  static constexpr uint32_t kSlow = 1u << 7;
  static constexpr uint32_t kIdentity = 1u << 8;
  static constexpr int kLenShift = 9;
  static constexpr uint32_t kLenMask = 0xF;
  static constexpr int kOffsetShift = 13;

  // Returns the process-wide table, built on first use (tens of milliseconds: one text::Fold and
  // a few ICU property lookups per BMP code point). Thread-safe.
  static const CharTable& Get();

  // Returns the entry of a Unicode scalar value. BMP code points cost one load; supplementary
  // ones are classified with ICU on every call and carry kIdentity | kSlow, so that a token
  // holding one is folded with text::Fold as a whole; they are rare in news text.
  uint32_t Entry(char32_t cp) const {
    if (cp < 0x10000) [[likely]] {
      return bmp_[cp];
    }
    return SupplementaryEntry(cp);
  }

  static CharClass ClassOf(uint32_t entry) { return static_cast<CharClass>(entry & kClassMask); }
  static Script ScriptOf(uint32_t entry) {
    return static_cast<Script>((entry & kScriptMask) >> kScriptShift);
  }

  // Returns the fold of the code point whose entry is `entry` and whose UTF-8 bytes are `raw`
  // (`raw` itself or a view into the table). For kSlow entries the result is only provisional:
  // the caller re-folds the whole token.
  std::string_view FoldOf(uint32_t entry, std::string_view raw) const {
    if (entry & kIdentity) return raw;
    return std::string_view(pool_.data() + (entry >> kOffsetShift),
                            (entry >> kLenShift) & kLenMask);
  }

 private:
  CharTable();
  static uint32_t SupplementaryEntry(char32_t cp);

  std::vector<uint32_t> bmp_;
  std::string pool_;
};

}  // namespace newsgraph::extract::matcher_internal

#endif  // NEWSGRAPH_SERVICES_EXTRACT_MATCHER_CHAR_TABLE_H_
