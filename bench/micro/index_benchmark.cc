// Micro-benchmarks of the full-text index's inner loops: the postings codec (encode, decode, the
// flattening read query does, RocksDB's merge) and BM25 scoring. Postings are real: the sample
// articles (bench_corpus.h) analyzed as ingest does, with document d of a block being sample
// d mod 14, so position lists have the lengths and gaps of news text. Items are postings (one
// document's entry) or scored documents.
//   build/bin/newsgraph-micro-index [--benchmark_filter=...]
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "bench/micro/bench_corpus.h"
#include "benchmark/benchmark.h"
#include "common/analysis/analyzer.h"
#include "common/store/postings.h"
#include "services/query/core/evaluator.h"

namespace newsgraph::bench {
namespace {

using store::Posting;

struct SampleDoc {
  uint32_t length = 0;  // words, BM25's document length
  // Body positions (kBodyPositionBase + word index) of each exact term, by how often it occurs:
  // most frequent first.
  std::vector<std::vector<uint32_t>> terms_by_frequency;
};

const std::vector<SampleDoc>& SampleDocs() {
  static const auto* docs = [] {
    auto* out = new std::vector<SampleDoc>();
    for (std::string_view language : kLanguages) {
      for (const std::string& body : SampleBodies(language)) {
        auto terms = analysis::Analyze(body, language);
        if (!terms.ok()) {
          std::fprintf(stderr, "analyze: %s\n", terms.status().ToString().c_str());
          std::abort();
        }
        std::map<std::string, std::vector<uint32_t>> positions;
        SampleDoc doc;
        for (const analysis::AnalyzedTerm& term : *terms) {
          if (term.kind != analysis::TermKind::kExact) continue;
          positions[term.term].push_back(store::kBodyPositionBase + term.position);
          doc.length = std::max(doc.length, term.position + 1);
        }
        for (auto& [term, list] : positions) doc.terms_by_frequency.push_back(std::move(list));
        std::stable_sort(doc.terms_by_frequency.begin(), doc.terms_by_frequency.end(),
                         [](const auto& a, const auto& b) { return a.size() > b.size(); });
        out->push_back(std::move(doc));
      }
    }
    return out;
  }();
  return *docs;
}

// A block's postings for a term in one document in `every` of a 4096-document block: rank 0
// takes each document's most frequent word (a stop word: several positions per document), a
// higher rank a rarer one.
std::vector<Posting> Block(int every, size_t rank) {
  const std::vector<SampleDoc>& docs = SampleDocs();
  std::vector<Posting> block;
  for (uint64_t doc_id = 0; doc_id < (uint64_t{1} << store::kPostingBlockBits); doc_id += every) {
    const SampleDoc& doc = docs[doc_id % docs.size()];
    const size_t r = std::min(rank, doc.terms_by_frequency.size() - 1);
    block.push_back({doc_id, doc.terms_by_frequency[r]});
  }
  return block;
}

// range(0): one document in range(0) has the term (1: a stop word in every document, 64: a rare
// name); range(1): the frequency rank of the term within each document.
void Shapes(benchmark::internal::Benchmark* b) { b->Args({1, 0})->Args({8, 3})->Args({64, 20}); }

void Report(benchmark::State& state, const std::vector<Posting>& block, const std::string& value) {
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * block.size()));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * value.size()));
  state.counters["bytes_per_posting"] =
      static_cast<double>(value.size()) / static_cast<double>(block.size());
}

void BM_PostingsEncode(benchmark::State& state) {
  const std::vector<Posting> block = Block(state.range(0), state.range(1));
  for (auto _ : state) benchmark::DoNotOptimize(store::EncodePostings(block));
  Report(state, block, store::EncodePostings(block));
}
BENCHMARK(BM_PostingsEncode)->Apply(Shapes);

void BM_PostingsDecode(benchmark::State& state) {
  const std::vector<Posting> block = Block(state.range(0), state.range(1));
  const std::string value = store::EncodePostings(block);
  std::vector<Posting> out;
  for (auto _ : state) benchmark::DoNotOptimize(store::DecodePostings(value, &out));
  Report(state, block, value);
}
BENCHMARK(BM_PostingsDecode)->Apply(Shapes);

// What a search does per stored block: decode into the flat list it evaluates.
void BM_PostingsAppendBlock(benchmark::State& state) {
  const std::vector<Posting> block = Block(state.range(0), state.range(1));
  const std::string value = store::EncodePostings(block);
  for (auto _ : state) {
    store::PostingList list;
    benchmark::DoNotOptimize(store::AppendPostingBlock(value, &list));
  }
  Report(state, block, value);
}
BENCHMARK(BM_PostingsAppendBlock)->Apply(Shapes);

// RocksDB's full merge of a full block (every document has the term) with range(0) operands of
// newly ingested documents; items are the operands.
void BM_PostingsMerge(benchmark::State& state) {
  std::vector<Posting> block = Block(1, 0);
  const size_t added = state.range(0);
  std::vector<Posting> tail(block.end() - added, block.end());
  block.resize(block.size() - added);
  const std::string base = store::EncodePostings(block);
  std::vector<std::string> operands;
  for (const Posting& posting : tail) {
    operands.push_back(store::PostingAddOperand(posting.doc_id, posting.positions));
  }
  const std::vector<std::string_view> views(operands.begin(), operands.end());
  const std::string_view base_view = base;
  std::string out;
  for (auto _ : state) {
    benchmark::DoNotOptimize(store::MergePostings(&base_view, views, false, &out));
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * added));
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * base.size()));
}
BENCHMARK(BM_PostingsMerge)->Arg(1)->Arg(64);

// BM25 of range(0) query words over 4096 matching documents with the samples' term frequencies
// and lengths; items are documents scored.
void BM_Bm25Score(benchmark::State& state) {
  const std::vector<SampleDoc>& docs = SampleDocs();
  const int leaves = static_cast<int>(state.range(0));
  query::Evaluation evaluation;
  for (int leaf = 0; leaf < leaves; ++leaf) evaluation.leaf_idf.push_back(0.5 + leaf);
  std::vector<double> lengths;
  double total_length = 0;
  for (uint64_t doc_id = 0; doc_id < 4096; ++doc_id) {
    const SampleDoc& doc = docs[doc_id % docs.size()];
    query::Match match{doc_id, {}};
    for (int leaf = 0; leaf < leaves; ++leaf) {
      const size_t rank = std::min<size_t>(leaf * 3, doc.terms_by_frequency.size() - 1);
      match.hits.push_back(
          {static_cast<uint16_t>(leaf), static_cast<float>(doc.terms_by_frequency[rank].size())});
    }
    evaluation.matches.push_back(std::move(match));
    lengths.push_back(doc.length);
    total_length += doc.length;
  }
  const double average = total_length / static_cast<double>(lengths.size());
  for (auto _ : state) {
    double sum = 0;
    for (size_t i = 0; i < evaluation.matches.size(); ++i) {
      sum += query::Bm25Score(evaluation.matches[i], evaluation, lengths[i], average);
    }
    benchmark::DoNotOptimize(sum);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * evaluation.matches.size()));
}
BENCHMARK(BM_Bm25Score)->Arg(1)->Arg(2)->Arg(3);

}  // namespace
}  // namespace newsgraph::bench

BENCHMARK_MAIN();
