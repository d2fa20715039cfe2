// gRPC adapter of the extract service: validate → core → one status conversion.
#ifndef NEWSGRAPH_SERVICES_EXTRACT_EXTRACT_SERVICE_H_
#define NEWSGRAPH_SERVICES_EXTRACT_EXTRACT_SERVICE_H_

#include "newsgraph/extract/v1/extract_service.grpc.pb.h"
#include "services/extract/core/extractor.h"

namespace newsgraph::extract {

class ExtractServiceImpl final : public v1::ExtractService::CallbackService {
 public:
  // `extractor` is not owned and must outlive the service.
  explicit ExtractServiceImpl(Extractor* extractor) : extractor_(extractor) {}

  grpc::ServerUnaryReactor* Extract(grpc::CallbackServerContext* context,
                                    const v1::ExtractRequest* request,
                                    v1::ExtractResponse* response) override;
  grpc::ServerUnaryReactor* ReloadKnowledgeBase(grpc::CallbackServerContext* context,
                                                const v1::ReloadKnowledgeBaseRequest* request,
                                                v1::ReloadKnowledgeBaseResponse* response) override;

 private:
  Extractor* extractor_;
};

}  // namespace newsgraph::extract

#endif  // NEWSGRAPH_SERVICES_EXTRACT_EXTRACT_SERVICE_H_
