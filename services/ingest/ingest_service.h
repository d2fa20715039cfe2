// gRPC adapter of the ingest service: validate → core → one status conversion.
#ifndef NEWSGRAPH_SERVICES_INGEST_INGEST_SERVICE_H_
#define NEWSGRAPH_SERVICES_INGEST_INGEST_SERVICE_H_

#include "newsgraph/ingest/v1/ingest_service.grpc.pb.h"
#include "services/ingest/core/ingestor.h"

namespace newsgraph::ingest {

class IngestServiceImpl final : public v1::IngestService::CallbackService {
 public:
  // `ingestor` is not owned and must outlive the service.
  explicit IngestServiceImpl(Ingestor* ingestor) : ingestor_(ingestor) {}

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
};

}  // namespace newsgraph::ingest

#endif  // NEWSGRAPH_SERVICES_INGEST_INGEST_SERVICE_H_
