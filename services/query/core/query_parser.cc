#include "services/query/core/query_parser.h"

#include <optional>
#include <utility>

#include "absl/status/status.h"
#include "common/base/status_macros.h"
#include "common/text/utf8.h"

namespace newsgraph::query {
namespace {

using Kind = QueryNode::Kind;

// ---------------------------------------------------------------------------------------------
// Lexing: code points, not bytes, decide where words end, so that a multi-byte space (U+3000 in
// CJK input, U+00A0 pasted from the web) separates words and a quote in any script opens a phrase.

enum class CharClass { kSpace, kOpen, kClose, kBar, kQuote, kOther };

CharClass Classify(char32_t cp) {
  switch (cp) {
    // The Unicode White_Space property (a closed, stable set), not just ASCII.
    case 0x09:
    case 0x0A:
    case 0x0B:
    case 0x0C:
    case 0x0D:
    case 0x20:
    case 0x85:
    case 0xA0:
    case 0x1680:
    case 0x2028:
    case 0x2029:
    case 0x202F:
    case 0x205F:
    case 0x3000:
      return CharClass::kSpace;
    case '(':
    case 0xFF08:  // Fullwidth, as typed by CJK input methods.
      return CharClass::kOpen;
    case ')':
    case 0xFF09:
      return CharClass::kClose;
    case '|':
    case 0xFF5C:
      return CharClass::kBar;
    // Opening and closing quotes of many languages. Any of them closes a phrase that any of them
    // opened: “ opens in English but closes in German, » opens in Swiss German and closes in
    // French, so pairing them strictly would reject real, correctly typed queries.
    case '"':
    case 0xAB:
    case 0xBB:
    case 0x201C:
    case 0x201D:
    case 0x201E:
    case 0x300C:
    case 0x300D:
    case 0x300E:
    case 0x300F:
    case 0xFF02:
      return CharClass::kQuote;
    default:
      if (cp >= 0x2000 && cp <= 0x200A) return CharClass::kSpace;
      return CharClass::kOther;
  }
}

enum class TokenKind { kWord, kPhrase, kOpen, kClose, kAnd, kOr, kNot };

struct Token {
  TokenKind kind;
  size_t offset;
  std::string_view text;                // kWord.
  std::vector<std::string_view> words;  // kPhrase; may be empty ("").
};

// InvalidArgument "query: <what> at byte offset <offset><tail>".
absl::Status InvalidQuery(std::string_view what, size_t offset, std::string_view tail = "") {
  std::string message = "query: ";
  message += what;
  message += " at byte offset ";
  message += std::to_string(offset);
  message += tail;
  return absl::InvalidArgumentError(message);
}

// Splits well-formed UTF-8 `query` into tokens. Fails on an unclosed quote or on more than
// max_terms words.
absl::StatusOr<std::vector<Token>> Tokenize(std::string_view query, size_t max_terms) {
  std::vector<Token> tokens;
  size_t terms = 0;
  auto count_term = [&](size_t offset) -> absl::Status {
    if (++terms <= max_terms) return absl::OkStatus();
    return InvalidQuery(
        "more than " + std::to_string(max_terms) + " terms: term " + std::to_string(terms), offset);
  };
  const size_t n = query.size();
  size_t pos = 0;
  while (pos < n) {
    char32_t cp = 0;
    const size_t len = text::DecodeUtf8(query, pos, &cp);
    switch (Classify(cp)) {
      case CharClass::kSpace:
        pos += len;
        break;
      case CharClass::kOpen:
        tokens.push_back({TokenKind::kOpen, pos, {}, {}});
        pos += len;
        break;
      case CharClass::kClose:
        tokens.push_back({TokenKind::kClose, pos, {}, {}});
        pos += len;
        break;
      case CharClass::kBar:
        tokens.push_back({TokenKind::kOr, pos, {}, {}});
        pos += len;
        break;
      case CharClass::kQuote: {
        Token phrase{TokenKind::kPhrase, pos, {}, {}};
        pos += len;
        size_t word_start = std::string_view::npos;
        bool closed = false;
        while (pos < n && !closed) {
          char32_t c = 0;
          const size_t l = text::DecodeUtf8(query, pos, &c);
          const CharClass cls = Classify(c);
          if (cls == CharClass::kQuote || cls == CharClass::kSpace) {
            if (word_start != std::string_view::npos) {
              RETURN_IF_ERROR(count_term(word_start));
              phrase.words.push_back(query.substr(word_start, pos - word_start));
              word_start = std::string_view::npos;
            }
            closed = cls == CharClass::kQuote;
          } else if (word_start == std::string_view::npos) {
            word_start = pos;  // Operator characters are literal inside quotes.
          }
          pos += l;
        }
        if (!closed) return InvalidQuery("unclosed quote", phrase.offset);
        tokens.push_back(std::move(phrase));
        break;
      }
      case CharClass::kOther: {
        if (cp == '-') {
          // A dash is a negation only when an operand follows it at once; alone it is
          // punctuation ("Macron - Merz") and is dropped.
          char32_t next = 0;
          if (text::DecodeUtf8(query, pos + 1, &next) > 0) {
            const CharClass cls = Classify(next);
            if (cls == CharClass::kOther || cls == CharClass::kQuote || cls == CharClass::kOpen) {
              tokens.push_back({TokenKind::kNot, pos, {}, {}});
            }
          }
          pos += 1;
          break;
        }
        const size_t start = pos;
        pos += len;
        while (pos < n) {
          char32_t c = 0;
          const size_t l = text::DecodeUtf8(query, pos, &c);
          if (Classify(c) != CharClass::kOther) break;
          pos += l;
        }
        const std::string_view word = query.substr(start, pos - start);
        if (word == "OR") {
          tokens.push_back({TokenKind::kOr, start, {}, {}});
        } else if (word == "AND") {
          tokens.push_back({TokenKind::kAnd, start, {}, {}});
        } else if (word == "NOT") {
          tokens.push_back({TokenKind::kNot, start, {}, {}});
        } else {
          RETURN_IF_ERROR(count_term(start));
          tokens.push_back({TokenKind::kWord, start, word, {}});
        }
        break;
      }
    }
  }
  return tokens;
}

// ---------------------------------------------------------------------------------------------
// Parsing: recursive descent, one function per precedence level. Each returns nullopt for an
// empty result (an ignored operator, "" or ()), which is how leniency composes: an OR or AND
// simply has one operand fewer.

using MaybeNode = std::optional<QueryNode>;

// The node for `children` joined by `kind`: nothing for none, the child itself for one.
MaybeNode Combine(Kind kind, std::vector<QueryNode> children) {
  if (children.empty()) return std::nullopt;
  if (children.size() == 1) return std::move(children.front());
  QueryNode node;
  node.kind = kind;
  node.offset = children.front().offset;
  for (QueryNode& child : children) {
    if (child.kind == kind) {  // a (b c) is a b c: flat trees are simpler to evaluate.
      for (QueryNode& grandchild : child.children) node.children.push_back(std::move(grandchild));
    } else {
      node.children.push_back(std::move(child));
    }
  }
  return node;
}

QueryNode Negate(QueryNode operand, size_t offset) {
  if (operand.kind == Kind::kNot) return std::move(operand.children.front());
  QueryNode node;
  node.kind = Kind::kNot;
  node.offset = offset;
  node.children.push_back(std::move(operand));
  return node;
}

class Parser {
 public:
  Parser(const std::vector<Token>& tokens, const ParseLimits& limits)
      : tokens_(tokens), limits_(limits) {}

  // The whole query; fails on a `)` that closes nothing.
  absl::StatusOr<MaybeNode> ParseAll() {
    ASSIGN_OR_RETURN(MaybeNode node, ParseOr(0));
    if (pos_ < tokens_.size()) {
      // ParseOr stops early only at a `)` (every other token starts or joins an operand).
      return InvalidQuery("unmatched ')'", tokens_[pos_].offset);
    }
    return node;
  }

 private:
  bool At(TokenKind kind) const { return pos_ < tokens_.size() && tokens_[pos_].kind == kind; }

  bool AtOperand() const {
    return At(TokenKind::kWord) || At(TokenKind::kPhrase) || At(TokenKind::kOpen);
  }

  absl::StatusOr<MaybeNode> ParseOr(size_t depth) {
    std::vector<QueryNode> alternatives;
    while (true) {
      ASSIGN_OR_RETURN(MaybeNode alternative, ParseAnd(depth));
      if (alternative.has_value()) alternatives.push_back(std::move(*alternative));
      if (!At(TokenKind::kOr)) break;
      ++pos_;
    }
    return Combine(Kind::kOr, std::move(alternatives));
  }

  absl::StatusOr<MaybeNode> ParseAnd(size_t depth) {
    std::vector<QueryNode> operands;
    while (pos_ < tokens_.size() && !At(TokenKind::kOr) && !At(TokenKind::kClose)) {
      if (At(TokenKind::kAnd)) {  // Explicit AND means what juxtaposition means.
        ++pos_;
        continue;
      }
      ASSIGN_OR_RETURN(MaybeNode operand, ParseUnary(depth));
      if (operand.has_value()) operands.push_back(std::move(*operand));
    }
    return Combine(Kind::kAnd, std::move(operands));
  }

  // Negations are counted in a loop rather than by recursion, so "NOT NOT NOT ..." or "-----a"
  // cannot exhaust the stack, whatever max_bytes allows.
  absl::StatusOr<MaybeNode> ParseUnary(size_t depth) {
    std::vector<size_t> negations;
    while (At(TokenKind::kNot)) negations.push_back(tokens_[pos_++].offset);
    if (!AtOperand()) return MaybeNode();  // A NOT without an operand is ignored.
    ASSIGN_OR_RETURN(MaybeNode operand, ParsePrimary(depth));
    if (!operand.has_value()) return operand;
    QueryNode node = std::move(*operand);
    for (auto it = negations.rbegin(); it != negations.rend(); ++it) {
      node = Negate(std::move(node), *it);
    }
    return node;
  }

  // Requires AtOperand().
  absl::StatusOr<MaybeNode> ParsePrimary(size_t depth) {
    const Token& token = tokens_[pos_++];
    QueryNode node;
    node.offset = token.offset;
    switch (token.kind) {
      case TokenKind::kWord:
        node.kind = Kind::kTerm;
        node.text = std::string(token.text);
        return node;
      case TokenKind::kPhrase:
        if (token.words.empty()) return MaybeNode();
        node.kind = Kind::kPhrase;
        for (std::string_view word : token.words) node.words.emplace_back(word);
        return node;
      default:
        break;
    }
    // kOpen.
    if (depth >= limits_.max_depth) {
      return InvalidQuery("parentheses nested deeper than " + std::to_string(limits_.max_depth),
                          token.offset);
    }
    ASSIGN_OR_RETURN(MaybeNode inner, ParseOr(depth + 1));
    if (!At(TokenKind::kClose)) return InvalidQuery("unclosed '('", token.offset);
    ++pos_;
    return inner;
  }

  const std::vector<Token>& tokens_;
  const ParseLimits& limits_;
  size_t pos_ = 0;
};

// ---------------------------------------------------------------------------------------------
// Answerability: the engine can compute a node's matches from posting lists alone when the node
// is bounded. Term and Phrase are; NOT x is not (it means "every document but ..."); an AND is
// when any operand is, since that operand's matches narrow the others; an OR only when every
// alternative is.

bool IsBounded(const QueryNode& node) {
  switch (node.kind) {
    case Kind::kTerm:
    case Kind::kPhrase:
      return true;
    case Kind::kNot:
      return false;
    case Kind::kAnd:
      for (const QueryNode& child : node.children) {
        if (IsBounded(child)) return true;
      }
      return false;
    case Kind::kOr:
      for (const QueryNode& child : node.children) {
        if (!IsBounded(child)) return false;
      }
      return true;
  }
  return false;
}

// Why the unbounded `node` is unbounded, pointing at an OR alternative when one is the cause
// (a user who wrote "a OR -b" has a positive word and needs to be told which part is wrong).
absl::Status ExplainUnbounded(const QueryNode& node) {
  if (node.kind == Kind::kOr) {
    for (const QueryNode& child : node.children) {
      if (!IsBounded(child)) {
        return InvalidQuery("OR alternative", child.offset,
                            " has only excluded terms (NOT or -); each needs a word to search for");
      }
    }
  }
  if (node.kind == Kind::kAnd) {
    for (const QueryNode& child : node.children) {
      if (child.kind == Kind::kOr) return ExplainUnbounded(child);
    }
  }
  return absl::InvalidArgumentError(
      "query: has only excluded terms (NOT or -); add a word to search for");
}

void AppendQuoted(std::string_view s, std::string* out) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  out->push_back('"');
  for (char c : s) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out->push_back('\\');
      out->push_back(c);
    } else if (byte < 0x20 || byte == 0x7F) {
      out->append("\\x");
      out->push_back(kHex[byte >> 4]);
      out->push_back(kHex[byte & 0xF]);
    } else {
      out->push_back(c);
    }
  }
  out->push_back('"');
}

void AppendDebugString(const QueryNode& node, std::string* out) {
  switch (node.kind) {
    case Kind::kTerm:
      AppendQuoted(node.text, out);
      return;
    case Kind::kPhrase:
      out->append("(PHRASE");
      for (const std::string& word : node.words) {
        out->push_back(' ');
        AppendQuoted(word, out);
      }
      out->push_back(')');
      return;
    case Kind::kAnd:
      out->append("(AND");
      break;
    case Kind::kOr:
      out->append("(OR");
      break;
    case Kind::kNot:
      out->append("(NOT");
      break;
  }
  for (const QueryNode& child : node.children) {
    out->push_back(' ');
    AppendDebugString(child, out);
  }
  out->push_back(')');
}

}  // namespace

absl::StatusOr<QueryNode> ParseQuery(std::string_view query, const ParseLimits& limits) {
  // Length first: it is the cheapest check and bounds the work of all the others.
  if (query.size() > limits.max_bytes) {
    return absl::InvalidArgumentError("query: " + std::to_string(query.size()) +
                                      " bytes exceeds the limit of " +
                                      std::to_string(limits.max_bytes));
  }
  RETURN_IF_ERROR(text::ValidateUtf8(query, "query"));
  bool blank = true;
  for (size_t pos = 0; pos < query.size() && blank;) {
    char32_t cp = 0;
    pos += text::DecodeUtf8(query, pos, &cp);
    blank = Classify(cp) == CharClass::kSpace;
  }
  if (blank) return absl::InvalidArgumentError("query: is empty");

  ASSIGN_OR_RETURN(std::vector<Token> tokens, Tokenize(query, limits.max_terms));
  Parser parser(tokens, limits);
  ASSIGN_OR_RETURN(MaybeNode root, parser.ParseAll());
  if (!root.has_value()) return absl::InvalidArgumentError("query: has no search terms");
  if (!limits.allow_only_excluded && !IsBounded(*root)) return ExplainUnbounded(*root);
  return std::move(*root);
}

std::string DebugString(const QueryNode& node) {
  std::string out;
  AppendDebugString(node, &out);
  return out;
}

}  // namespace newsgraph::query
