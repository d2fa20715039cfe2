#include "common/html/nesting_limiter.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"

namespace newsgraph::html::internal {
namespace {

// How far below the innermost open element an end tag may look for its match. Bounds the work per
// end tag; an end tag that matches deeper is treated as stray, which only over-counts depth.
constexpr size_t kMaxEndTagSearch = 64;

bool IsTagSpace(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\f' || c == '\r'; }

bool IsAsciiAlpha(char c) { return absl::ascii_isalpha(static_cast<unsigned char>(c)); }

// Elements that cannot make the tree deeper on their own: void elements never have children;
// p, li, dt, dd, option and table sections, rows and cells are closed by the parser when a
// sibling of the same kind starts (they can nest only with some counted element between them);
// html, head and body are never nested, repeated start tags just merge attributes.
bool IsUncounted(std::string_view name) {
  static constexpr std::string_view kNames[] = {
      "area",  "base",   "basefont", "bgsound", "body",  "br",     "caption", "col",   "colgroup",
      "dd",    "dt",     "embed",    "frame",   "head",  "hr",     "html",    "image", "img",
      "input", "keygen", "li",       "link",    "meta",  "option", "p",       "param", "source",
      "tbody", "td",     "tfoot",    "th",      "thead", "tr",     "track",   "wbr"};
  return std::find(std::begin(kNames), std::end(kNames), name) != std::end(kNames);
}

// Elements whose content the HTML tokenizer reads as text up to the matching end tag (outside
// svg/math). plaintext never ends.
bool IsRawText(std::string_view name) {
  static constexpr std::string_view kNames[] = {"script",  "style",    "xmp",      "iframe",
                                                "noembed", "noframes", "textarea", "title"};
  return std::find(std::begin(kNames), std::end(kNames), name) != std::end(kNames);
}

// Scans the attributes of a tag from `pos` (just past the tag name) with the HTML tokenizer's
// rules, so that '>' inside a quoted value does not end the tag but "/>" does. Returns the offset
// just past the closing '>', or npos when the input ends inside the tag (the tokenizer then drops
// the tag).
size_t ScanTagEnd(std::string_view s, size_t pos, bool* self_closing) {
  enum class State { kBeforeName, kName, kAfterName, kBeforeValue, kUnquoted };
  State state = State::kBeforeName;
  *self_closing = false;
  while (pos < s.size()) {
    const char c = s[pos];
    switch (state) {
      case State::kBeforeName:
      case State::kName:
      case State::kAfterName:
        if (c == '>') return pos + 1;
        if (c == '/') {
          if (pos + 1 < s.size() && s[pos + 1] == '>') {
            *self_closing = true;
            return pos + 2;
          }
          state = State::kBeforeName;
        } else if (IsTagSpace(c)) {
          if (state == State::kName) state = State::kAfterName;
        } else if (c == '=' && state != State::kBeforeName) {
          state = State::kBeforeValue;
        } else {
          state = State::kName;
        }
        ++pos;
        break;
      case State::kBeforeValue:
        if (c == '>') return pos + 1;
        if (c == '"' || c == '\'') {
          const size_t close = s.find(c, pos + 1);
          if (close == std::string_view::npos) return std::string_view::npos;
          pos = close + 1;
          state = State::kBeforeName;
        } else {
          if (!IsTagSpace(c)) state = State::kUnquoted;
          ++pos;
        }
        break;
      case State::kUnquoted:
        if (c == '>') return pos + 1;
        if (IsTagSpace(c)) state = State::kBeforeName;
        ++pos;
        break;
    }
  }
  return std::string_view::npos;
}

// Returns the offset of the end tag "</name" (followed by space, '/' or '>') that ends a raw text
// element opened before `pos`, or npos if there is none.
size_t FindRawTextEnd(std::string_view s, size_t pos, std::string_view name) {
  while (true) {
    pos = s.find("</", pos);
    if (pos == std::string_view::npos) return pos;
    const size_t name_end = pos + 2 + name.size();
    if (name_end < s.size() &&
        absl::EqualsIgnoreCase(absl::string_view(s.data() + pos + 2, name.size()),
                               absl::string_view(name.data(), name.size())) &&
        (IsTagSpace(s[name_end]) || s[name_end] == '/' || s[name_end] == '>')) {
      return pos;
    }
    pos += 2;
  }
}

// Reads a tag name starting at `pos`; returns it lowercased and advances *pos past it.
std::string ReadTagName(std::string_view s, size_t* pos) {
  const size_t start = *pos;
  size_t end = start;
  while (end < s.size() && !IsTagSpace(s[end]) && s[end] != '/' && s[end] != '>') ++end;
  *pos = end;
  return absl::AsciiStrToLower(absl::string_view(s.data() + start, end - start));
}

// Start tags that end foreign content: inside svg or math (outside their integration points) the
// parser closes the foreign elements and inserts these as HTML. (<font> does so only with color,
// face or size attributes and is left out.)
bool BreaksOutOfForeignContent(std::string_view name) {
  static constexpr std::string_view kNames[] = {
      "b",      "big",  "blockquote", "body",  "br",   "center", "code",    "dd",   "div",
      "dl",     "dt",   "em",         "embed", "h1",   "h2",     "h3",      "h4",   "h5",
      "h6",     "head", "hr",         "i",     "img",  "li",     "listing", "menu", "meta",
      "nobr",   "ol",   "p",          "pre",   "ruby", "s",      "small",   "span", "strong",
      "strike", "sub",  "sup",        "table", "tt",   "u",      "ul",      "var"};
  return std::find(std::begin(kNames), std::end(kNames), name) != std::end(kNames);
}

// svg and math elements whose children are parsed as HTML again.
bool IsIntegrationPoint(std::string_view name) {
  return name == "foreignobject" || name == "desc" || name == "title" || name == "mi" ||
         name == "mo" || name == "mn" || name == "ms" || name == "mtext" ||
         name == "annotation-xml";
}

// End tags the parser honours whenever the element is "in scope", closing whatever is open inside
// it; other end tags (</span>, </b>, ...) stop at the first special element.
bool ClosesThroughScope(std::string_view name) {
  static constexpr std::string_view kNames[] = {
      "address", "applet", "article", "aside", "blockquote", "button",     "center", "details",
      "dialog",  "dir",    "div",     "dl",    "fieldset",   "figcaption", "figure", "footer",
      "h1",      "h2",     "h3",      "h4",    "h5",         "h6",         "header", "hgroup",
      "listing", "main",   "marquee", "menu",  "nav",        "object",     "ol",     "pre",
      "section", "select", "summary", "table", "template",   "ul"};
  return std::find(std::begin(kNames), std::end(kNames), name) != std::end(kNames);
}

// Tracked HTML elements that bound an element's scope (integration points do too).
bool IsScopeBoundaryName(std::string_view name) {
  return name == "applet" || name == "marquee" || name == "object" || name == "table" ||
         name == "template";
}

// Tracked HTML elements in the parser's "special" category, which stop ordinary end tags.
bool IsSpecialName(std::string_view name) {
  if (ClosesThroughScope(name)) return true;
  return name == "form" || name == "frameset" || name == "noscript";
}

// The open counted elements, innermost last, each marked with whether it is an svg/math element
// (where "/>" really closes an element, raw text elements do not exist and every element nests).
class OpenElements {
 public:
  size_t depth() const { return entries_.size(); }

  // Whether a start tag here would create an svg/math element.
  bool InForeignContent() const { return !entries_.empty() && entries_.back().transparent; }

  // Closes foreign elements up to the nearest HTML element or integration point, as the parser
  // does before inserting a breakout tag.
  void BreakOutOfForeignContent() {
    while (InForeignContent()) entries_.pop_back();
  }

  void Push(std::string name, bool foreign) {
    // Classified once here: Close may look at the same entries for many end tags.
    Entry entry;
    entry.foreign = foreign;
    entry.scope_boundary = foreign ? IsIntegrationPoint(name) : IsScopeBoundaryName(name);
    entry.special = foreign ? entry.scope_boundary : IsSpecialName(name);
    entry.transparent = foreign && !entry.scope_boundary;
    entry.name = std::move(name);
    entries_.push_back(std::move(entry));
  }

  // Applies an end tag the way the parser would, as far as the tracked elements tell: closes the
  // innermost open element called `name` and everything inside it, unless an element that stops
  // this end tag lies in between (then the parser ignores or restructures without shrinking the
  // stack). Looks at most kMaxEndTagSearch elements deep; beyond that the tag counts as stray.
  void Close(std::string_view name) {
    const bool block = ClosesThroughScope(name);
    const size_t lowest =
        entries_.size() > kMaxEndTagSearch ? entries_.size() - kMaxEndTagSearch : 0;
    for (size_t i = entries_.size(); i > lowest; --i) {
      const Entry& entry = entries_[i - 1];
      if (entry.name == name) {
        // </form> removes only the form element itself, so only an innermost form shrinks depth.
        if (name == "form" && i != entries_.size()) return;
        entries_.resize(i - 1);
        return;
      }
      if (entry.transparent) continue;
      if (block ? entry.scope_boundary : entry.special) return;
    }
  }

 private:
  struct Entry {
    std::string name;
    bool foreign = false;         // an svg/math element
    bool scope_boundary = false;  // stops end tags that close through scope
    bool special = false;         // stops all other end tags
    bool transparent = false;     // a foreign element no end tag stops at
  };

  std::vector<Entry> entries_;
};

// Returns the offset just past the end of the comment whose "<!--" is at `begin`, or npos if it
// runs to the end of input. A comment ends at the first "-->" or "--!>"; searching from the "--" of
// the opener also catches the abrupt "<!-->" and "<!--->". One linear scan.
size_t FindCommentEnd(std::string_view s, size_t begin) {
  size_t pos = begin + 2;
  while (true) {
    pos = s.find("--", pos);
    if (pos == std::string_view::npos) return pos;
    if (pos + 2 < s.size() && s[pos + 2] == '>') return pos + 3;
    if (pos + 3 < s.size() && s[pos + 2] == '!' && s[pos + 3] == '>') return pos + 4;
    ++pos;
  }
}

}  // namespace

std::optional<std::string> LimitNesting(std::string_view html, size_t max_depth) {
  constexpr size_t npos = std::string_view::npos;
  OpenElements open;
  std::string out;
  size_t copied = 0;  // html[0, copied) has been appended to `out` (only once a tag was cut)
  bool cut_any = false;
  size_t pos = 0;
  while (pos < html.size()) {
    pos = html.find('<', pos);
    if (pos == npos || pos + 1 >= html.size()) break;
    const size_t tag_begin = pos;
    const char next = html[pos + 1];
    if (next == '!') {
      if (html.compare(pos, 4, "<!--") == 0) {
        pos = FindCommentEnd(html, pos);
        if (pos == npos) break;
      } else {
        // Doctype, CDATA outside svg/math, and bogus comments all end at the first '>'.
        pos = html.find('>', pos + 2);
        if (pos == npos) break;
        ++pos;
      }
      continue;
    }
    if (next == '?') {
      pos = html.find('>', pos + 2);
      if (pos == npos) break;
      ++pos;
      continue;
    }
    if (next == '/') {
      if (pos + 2 < html.size() && IsAsciiAlpha(html[pos + 2])) {
        pos += 2;
        const std::string name = ReadTagName(html, &pos);
        bool self_closing;
        pos = ScanTagEnd(html, pos, &self_closing);
        if (pos == npos) break;
        if (!IsUncounted(name)) open.Close(name);
      } else {
        // "</>" is ignored and "</3" starts a bogus comment; both end at the next '>'.
        pos = html.find('>', pos + 2);
        if (pos == npos) break;
        ++pos;
      }
      continue;
    }
    if (!IsAsciiAlpha(next)) {
      ++pos;  // A literal '<' in text.
      continue;
    }
    ++pos;
    std::string name = ReadTagName(html, &pos);
    bool self_closing;
    pos = ScanTagEnd(html, pos, &self_closing);
    if (pos == npos) break;
    bool foreign = open.InForeignContent();
    if (foreign && BreaksOutOfForeignContent(name)) {
      open.BreakOutOfForeignContent();
      foreign = false;
    }
    if (!foreign && name != "svg" && name != "math") {
      if (name == "plaintext") break;  // Everything after it is text.
      if (IsRawText(name)) {
        // Never cut: the element cannot nest, and cutting its start tag would turn a script into
        // visible text. Skip its content, which is not markup.
        pos = FindRawTextEnd(html, pos, name);
        if (pos == npos) break;
        continue;
      }
      if (IsUncounted(name)) continue;  // Also when self-closing: HTML ignores "/>".
    } else if (self_closing) {
      continue;  // An svg/math element closed on the spot.
    }
    if (open.depth() >= max_depth) {
      out.append(html.substr(copied, tag_begin - copied));
      copied = pos;
      cut_any = true;
      continue;
    }
    const bool creates_foreign = foreign || name == "svg" || name == "math";
    open.Push(std::move(name), creates_foreign);
  }
  if (!cut_any) return std::nullopt;
  out.append(html.substr(copied));
  return out;
}

}  // namespace newsgraph::html::internal
