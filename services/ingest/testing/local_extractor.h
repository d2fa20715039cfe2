// Test-only: the real extract core behind the EntityExtractor interface, called in process instead
// of over gRPC, with a switch that simulates an extract outage.
#ifndef NEWSGRAPH_SERVICES_INGEST_TESTING_LOCAL_EXTRACTOR_H_
#define NEWSGRAPH_SERVICES_INGEST_TESTING_LOCAL_EXTRACTOR_H_

#include <atomic>
#include <memory>

#include "services/extract/core/extractor.h"
#include "services/ingest/core/entity_extractor.h"

namespace newsgraph::ingest {

class LocalExtractor : public EntityExtractor {
 public:
  // Uses the seed knowledge base; aborts if it does not load (a broken build, not a test result).
  LocalExtractor() : extractor_(std::move(extract::Extractor::Create({})).value()) {}

  absl::StatusOr<extract::v1::ExtractResponse> Extract(
      const extract::v1::ExtractRequest& request) override {
    ++calls;
    if (!available) return absl::UnavailableError("connection refused");
    extract::v1::ExtractResponse response;
    absl::Status status = extractor_->Extract(request, &response);
    if (!status.ok()) return status;
    return response;
  }

  std::atomic<bool> available{true};
  std::atomic<int> calls{0};

 private:
  std::unique_ptr<extract::Extractor> extractor_;
};

}  // namespace newsgraph::ingest

#endif  // NEWSGRAPH_SERVICES_INGEST_TESTING_LOCAL_EXTRACTOR_H_
