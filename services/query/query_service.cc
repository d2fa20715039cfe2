#include "services/query/query_service.h"

#include <chrono>

#include "absl/time/clock.h"
#include "common/rpc/status.h"

namespace newsgraph::query {
namespace {

grpc::ServerUnaryReactor* Finish(grpc::CallbackServerContext* context, const absl::Status& status) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  reactor->Finish(rpc::ToGrpcStatus(status));
  return reactor;
}

// The call's deadline; InfiniteFuture when the client set none.
absl::Time Deadline(const grpc::CallbackServerContext* context) {
  const std::chrono::system_clock::time_point deadline = context->deadline();
  if (deadline == std::chrono::system_clock::time_point::max()) return absl::InfiniteFuture();
  return absl::FromChrono(deadline);
}

}  // namespace

grpc::ServerUnaryReactor* QueryServiceImpl::GetDocument(grpc::CallbackServerContext* context,
                                                        const v1::GetDocumentRequest* request,
                                                        v1::GetDocumentResponse* response) {
  return Finish(context, engine_->GetDocument(*request, response));
}

grpc::ServerUnaryReactor* QueryServiceImpl::Search(grpc::CallbackServerContext* context,
                                                   const v1::SearchRequest* request,
                                                   v1::SearchResponse* response) {
  return Finish(context, engine_->Search(*request, response, Deadline(context)));
}

grpc::ServerUnaryReactor* QueryServiceImpl::GetEntity(grpc::CallbackServerContext* context,
                                                      const v1::GetEntityRequest* request,
                                                      v1::GetEntityResponse* response) {
  return Finish(context, engine_->GetEntity(*request, response));
}

grpc::ServerUnaryReactor* QueryServiceImpl::ListEntities(grpc::CallbackServerContext* context,
                                                         const v1::ListEntitiesRequest* request,
                                                         v1::ListEntitiesResponse* response) {
  return Finish(context, engine_->ListEntities(*request, response));
}

grpc::ServerUnaryReactor* QueryServiceImpl::SearchEntities(grpc::CallbackServerContext* context,
                                                           const v1::SearchEntitiesRequest* request,
                                                           v1::SearchEntitiesResponse* response) {
  return Finish(context, engine_->SearchEntities(*request, response));
}

grpc::ServerUnaryReactor* QueryServiceImpl::RelatedEntities(
    grpc::CallbackServerContext* context, const v1::RelatedEntitiesRequest* request,
    v1::RelatedEntitiesResponse* response) {
  return Finish(context, engine_->RelatedEntities(*request, response));
}

grpc::ServerUnaryReactor* QueryServiceImpl::EntityTimeline(grpc::CallbackServerContext* context,
                                                           const v1::EntityTimelineRequest* request,
                                                           v1::EntityTimelineResponse* response) {
  return Finish(context, engine_->EntityTimeline(*request, response));
}

grpc::ServerUnaryReactor* QueryServiceImpl::ListStories(grpc::CallbackServerContext* context,
                                                        const v1::ListStoriesRequest* request,
                                                        v1::ListStoriesResponse* response) {
  return Finish(context, engine_->ListStories(*request, response));
}

grpc::ServerUnaryReactor* QueryServiceImpl::GetStory(grpc::CallbackServerContext* context,
                                                     const v1::GetStoryRequest* request,
                                                     v1::GetStoryResponse* response) {
  return Finish(context, engine_->GetStory(*request, response));
}

}  // namespace newsgraph::query
