// newsgraph: the command-line client of the suite. Human-readable output by default, --json for
// scripts (one JSON object per response, protobuf field names).
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/base/env.h"
#include "common/rpc/security.h"
#include "tools/cli/commands.h"

ABSL_FLAG(std::string, ingest,
          newsgraph::base::EnvOr("NEWSGRAPH_INGEST_ADDRESS", "127.0.0.1:50051"),
          "Ingest service address. Env NEWSGRAPH_INGEST_ADDRESS.");
ABSL_FLAG(std::string, extract,
          newsgraph::base::EnvOr("NEWSGRAPH_EXTRACT_ADDRESS", "127.0.0.1:50052"),
          "Extract service address. Env NEWSGRAPH_EXTRACT_ADDRESS.");
ABSL_FLAG(std::string, query, newsgraph::base::EnvOr("NEWSGRAPH_QUERY_ADDRESS", "127.0.0.1:50053"),
          "Query service address. Env NEWSGRAPH_QUERY_ADDRESS.");
ABSL_FLAG(std::string, tls_ca_file, newsgraph::base::EnvOr("NEWSGRAPH_TLS_CA_FILE", ""),
          "PEM CA of the services' certificates: talk TLS. Env NEWSGRAPH_TLS_CA_FILE.");
ABSL_FLAG(std::string, tls_cert_file, newsgraph::base::EnvOr("NEWSGRAPH_TLS_CERT_FILE", ""),
          "PEM client certificate, for services that require one. Env NEWSGRAPH_TLS_CERT_FILE.");
ABSL_FLAG(std::string, tls_key_file, newsgraph::base::EnvOr("NEWSGRAPH_TLS_KEY_FILE", ""),
          "PEM key of --tls_cert_file. Env NEWSGRAPH_TLS_KEY_FILE.");
ABSL_FLAG(std::string, tls_server_name, newsgraph::base::EnvOr("NEWSGRAPH_TLS_SERVER_NAME", ""),
          "Name the services' certificates carry, if not the address's host. Env "
          "NEWSGRAPH_TLS_SERVER_NAME.");
ABSL_FLAG(std::string, api_key, "",
          "API key for ingest and query. Prefer env NEWSGRAPH_API_KEY: a flag is visible to "
          "every user in the process list.");
ABSL_FLAG(bool, json, false, "Print responses as JSON (one object per line).");
ABSL_FLAG(int, timeout_ms, 10000, "Deadline of each call.");
ABSL_FLAG(int, limit, 10, "search: hits to show; entity: entities to list.");
ABSL_FLAG(bool, verbose, false, "ingest: print a line per document also for a directory.");
ABSL_FLAG(bool, progress, isatty(STDERR_FILENO) != 0,
          "ingest: show a progress line on stderr (default: when stderr is a terminal).");

namespace {

constexpr char kUsage[] = R"(newsgraph — command-line client of the newsgraph services.

Usage: newsgraph [flags] COMMAND [ARGS]

Commands:
  ingest FILE|DIR|-   ingest article files (format: samples/README.md) over one stream; DIR =
                      its *.txt and *.html files, recursively, with progress and a summary
  search WORDS...     full-text search, case- and diacritic-insensitive, inflections through
                      stems; "a phrase", OR, -word, (groups). Flags: --lang --source --from
                      --to (YYYY-MM-DD) --entity=ID,... [--all_entities] --entity_type=person,...
                      --facets=language,source,entity,date [--interval=month] --sort=newest|oldest
                      --page_token --consistency_token=SEQ (read your writes)
  doc ID              one document with its linked mentions
  entity [ID]         an entity with its counts and documents; without ID, the most mentioned
  entities TEXT...    entity autocomplete across scripts ("makron", "Макрон", "Μακρόν")
  related ID          entities mentioned in the same documents, with PMI. Flags: --lang --from
                      --to --limit --page_token
  timeline ID         mentions per --interval=day|week|month (ISO weeks); --from --to
  stories             the same event across languages, newest first; --lang --from --to --limit
  story ID            one story: its documents, languages, dates and shared entities
  health              health of the ingest, extract and query services
  services ADDRESS    the gRPC services at ADDRESS, listed through server reflection

Flags: --ingest --extract --query (addresses), --json, --timeout_ms, --limit, --verbose,
--progress, the search flags above, and for secured services --tls_ca_file (env
NEWSGRAPH_TLS_CA_FILE) and the API key in env NEWSGRAPH_API_KEY; see --help.
Exit status: 0 ok, 1 the request failed, 2 a service is unreachable, 64 usage error.)";

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(kUsage);
  std::vector<char*> positional = absl::ParseCommandLine(argc, argv);
  std::vector<std::string> args(positional.begin() + 1, positional.end());
  if (args.empty()) {
    std::cerr << kUsage << "\n";
    return 64;
  }
  newsgraph::cli::CliOptions options;
  options.ingest_address = absl::GetFlag(FLAGS_ingest);
  options.extract_address = absl::GetFlag(FLAGS_extract);
  options.query_address = absl::GetFlag(FLAGS_query);
  options.json = absl::GetFlag(FLAGS_json);
  options.timeout = absl::Milliseconds(absl::GetFlag(FLAGS_timeout_ms));
  options.limit = absl::GetFlag(FLAGS_limit);
  options.verbose = absl::GetFlag(FLAGS_verbose);
  options.progress = absl::GetFlag(FLAGS_progress);
  auto credentials =
      newsgraph::rpc::MakeChannelCredentials({.ca_file = absl::GetFlag(FLAGS_tls_ca_file),
                                              .cert_file = absl::GetFlag(FLAGS_tls_cert_file),
                                              .key_file = absl::GetFlag(FLAGS_tls_key_file)});
  if (!credentials.ok()) {
    std::cerr << "newsgraph: --" << credentials.status().message() << "\n";
    return 64;
  }
  options.credentials = *credentials;
  options.tls_server_name = absl::GetFlag(FLAGS_tls_server_name);
  options.api_key = absl::GetFlag(FLAGS_api_key);
  if (options.api_key.empty()) options.api_key = newsgraph::base::EnvOr("NEWSGRAPH_API_KEY", "");

  const std::string command = args[0];
  std::vector<std::string> rest(args.begin() + 1, args.end());
  newsgraph::cli::Commands commands(options, std::cout, std::cerr);
  if (command == "ingest" && rest.size() == 1) return commands.Ingest(rest[0]);
  if (command == "search") return commands.Search(absl::StrJoin(rest, " "));
  if (command == "doc" && rest.size() == 1) return commands.Document(rest[0]);
  if (command == "entity" && rest.size() <= 1) {
    return rest.empty() ? commands.ListEntities() : commands.Entity(rest[0]);
  }
  if (command == "entities" && !rest.empty())
    return commands.SearchEntities(absl::StrJoin(rest, " "));
  if (command == "related" && rest.size() == 1) return commands.Related(rest[0]);
  if (command == "timeline" && rest.size() == 1) return commands.Timeline(rest[0]);
  if (command == "stories" && rest.empty()) return commands.Stories();
  if (command == "story" && rest.size() == 1) return commands.Story(rest[0]);
  if (command == "health" && rest.empty()) return commands.Health();
  if (command == "services" && rest.size() == 1) return commands.Services(rest[0]);
  std::cerr << "newsgraph: bad command line: " << absl::StrJoin(args, " ") << "\n\n"
            << kUsage << "\n";
  return 64;
}
