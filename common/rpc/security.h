// Transport security and API keys, configured by file paths so that no secret ever appears on a
// command line or in a log line.
//
// - TLS on a server: a certificate chain and its key (PEM). With a client CA as well, the server
//   requires and verifies client certificates (mutual TLS, used between ingest and extract).
// - TLS on a client: the CA that signed the server's certificate, plus a client certificate and
//   key for mutual TLS.
// - API keys: a file with one key per line ('#' comments and blank lines ignored); callers send
//   `authorization: Bearer <key>`. Health and reflection never ask for a key.
#ifndef NEWSGRAPH_COMMON_RPC_SECURITY_H_
#define NEWSGRAPH_COMMON_RPC_SECURITY_H_

#include <grpcpp/security/credentials.h>
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server_context.h>
#include <grpcpp/support/server_callback.h>

#include <memory>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "common/rpc/status.h"

namespace newsgraph::rpc {

struct ServerTlsOptions {
  std::string cert_file;       // PEM certificate chain; empty = plaintext
  std::string key_file;        // PEM private key of that certificate
  std::string client_ca_file;  // PEM CA; non-empty = require and verify client certificates
};

struct ClientTlsOptions {
  std::string ca_file;    // PEM CA that signed the server certificate; empty = plaintext
  std::string cert_file;  // PEM client certificate chain for mutual TLS (optional)
  std::string key_file;   // its PEM private key
  // The name to check the server certificate against, when it differs from the target's host
  // (e.g. connecting to 127.0.0.1 with a certificate for "extract"). Empty: the target's host.
  std::string server_name_override;
};

// The server credentials for `options`: insecure when cert_file is empty, otherwise TLS (and
// mutual TLS when client_ca_file is set). InvalidArgument naming the option ("tls_key_file ...")
// when only one of cert/key is given or a client CA is given without a certificate; NotFound
// naming the file when one cannot be read; InvalidArgument when a file holds no PEM block.
absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> MakeServerCredentials(
    const ServerTlsOptions& options);

// The channel credentials for `options`: insecure when ca_file is empty, otherwise TLS verifying
// the server against ca_file, presenting cert_file/key_file when given. InvalidArgument when only
// one of cert/key is given or a client certificate is given without a CA; NotFound naming the
// file when one cannot be read.
absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> MakeChannelCredentials(
    const ClientTlsOptions& options);

// The keys a service accepts. An empty set accepts every call (keys turned off).
class ApiKeys {
 public:
  ApiKeys() = default;

  // Reads `path` (one key per line; blank lines and lines starting with '#' ignored; surrounding
  // white space trimmed). An empty path gives the empty (open) set. NotFound naming the file when
  // it cannot be read; InvalidArgument (with the line number, never the key) for a key shorter
  // than 16 bytes or containing characters other than printable ASCII, or a file with no key.
  static absl::StatusOr<ApiKeys> FromFile(const std::string& path);

  // The set of `keys` (for tests); the same rules as FromFile.
  static absl::StatusOr<ApiKeys> FromKeys(const std::vector<std::string>& keys);

  bool enabled() const { return !keys_.empty(); }

  // OK when keys are off or the call's `authorization` metadata is "Bearer <key>" with a known
  // key. Unauthenticated otherwise, saying whether the header was missing, malformed or the key
  // unknown — never echoing the key. Comparison takes the same time whatever the key's content.
  absl::Status Check(const grpc::ServerContextBase& context) const;

  // The same check on the metadata value itself ("" when the header is absent).
  absl::Status CheckHeader(std::string_view authorization, bool present) const;

 private:
  std::vector<std::string> keys_;
};

// Finishes a unary call of a service that `keys` protect: Unauthenticated, without running
// `handler`, when the call carries no valid key; otherwise handler()'s status (absl::Status).
template <typename Handler>
grpc::ServerUnaryReactor* FinishAuthorized(grpc::CallbackServerContext* context,
                                           const ApiKeys& keys, Handler&& handler) {
  absl::Status status = keys.Check(*context);
  if (status.ok()) status = handler();
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  reactor->Finish(ToGrpcStatus(status));
  return reactor;
}

// The metadata key and value a client sends for `api_key`.
inline constexpr char kAuthorizationMetadata[] = "authorization";
std::string BearerValue(const std::string& api_key);

}  // namespace newsgraph::rpc

#endif  // NEWSGRAPH_COMMON_RPC_SECURITY_H_
