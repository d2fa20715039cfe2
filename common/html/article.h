// Main-text extraction from news pages. Crawled pages carry far more navigation, teasers, share
// bars and cookie banners than article text; indexing that boilerplate would make every article
// of a site match every query about the site's menu. This keeps the article body and the few
// metadata fields the ingest pipeline needs before language detection and segmentation.
#ifndef NEWSGRAPH_COMMON_HTML_ARTICLE_H_
#define NEWSGRAPH_COMMON_HTML_ARTICLE_H_

#include <cstddef>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace newsgraph::html {

// Largest document ExtractArticle accepts.
inline constexpr size_t kMaxHtmlBytes = size_t{16} << 20;

struct HtmlArticle {
  // Text of the first non-empty HTML <title> (not an SVG one), else the og:title meta content;
  // whitespace runs (including U+00A0) collapsed to one space and trimmed.
  std::string title;
  // The main text: whitespace inside a block collapsed to one space; block elements (div, li,
  // tr, br, ...) end a line; paragraphs, headings, lists, tables, blockquotes, figures and pre
  // are separated by a blank line; table cells by a space; <pre> keeps its line breaks. No leading
  // or trailing whitespace. Entities are decoded; U+00A0 becomes a plain space.
  std::string text;
  // Raw content (surrounding whitespace trimmed, otherwise unparsed) of the highest-priority
  // published-date metadata present: the meta property/name/itemprop article:published_time,
  // then og:published_time, datePublished (content, or datetime on e.g. <time>), pubdate, date,
  // DC.date.issued; names compare case-insensitively. "" if none.
  std::string published;
  // The lang attribute of <html>, trimmed; "" if absent.
  std::string language;
};

// Parses `html` (UTF-8) with gumbo and extracts the article.
//
// The main text comes from the non-boilerplate <article> with the most text; if there is none
// (or all are empty), from the <main> / role="main" element with the most text; otherwise from
// <body> (or the whole document when it has no body). Boilerplate subtrees are skipped anywhere:
// script, style, noscript, template, nav, footer, aside, form, iframe, svg, button, select,
// textarea, object, canvas, audio, video, <title>; <header> unless it is inside an <article>
// (where it holds the headline); elements with the hidden attribute, aria-hidden="true", or role
// navigation/banner/contentinfo/complementary/search; and elements whose class or id contains a
// word naming a share/social/comment/menu/cookie widget ("share-buttons", "socialBar",
// "comment-list", "main-menu", "cookie-consent"; words split at punctuation and camelCase). The
// class/id rule never drops <html>, <body>, <article>, <main> or role="main", so a body class
// such as "has-comments" cannot blank the page.
//
// Never crashes or recurses on malformed or deeply nested markup: start tags nested more than
// 256 elements deep are dropped (their text is kept), and the tree is walked iteratively.
// Returns InvalidArgument "html: invalid UTF-8 at byte offset N" for ill-formed UTF-8 and
// InvalidArgument when `html` is larger than kMaxHtmlBytes; ResourceExhausted if gumbo exceeds
// its parse budget (5 s CPU or 1 GiB) on pathological markup. Thread-safe.
absl::StatusOr<HtmlArticle> ExtractArticle(std::string_view html);

}  // namespace newsgraph::html

#endif  // NEWSGRAPH_COMMON_HTML_ARTICLE_H_
