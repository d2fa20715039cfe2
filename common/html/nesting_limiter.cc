#include "common/html/nesting_limiter.h"

#include <algorithm>
#include <string>
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
      "area",  "base", "basefont", "bgsound", "body",  "br",    "caption", "col",
      "colgroup", "dd", "dt",     "embed",   "frame", "head",  "hr",      "html",
      "image", "img",  "input",   "keygen",  "li",    "link",  "meta",    "option",
      "p",     "param", "source", "tbody",   "td",    "tfoot", "th",      "thead",
      "tr",    "track", "wbr"};
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

// The open counted elements, innermost last, plus how many of them are svg or math (inside which
// "/>" really closes an element and raw text elements do not exist).
class OpenElements {
 public:
  size_t depth() const { return names_.size(); }
  bool in_foreign() const { return foreign_ > 0; }

  void Push(std::string name) {
    if (name == "svg" || name == "math") ++foreign_;
    names_.push_back(std::move(name));
  }

  // Closes the innermost open element called `name` and everything inside it, if it is among the
  // kMaxEndTagSearch innermost; otherwise the end tag is treated as stray.
  void Close(std::string_view name) {
    const size_t lowest = names_.size() > kMaxEndTagSearch ? names_.size() - kMaxEndTagSearch : 0;
    for (size_t i = names_.size(); i > lowest; --i) {
      if (names_[i - 1] != name) continue;
      for (size_t j = i - 1; j < names_.size(); ++j) {
        if (names_[j] == "svg" || names_[j] == "math") --foreign_;
      }
      names_.resize(i - 1);
      return;
    }
  }

 private:
  std::vector<std::string> names_;
  size_t foreign_ = 0;
};

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
        // A comment ends at the first "-->" or "--!>"; searching from the "--" of the opener also
        // catches the abrupt "<!-->" and "<!--->".
        const size_t arrow = html.find("-->", pos + 2);
        const size_t bang = html.find("--!>", pos + 2);
        const size_t end = std::min(arrow, bang);
        if (end == npos) break;
        pos = end + (end == arrow ? 3 : 4);
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
    if (!open.in_foreign()) {
      if (name == "plaintext") break;  // Everything after it is text.
      if (IsRawText(name)) {
        // Never cut: the element cannot nest, and cutting its start tag would turn a script into
        // visible text. Skip its content, which is not markup.
        pos = FindRawTextEnd(html, pos, name);
        if (pos == npos) break;
        continue;
      }
    }
    if (IsUncounted(name) || (self_closing && open.in_foreign())) continue;
    if (open.depth() >= max_depth) {
      out.append(html.substr(copied, tag_begin - copied));
      copied = pos;
      cut_any = true;
      continue;
    }
    open.Push(std::move(name));
  }
  if (!cut_any) return std::nullopt;
  out.append(html.substr(copied));
  return out;
}

}  // namespace newsgraph::html::internal
