#include "services/extract/extract_service.h"

#include "common/rpc/status.h"

namespace newsgraph::extract {

grpc::ServerUnaryReactor* ExtractServiceImpl::Extract(grpc::CallbackServerContext* context,
                                                      const v1::ExtractRequest* request,
                                                      v1::ExtractResponse* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  reactor->Finish(rpc::ToGrpcStatus(extractor_->Extract(*request, response)));
  return reactor;
}

grpc::ServerUnaryReactor* ExtractServiceImpl::ReloadKnowledgeBase(
    grpc::CallbackServerContext* context, const v1::ReloadKnowledgeBaseRequest* request,
    v1::ReloadKnowledgeBaseResponse* response) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  reactor->Finish(rpc::ToGrpcStatus(extractor_->ReloadKnowledgeBase(*request, response)));
  return reactor;
}

}  // namespace newsgraph::extract
