#include "services/ingest/ingest_service.h"

#include "common/rpc/security.h"
#include "common/rpc/status.h"

namespace newsgraph::ingest {
namespace {

// One IngestStream call: read a document, ingest it, write its result, and only then read the
// next one. Never more than one document is in the server's hands per stream, so a fast client
// is held back by HTTP/2 flow control instead of filling the server's memory.
class IngestStreamReactor final
    : public grpc::ServerBidiReactor<v1::IngestRequest, v1::IngestResult> {
 public:
  // Refused streams (`admission` not OK) finish at once with that status, reading nothing.
  IngestStreamReactor(Ingestor* ingestor, const absl::Status& admission) : ingestor_(ingestor) {
    if (!admission.ok()) {
      Finish(rpc::ToGrpcStatus(admission));
      return;
    }
    StartRead(&request_);
  }

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
  return rpc::FinishAuthorized(context, api_keys_,
                               [&] { return ingestor_->Ingest(*request, response); });
}

grpc::ServerUnaryReactor* IngestServiceImpl::IngestBatch(grpc::CallbackServerContext* context,
                                                         const v1::IngestBatchRequest* request,
                                                         v1::IngestBatchResponse* response) {
  return rpc::FinishAuthorized(context, api_keys_,
                               [&] { return ingestor_->IngestBatch(*request, response); });
}

grpc::ServerBidiReactor<v1::IngestRequest, v1::IngestResult>* IngestServiceImpl::IngestStream(
    grpc::CallbackServerContext* context) {
  return new IngestStreamReactor(ingestor_, api_keys_.Check(*context));
}

grpc::ServerUnaryReactor* IngestServiceImpl::Stats(grpc::CallbackServerContext* context,
                                                   const v1::StatsRequest* request,
                                                   v1::StatsResponse* response) {
  return rpc::FinishAuthorized(context, api_keys_, [&] {
    ingestor_->Stats(response);
    return absl::OkStatus();
  });
}

}  // namespace newsgraph::ingest
