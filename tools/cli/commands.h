// The CLI's commands, each one or a few RPCs and a printer. Separate from main() so output
// formats can be read in one place.
#ifndef NEWSGRAPH_TOOLS_CLI_COMMANDS_H_
#define NEWSGRAPH_TOOLS_CLI_COMMANDS_H_

#include <grpcpp/client_context.h>

#include <optional>
#include <ostream>
#include <string>

#include "absl/time/time.h"
#include "common/rpc/channel.h"
#include "common/rpc/security.h"
#include "grpcpp/support/status.h"
#include "newsgraph/query/v1/query_service.grpc.pb.h"
#include "tools/cli/output.h"

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
  // Null: plaintext. TLS (and a client certificate) for every service.
  std::shared_ptr<grpc::ChannelCredentials> credentials;
  // The name the services' certificates carry, when it is not the host of their addresses.
  std::string tls_server_name;
  // Sent as `authorization: Bearer <key>` to ingest and query; empty: none.
  std::string api_key;
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
  // A channel to `address` with the CLI's credentials.
  std::shared_ptr<grpc::Channel> Channel(const std::string& address) const {
    return rpc::MakeChannel(address,
                            rpc::ChannelOptions{.credentials = options_.credentials,
                                                .server_name_override = options_.tls_server_name});
  }
  // Adds the API key, if any, to a call's metadata.
  void Authorize(grpc::ClientContext* context) const {
    if (!options_.api_key.empty()) {
      context->AddMetadata(rpc::kAuthorizationMetadata, rpc::BearerValue(options_.api_key));
    }
  }

  // Prints why a call failed, with a hint when the service is unreachable; returns the exit code.
  int Fail(const std::string& service, const std::string& address, const grpc::Status& status);

  // Calls one unary method of the query service (e.g. &QueryService::Stub::GetStory) with the
  // CLI's timeout. Returns nullopt when the call succeeded and the caller prints its table;
  // otherwise the exit code to return: 0 after printing the response as --json, or Fail's code.
  template <typename Request, typename Response>
  std::optional<int> CallQuery(grpc::Status (query::v1::QueryService::Stub::*method)(
                                   grpc::ClientContext*, const Request&, Response*),
                               const Request& request, Response* response);

  CliOptions options_;
  std::ostream& out_;
  std::ostream& err_;
};

template <typename Request, typename Response>
std::optional<int> Commands::CallQuery(grpc::Status (query::v1::QueryService::Stub::*method)(
                                           grpc::ClientContext*, const Request&, Response*),
                                       const Request& request, Response* response) {
  auto stub = query::v1::QueryService::NewStub(Channel(options_.query_address));
  grpc::ClientContext context;
  rpc::SetTimeout(&context, options_.timeout);
  Authorize(&context);
  const grpc::Status status = ((*stub).*method)(&context, request, response);
  // A consistency token not reached in time is a failed request, not an unreachable service.
  if (status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED &&
      status.error_message().rfind("min_sequence_number", 0) == 0) {
    err_ << "newsgraph: query: " << status.error_message() << "\n";
    return 1;
  }
  if (!status.ok()) return Fail("query", options_.query_address, status);
  if (options_.json) {
    out_ << Json(*response) << "\n";
    return 0;
  }
  return std::nullopt;
}

}  // namespace newsgraph::cli

#endif  // NEWSGRAPH_TOOLS_CLI_COMMANDS_H_
