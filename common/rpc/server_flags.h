// The flags every service binary shares, defined once here (only the services' mains link this):
//   --log_format=text|json     env NEWSGRAPH_LOG_FORMAT (default text)
//   --metrics_port=N           env NEWSGRAPH_<SERVICE>_METRICS_PORT (default -1: no endpoint;
//                              0: any free port)
//   --metrics_port_file=PATH   write the bound metrics port there (tests, scripts)
//   --tls_cert_file, --tls_key_file, --tls_client_ca_file   TLS / mutual TLS (security.h)
//   --api_keys_file=PATH       API keys the service accepts (ApiKeysFromFlags)
//   --max_concurrent_streams=N calls one client connection may have open at once
// Each defaults to env NEWSGRAPH_<SERVICE>_<FLAG IN UPPER CASE> when not given.
#ifndef NEWSGRAPH_COMMON_RPC_SERVER_FLAGS_H_
#define NEWSGRAPH_COMMON_RPC_SERVER_FLAGS_H_

#include <string>

#include "absl/status/status.h"
#include "common/rpc/server_runner.h"

namespace newsgraph::rpc {

// Applies the shared flags after absl::ParseCommandLine: sets the log format (base::SetLogFormat)
// and the metrics fields of `options`. `service` is the upper-case name in the environment
// variable ("INGEST" reads NEWSGRAPH_INGEST_METRICS_PORT); a flag wins over the variable.
// InvalidArgument, naming the flag or variable, for an unknown log format or a port that is not
// an integer in -1..65535.
// InvalidArgument too for a max_concurrent_streams below 1. TLS files are read (and checked)
// when the server starts, not here.
absl::Status ApplyServerFlags(const std::string& service, ServerOptions* options);

// The API keys of --api_keys_file (or env NEWSGRAPH_<service>_API_KEYS_FILE): an empty set when
// neither is given. The errors of ApiKeys::FromFile (NotFound, InvalidArgument) otherwise.
absl::StatusOr<ApiKeys> ApiKeysFromFlags(const std::string& service);

}  // namespace newsgraph::rpc

#endif  // NEWSGRAPH_COMMON_RPC_SERVER_FLAGS_H_
