#include "common/rpc/server_flags.h"

#include <cstdlib>
#include <optional>
#include <string>

#include "absl/flags/flag.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/base/env.h"
#include "common/base/log.h"

ABSL_FLAG(std::string, log_format, newsgraph::base::EnvOr("NEWSGRAPH_LOG_FORMAT", "text"),
          "text: one readable line per event; json: one JSON object per line (time, level, "
          "service, msg, and per call method, code, latency_ms, peer, request_bytes). "
          "Env NEWSGRAPH_LOG_FORMAT.");
ABSL_FLAG(std::optional<int>, metrics_port, std::nullopt,
          "Port of the Prometheus endpoint (GET /metrics, /healthz) on the --listen host; -1: "
          "none, 0: any free port. Default: env NEWSGRAPH_<SERVICE>_METRICS_PORT, else -1.");
ABSL_FLAG(std::string, metrics_port_file, "",
          "Write the bound metrics port to this file once serving.");
ABSL_FLAG(std::string, tls_cert_file, "",
          "PEM certificate chain: serve TLS (with --tls_key_file). Default: env "
          "NEWSGRAPH_<SERVICE>_TLS_CERT_FILE, else plaintext.");
ABSL_FLAG(std::string, tls_key_file, "",
          "PEM private key of --tls_cert_file. Default: env NEWSGRAPH_<SERVICE>_TLS_KEY_FILE.");
ABSL_FLAG(std::string, tls_client_ca_file, "",
          "PEM CA: require client certificates signed by it (mutual TLS). Default: env "
          "NEWSGRAPH_<SERVICE>_TLS_CLIENT_CA_FILE.");
ABSL_FLAG(std::string, api_keys_file, "",
          "File of API keys, one per line: every call but health and reflection needs metadata "
          "`authorization: Bearer <key>`. Default: env NEWSGRAPH_<SERVICE>_API_KEYS_FILE, else "
          "no keys.");
ABSL_FLAG(std::optional<int>, max_concurrent_streams, std::nullopt,
          "Most concurrent calls per client connection (further calls wait). Default: env "
          "NEWSGRAPH_<SERVICE>_MAX_CONCURRENT_STREAMS, else 100.");

namespace newsgraph::rpc {
namespace {

// The flag's value, or when it is empty the variable NEWSGRAPH_<service>_<suffix>.
std::string FlagOrEnv(const std::string& flag, const std::string& service,
                      const std::string& suffix) {
  if (!flag.empty()) return flag;
  const std::string variable = absl::StrCat("NEWSGRAPH_", service, "_", suffix);
  return base::EnvOr(variable.c_str(), "");
}

}  // namespace

absl::Status ApplyServerFlags(const std::string& service, ServerOptions* options) {
  absl::StatusOr<base::LogFormat> format = base::ParseLogFormat(absl::GetFlag(FLAGS_log_format));
  if (!format.ok()) return format.status();
  base::SetLogFormat(*format);

  std::optional<int> port = absl::GetFlag(FLAGS_metrics_port);
  std::string source = "metrics_port";
  if (!port.has_value()) {
    std::string variable = absl::StrCat("NEWSGRAPH_", service, "_METRICS_PORT");
    std::string value = base::EnvOr(variable.c_str(), "");
    if (!value.empty()) {
      int parsed = 0;
      if (!absl::SimpleAtoi(value, &parsed)) {
        return absl::InvalidArgumentError(
            absl::StrCat(variable, ": want a port number, got \"", value, "\""));
      }
      port = parsed;
      source = variable;
    }
  }
  int metrics_port = port.value_or(-1);
  if (metrics_port < -1 || metrics_port > 65535) {
    return absl::InvalidArgumentError(
        absl::StrCat(source, ": want -1 (off), 0 (any free port) or 1..65535, got ", metrics_port));
  }
  options->metrics_port = metrics_port;
  options->metrics_port_file = absl::GetFlag(FLAGS_metrics_port_file);

  options->tls.cert_file = FlagOrEnv(absl::GetFlag(FLAGS_tls_cert_file), service, "TLS_CERT_FILE");
  options->tls.key_file = FlagOrEnv(absl::GetFlag(FLAGS_tls_key_file), service, "TLS_KEY_FILE");
  options->tls.client_ca_file =
      FlagOrEnv(absl::GetFlag(FLAGS_tls_client_ca_file), service, "TLS_CLIENT_CA_FILE");

  std::optional<int> streams = absl::GetFlag(FLAGS_max_concurrent_streams);
  if (!streams.has_value()) {
    const std::string value = FlagOrEnv("", service, "MAX_CONCURRENT_STREAMS");
    int parsed = 0;
    if (!value.empty()) {
      if (!absl::SimpleAtoi(value, &parsed)) {
        return absl::InvalidArgumentError(absl::StrCat(
            "NEWSGRAPH_", service, "_MAX_CONCURRENT_STREAMS: want a number, got \"", value, "\""));
      }
      streams = parsed;
    }
  }
  if (streams.has_value()) {
    if (*streams < 1) {
      return absl::InvalidArgumentError(
          absl::StrCat("max_concurrent_streams: want at least 1, got ", *streams));
    }
    options->max_concurrent_streams = *streams;
  }
  return absl::OkStatus();
}

absl::StatusOr<ApiKeys> ApiKeysFromFlags(const std::string& service) {
  return ApiKeys::FromFile(FlagOrEnv(absl::GetFlag(FLAGS_api_keys_file), service, "API_KEYS_FILE"));
}

}  // namespace newsgraph::rpc
