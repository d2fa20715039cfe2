// gRPC adapter of the ingest service: validate → core → one status conversion.
#ifndef NEWSGRAPH_SERVICES_INGEST_INGEST_SERVICE_H_
#define NEWSGRAPH_SERVICES_INGEST_INGEST_SERVICE_H_

#include <utility>

#include "common/rpc/security.h"
#include "newsgraph/ingest/v1/ingest_service.grpc.pb.h"
#include "services/ingest/core/ingestor.h"

namespace newsgraph::ingest {

class IngestServiceImpl final : public v1::IngestService::CallbackService {
 public:
  // `ingestor` is not owned and must outlive the service. With non-empty `api_keys` every call
  // needs one of them (UNAUTHENTICATED otherwise, before anything is stored).
  explicit IngestServiceImpl(Ingestor* ingestor, rpc::ApiKeys api_keys = {})
      : ingestor_(ingestor), api_keys_(std::move(api_keys)) {}

  grpc::ServerUnaryReactor* Ingest(grpc::CallbackServerContext* context,
                                   const v1::IngestRequest* request,
                                   v1::IngestResponse* response) override;
  grpc::ServerUnaryReactor* IngestBatch(grpc::CallbackServerContext* context,
                                        const v1::IngestBatchRequest* request,
                                        v1::IngestBatchResponse* response) override;
  grpc::ServerBidiReactor<v1::IngestRequest, v1::IngestResult>* IngestStream(
      grpc::CallbackServerContext* context) override;
  grpc::ServerUnaryReactor* Stats(grpc::CallbackServerContext* context,
                                  const v1::StatsRequest* request,
                                  v1::StatsResponse* response) override;

 private:
  Ingestor* ingestor_;
  rpc::ApiKeys api_keys_;
};

}  // namespace newsgraph::ingest

#endif  // NEWSGRAPH_SERVICES_INGEST_INGEST_SERVICE_H_
