#include "services/query/core/snippets.h"

#include <algorithm>
#include <string>
#include <utility>
#include <vector>

#include "common/base/status_macros.h"
#include "common/text/segmenter.h"

namespace newsgraph::query {
namespace {

// Words of context shown before the first highlight of the chosen window.
constexpr size_t kLeadWords = 6;
constexpr std::string_view kEllipsis = "…";

// UTF-16 code units in text[0, byte_offset), counted from a previous (offset, units) pair so
// that a sorted series of offsets costs one pass.
size_t Utf16Units(std::string_view text, size_t from_byte, size_t from_units, size_t byte_offset) {
  size_t units = from_units;
  for (size_t i = from_byte; i < byte_offset && i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    if ((c & 0xC0) == 0x80) continue;  // continuation byte
    units += c >= 0xF0 ? 2 : 1;        // 4-byte sequences are surrogate pairs
  }
  return units;
}

void AppendEscaped(std::string* out, std::string_view text) {
  for (char c : text) {
    switch (c) {
      case '&':
        *out += "&amp;";
        break;
      case '<':
        *out += "&lt;";
        break;
      case '>':
        *out += "&gt;";
        break;
      case '"':
        *out += "&quot;";
        break;
      default:
        out->push_back(c);
    }
  }
}

}  // namespace

std::vector<MarkRange> PositionRanges(const std::vector<text::Token>& tokens,
                                      const std::vector<uint32_t>& positions,
                                      uint32_t first_position) {
  std::vector<MarkRange> ranges;
  auto it = std::lower_bound(positions.begin(), positions.end(), first_position);
  for (; it != positions.end(); ++it) {
    const uint64_t index = uint64_t{*it} - first_position;
    if (index >= tokens.size()) break;
    ranges.push_back({tokens[index].begin, tokens[index].end, ""});
  }
  return ranges;
}

std::vector<MarkRange> MergeRanges(
    std::vector<MarkRange> words,
    const google::protobuf::RepeatedPtrField<common::v1::Mention>& mentions,
    const absl::flat_hash_set<std::string>& entity_ids, size_t text_size) {
  std::vector<MarkRange> all = std::move(words);
  for (const common::v1::Mention& mention : mentions) {
    if (mention.begin() < mention.end() && mention.end() <= text_size &&
        entity_ids.contains(mention.entity_id())) {
      all.push_back({mention.begin(), mention.end(), mention.entity_id()});
    }
  }
  // Entity mentions first among equal starts, so they absorb the words they cover.
  std::sort(all.begin(), all.end(), [](const MarkRange& a, const MarkRange& b) {
    if (a.begin != b.begin) return a.begin < b.begin;
    return !a.entity_id.empty() && b.entity_id.empty();
  });
  std::vector<MarkRange> merged;
  for (MarkRange& range : all) {
    if (!merged.empty() && range.begin < merged.back().end) {
      // Overlap: an entity mention wins over words; otherwise the first range stays.
      if (!range.entity_id.empty() && merged.back().entity_id.empty()) {
        while (!merged.empty() && merged.back().end > range.begin &&
               merged.back().entity_id.empty()) {
          merged.pop_back();
        }
        if (merged.empty() || merged.back().end <= range.begin) merged.push_back(std::move(range));
      }
      continue;
    }
    merged.push_back(std::move(range));
  }
  return merged;
}

size_t SnippetWordLimit(const std::vector<uint32_t>& indices, size_t max_words) {
  // MakeSnippet's choice, in word indexes: the first anchor whose window holds the most words.
  size_t best_start = 0, best_count = 0;
  size_t end = 0;  // first index past the current window
  for (size_t r = 0; r < indices.size(); ++r) {
    const size_t start = indices[r] > kLeadWords ? indices[r] - kLeadWords : 0;
    const size_t last = start + max_words - 1;
    end = std::max(end, r);
    while (end < indices.size() && indices[end] <= last) ++end;
    if (end - r > best_count) {
      best_count = end - r;
      best_start = start;
    }
  }
  // + 2: one word past the window, so MakeSnippet sees the text goes on (and cuts with "…").
  return best_start + max_words + 2;
}

Snippet MakeSnippet(std::string_view body, const std::vector<text::Token>& tokens,
                    const std::vector<MarkRange>& ranges, size_t max_words) {
  Snippet snippet;
  if (tokens.empty() || max_words == 0) return snippet;
  auto token_of = [&tokens](size_t byte) {  // the token containing or following `byte`
    return static_cast<size_t>(
        std::partition_point(tokens.begin(), tokens.end(),
                             [byte](const text::Token& t) { return t.end <= byte; }) -
        tokens.begin());
  };
  // The window starting kLeadWords before some range that covers the most ranges.
  size_t best_start = 0, best_count = 0;
  for (size_t r = 0; r < ranges.size(); ++r) {
    const size_t anchor = std::min(token_of(ranges[r].begin), tokens.size() - 1);
    const size_t start = anchor > kLeadWords ? anchor - kLeadWords : 0;
    const size_t last = std::min(tokens.size(), start + max_words) - 1;
    size_t count = 0;
    for (size_t q = r; q < ranges.size() && ranges[q].end <= tokens[last].end; ++q) ++count;
    if (count > best_count) {
      best_count = count;
      best_start = start;
    }
  }
  const size_t last = std::min(tokens.size(), best_start + max_words) - 1;
  const size_t window_begin = best_start == 0 ? 0 : tokens[best_start].begin;
  size_t window_end = last + 1 == tokens.size() ? body.size() : tokens[last].end;
  while (window_end > window_begin &&
         std::string_view(" \t\r\n").find(body[window_end - 1]) != std::string_view::npos) {
    --window_end;
  }

  const size_t prefix = window_begin > 0 ? kEllipsis.size() : 0;
  if (prefix > 0) snippet.text = std::string(kEllipsis);
  for (char c : body.substr(window_begin, window_end - window_begin)) {
    snippet.text.push_back(c == '\n' || c == '\r' || c == '\t' ? ' ' : c);
  }
  if (window_end < body.size()) snippet.text += kEllipsis;

  std::vector<MarkRange> inside;
  for (const MarkRange& range : ranges) {
    const size_t begin = std::max(range.begin, window_begin);
    const size_t end = std::min(range.end, window_end);
    if (begin >= end) continue;
    inside.push_back({begin - window_begin + prefix, end - window_begin + prefix, range.entity_id});
  }
  snippet.highlights = ToHighlights(snippet.text, inside);
  snippet.html = MarkHtml(snippet.text, inside);
  return snippet;
}

std::vector<v1::Highlight> ToHighlights(std::string_view text,
                                        const std::vector<MarkRange>& ranges) {
  std::vector<v1::Highlight> highlights;
  size_t byte = 0, units = 0;
  for (const MarkRange& range : ranges) {
    v1::Highlight highlight;
    highlight.set_begin(static_cast<uint32_t>(range.begin));
    highlight.set_end(static_cast<uint32_t>(range.end));
    units = Utf16Units(text, byte, units, range.begin);
    highlight.set_utf16_begin(static_cast<uint32_t>(units));
    units = Utf16Units(text, range.begin, units, range.end);
    highlight.set_utf16_end(static_cast<uint32_t>(units));
    byte = range.end;
    highlight.set_entity_id(range.entity_id);
    highlights.push_back(std::move(highlight));
  }
  return highlights;
}

std::string MarkHtml(std::string_view text, const std::vector<MarkRange>& ranges) {
  std::string html;
  size_t at = 0;
  for (const MarkRange& range : ranges) {
    AppendEscaped(&html, text.substr(at, range.begin - at));
    html += "<mark>";
    AppendEscaped(&html, text.substr(range.begin, range.end - range.begin));
    html += "</mark>";
    at = range.end;
  }
  AppendEscaped(&html, text.substr(std::min(at, text.size())));
  return html;
}

}  // namespace newsgraph::query
