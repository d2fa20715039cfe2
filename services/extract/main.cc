// newsgraph-extract: flags/environment → options → server.
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/base/env.h"
#include "common/base/log.h"
#include "common/metrics/metrics.h"
#include "common/rpc/server_flags.h"
#include "common/rpc/server_runner.h"
#include "services/extract/core/extractor.h"
#include "services/extract/extract_service.h"

ABSL_FLAG(std::string, listen,
          newsgraph::base::EnvOr("NEWSGRAPH_EXTRACT_LISTEN", "127.0.0.1:50052"),
          "host:port to serve on (port 0 = any free port). Env NEWSGRAPH_EXTRACT_LISTEN.");
ABSL_FLAG(std::string, port_file, "", "Write the bound port to this file once serving.");
ABSL_FLAG(std::vector<std::string>, knowledge_base,
          absl::StrSplit(newsgraph::base::EnvOr("NEWSGRAPH_KNOWLEDGE_BASE", ""), ',',
                         absl::SkipEmpty()),
          "Comma-separated JSONL knowledge-base files merged over the built-in one "
          "(services/extract/kb/SCHEMA.md); re-read by the ReloadKnowledgeBase RPC. "
          "Env NEWSGRAPH_KNOWLEDGE_BASE.");
ABSL_FLAG(std::string, models_dir, newsgraph::base::EnvOr("NEWSGRAPH_MODELS_DIR", ""),
          "Directory of the statistical tagger's models and their languages.tsv. Default: the "
          "repository's services/extract/models when it exists; \"none\" turns the tagger off. "
          "Env NEWSGRAPH_MODELS_DIR.");
ABSL_FLAG(int, max_connection_age_s,
          newsgraph::base::EnvOrInt("NEWSGRAPH_EXTRACT_MAX_CONNECTION_AGE_S", 60),
          "Clients reconnect (and re-resolve the service name, finding new replicas) after a "
          "connection has lived this long; 0: never. Env NEWSGRAPH_EXTRACT_MAX_CONNECTION_AGE_S.");
ABSL_FLAG(int, max_text_bytes, newsgraph::base::EnvOrInt("NEWSGRAPH_MAX_TEXT_BYTES", 1 << 20),
          "Largest text accepted. Env NEWSGRAPH_MAX_TEXT_BYTES.");

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage("newsgraph extract service: text in, linked entities out.");
  absl::ParseCommandLine(argc, argv);
  namespace base = newsgraph::base;
  base::SetLogComponent("extract");
  newsgraph::rpc::ServerOptions server_options;
  if (absl::Status flags = newsgraph::rpc::ApplyServerFlags("EXTRACT", &server_options);
      !flags.ok()) {
    base::Log(base::LogLevel::kError, flags.ToString());
    return EXIT_FAILURE;
  }

  newsgraph::extract::ExtractorOptions extractor_options;
  extractor_options.knowledge_base_paths = absl::GetFlag(FLAGS_knowledge_base);
  extractor_options.max_text_bytes = absl::GetFlag(FLAGS_max_text_bytes);
  extractor_options.models_dir = absl::GetFlag(FLAGS_models_dir);
  if (extractor_options.models_dir.empty()) {
    std::error_code error;
    if (std::filesystem::is_directory(NG_MODELS_DIR, error)) {
      extractor_options.models_dir = NG_MODELS_DIR;
    } else {
      base::Log(base::LogLevel::kWarning,
                absl::StrCat("no tagger models at ", NG_MODELS_DIR,
                             ": unknown names are not tagged (set --models_dir)"));
    }
  } else if (extractor_options.models_dir == "none") {
    extractor_options.models_dir.clear();
  }
  auto extractor = newsgraph::extract::Extractor::Create(extractor_options);
  if (!extractor.ok()) {
    base::Log(base::LogLevel::kError, extractor.status().ToString());
    return EXIT_FAILURE;
  }

  server_options.listen_address = absl::GetFlag(FLAGS_listen);
  server_options.port_file = absl::GetFlag(FLAGS_port_file);
  server_options.max_connection_age = absl::Seconds(absl::GetFlag(FLAGS_max_connection_age_s));
  newsgraph::extract::ExtractServiceImpl service(extractor->get());
  const newsgraph::extract::Extractor* core = extractor->get();
  absl::Status metrics = newsgraph::metrics::Registry::Default().AddCallbacks({
      {"newsgraph_extract_kb_entities",
       "Entities in the current knowledge base (changes with ReloadKnowledgeBase).", "gauge",
       [core] { return static_cast<double>(core->entity_count()); }},
      {"newsgraph_extract_tagger_languages", "Document languages the statistical tagger serves.",
       "gauge", [core] { return static_cast<double>(core->tagger_languages().size()); }},
  });
  if (!metrics.ok()) {
    base::Log(base::LogLevel::kError, metrics.ToString());
    return EXIT_FAILURE;
  }
  return newsgraph::rpc::ServeUntilShutdown(
      server_options, {&service},
      absl::StrCat((*extractor)->entity_count(), " known entities, tagger for [",
                   absl::StrJoin((*extractor)->tagger_languages(), " "), "]"));
}
