// Benchmarks (not tests) of the search index: the postings codec and merge operator on their own,
// then searches over a synthetic index in a real RocksDB store, and the filter read path (doc_meta
// records against whole documents). Run `build/bin/newsgraph-search-bench`; the index size is
// NG_BENCH_DOCUMENTS (default 20000), compacted unless NG_BENCH_NO_COMPACT is set.
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/store/keys.h"
#include "common/store/postings.h"
#include "common/store/records.h"
#include "common/store/store.h"
#include "common/testing/temp_dir.h"
#include "services/ingest/core/document_batch.h"
#include "services/query/core/query_engine.h"

namespace newsgraph::query {
namespace {

// A block of `documents` postings with 1-8 positions each, as one term's block holds.
std::vector<store::Posting> SyntheticBlock(int documents) {
  std::mt19937 random(7);
  std::vector<store::Posting> postings;
  uint64_t doc = 0;
  for (int i = 0; i < documents; ++i) {
    doc += 1 + random() % 3;
    store::Posting posting{doc, {}};
    uint32_t position = random() % 20;
    for (int p = 0, n = 1 + random() % 8; p < n; ++p) {
      posting.positions.push_back(position);
      position += 1 + random() % 200;
    }
    postings.push_back(std::move(posting));
  }
  return postings;
}

void BM_EncodePostings(benchmark::State& state) {
  const std::vector<store::Posting> postings = SyntheticBlock(static_cast<int>(state.range(0)));
  for (auto _ : state) benchmark::DoNotOptimize(store::EncodePostings(postings));
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_EncodePostings)->Arg(256)->Arg(4096);

void BM_DecodePostingBlock(benchmark::State& state) {
  const std::string value = store::EncodePostings(SyntheticBlock(static_cast<int>(state.range(0))));
  for (auto _ : state) {
    store::PostingList list;
    benchmark::DoNotOptimize(store::AppendPostingBlock(value, &list));
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
  state.counters["bytes_per_doc"] = static_cast<double>(value.size()) / state.range(0);
}
BENCHMARK(BM_DecodePostingBlock)->Arg(256)->Arg(4096);

// RocksDB's full merge of a 4096-document block with range(0) new add operands (compaction).
void BM_MergeIntoFullBlock(benchmark::State& state) {
  const std::string base = store::EncodePostings(SyntheticBlock(4096));
  std::vector<std::string> operands;
  for (int i = 0; i < state.range(0); ++i) {
    operands.push_back(store::PostingAddOperand(20000 + i, std::vector<uint32_t>{1, 5, 9}));
  }
  std::vector<std::string_view> views(operands.begin(), operands.end());
  std::string_view base_view = base;
  std::string out;
  for (auto _ : state)
    benchmark::DoNotOptimize(store::MergePostings(&base_view, views, false, &out));
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_MergeIntoFullBlock)->Arg(1)->Arg(64);

// The synthetic collection: documents of 60-300 words drawn from a Zipf-like vocabulary of
// 20,000 words, with a language, source and date each, built through the ingest batch code.
class Index {
 public:
  static Index& Get() {
    static Index* index = new Index();
    return *index;
  }
  QueryEngine& engine() { return *engine_; }
  const store::Store& store() { return *store_; }
  size_t documents() const { return documents_; }

 private:
  Index() {
    const char* env = std::getenv("NG_BENCH_DOCUMENTS");
    documents_ = env != nullptr ? std::strtoul(env, nullptr, 10) : 20000;
    std::mt19937 random(42);
    std::vector<double> weights;
    for (int i = 1; i <= 20000; ++i) weights.push_back(1.0 / i);
    std::discrete_distribution<int> zipf(weights.begin(), weights.end());
    auto primary = std::move(store::Store::OpenPrimary(dir_.Sub("store"), {false})).value();
    const char* languages[] = {"en", "de", "fr", "vi"};
    store::IndexStats totals;
    for (size_t id = 1; id <= documents_;) {
      store::WriteBatch batch;
      for (int in_batch = 0; in_batch < 200 && id <= documents_; ++in_batch, ++id) {
        common::v1::Document document;
        document.set_id(absl::StrCat(id));
        document.set_language(languages[id % 4]);
        document.set_source(absl::StrCat("source", id % 50));
        document.mutable_published_at()->set_seconds(1735689600 + 3600 * static_cast<int64_t>(id));
        std::string body;
        for (int w = 0, n = 60 + random() % 240; w < n; ++w) {
          absl::StrAppend(&body, "w", zipf(random), w % 12 == 11 ? ". " : " ");
        }
        document.set_title(absl::StrCat("w", zipf(random), " w", zipf(random)));
        document.set_body(std::move(body));
        if (!ingest::AddDocumentToBatch(id, document, {}, &totals, &batch).ok()) std::abort();
      }
      if (!primary->Commit(batch).ok()) std::abort();
    }
    // Compacted, as an index is once RocksDB has caught up with its writes; NG_BENCH_NO_COMPACT=1
    // measures reads that merge every posting's operand from the memtable instead.
    if (std::getenv("NG_BENCH_NO_COMPACT") == nullptr && !primary->Compact().ok()) std::abort();
    store_ = std::move(primary);
    engine_ =
        std::make_unique<QueryEngine>(QueryEngineOptions{dir_.Sub("store"), dir_.Sub("secondary")});
    // The first call opens the secondary, which replays the primary's whole WAL: not a search.
    v1::SearchRequest warm_up;
    warm_up.set_query("w1");
    v1::SearchResponse response;
    if (!engine_->Search(warm_up, &response).ok()) std::abort();
  }

  testing::TempDir dir_;
  size_t documents_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<QueryEngine> engine_;
};

// range(0) selects the query; every search asks for 10 hits with snippets.
void BM_Search(benchmark::State& state) {
  static const char* kQueries[] = {"w1",        "w500",        "w3 w40",      "w2 OR w900",
                                   "\"w1 w2\"", "w10 -w1 -w2", "w5 w5000 w50"};
  Index& index = Index::Get();
  v1::SearchRequest request;
  request.set_query(kQueries[state.range(0)]);
  if (state.range(1) != 0) {
    request.add_facets(v1::FACET_KIND_LANGUAGE);
    request.add_facets(v1::FACET_KIND_SOURCE);
    request.add_facets(v1::FACET_KIND_PUBLISHED_DATE);
    request.mutable_filter()->add_languages("en");
  }
  uint32_t hits = 0;
  for (auto _ : state) {
    v1::SearchResponse response;
    if (!index.engine().Search(request, &response).ok()) std::abort();
    hits = response.total_hits();
  }
  state.SetLabel(absl::StrCat(request.query(), state.range(1) ? " +filter+facets" : "", " (", hits,
                              " of ", index.documents(), " docs)"));
}
BENCHMARK(BM_Search)
    ->ArgsProduct({{0, 1, 2, 3, 4, 5, 6}, {0}})
    ->Args({0, 1})
    ->Args({2, 1})
    ->Unit(benchmark::kMillisecond);

// Filter inputs for range(0) candidates: their doc_meta records in one MultiGet, against the
// whole Document protobufs the engine would otherwise read and parse.
void BM_FilterReadDocMeta(benchmark::State& state) {
  Index& index = Index::Get();
  std::vector<uint64_t> ids;
  for (int64_t i = 0; i < state.range(0); ++i) ids.push_back(1 + i * 3 % index.documents());
  std::sort(ids.begin(), ids.end());
  for (auto _ : state) benchmark::DoNotOptimize(store::ReadDocMetas(index.store(), ids));
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_FilterReadDocMeta)->Arg(5000)->Unit(benchmark::kMillisecond);

void BM_FilterReadDocuments(benchmark::State& state) {
  Index& index = Index::Get();
  for (auto _ : state) {
    for (int64_t i = 0; i < state.range(0); ++i) {
      benchmark::DoNotOptimize(store::ReadDocument(index.store(), 1 + i * 3 % index.documents()));
    }
  }
  state.SetItemsProcessed(state.iterations() * state.range(0));
}
BENCHMARK(BM_FilterReadDocuments)->Arg(5000)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace newsgraph::query

BENCHMARK_MAIN();
