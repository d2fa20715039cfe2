#include "common/rpc/security.h"

#include <fstream>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/base/status_macros.h"

namespace newsgraph::rpc {
namespace {

constexpr size_t kMinKeyBytes = 16;

// The whole of the file at `path`. NotFound naming `what` (the option) when it cannot be read.
absl::StatusOr<std::string> ReadWholeFile(const std::string& path, const std::string& what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat(what, ": cannot read ", path));
  std::stringstream contents;
  contents << in.rdbuf();
  return contents.str();
}

// The whole of a PEM file. `what` names the option in errors.
absl::StatusOr<std::string> ReadPem(const std::string& path, const std::string& what) {
  ASSIGN_OR_RETURN(std::string pem, ReadWholeFile(path, what));
  if (pem.find("-----BEGIN ") == std::string::npos) {
    return absl::InvalidArgumentError(absl::StrCat(what, ": ", path, " holds no PEM block"));
  }
  return pem;
}

// Equal in time independent of where `a` and `b` differ (only their lengths leak).
bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char difference = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    difference |= static_cast<unsigned char>(a[i] ^ b[i]);
  }
  return difference == 0;
}

absl::Status ValidateKey(std::string_view key, const std::string& where) {
  if (key.size() < kMinKeyBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat(where, ": API key shorter than ", kMinKeyBytes, " bytes"));
  }
  for (char c : key) {
    if (c <= ' ' || c > '~') {
      return absl::InvalidArgumentError(
          absl::StrCat(where, ": API key with a character other than printable ASCII"));
    }
  }
  return absl::OkStatus();
}

}  // namespace

absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> MakeServerCredentials(
    const ServerTlsOptions& options) {
  if (options.cert_file.empty() && options.key_file.empty()) {
    if (!options.client_ca_file.empty()) {
      return absl::InvalidArgumentError(
          "tls_client_ca_file: client certificates need TLS: give tls_cert_file and "
          "tls_key_file too");
    }
    return grpc::InsecureServerCredentials();
  }
  if (options.cert_file.empty() || options.key_file.empty()) {
    return absl::InvalidArgumentError(options.cert_file.empty()
                                          ? "tls_cert_file: required with tls_key_file"
                                          : "tls_key_file: required with tls_cert_file");
  }
  grpc::SslServerCredentialsOptions ssl;
  grpc::SslServerCredentialsOptions::PemKeyCertPair pair;
  ASSIGN_OR_RETURN(pair.cert_chain, ReadPem(options.cert_file, "tls_cert_file"));
  ASSIGN_OR_RETURN(pair.private_key, ReadPem(options.key_file, "tls_key_file"));
  ssl.pem_key_cert_pairs.push_back(std::move(pair));
  if (!options.client_ca_file.empty()) {
    ASSIGN_OR_RETURN(ssl.pem_root_certs, ReadPem(options.client_ca_file, "tls_client_ca_file"));
    ssl.client_certificate_request = GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY;
  }
  return grpc::SslServerCredentials(ssl);
}

absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> MakeChannelCredentials(
    const ClientTlsOptions& options) {
  if (options.cert_file.empty() != options.key_file.empty()) {
    return absl::InvalidArgumentError(options.cert_file.empty()
                                          ? "tls_cert_file: required with tls_key_file"
                                          : "tls_key_file: required with tls_cert_file");
  }
  if (options.ca_file.empty()) {
    if (!options.cert_file.empty()) {
      return absl::InvalidArgumentError(
          "tls_ca_file: a client certificate needs TLS: give the CA of the server too");
    }
    return grpc::InsecureChannelCredentials();
  }
  grpc::SslCredentialsOptions ssl;
  ASSIGN_OR_RETURN(ssl.pem_root_certs, ReadPem(options.ca_file, "tls_ca_file"));
  if (!options.cert_file.empty()) {
    ASSIGN_OR_RETURN(ssl.pem_cert_chain, ReadPem(options.cert_file, "tls_cert_file"));
    ASSIGN_OR_RETURN(ssl.pem_private_key, ReadPem(options.key_file, "tls_key_file"));
  }
  return grpc::SslCredentials(ssl);
}

absl::StatusOr<ApiKeys> ApiKeys::FromFile(const std::string& path) {
  if (path.empty()) return ApiKeys();
  ASSIGN_OR_RETURN(const std::string contents, ReadWholeFile(path, "api_keys_file"));
  ApiKeys keys;
  int line_number = 0;
  for (absl::string_view line : absl::StrSplit(contents, '\n')) {
    ++line_number;
    absl::string_view key = absl::StripAsciiWhitespace(line);
    if (key.empty() || key[0] == '#') continue;
    RETURN_IF_ERROR(ValidateKey(std::string_view(key.data(), key.size()),
                                absl::StrCat("api_keys_file ", path, " line ", line_number)));
    keys.keys_.emplace_back(key);
  }
  if (keys.keys_.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("api_keys_file: ", path, " holds no key"));
  }
  return keys;
}

absl::StatusOr<ApiKeys> ApiKeys::FromKeys(const std::vector<std::string>& keys) {
  ApiKeys result;
  for (size_t i = 0; i < keys.size(); ++i) {
    RETURN_IF_ERROR(ValidateKey(keys[i], absl::StrCat("key ", i)));
    result.keys_.push_back(keys[i]);
  }
  return result;
}

absl::Status ApiKeys::CheckHeader(std::string_view authorization, bool present) const {
  if (keys_.empty()) return absl::OkStatus();
  if (!present) {
    return absl::UnauthenticatedError(
        "missing API key: send metadata \"authorization: Bearer <key>\"");
  }
  constexpr std::string_view kBearer = "Bearer ";
  if (authorization.size() <= kBearer.size() ||
      !absl::EqualsIgnoreCase(absl::string_view(authorization.data(), kBearer.size()),
                              absl::string_view(kBearer.data(), kBearer.size()))) {
    return absl::UnauthenticatedError("malformed authorization metadata: want \"Bearer <key>\"");
  }
  const std::string_view key = authorization.substr(kBearer.size());
  bool known = false;
  for (const std::string& candidate : keys_) known |= ConstantTimeEquals(key, candidate);
  if (!known) return absl::UnauthenticatedError("unknown API key");
  return absl::OkStatus();
}

absl::Status ApiKeys::Check(const grpc::ServerContextBase& context) const {
  if (keys_.empty()) return absl::OkStatus();
  const auto& metadata = context.client_metadata();
  auto it = metadata.find(kAuthorizationMetadata);
  if (it == metadata.end()) return CheckHeader("", false);
  return CheckHeader(std::string_view(it->second.data(), it->second.size()), true);
}

std::string BearerValue(const std::string& api_key) { return "Bearer " + api_key; }

}  // namespace newsgraph::rpc
