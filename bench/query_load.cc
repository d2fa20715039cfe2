// Query mode of newsgraph-load: `concurrency` calls in flight, each finished call starting the
// next, until `requests` calls were made or `duration` has passed. The kind of each call is
// drawn from the weighted mix with a seeded generator.
#include <grpcpp/grpcpp.h>

#include <memory>
#include <random>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/synchronization/mutex.h"
#include "bench/load.h"
#include "common/rpc/channel.h"
#include "newsgraph/query/v1/query_service.grpc.pb.h"

namespace newsgraph::bench {
namespace {

namespace qv1 = query::v1;
constexpr size_t kErrorSamples = 5;
const char* const kKinds[] = {"text", "entity_search", "get_entity", "related", "timeline"};

// The entities worth asking about: named ones (not dates, amounts or URLs), most mentioned first.
absl::StatusOr<std::vector<std::string>> TopEntities(qv1::QueryService::Stub* stub,
                                                     absl::Duration deadline) {
  std::vector<std::string> ids;
  std::string token;
  for (int page = 0; page < 3; ++page) {
    grpc::ClientContext context;
    rpc::SetTimeout(&context, deadline);
    qv1::ListEntitiesRequest request;
    request.set_page_size(200);
    request.set_page_token(token);
    qv1::ListEntitiesResponse response;
    grpc::Status status = stub->ListEntities(&context, request, &response);
    if (!status.ok()) {
      return absl::UnavailableError(absl::StrCat("ListEntities: ", status.error_message()));
    }
    for (const auto& summary : response.entities()) {
      common::v1::EntityType type = summary.entity().type();
      if (type >= common::v1::ENTITY_TYPE_PERSON && type <= common::v1::ENTITY_TYPE_WORK) {
        ids.push_back(summary.entity().id());
      }
    }
    token = response.next_page_token();
    if (token.empty()) break;
  }
  return ids;
}

std::string TextKind(const std::string& query) {
  size_t words =
      std::vector<absl::string_view>(absl::StrSplit(query, ' ', absl::SkipWhitespace())).size();
  return absl::StrCat("search", words);
}

class QueryLoad {
 public:
  QueryLoad(const QueryLoadOptions& options, qv1::QueryService::Stub* stub,
            std::vector<std::string> entities)
      : options_(options), stub_(stub), entities_(std::move(entities)), random_(options.seed) {
    for (const auto& [kind, weight] : options.mix) {
      bool entity_kind = kind != "text";
      if (weight <= 0 || (entity_kind && entities_.empty())) continue;
      kinds_.push_back(kind);
      weights_.push_back(weight);
    }
  }

  bool HasKinds() const { return !kinds_.empty(); }

  QueryReport Run() {
    start_ = absl::Now();
    {
      absl::MutexLock lock(&mutex_);
      running_ = options_.concurrency;
    }
    for (int i = 0; i < options_.concurrency; ++i) Next();
    absl::MutexLock lock(&mutex_);
    mutex_.Await(absl::Condition(
        +[](int* running) { return *running == 0; }, &running_));
    report_.elapsed = absl::Now() - start_;
    for (auto& [kind, recorder] : recorders_) report_.kinds[kind].latency = recorder.Summarize();
    report_.all.latency = all_.Summarize();
    report_.entities = static_cast<int>(entities_.size());
    return report_;
  }

 private:
  // Starts the next call, or retires this slot when the load is over.
  void Next() {
    std::string kind;
    std::string text;
    std::string entity;
    {
      absl::MutexLock lock(&mutex_);
      bool over = options_.duration > absl::ZeroDuration()
                      ? absl::Now() - start_ >= options_.duration
                      : issued_ >= options_.requests;
      if (over) {
        --running_;
        return;
      }
      ++issued_;
      std::discrete_distribution<size_t> pick(weights_.begin(), weights_.end());
      kind = kinds_[pick(random_)];
      if (kind == "text") {
        text = options_.text_queries[next_text_++ % options_.text_queries.size()];
        kind = TextKind(text);
      } else {
        entity = entities_[std::uniform_int_distribution<size_t>(0, entities_.size() - 1)(random_)];
      }
    }
    if (!entity.empty() && kind == "entity_search") {
      qv1::SearchRequest request;
      request.add_entity_ids(entity);
      request.set_page_size(options_.page_size);
      Call<qv1::SearchRequest, qv1::SearchResponse>(
          kind, std::move(request), &Async::Search,
          [](const qv1::SearchResponse& r) { return r.hits_size() == 0; });
    } else if (kind == "get_entity") {
      qv1::GetEntityRequest request;
      request.set_entity_id(entity);
      Call<qv1::GetEntityRequest, qv1::GetEntityResponse>(
          kind, std::move(request), &Async::GetEntity,
          [](const qv1::GetEntityResponse& r) { return r.document_count() == 0; });
    } else if (kind == "related") {
      qv1::RelatedEntitiesRequest request;
      request.set_entity_id(entity);
      request.set_page_size(20);
      Call<qv1::RelatedEntitiesRequest, qv1::RelatedEntitiesResponse>(
          kind, std::move(request), &Async::RelatedEntities,
          [](const qv1::RelatedEntitiesResponse& r) { return r.related_size() == 0; });
    } else if (kind == "timeline") {
      qv1::EntityTimelineRequest request;
      request.set_entity_id(entity);
      request.set_interval(qv1::TIMELINE_INTERVAL_MONTH);
      Call<qv1::EntityTimelineRequest, qv1::EntityTimelineResponse>(
          kind, std::move(request), &Async::EntityTimeline,
          [](const qv1::EntityTimelineResponse& r) { return r.buckets_size() == 0; });
    } else {
      qv1::SearchRequest request;
      request.set_query(text);
      request.set_page_size(options_.page_size);
      Call<qv1::SearchRequest, qv1::SearchResponse>(
          kind, std::move(request), &Async::Search,
          [](const qv1::SearchResponse& r) { return r.hits_size() == 0; });
    }
  }

  using Async = qv1::QueryService::StubInterface::async_interface;
  template <typename Request, typename Response>
  using AsyncMethod = void (Async::*)(grpc::ClientContext*, const Request*, Response*,
                                      std::function<void(grpc::Status)>);

  // Starts one call of `method` (the std::function overload of the async stub method, picked
  // by the parameter's type); its answer is recorded under `kind` and starts the next call.
  template <typename Request, typename Response, typename IsEmpty>
  void Call(const std::string& kind, Request request, AsyncMethod<Request, Response> method,
            IsEmpty is_empty) {
    struct State {
      grpc::ClientContext context;
      Request request;
      Response response;
      absl::Time start;
    };
    auto state = std::make_shared<State>();
    state->request = std::move(request);
    rpc::SetTimeout(&state->context, options_.deadline);
    state->start = absl::Now();
    (stub_->async()->*method)(&state->context, &state->request, &state->response,
                              [this, state, kind, is_empty](grpc::Status status) mutable {
                                Record(kind, status, absl::Now() - state->start,
                                       status.ok() && is_empty(state->response));
                                // Released first: the last Next() lets Run return and
                                // destroy the channel, which the context must not outlive.
                                state.reset();
                                Next();
                              });
  }

  void Record(const std::string& kind, const grpc::Status& status, absl::Duration latency,
              bool empty) {
    absl::MutexLock lock(&mutex_);
    ++report_.requests;
    KindReport& kind_report = report_.kinds[kind];
    for (KindReport* target : {&kind_report, &report_.all}) {
      if (!status.ok()) {
        ++target->errors;
        if (target->error_samples.size() < kErrorSamples) {
          target->error_samples.push_back(
              absl::StrCat(kind, " (", status.error_code(), "): ", status.error_message()));
        }
      } else if (empty) {
        ++target->empty;
      }
    }
    if (status.ok()) {
      recorders_[kind].Add(latency);
      all_.Add(latency);
    }
  }

  const QueryLoadOptions& options_;
  qv1::QueryService::Stub* stub_;
  const std::vector<std::string> entities_;
  std::vector<std::string> kinds_;
  std::vector<int> weights_;
  absl::Time start_;

  absl::Mutex mutex_;
  std::mt19937_64 random_ ABSL_GUARDED_BY(mutex_);
  int64_t issued_ ABSL_GUARDED_BY(mutex_) = 0;
  size_t next_text_ ABSL_GUARDED_BY(mutex_) = 0;
  int running_ ABSL_GUARDED_BY(mutex_) = 0;
  std::map<std::string, LatencyRecorder> recorders_ ABSL_GUARDED_BY(mutex_);
  LatencyRecorder all_ ABSL_GUARDED_BY(mutex_);
  QueryReport report_ ABSL_GUARDED_BY(mutex_);
};

}  // namespace

absl::StatusOr<QueryReport> RunQueryLoad(const QueryLoadOptions& options) {
  if (options.concurrency < 1) return absl::InvalidArgumentError("concurrency: must be >= 1");
  bool needs_entities = false;
  for (const auto& [kind, weight] : options.mix) {
    if (std::find(std::begin(kKinds), std::end(kKinds), kind) == std::end(kKinds)) {
      return absl::InvalidArgumentError(absl::StrCat("mix: unknown kind \"", kind, "\""));
    }
    if (kind == "text" && weight > 0 && options.text_queries.empty()) {
      return absl::InvalidArgumentError("mix: kind text needs --queries (a file of queries)");
    }
    needs_entities |= kind != "text" && weight > 0;
  }
  auto channel = rpc::MakeChannel(options.address);
  if (!channel->WaitForConnected(absl::ToChronoTime(absl::Now() + absl::Seconds(10)))) {
    return absl::UnavailableError(absl::StrCat("query at ", options.address, " is unreachable"));
  }
  auto stub = qv1::QueryService::NewStub(channel);
  std::vector<std::string> entities;
  if (needs_entities) {
    absl::StatusOr<std::vector<std::string>> top = TopEntities(stub.get(), options.deadline);
    if (!top.ok()) return top.status();
    entities = *std::move(top);
  }
  if (options.warmup > 0) {
    QueryLoadOptions warmup = options;
    warmup.requests = options.warmup;
    warmup.duration = absl::ZeroDuration();
    QueryLoad(warmup, stub.get(), entities).Run();
  }
  QueryLoad load(options, stub.get(), std::move(entities));
  if (!load.HasKinds()) {
    return absl::FailedPreconditionError(
        "mix: nothing to run (entity kinds need stored entities: was extraction off?)");
  }
  return load.Run();
}

}  // namespace newsgraph::bench
