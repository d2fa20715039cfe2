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

namespace newsgraph::rpc {

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
  return absl::OkStatus();
}

}  // namespace newsgraph::rpc
