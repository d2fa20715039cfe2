// CoNLL-style scoring of entity spans and SlavicNER linking accuracy, with the thing being scored
// behind an interface: the statistical tagger alone (TaggerSpanPredictor) or, later, the whole
// extractor (KB matcher + patterns + tagger), which predicts on a document's text and maps its
// byte ranges back to tokens with ProjectTextSpans.
#ifndef NEWSGRAPH_TOOLS_NER_SCORING_H_
#define NEWSGRAPH_TOOLS_NER_SCORING_H_

#include <cstddef>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "services/extract/tagger/gazetteer_features.h"
#include "services/extract/tagger/tagger.h"
#include "tools/ner/corpus.h"

namespace newsgraph::tools::ner {

struct Counts {
  size_t gold = 0;
  size_t predicted = 0;
  size_t correct = 0;

  double precision() const { return predicted == 0 ? 0 : static_cast<double>(correct) / predicted; }
  double recall() const { return gold == 0 ? 0 : static_cast<double>(correct) / gold; }
  double f1() const {
    const double p = precision(), r = recall();
    return p + r == 0 ? 0 : 2 * p * r / (p + r);
  }
  void Add(const Counts& o) {
    gold += o.gold;
    predicted += o.predicted;
    correct += o.correct;
  }
};

// Exact-match span scores: a predicted span is correct only with the same first token, last token
// and type as a gold span (CoNLL-2003 conlleval). Micro-averaged overall.
struct SpanScores {
  std::map<std::string, Counts> by_type;

  // Adds one sentence. Spans are over the same tokens; ids are ignored.
  void AddSentence(const std::vector<LabeledSpan>& gold, const std::vector<LabeledSpan>& predicted);
  // Micro average over all types, or only over `types` (e.g. {"PER", "ORG", "LOC"}).
  Counts Overall() const;
  Counts Overall(const std::set<std::string>& types) const;
  // A conlleval-like table: one line per type and the overall lines, percentages.
  std::string Format() const;
};

// The sentence with its spans in brackets, for error listings: "[PER Тарас Шевченко] приїхав до
// [LOC Києва] .". Spans must be sorted and non-overlapping over `words` (others are skipped).
std::string MarkSpans(const std::vector<std::string>& words, const std::vector<LabeledSpan>& spans);

// Something that finds entity spans in a document: the tagger, or the whole extractor.
class SpanPredictor {
 public:
  virtual ~SpanPredictor() = default;
  // Returns one span list per sentence of `doc` (same count, same order), over that sentence's
  // tokens, with model type names. Errors abort the evaluation.
  virtual absl::StatusOr<std::vector<std::vector<LabeledSpan>>> Predict(const Document& doc) = 0;
};

// Scores the statistical tagger on the corpus's own tokens (no re-tokenization), as trained.
class TaggerSpanPredictor : public SpanPredictor {
 public:
  // `tagger` and `gazetteer` (may be null) must outlive this object.
  TaggerSpanPredictor(const extract::tagger::Tagger* tagger,
                      const extract::tagger::GazetteerFeatures* gazetteer)
      : tagger_(tagger), gazetteer_(gazetteer) {}
  absl::StatusOr<std::vector<std::vector<LabeledSpan>>> Predict(const Document& doc) override;

 private:
  const extract::tagger::Tagger* tagger_;
  const extract::tagger::GazetteerFeatures* gazetteer_;
};

// A predicted entity as a byte range of Document::text (how a text-based predictor answers).
struct TextMention {
  size_t begin = 0;
  size_t end = 0;
  std::string type;
  std::string id;
};

// Maps byte-range mentions onto each sentence's tokens: a mention becomes the tokens it overlaps
// within one sentence (a mention that spans sentences is cut at the first one), then overlapping
// spans are resolved by keeping the earlier. Never fails.
std::vector<std::vector<LabeledSpan>> ProjectTextSpans(const Document& doc,
                                                       const std::vector<TextMention>& mentions);

// Runs `predictor` over every document and scores its spans against the gold ones.
absl::StatusOr<SpanScores> ScoreSpans(const std::vector<Document>& documents,
                                      SpanPredictor& predictor);

// --- Linking accuracy (SlavicNER cross-lingual ids) ---

// Gives the entity id a system links one gold mention to ("" when it does not link it). The ids
// may live in another namespace than the gold ones (KB ids vs "PER-Theresa-May").
class EntityIdPredictor {
 public:
  virtual ~EntityIdPredictor() = default;
  virtual absl::StatusOr<std::string> PredictId(const Document& doc, const Sentence& sentence,
                                                const LabeledSpan& gold) = 0;
};

struct LinkingScores {
  size_t mentions = 0;  // gold mentions with an id
  size_t linked = 0;    // of those, how many got a non-empty predicted id
  // Predicted id equal to the gold id (after the id mapping given to ScoreLinking, if any).
  size_t exact_correct = 0;
  // Predicted ids aligned one-to-one with gold ids (greedily, largest agreement first), so that
  // namespaces need not match: a mention counts when its predicted id is aligned to its gold id.
  size_t aligned_correct = 0;

  double exact_accuracy() const { return mentions == 0 ? 0 : double(exact_correct) / mentions; }
  double aligned_accuracy() const { return mentions == 0 ? 0 : double(aligned_correct) / mentions; }
};

// One gold mention's ids.
struct LinkPair {
  std::string gold;
  std::string predicted;
};

// Scores pairs: pairs with an empty gold id are skipped, an empty predicted id is never correct.
// `id_map` maps predicted ids to gold ids for the exact score (ids not in it compare as they are).
LinkingScores ScoreLinkPairs(const std::vector<LinkPair>& pairs,
                             const std::map<std::string, std::string>& id_map = {});

// Asks `predictor` for every gold mention with an id and scores the answers (ScoreLinkPairs).
absl::StatusOr<LinkingScores> ScoreLinking(const std::vector<Document>& documents,
                                           EntityIdPredictor& predictor,
                                           const std::map<std::string, std::string>& id_map = {});

}  // namespace newsgraph::tools::ner

#endif  // NEWSGRAPH_TOOLS_NER_SCORING_H_
