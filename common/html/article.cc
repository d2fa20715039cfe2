#include "common/html/article.h"

#include <gumbo.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "common/base/status_macros.h"
#include "common/html/gumbo_tree.h"
#include "common/html/nesting_limiter.h"
#include "common/text/utf8.h"

namespace newsgraph::html {
namespace {

absl::string_view ToAbsl(std::string_view s) { return absl::string_view(s.data(), s.size()); }

const GumboVector* ChildrenOf(const GumboNode* node) {
  switch (node->type) {
    case GUMBO_NODE_DOCUMENT:
      return &node->v.document.children;
    case GUMBO_NODE_ELEMENT:
    case GUMBO_NODE_TEMPLATE:
      return &node->v.element.children;
    default:
      return nullptr;
  }
}

// Depth-first, document-order walk over the subtree of `root` with an explicit stack, because
// recursion would overflow on deep trees. enter(node) returns a negative value to skip the node's
// children (exit is then not called for it) or a value that is handed back as exit(node, value)
// once its children are done.
template <typename Enter, typename Exit>
void Walk(const GumboNode* root, Enter&& enter, Exit&& exit) {
  struct Frame {
    const GumboNode* node;
    unsigned int next_child;
    int value;
  };
  std::vector<Frame> stack;
  const int root_value = enter(root);
  if (root_value < 0) return;
  stack.push_back({root, 0, root_value});
  while (!stack.empty()) {
    Frame& top = stack.back();
    const GumboVector* children = ChildrenOf(top.node);
    if (children == nullptr || top.next_child >= children->length) {
      const Frame done = top;
      stack.pop_back();
      exit(done.node, done.value);
      continue;
    }
    const auto* child = static_cast<const GumboNode*>(children->data[top.next_child++]);
    const int value = enter(child);  // `top` may dangle after the push below; not used again.
    if (value >= 0) stack.push_back({child, 0, value});
  }
}

std::string_view Attribute(const GumboElement& element, const char* name) {
  const GumboAttribute* attribute = gumbo_get_attribute(&element.attributes, name);
  return attribute != nullptr && attribute->value != nullptr ? attribute->value : "";
}

bool HasAttribute(const GumboElement& element, const char* name) {
  return gumbo_get_attribute(&element.attributes, name) != nullptr;
}

std::string_view TrimAscii(std::string_view s) {
  const absl::string_view trimmed = absl::StripAsciiWhitespace(ToAbsl(s));
  return std::string_view(trimmed.data(), trimmed.size());
}

// Builds text with HTML's whitespace collapsing plus explicit line and paragraph breaks. Breaks
// and spaces are held back until the next visible character, so none lead or trail the result and
// adjacent blocks produce one separator, the strongest requested.
class TextBuilder {
 public:
  // Appends text whose whitespace runs (ASCII whitespace and U+00A0, which pages use as
  // layout glue) become single spaces.
  void AddText(std::string_view text) {
    size_t i = 0;
    while (i < text.size()) {
      if (const size_t space = SpaceLength(text, i); space > 0) {
        pending_space_ = true;
        i += space;
        continue;
      }
      const size_t start = i;
      while (i < text.size() && SpaceLength(text, i) == 0) ++i;
      FlushSeparator();
      out_.append(text.substr(start, i - start));
    }
  }

  // Appends <pre> text as is, except that CR and CRLF become LF.
  void AddPreformatted(std::string_view text) {
    if (text.empty()) return;
    FlushSeparator();
    for (size_t i = 0; i < text.size(); ++i) {
      if (text[i] != '\r') {
        out_.push_back(text[i]);
      } else if (i + 1 >= text.size() || text[i + 1] != '\n') {
        out_.push_back('\n');
      }
    }
  }

  void AddSpace() { pending_space_ = true; }
  void AddBreak(int newlines) { pending_newlines_ = std::max(pending_newlines_, newlines); }

  std::string Finish() && {
    // <pre> content can end in its own newlines right before a paragraph break.
    std::string result;
    result.reserve(out_.size());
    int newlines = 0;
    for (const char c : out_) {
      newlines = c == '\n' ? newlines + 1 : 0;
      if (newlines <= 2) result.push_back(c);
    }
    return std::string(TrimAscii(result));
  }

 private:
  // Byte length of the whitespace character at text[i], 0 if it is not one. Byte-wise is safe:
  // 0xC2 is always a lead byte, so "\xC2\xA0" cannot start inside another character.
  static size_t SpaceLength(std::string_view text, size_t i) {
    const char c = text[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') return 1;
    if (c == '\xC2' && i + 1 < text.size() && text[i + 1] == '\xA0') return 2;
    return 0;
  }

  void FlushSeparator() {
    if (!out_.empty()) {
      if (pending_newlines_ > 0) {
        out_.append(pending_newlines_, '\n');
      } else if (pending_space_) {
        out_.push_back(' ');
      }
    }
    pending_newlines_ = 0;
    pending_space_ = false;
  }

  std::string out_;
  int pending_newlines_ = 0;
  bool pending_space_ = false;
};

std::string CollapseWhitespace(std::string_view text) {
  TextBuilder builder;
  builder.AddText(text);
  return std::move(builder).Finish();
}

// Whether one word of a class or id names a widget that is never article text.
bool IsWidgetWord(std::string_view word) {
  static constexpr std::string_view kWords[] = {
      "share",    "shares",  "sharing",  "sharebar", "sharebox", "sharethis", "addthis",
      "addtoany", "social",  "socials",  "comment",  "comments", "disqus",    "menu",
      "menus",    "submenu", "megamenu", "cookie",   "cookies",  "cookiebar"};
  return std::find(std::begin(kWords), std::end(kWords), word) != std::end(kWords);
}

// Splits a class or id value into lowercase words at non-alphanumerics and lower-to-upper case
// changes ("share-buttons", "socialBar", "comment_list") and checks each.
bool NamesWidget(std::string_view value) {
  std::string word;
  char previous = 0;
  bool found = false;
  auto finish_word = [&] {
    if (!word.empty() && IsWidgetWord(word)) found = true;
    word.clear();
  };
  for (const char c : value) {
    const auto u = static_cast<unsigned char>(c);
    if (absl::ascii_isalnum(u)) {
      if (absl::ascii_isupper(u) && absl::ascii_islower(static_cast<unsigned char>(previous))) {
        finish_word();
      }
      word.push_back(absl::ascii_tolower(u));
    } else {
      finish_word();
    }
    previous = c;
  }
  finish_word();
  return found;
}

bool HasMainRole(const GumboElement& element) {
  return absl::EqualsIgnoreCase(ToAbsl(TrimAscii(Attribute(element, "role"))), "main");
}

// Elements that hold the page's content as a whole; the class/id widget rule never applies to
// them, because sites put words like "has-comments" or "menu-open" on <body> or <article>.
bool IsContentContainer(const GumboElement& element) {
  switch (element.tag) {
    case GUMBO_TAG_HTML:
    case GUMBO_TAG_BODY:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_MAIN:
      return true;
    default:
      return HasMainRole(element);
  }
}

// Whether the subtree of an element or template node is never article text.
bool IsBoilerplate(const GumboNode& node, bool inside_article) {
  if (node.type == GUMBO_NODE_TEMPLATE) return true;
  const GumboElement& element = node.v.element;
  switch (element.tag) {
    case GUMBO_TAG_HEAD:
    case GUMBO_TAG_TITLE:
    case GUMBO_TAG_SCRIPT:
    case GUMBO_TAG_STYLE:
    case GUMBO_TAG_NOSCRIPT:
    case GUMBO_TAG_TEMPLATE:
    case GUMBO_TAG_NAV:
    case GUMBO_TAG_FOOTER:
    case GUMBO_TAG_ASIDE:
    case GUMBO_TAG_FORM:
    case GUMBO_TAG_IFRAME:
    case GUMBO_TAG_SVG:
    case GUMBO_TAG_BUTTON:
    case GUMBO_TAG_SELECT:
    case GUMBO_TAG_TEXTAREA:
    case GUMBO_TAG_OBJECT:
    case GUMBO_TAG_CANVAS:
    case GUMBO_TAG_AUDIO:
    case GUMBO_TAG_VIDEO:
      return true;
    case GUMBO_TAG_HEADER:
      // A site header is chrome; an article's own header holds its headline and byline.
      return !inside_article;
    default:
      break;
  }
  if (HasAttribute(element, "hidden")) return true;
  if (absl::EqualsIgnoreCase(ToAbsl(TrimAscii(Attribute(element, "aria-hidden"))), "true")) {
    return true;
  }
  const std::string role = absl::AsciiStrToLower(ToAbsl(TrimAscii(Attribute(element, "role"))));
  if (role == "navigation" || role == "banner" || role == "contentinfo" ||
      role == "complementary" || role == "search") {
    return true;
  }
  if (IsContentContainer(element)) return false;
  return NamesWidget(Attribute(element, "class")) || NamesWidget(Attribute(element, "id"));
}

// Published-date metadata names, highest priority first; compared case-insensitively.
constexpr std::array<std::string_view, 6> kPublishedKeys = {
    "article:published_time", "og:published_time", "datePublished", "pubdate", "date",
    "DC.date.issued"};

std::optional<size_t> PublishedKeyIndex(std::string_view key) {
  key = TrimAscii(key);
  for (size_t i = 0; i < kPublishedKeys.size(); ++i) {
    if (absl::EqualsIgnoreCase(ToAbsl(key), ToAbsl(kPublishedKeys[i]))) return i;
  }
  return std::nullopt;
}

struct Candidate {
  const GumboNode* node;
  size_t text_start;  // survey text counter when the element was entered
  size_t text_bytes;  // non-boilerplate text bytes inside the element
};

// Everything ExtractArticle needs from one pass over the whole document.
struct Survey {
  std::string title;
  std::string og_title;
  std::array<std::string, kPublishedKeys.size()> published;
  std::string language;
  const GumboNode* body = nullptr;
  std::vector<Candidate> articles;
  std::vector<Candidate> mains;
};

// Frame values of the survey walk.
constexpr int kSuppresses = 1;  // boilerplate: text inside is not counted
constexpr int kIsArticle = 2;   // an <article>: headers inside are content
constexpr int kArticleCandidate = 4;
constexpr int kMainCandidate = 8;

void RecordMetadata(const GumboNode& node, const GumboOutput& output, Survey* survey) {
  const GumboElement& element = node.v.element;
  if (&node == output.root) survey->language = std::string(TrimAscii(Attribute(element, "lang")));
  if (element.tag == GUMBO_TAG_BODY && survey->body == nullptr) survey->body = &node;
  if (element.tag == GUMBO_TAG_TITLE && element.tag_namespace == GUMBO_NAMESPACE_HTML &&
      survey->title.empty()) {
    std::string text;
    for (unsigned int i = 0; i < element.children.length; ++i) {
      const auto* child = static_cast<const GumboNode*>(element.children.data[i]);
      if (child->type == GUMBO_NODE_TEXT || child->type == GUMBO_NODE_WHITESPACE) {
        text += child->v.text.text;
      }
    }
    survey->title = CollapseWhitespace(text);
  }
  std::string_view value = TrimAscii(Attribute(element, "content"));
  if (element.tag == GUMBO_TAG_META) {
    for (const char* key_attribute : {"property", "name", "itemprop"}) {
      const std::string_view key = Attribute(element, key_attribute);
      if (key.empty() || value.empty()) continue;
      if (survey->og_title.empty() && absl::EqualsIgnoreCase(ToAbsl(TrimAscii(key)), "og:title")) {
        survey->og_title = CollapseWhitespace(value);
      }
      if (const std::optional<size_t> index = PublishedKeyIndex(key);
          index.has_value() && survey->published[*index].empty()) {
        survey->published[*index] = std::string(value);
      }
    }
    return;
  }
  // Microdata puts datePublished on other elements too, typically <time datetime="...">.
  if (const std::optional<size_t> index = PublishedKeyIndex(Attribute(element, "itemprop"));
      index.has_value() && kPublishedKeys[*index] == "datePublished") {
    if (value.empty()) value = TrimAscii(Attribute(element, "datetime"));
    if (!value.empty() && survey->published[*index].empty()) {
      survey->published[*index] = std::string(value);
    }
  }
}

Survey SurveyDocument(const GumboOutput& output) {
  Survey survey;
  size_t text_counter = 0;  // text bytes seen outside boilerplate so far
  int suppressed = 0;       // boilerplate elements currently open
  int articles_open = 0;
  // Candidates being walked, innermost last, as (is <article>, index into articles or mains):
  // indices, because the candidate vectors grow while their elements are open.
  std::vector<std::pair<bool, size_t>> open_candidate_slots;
  auto enter = [&](const GumboNode* node) -> int {
    switch (node->type) {
      case GUMBO_NODE_DOCUMENT:
        return 0;
      case GUMBO_NODE_TEXT:
      case GUMBO_NODE_CDATA:
        if (suppressed == 0) text_counter += std::strlen(node->v.text.text);
        return -1;
      case GUMBO_NODE_ELEMENT:
      case GUMBO_NODE_TEMPLATE:
        break;
      default:
        return -1;
    }
    RecordMetadata(*node, output, &survey);
    int flags = 0;
    // Boilerplate subtrees are still walked: metadata (e.g. microdata dates) can sit inside them.
    if (IsBoilerplate(*node, articles_open > 0)) {
      flags |= kSuppresses;
      ++suppressed;
    }
    const GumboElement& element = node->v.element;
    if (element.tag == GUMBO_TAG_ARTICLE) {
      flags |= kIsArticle;
      ++articles_open;
    }
    if (suppressed == 0) {
      if (element.tag == GUMBO_TAG_ARTICLE) {
        flags |= kArticleCandidate;
        open_candidate_slots.emplace_back(true, survey.articles.size());
        survey.articles.push_back({node, text_counter, 0});
      } else if (element.tag == GUMBO_TAG_MAIN || HasMainRole(element)) {
        flags |= kMainCandidate;
        open_candidate_slots.emplace_back(false, survey.mains.size());
        survey.mains.push_back({node, text_counter, 0});
      }
    }
    return flags;
  };
  auto exit = [&](const GumboNode*, int flags) {
    if (flags & kSuppresses) --suppressed;
    if (flags & kIsArticle) --articles_open;
    if (flags & (kArticleCandidate | kMainCandidate)) {
      const auto [is_article, index] = open_candidate_slots.back();
      open_candidate_slots.pop_back();
      Candidate& candidate = is_article ? survey.articles[index] : survey.mains[index];
      candidate.text_bytes = text_counter - candidate.text_start;
    }
  };
  Walk(output.document, enter, exit);
  return survey;
}

// The candidate with the most text, or null if none has any; the first one wins ties, which
// makes an outer <article> win over an inner one holding the same text.
const GumboNode* Richest(const std::vector<Candidate>& candidates) {
  const Candidate* best = nullptr;
  for (const Candidate& candidate : candidates) {
    if (candidate.text_bytes > 0 && (best == nullptr || candidate.text_bytes > best->text_bytes)) {
      best = &candidate;
    }
  }
  return best != nullptr ? best->node : nullptr;
}

enum class Layout { kInline, kCell, kLine, kParagraph };

Layout LayoutOf(GumboTag tag) {
  switch (tag) {
    case GUMBO_TAG_P:
    case GUMBO_TAG_H1:
    case GUMBO_TAG_H2:
    case GUMBO_TAG_H3:
    case GUMBO_TAG_H4:
    case GUMBO_TAG_H5:
    case GUMBO_TAG_H6:
    case GUMBO_TAG_BLOCKQUOTE:
    case GUMBO_TAG_PRE:
    case GUMBO_TAG_LISTING:
    case GUMBO_TAG_PLAINTEXT:
    case GUMBO_TAG_XMP:
    case GUMBO_TAG_UL:
    case GUMBO_TAG_OL:
    case GUMBO_TAG_DL:
    case GUMBO_TAG_TABLE:
    case GUMBO_TAG_FIGURE:
    case GUMBO_TAG_HR:
    case GUMBO_TAG_ADDRESS:
    case GUMBO_TAG_DETAILS:
      return Layout::kParagraph;
    case GUMBO_TAG_HTML:
    case GUMBO_TAG_BODY:
    case GUMBO_TAG_DIV:
    case GUMBO_TAG_SECTION:
    case GUMBO_TAG_ARTICLE:
    case GUMBO_TAG_MAIN:
    case GUMBO_TAG_HEADER:
    case GUMBO_TAG_HGROUP:
    case GUMBO_TAG_CENTER:
    case GUMBO_TAG_LI:
    case GUMBO_TAG_DT:
    case GUMBO_TAG_DD:
    case GUMBO_TAG_DIR:
    case GUMBO_TAG_MENU:
    case GUMBO_TAG_TR:
    case GUMBO_TAG_THEAD:
    case GUMBO_TAG_TBODY:
    case GUMBO_TAG_TFOOT:
    case GUMBO_TAG_CAPTION:
    case GUMBO_TAG_FIGCAPTION:
    case GUMBO_TAG_SUMMARY:
    case GUMBO_TAG_FIELDSET:
    case GUMBO_TAG_LEGEND:
    case GUMBO_TAG_BR:
      return Layout::kLine;
    case GUMBO_TAG_TD:
    case GUMBO_TAG_TH:
      return Layout::kCell;
    default:
      return Layout::kInline;
  }
}

bool IsPreformatted(GumboTag tag) {
  return tag == GUMBO_TAG_PRE || tag == GUMBO_TAG_LISTING || tag == GUMBO_TAG_PLAINTEXT ||
         tag == GUMBO_TAG_XMP;
}

void Separate(Layout layout, TextBuilder* builder) {
  switch (layout) {
    case Layout::kInline:
      break;
    case Layout::kCell:
      builder->AddSpace();
      break;
    case Layout::kLine:
      builder->AddBreak(1);
      break;
    case Layout::kParagraph:
      builder->AddBreak(2);
      break;
  }
}

// Frame values of the text walk: the layout in the low bits plus flags.
constexpr int kLayoutMask = 3;
constexpr int kPreformatted = 4;
constexpr int kOpensArticle = 8;

std::string ExtractText(const GumboNode* root) {
  TextBuilder builder;
  int preformatted = 0;
  int articles_open = 0;
  auto enter = [&](const GumboNode* node) -> int {
    switch (node->type) {
      case GUMBO_NODE_DOCUMENT:
        return 0;
      case GUMBO_NODE_TEXT:
      case GUMBO_NODE_CDATA:
      case GUMBO_NODE_WHITESPACE:
        if (preformatted > 0) {
          builder.AddPreformatted(node->v.text.text);
        } else {
          builder.AddText(node->v.text.text);
        }
        return -1;
      case GUMBO_NODE_ELEMENT:
      case GUMBO_NODE_TEMPLATE:
        break;
      default:
        return -1;
    }
    // The root was chosen as content, so only its descendants are judged.
    if (node != root && IsBoilerplate(*node, articles_open > 0)) return -1;
    const GumboTag tag = node->v.element.tag;
    const Layout layout = LayoutOf(tag);
    Separate(layout, &builder);
    int value = static_cast<int>(layout);
    if (IsPreformatted(tag)) {
      value |= kPreformatted;
      ++preformatted;
    }
    if (tag == GUMBO_TAG_ARTICLE) {
      value |= kOpensArticle;
      ++articles_open;
    }
    return value;
  };
  auto exit = [&](const GumboNode*, int value) {
    Separate(static_cast<Layout>(value & kLayoutMask), &builder);
    if (value & kPreformatted) --preformatted;
    if (value & kOpensArticle) --articles_open;
  };
  Walk(root, enter, exit);
  return std::move(builder).Finish();
}

// Replaces each ill-formed UTF-8 sequence of `s` with U+FFFD. Debian's gumbo 0.10.1 decodes a
// numeric character reference of 0x80000000 or more ("&#xEEEEEEEE", found by fuzz/html_fuzzer)
// through an overflowing int and emits stray bytes, in text and attribute values alike; the
// documented promise of UTF-8 output is kept here rather than by second-guessing its tokenizer.
std::string ReplaceIllFormedUtf8(std::string s) {
  std::optional<size_t> bad = text::FindInvalidUtf8(s);
  if (!bad.has_value()) return s;
  std::string out(s, 0, *bad);
  for (size_t pos = *bad; pos < s.size();) {
    char32_t cp = 0;
    const size_t len = text::DecodeUtf8(s, pos, &cp);
    if (len == 0) {
      text::AppendUtf8(0xFFFD, &out);
      ++pos;
    } else {
      out.append(s, pos, len);
      pos += len;
    }
  }
  return out;
}

}  // namespace

absl::StatusOr<HtmlArticle> ExtractArticle(std::string_view html) {
  if (html.size() > kMaxHtmlBytes) {
    return absl::InvalidArgumentError("html: document of " + std::to_string(html.size()) +
                                      " bytes exceeds the 16 MiB limit");
  }
  RETURN_IF_ERROR(text::ValidateUtf8(html, "html"));

  const std::optional<std::string> limited =
      internal::LimitNesting(html, internal::kMaxNestingDepth);
  const std::string_view input = limited.has_value() ? std::string_view(*limited) : html;
  ASSIGN_OR_RETURN(const std::unique_ptr<internal::GumboTree> tree,
                   internal::GumboTree::Parse(input));
  const GumboOutput& output = tree->output();

  const Survey survey = SurveyDocument(output);
  HtmlArticle article;
  article.title = !survey.title.empty() ? survey.title : survey.og_title;
  for (const std::string& published : survey.published) {
    if (!published.empty()) {
      article.published = published;
      break;
    }
  }
  article.language = survey.language;

  const GumboNode* root = Richest(survey.articles);
  if (root == nullptr) root = Richest(survey.mains);
  if (root == nullptr) root = survey.body;
  if (root == nullptr) root = output.root;
  article.text = ExtractText(root);
  for (std::string* field :
       {&article.title, &article.text, &article.published, &article.language}) {
    *field = ReplaceIllFormedUtf8(std::move(*field));
  }
  return article;
}

}  // namespace newsgraph::html
