#include "tools/cli/commands.h"

#include <grpcpp/client_context.h>

#include <iostream>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/time.h"
#include "common/rpc/channel.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpc/reflection/v1alpha/reflection.grpc.pb.h"
#include "newsgraph/query/v1/query_service.grpc.pb.h"
#include "tools/cli/output.h"

namespace newsgraph::cli {
namespace {

using common::v1::EntityType;

std::string TypeName(EntityType type) {
  std::string name = common::v1::EntityType_Name(type);
  constexpr std::string_view kPrefix = "ENTITY_TYPE_";
  return name.rfind(kPrefix, 0) == 0 ? name.substr(kPrefix.size()) : name;
}

}  // namespace

int Commands::Fail(const std::string& service, const std::string& address,
                   const grpc::Status& status) {
  if (status.error_code() == grpc::StatusCode::UNAVAILABLE ||
      status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED) {
    err_ << "newsgraph: cannot reach the " << service << " service at " << address << ": "
         << status.error_message() << "\n"
         << "  Is it running? Start the suite with `make run`, or pass --" << service
         << "=HOST:PORT.\n";
    return 2;
  }
  err_ << "newsgraph: " << service << ": " << status.error_message() << " (code "
       << status.error_code() << ")\n";
  return 1;
}

// Commands::Search is in search_command.cc.

int Commands::Document(const std::string& id) {
  query::v1::GetDocumentRequest request;
  request.set_document_id(id);
  query::v1::GetDocumentResponse response;
  if (std::optional<int> done =
          CallQuery(&query::v1::QueryService::Stub::GetDocument, request, &response)) {
    return *done;
  }
  const common::v1::Document& doc = response.document();
  out_ << "doc " << doc.id() << "  [" << doc.language() << "]  " << Date(doc.published_at()) << "  "
       << doc.source() << "\n";
  if (!doc.title().empty()) out_ << doc.title() << "\n";
  if (!doc.url().empty()) out_ << doc.url() << "\n";
  out_ << doc.mentions_size() << " mentions:\n";
  for (const auto& mention : doc.mentions()) {
    out_ << absl::StrFormat("  %-28s → %-36s %-12s bytes %d-%d\n", mention.surface(),
                            mention.entity_id(), TypeName(mention.type()), mention.begin(),
                            mention.end());
  }
  out_ << "\n" << doc.text() << "\n";
  return 0;
}

int Commands::Entity(const std::string& id) {
  query::v1::GetEntityRequest request;
  request.set_entity_id(id);
  query::v1::GetEntityResponse response;
  if (std::optional<int> done =
          CallQuery(&query::v1::QueryService::Stub::GetEntity, request, &response)) {
    return *done;
  }
  const common::v1::Entity& entity = response.entity();
  out_ << entity.canonical_name() << "  (" << TypeName(entity.type()) << ")  " << entity.id();
  if (!entity.wikidata_id().empty()) out_ << "  wikidata " << entity.wikidata_id();
  out_ << "\n";
  for (const auto& name : entity.names())
    out_ << "  " << name.language() << "  " << name.name() << "\n";
  out_ << "mentioned " << response.mention_count() << " times in " << response.document_count()
       << " documents:";
  for (const auto& doc_id : response.document_ids()) out_ << " " << doc_id;
  out_ << "\n";
  if (response.has_first_seen()) {
    out_ << "first seen " << Date(response.first_seen()) << ", last seen "
         << Date(response.last_seen()) << "\n";
  }
  return 0;
}

int Commands::ListEntities() {
  query::v1::ListEntitiesRequest request;
  request.set_page_size(options_.limit);
  query::v1::ListEntitiesResponse response;
  if (std::optional<int> done =
          CallQuery(&query::v1::QueryService::Stub::ListEntities, request, &response)) {
    return *done;
  }
  out_ << absl::StrFormat("%-38s %-13s %-28s %5s %5s\n", "ID", "TYPE", "NAME", "DOCS", "MENTIONS");
  for (const auto& summary : response.entities()) {
    out_ << absl::StrFormat("%-38s %-13s %-28s %5d %5d\n", summary.entity().id(),
                            TypeName(summary.entity().type()),
                            Clip(summary.entity().canonical_name(), 28), summary.document_count(),
                            summary.mention_count());
  }
  return 0;
}

int Commands::Health() {
  int exit_code = 0;
  for (const auto& [service, address] :
       std::vector<std::pair<std::string, std::string>>{{"ingest", options_.ingest_address},
                                                        {"extract", options_.extract_address},
                                                        {"query", options_.query_address}}) {
    auto stub = grpc::health::v1::Health::NewStub(Channel(address));
    grpc::ClientContext context;
    rpc::SetTimeout(&context, options_.timeout);
    grpc::health::v1::HealthCheckResponse response;
    grpc::Status status = stub->Check(&context, grpc::health::v1::HealthCheckRequest(), &response);
    std::string state =
        status.ok() ? grpc::health::v1::HealthCheckResponse::ServingStatus_Name(response.status())
                    : absl::StrCat("UNREACHABLE (", status.error_message(), ")");
    if (!status.ok() || response.status() != grpc::health::v1::HealthCheckResponse::SERVING) {
      exit_code = 2;
    }
    if (options_.json) {
      out_ << absl::StrFormat("{\"service\":\"%s\",\"address\":\"%s\",\"status\":\"%s\"}\n",
                              service, address, status.ok() ? state : std::string("UNREACHABLE"));
    } else {
      out_ << absl::StrFormat("%-8s %-22s %s\n", service, address, state);
    }
  }
  return exit_code;
}

int Commands::Services(const std::string& address) {
  auto stub = grpc::reflection::v1alpha::ServerReflection::NewStub(Channel(address));
  grpc::ClientContext context;
  rpc::SetTimeout(&context, options_.timeout);
  auto stream = stub->ServerReflectionInfo(&context);
  grpc::reflection::v1alpha::ServerReflectionRequest request;
  request.set_list_services("*");
  grpc::reflection::v1alpha::ServerReflectionResponse response;
  bool answered = stream->Write(request) && stream->WritesDone() && stream->Read(&response);
  grpc::Status status = stream->Finish();
  if (!answered || !status.ok()) {
    if (status.ok()) status = grpc::Status(grpc::StatusCode::UNAVAILABLE, "no reflection answer");
    return Fail("reflection", address, status);
  }
  for (const auto& service : response.list_services_response().service()) {
    out_ << (options_.json ? absl::StrCat("\"", service.name(), "\"") : service.name()) << "\n";
  }
  return 0;
}

}  // namespace newsgraph::cli
