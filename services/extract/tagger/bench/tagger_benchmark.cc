// Tagger throughput: tokenization, tagging of pre-tokenized sentences and the whole TagText path,
// in bytes of text per second on one core.
//
//   build/bin/newsgraph-tagger-bench [--benchmark_filter=...]
//
// NEWSGRAPH_TAGGER_BENCH_MODEL: model file (default services/extract/models/uk.ngtagger).
// NEWSGRAPH_TAGGER_BENCH_TEXT: a .txt file or a directory searched recursively for .txt files
// (default samples/); e.g. ../shared/data/ner/slavicner/raw/brexit/uk for real Ukrainian news.
// NEWSGRAPH_TAGGER_BENCH_KB: knowledge-base JSONL file or directory for KB features (default
// services/extract/kb).
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "benchmark/benchmark.h"
#include "services/extract/tagger/gazetteer_features.h"
#include "services/extract/tagger/tagger.h"
#include "services/extract/tagger/tokenizer.h"

namespace newsgraph::extract::tagger {
namespace {

namespace fs = std::filesystem;

std::string Env(const char* name, const std::string& fallback) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0' ? v : fallback;
}

std::string ReadAll(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// At least 4 MB of text, repeated from the files found, so timings are stable.
const std::string& Text() {
  static const std::string* text = [] {
    const fs::path root = Env("NEWSGRAPH_TAGGER_BENCH_TEXT", NG_SAMPLES_DIR);
    std::vector<fs::path> files;
    if (fs::is_directory(root)) {
      for (const auto& e : fs::recursive_directory_iterator(root)) {
        if (e.is_regular_file() && e.path().extension() == ".txt") files.push_back(e.path());
      }
    } else {
      files.push_back(root);
    }
    std::sort(files.begin(), files.end());
    std::string one;
    for (const fs::path& f : files) one += ReadAll(f) + "\n\n";
    auto* all = new std::string();
    while (!one.empty() && all->size() < (4u << 20)) *all += one;
    return all;
  }();
  return *text;
}

const Tagger* GetTagger() {
  static const Tagger* tagger = [] {
    const std::string path = Env("NEWSGRAPH_TAGGER_BENCH_MODEL", NG_MODELS_DIR "/uk.ngtagger");
    auto loaded = Tagger::LoadFile(path);
    if (!loaded.ok()) {
      std::cerr << loaded.status() << "\n";
      return static_cast<Tagger*>(nullptr);
    }
    return new Tagger(*std::move(loaded));
  }();
  return tagger;
}

const KbGazetteer* GetKb() {
  static const KbGazetteer* kb = [] {
    auto* g = new KbGazetteer();
    const fs::path root = Env("NEWSGRAPH_TAGGER_BENCH_KB", NG_KB_DIR);
    std::vector<fs::path> files;
    if (fs::is_directory(root)) {
      for (const auto& e : fs::directory_iterator(root)) {
        if (e.path().extension() == ".jsonl") files.push_back(e.path());
      }
    } else if (fs::exists(root)) {
      files.push_back(root);
    }
    for (const fs::path& f : files) {
      if (auto added = g->AddJsonlFile(f.string()); !added.ok())
        std::cerr << added.status() << "\n";
    }
    return g;
  }();
  return kb;
}

// Sentences of Text() as token views, for the tagging-only benchmarks.
struct Sentences {
  std::vector<std::vector<std::string_view>> words;
};
const Sentences& GetSentences() {
  static const Sentences* s = [] {
    auto* out = new Sentences();
    const std::string& text = Text();
    auto tokens = Tokenize(text);
    if (!tokens.ok()) return out;
    for (const TokenRange& r : SplitSentences(text, *tokens)) {
      std::vector<std::string_view> w;
      for (size_t i = r.begin; i < r.end; ++i) {
        w.push_back(std::string_view(text).substr((*tokens)[i].begin,
                                                  (*tokens)[i].end - (*tokens)[i].begin));
      }
      out->words.push_back(std::move(w));
    }
    return out;
  }();
  return *s;
}

void BM_Tokenize(benchmark::State& state) {
  const std::string& text = Text();
  for (auto _ : state) {
    auto tokens = Tokenize(text);
    benchmark::DoNotOptimize(tokens);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_Tokenize)->Unit(benchmark::kMillisecond);

// Features + Viterbi (+ marginals when range(0)) on pre-tokenized sentences; range(1) adds KB
// features.
void BM_TagSentences(benchmark::State& state) {
  const Tagger* tagger = GetTagger();
  if (tagger == nullptr) {
    state.SkipWithError("no model");
    return;
  }
  const GazetteerFeatures* kb = state.range(1) ? GetKb() : nullptr;
  const TagOptions options{.confidence = state.range(0) != 0};
  const Sentences& sentences = GetSentences();
  size_t spans = 0;
  for (auto _ : state) {
    for (const auto& w : sentences.words) spans += tagger->Tag(w, kb, options).size();
  }
  benchmark::DoNotOptimize(spans);
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * Text().size()));
}
BENCHMARK(BM_TagSentences)
    ->ArgNames({"confidence", "kb"})
    ->Args({0, 0})
    ->Args({1, 0})
    ->Args({0, 1})
    ->Args({1, 1})
    ->Unit(benchmark::kMillisecond);

// The whole path a service takes: Tokenize, SplitSentences, Tag with confidences, with KB
// features when range(0) (the committed models were trained without them).
void BM_TagText(benchmark::State& state) {
  const Tagger* tagger = GetTagger();
  if (tagger == nullptr) {
    state.SkipWithError("no model");
    return;
  }
  const std::string& text = Text();
  const GazetteerFeatures* kb = state.range(0) ? GetKb() : nullptr;
  for (auto _ : state) {
    auto spans = tagger->TagText(text, kb);
    benchmark::DoNotOptimize(spans);
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}
BENCHMARK(BM_TagText)->ArgName("kb")->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace newsgraph::extract::tagger

BENCHMARK_MAIN();
