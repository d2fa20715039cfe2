#include "services/ingest/ingest_service.h"

#include "common/rpc/status.h"

namespace newsgraph::ingest {
namespace {

// One IngestStream call: read a document, ingest it, write its result, and only then read the
// next one. Never more than one document is in the server's hands per stream, so a fast client
// is held back by HTTP/2 flow control instead of filling the server's memory.
class IngestStreamReactor final
    : public grpc::ServerBidiReactor<v1::IngestRequest, v1::IngestResult> {
 public:
  explicit IngestStreamReactor(Ingestor* ingestor) : ingestor_(ingestor) { StartRead(&request_); }

  void OnReadDone(bool ok) override {
    if (!ok) {  // The client half-closed (all sent) or the call was cancelled.
      Finish(grpc::Status::OK);
      return;
    }
    result_.Clear();
    ingestor_->IngestInto(request_, &result_);
    StartWrite(&result_);
  }

  void OnWriteDone(bool ok) override {
    if (!ok) {
      Finish(grpc::Status(grpc::StatusCode::CANCELLED, "the client went away"));
      return;
    }
    StartRead(&request_);
  }

  void OnDone() override { delete this; }

 private:
  Ingestor* ingestor_;
  v1::IngestRequest request_;
  v1::IngestResult result_;
};

}  // namespace

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

grpc::ServerBidiReactor<v1::IngestRequest, v1::IngestResult>* IngestServiceImpl::IngestStream(
    grpc::CallbackServerContext* context) {
  return new IngestStreamReactor(ingestor_);
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
