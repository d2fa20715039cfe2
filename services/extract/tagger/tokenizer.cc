#include "services/extract/tagger/tokenizer.h"

#include <cstdint>
#include <memory>

#include "absl/status/status.h"
#include "common/base/status_macros.h"
#include "common/text/segmenter.h"
#include "common/text/utf8.h"
#include "unicode/uchar.h"

namespace newsgraph::extract::tagger {
namespace {

enum class Kind { kWord, kStop, kOther };

struct Segment {
  size_t begin;
  size_t end;
  Kind kind;
};

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
  std::vector<TextToken> tokens;
  ASSIGN_OR_RETURN(const std::vector<text::TextSegment> pieces, text::SegmentText(utf8));
  std::vector<Segment> segments;
  segments.reserve(pieces.size());
  for (const text::TextSegment& piece : pieces) {
    Kind kind = Kind::kWord;
    if (!piece.is_word) {
      kind = IsStopText(utf8.substr(piece.begin, piece.end - piece.begin)) ? Kind::kStop
                                                                           : Kind::kOther;
    }
    segments.push_back(Segment{piece.begin, piece.end, kind});
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
