#include "services/extract/tagger/tokenizer.h"

#include <cstdint>
#include <memory>

#include "absl/status/status.h"
#include "common/base/status_macros.h"
#include "common/text/utf8.h"
#include "unicode/brkiter.h"
#include "unicode/locid.h"
#include "unicode/ubrk.h"
#include "unicode/uchar.h"
#include "unicode/unistr.h"
#include "unicode/ustring.h"
#include "unicode/utext.h"
#include "unicode/utf16.h"

namespace newsgraph::extract::tagger {
namespace {

// Building a word BreakIterator compiles rule data (tens of microseconds); BreakIterator is not
// thread-safe, so each thread keeps one. Returns nullptr if ICU data is missing.
icu::BreakIterator* ThreadWordIterator() {
  thread_local std::unique_ptr<icu::BreakIterator> iterator = [] {
    UErrorCode status = U_ZERO_ERROR;
    std::unique_ptr<icu::BreakIterator> it(
        icu::BreakIterator::createWordInstance(icu::Locale::getRoot(), status));
    if (U_FAILURE(status)) it.reset();
    return it;
  }();
  return iterator.get();
}

// A thread's UTF-16 copy is trimmed after unusually large documents so it does not pin memory.
constexpr int32_t kMaxRetainedUnits = 1 << 20;

struct UTextCloser {
  UText* text;
  ~UTextCloser() { utext_close(text); }
};

// Maps increasing UTF-16 indexes back to UTF-8 byte offsets in one linear pass. The input was
// validated, so every lead surrogate is followed by a trail and stands for a 4-byte sequence.
class Utf16ToUtf8Offsets {
 public:
  explicit Utf16ToUtf8Offsets(const UChar* units) : units_(units) {}

  size_t ByteOffset(int32_t utf16_index) {
    while (unit_ < utf16_index) {
      const UChar c = units_[unit_];
      if (c < 0x80) {
        byte_ += 1;
        unit_ += 1;
      } else if (c < 0x800) {
        byte_ += 2;
        unit_ += 1;
      } else if (U16_IS_LEAD(c)) {
        byte_ += 4;
        unit_ += 2;
      } else {
        byte_ += 3;
        unit_ += 1;
      }
    }
    return byte_;
  }

 private:
  const UChar* units_;
  int32_t unit_ = 0;
  size_t byte_ = 0;
};

enum class Kind { kWord, kStop, kOther };

struct Segment {
  size_t begin;
  size_t end;
  Kind kind;
};

// True when the UTF-16 range holds only characters that never form a token: white space, controls
// and format characters (zero-width spaces, BOM, soft hyphen on its own).
bool IsBlank(const UChar* units, int32_t begin, int32_t end) {
  for (int32_t i = begin; i < end;) {
    UChar32 c;
    U16_NEXT(units, i, end, c);
    const int8_t type = u_charType(c);
    if (!u_isUWhiteSpace(c) && type != U_CONTROL_CHAR && type != U_FORMAT_CHAR) return false;
  }
  return true;
}

// Sentence-final punctuation written as a token: ".", "!", "?", "…" and runs of them.
bool IsStopText(std::string_view s) {
  if (s.empty()) return false;
  size_t i = 0;
  while (i < s.size()) {
    if (s[i] == '.' || s[i] == '!' || s[i] == '?') {
      ++i;
    } else if (s.substr(i, 3) == "\u2026") {
      i += 3;
    } else {
      return false;
    }
  }
  return true;
}

bool IsHyphenText(std::string_view s) { return s == "-" || s == "\u2010" || s == "\u2011"; }

// An initial ("Γ", "М") or a word that already holds a dot ("Ε.Ε", "π.χ", "U.S"): a following dot
// belongs to it. Numbers ("1.000") are excluded so that "in 2020." still ends a sentence.
bool TakesAbbreviationDot(std::string_view s) {
  if (s.empty() || s.back() == '.') return false;
  char32_t first = 0;
  const size_t first_len = text::DecodeUtf8(s, 0, &first);
  if (first_len == 0 || !u_isalpha(static_cast<UChar32>(first))) return false;
  if (first_len == s.size()) return true;
  return s.find('.') != std::string_view::npos;
}

bool IsClosingText(std::string_view s) {
  return s == "\"" || s == "'" || s == ")" || s == "]" || s == "\u00BB" || s == "\u201D" ||
         s == "\u2019" || s == "\u203A";
}

}  // namespace

absl::StatusOr<std::vector<TextToken>> Tokenize(std::string_view utf8) {
  RETURN_IF_ERROR(text::ValidateUtf8(utf8, "text"));
  std::vector<TextToken> tokens;
  if (utf8.empty()) return tokens;
  if (utf8.size() > static_cast<size_t>(INT32_MAX)) {
    return absl::InvalidArgumentError("text: longer than 2^31-1 bytes");
  }
  icu::BreakIterator* it = ThreadWordIterator();
  if (it == nullptr) return absl::InternalError("ICU word break rules unavailable");

  // ICU's break engines work in UTF-16; one conversion up front is faster than a UTF-8 UText.
  thread_local icu::UnicodeString utf16;
  const auto length = static_cast<int32_t>(utf8.size());
  UChar* buffer = utf16.getBuffer(length);
  if (buffer == nullptr) return absl::ResourceExhaustedError("text: cannot allocate UTF-16 copy");
  int32_t units = 0;
  UErrorCode status = U_ZERO_ERROR;
  u_strFromUTF8(buffer, utf16.getCapacity(), &units, utf8.data(), length, &status);
  utf16.releaseBuffer(U_SUCCESS(status) ? units : 0);
  if (U_FAILURE(status)) return absl::InternalError("ICU u_strFromUTF8 failed");

  UText text = UTEXT_INITIALIZER;
  utext_openConstUnicodeString(&text, &utf16, &status);
  UTextCloser closer{&text};
  if (U_FAILURE(status)) return absl::InternalError("ICU utext_openConstUnicodeString failed");
  it->setText(&text, status);
  if (U_FAILURE(status)) return absl::InternalError("ICU BreakIterator::setText failed");

  std::vector<Segment> segments;
  segments.reserve(utf8.size() / 5);
  const UChar* chars = utf16.getBuffer();
  Utf16ToUtf8Offsets offsets(chars);
  int32_t begin = it->first();
  for (int32_t end = it->next(); end != icu::BreakIterator::DONE; begin = end, end = it->next()) {
    const bool word = it->getRuleStatus() >= UBRK_WORD_NONE_LIMIT;
    if (!word && IsBlank(chars, begin, end)) continue;
    const size_t byte_begin = offsets.ByteOffset(begin);
    const size_t byte_end = offsets.ByteOffset(end);
    Kind kind = Kind::kWord;
    if (!word)
      kind =
          IsStopText(utf8.substr(byte_begin, byte_end - byte_begin)) ? Kind::kStop : Kind::kOther;
    segments.push_back(Segment{byte_begin, byte_end, kind});
  }
  if (utf16.getCapacity() > kMaxRetainedUnits) {
    it->setText(icu::UnicodeString());  // Detach before freeing the buffer it points into.
    utf16 = icu::UnicodeString();
  }

  // Merge ICU's pieces the way the corpora write them. `kinds` tracks the merged tokens.
  std::vector<Kind> kinds;
  tokens.reserve(segments.size());
  kinds.reserve(segments.size());
  auto text_of = [utf8](size_t b, size_t e) { return utf8.substr(b, e - b); };
  for (size_t i = 0; i < segments.size(); ++i) {
    const Segment& s = segments[i];
    if (!tokens.empty() && tokens.back().end == s.begin) {
      TextToken& last = tokens.back();
      const Kind last_kind = kinds.back();
      if (last_kind == Kind::kWord && s.kind == Kind::kOther &&
          IsHyphenText(text_of(s.begin, s.end)) && i + 1 < segments.size() &&
          segments[i + 1].kind == Kind::kWord && segments[i + 1].begin == s.end) {
        last.end = segments[i + 1].end;
        ++i;
        continue;
      }
      if (last_kind == Kind::kWord && text_of(s.begin, s.end) == "." &&
          TakesAbbreviationDot(text_of(last.begin, last.end))) {
        last.end = s.end;
        continue;
      }
      if (last_kind == Kind::kStop && s.kind == Kind::kStop) {
        last.end = s.end;
        continue;
      }
    }
    tokens.push_back(TextToken{s.begin, s.end});
    kinds.push_back(s.kind);
  }
  return tokens;
}

std::vector<TokenRange> SplitSentences(std::string_view utf8, std::span<const TextToken> tokens,
                                       size_t max_tokens) {
  std::vector<TokenRange> ranges;
  if (max_tokens == 0) max_tokens = 1;
  auto text_of = [utf8](const TextToken& t) { return utf8.substr(t.begin, t.end - t.begin); };
  size_t start = 0;
  size_t i = 0;
  while (i < tokens.size()) {
    if (i > start) {
      const std::string_view gap =
          utf8.substr(tokens[i - 1].end, tokens[i].begin - tokens[i - 1].end);
      if (gap.find('\n') != std::string_view::npos || i - start >= max_tokens) {
        ranges.push_back(TokenRange{start, i});
        start = i;
      }
    }
    if (IsStopText(text_of(tokens[i]))) {
      size_t end = i + 1;
      // Closing quotes and brackets glued to the stop belong to the sentence they close.
      while (end < tokens.size() && end - start < max_tokens &&
             tokens[end].begin == tokens[end - 1].end && IsClosingText(text_of(tokens[end]))) {
        ++end;
      }
      ranges.push_back(TokenRange{start, end});
      start = end;
      i = end;
      continue;
    }
    ++i;
  }
  if (start < tokens.size()) ranges.push_back(TokenRange{start, tokens.size()});
  return ranges;
}

}  // namespace newsgraph::extract::tagger
