// Knowledge-base load time, whole and by source: the extract service loads the KB at start-up and
// on reload, and should be serving within a couple of seconds.
//
//   build/bin/newsgraph-kb-bench [--benchmark_filter=Load]
#include <cstdlib>
#include <iostream>
#include <utility>

#include "benchmark/benchmark.h"
#include "services/extract/kb/embedded_files.h"
#include "services/extract/kb/icu_source.h"
#include "services/extract/kb/kb_jsonl.h"
#include "services/extract/kb/knowledge_base.h"

namespace newsgraph::extract::kb {
namespace {

template <typename T>
T OrDie(absl::StatusOr<T> value) {
  if (!value.ok()) {
    std::cerr << value.status() << "\n";
    std::abort();
  }
  return *std::move(value);
}

void Report(benchmark::State& state, const KnowledgeBase& kb) {
  state.counters["entities"] = static_cast<double>(kb.size());
  state.counters["names"] = static_cast<double>(kb.stats().names);
  state.counters["aliases"] = static_cast<double>(kb.stats().aliases);
}

// Everything the extract service loads by default: ICU countries and currencies, project files.
void BM_LoadDefault(benchmark::State& state) {
  std::shared_ptr<const KnowledgeBase> kb;
  for (auto _ : state) {
    kb = OrDie(KnowledgeBase::Load(KnowledgeBaseOptions()));
    benchmark::DoNotOptimize(kb.get());
  }
  Report(state, *kb);
  state.SetLabel(kb->stats().ToString());
}
BENCHMARK(BM_LoadDefault)->Unit(benchmark::kMillisecond)->MeasureProcessCPUTime()->UseRealTime();

// Headroom as the KB grows: the default load plus N more copies of the project files given as user
// sources (parsed and merged again into the same entities).
void BM_LoadDefaultPlusCopies(benchmark::State& state) {
  KnowledgeBaseOptions options;
  size_t bytes = 0;
  for (int64_t copy = 0; copy < state.range(0); ++copy) {
    for (const EmbeddedKbFile& file : EmbeddedKbFiles()) {
      options.user_sources.push_back({file.name, std::string(file.contents()), IdPolicy::kProject});
      bytes += file.contents().size();
    }
  }
  std::shared_ptr<const KnowledgeBase> kb;
  for (auto _ : state) {
    kb = OrDie(KnowledgeBase::Load(options));
    benchmark::DoNotOptimize(kb.get());
  }
  Report(state, *kb);
  state.counters["extra_mb"] = static_cast<double>(bytes) / (1 << 20);
}
BENCHMARK(BM_LoadDefaultPlusCopies)->Arg(4)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_LoadProjectFilesOnly(benchmark::State& state) {
  KnowledgeBaseOptions options;
  options.include_icu = false;
  std::shared_ptr<const KnowledgeBase> kb;
  for (auto _ : state) {
    kb = OrDie(KnowledgeBase::Load(options));
    benchmark::DoNotOptimize(kb.get());
  }
  Report(state, *kb);
}
BENCHMARK(BM_LoadProjectFilesOnly)->Unit(benchmark::kMillisecond)->UseRealTime();

// Arg 1: with CLDR short names.
void BM_IcuCountries(benchmark::State& state) {
  size_t names = 0;
  for (auto _ : state) {
    const auto entities = OrDie(IcuCountryEntities(state.range(0) != 0));
    names = 0;
    for (const auto& entity : entities) names += entity.names_size();
    benchmark::DoNotOptimize(names);
  }
  state.counters["names"] = static_cast<double>(names);
}
BENCHMARK(BM_IcuCountries)->Arg(0)->Arg(1)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_IcuCurrencies(benchmark::State& state) {
  const std::vector<std::string> languages = DefaultCurrencyLanguages();
  size_t count = 0;
  for (auto _ : state) {
    count = OrDie(IcuCurrencyEntities(languages)).size();
    benchmark::DoNotOptimize(count);
  }
  state.counters["currencies"] = static_cast<double>(count);
}
BENCHMARK(BM_IcuCurrencies)->Unit(benchmark::kMillisecond)->UseRealTime();

// JSON parsing and validation alone, without merging.
void BM_ParseProjectFiles(benchmark::State& state) {
  size_t bytes = 0;
  size_t records = 0;
  for (auto _ : state) {
    bytes = records = 0;
    for (const EmbeddedKbFile& file : EmbeddedKbFiles()) {
      bytes += file.contents().size();
      records +=
          OrDie(ParseKnowledgeBaseJsonl(file.contents(), file.name, IdPolicy::kProject)).size();
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes));
  state.counters["records"] = static_cast<double>(records);
}
BENCHMARK(BM_ParseProjectFiles)->Unit(benchmark::kMillisecond)->UseRealTime();

void BM_AllNames(benchmark::State& state) {
  auto kb = OrDie(KnowledgeBase::Load(KnowledgeBaseOptions()));
  size_t count = 0;
  for (auto _ : state) {
    count = kb->AllNames().size();
    benchmark::DoNotOptimize(count);
  }
  state.counters["pairs"] = static_cast<double>(count);
}
BENCHMARK(BM_AllNames)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace
}  // namespace newsgraph::extract::kb

BENCHMARK_MAIN();
