// Evaluates a parsed query (query_parser.h) and/or a set of entities against the search index:
// which documents match, and for each the weighted frequency of every positive leaf (a word, a
// phrase, an entity) from which BM25 scores are computed once document lengths are known.
//
// Matching. Each word of the query goes through common/analysis AnalyzeQuery, the same analysis
// as the indexed text, and matches a document word whose exact (folded) term is equal or which
// shares a stem key. A word's postings are the union of the postings of its exact term and of
// its stem keys; an occurrence found through a stem only counts kStemWeight, a title occurrence
// kTitleWeight. A Term that analysis splits into several words (Chinese "英伟达发布", "Jean-Marie")
// and a Phrase need the words at consecutive positions (as far apart as in the query), exact or
// through a stem. AND intersects, OR unites, NOT excludes; a query word that analysis drops
// entirely ("–") is ignored as if it was not typed.
//
// Negation algebra: every node evaluates to a document set or to the complement of one, so
// "a (b OR -c)" works: OR(P, NOT N) = NOT(N \ P). Documents that match such an OR through the
// complement only contribute no score of their own.
#ifndef NEWSGRAPH_SERVICES_QUERY_CORE_EVALUATOR_H_
#define NEWSGRAPH_SERVICES_QUERY_CORE_EVALUATOR_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/container/inlined_vector.h"
#include "absl/status/statusor.h"
#include "common/store/postings.h"
#include "common/store/store.h"
#include "services/query/core/query_parser.h"

namespace newsgraph::query {

// Ranking constants (BM25 with k1 = 1.2, b = 0.75).
inline constexpr double kTitleWeight = 2.0;  // a title occurrence counts as two body ones
inline constexpr double kStemWeight = 0.5;   // a match through a stem only, not the exact form

// A positive leaf's weighted frequency in one document.
struct LeafHit {
  uint16_t leaf;  // index into Evaluation::leaf_idf
  float frequency;
};

struct Match {
  uint64_t doc_id;
  absl::InlinedVector<LeafHit, 4> hits;
};

// One query word's postings: the union of its exact term's and its stem keys' postings (keys
// that found nothing dropped), each position exact or not (found only through a stem key). The
// keys' positions stay encoded: a document found through one key is ranked by its counts, and
// positions are decoded (and merged across keys) only where needed — documents found through
// several keys, phrases, highlights.
struct WordPostings {
  std::vector<uint64_t> doc_ids;  // ascending
  // The keys' postings; `exact_key` says whether keys[k] is the exact term.
  std::vector<store::PostingCounts> keys;
  std::vector<uint8_t> exact_key;
  // Document i is entry refs[r].entry of keys[refs[r].key] for r in [ref_offsets[i],
  // ref_offsets[i + 1]).
  struct Ref {
    uint32_t key;
    uint32_t entry;
  };
  std::vector<Ref> refs;
  std::vector<uint32_t> ref_offsets = {0};

  // Document i's weighted frequency: kTitleWeight per title position, 1 per body position, each
  // times kStemWeight unless exact (a position found through several keys counts once, exact if
  // any key is the exact term). DataLoss when stored positions do not decode.
  absl::StatusOr<double> Frequency(size_t i) const;
  // Replaces *positions and *exact with document i's positions (ascending, distinct) and their
  // exact flags. DataLoss when stored positions do not decode.
  absl::Status Positions(size_t i, std::vector<uint32_t>* positions,
                         std::vector<uint8_t>* exact) const;
};

struct Evaluation {
  // Matching documents, ascending by doc id.
  std::vector<Match> matches;
  // Inverse document frequency of each positive leaf (words, phrases, entities).
  std::vector<double> leaf_idf;
  // The postings of every word outside a NOT: where snippets highlight (HighlightPositions).
  std::vector<WordPostings> highlight_words;
};

// The positions (ascending, distinct; title words below store::kBodyPositionBase) at which any
// word of evaluation.highlight_words occurs in document `doc_id`; empty when none does.
// DataLoss when stored positions do not decode.
absl::StatusOr<std::vector<uint32_t>> HighlightPositions(const Evaluation& evaluation,
                                                         uint64_t doc_id);

struct EvaluationInput {
  // The parsed text query; nullptr when the request has entities only.
  const QueryNode* query = nullptr;
  // Languages whose stemmers produce the query words' stem keys (AnalyzeQuery).
  std::vector<std::string> languages;
  // Entities the documents must mention: any of them, or all when `all_entities`.
  std::vector<std::string> entity_ids;
  bool all_entities = false;
  // Documents in the index (BM25's N) for the idf of each leaf.
  uint64_t document_count = 0;
  // When not empty: the leaf_idf of an earlier evaluation of the same input (a page token's), used
  // instead of computing idfs from today's document frequencies so that scores do not move
  // between pages. Ignored where it has fewer leaves than the evaluation.
  std::vector<double> pinned_idf;
};

// Evaluates `input` over `db`. Returns the matches (possibly none). Fails with InvalidArgument
// "query: has no searchable term" when analysis leaves no word and there are no entities, and
// "query: has only excluded terms (NOT or -); add a word to search for" when only excluded
// words remain and there are no entities to exclude them from; DataLoss / Internal when the
// index cannot be read; Internal if the stemmer fails.
absl::StatusOr<Evaluation> Evaluate(const store::Store& db, const EvaluationInput& input);

// The BM25 score of `match` in a document of `length` words when documents average
// `average_length` words: the sum over its leaves of idf * f * (k1 + 1) / (f + k1 * norm).
double Bm25Score(const Match& match, const Evaluation& evaluation, double length,
                 double average_length);

}  // namespace newsgraph::query

#endif  // NEWSGRAPH_SERVICES_QUERY_CORE_EVALUATOR_H_
