// Checks an IngestRequest before anything is stored; every error names the offending field.
#ifndef NEWSGRAPH_SERVICES_INGEST_CORE_VALIDATION_H_
#define NEWSGRAPH_SERVICES_INGEST_CORE_VALIDATION_H_

#include <cstddef>

#include "absl/status/status.h"
#include "common/lang/detect.h"
#include "newsgraph/ingest/v1/ingest_service.pb.h"

namespace newsgraph::ingest {

struct IngestLimits {
  size_t max_text_bytes = 1 << 20;
  size_t max_title_bytes = 4 << 10;
  size_t max_field_bytes = 2 << 10;  // url, source, external_id
  size_t max_language_bytes = lang::kMaxLanguageTagBytes;
};

// OK when the request can be stored. InvalidArgument naming the field when `text` is empty or
// whitespace only, any string field is not valid UTF-8 (with its byte offset) or over its limit,
// or `published_at` is not a valid timestamp between 1800 and 2200.
absl::Status ValidateIngestRequest(const v1::IngestRequest& request, const IngestLimits& limits);

}  // namespace newsgraph::ingest

#endif  // NEWSGRAPH_SERVICES_INGEST_CORE_VALIDATION_H_
