// newsgraph-load: measures the running services over gRPC.
//   newsgraph-load ingest --corpus=FILE [--ingest=ADDR] [--concurrency=N] [--batch_size=B]
//   newsgraph-load query --queries=FILE [--query=ADDR] [--concurrency=N] [--requests=N |
//                        --duration_s=T] [--mix=text:7,entity_search:1,...]
// Prints a table, or one JSON object with --json. Exit status: 0 when every call succeeded,
// 1 when some failed (or, with --fail_on_empty, a query kind never found anything), 2 when the
// service is unreachable or the load could not start, 64 usage error.
#include <fstream>
#include <iostream>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "bench/corpus_reader.h"
#include "bench/load.h"

ABSL_FLAG(std::string, ingest, "127.0.0.1:50051", "Address of the ingest service.");
ABSL_FLAG(std::string, query, "127.0.0.1:50053", "Address of the query service.");
ABSL_FLAG(std::string, corpus, "", "ingest: the JSONL corpus (bench/corpus.py).");
ABSL_FLAG(int64_t, limit, 0, "ingest: send only the first N documents (0: all).");
ABSL_FLAG(int, concurrency, 2, "Streams / calls in flight.");
ABSL_FLAG(int, batch_size, 0, "ingest: 0 = IngestStream; N = IngestBatch calls of N documents.");
ABSL_FLAG(std::string, queries, "", "query: file of text queries, one per line.");
ABSL_FLAG(int64_t, requests, 1000, "query: calls in all (unless --duration_s).");
ABSL_FLAG(double, duration_s, 0, "query: run for this many seconds instead of --requests.");
ABSL_FLAG(std::string, mix, "text:7,entity_search:1,get_entity:1,related:1,timeline:1",
          "query: kind:weight,... of text, entity_search, get_entity, related, timeline.");
ABSL_FLAG(int, page_size, 10, "query: hits per search.");
ABSL_FLAG(int, deadline_ms, 5000,
          "query: deadline of each call (ingest: of each batch call; "
          "a stream gets an hour).");
ABSL_FLAG(uint64_t, seed, 1, "query: seed of the kind and entity choices.");
ABSL_FLAG(int64_t, warmup, 0, "query: unmeasured calls before the run (the same mix).");
ABSL_FLAG(bool, json, false, "Print one JSON object instead of a table.");
ABSL_FLAG(bool, fail_on_empty, false,
          "query: exit 1 when a kind got no answer with a result (smoke tests).");

namespace {

namespace bench = newsgraph::bench;

constexpr int kExitFailed = 1, kExitUnavailable = 2, kExitUsage = 64;

std::string JsonString(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      out += absl::StrFormat("\\u%04x", c);
    } else {
      out += c;
    }
  }
  return out + "\"";
}

std::string JsonStrings(const std::vector<std::string>& items) {
  std::vector<std::string> quoted;
  for (const auto& item : items) quoted.push_back(JsonString(item));
  return absl::StrCat("[", absl::StrJoin(quoted, ","), "]");
}

int RunIngest() {
  std::string path = absl::GetFlag(FLAGS_corpus);
  if (path.empty()) {
    std::cerr << "newsgraph-load ingest: --corpus=FILE is required\n";
    return kExitUsage;
  }
  auto corpus = bench::ReadCorpus(path, absl::GetFlag(FLAGS_limit));
  if (!corpus.ok()) {
    std::cerr << "newsgraph-load: " << corpus.status() << "\n";
    return kExitUsage;
  }
  bench::IngestLoadOptions options;
  options.address = absl::GetFlag(FLAGS_ingest);
  options.concurrency = absl::GetFlag(FLAGS_concurrency);
  options.batch_size = absl::GetFlag(FLAGS_batch_size);
  if (options.batch_size > 0)
    options.deadline = absl::Milliseconds(absl::GetFlag(FLAGS_deadline_ms)) * options.batch_size;
  auto report = bench::RunIngestLoad(options, *corpus);
  if (!report.ok()) {
    std::cerr << "newsgraph-load: " << report.status() << "\n";
    return kExitUnavailable;
  }
  double seconds = absl::ToDoubleSeconds(report->elapsed);
  double docs_per_s = report->documents / seconds;
  double mb_per_s = report->bytes / 1e6 / seconds;
  if (absl::GetFlag(FLAGS_json)) {
    std::vector<std::string> outcomes;
    for (const auto& [name, count] : report->outcomes) {
      outcomes.push_back(absl::StrCat(JsonString(name), ":", count));
    }
    std::cout << absl::StrFormat(
        "{\"mode\":\"ingest\",\"api\":%s,\"concurrency\":%d,\"batch_size\":%d,"
        "\"documents\":%d,\"bytes\":%d,\"seconds\":%.3f,\"docs_per_s\":%.1f,\"mb_per_s\":%.3f,"
        "\"mentions\":%d,\"outcomes\":{%s},\"errors\":%d,\"error_samples\":%s}\n",
        JsonString(options.batch_size > 0 ? "IngestBatch" : "IngestStream"), options.concurrency,
        options.batch_size, report->documents, report->bytes, seconds, docs_per_s, mb_per_s,
        report->mentions, absl::StrJoin(outcomes, ","), report->errors,
        JsonStrings(report->error_samples));
  } else {
    std::cout << absl::StrFormat(
        "ingest via %s, concurrency %d%s: %d documents, %.1f MB in %.2f s = %.1f docs/s, %.2f "
        "MB/s; %d mentions; %d errors\n",
        options.batch_size > 0 ? "IngestBatch" : "IngestStream", options.concurrency,
        options.batch_size > 0 ? absl::StrCat(", batch ", options.batch_size) : "",
        report->documents, report->bytes / 1e6, seconds, docs_per_s, mb_per_s, report->mentions,
        report->errors);
    for (const auto& [name, count] : report->outcomes)
      std::cout << "  " << name << ": " << count << "\n";
    for (const auto& sample : report->error_samples) std::cout << "  error: " << sample << "\n";
  }
  if (report->documents == 0) {
    std::cerr << "newsgraph-load: the corpus holds no document\n";
    return kExitFailed;
  }
  return report->errors == 0 ? 0 : kExitFailed;
}

std::string KindJson(const bench::KindReport& kind) {
  const bench::LatencySummary& l = kind.latency;
  return absl::StrFormat(
      "{\"count\":%d,\"errors\":%d,\"empty\":%d,\"p50_ms\":%.3f,\"p95_ms\":%.3f,"
      "\"p99_ms\":%.3f,\"max_ms\":%.3f,\"mean_ms\":%.3f,\"error_samples\":%s}",
      l.count, kind.errors, kind.empty, l.p50_ms, l.p95_ms, l.p99_ms, l.max_ms, l.mean_ms,
      JsonStrings(kind.error_samples));
}

int RunQuery() {
  bench::QueryLoadOptions options;
  options.address = absl::GetFlag(FLAGS_query);
  options.concurrency = absl::GetFlag(FLAGS_concurrency);
  options.requests = absl::GetFlag(FLAGS_requests);
  options.duration = absl::Seconds(absl::GetFlag(FLAGS_duration_s));
  options.deadline = absl::Milliseconds(absl::GetFlag(FLAGS_deadline_ms));
  options.page_size = absl::GetFlag(FLAGS_page_size);
  options.seed = absl::GetFlag(FLAGS_seed);
  options.warmup = absl::GetFlag(FLAGS_warmup);
  for (absl::string_view item : absl::StrSplit(absl::GetFlag(FLAGS_mix), ',', absl::SkipEmpty())) {
    std::pair<std::string, std::string> parts = absl::StrSplit(item, absl::MaxSplits(':', 1));
    int weight = 1;
    if (!parts.second.empty() && !absl::SimpleAtoi(parts.second, &weight)) {
      std::cerr << "newsgraph-load: --mix: bad weight in \"" << item << "\"\n";
      return kExitUsage;
    }
    options.mix[parts.first] = weight;
  }
  if (std::string path = absl::GetFlag(FLAGS_queries); !path.empty()) {
    std::ifstream in(path);
    if (!in) {
      std::cerr << "newsgraph-load: cannot read --queries " << path << "\n";
      return kExitUsage;
    }
    for (std::string line; std::getline(in, line);) {
      absl::string_view query = absl::StripAsciiWhitespace(line);
      if (!query.empty()) options.text_queries.emplace_back(query);
    }
  }
  auto report = bench::RunQueryLoad(options);
  if (!report.ok()) {
    std::cerr << "newsgraph-load: " << report.status() << "\n";
    return report.status().code() == absl::StatusCode::kInvalidArgument ? kExitUsage
                                                                        : kExitUnavailable;
  }
  double seconds = absl::ToDoubleSeconds(report->elapsed);
  double qps = report->requests / seconds;
  if (absl::GetFlag(FLAGS_json)) {
    std::vector<std::string> kinds;
    for (const auto& [name, kind] : report->kinds) {
      kinds.push_back(absl::StrCat(JsonString(name), ":", KindJson(kind)));
    }
    std::cout << absl::StrFormat(
        "{\"mode\":\"query\",\"concurrency\":%d,\"requests\":%d,\"seconds\":%.3f,\"qps\":%.1f,"
        "\"entities\":%d,\"all\":%s,\"kinds\":{%s}}\n",
        options.concurrency, report->requests, seconds, qps, report->entities,
        KindJson(report->all), absl::StrJoin(kinds, ","));
  } else {
    std::cout << absl::StrFormat(
        "query, concurrency %d: %d calls in %.2f s = %.1f QPS (entity kinds drew from %d "
        "entities)\n%-14s %7s %6s %6s %9s %9s %9s %9s\n",
        options.concurrency, report->requests, seconds, qps, report->entities, "kind", "ok",
        "errors", "empty", "p50 ms", "p95 ms", "p99 ms", "max ms");
    auto row = [](const std::string& name, const bench::KindReport& kind) {
      const bench::LatencySummary& l = kind.latency;
      std::cout << absl::StrFormat("%-14s %7d %6d %6d %9.2f %9.2f %9.2f %9.2f\n", name, l.count,
                                   kind.errors, kind.empty, l.p50_ms, l.p95_ms, l.p99_ms, l.max_ms);
    };
    for (const auto& [name, kind] : report->kinds) row(name, kind);
    row("all", report->all);
    for (const auto& sample : report->all.error_samples) std::cout << "  error: " << sample << "\n";
  }
  if (report->all.errors > 0) return kExitFailed;
  if (absl::GetFlag(FLAGS_fail_on_empty)) {
    for (const auto& [name, kind] : report->kinds) {
      if (kind.latency.count == kind.empty) {
        std::cerr << "newsgraph-load: no " << name << " call found anything\n";
        return kExitFailed;
      }
    }
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "newsgraph-load ingest|query [flags]: drives the running services and measures them.");
  std::vector<char*> args = absl::ParseCommandLine(argc, argv);
  std::string mode = args.size() == 2 ? args[1] : "";
  if (mode == "ingest") return RunIngest();
  if (mode == "query") return RunQuery();
  std::cerr << "usage: newsgraph-load ingest --corpus=FILE | query --queries=FILE [flags]; "
               "--help for the flags\n";
  return kExitUsage;
}
