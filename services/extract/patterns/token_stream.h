// The token stream the pattern recognizers walk: runs of letters, runs of digits and single
// other characters, each with its byte range and whether white space precedes it. Han and kana
// characters are one token each, since Chinese dates ("2025年11月28日") glue words to digits.
#ifndef NEWSGRAPH_SERVICES_EXTRACT_PATTERNS_TOKEN_STREAM_H_
#define NEWSGRAPH_SERVICES_EXTRACT_PATTERNS_TOKEN_STREAM_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace newsgraph::extract::patterns {

enum class TokenKind { kWord, kNumber, kSymbol };

struct PatternToken {
  size_t begin = 0;
  size_t end = 0;
  TokenKind kind = TokenKind::kSymbol;
  // Words: lowercased (per code point, diacritics kept, final ς as σ; the text is NFC). Numbers:
  // the digits as ASCII (other decimal digits converted). Symbols: the character as written.
  std::string text;
  bool space_before = false;
};

// Tokenizes `utf8` (which the caller has validated). Never fails; ill-formed bytes become
// one-byte symbol tokens.
std::vector<PatternToken> TokenizeForPatterns(std::string_view utf8);

}  // namespace newsgraph::extract::patterns

#endif  // NEWSGRAPH_SERVICES_EXTRACT_PATTERNS_TOKEN_STREAM_H_
