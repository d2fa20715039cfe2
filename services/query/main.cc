// newsgraph-query: flags/environment → options → server. Reads the store as a secondary.
#include <algorithm>
#include <cstdlib>
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "common/base/env.h"
#include "common/base/log.h"
#include "common/metrics/metrics.h"
#include "common/rpc/server_flags.h"
#include "common/rpc/server_runner.h"
#include "services/query/core/query_engine.h"
#include "services/query/query_service.h"

ABSL_FLAG(std::string, listen, newsgraph::base::EnvOr("NEWSGRAPH_QUERY_LISTEN", "127.0.0.1:50053"),
          "host:port to serve on (port 0 = any free port). Env NEWSGRAPH_QUERY_LISTEN.");
ABSL_FLAG(std::string, port_file, "", "Write the bound port to this file once serving.");
ABSL_FLAG(std::string, data_dir, newsgraph::base::EnvOr("NEWSGRAPH_DATA_DIR", "var/store"),
          "The store directory ingest writes. Env NEWSGRAPH_DATA_DIR.");
ABSL_FLAG(std::string, secondary_dir,
          newsgraph::base::EnvOr("NEWSGRAPH_SECONDARY_DIR", "var/query-secondary"),
          "This instance's own scratch directory. Env NEWSGRAPH_SECONDARY_DIR.");
ABSL_FLAG(int, catch_up_interval_ms,
          newsgraph::base::EnvOrInt("NEWSGRAPH_QUERY_CATCH_UP_INTERVAL_MS", 0),
          "Catch up with ingest's writes at most this often (0 = on every call). Searches with a "
          "consistency token always wait for it. Env NEWSGRAPH_QUERY_CATCH_UP_INTERVAL_MS.");
ABSL_FLAG(int, max_search_candidates,
          newsgraph::base::EnvOrInt("NEWSGRAPH_QUERY_MAX_SEARCH_CANDIDATES", 50000),
          "Matches one search filters, counts and sorts at most. "
          "Env NEWSGRAPH_QUERY_MAX_SEARCH_CANDIDATES.");

ABSL_FLAG(int, max_query_bytes, newsgraph::base::EnvOrInt("NEWSGRAPH_QUERY_MAX_QUERY_BYTES", 1024),
          "Longest search text accepted (longer: INVALID_ARGUMENT naming the limit). "
          "Env NEWSGRAPH_QUERY_MAX_QUERY_BYTES.");

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage("newsgraph query service: search, documents and entities.");
  absl::ParseCommandLine(argc, argv);
  namespace base = newsgraph::base;
  base::SetLogComponent("query");
  newsgraph::rpc::ServerOptions server_options;
  if (absl::Status flags = newsgraph::rpc::ApplyServerFlags("QUERY", &server_options);
      !flags.ok()) {
    base::Log(base::LogLevel::kError, flags.ToString());
    return EXIT_FAILURE;
  }

  newsgraph::query::QueryEngineOptions options;
  options.data_dir = absl::GetFlag(FLAGS_data_dir);
  options.secondary_dir = absl::GetFlag(FLAGS_secondary_dir);
  options.catch_up_interval =
      absl::Milliseconds(std::max(0, absl::GetFlag(FLAGS_catch_up_interval_ms)));
  options.max_search_candidates =
      static_cast<size_t>(std::max(1, absl::GetFlag(FLAGS_max_search_candidates)));
  options.max_query_bytes = static_cast<size_t>(std::max(1, absl::GetFlag(FLAGS_max_query_bytes)));
  newsgraph::query::QueryEngine engine(options);

  server_options.listen_address = absl::GetFlag(FLAGS_listen);
  server_options.port_file = absl::GetFlag(FLAGS_port_file);
  auto api_keys = newsgraph::rpc::ApiKeysFromFlags("QUERY");
  if (!api_keys.ok()) {
    base::Log(base::LogLevel::kError, api_keys.status().ToString());
    return EXIT_FAILURE;
  }
  newsgraph::query::QueryServiceImpl service(&engine, *api_keys);
  // Freshness of the secondary, computed on every scrape. The lag in writes is ingest's
  // newsgraph_store_sequence_number minus newsgraph_query_sequence_number.
  auto freshness = [&engine](auto field) {
    return [&engine, field] { return static_cast<double>(engine.GetFreshness().*field); };
  };
  using Freshness = newsgraph::query::QueryEngine::Freshness;
  absl::Status metrics = newsgraph::metrics::Registry::Default().AddCallbacks({
      {"newsgraph_query_sequence_number",
       "The store sequence number the secondary has replayed (0 before the store opens).", "gauge",
       freshness(&Freshness::sequence_number)},
      {"newsgraph_query_catch_ups_total", "Successful catch-ups with the primary since start.",
       "counter", freshness(&Freshness::catch_ups)},
      {"newsgraph_query_catch_up_failures_total", "Failed catch-ups with the primary since start.",
       "counter", freshness(&Freshness::catch_up_failures)},
      {"newsgraph_query_seconds_since_catch_up",
       "Seconds since the last successful catch-up (-1 before the first). With "
       "--catch_up_interval_ms=0 every call catches up, so this is the time since the last call.",
       "gauge",
       [&engine] {
         absl::Time last = engine.GetFreshness().last_catch_up;
         return last == absl::InfinitePast() ? -1.0 : absl::ToDoubleSeconds(absl::Now() - last);
       }},
  });
  if (!metrics.ok()) {
    base::Log(base::LogLevel::kError, metrics.ToString());
    return EXIT_FAILURE;
  }
  return newsgraph::rpc::ServeUntilShutdown(
      server_options, {&service}, absl::StrCat("store ", options.data_dir, " (secondary)"));
}
