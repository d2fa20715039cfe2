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
  return newsgraph::rpc::ServeUntilShutdown(
      server_options, {&service}, absl::StrCat("store ", options.data_dir, " (secondary)"));
}
