#include "services/query/core/evaluator.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_join.h"
#include "common/analysis/analyzer.h"
#include "common/base/status_macros.h"
#include "common/store/postings.h"
#include "common/store/records.h"

namespace newsgraph::query {
namespace {

constexpr double kK1 = 1.2;
constexpr double kB = 0.75;

double PositionWeight(uint32_t position, bool exact) {
  return (position < store::kBodyPositionBase ? kTitleWeight : 1.0) * (exact ? 1.0 : kStemWeight);
}

double Idf(uint64_t document_frequency, uint64_t document_count) {
  const double n = static_cast<double>(std::max(document_count, document_frequency));
  const double df = static_cast<double>(document_frequency);
  return std::log(1.0 + (n - df + 0.5) / (df + 0.5));
}

absl::StatusOr<WordPostings> ReadWord(const store::Store& db, const analysis::QueryWord& word) {
  std::vector<store::PostingList> lists;
  ASSIGN_OR_RETURN(lists.emplace_back(), store::ReadPostingList(db, word.exact));
  for (const std::string& stem : word.stems) {
    ASSIGN_OR_RETURN(store::PostingList list, store::ReadPostingList(db, stem));
    // Most stem keys of other languages' stemmers find nothing ("~xuat" for Vietnamese "xuất").
    if (list.size() > 0) lists.push_back(std::move(list));
  }
  WordPostings out;
  if (lists.size() == 1 || (lists[0].size() == 0 && lists.size() == 2)) {
    // One list: nothing to merge. Its positions are all exact, or (only a stem key found) none.
    const bool exact = lists.size() == 1;
    store::PostingList& only = lists.back();
    out.doc_ids = std::move(only.doc_ids);
    out.offsets = std::move(only.offsets);
    out.positions = std::move(only.positions);
    if (!exact) out.exact.assign(out.positions.size(), 0);  // empty would mean all exact
    return out;
  }
  std::vector<size_t> next(lists.size(), 0);
  std::vector<uint32_t> merged;
  std::vector<uint8_t> merged_exact;
  while (true) {
    uint64_t doc = UINT64_MAX;
    for (size_t l = 0; l < lists.size(); ++l) {
      if (next[l] < lists[l].size()) doc = std::min(doc, lists[l].doc_ids[next[l]]);
    }
    if (doc == UINT64_MAX) break;
    // Each list's positions are ascending: merge them list by list, keeping one entry per
    // position, flagged exact when list 0 (the exact term) has it.
    const size_t first = out.positions.size();
    for (size_t l = 0; l < lists.size(); ++l) {
      if (next[l] >= lists[l].size() || lists[l].doc_ids[next[l]] != doc) continue;
      const auto positions = lists[l].PositionsOf(next[l]);
      ++next[l];
      const uint8_t exact = l == 0 ? 1 : 0;
      if (out.positions.size() == first) {
        out.positions.insert(out.positions.end(), positions.begin(), positions.end());
        out.exact.insert(out.exact.end(), positions.size(), exact);
        continue;
      }
      merged.clear();
      merged_exact.clear();
      size_t a = first;
      auto b = positions.begin();
      while (a < out.positions.size() || b != positions.end()) {
        if (b == positions.end() || (a < out.positions.size() && out.positions[a] < *b)) {
          merged.push_back(out.positions[a]);
          merged_exact.push_back(out.exact[a++]);
        } else if (a == out.positions.size() || *b < out.positions[a]) {
          merged.push_back(*b++);
          merged_exact.push_back(exact);
        } else {  // both: one entry, exact if either says so
          merged.push_back(*b++);
          merged_exact.push_back(out.exact[a++] | exact);
        }
      }
      out.positions.resize(first);
      out.exact.resize(first);
      out.positions.insert(out.positions.end(), merged.begin(), merged.end());
      out.exact.insert(out.exact.end(), merged_exact.begin(), merged_exact.end());
    }
    out.doc_ids.push_back(doc);
    out.offsets.push_back(static_cast<uint32_t>(out.positions.size()));
  }
  return out;
}

// A set of matching documents, or (negated) every document except these.
struct Evaluated {
  bool negated = false;
  std::vector<Match> matches;
};

std::vector<Match> Intersect(std::vector<Match> a, const std::vector<Match>& b) {
  std::vector<Match> out;
  for (size_t i = 0, j = 0; i < a.size() && j < b.size();) {
    if (a[i].doc_id < b[j].doc_id) {
      ++i;
    } else if (b[j].doc_id < a[i].doc_id) {
      ++j;
    } else {
      Match match = std::move(a[i]);
      match.hits.insert(match.hits.end(), b[j].hits.begin(), b[j].hits.end());
      out.push_back(std::move(match));
      ++i;
      ++j;
    }
  }
  return out;
}

std::vector<Match> Unite(std::vector<Match> a, const std::vector<Match>& b) {
  std::vector<Match> out;
  out.reserve(std::max(a.size(), b.size()));
  size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    if (j == b.size() || (i < a.size() && a[i].doc_id < b[j].doc_id)) {
      out.push_back(std::move(a[i++]));
    } else if (i == a.size() || b[j].doc_id < a[i].doc_id) {
      out.push_back(b[j++]);
    } else {
      Match match = std::move(a[i++]);
      match.hits.insert(match.hits.end(), b[j].hits.begin(), b[j].hits.end());
      out.push_back(std::move(match));
      ++j;
    }
  }
  return out;
}

std::vector<Match> Subtract(std::vector<Match> a, const std::vector<Match>& b) {
  std::vector<Match> out;
  size_t j = 0;
  for (Match& match : a) {
    while (j < b.size() && b[j].doc_id < match.doc_id) ++j;
    if (j < b.size() && b[j].doc_id == match.doc_id) continue;
    out.push_back(std::move(match));
  }
  return out;
}

class Evaluator {
 public:
  Evaluator(const store::Store& db, const EvaluationInput& input, Evaluation* out)
      : db_(db), input_(input), out_(out) {}

  // nullopt when analysis left nothing of `node` to search for.
  absl::StatusOr<std::optional<Evaluated>> Node(const QueryNode& node, bool negative) {
    switch (node.kind) {
      case QueryNode::Kind::kTerm:
        return Words(node.text, negative);
      case QueryNode::Kind::kPhrase:
        return Words(absl::StrJoin(node.words, " "), negative);
      case QueryNode::Kind::kNot: {
        ASSIGN_OR_RETURN(std::optional<Evaluated> child, Node(node.children[0], !negative));
        if (child) child->negated = !child->negated;
        return child;
      }
      case QueryNode::Kind::kAnd:
      case QueryNode::Kind::kOr: {
        std::vector<Evaluated> children;
        for (const QueryNode& child : node.children) {
          ASSIGN_OR_RETURN(std::optional<Evaluated> evaluated, Node(child, negative));
          if (evaluated) children.push_back(std::move(*evaluated));
        }
        if (children.empty()) return std::nullopt;
        return node.kind == QueryNode::Kind::kAnd ? And(std::move(children))
                                                  : Or(std::move(children));
      }
    }
    return std::nullopt;
  }

  // Entities as leaves: a document's frequency is its mention count.
  absl::StatusOr<Evaluated> Entities() {
    std::optional<std::vector<Match>> combined;
    for (const std::string& entity_id : input_.entity_ids) {
      ASSIGN_OR_RETURN(store::EntityDocuments documents,
                       store::ReadEntityDocuments(db_, entity_id));
      const uint16_t leaf = AddLeaf(documents.documents.size());
      std::vector<Match> matches;
      matches.reserve(documents.documents.size());
      for (const auto& [doc_id, count] : documents.documents) {
        matches.push_back({doc_id, {{leaf, static_cast<float>(count)}}});
      }
      if (!combined) {
        combined = std::move(matches);
      } else {
        combined = input_.all_entities ? Intersect(std::move(*combined), matches)
                                       : Unite(std::move(*combined), matches);
      }
    }
    return Evaluated{false, combined ? std::move(*combined) : std::vector<Match>()};
  }

 private:
  uint16_t AddLeaf(uint64_t document_frequency) {
    return AddLeafIdf(Idf(document_frequency, input_.document_count));
  }

  uint16_t AddLeafIdf(double idf) {
    const size_t leaf = out_->leaf_idf.size();
    out_->leaf_idf.push_back(leaf < input_.pinned_idf.size() ? input_.pinned_idf[leaf] : idf);
    return static_cast<uint16_t>(leaf);
  }

  // A Term or Phrase: one word is a term; several must form a phrase.
  absl::StatusOr<std::optional<Evaluated>> Words(const std::string& text, bool negative) {
    ASSIGN_OR_RETURN(std::vector<analysis::QueryWord> words,
                     analysis::AnalyzeQuery(text, input_.languages));
    if (words.empty()) return std::nullopt;
    std::vector<WordPostings> postings;
    for (const analysis::QueryWord& word : words) {
      ASSIGN_OR_RETURN(postings.emplace_back(), ReadWord(db_, word));
    }
    Evaluated evaluated{false, words.size() == 1 ? Term(postings[0]) : Phrase(words, postings)};
    if (!negative) {
      for (WordPostings& word : postings) out_->highlight_words.push_back(std::move(word));
    }
    return evaluated;
  }

  std::vector<Match> Term(const WordPostings& word) {
    const uint16_t leaf = AddLeaf(word.doc_ids.size());
    std::vector<Match> matches;
    matches.reserve(word.doc_ids.size());
    for (size_t i = 0; i < word.doc_ids.size(); ++i) {
      double frequency = 0;
      if (word.exact.empty()) {
        // All exact: title positions (sorted first) weigh kTitleWeight, the rest 1.
        const auto begin = word.positions.begin() + word.begin(i);
        const auto end = word.positions.begin() + word.end(i);
        const auto title_end = begin == end || *begin >= store::kBodyPositionBase
                                   ? begin
                                   : std::lower_bound(begin, end, store::kBodyPositionBase);
        frequency = kTitleWeight * (title_end - begin) + static_cast<double>(end - title_end);
      } else {
        for (size_t p = word.begin(i); p < word.end(i); ++p) {
          frequency += PositionWeight(word.positions[p], word.IsExact(p));
        }
      }
      matches.push_back({word.doc_ids[i], {{leaf, static_cast<float>(frequency)}}});
    }
    return matches;
  }

  // Documents where the words occur at the same distances as in the query. Its idf is the sum
  // of the words' idfs, so a phrase of rare words outranks one of common words.
  std::vector<Match> Phrase(const std::vector<analysis::QueryWord>& words,
                            const std::vector<WordPostings>& postings) {
    double idf = 0;
    for (const WordPostings& word : postings)
      idf += Idf(word.doc_ids.size(), input_.document_count);
    const uint16_t leaf = AddLeafIdf(idf);

    std::vector<Match> matches;
    std::vector<size_t> cursor(postings.size(), 0);
    const WordPostings& first = postings[0];
    for (size_t i = 0; i < first.doc_ids.size(); ++i) {
      const uint64_t doc = first.doc_ids[i];
      bool everywhere = true;
      for (size_t w = 1; w < postings.size() && everywhere; ++w) {
        const std::vector<uint64_t>& ids = postings[w].doc_ids;
        cursor[w] = std::lower_bound(ids.begin() + cursor[w], ids.end(), doc) - ids.begin();
        everywhere = cursor[w] < ids.size() && ids[cursor[w]] == doc;
      }
      if (!everywhere) continue;
      double frequency = 0;
      for (size_t p = first.begin(i); p < first.end(i); ++p) {
        const uint32_t start = first.positions[p];
        bool exact = first.IsExact(p), found = true;
        for (size_t w = 1; w < postings.size() && found; ++w) {
          const WordPostings& word = postings[w];
          const uint32_t want = start + (words[w].position - words[0].position);
          auto begin = word.positions.begin() + word.begin(cursor[w]);
          auto end = word.positions.begin() + word.end(cursor[w]);
          auto it = std::lower_bound(begin, end, want);
          found = it != end && *it == want;
          if (found) exact = exact && word.IsExact(it - word.positions.begin());
        }
        if (found) frequency += PositionWeight(start, exact);
      }
      if (frequency > 0) matches.push_back({doc, {{leaf, static_cast<float>(frequency)}}});
    }
    return matches;
  }

  static Evaluated And(std::vector<Evaluated> children) {
    std::optional<std::vector<Match>> positive;
    std::vector<Match> excluded;
    for (Evaluated& child : children) {
      if (child.negated) {
        excluded = Unite(std::move(excluded), child.matches);
      } else {
        positive =
            positive ? Intersect(std::move(*positive), child.matches) : std::move(child.matches);
      }
    }
    // NOT a AND NOT b = NOT (a OR b).
    if (!positive) return Evaluated{true, std::move(excluded)};
    return Evaluated{false, Subtract(std::move(*positive), excluded)};
  }

  static Evaluated Or(std::vector<Evaluated> children) {
    std::vector<Match> positive;
    std::optional<std::vector<Match>> negated_common;
    for (Evaluated& child : children) {
      if (child.negated) {
        negated_common = negated_common ? Intersect(std::move(*negated_common), child.matches)
                                        : std::move(child.matches);
      } else {
        positive = Unite(std::move(positive), child.matches);
      }
    }
    if (!negated_common) return Evaluated{false, std::move(positive)};
    // P1 OR ... OR NOT N1 OR ... = NOT ((N1 AND ...) minus (P1 OR ...)).
    return Evaluated{true, Subtract(std::move(*negated_common), positive)};
  }

  const store::Store& db_;
  const EvaluationInput& input_;
  Evaluation* out_;
};

}  // namespace

absl::StatusOr<Evaluation> Evaluate(const store::Store& db, const EvaluationInput& input) {
  Evaluation evaluation;
  Evaluator evaluator(db, input, &evaluation);
  std::optional<Evaluated> text;
  if (input.query != nullptr) {
    ASSIGN_OR_RETURN(text, evaluator.Node(*input.query, /*negative=*/false));
  }
  if (input.entity_ids.empty()) {
    if (!text) return absl::InvalidArgumentError("query: has no searchable term");
    if (text->negated) {
      return absl::InvalidArgumentError(
          "query: has only excluded terms (NOT or -); add a word to search for");
    }
    evaluation.matches = std::move(text->matches);
    return evaluation;
  }
  ASSIGN_OR_RETURN(Evaluated entities, evaluator.Entities());
  if (!text) {
    evaluation.matches = std::move(entities.matches);
  } else if (text->negated) {
    evaluation.matches = Subtract(std::move(entities.matches), text->matches);
  } else {
    evaluation.matches = Intersect(std::move(entities.matches), text->matches);
  }
  return evaluation;
}

std::vector<uint32_t> HighlightPositions(const Evaluation& evaluation, uint64_t doc_id) {
  std::vector<uint32_t> positions;
  for (const WordPostings& word : evaluation.highlight_words) {
    auto it = std::lower_bound(word.doc_ids.begin(), word.doc_ids.end(), doc_id);
    if (it == word.doc_ids.end() || *it != doc_id) continue;
    const size_t i = it - word.doc_ids.begin();
    positions.insert(positions.end(), word.positions.begin() + word.begin(i),
                     word.positions.begin() + word.end(i));
  }
  std::sort(positions.begin(), positions.end());
  positions.erase(std::unique(positions.begin(), positions.end()), positions.end());
  return positions;
}

double Bm25Score(const Match& match, const Evaluation& evaluation, double length,
                 double average_length) {
  const double norm = 1.0 - kB + kB * (average_length > 0 ? length / average_length : 1.0);
  double score = 0;
  for (const LeafHit& hit : match.hits) {
    const double f = hit.frequency;
    score += evaluation.leaf_idf[hit.leaf] * f * (kK1 + 1.0) / (f + kK1 * norm);
  }
  return score;
}

}  // namespace newsgraph::query
