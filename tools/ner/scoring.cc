#include "tools/ner/scoring.h"

#include <algorithm>
#include <tuple>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/base/status_macros.h"

namespace newsgraph::tools::ner {
namespace {

using SpanKey = std::tuple<size_t, size_t, std::string>;

std::string Row(const std::string& name, const Counts& c) {
  return absl::StrFormat(
      "%-12s precision %6.2f%%  recall %6.2f%%  F1 %6.2f%%  (gold %zu, predicted %zu, correct "
      "%zu)\n",
      name, 100 * c.precision(), 100 * c.recall(), 100 * c.f1(), c.gold, c.predicted, c.correct);
}

}  // namespace

void SpanScores::AddSentence(const std::vector<LabeledSpan>& gold,
                             const std::vector<LabeledSpan>& predicted) {
  std::set<SpanKey> gold_keys;
  for (const LabeledSpan& s : gold) {
    if (gold_keys.insert({s.first, s.last, s.type}).second) ++by_type[s.type].gold;
  }
  std::set<SpanKey> seen;
  for (const LabeledSpan& s : predicted) {
    if (!seen.insert({s.first, s.last, s.type}).second) continue;  // duplicates count once
    Counts& c = by_type[s.type];
    ++c.predicted;
    if (gold_keys.count({s.first, s.last, s.type})) ++c.correct;
  }
}

Counts SpanScores::Overall() const {
  Counts all;
  for (const auto& [type, c] : by_type) all.Add(c);
  return all;
}

Counts SpanScores::Overall(const std::set<std::string>& types) const {
  Counts all;
  for (const auto& [type, c] : by_type) {
    if (types.count(type)) all.Add(c);
  }
  return all;
}

std::string SpanScores::Format() const {
  std::string out;
  for (const auto& [type, c] : by_type) out += Row(type, c);
  const std::set<std::string> core = {"PER", "ORG", "LOC"};
  bool has_other = false;
  for (const auto& [type, c] : by_type) has_other |= core.count(type) == 0;
  if (has_other) out += Row("PER+ORG+LOC", Overall(core));
  out += Row("overall", Overall());
  return out;
}

std::string MarkSpans(const std::vector<std::string>& words,
                      const std::vector<LabeledSpan>& spans) {
  std::string out;
  size_t next = 0;  // the next span that may open
  bool open = false;
  size_t open_last = 0;
  for (size_t i = 0; i < words.size(); ++i) {
    if (i > 0) out.push_back(' ');
    if (!open) {
      // Skip spans that overlap the previous one, are reversed or run past the sentence.
      while (next < spans.size() &&
             (spans[next].first < i || spans[next].last < spans[next].first ||
              spans[next].last >= words.size())) {
        ++next;
      }
      if (next < spans.size() && spans[next].first == i) {
        absl::StrAppend(&out, "[", spans[next].type, " ");
        open = true;
        open_last = spans[next].last;
        ++next;
      }
    }
    out += words[i];
    if (open && open_last == i) {
      out.push_back(']');
      open = false;
    }
  }
  return out;
}

absl::StatusOr<std::vector<std::vector<LabeledSpan>>> TaggerSpanPredictor::Predict(
    const Document& doc) {
  std::vector<std::vector<LabeledSpan>> result;
  std::vector<std::string_view> words;
  for (const Sentence& sentence : doc.sentences) {
    words.assign(sentence.labeled.words.begin(), sentence.labeled.words.end());
    std::vector<LabeledSpan> spans;
    for (const auto& span : tagger_->Tag(words, gazetteer_, {.confidence = false})) {
      spans.push_back(LabeledSpan{span.first_token, span.last_token,
                                  tagger_->types()[static_cast<size_t>(span.type)], ""});
    }
    result.push_back(std::move(spans));
  }
  return result;
}

std::vector<std::vector<LabeledSpan>> ProjectTextSpans(const Document& doc,
                                                       const std::vector<TextMention>& mentions) {
  std::vector<std::vector<LabeledSpan>> result(doc.sentences.size());
  for (size_t s = 0; s < doc.sentences.size(); ++s) {
    const std::vector<TextToken>& tokens = doc.sentences[s].offsets;
    if (tokens.empty()) continue;
    std::vector<LabeledSpan> spans;
    for (const TextMention& m : mentions) {
      if (m.end <= tokens.front().begin || m.begin >= tokens.back().end) continue;
      size_t first = 0;
      while (first < tokens.size() && tokens[first].end <= m.begin) ++first;
      if (first == tokens.size() || tokens[first].begin >= m.end) continue;
      size_t last = first;
      while (last + 1 < tokens.size() && tokens[last + 1].begin < m.end) ++last;
      // A mention that began in an earlier sentence was already counted there.
      if (s > 0 && !doc.sentences[s - 1].offsets.empty() &&
          m.begin < doc.sentences[s - 1].offsets.back().end) {
        continue;
      }
      spans.push_back(LabeledSpan{first, last, m.type, m.id});
    }
    std::sort(spans.begin(), spans.end(), [](const LabeledSpan& a, const LabeledSpan& b) {
      return std::tie(a.first, a.last) < std::tie(b.first, b.last);
    });
    for (const LabeledSpan& span : spans) {
      if (!result[s].empty() && span.first <= result[s].back().last) continue;
      result[s].push_back(span);
    }
  }
  return result;
}

absl::StatusOr<SpanScores> ScoreSpans(const std::vector<Document>& documents,
                                      SpanPredictor& predictor) {
  SpanScores scores;
  for (const Document& doc : documents) {
    ASSIGN_OR_RETURN(const auto predicted, predictor.Predict(doc));
    if (predicted.size() != doc.sentences.size()) {
      return absl::InternalError(absl::StrCat("predictor returned ", predicted.size(),
                                              " sentences for ", doc.sentences.size(), " in ",
                                              doc.name));
    }
    for (size_t s = 0; s < predicted.size(); ++s) {
      scores.AddSentence(doc.sentences[s].labeled.spans, predicted[s]);
    }
  }
  return scores;
}

LinkingScores ScoreLinkPairs(const std::vector<LinkPair>& pairs,
                             const std::map<std::string, std::string>& id_map) {
  LinkingScores scores;
  // Agreement counts between predicted and gold ids, for the one-to-one alignment.
  std::map<std::pair<std::string, std::string>, size_t> agreement;
  for (const LinkPair& p : pairs) {
    if (p.gold.empty()) continue;
    ++scores.mentions;
    if (p.predicted.empty()) continue;
    ++scores.linked;
    auto mapped = id_map.find(p.predicted);
    const std::string& predicted = mapped == id_map.end() ? p.predicted : mapped->second;
    if (predicted == p.gold) ++scores.exact_correct;
    ++agreement[{p.predicted, p.gold}];
  }
  std::vector<std::pair<size_t, std::pair<std::string, std::string>>> ordered;
  for (const auto& [ids, count] : agreement) ordered.push_back({count, ids});
  // Largest agreement first; ties broken by the ids so the result is deterministic.
  std::sort(ordered.begin(), ordered.end(), [](const auto& a, const auto& b) {
    if (a.first != b.first) return a.first > b.first;
    return a.second < b.second;
  });
  std::set<std::string> used_predicted, used_gold;
  for (const auto& [count, ids] : ordered) {
    if (used_predicted.count(ids.first) || used_gold.count(ids.second)) continue;
    used_predicted.insert(ids.first);
    used_gold.insert(ids.second);
    scores.aligned_correct += count;
  }
  return scores;
}

absl::StatusOr<LinkingScores> ScoreLinking(const std::vector<Document>& documents,
                                           EntityIdPredictor& predictor,
                                           const std::map<std::string, std::string>& id_map) {
  std::vector<LinkPair> pairs;
  for (const Document& doc : documents) {
    for (const Sentence& sentence : doc.sentences) {
      for (const LabeledSpan& span : sentence.labeled.spans) {
        if (span.id.empty()) continue;
        ASSIGN_OR_RETURN(std::string predicted, predictor.PredictId(doc, sentence, span));
        pairs.push_back(LinkPair{span.id, std::move(predicted)});
      }
    }
  }
  return ScoreLinkPairs(pairs, id_map);
}

}  // namespace newsgraph::tools::ner
