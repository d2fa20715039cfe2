#include "services/query/query_service.h"

#include <chrono>

#include "absl/time/clock.h"
#include "common/rpc/security.h"

namespace newsgraph::query {
namespace {

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
  return rpc::FinishAuthorized(context, api_keys_,
                               [&] { return engine_->GetDocument(*request, response); });
}

grpc::ServerUnaryReactor* QueryServiceImpl::Search(grpc::CallbackServerContext* context,
                                                   const v1::SearchRequest* request,
                                                   v1::SearchResponse* response) {
  return rpc::FinishAuthorized(
      context, api_keys_, [&] { return engine_->Search(*request, response, Deadline(context)); });
}

grpc::ServerUnaryReactor* QueryServiceImpl::GetEntity(grpc::CallbackServerContext* context,
                                                      const v1::GetEntityRequest* request,
                                                      v1::GetEntityResponse* response) {
  return rpc::FinishAuthorized(context, api_keys_,
                               [&] { return engine_->GetEntity(*request, response); });
}

grpc::ServerUnaryReactor* QueryServiceImpl::ListEntities(grpc::CallbackServerContext* context,
                                                         const v1::ListEntitiesRequest* request,
                                                         v1::ListEntitiesResponse* response) {
  return rpc::FinishAuthorized(context, api_keys_,
                               [&] { return engine_->ListEntities(*request, response); });
}

grpc::ServerUnaryReactor* QueryServiceImpl::SearchEntities(grpc::CallbackServerContext* context,
                                                           const v1::SearchEntitiesRequest* request,
                                                           v1::SearchEntitiesResponse* response) {
  return rpc::FinishAuthorized(context, api_keys_,
                               [&] { return engine_->SearchEntities(*request, response); });
}

grpc::ServerUnaryReactor* QueryServiceImpl::RelatedEntities(
    grpc::CallbackServerContext* context, const v1::RelatedEntitiesRequest* request,
    v1::RelatedEntitiesResponse* response) {
  return rpc::FinishAuthorized(context, api_keys_,
                               [&] { return engine_->RelatedEntities(*request, response); });
}

grpc::ServerUnaryReactor* QueryServiceImpl::EntityTimeline(grpc::CallbackServerContext* context,
                                                           const v1::EntityTimelineRequest* request,
                                                           v1::EntityTimelineResponse* response) {
  return rpc::FinishAuthorized(context, api_keys_,
                               [&] { return engine_->EntityTimeline(*request, response); });
}

grpc::ServerUnaryReactor* QueryServiceImpl::ListStories(grpc::CallbackServerContext* context,
                                                        const v1::ListStoriesRequest* request,
                                                        v1::ListStoriesResponse* response) {
  return rpc::FinishAuthorized(context, api_keys_,
                               [&] { return engine_->ListStories(*request, response); });
}

grpc::ServerUnaryReactor* QueryServiceImpl::GetStory(grpc::CallbackServerContext* context,
                                                     const v1::GetStoryRequest* request,
                                                     v1::GetStoryResponse* response) {
  return rpc::FinishAuthorized(context, api_keys_,
                               [&] { return engine_->GetStory(*request, response); });
}

}  // namespace newsgraph::query
