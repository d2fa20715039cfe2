// Internal to ng_html: a pre-pass that keeps gumbo away from its quadratic slow path.
//
// Gumbo 0.10.1 (Debian 12) scans its stack of open elements for almost every tag, so parse time
// grows with depth times tag count: 40,000 nested <div> take ~4 s and 100,000 about a minute
// (upstream google/gumbo-parser#391, #393; later forks added a max_tree_depth option, Debian's
// build has none). Real pages stay far below a few hundred levels, so cutting the start tags that
// would nest deeper costs nothing on real input and keeps the parse linear on junk.
#ifndef NEWSGRAPH_COMMON_HTML_NESTING_LIMITER_H_
#define NEWSGRAPH_COMMON_HTML_NESTING_LIMITER_H_

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace newsgraph::html::internal {

// Nesting depth kept by ExtractArticle; deeper start tags are removed.
inline constexpr size_t kMaxNestingDepth = 256;

// Returns `html` with every start tag removed that would open an element more than `max_depth`
// levels deep, or nullopt when no tag had to go (the common case, which then costs no copy).
// Only the tag itself ("<div class=x>") is removed; text and end tags stay, so a too-deep subtree
// is flattened into its ancestor instead of being lost.
//
// The depth is tracked by a light tokenizer rather than a full tree builder: it skips comments,
// doctype/processing instructions and raw text (script, style, textarea, title, ...), does not
// count HTML void elements or elements the parser closes implicitly when a sibling starts (p, li,
// dt, dd, option, table rows and cells, html/head/body), follows svg/math content (where "/>"
// closes and every element nests) including integration points and breakout tags, and lets an
// end tag close the nearest matching open element among the 64 innermost. It is a heuristic
// bound: badly misnested markup can make it over-count (losing some deep tags, never text), and
// markup crafted to keep gumbo deep anyway is stopped by the parse budget in gumbo_tree.h.
// Runs in time linear in the input.
std::optional<std::string> LimitNesting(std::string_view html, size_t max_depth);

}  // namespace newsgraph::html::internal

#endif  // NEWSGRAPH_COMMON_HTML_NESTING_LIMITER_H_
