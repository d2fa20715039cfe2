// The search query language: what a user types into the search box, parsed into a small boolean
// tree that the query engine evaluates. The parser works only at the level of white space and
// operator characters, in any script; it neither folds case nor splits words, because the engine
// runs every Term through the same analyzer as the indexed text (one Term may then become several
// words, e.g. in Chinese, which the engine treats as a phrase).
//
// Syntax (Lucene-lite, as in common web search engines):
//   Macron Merz            both words (AND is implied between neighbours)
//   Macron AND Merz        the same; AND is optional
//   Macron OR Μακρόν       either; `|` is the same as OR
//   -Merz  NOT Merz        without the word; also -"a phrase" and -(a group)
//   "Samsung và TSMC"      the words next to each other, in order; the quotes may be
//                          " “ ” „ « » 「 」 『 』 ＂ in any pairing (German „…“, French « … »,
//                          Swedish ”…”, CJK 「…」 all work)
//   (Macron OR Μακρόν) Berlin   parentheses group; fullwidth （ ） and ｜ work as well
// Precedence: NOT binds tighter than AND, AND tighter than OR, so `a b OR c -d` means
// (a AND b) OR (c AND NOT d). Only the uppercase words OR, AND, NOT are operators; "or" is a word.
// A `-` is a negation only at the start of a word ("Jean-Marie" is one word).
//
// Leniency: an operator that is missing an operand is ignored instead of failing, because a
// half-typed query ("Macron OR", "AND Merz", "a OR OR b", "a -") should still find something. For
// the same reason empty phrases and empty groups ("", ()) are ignored. Unbalanced quotes and
// parentheses, by contrast, are errors: guessing where the user meant them to end would silently
// change the meaning of the query.
#ifndef NEWSGRAPH_SERVICES_QUERY_CORE_QUERY_PARSER_H_
#define NEWSGRAPH_SERVICES_QUERY_CORE_QUERY_PARSER_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"

namespace newsgraph::query {

// One node of a parsed query. A plain struct so that the engine can walk it without accessors.
struct QueryNode {
  enum class Kind { kTerm, kPhrase, kAnd, kOr, kNot };

  Kind kind = Kind::kTerm;
  // kTerm only: the word exactly as typed (no folding, no NFC), never empty.
  std::string text;
  // kPhrase only: the words between the quotes as typed, split at white space; at least one.
  std::vector<std::string> words;
  // kAnd, kOr: at least two children, none of the same kind as the parent (nested groups of the
  // same operator are flattened). kNot: exactly one child, never itself a kNot (double negation
  // is removed). Empty for kTerm and kPhrase.
  std::vector<QueryNode> children;
  // Byte offset in the query of the first token of this node: the word of a Term, the opening
  // quote of a Phrase, the `-` or NOT of a Not, and the first child's offset for And and Or.
  // Lets the engine point at the text in its own errors.
  size_t offset = 0;
};

// Bounds on the work one query can cause. Every limit is enforced before the tree is returned,
// so the engine may evaluate the tree recursively without its own checks.
struct ParseLimits {
  // The query's length in bytes. Matches QueryEngineOptions::max_query_bytes.
  size_t max_bytes = 1024;
  // Words in Terms plus words in Phrases (operators are not counted): each costs the engine at
  // least one posting-list read.
  size_t max_terms = 64;
  // How deeply parentheses may nest. The parser recurses once per level, so this also bounds its
  // stack use and the depth of the returned tree (a few nodes per level). 0 forbids parentheses.
  size_t max_depth = 8;
  // Skip the "answerable from the index alone" check below: for a search that also names
  // entities, whose documents the query may merely narrow ("-Merz" within Macron's documents).
  bool allow_only_excluded = false;
};

// Parses `query` (UTF-8, in any script) into a tree as described at the top of this file.
// On success the tree is answerable from the index alone: it contains at least one Term or
// Phrase, and every OR alternative that is not narrowed by a sibling of an enclosing AND has a
// Term or Phrase outside any NOT (so "a -b", "a (b OR -c)" are fine; "-b", "a OR -b" are not)
// — unless limits.allow_only_excluded, which waives the "excludes only" errors below.
// Words are not analyzed here, so a Term or phrase word may hold no letter at all ("–", "&&");
// the engine drops what its analyzer drops and must check answerability again afterwards.
// Fails with InvalidArgument, message starting with "query: ", reporting only the first problem
// in this order: length, UTF-8, blank, then quotes and term count (left to right; an unclosed
// quote hides any parenthesis after it), then parentheses (left to right). When the query
//   - is longer than limits.max_bytes ("query: N bytes exceeds the limit of M");
//   - is not well-formed UTF-8 ("query: invalid UTF-8 at byte offset N");
//   - is empty or only white space, Unicode spaces included ("query: is empty");
//   - has more than limits.max_terms words ("query: more than M terms: term M+1 at byte
//     offset N");
//   - nests parentheses deeper than limits.max_depth ("... at byte offset N" of the `(`);
//   - has a `(` or quote that is never closed, or a `)` that closes nothing (each with the byte
//     offset of the offending character);
//   - has no word left once ignored operators, empty phrases and empty groups are dropped
//     ("query: has no search terms", e.g. `""`, `()`, `OR`);
//   - excludes only: "-x", "NOT a", "-(a b)" ("query: has only excluded terms (NOT or -); add a
//     word to search for"), or has an OR alternative that excludes only where nothing else
//     narrows the result: "a OR -b" ("query: OR alternative at byte offset N has only excluded
//     terms (NOT or -); each needs a word to search for").
absl::StatusOr<QueryNode> ParseQuery(std::string_view query, const ParseLimits& limits);

// Renders `node` as an S-expression for tests and logs, e.g.
// (AND "a" (OR "b" "c") (NOT "d")) or (PHRASE "Samsung" "và" "TSMC"). Inside the quotes `"` and
// `\` are escaped with a backslash and control characters are written as \xNN; other bytes,
// including non-ASCII UTF-8, are copied unchanged. Offsets are not shown.
std::string DebugString(const QueryNode& node);

}  // namespace newsgraph::query

#endif  // NEWSGRAPH_SERVICES_QUERY_CORE_QUERY_PARSER_H_
