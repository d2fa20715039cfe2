// NameMatcher throughput (Google Benchmark; not a test):
//   BM_Build           — building the matcher for ~60,000 names
//   BM_Match/samples   — samples/*.txt (7 languages, 4 scripts), document by document
//   BM_Match/slavicner — SlavicNER raw articles (bg, cs, pl, ru, sl, uk), when ../shared is
//                        present; /latin_slavic with Latin-script Slavic endings turned on
// The names are the SlavicNER gold lemmas (real names in six languages, linked by their
// cross-lingual ids) plus the samples' entities, topped up to 60,000 with synthetic names in
// Latin, Vietnamese, Cyrillic, Greek and Han script. At start-up the benchmark also prints how
// many SlavicNER gold mentions the matcher finds with the right span and entity (inflected forms
// found from the lemma), per language: a check of the inflection rules on real text.
// Run: build/bin/newsgraph-matcher-bench [--benchmark_filter=...]
#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_split.h"
#include "benchmark/benchmark.h"
#include "common/text/utf8.h"
#include "services/extract/matcher/name_matcher.h"

namespace newsgraph::extract {
namespace {

namespace fs = std::filesystem;

constexpr size_t kTotalNames = 60000;

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

struct GoldMention {
  size_t begin;  // bytes
  size_t end;
  uint32_t entity;
};

struct Document {
  std::string language;
  std::string text;
  std::vector<GoldMention> gold;
};

struct Corpus {
  std::vector<Document> samples;
  std::vector<Document> slavicner;
  std::vector<NameEntry> names;
  size_t gold_names = 0;
};

// Byte offset of each code point offset in `text` (plus one past the end).
std::vector<size_t> CodePointOffsets(const std::string& text) {
  std::vector<size_t> offsets;
  for (size_t i = 0; i < text.size(); ++i) {
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) offsets.push_back(i);
  }
  offsets.push_back(text.size());
  return offsets;
}

void LoadSlavicNer(Corpus* corpus, absl::flat_hash_map<std::string, uint32_t>* entity_ids) {
  // NG_MATCHER_BENCH_SLAVICNER overrides the compiled-in location (e.g. to run without it).
  const char* override_dir = std::getenv("NG_MATCHER_BENCH_SLAVICNER");
  const fs::path root(override_dir != nullptr ? override_dir : NG_SLAVICNER_DIR);
  if (!fs::is_directory(root / "raw")) {
    std::printf("SlavicNER not found at %s: benchmarking samples/ only\n", root.c_str());
    return;
  }
  std::vector<fs::path> raws;
  for (const auto& entry : fs::recursive_directory_iterator(root / "raw")) {
    if (entry.is_regular_file() && entry.path().extension() == ".txt") raws.push_back(entry);
  }
  std::sort(raws.begin(), raws.end());
  // (lemma, entity) → mentions; a lemma of several entities goes to the commonest first, as a
  // curated knowledge base would order them.
  std::map<std::pair<std::string, uint32_t>, size_t> lemma_counts;
  for (const fs::path& raw : raws) {
    Document doc;
    doc.language = raw.parent_path().filename();
    doc.text = ReadFile(raw);
    if (text::FindInvalidUtf8(doc.text)) continue;
    fs::path tsv = root / "ner" / fs::relative(raw, root / "raw");
    tsv.replace_extension(".tsv");
    const std::string gold = ReadFile(tsv);
    const std::vector<size_t> offsets = CodePointOffsets(doc.text);
    for (absl::string_view line : absl::StrSplit(gold, '\n')) {
      std::vector<std::string> fields = absl::StrSplit(line, '\t');
      if (fields.size() < 6) continue;
      const size_t begin = std::stoul(fields[0]);
      const size_t end = std::stoul(fields[1]);
      if (begin >= end || end >= offsets.size()) continue;
      const auto [id, inserted] =
          entity_ids->try_emplace(fields[5], static_cast<uint32_t>(entity_ids->size()));
      doc.gold.push_back({offsets[begin], offsets[end], id->second});
      ++lemma_counts[{fields[3], id->second}];
    }
    corpus->slavicner.push_back(std::move(doc));
  }
  std::vector<std::pair<size_t, NameEntry>> by_count;
  for (const auto& [lemma, count] : lemma_counts) {
    by_count.push_back({count, {lemma.first, lemma.second}});
  }
  std::stable_sort(by_count.begin(), by_count.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  for (auto& [count, name] : by_count) corpus->names.push_back(std::move(name));
  corpus->gold_names = corpus->names.size();
}

// Pseudo-names: syllables of each script, one to three words.
void AddSyntheticNames(size_t total, uint32_t first_entity, std::vector<NameEntry>* names) {
  const std::vector<std::vector<std::string>> syllables = {
      {"ka", "ro", "min", "ve", "la", "tu", "sen", "dor", "bri", "an", "mo", "zel", "qui", "ta"},
      {"Nguyễn", "Thành", "Hưng", "Phước", "Đăng", "Quỳnh", "Lê", "Trần", "Bảo", "Ngọc", "Vũ"},
      {"ко", "ро", "він", "ма", "ле", "нко", "сла", "ва", "де", "рій", "мир", "ба", "ти", "щук"},
      {"κα", "ρα", "μα", "νο", "που", "λος", "δη", "μη", "τρης", "γιαν", "νης", "σο", "φια"},
  };
  std::mt19937 rng(60000);
  uint32_t entity = first_entity;
  while (names->size() < total) {
    const size_t script = rng() % 5;
    std::string name;
    if (script == 4) {  // Han: 2-4 characters
      const int length = 2 + static_cast<int>(rng() % 3);
      for (int i = 0; i < length; ++i) text::AppendUtf8(0x4E00 + rng() % 0x5000, &name);
    } else {
      const int words = 1 + static_cast<int>(rng() % 3);
      for (int w = 0; w < words; ++w) {
        if (w > 0) name.push_back(' ');
        const std::vector<std::string>& pool = syllables[script];
        const int length = script == 1 ? 1 : 2 + static_cast<int>(rng() % 2);
        for (int i = 0; i < length; ++i) name += pool[rng() % pool.size()];
      }
    }
    names->push_back({std::move(name), entity++});
  }
}

const Corpus& GetCorpus() {
  static const Corpus* const corpus = [] {
    auto* c = new Corpus();
    for (const auto& entry : fs::directory_iterator(NG_SAMPLES_DIR)) {
      if (entry.path().extension() != ".txt") continue;
      // File names end in the language, possibly followed by "-messy".
      std::string language;
      for (absl::string_view part : absl::StrSplit(entry.path().stem().string(), '-')) {
        if (part.size() == 2) language = std::string(part);
      }
      c->samples.push_back({language, ReadFile(entry.path()), {}});
    }
    absl::flat_hash_map<std::string, uint32_t> entity_ids;
    LoadSlavicNer(c, &entity_ids);
    uint32_t next = static_cast<uint32_t>(entity_ids.size());
    for (const char* name :
         {"Emmanuel Macron", "Macron",   "Емманюель Макрон", "Макрон", "Μακρόν",    "马克龙",
          "Friedrich Merz",  "Мерц",     "Germany",          "Đức",    "Німеччина", "Германия",
          "Γερμανία",        "德国",     "Berlin",           "Берлін", "Берлин",    "Βερολίνο",
          "Samsung",         "TSMC",     "Nvidia",           "英伟达", "Việt Nam",  "Hà Nội",
          "Japan",           "Nhật Bản", "Японія",           "Япония", "Ιαπωνία",   "日本"}) {
      c->names.push_back({name, next++});
    }
    AddSyntheticNames(kTotalNames, next + 1000, &c->names);
    return c;
  }();
  return *corpus;
}

const NameMatcher& GetMatcher() {
  static const NameMatcher* const matcher = [] {
    auto built = NameMatcher::Build(GetCorpus().names);
    if (!built.ok()) {
      std::fprintf(stderr, "Build failed: %s\n", std::string(built.status().message()).c_str());
      std::abort();
    }
    const NameMatcher::Stats& s = built->stats();
    std::printf(
        "matcher: %zu names, %zu patterns, %zu exact short names, %zu skipped, "
        "%zu symbols, %zu states\n",
        s.names, s.patterns, s.exact_names, s.skipped_names, s.symbols, s.states);
    return new NameMatcher(std::move(*built));
  }();
  return *matcher;
}

// Recall of SlavicNER gold mentions (right span and entity), per language.
void PrintGoldRecall(const NameMatcher& matcher, const std::vector<Document>& docs) {
  for (const bool latin_slavic : {false, true}) {
    NameMatchOptions options;
    options.latin_slavic_inflection = latin_slavic;
    std::map<std::string, std::pair<size_t, size_t>> by_language;  // found, total
    std::map<std::string, std::pair<size_t, size_t>> matched;      // on a gold span, total
    for (const Document& doc : docs) {
      auto matches = matcher.Match(doc.text, options);
      if (!matches.ok()) continue;
      auto& [found, total] = by_language[doc.language];
      auto& [on_gold, all] = matched[doc.language];
      for (const GoldMention& gold : doc.gold) {
        ++total;
        for (const NameMatch& m : *matches) {
          if (m.begin == gold.begin && m.end == gold.end && m.entity_index == gold.entity) {
            ++found;
            break;
          }
        }
      }
      for (const NameMatch& m : *matches) {
        ++all;
        for (const GoldMention& gold : doc.gold) {
          if (m.begin == gold.begin && m.end == gold.end) {
            ++on_gold;
            break;
          }
        }
      }
    }
    std::printf("SlavicNER gold mentions found with span and entity (latin_slavic_inflection=%d):",
                latin_slavic);
    for (const auto& [language, counts] : by_language) {
      std::printf(" %s %.1f%%", language.c_str(), 100.0 * counts.first / counts.second);
    }
    std::printf("\n  matches on a gold span:");
    for (const auto& [language, counts] : matched) {
      std::printf(" %s %.1f%%", language.c_str(), 100.0 * counts.first / counts.second);
    }
    std::printf("\n");
  }
}

void BM_Build(benchmark::State& state) {
  const Corpus& corpus = GetCorpus();
  for (auto _ : state) {
    auto built = NameMatcher::Build(corpus.names);
    benchmark::DoNotOptimize(built);
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * corpus.names.size()));
}
BENCHMARK(BM_Build)->Unit(benchmark::kMillisecond);

void RunMatch(benchmark::State& state, const std::vector<Document>& docs, bool latin_slavic) {
  if (docs.empty()) {
    state.SkipWithError("corpus not available");
    return;
  }
  const NameMatcher& matcher = GetMatcher();
  NameMatchOptions options;
  options.latin_slavic_inflection = latin_slavic;
  size_t bytes = 0;
  size_t found = 0;
  for (auto _ : state) {
    for (const Document& doc : docs) {
      auto matches = matcher.Match(doc.text, options);
      found += matches->size();
      bytes += doc.text.size();
    }
  }
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
  state.counters["matches_per_MB"] =
      benchmark::Counter(static_cast<double>(found) * 1e6 / static_cast<double>(bytes));
}

void BM_MatchSamples(benchmark::State& state) { RunMatch(state, GetCorpus().samples, false); }
BENCHMARK(BM_MatchSamples)->Name("BM_Match/samples");

// The samples of one language at a time, to see what each script costs.
void RegisterPerLanguage() {
  for (const char* language : {"en", "vi", "de", "uk", "ru", "el", "zh"}) {
    benchmark::RegisterBenchmark((std::string("BM_Match/samples/") + language).c_str(),
                                 [language](benchmark::State& state) {
                                   std::vector<Document> docs;
                                   for (const Document& doc : GetCorpus().samples) {
                                     if (doc.language == language) docs.push_back(doc);
                                   }
                                   RunMatch(state, docs, false);
                                 });
  }
}

void BM_MatchSlavicNer(benchmark::State& state) { RunMatch(state, GetCorpus().slavicner, false); }
BENCHMARK(BM_MatchSlavicNer)->Name("BM_Match/slavicner")->Unit(benchmark::kMillisecond);

void BM_MatchSlavicNerLatinSlavic(benchmark::State& state) {
  RunMatch(state, GetCorpus().slavicner, true);
}
BENCHMARK(BM_MatchSlavicNerLatinSlavic)
    ->Name("BM_Match/slavicner/latin_slavic")
    ->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace newsgraph::extract

int main(int argc, char** argv) {
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  const auto& corpus = newsgraph::extract::GetCorpus();
  std::printf(
      "corpus: %zu sample documents, %zu SlavicNER documents, %zu names (%zu gold lemmas)\n",
      corpus.samples.size(), corpus.slavicner.size(), corpus.names.size(), corpus.gold_names);
  if (!corpus.slavicner.empty()) {
    newsgraph::extract::PrintGoldRecall(newsgraph::extract::GetMatcher(), corpus.slavicner);
  }
  newsgraph::extract::RegisterPerLanguage();
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
