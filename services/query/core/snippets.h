// Snippets and highlights of search hits: which words of a document matched the query (by the
// same analysis as the index, so "Germanys" highlights "Germany's" and "cong bo" highlights
// "công bố"), the mentions of requested entities ("Макрона", "Μακρόν" for
// ng:person/emmanuel-macron), and a short excerpt around the densest cluster of them, with the
// ranges as byte and UTF-16 offsets and as HTML marks.
#ifndef NEWSGRAPH_SERVICES_QUERY_CORE_SNIPPETS_H_
#define NEWSGRAPH_SERVICES_QUERY_CORE_SNIPPETS_H_

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/status/statusor.h"
#include "common/text/segmenter.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "newsgraph/common/v1/types.pb.h"
#include "newsgraph/query/v1/query_service.pb.h"

namespace newsgraph::query {

// A range of a text to highlight: byte offsets, end exclusive; `entity_id` for an entity mention.
struct MarkRange {
  size_t begin;
  size_t end;
  std::string entity_id;
};

// Returns the ranges of the words `tokens` (text::SegmentWords of a text: word i is at index
// position first_position + i, as analysis numbers them) whose position is in `positions`
// (ascending), in text order. Positions outside the tokens are ignored.
std::vector<MarkRange> PositionRanges(const std::vector<text::Token>& tokens,
                                      const std::vector<uint32_t>& positions,
                                      uint32_t first_position);

// Returns `words` plus the mentions in `mentions` whose entity id is in `entity_ids`, sorted by
// offset and without overlaps (an entity mention absorbs the words inside it). Mentions outside
// [0, text_size] are ignored.
std::vector<MarkRange> MergeRanges(
    std::vector<MarkRange> words,
    const google::protobuf::RepeatedPtrField<common::v1::Mention>& mentions,
    const absl::flat_hash_set<std::string>& entity_ids, size_t text_size);

// How many words of a body MakeSnippet needs when the ranges to highlight are the words at
// `indices` (ascending word indexes, no entity mentions): the window it picks ends within that
// many, so segmenting only so far gives the same snippet. Never less than max_words + 2.
size_t SnippetWordLimit(const std::vector<uint32_t>& indices, size_t max_words);

struct Snippet {
  std::string text;
  std::vector<v1::Highlight> highlights;
  std::string html;
};

// Returns an excerpt of `body` of about `max_words` words around the window holding the most
// `ranges` (sorted, non-overlapping, as from MergeRanges), starting a few words before the first
// of them; the start of the body when there is none. "…" marks a cut, line breaks and tabs become
// spaces, and the highlights are the ranges inside the window, clipped to it, in snippet offsets.
// `tokens` are text::SegmentWords(body).
Snippet MakeSnippet(std::string_view body, const std::vector<text::Token>& tokens,
                    const std::vector<MarkRange>& ranges, size_t max_words);

// `ranges` (sorted, non-overlapping, within `text`) as Highlight messages with UTF-16 offsets.
std::vector<v1::Highlight> ToHighlights(std::string_view text,
                                        const std::vector<MarkRange>& ranges);

// `text` HTML-escaped (& < > ") with every range wrapped in <mark>…</mark>.
std::string MarkHtml(std::string_view text, const std::vector<MarkRange>& ranges);

}  // namespace newsgraph::query

#endif  // NEWSGRAPH_SERVICES_QUERY_CORE_SNIPPETS_H_
