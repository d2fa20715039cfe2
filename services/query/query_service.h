// gRPC adapter of the query service: each handler calls the core and converts the status once.
#ifndef NEWSGRAPH_SERVICES_QUERY_QUERY_SERVICE_H_
#define NEWSGRAPH_SERVICES_QUERY_QUERY_SERVICE_H_

#include <utility>

#include "common/rpc/security.h"
#include "newsgraph/query/v1/query_service.grpc.pb.h"
#include "services/query/core/query_engine.h"

namespace newsgraph::query {

class QueryServiceImpl final : public v1::QueryService::CallbackService {
 public:
  // `engine` is not owned and must outlive the service. With non-empty `api_keys` every call
  // needs one of them (UNAUTHENTICATED otherwise, before the engine sees the request).
  explicit QueryServiceImpl(QueryEngine* engine, rpc::ApiKeys api_keys = {})
      : engine_(engine), api_keys_(std::move(api_keys)) {}

  grpc::ServerUnaryReactor* GetDocument(grpc::CallbackServerContext* context,
                                        const v1::GetDocumentRequest* request,
                                        v1::GetDocumentResponse* response) override;
  grpc::ServerUnaryReactor* Search(grpc::CallbackServerContext* context,
                                   const v1::SearchRequest* request,
                                   v1::SearchResponse* response) override;
  grpc::ServerUnaryReactor* GetEntity(grpc::CallbackServerContext* context,
                                      const v1::GetEntityRequest* request,
                                      v1::GetEntityResponse* response) override;
  grpc::ServerUnaryReactor* ListEntities(grpc::CallbackServerContext* context,
                                         const v1::ListEntitiesRequest* request,
                                         v1::ListEntitiesResponse* response) override;
  grpc::ServerUnaryReactor* SearchEntities(grpc::CallbackServerContext* context,
                                           const v1::SearchEntitiesRequest* request,
                                           v1::SearchEntitiesResponse* response) override;
  grpc::ServerUnaryReactor* RelatedEntities(grpc::CallbackServerContext* context,
                                            const v1::RelatedEntitiesRequest* request,
                                            v1::RelatedEntitiesResponse* response) override;
  grpc::ServerUnaryReactor* EntityTimeline(grpc::CallbackServerContext* context,
                                           const v1::EntityTimelineRequest* request,
                                           v1::EntityTimelineResponse* response) override;
  grpc::ServerUnaryReactor* ListStories(grpc::CallbackServerContext* context,
                                        const v1::ListStoriesRequest* request,
                                        v1::ListStoriesResponse* response) override;
  grpc::ServerUnaryReactor* GetStory(grpc::CallbackServerContext* context,
                                     const v1::GetStoryRequest* request,
                                     v1::GetStoryResponse* response) override;

 private:
  QueryEngine* engine_;
  rpc::ApiKeys api_keys_;
};

}  // namespace newsgraph::query

#endif  // NEWSGRAPH_SERVICES_QUERY_QUERY_SERVICE_H_
