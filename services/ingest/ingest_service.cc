#include "services/ingest/ingest_service.h"

#include "common/rpc/status.h"

namespace newsgraph::ingest {

grpc::ServerUnaryReactor* IngestServiceImpl::Ingest(grpc::CallbackServerContext* context,
                                                    const v1::IngestRequest* request,
                                                    v1::IngestResponse* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  reactor->Finish(rpc::ToGrpcStatus(ingestor_->Ingest(*request, response)));
  return reactor;
}

grpc::ServerUnaryReactor* IngestServiceImpl::IngestBatch(grpc::CallbackServerContext* context,
                                                         const v1::IngestBatchRequest* request,
                                                         v1::IngestBatchResponse* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  reactor->Finish(rpc::ToGrpcStatus(ingestor_->IngestBatch(*request, response)));
  return reactor;
}

grpc::ServerUnaryReactor* IngestServiceImpl::Stats(grpc::CallbackServerContext* context,
                                                   const v1::StatsRequest* request,
                                                   v1::StatsResponse* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  ingestor_->Stats(response);
  reactor->Finish(grpc::Status::OK);
  return reactor;
}

}  // namespace newsgraph::ingest
