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
  WordPostings out;
  ASSIGN_OR_RETURN(out.keys.emplace_back(), store::ReadPostingCounts(db, word.exact));
  out.exact_key.push_back(1);
  for (const std::string& stem : word.stems) {
    ASSIGN_OR_RETURN(store::PostingCounts list, store::ReadPostingCounts(db, stem));
    // Most stem keys of other languages' stemmers find nothing ("~xuat" for Vietnamese "xuất").
    if (list.size() == 0) continue;
    out.keys.push_back(std::move(list));
    out.exact_key.push_back(0);
  }
  if (out.keys.size() == 1) {  // no merging: every document is one entry of the exact term's
    const store::PostingCounts& only = out.keys[0];
    out.doc_ids = only.doc_ids;
    out.refs.reserve(only.size());
    out.ref_offsets.reserve(only.size() + 1);
    for (uint32_t e = 0; e < only.size(); ++e) {
      out.refs.push_back({0, e});
      out.ref_offsets.push_back(e + 1);
    }
    return out;
  }
  std::vector<uint32_t> next(out.keys.size(), 0);
  while (true) {
    uint64_t doc = UINT64_MAX;
    for (size_t k = 0; k < out.keys.size(); ++k) {
      if (next[k] < out.keys[k].size()) doc = std::min(doc, out.keys[k].doc_ids[next[k]]);
    }
    if (doc == UINT64_MAX) break;
    for (size_t k = 0; k < out.keys.size(); ++k) {
      if (next[k] < out.keys[k].size() && out.keys[k].doc_ids[next[k]] == doc) {
        out.refs.push_back({static_cast<uint32_t>(k), next[k]++});
      }
    }
    out.doc_ids.push_back(doc);
    out.ref_offsets.push_back(static_cast<uint32_t>(out.refs.size()));
  }
  return out;
}

// A set of matching documents, or (negated) every document except these.
struct Evaluated {
  bool negated = false;
  std::vector<Match> matches;
};

// Compacts `a` in place (no new vector of tens of thousands of matches per AND).
std::vector<Match> Intersect(std::vector<Match> a, const std::vector<Match>& b) {
  size_t kept = 0;
  for (size_t i = 0, j = 0; i < a.size() && j < b.size();) {
    if (a[i].doc_id < b[j].doc_id) {
      ++i;
    } else if (b[j].doc_id < a[i].doc_id) {
      ++j;
    } else {
      if (kept != i) a[kept] = std::move(a[i]);
      a[kept].hits.insert(a[kept].hits.end(), b[j].hits.begin(), b[j].hits.end());
      ++kept;
      ++i;
      ++j;
    }
  }
  a.erase(a.begin() + kept, a.end());
  return a;
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
  size_t kept = 0, j = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    while (j < b.size() && b[j].doc_id < a[i].doc_id) ++j;
    if (j < b.size() && b[j].doc_id == a[i].doc_id) continue;
    if (kept != i) a[kept] = std::move(a[i]);
    ++kept;
  }
  a.erase(a.begin() + kept, a.end());
  return a;
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
        // The single words of an AND are intersected together before any match is built: a
        // match per document of each common word cost more than reading the words.
        std::vector<TermLeaf> terms;
        const bool fuse = node.kind == QueryNode::Kind::kAnd && !negative;
        for (const QueryNode& child : node.children) {
          if (fuse && child.kind == QueryNode::Kind::kTerm) {
            ASSIGN_OR_RETURN(ReadText read, Read(child.text));
            if (read.words.size() == 1) {
              terms.push_back(
                  {AddLeaf(read.postings[0].doc_ids.size()), out_->highlight_words.size()});
              out_->highlight_words.push_back(std::move(read.postings[0]));
              continue;
            }
          }
          ASSIGN_OR_RETURN(std::optional<Evaluated> evaluated, Node(child, negative));
          if (evaluated) children.push_back(std::move(*evaluated));
        }
        if (!terms.empty()) {
          ASSIGN_OR_RETURN(std::vector<Match> matches, IntersectTerms(terms));
          children.push_back(Evaluated{false, std::move(matches)});
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

  // The words of a Term or Phrase after analysis, and their postings.
  struct ReadText {
    std::vector<analysis::QueryWord> words;
    std::vector<WordPostings> postings;
  };
  absl::StatusOr<ReadText> Read(const std::string& text) {
    ReadText read;
    ASSIGN_OR_RETURN(read.words, analysis::AnalyzeQuery(text, input_.languages));
    for (const analysis::QueryWord& word : read.words) {
      ASSIGN_OR_RETURN(read.postings.emplace_back(), ReadWord(db_, word));
    }
    return read;
  }

  // A single word of an AND: its leaf and its postings (out_->highlight_words[word]).
  struct TermLeaf {
    uint16_t leaf;
    size_t word;
  };

  // The documents having every word of `terms`, each with one hit per word: the word with the
  // fewest documents drives, the others are searched ahead of their cursors.
  absl::StatusOr<std::vector<Match>> IntersectTerms(std::vector<TermLeaf> terms) {
    auto postings = [this](const TermLeaf& term) -> const WordPostings& {
      return out_->highlight_words[term.word];
    };
    std::stable_sort(terms.begin(), terms.end(), [&](const TermLeaf& a, const TermLeaf& b) {
      return postings(a).doc_ids.size() < postings(b).doc_ids.size();
    });
    const std::vector<uint64_t>& driver = postings(terms[0]).doc_ids;
    std::vector<size_t> cursor(terms.size(), 0);
    std::vector<Match> matches;
    for (size_t i = 0; i < driver.size(); ++i) {
      const uint64_t doc = driver[i];
      cursor[0] = i;
      bool everywhere = true;
      for (size_t t = 1; t < terms.size() && everywhere; ++t) {
        const std::vector<uint64_t>& ids = postings(terms[t]).doc_ids;
        cursor[t] = std::lower_bound(ids.begin() + cursor[t], ids.end(), doc) - ids.begin();
        everywhere = cursor[t] < ids.size() && ids[cursor[t]] == doc;
      }
      if (!everywhere) continue;
      Match& match = matches.emplace_back();
      match.doc_id = doc;
      for (size_t t = 0; t < terms.size(); ++t) {
        ASSIGN_OR_RETURN(const double frequency, postings(terms[t]).Frequency(cursor[t]));
        match.hits.push_back({terms[t].leaf, static_cast<float>(frequency)});
      }
    }
    return matches;
  }

  // A Term or Phrase: one word is a term; several must form a phrase.
  absl::StatusOr<std::optional<Evaluated>> Words(const std::string& text, bool negative) {
    ASSIGN_OR_RETURN(ReadText read, Read(text));
    std::vector<analysis::QueryWord>& words = read.words;
    std::vector<WordPostings>& postings = read.postings;
    if (words.empty()) return std::nullopt;
    Evaluated evaluated{false, {}};
    if (words.size() == 1) {
      ASSIGN_OR_RETURN(evaluated.matches, Term(postings[0]));
    } else {
      ASSIGN_OR_RETURN(evaluated.matches, Phrase(words, postings));
    }
    if (!negative) {
      for (WordPostings& word : postings) out_->highlight_words.push_back(std::move(word));
    }
    return evaluated;
  }

  absl::StatusOr<std::vector<Match>> Term(const WordPostings& word) {
    const uint16_t leaf = AddLeaf(word.doc_ids.size());
    std::vector<Match> matches;
    matches.reserve(word.doc_ids.size());
    for (size_t i = 0; i < word.doc_ids.size(); ++i) {
      ASSIGN_OR_RETURN(const double frequency, word.Frequency(i));
      matches.push_back({word.doc_ids[i], {{leaf, static_cast<float>(frequency)}}});
    }
    return matches;
  }

  // Documents where the words occur at the same distances as in the query. Its idf is the sum
  // of the words' idfs, so a phrase of rare words outranks one of common words.
  absl::StatusOr<std::vector<Match>> Phrase(const std::vector<analysis::QueryWord>& words,
                                            const std::vector<WordPostings>& postings) {
    double idf = 0;
    for (const WordPostings& word : postings)
      idf += Idf(word.doc_ids.size(), input_.document_count);
    const uint16_t leaf = AddLeafIdf(idf);

    std::vector<Match> matches;
    std::vector<size_t> cursor(postings.size(), 0);
    // Positions of the current document, per word; decoded only where every word occurs.
    std::vector<std::vector<uint32_t>> positions(postings.size());
    std::vector<std::vector<uint8_t>> exacts(postings.size());
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
      cursor[0] = i;
      for (size_t w = 0; w < postings.size(); ++w) {
        RETURN_IF_ERROR(postings[w].Positions(cursor[w], &positions[w], &exacts[w]));
      }
      double frequency = 0;
      for (size_t p = 0; p < positions[0].size(); ++p) {
        const uint32_t start = positions[0][p];
        bool exact = exacts[0][p] != 0, found = true;
        for (size_t w = 1; w < postings.size() && found; ++w) {
          const uint32_t want = start + (words[w].position - words[0].position);
          auto it = std::lower_bound(positions[w].begin(), positions[w].end(), want);
          found = it != positions[w].end() && *it == want;
          if (found) exact = exact && exacts[w][it - positions[w].begin()] != 0;
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

absl::StatusOr<double> WordPostings::Frequency(size_t i) const {
  if (ref_offsets[i + 1] - ref_offsets[i] == 1) {  // one key: its counts say it all
    const Ref ref = refs[ref_offsets[i]];
    const store::PostingCounts& key = keys[ref.key];
    const double title = key.title_counts[ref.entry];
    const double body = key.counts[ref.entry] - title;
    return (kTitleWeight * title + body) * (exact_key[ref.key] ? 1.0 : kStemWeight);
  }
  std::vector<uint32_t> positions;
  std::vector<uint8_t> exact;
  RETURN_IF_ERROR(Positions(i, &positions, &exact));
  double frequency = 0;
  for (size_t p = 0; p < positions.size(); ++p) {
    frequency += PositionWeight(positions[p], exact[p] != 0);
  }
  return frequency;
}

absl::Status WordPostings::Positions(size_t i, std::vector<uint32_t>* positions,
                                     std::vector<uint8_t>* exact) const {
  positions->clear();
  exact->clear();
  std::vector<uint32_t> more, merged;
  std::vector<uint8_t> merged_exact;
  for (uint32_t r = ref_offsets[i]; r < ref_offsets[i + 1]; ++r) {
    const uint8_t is_exact = exact_key[refs[r].key];
    more.clear();
    RETURN_IF_ERROR(keys[refs[r].key].DecodePositions(refs[r].entry, &more));
    if (positions->empty()) {
      *positions = more;
      exact->assign(more.size(), is_exact);
      continue;
    }
    // Both ascending: merge, one entry per position, exact if either key says so.
    merged.clear();
    merged_exact.clear();
    size_t a = 0, b = 0;
    while (a < positions->size() || b < more.size()) {
      if (b == more.size() || (a < positions->size() && (*positions)[a] < more[b])) {
        merged.push_back((*positions)[a]);
        merged_exact.push_back((*exact)[a++]);
      } else if (a == positions->size() || more[b] < (*positions)[a]) {
        merged.push_back(more[b++]);
        merged_exact.push_back(is_exact);
      } else {
        merged.push_back(more[b++]);
        merged_exact.push_back((*exact)[a++] | is_exact);
      }
    }
    positions->swap(merged);
    exact->swap(merged_exact);
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<uint32_t>> HighlightPositions(const Evaluation& evaluation,
                                                         uint64_t doc_id) {
  std::vector<uint32_t> positions, word_positions;
  std::vector<uint8_t> exact;
  for (const WordPostings& word : evaluation.highlight_words) {
    auto it = std::lower_bound(word.doc_ids.begin(), word.doc_ids.end(), doc_id);
    if (it == word.doc_ids.end() || *it != doc_id) continue;
    RETURN_IF_ERROR(word.Positions(it - word.doc_ids.begin(), &word_positions, &exact));
    positions.insert(positions.end(), word_positions.begin(), word_positions.end());
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
