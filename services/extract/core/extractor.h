// The extract service's logic, free of gRPC: validates a request and links its mentions.
#ifndef NEWSGRAPH_SERVICES_EXTRACT_CORE_EXTRACTOR_H_
#define NEWSGRAPH_SERVICES_EXTRACT_CORE_EXTRACTOR_H_

#include <cstddef>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "newsgraph/extract/v1/extract_service.pb.h"
#include "services/extract/core/gazetteer.h"

namespace newsgraph::extract {

struct ExtractorOptions {
  // Path of a JSONL knowledge base; empty uses the seed compiled into the binary.
  std::string knowledge_base_path;
  // Largest text accepted, in bytes.
  size_t max_text_bytes = 1 << 20;
};

class Extractor {
 public:
  // Loads the knowledge base. NotFound when the file does not exist, InvalidArgument (naming the
  // line) when it does not parse.
  static absl::StatusOr<std::unique_ptr<Extractor>> Create(const ExtractorOptions& options);

  // Fills `response` with the mentions in request.text and the entities they link to.
  // InvalidArgument naming `text` when it is empty, not valid UTF-8 (with the byte offset) or
  // longer than max_text_bytes. Thread-safe.
  absl::Status Extract(const v1::ExtractRequest& request, v1::ExtractResponse* response) const;

  size_t entity_count() const { return gazetteer_.entity_count(); }

 private:
  Extractor(ExtractorOptions options, Gazetteer gazetteer)
      : options_(std::move(options)), gazetteer_(std::move(gazetteer)) {}

  ExtractorOptions options_;
  Gazetteer gazetteer_;
};

}  // namespace newsgraph::extract

#endif  // NEWSGRAPH_SERVICES_EXTRACT_CORE_EXTRACTOR_H_
