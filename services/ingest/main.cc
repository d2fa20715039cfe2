// newsgraph-ingest: flags/environment → options → server. The only writer of the store.
#include <cstdlib>
#include <optional>
#include <string>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "common/base/env.h"
#include "common/base/log.h"
#include "common/metrics/disk_usage.h"
#include "common/metrics/metrics.h"
#include "common/rpc/server_flags.h"
#include "common/rpc/server_runner.h"
#include "services/ingest/core/entity_extractor.h"
#include "services/ingest/core/ingestor.h"
#include "services/ingest/extract_client.h"
#include "services/ingest/ingest_service.h"

ABSL_FLAG(std::string, listen, newsgraph::base::EnvOr("NEWSGRAPH_INGEST_LISTEN", "127.0.0.1:50051"),
          "host:port to serve on (port 0 = any free port). Env NEWSGRAPH_INGEST_LISTEN.");
ABSL_FLAG(std::string, port_file, "", "Write the bound port to this file once serving.");
ABSL_FLAG(std::string, data_dir, newsgraph::base::EnvOr("NEWSGRAPH_DATA_DIR", "var/store"),
          "RocksDB store directory, owned by this process. Env NEWSGRAPH_DATA_DIR.");
ABSL_FLAG(std::string, extract_address,
          newsgraph::base::EnvOr("NEWSGRAPH_EXTRACT_ADDRESS", "127.0.0.1:50052"),
          "Address of the extract service; \"none\" runs without extraction (documents are "
          "indexed for full text only, with no mentions). Env NEWSGRAPH_EXTRACT_ADDRESS.");
ABSL_FLAG(int, extract_deadline_ms,
          newsgraph::base::EnvOrInt("NEWSGRAPH_EXTRACT_DEADLINE_MS", 5000),
          "Deadline of one call to extract. Env NEWSGRAPH_EXTRACT_DEADLINE_MS.");
ABSL_FLAG(std::string, extract_tls_ca_file,
          newsgraph::base::EnvOr("NEWSGRAPH_INGEST_EXTRACT_TLS_CA_FILE", ""),
          "PEM CA of extract's certificate: call extract over TLS. Env "
          "NEWSGRAPH_INGEST_EXTRACT_TLS_CA_FILE.");
ABSL_FLAG(std::string, extract_tls_cert_file,
          newsgraph::base::EnvOr("NEWSGRAPH_INGEST_EXTRACT_TLS_CERT_FILE", ""),
          "PEM client certificate for mutual TLS with extract. Env "
          "NEWSGRAPH_INGEST_EXTRACT_TLS_CERT_FILE.");
ABSL_FLAG(std::string, extract_tls_key_file,
          newsgraph::base::EnvOr("NEWSGRAPH_INGEST_EXTRACT_TLS_KEY_FILE", ""),
          "PEM key of --extract_tls_cert_file. Env NEWSGRAPH_INGEST_EXTRACT_TLS_KEY_FILE.");
ABSL_FLAG(std::string, extract_tls_server_name,
          newsgraph::base::EnvOr("NEWSGRAPH_INGEST_EXTRACT_TLS_SERVER_NAME", ""),
          "Name extract's certificate must carry when it is not the host of --extract_address. "
          "Env NEWSGRAPH_INGEST_EXTRACT_TLS_SERVER_NAME.");
ABSL_FLAG(int, max_title_bytes, newsgraph::base::EnvOrInt("NEWSGRAPH_MAX_TITLE_BYTES", 4 << 10),
          "Largest title accepted. Env NEWSGRAPH_MAX_TITLE_BYTES.");
ABSL_FLAG(int, max_field_bytes, newsgraph::base::EnvOrInt("NEWSGRAPH_MAX_FIELD_BYTES", 2 << 10),
          "Largest url, source or external_id accepted. Env NEWSGRAPH_MAX_FIELD_BYTES.");
ABSL_FLAG(int, max_text_bytes, newsgraph::base::EnvOrInt("NEWSGRAPH_MAX_TEXT_BYTES", 1 << 20),
          "Largest document text accepted. Env NEWSGRAPH_MAX_TEXT_BYTES.");
ABSL_FLAG(int, near_duplicate_distance,
          newsgraph::base::EnvOrInt("NEWSGRAPH_NEAR_DUPLICATE_DISTANCE", 3),
          "SimHash Hamming distance (0-3) under which a document is a near duplicate; -1 turns "
          "near-duplicate detection off. Env NEWSGRAPH_NEAR_DUPLICATE_DISTANCE.");
ABSL_FLAG(int, max_batch_documents,
          newsgraph::base::EnvOrInt("NEWSGRAPH_MAX_BATCH_DOCUMENTS", 1000),
          "Most documents in one IngestBatch call. Env NEWSGRAPH_MAX_BATCH_DOCUMENTS.");
ABSL_FLAG(bool, sync_writes, newsgraph::base::EnvOrBool("NEWSGRAPH_SYNC_WRITES", true),
          "fsync every commit. Env NEWSGRAPH_SYNC_WRITES (true/1/yes or false/0/no; anything else "
          "keeps fsync on).");

namespace {

// Stands in for extract when it is turned off (`--extract_address=none`): every document is
// stored EXTRACTED with no mentions, never PENDING_EXTRACTION, so nothing is retried later. For
// full-text-only deployments and for measuring indexing without extraction (bench/).
class NoEntityExtractor final : public newsgraph::ingest::EntityExtractor {
 public:
  // Always OK with an empty response.
  absl::StatusOr<newsgraph::extract::v1::ExtractResponse> Extract(
      const newsgraph::extract::v1::ExtractRequest&) override {
    return newsgraph::extract::v1::ExtractResponse();
  }
};

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage("newsgraph ingest service: stores articles and their entities.");
  absl::ParseCommandLine(argc, argv);
  namespace base = newsgraph::base;
  base::SetLogComponent("ingest");
  newsgraph::rpc::ServerOptions server_options;
  if (absl::Status flags = newsgraph::rpc::ApplyServerFlags("INGEST", &server_options);
      !flags.ok()) {
    base::Log(base::LogLevel::kError, flags.ToString());
    return EXIT_FAILURE;
  }

  const std::string extract_address = absl::GetFlag(FLAGS_extract_address);
  NoEntityExtractor no_extractor;
  std::optional<newsgraph::ingest::GrpcEntityExtractor> grpc_extractor;
  newsgraph::ingest::EntityExtractor* extractor = &no_extractor;
  if (extract_address != "none") {
    auto credentials = newsgraph::rpc::MakeChannelCredentials(
        {.ca_file = absl::GetFlag(FLAGS_extract_tls_ca_file),
         .cert_file = absl::GetFlag(FLAGS_extract_tls_cert_file),
         .key_file = absl::GetFlag(FLAGS_extract_tls_key_file)});
    if (!credentials.ok()) {
      base::Log(base::LogLevel::kError, absl::StrCat("--extract_", credentials.status().message()));
      return EXIT_FAILURE;
    }
    grpc_extractor.emplace(extract_address,
                           newsgraph::rpc::ChannelOptions{.credentials = *credentials,
                                                          .server_name_override = absl::GetFlag(
                                                              FLAGS_extract_tls_server_name)},
                           absl::Milliseconds(absl::GetFlag(FLAGS_extract_deadline_ms)));
    extractor = &*grpc_extractor;
  }
  newsgraph::ingest::IngestorOptions options;
  options.data_dir = absl::GetFlag(FLAGS_data_dir);
  options.limits.max_text_bytes = absl::GetFlag(FLAGS_max_text_bytes);
  options.limits.max_title_bytes =
      static_cast<size_t>(std::max(1, absl::GetFlag(FLAGS_max_title_bytes)));
  options.limits.max_field_bytes =
      static_cast<size_t>(std::max(1, absl::GetFlag(FLAGS_max_field_bytes)));
  options.sync_writes = absl::GetFlag(FLAGS_sync_writes);
  options.near_duplicate_distance = absl::GetFlag(FLAGS_near_duplicate_distance);
  options.max_batch_documents = absl::GetFlag(FLAGS_max_batch_documents);
  auto ingestor = newsgraph::ingest::Ingestor::Create(options, extractor);
  if (!ingestor.ok()) {
    base::Log(base::LogLevel::kError, ingestor.status().ToString());
    return EXIT_FAILURE;
  }

  server_options.listen_address = absl::GetFlag(FLAGS_listen);
  server_options.port_file = absl::GetFlag(FLAGS_port_file);
  // A whole document plus protobuf framing must fit in one message.
  server_options.max_message_bytes = std::max(16 << 20, absl::GetFlag(FLAGS_max_text_bytes) * 2);
  auto api_keys = newsgraph::rpc::ApiKeysFromFlags("INGEST");
  if (!api_keys.ok()) {
    base::Log(base::LogLevel::kError, api_keys.status().ToString());
    return EXIT_FAILURE;
  }
  newsgraph::ingest::IngestServiceImpl service(ingestor->get(), *api_keys);
  // Computed on every scrape from what the ingestor already counts (one short lock each).
  newsgraph::ingest::Ingestor* core = ingestor->get();
  auto stat = [core](auto field) {
    return [core, field] {
      newsgraph::ingest::v1::StatsResponse stats;
      core->Stats(&stats);
      return static_cast<double>((stats.*field)());
    };
  };
  using Stats = newsgraph::ingest::v1::StatsResponse;
  const std::string data_dir = options.data_dir;
  absl::Status metrics = newsgraph::metrics::Registry::Default().AddCallbacks({
      {"newsgraph_ingest_documents", "Documents stored (each version once).", "gauge",
       stat(&Stats::documents)},
      {"newsgraph_ingest_pending_extractions",
       "Documents stored PENDING_EXTRACTION, waiting for extract (the retry queue).", "gauge",
       stat(&Stats::pending_extractions)},
      {"newsgraph_ingest_duplicates_total", "Documents refused as duplicates since start.",
       "counter", stat(&Stats::duplicates_since_start)},
      {"newsgraph_ingest_rejected_total", "Documents rejected as invalid since start.", "counter",
       stat(&Stats::rejected_since_start)},
      {"newsgraph_store_sequence_number", "The store's latest RocksDB sequence number.", "gauge",
       stat(&Stats::sequence_number)},
      {"newsgraph_store_sst_bytes", "Bytes of the store's live SST files (RocksDB).", "gauge",
       [core] { return static_cast<double>(core->store().ApproximateSizes().sst_file_bytes); }},
      {"newsgraph_store_memtable_bytes", "Bytes of the store's memtables, not yet flushed.",
       "gauge",
       [core] { return static_cast<double>(core->store().ApproximateSizes().memtable_bytes); }},
      {"newsgraph_store_disk_bytes",
       "Bytes of the files in the store directory (SST files, write-ahead log, manifests).",
       "gauge",
       [data_dir] { return static_cast<double>(newsgraph::metrics::DirectoryBytes(data_dir)); }},
  });
  if (!metrics.ok()) {
    base::Log(base::LogLevel::kError, metrics.ToString());
    return EXIT_FAILURE;
  }
  return newsgraph::rpc::ServeUntilShutdown(
      server_options, {&service},
      absl::StrCat("store ", options.data_dir,
                   extract_address == "none" ? "; extraction off" : "; extract at ",
                   extract_address == "none" ? "" : extract_address));
}
