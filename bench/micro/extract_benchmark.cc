// Micro-benchmarks of extraction's two hot paths on the sample articles (bench_corpus.h):
// knowledge-base matching (the built-in KB, ~3,000 entities / ~71,000 names, through the same
// Linker the extract service builds) and the statistical tagger with the committed models.
// Throughput is bytes of text per second on one thread; items are mentions found.
//   build/bin/newsgraph-micro-extract [--benchmark_filter=...]
#include <cstdio>
#include <cstdlib>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "bench/micro/bench_corpus.h"
#include "benchmark/benchmark.h"
#include "services/extract/core/linker.h"
#include "services/extract/tagger/tagger.h"

namespace newsgraph::bench {
namespace {

constexpr size_t kTextBytes = 128 * 1024;

const extract::Linker& SharedLinker() {
  static const std::shared_ptr<const extract::Linker> linker = [] {
    auto built = extract::Linker::Build({});
    if (!built.ok()) {
      std::fprintf(stderr, "linker: %s\n", built.status().ToString().c_str());
      std::abort();
    }
    return *std::move(built);
  }();
  return *linker;
}

void BM_KbMatch(benchmark::State& state) {
  const std::string_view language = kLanguages[state.range(0)];
  state.SetLabel(std::string(language));
  const std::string& text = SampleText(language, kTextBytes);
  const extract::Linker& linker = SharedLinker();
  std::vector<extract::Candidate> candidates;
  size_t found = 0;
  for (auto _ : state) {
    candidates.clear();
    const absl::Status status = linker.FindMentions(text, language, &candidates);
    if (!status.ok()) {
      state.SkipWithError(status.ToString().c_str());
      return;
    }
    found = candidates.size();
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * found));
}
BENCHMARK(BM_KbMatch)->DenseRange(0, kLanguageCount - 1)->Unit(benchmark::kMicrosecond);

// The languages with a committed model (models/languages.tsv) and that model.
struct TaggerCase {
  std::string_view language;
  const char* model;
};
constexpr TaggerCase kTaggerCases[] = {
    {"uk", "uk.ngtagger"}, {"el", "el.ngtagger"}, {"ru", "sla.ngtagger"}};

const extract::tagger::Tagger& LoadTagger(const char* model) {
  // A map: its nodes stay put, so references handed out earlier remain valid.
  static auto* cache = new std::map<std::string, extract::tagger::Tagger>();
  if (auto it = cache->find(model); it != cache->end()) return it->second;
  auto loaded = extract::tagger::Tagger::LoadFile(std::string(NG_MODELS_DIR) + "/" + model);
  if (!loaded.ok()) {
    std::fprintf(stderr, "tagger %s: %s\n", model, loaded.status().ToString().c_str());
    std::abort();
  }
  return cache->emplace(model, *std::move(loaded)).first->second;
}

// Tokenization, features, Viterbi and (range(1) = 1) the marginals behind confidences, which the
// extract service always asks for; without the KB gazetteer.
void BM_Tagger(benchmark::State& state) {
  const TaggerCase& c = kTaggerCases[state.range(0)];
  const bool confidence = state.range(1) != 0;
  state.SetLabel(std::string(c.language) + "/" + c.model + (confidence ? "/confidence" : ""));
  const std::string& text = SampleText(c.language, kTextBytes);
  const extract::tagger::Tagger& tagger = LoadTagger(c.model);
  extract::tagger::TagOptions options;
  options.confidence = confidence;
  size_t found = 0;
  for (auto _ : state) {
    auto spans = tagger.TagText(text, nullptr, options);
    if (!spans.ok()) {
      state.SkipWithError(spans.status().ToString().c_str());
      return;
    }
    found = spans->size();
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * found));
}
BENCHMARK(BM_Tagger)->ArgsProduct({{0, 1, 2}, {0, 1}})->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace newsgraph::bench

BENCHMARK_MAIN();
