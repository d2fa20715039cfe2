// Whole-extractor throughput (Google Benchmark; not a test): language identification, knowledge
// base matching, patterns, the statistical tagger (for the languages it has models for), overlap
// resolution, UTF-16 offsets and salience, as the Extract RPC runs them (without gRPC).
//   BM_BuildKnowledgeBase    — loading and merging every KB source and building the matcher
//   BM_Extract/samples       — samples/*.txt (7 languages, 4 scripts), document by document
//   BM_Extract/slavicner     — SlavicNER raw articles (bg, cs, pl, ru, sl, uk) when ../shared is
//                              present; /hinted passes each article's language, as ingest does
//                              when the client or CLD2 gave one
// Throughput is bytes of text per second of one thread (bytes_per_second).
// Run: build/bin/newsgraph-extract-bench [--benchmark_filter=...]
// With NG_EXTRACT_DUMP=1 it instead prints every mention of the SlavicNER articles as TSV
// (language, source, entity id, surface, confidence), for eyeballing precision.
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "benchmark/benchmark.h"
#include "services/extract/core/extractor.h"
#include "services/extract/core/linker.h"

namespace newsgraph::extract {
namespace {

namespace fs = std::filesystem;

// Enough SlavicNER articles for a stable figure without minutes of set-up.
constexpr size_t kMaxSlavicnerArticles = 1500;

struct Article {
  std::string language;
  std::string text;
};

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

std::vector<Article> Samples() {
  std::vector<Article> articles;
  std::vector<fs::path> paths;
  for (const auto& entry : fs::directory_iterator(NG_SAMPLES_DIR)) {
    if (entry.path().extension() == ".txt") paths.push_back(entry.path());
  }
  std::sort(paths.begin(), paths.end());
  for (const fs::path& path : paths) articles.push_back({"", ReadFile(path)});
  return articles;
}

// raw/<topic>/<language>/*.txt, taking topics and languages in turn so every language is in.
std::vector<Article> Slavicner() {
  std::vector<Article> articles;
  const fs::path raw = fs::path(NG_SHARED_DATA_DIR) / "ner/slavicner/raw";
  std::error_code error;
  if (!fs::is_directory(raw, error)) {
    std::fprintf(stderr, "%s is absent: BM_Extract/slavicner is skipped\n", raw.c_str());
    return articles;
  }
  std::vector<std::pair<std::string, fs::path>> files;
  for (const auto& topic : fs::directory_iterator(raw)) {
    for (const auto& language : fs::directory_iterator(topic.path())) {
      for (const auto& file : fs::directory_iterator(language.path())) {
        files.emplace_back(language.path().filename().string(), file.path());
      }
    }
  }
  std::sort(files.begin(), files.end(),
            [](const auto& a, const auto& b) { return a.second < b.second; });
  const size_t step = std::max<size_t>(1, files.size() / kMaxSlavicnerArticles);
  for (size_t i = 0; i < files.size() && articles.size() < kMaxSlavicnerArticles; i += step) {
    articles.push_back({files[i].first, ReadFile(files[i].second)});
  }
  return articles;
}

const Extractor& SharedExtractor() {
  static Extractor* extractor = [] {
    ExtractorOptions options;
    options.models_dir = NG_MODELS_DIR;  // the tagger too, as newsgraph-extract runs by default
    auto created = Extractor::Create(options);
    if (!created.ok()) {
      std::fprintf(stderr, "extractor: %s\n", created.status().ToString().c_str());
      std::abort();
    }
    return created->release();
  }();
  return *extractor;
}

void BM_BuildKnowledgeBase(benchmark::State& state) {
  for (auto _ : state) {
    auto linker = Linker::Build({});
    if (!linker.ok()) state.SkipWithError(linker.status().ToString().c_str());
    benchmark::DoNotOptimize(linker);
  }
}
BENCHMARK(BM_BuildKnowledgeBase)->Unit(benchmark::kMillisecond)->Iterations(3);

void RunExtract(benchmark::State& state, const std::vector<Article>& articles, bool hinted) {
  if (articles.empty()) {
    state.SkipWithError("no articles");
    return;
  }
  const Extractor& extractor = SharedExtractor();
  std::vector<v1::ExtractRequest> requests(articles.size());
  size_t bytes = 0;
  for (size_t i = 0; i < articles.size(); ++i) {
    requests[i].set_text(articles[i].text);
    if (hinted) requests[i].set_language(articles[i].language);
    bytes += articles[i].text.size();
  }
  size_t mentions = 0;
  for (auto _ : state) {
    for (const v1::ExtractRequest& request : requests) {
      v1::ExtractResponse response;
      absl::Status status = extractor.Extract(request, &response);
      if (!status.ok()) {
        state.SkipWithError(status.ToString().c_str());
        return;
      }
      mentions += response.mentions_size();
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * bytes));
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * requests.size()));
  state.counters["mentions_per_doc"] = benchmark::Counter(
      static_cast<double>(mentions) / static_cast<double>(state.iterations() * requests.size()));
}

void BM_Extract_Samples(benchmark::State& state) {
  static const std::vector<Article> articles = Samples();
  RunExtract(state, articles, /*hinted=*/false);
}
BENCHMARK(BM_Extract_Samples)->Name("BM_Extract/samples")->Unit(benchmark::kMillisecond);

void BM_Extract_Slavicner(benchmark::State& state) {
  static const std::vector<Article> articles = Slavicner();
  RunExtract(state, articles, /*hinted=*/state.range(0) == 1);
}
BENCHMARK(BM_Extract_Slavicner)
    ->Name("BM_Extract/slavicner")
    ->ArgName("hinted")
    ->Arg(0)
    ->Arg(1)
    ->Unit(benchmark::kMillisecond);

int DumpMentions() {
  const Extractor& extractor = SharedExtractor();
  for (const Article& article : Slavicner()) {
    v1::ExtractRequest request;
    request.set_text(article.text);
    request.set_language(article.language);
    v1::ExtractResponse response;
    if (!extractor.Extract(request, &response).ok()) continue;
    for (const common::v1::Mention& mention : response.mentions()) {
      std::printf("%s\t%d\t%s\t%s\t%.2f\n", article.language.c_str(),
                  static_cast<int>(mention.source()), mention.entity_id().c_str(),
                  mention.surface().c_str(), mention.confidence());
    }
  }
  return 0;
}

}  // namespace
}  // namespace newsgraph::extract

int main(int argc, char** argv) {
  if (const char* dump = std::getenv("NG_EXTRACT_DUMP"); dump != nullptr && *dump == '1') {
    return newsgraph::extract::DumpMentions();
  }
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
