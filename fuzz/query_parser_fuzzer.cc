// Fuzzes the search query parser (services/query/core/query_parser), which sees every string a
// user types into a search box. Checks the tree shape and limits ParseQuery promises, since the
// query engine walks the tree recursively without checking them again. The first byte picks the
// limits, the rest is the query.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "fuzz/fuzz_check.h"
#include "services/query/core/query_parser.h"

namespace newsgraph::fuzz {
namespace {

using query::QueryNode;
using Kind = QueryNode::Kind;

struct TreeFacts {
  size_t words = 0;
  size_t depth = 0;
};

// Checks the shape rules of query_parser.h on `node` and below; returns word count and depth.
TreeFacts CheckNode(const QueryNode& node, std::string_view query) {
  NG_FUZZ_CHECK(node.offset < query.size());
  TreeFacts facts;
  switch (node.kind) {
    case Kind::kTerm:
      NG_FUZZ_CHECK(!node.text.empty() && node.children.empty() && node.words.empty());
      // The word exactly as typed, at its offset.
      NG_FUZZ_CHECK(query.substr(node.offset, node.text.size()) == node.text);
      NG_FUZZ_CHECK(IsUtf8(node.text));
      return {1, 1};
    case Kind::kPhrase:
      NG_FUZZ_CHECK(!node.words.empty() && node.children.empty());
      for (const std::string& word : node.words) {
        NG_FUZZ_CHECK(!word.empty() && IsUtf8(word));
        NG_FUZZ_CHECK(query.find(word, node.offset) != std::string_view::npos);
      }
      return {node.words.size(), 1};
    case Kind::kNot:
      NG_FUZZ_CHECK(node.children.size() == 1 && node.children[0].kind != Kind::kNot);
      break;
    case Kind::kAnd:
    case Kind::kOr:
      NG_FUZZ_CHECK(node.children.size() >= 2);
      for (const QueryNode& child : node.children) NG_FUZZ_CHECK(child.kind != node.kind);
      NG_FUZZ_CHECK(node.offset == node.children[0].offset);
      break;
  }
  for (const QueryNode& child : node.children) {
    const TreeFacts below = CheckNode(child, query);
    facts.words += below.words;
    facts.depth = std::max(facts.depth, below.depth + 1);
  }
  return facts;
}

// True when `node` selects documents from the index by itself (query_parser.h's answerability:
// an AND needs one such child, an OR needs every alternative to be one, a NOT never is).
bool Positive(const QueryNode& node) {
  switch (node.kind) {
    case Kind::kTerm:
    case Kind::kPhrase:
      return true;
    case Kind::kNot:
      return false;
    case Kind::kAnd:
      for (const QueryNode& child : node.children) {
        if (Positive(child)) return true;
      }
      return false;
    case Kind::kOr:
      for (const QueryNode& child : node.children) {
        if (!Positive(child)) return false;
      }
      return true;
  }
  return false;
}

}  // namespace
}  // namespace newsgraph::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace newsgraph;
  if (size == 0) return 0;
  query::ParseLimits limits;
  limits.max_depth = data[0] & 0x07;  // 0..7, the default 8 is reached through the next bit
  if (data[0] & 0x08) limits.max_depth = 8;
  limits.max_terms = (data[0] & 0x10) ? 4 : 64;
  limits.allow_only_excluded = (data[0] & 0x20) != 0;
  const std::string_view input = fuzz::AsView(data + 1, size - 1);

  absl::StatusOr<query::QueryNode> tree = query::ParseQuery(input, limits);
  if (!tree.ok()) {
    NG_FUZZ_CHECK(tree.status().code() == absl::StatusCode::kInvalidArgument);
    // Debian's absl::string_view is not std::string_view: compare through std::string.
    NG_FUZZ_CHECK(std::string(tree.status().message()).rfind("query: ", 0) == 0);
    return 0;
  }
  NG_FUZZ_CHECK(input.size() <= limits.max_bytes && fuzz::IsUtf8(input));
  const fuzz::TreeFacts facts = fuzz::CheckNode(*tree, input);
  NG_FUZZ_CHECK(facts.words >= 1 && facts.words <= limits.max_terms);
  // Each level of parentheses adds at most an OR, an AND and a NOT.
  NG_FUZZ_CHECK(facts.depth <= 3 * (limits.max_depth + 1) + 1);
  if (!limits.allow_only_excluded) NG_FUZZ_CHECK(fuzz::Positive(*tree));
  NG_FUZZ_CHECK(!query::DebugString(*tree).empty());
  return 0;
}
