// The CLI's commands, each one or a few RPCs and a printer. Separate from main() so output
// formats can be read in one place.
#ifndef NEWSGRAPH_TOOLS_CLI_COMMANDS_H_
#define NEWSGRAPH_TOOLS_CLI_COMMANDS_H_

#include <ostream>
#include <string>

#include "absl/time/time.h"
#include "grpcpp/support/status.h"

namespace newsgraph::cli {

struct CliOptions {
  std::string ingest_address;
  std::string extract_address;
  std::string query_address;
  bool json = false;
  absl::Duration timeout = absl::Seconds(10);
  int limit = 10;
  // ingest: a line per document even for a directory.
  bool verbose = false;
  // ingest: redraw a progress line on stderr during a bulk load.
  bool progress = false;
};

// Each command returns the process exit status: 0 ok, 1 the request failed (bad input, not
// found), 2 a service could not be reached.
class Commands {
 public:
  Commands(CliOptions options, std::ostream& out, std::ostream& err)
      : options_(std::move(options)), out_(out), err_(err) {}

  int Ingest(const std::string& path);
  // `query` may be empty when --entity is given; search flags are read in search_command.cc.
  int Search(const std::string& query);
  int Document(const std::string& id);
  int Entity(const std::string& id);
  int ListEntities();
  // Entity autocomplete, co-mentioned entities and mention timelines (entity_commands.cc; they
  // read --lang, --from, --to, --interval and --page_token).
  int SearchEntities(const std::string& text);
  int Related(const std::string& id);
  int Timeline(const std::string& id);
  // Stories (story_commands.cc): the list (reads --lang, --from, --to, --page_token) and one.
  int Stories();
  int Story(const std::string& id);
  int Health();
  int Services(const std::string& address);

 private:
  // Prints why a call failed, with a hint when the service is unreachable; returns the exit code.
  int Fail(const std::string& service, const std::string& address, const grpc::Status& status);

  CliOptions options_;
  std::ostream& out_;
  std::ostream& err_;
};

}  // namespace newsgraph::cli

#endif  // NEWSGRAPH_TOOLS_CLI_COMMANDS_H_
