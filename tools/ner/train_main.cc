// newsgraph-train: trains a tagger model (services/extract/tagger) on BIO files and/or SlavicNER
// directories, optionally with knowledge-base features, scoring each epoch on dev data and keeping
// the best epoch. See Usage() and services/extract/models/README.md.
#include <algorithm>
#include <iostream>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "services/extract/tagger/tagger.h"
#include "services/extract/tagger/trainer.h"
#include "tools/ner/args.h"
#include "tools/ner/corpus.h"
#include "tools/ner/scoring.h"
#include "tools/ner/tool_common.h"

namespace newsgraph::tools::ner {
namespace {

namespace tg = extract::tagger;

constexpr char kUsage[] = R"(usage: newsgraph-train --out MODEL [options] --train PATH...
       newsgraph-train PATH... --out MODEL [options]

Trains a statistical NER tagger (structured averaged perceptron, BIO tags, hashed features).
PATH is a BIO file ("token TAG" per line, blank line between sentences; IOB1/IOB2/BIOES) or a
SlavicNER directory (raw/ and ner/ subdirectories).

  --out FILE               model file to write (required)
  --train PATH...          training inputs (or give them before the first option)
  --dev PATH...            dev inputs: scored after every epoch, the best epoch is kept
  --heldout-fraction F     hold out an evenly spread fraction F of each training input's documents
                           (BIO: blocks of 50 sentences) and add it to the dev data (default 0)
  --extra-train PATH...    more training inputs, used whole: nothing is held out from them, so
                           the dev data stays the held-out slice of the --train inputs
  --kb FILE...             knowledge-base JSONL files or directories of them, for KB-membership
                           features (e.g. services/extract/kb)
  --epochs N               maximum epochs (default 15)
  --patience N             stop after N epochs without dev improvement (default 4; 0: never)
  --hash-bits B            weight table of 2^B rows (default 18)
  --max-model-mb M         prune the smallest weights until the file fits (default 8; 0: no limit)
  --min-weight W           drop averaged weights below W (default 0)
  --seed N                 shuffling seed (default 1)
  --types T...             model entity types in order (default: PER ORG LOC MISC as found, then
                           any other type found, sorted)
  --select all|core        pick the best epoch by dev F1 over all types or over PER+ORG+LOC
                           (default all)
  --description TEXT       stored in the model with the training details
  --format auto|bio|slavicner     input format (default auto: directory = SlavicNER)
  --slavicner-langs L...   SlavicNER languages to read (default all), e.g. uk ru
  --map FROM=TO...         type mapping on top of the default (PERS/PERSON→PER, ORGANIZATION→ORG,
                           GPE/LOCATION→LOC, EVT/PRO/ART/DOC→MISC); FROM= drops FROM
  --keep-unmapped-types    keep types the mapping does not know instead of dropping them

Exit status: 0 trained, 1 failure, 64 usage error, 65 malformed input, 66 an input path is absent.
)";

std::string CorpusSummary(const std::string& label, const CorpusStats& s) {
  std::string out = absl::StrFormat("%s: %zu documents, %zu sentences, %zu tokens, %zu spans (%s)",
                                    label, s.documents, s.sentences, s.tokens, s.spans,
                                    FormatTypeCounts(s.spans_by_type));
  if (!s.dropped_by_type.empty()) {
    absl::StrAppend(&out, "; dropped types: ", FormatTypeCounts(s.dropped_by_type));
  }
  if (s.repaired_tags > 0) absl::StrAppend(&out, "; repaired tags: ", s.repaired_tags);
  if (s.misaligned_mentions + s.crossing_mentions + s.overlapping_mentions > 0) {
    absl::StrAppend(&out, "; mentions misaligned with tokens ", s.misaligned_mentions,
                    ", across sentences (dropped) ", s.crossing_mentions,
                    ", overlapping (dropped) ", s.overlapping_mentions);
  }
  return out;
}

// Model types: the requested ones, or those found in order PER ORG LOC MISC then the rest.
std::vector<std::string> ChooseTypes(const ParsedArgs& args, const CorpusStats& train) {
  if (args.Has("types")) return args.List("types");
  std::vector<std::string> types;
  for (const char* t : {"PER", "ORG", "LOC", "MISC"}) {
    if (train.spans_by_type.count(t)) types.emplace_back(t);
  }
  for (const auto& [type, count] : train.spans_by_type) {
    if (std::find(types.begin(), types.end(), type) == types.end()) types.push_back(type);
  }
  return types;
}

bool ParseNumber(const ParsedArgs& args, const std::string& name, double fallback, double* out) {
  const std::string value = args.Get(name);
  if (value.empty()) {
    *out = fallback;
    return true;
  }
  if (!absl::SimpleAtod(value, out)) {
    std::cerr << "newsgraph-train: --" << name << " wants a number, not '" << value << "'\n";
    return false;
  }
  return true;
}

int Run(int argc, char** argv) {
  std::vector<OptionSpec> specs = CorpusOptionSpecs();
  for (const char* name : {"out", "heldout-fraction", "epochs", "patience", "hash-bits",
                           "max-model-mb", "min-weight", "seed", "select", "description"}) {
    specs.push_back({name, OptionKind::kSingle});
  }
  for (const char* name : {"train", "extra-train", "dev", "kb", "types"})
    specs.push_back({name, OptionKind::kList});
  specs.push_back({"help", OptionKind::kFlag});
  auto parsed = ParseArgs(argc, argv, specs);
  if (!parsed.ok()) {
    std::cerr << "newsgraph-train: " << parsed.status().message() << "\n\n" << kUsage;
    return kExitUsage;
  }
  const ParsedArgs& args = *parsed;
  if (args.Has("help")) {
    std::cout << kUsage;
    return kExitOk;
  }
  std::vector<std::string> train_paths = args.positional;
  for (const std::string& p : args.List("train")) train_paths.push_back(p);
  const std::string out_path = args.Get("out");
  double heldout = 0, epochs = 0, patience = 0, hash_bits = 0, max_mb = 0, min_weight = 0, seed = 0;
  if (!ParseNumber(args, "heldout-fraction", 0, &heldout) ||
      !ParseNumber(args, "epochs", 15, &epochs) || !ParseNumber(args, "patience", 4, &patience) ||
      !ParseNumber(args, "hash-bits", 18, &hash_bits) ||
      !ParseNumber(args, "max-model-mb", 8, &max_mb) ||
      !ParseNumber(args, "min-weight", 0, &min_weight) || !ParseNumber(args, "seed", 1, &seed)) {
    return kExitUsage;
  }
  const std::string select = args.Get("select", "all");
  if (train_paths.empty() || out_path.empty() || heldout < 0 || heldout >= 1 || epochs < 1 ||
      (select != "all" && select != "core")) {
    std::cerr << "newsgraph-train: need --out, at least one training input, 0 <= "
                 "--heldout-fraction < 1, --epochs >= 1 and --select all|core\n\n"
              << kUsage;
    return kExitUsage;
  }
  auto read_options = CorpusOptionsFromArgs(args);
  if (!read_options.ok()) {
    std::cerr << "newsgraph-train: " << read_options.status().message() << "\n";
    return kExitUsage;
  }
  auto fail = [](const absl::Status& status) {
    std::cerr << "newsgraph-train: " << status.message() << "\n";
    if (absl::IsNotFound(status)) {
      std::cerr << "(the annotated corpora live outside the repository, in ../shared/data/ner; "
                   "any BIO file of your own works too)\n";
    }
    return ExitCodeFor(status);
  };

  std::string kb_summary;
  std::unique_ptr<tg::KbGazetteer> kb;
  if (args.Has("kb")) {
    auto loaded = LoadKnowledgeBase(args.List("kb"), &kb_summary);
    if (!loaded.ok()) return fail(loaded.status());
    kb = std::move(*loaded);
    std::cerr << kb_summary << "knowledge base: " << kb->name_count() << " names\n";
  }
  const tg::GazetteerFeatures* gazetteer = kb.get();

  std::vector<Document> train, dev;
  CorpusStats read_stats;
  if (absl::Status s = ReadInputs(train_paths, *read_options, heldout, &train, &dev, &read_stats);
      !s.ok()) {
    return fail(s);
  }
  if (absl::Status s =
          ReadInputs(args.List("extra-train"), *read_options, 0, &train, nullptr, &read_stats);
      !s.ok()) {
    return fail(s);
  }
  std::vector<std::string> dev_paths = args.List("dev");
  if (absl::Status s = ReadInputs(dev_paths, *read_options, 0, &dev, nullptr, &read_stats);
      !s.ok()) {
    return fail(s);
  }
  CorpusStats train_stats = ComputeStats(train);
  train_stats.dropped_by_type = read_stats.dropped_by_type;
  train_stats.repaired_tags = read_stats.repaired_tags;
  train_stats.misaligned_mentions = read_stats.misaligned_mentions;
  train_stats.crossing_mentions = read_stats.crossing_mentions;
  train_stats.overlapping_mentions = read_stats.overlapping_mentions;
  const CorpusStats dev_stats = ComputeStats(dev);
  const std::string train_line = CorpusSummary("train", train_stats);
  const std::string dev_line = CorpusSummary("dev", dev_stats);
  std::cerr << train_line << "\n" << dev_line << "\n";

  if (train_stats.sentences == 0) {
    return fail(absl::InvalidArgumentError("the training inputs hold no sentences"));
  }
  const std::vector<std::string> types = ChooseTypes(args, train_stats);
  tg::TrainerOptions trainer_options;
  trainer_options.hash_bits = static_cast<int>(hash_bits);
  trainer_options.seed = static_cast<uint64_t>(seed);
  auto trainer = tg::PerceptronTrainer::Create(types, trainer_options);
  if (!trainer.ok()) return fail(trainer.status());
  const absl::Time start = absl::Now();
  for (const Document& doc : train) {
    for (const Sentence& sentence : doc.sentences) {
      if (absl::Status s = trainer->Add(sentence.labeled, gazetteer); !s.ok()) {
        return fail(absl::InvalidArgumentError(
            absl::StrCat(doc.name, ": ", s.message(), " (use --types or --map to include it)")));
      }
    }
  }
  std::cerr << "features extracted in " << absl::FormatDuration(absl::Now() - start) << "\n";

  tg::ExportOptions export_options;
  export_options.min_abs_weight = min_weight;
  export_options.max_file_bytes = static_cast<size_t>(max_mb * 1024 * 1024);
  std::string command = "newsgraph-train";
  for (int i = 1; i < argc; ++i) absl::StrAppend(&command, " ", argv[i]);

  const std::set<std::string> core = {"PER", "ORG", "LOC"};
  double best_f1 = -1;
  int best_epoch = 0;
  std::optional<tg::ModelData> best_model;
  SpanScores best_scores;
  for (int epoch = 1; epoch <= static_cast<int>(epochs); ++epoch) {
    const absl::Time epoch_start = absl::Now();
    const tg::EpochStats stats = trainer->RunEpoch();
    auto model = trainer->Export(export_options);
    if (!model.ok()) return fail(model.status());
    std::string line =
        absl::StrFormat("epoch %2d: train token errors %.2f%% (%s)", epoch,
                        100.0 * stats.token_errors / std::max<size_t>(1, stats.tokens),
                        absl::FormatDuration(absl::Now() - epoch_start));
    if (dev.empty()) {
      best_model = std::move(*model);
      best_epoch = epoch;
      std::cerr << line << "\n";
      continue;
    }
    auto tagger = tg::Tagger::FromModel(*model);
    if (!tagger.ok()) return fail(tagger.status());
    TaggerSpanPredictor predictor(&*tagger, gazetteer);
    auto scores = ScoreSpans(dev, predictor);
    if (!scores.ok()) return fail(scores.status());
    const double f1_all = scores->Overall().f1();
    const double f1_core = scores->Overall(core).f1();
    absl::StrAppendFormat(&line, "  dev F1 %.2f%% (PER+ORG+LOC %.2f%%)", 100 * f1_all,
                          100 * f1_core);
    const double f1 = select == "core" ? f1_core : f1_all;
    if (f1 > best_f1) {
      best_f1 = f1;
      best_epoch = epoch;
      best_model = std::move(*model);
      best_scores = *scores;
      line += "  best";
    }
    std::cerr << line << "\n";
    if (patience > 0 && epoch - best_epoch >= static_cast<int>(patience)) break;
  }
  const absl::Duration training_time = absl::Now() - start;

  // Confidence calibration on dev (or, without dev, on a spread sample of train).
  std::vector<tg::LabeledSentence> calibration;
  for (const Document& doc : dev.empty() ? train : dev) {
    for (const Sentence& s : doc.sentences) calibration.push_back(s.labeled);
  }
  {
    auto tagger = tg::Tagger::FromModel(*best_model);
    if (!tagger.ok()) return fail(tagger.status());
    auto temperature = tg::FitTemperature(*tagger, calibration, gazetteer, 2000);
    if (temperature.ok()) {
      best_model->temperature = *temperature;
    } else {
      std::cerr << "confidence temperature left at 1: " << temperature.status().message() << "\n";
    }
  }

  std::string metadata = absl::StrCat(
      command, "\ntrained ", absl::FormatTime("%Y-%m-%d", absl::Now(), absl::UTCTimeZone()), " in ",
      absl::FormatDuration(training_time), "\n", train_line, "\n");
  if (!args.Get("description").empty()) metadata = args.Get("description") + "\n" + metadata;
  if (!dev.empty()) absl::StrAppend(&metadata, dev_line, "\n");
  if (!kb_summary.empty()) absl::StrAppend(&metadata, "knowledge base:\n", kb_summary);
  absl::StrAppend(&metadata, "types: ", absl::StrJoin(types, " "), "; hash bits ",
                  static_cast<int>(hash_bits), "; best epoch ", best_epoch, "\n");
  if (!dev.empty())
    absl::StrAppend(&metadata, "dev scores (exact span match):\n", best_scores.Format());
  best_model->metadata = metadata;
  if (absl::Status s = tg::WriteModelFile(*best_model, out_path); !s.ok()) return fail(s);

  const std::string bytes = tg::SerializeModel(*best_model);
  std::cout << "wrote " << out_path << " (" << bytes.size() << " bytes, epoch " << best_epoch
            << ", temperature " << best_model->temperature << ") in "
            << absl::FormatDuration(training_time) << "\n";
  if (!dev.empty()) std::cout << "dev scores (exact span match):\n" << best_scores.Format();
  return kExitOk;
}

}  // namespace
}  // namespace newsgraph::tools::ner

int main(int argc, char** argv) { return newsgraph::tools::ner::Run(argc, argv); }
