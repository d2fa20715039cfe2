// newsgraph-eval: scores a tagger model on BIO files or SlavicNER directories (precision, recall
// and F1 per type and overall, exact span match as in CoNLL's conlleval). On SlavicNER it can
// also report a linking baseline against the cross-lingual ids. See Usage().
#include <algorithm>
#include <iostream>
#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/text/normalizer.h"
#include "services/extract/core/extractor.h"
#include "services/extract/tagger/tagger.h"
#include "tools/ner/args.h"
#include "tools/ner/corpus.h"
#include "tools/ner/extractor_predictor.h"
#include "tools/ner/scoring.h"
#include "tools/ner/tool_common.h"

namespace newsgraph::tools::ner {
namespace {

namespace tg = extract::tagger;

constexpr char kUsage[] = R"(usage: newsgraph-eval --model MODEL [options] PATH...
       newsgraph-eval --extractor [--models-dir DIR] [options] PATH...

Scores a tagger model, or the whole extractor, on BIO files or SlavicNER directories:
precision, recall and F1 per type, over PER+ORG+LOC and overall; a span counts only with the
same boundaries and type (CoNLL).

  --model FILE             the model to score
  --extractor              score the whole extractor instead (built-in knowledge base, patterns,
                           the tagger models of --models-dir) on each document's text; on
                           SlavicNER also its linking accuracy against the cross-lingual ids
  --models-dir DIR         tagger models for --extractor (default: the repository's
                           services/extract/models; "none": knowledge base and patterns only)
  --kb FILE...             knowledge-base JSONL files or directories, as given to newsgraph-train
  --heldout-fraction F     score only the slice newsgraph-train held out with the same F
  --show-metadata          print what the model was trained on
  --show-errors N          print the first N sentences whose predicted spans differ from gold
  --linking-baseline       SlavicNER: also score a baseline linker (the folded surface form as
                           the id) against the cross-lingual ids
  --format auto|bio|slavicner, --slavicner-langs L..., --map FROM=TO..., --keep-unmapped-types
                           as for newsgraph-train (use the same values as in training)

Exit status: 0 scored, 1 failure, 64 usage error, 65 malformed input or model, 66 a path is absent.
)";

// Links each gold mention to its folded surface form: mentions written the same way share an id.
// A floor for real linkers: it cannot join inflected forms, other scripts or other languages.
class SurfaceIdPredictor : public EntityIdPredictor {
 public:
  absl::StatusOr<std::string> PredictId(const Document& doc, const Sentence& sentence,
                                        const LabeledSpan& gold) override {
    std::string id;
    for (size_t i = gold.first; i <= gold.last; ++i) {
      if (i > gold.first) id.push_back(' ');
      id += text::Fold(sentence.labeled.words[i]);
    }
    return id;
  }
};

int Run(int argc, char** argv) {
  std::vector<OptionSpec> specs = CorpusOptionSpecs();
  specs.push_back({"model", OptionKind::kSingle});
  specs.push_back({"models-dir", OptionKind::kSingle});
  specs.push_back({"heldout-fraction", OptionKind::kSingle});
  specs.push_back({"show-errors", OptionKind::kSingle});
  specs.push_back({"kb", OptionKind::kList});
  specs.push_back({"input", OptionKind::kList});
  for (const char* flag : {"show-metadata", "linking-baseline", "extractor", "help"}) {
    specs.push_back({flag, OptionKind::kFlag});
  }
  auto parsed = ParseArgs(argc, argv, specs);
  if (!parsed.ok()) {
    std::cerr << "newsgraph-eval: " << parsed.status().message() << "\n\n" << kUsage;
    return kExitUsage;
  }
  const ParsedArgs& args = *parsed;
  if (args.Has("help")) {
    std::cout << kUsage;
    return kExitOk;
  }
  std::vector<std::string> inputs = args.positional;
  for (const std::string& p : args.List("input")) inputs.push_back(p);
  double heldout = 0;
  if (args.Has("heldout-fraction") &&
      (!absl::SimpleAtod(args.Get("heldout-fraction"), &heldout) || heldout <= 0 || heldout >= 1)) {
    std::cerr << "newsgraph-eval: --heldout-fraction wants a number in (0, 1)\n";
    return kExitUsage;
  }
  int show_errors = 0;
  if (args.Has("show-errors") &&
      (!absl::SimpleAtoi(args.Get("show-errors"), &show_errors) || show_errors < 0)) {
    std::cerr << "newsgraph-eval: --show-errors wants a count\n";
    return kExitUsage;
  }
  const bool whole_extractor = args.Has("extractor");
  if ((args.Get("model").empty() == !whole_extractor) || inputs.empty()) {
    std::cerr << "newsgraph-eval: need --model or --extractor (one of them) and at least one input";
    if (args.Has("kb") || args.Has("slavicner-langs") || args.Has("map")) {
      // "--kb DIR dev.iob" makes dev.iob a knowledge-base path: list options take every
      // argument up to the next option.
      std::cerr << " (list options such as --kb take every argument up to the next option: "
                   "give the inputs first, or with --input)";
    }
    std::cerr << "\n\n" << kUsage;
    return kExitUsage;
  }
  auto read_options = CorpusOptionsFromArgs(args);
  if (!read_options.ok()) {
    std::cerr << "newsgraph-eval: " << read_options.status().message() << "\n";
    return kExitUsage;
  }
  auto fail = [](const absl::Status& status) {
    std::cerr << "newsgraph-eval: " << status.message() << "\n";
    if (absl::IsNotFound(status)) {
      std::cerr << "(the annotated corpora live outside the repository, in ../shared/data/ner; "
                   "any BIO file of your own works too)\n";
    }
    return ExitCodeFor(status);
  };

  std::unique_ptr<SpanPredictor> predictor;
  std::unique_ptr<extract::Extractor> extractor;
  std::optional<tg::Tagger> tagger;
  std::string kb_summary;
  std::unique_ptr<tg::KbGazetteer> kb;
  if (whole_extractor) {
    extract::ExtractorOptions options;
    options.models_dir = args.Has("models-dir") ? args.Get("models-dir") : NG_MODELS_DIR;
    if (options.models_dir == "none") options.models_dir.clear();
    auto created = extract::Extractor::Create(options);
    if (!created.ok()) return fail(created.status());
    extractor = *std::move(created);
    std::cout << absl::StrFormat("extractor: %zu knowledge-base entities, tagger for [%s]\n",
                                 extractor->entity_count(),
                                 absl::StrJoin(extractor->tagger_languages(), " "));
  } else {
    auto loaded = tg::Tagger::LoadFile(args.Get("model"));
    if (!loaded.ok()) return fail(loaded.status());
    tagger = *std::move(loaded);
    if (args.Has("show-metadata")) std::cout << tagger->model().metadata << "\n";
  }
  if (args.Has("kb") && !whole_extractor) {
    auto loaded = LoadKnowledgeBase(args.List("kb"), &kb_summary);
    if (!loaded.ok()) return fail(loaded.status());
    kb = std::move(*loaded);
  }

  std::vector<Document> kept, heldout_docs;
  CorpusStats stats;
  if (absl::Status s = ReadInputs(inputs, *read_options, heldout, &kept, &heldout_docs, &stats);
      !s.ok()) {
    return fail(s);
  }
  const std::vector<Document>& documents = heldout > 0 ? heldout_docs : kept;
  const CorpusStats scored = ComputeStats(documents);
  std::cout << absl::StrFormat(
      "scoring %zu documents, %zu sentences, %zu tokens, %zu gold spans (%s)\n", scored.documents,
      scored.sentences, scored.tokens, scored.spans, FormatTypeCounts(scored.spans_by_type));
  if (!stats.dropped_by_type.empty()) {
    std::cout << "dropped dataset types: " << FormatTypeCounts(stats.dropped_by_type) << "\n";
  }

  if (whole_extractor) {
    predictor = std::make_unique<ExtractorPredictor>(extractor.get());
  } else {
    predictor = std::make_unique<TaggerSpanPredictor>(&*tagger, kb.get());
  }
  const absl::Time start = absl::Now();
  auto scores = ScoreSpans(documents, *predictor);
  if (!scores.ok()) return fail(scores.status());
  const double seconds = absl::ToDoubleSeconds(absl::Now() - start);
  std::cout << scores->Format();
  std::cout << absl::StrFormat(
      "tagged %zu tokens in %.2f s (%.0f tokens/s%s)\n", scored.tokens, seconds,
      scored.tokens / std::max(seconds, 1e-9),
      whole_extractor ? ", the whole extractor" : ", features and decoding");

  // Per language, when the input mixes several (SlavicNER directories).
  std::map<std::string, std::vector<Document>> by_language;
  for (const Document& doc : documents) {
    if (!doc.language.empty()) by_language[doc.language].push_back(doc);
  }
  if (by_language.size() > 1) {
    const std::set<std::string> core = {"PER", "ORG", "LOC"};
    for (const auto& [language, docs] : by_language) {
      auto language_scores = ScoreSpans(docs, *predictor);
      if (!language_scores.ok()) return fail(language_scores.status());
      const Counts c = language_scores->Overall(core), all = language_scores->Overall();
      std::cout << absl::StrFormat(
          "language %-4s PER+ORG+LOC P %6.2f%%  R %6.2f%%  F1 %6.2f%%   overall F1 %6.2f%%  "
          "(%zu documents, %zu gold spans)\n",
          language, 100 * c.precision(), 100 * c.recall(), 100 * c.f1(), 100 * all.f1(),
          docs.size(), all.gold);
    }
  }

  if (show_errors > 0) {
    int shown = 0;
    for (const Document& doc : documents) {
      if (shown >= show_errors) break;
      auto predicted = predictor->Predict(doc);
      if (!predicted.ok()) return fail(predicted.status());
      for (size_t s = 0; s < doc.sentences.size() && shown < show_errors; ++s) {
        const LabeledSentence& gold = doc.sentences[s].labeled;
        const std::vector<LabeledSpan>& guess = (*predicted)[s];
        const bool same =
            std::equal(gold.spans.begin(), gold.spans.end(), guess.begin(), guess.end(),
                       [](const LabeledSpan& a, const LabeledSpan& b) {  // ids are not predicted
                         return a.first == b.first && a.last == b.last && a.type == b.type;
                       });
        if (same) continue;
        ++shown;
        std::cout << "--- " << doc.name << " sentence " << s + 1
                  << "\ngold: " << MarkSpans(gold.words, gold.spans)
                  << "\npred: " << MarkSpans(gold.words, guess) << "\n";
      }
    }
  }

  if (whole_extractor) {
    auto* linker = static_cast<ExtractorPredictor*>(predictor.get());
    auto linking = ScoreLinking(documents, *linker);
    if (!linking.ok()) return fail(linking.status());
    if (linking->mentions > 0) {
      std::cout << absl::StrFormat(
          "linking: %zu gold mentions with cross-lingual ids, %zu linked (%.2f%%), aligned "
          "accuracy %.2f%%\n",
          linking->mentions, linking->linked, 100.0 * linking->linked / linking->mentions,
          100 * linking->aligned_accuracy());
      for (const auto& [language, docs] : by_language) {
        auto per_language = ScoreLinking(docs, *linker);
        if (!per_language.ok()) return fail(per_language.status());
        std::cout << absl::StrFormat("linking %-4s %6zu mentions, aligned accuracy %6.2f%%\n",
                                     language, per_language->mentions,
                                     100 * per_language->aligned_accuracy());
      }
    }
  }

  if (args.Has("linking-baseline")) {
    SurfaceIdPredictor linker;
    auto linking = ScoreLinking(documents, linker);
    if (!linking.ok()) return fail(linking.status());
    if (linking->mentions == 0) {
      std::cout << "linking: no gold mention has an id (SlavicNER input needed)\n";
    } else {
      std::cout << absl::StrFormat(
          "linking baseline (folded surface form as id): %zu mentions with ids, aligned accuracy "
          "%.2f%%\n",
          linking->mentions, 100 * linking->aligned_accuracy());
    }
  }
  return kExitOk;
}

}  // namespace
}  // namespace newsgraph::tools::ner

int main(int argc, char** argv) { return newsgraph::tools::ner::Run(argc, argv); }
