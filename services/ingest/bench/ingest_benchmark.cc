// Ingest pipeline throughput without extraction (Google Benchmark; not a test):
//   BM_Prepare  — validation + cleaning + language id + hashing of one sample article
//   BM_Ingest   — the whole Ingestor::Ingest into a real RocksDB (WAL on, no fsync), with an
//                 extractor that finds nothing, so the figure is the pipeline's own cost
//                 (near-duplicate lookup off: the corpus repeats its 14 articles).
// Run: build/bin/newsgraph-ingest-bench [--benchmark_filter=...]
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "benchmark/benchmark.h"
#include "common/testing/temp_dir.h"
#include "services/ingest/core/ingestor.h"
#include "services/ingest/core/preparation.h"
#include "services/ingest/core/validation.h"

namespace newsgraph::ingest {
namespace {

std::vector<std::string> LoadSamples() {
  std::vector<std::string> texts;
  for (const auto& entry : std::filesystem::directory_iterator(NG_SAMPLES_DIR)) {
    if (entry.path().extension() != ".txt") continue;
    std::ifstream in(entry.path());
    texts.emplace_back(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  }
  return texts;
}

class NoEntities : public EntityExtractor {
 public:
  absl::StatusOr<extract::v1::ExtractResponse> Extract(
      const extract::v1::ExtractRequest&) override {
    return extract::v1::ExtractResponse();
  }
};

void BM_Prepare(benchmark::State& state) {
  std::vector<std::string> texts = LoadSamples();
  size_t i = 0, bytes = 0;
  for (auto _ : state) {
    v1::IngestRequest request;
    request.set_text(texts[i++ % texts.size()]);
    bytes += request.text().size();
    benchmark::DoNotOptimize(ValidateIngestRequest(request, IngestLimits()));
    benchmark::DoNotOptimize(PrepareDocument(request));
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Prepare);

void BM_Ingest(benchmark::State& state) {
  std::vector<std::string> texts = LoadSamples();
  testing::TempDir dir;
  NoEntities extractor;
  IngestorOptions options;
  options.data_dir = dir.Sub("store");
  options.sync_writes = false;
  // The corpus repeats 14 articles: near-duplicate detection would (rightly) short-cut them.
  // Exact-duplicate and external-id checks still run on every document.
  options.near_duplicate_distance = -1;
  auto ingestor = std::move(Ingestor::Create(options, &extractor)).value();
  size_t i = 0, bytes = 0;
  for (auto _ : state) {
    v1::IngestRequest request;
    // A unique first line keeps every document new (no duplicate short-cut).
    request.set_text(
        absl::StrCat("Bản tin số ", i, " trong ngày hôm nay.\n\n", texts[i % texts.size()]));
    ++i;
    bytes += request.text().size();
    v1::IngestResponse response;
    benchmark::DoNotOptimize(ingestor->Ingest(request, &response));
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Ingest);

}  // namespace
}  // namespace newsgraph::ingest

BENCHMARK_MAIN();
