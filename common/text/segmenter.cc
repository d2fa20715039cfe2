#include "common/text/segmenter.h"

#include <algorithm>
#include <cstdint>
#include <memory>

#include "absl/status/status.h"
#include "common/base/status_macros.h"
#include "common/text/normalizer.h"
#include "common/text/utf8.h"
#include "unicode/brkiter.h"
#include "unicode/locid.h"
#include "unicode/ubrk.h"
#include "unicode/uchar.h"
#include "unicode/unistr.h"
#include "unicode/ustring.h"
#include "unicode/utext.h"
#include "unicode/utf16.h"

namespace newsgraph::text {
namespace {

// Building a word BreakIterator loads and compiles rule data (tens of microseconds), far more than
// segmenting a typical query; BreakIterator itself is not thread-safe, so each thread keeps one.
// Returns nullptr if ICU data is missing.
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

// Per-thread UTF-16 copy of the text being segmented, reused across calls so that steady-state
// segmentation does not allocate; trimmed after unusually large documents so a thread does not
// pin their memory forever.
constexpr int32_t kMaxRetainedUnits = 1 << 20;

// Closes the UText on every exit path.
struct UTextCloser {
  UText* text;
  ~UTextCloser() { utext_close(text); }
};

// Walks a UTF-16 buffer forward, keeping the byte offset of the same position in the UTF-8
// original. Break positions only increase, so the whole mapping is one linear pass. The input was
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

// True when the UTF-16 range holds only characters that never form a segment of their own: white
// space, controls and format characters (zero-width spaces, BOM, a lone soft hyphen).
bool IsBlank(const UChar* units, int32_t begin, int32_t end) {
  for (int32_t i = begin; i < end;) {
    UChar32 c;
    U16_NEXT(units, i, end, c);
    const int8_t type = u_charType(c);
    if (!u_isUWhiteSpace(c) && type != U_CONTROL_CHAR && type != U_FORMAT_CHAR) return false;
  }
  return true;
}

// Runs ICU's word BreakIterator over `utf8` and appends each word, and with `non_words` each
// other non-blank segment, to *segments.
absl::Status Segment(std::string_view utf8, bool non_words, size_t max_words,
                     std::vector<TextSegment>* segments) {
  RETURN_IF_ERROR(ValidateUtf8(utf8, "text"));
  if (utf8.empty()) return absl::OkStatus();
  // UTF-16 never has more units than UTF-8 has bytes, so this also bounds ICU's int32_t indexes.
  if (utf8.size() > static_cast<size_t>(INT32_MAX)) {
    return absl::InvalidArgumentError("text: longer than 2^31-1 bytes");
  }
  icu::BreakIterator* it = ThreadWordIterator();
  if (it == nullptr) return absl::InternalError("ICU word break rules unavailable");

  // ICU's break engines work in UTF-16; converting once up front measured 10-50% faster than
  // letting a UTF-8 UText convert chunk by chunk, and the offset mapping back is a cheap scan.
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
  // The iterator keeps a shallow clone of `text` that points into `utf16`; it is only read before
  // this call returns, and every call on this thread calls setText again before iterating.
  it->setText(&text, status);
  if (U_FAILURE(status)) return absl::InternalError("ICU BreakIterator::setText failed");

  segments->reserve(segments->size() + std::min(utf8.size() / (non_words ? 5 : 6), max_words));
  const UChar* chars = utf16.getBuffer();
  Utf16ToUtf8Offsets offsets(chars);
  int32_t begin = it->first();
  size_t words = 0;
  for (int32_t end = it->next(); end != icu::BreakIterator::DONE && words < max_words;
       begin = end, end = it->next()) {
    // The status belongs to the rule that produced the boundary at `end`, i.e. to [begin, end).
    const bool word = it->getRuleStatus() >= UBRK_WORD_NONE_LIMIT;
    if (!word && (!non_words || IsBlank(chars, begin, end))) continue;
    const size_t byte_begin = offsets.ByteOffset(begin);
    segments->push_back(TextSegment{byte_begin, offsets.ByteOffset(end), word});
    words += word ? 1 : 0;
  }
  if (utf16.getCapacity() > kMaxRetainedUnits) {
    // Detach the iterator before freeing the buffer it points into.
    it->setText(icu::UnicodeString());
    utf16 = icu::UnicodeString();
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::vector<Token>> SegmentWords(std::string_view utf8, size_t max_words) {
  std::vector<TextSegment> segments;
  RETURN_IF_ERROR(Segment(utf8, /*non_words=*/false, max_words, &segments));
  std::vector<Token> tokens;
  tokens.reserve(segments.size());
  for (const TextSegment& segment : segments) tokens.push_back({segment.begin, segment.end});
  return tokens;
}

absl::StatusOr<std::vector<TextSegment>> SegmentText(std::string_view utf8) {
  std::vector<TextSegment> segments;
  RETURN_IF_ERROR(Segment(utf8, /*non_words=*/true, SIZE_MAX, &segments));
  return segments;
}

absl::StatusOr<std::vector<std::string>> Terms(std::string_view utf8) {
  ASSIGN_OR_RETURN(const std::vector<Token> tokens, SegmentWords(utf8));
  std::vector<std::string> terms;
  terms.reserve(tokens.size());
  for (const Token& token : tokens) {
    std::string term = Fold(utf8.substr(token.begin, token.end - token.begin));
    if (!term.empty()) terms.push_back(std::move(term));
  }
  return terms;
}

}  // namespace newsgraph::text
