// Micro-benchmarks of common/text and common/analysis, the per-byte work every document and query
// goes through: UTF-8 validation, NFC, case + diacritic folding, ICU word segmentation and the
// index analysis (terms + stem keys). Inputs: the sample articles per language (bench_corpus.h),
// 256 KiB each; throughput is bytes of text per second on one thread.
//   build/bin/newsgraph-micro-text [--benchmark_filter=...]
#include <string>
#include <string_view>

#include "bench/micro/bench_corpus.h"
#include "benchmark/benchmark.h"
#include "common/analysis/analyzer.h"
#include "common/text/normalizer.h"
#include "common/text/segmenter.h"
#include "common/text/utf8.h"
#include "unicode/normalizer2.h"
#include "unicode/unistr.h"

namespace newsgraph::bench {
namespace {

// Arg(i): kLanguages[i], labelled so the table says which script was measured.
void ForEachLanguage(benchmark::internal::Benchmark* b) {
  for (int i = 0; i < kLanguageCount; ++i) b->Arg(i);
}

const std::string& Input(benchmark::State& state) {
  const std::string_view language = kLanguages[state.range(0)];
  state.SetLabel(std::string(language));
  return SampleText(language);
}

void Finish(benchmark::State& state, const std::string& text) {
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * text.size()));
}

// The Vietnamese samples in NFD (as some Windows and macOS tools write them), so NFC has to
// compose nearly every letter: the slow path of NormalizeNfc.
const std::string& DecomposedVietnamese() {
  static const std::string* text = [] {
    UErrorCode status = U_ZERO_ERROR;
    const icu::Normalizer2* nfd = icu::Normalizer2::getNFDInstance(status);
    icu::UnicodeString decomposed =
        nfd->normalize(icu::UnicodeString::fromUTF8(SampleText("vi")), status);
    auto* out = new std::string();
    decomposed.toUTF8String(*out);
    return out;
  }();
  return *text;
}

void BM_ValidateUtf8(benchmark::State& state) {
  const std::string& text = Input(state);
  for (auto _ : state) benchmark::DoNotOptimize(text::FindInvalidUtf8(text));
  Finish(state, text);
}
BENCHMARK(BM_ValidateUtf8)->Apply(ForEachLanguage);

void BM_NormalizeNfc(benchmark::State& state) {
  const std::string& text = Input(state);
  for (auto _ : state) benchmark::DoNotOptimize(text::NormalizeNfc(text));
  Finish(state, text);
}
BENCHMARK(BM_NormalizeNfc)->Apply(ForEachLanguage);

void BM_NormalizeNfc_DecomposedVi(benchmark::State& state) {
  const std::string& text = DecomposedVietnamese();
  for (auto _ : state) benchmark::DoNotOptimize(text::NormalizeNfc(text));
  Finish(state, text);
}
BENCHMARK(BM_NormalizeNfc_DecomposedVi);

void BM_Fold(benchmark::State& state) {
  const std::string& text = Input(state);
  for (auto _ : state) benchmark::DoNotOptimize(text::Fold(text));
  Finish(state, text);
}
BENCHMARK(BM_Fold)->Apply(ForEachLanguage);

// Folding word by word, as the index and the matcher do it (many short calls, not one long one).
void BM_FoldWords(benchmark::State& state) {
  const std::string& text = Input(state);
  auto words = text::SegmentWords(text);
  if (!words.ok()) {
    state.SkipWithError(std::string(words.status().message()).c_str());
    return;
  }
  for (auto _ : state) {
    for (const text::Token& word : *words) {
      benchmark::DoNotOptimize(
          text::Fold(std::string_view(text).substr(word.begin, word.end - word.begin)));
    }
  }
  Finish(state, text);
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * words->size()));
}
BENCHMARK(BM_FoldWords)->Apply(ForEachLanguage);

void BM_SegmentWords(benchmark::State& state) {
  const std::string& text = Input(state);
  size_t words = 0;
  for (auto _ : state) {
    auto tokens = text::SegmentWords(text);
    words = tokens.ok() ? tokens->size() : 0;
    benchmark::DoNotOptimize(tokens);
  }
  Finish(state, text);
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * words));
}
BENCHMARK(BM_SegmentWords)->Apply(ForEachLanguage);

// What ingest indexes: words, folded terms and the language's stem keys.
void BM_Analyze(benchmark::State& state) {
  const std::string& text = Input(state);
  const std::string language(kLanguages[state.range(0)]);
  for (auto _ : state) benchmark::DoNotOptimize(analysis::Analyze(text, language));
  Finish(state, text);
}
BENCHMARK(BM_Analyze)->Apply(ForEachLanguage);

}  // namespace
}  // namespace newsgraph::bench

BENCHMARK_MAIN();
