#include "services/query/core/entity_answers.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "absl/time/time.h"
#include "common/base/status_macros.h"
#include "common/lang/detect.h"
#include "common/store/entity_counters.h"
#include "common/store/keys.h"
#include "common/store/records.h"
#include "common/text/utf8.h"

namespace newsgraph::query {
namespace {

constexpr int kDefaultRelatedPageSize = 20;
constexpr int kMaxRelatedPageSize = 200;
// doc_meta records read per MultiGet.
constexpr size_t kMetaBatch = 1000;

// Language filters: at most this many values, each at most a BCP 47 tag long.
constexpr int kMaxLanguages = 32;

absl::Status ValidateLanguages(const google::protobuf::RepeatedPtrField<std::string>& languages) {
  if (languages.size() > kMaxLanguages) {
    return absl::InvalidArgumentError(
        absl::StrCat("languages: more than ", kMaxLanguages, " values"));
  }
  for (const std::string& language : languages) {
    if (language.empty() || language.size() > lang::kMaxLanguageTagBytes) {
      return absl::InvalidArgumentError(
          absl::StrCat("languages: values must be 1 to ", lang::kMaxLanguageTagBytes, " bytes"));
    }
    RETURN_IF_ERROR(text::ValidateUtf8(language, "languages"));
  }
  return absl::OkStatus();
}

absl::Status ValidateRange(const google::protobuf::Timestamp* after,
                           const google::protobuf::Timestamp* before) {
  if (after != nullptr && before != nullptr && after->seconds() >= before->seconds()) {
    return absl::InvalidArgumentError(
        "published_after: must be before published_before (the range is [after, before))");
  }
  return absl::OkStatus();
}

// The date a document is placed at: published_at, else ingested_at.
int64_t DocumentSeconds(const store::DocMeta& meta) {
  return meta.has_published ? meta.published_seconds : meta.ingested_seconds;
}

bool LanguageMatches(const std::string& language,
                     const google::protobuf::RepeatedPtrField<std::string>& wanted) {
  if (wanted.empty()) return true;
  for (const std::string& w : wanted) {
    if (language.size() < w.size()) continue;
    if (!absl::EqualsIgnoreCase(language.substr(0, w.size()), w)) continue;
    if (language.size() == w.size() || language[w.size()] == '-') return true;
  }
  return false;
}

struct Walk {
  // The entity's documents (all of them, ascending id) and its total mentions.
  store::EntityDocuments all;
  // The walked documents' ids (newest first), their metadata and the entity's mentions there.
  std::vector<std::pair<uint64_t, uint64_t>> documents;
  std::vector<store::DocMeta> metas;
  bool capped = false;
};

// Reads up to kMaxEntityWalk of the entity's documents, newest first, keeping those dated within
// [after, before) (either may be null). NotFound when the entity has no documents.
absl::StatusOr<Walk> WalkDocuments(const store::Store& db, const std::string& entity_id,
                                   const google::protobuf::Timestamp* after,
                                   const google::protobuf::Timestamp* before) {
  Walk walk;
  ASSIGN_OR_RETURN(walk.all, store::ReadEntityDocuments(db, entity_id));
  if (walk.all.documents.empty()) {
    return absl::NotFoundError(absl::StrCat("entity_id: no stored document mentions ", entity_id));
  }
  std::vector<std::pair<uint64_t, uint64_t>> newest(walk.all.documents.rbegin(),
                                                    walk.all.documents.rend());
  if (newest.size() > kMaxEntityWalk) {
    newest.resize(kMaxEntityWalk);
    walk.capped = true;
  }
  for (size_t begin = 0; begin < newest.size(); begin += kMetaBatch) {
    const size_t end = std::min(newest.size(), begin + kMetaBatch);
    std::vector<uint64_t> ids;
    for (size_t i = begin; i < end; ++i) ids.push_back(newest[i].first);
    ASSIGN_OR_RETURN(auto metas, store::ReadDocMetas(db, ids));
    for (size_t i = begin; i < end; ++i) {
      std::optional<store::DocMeta>& meta = metas[i - begin];
      if (!meta.has_value()) continue;  // deleted since entity_docs was read
      const int64_t seconds = DocumentSeconds(*meta);
      if (after != nullptr && seconds < after->seconds()) continue;
      if (before != nullptr && seconds >= before->seconds()) continue;
      walk.documents.push_back(newest[i]);
      walk.metas.push_back(std::move(*meta));
    }
  }
  return walk;
}

absl::StatusOr<size_t> ParseOffset(const std::string& token) {
  size_t offset = 0;
  if (!token.empty() && !absl::SimpleAtoi(token, &offset)) {
    return absl::InvalidArgumentError("page_token: not a token returned by RelatedEntities");
  }
  return offset;
}

// The bucket of `seconds`: its label and first second.
std::pair<std::string, int64_t> Bucket(int64_t seconds, v1::TimelineInterval interval) {
  const absl::CivilDay day = absl::ToCivilDay(absl::FromUnixSeconds(seconds), absl::UTCTimeZone());
  switch (interval) {
    case v1::TIMELINE_INTERVAL_MONTH: {
      const absl::CivilMonth month(day);
      return {absl::StrFormat("%04d-%02d", month.year(), month.month()),
              absl::ToUnixSeconds(absl::FromCivil(month, absl::UTCTimeZone()))};
    }
    case v1::TIMELINE_INTERVAL_WEEK: {
      // ISO 8601: weeks start on Monday and belong to the year of their Thursday.
      const int from_monday =
          (static_cast<int>(absl::GetWeekday(day)) - static_cast<int>(absl::Weekday::monday) + 7) %
          7;
      const absl::CivilDay monday = day - from_monday;
      const absl::CivilDay thursday = monday + 3;
      const int week = (absl::GetYearDay(thursday) - 1) / 7 + 1;
      return {absl::StrFormat("%04d-W%02d", thursday.year(), week),
              absl::ToUnixSeconds(absl::FromCivil(monday, absl::UTCTimeZone()))};
    }
    default:
      return {absl::StrFormat("%04d-%02d-%02d", day.year(), day.month(), day.day()),
              absl::ToUnixSeconds(absl::FromCivil(day, absl::UTCTimeZone()))};
  }
}

}  // namespace

absl::Status ValidateEntityId(const std::string& id) {
  // Longer ids are not entity ids (and would be echoed into NOT_FOUND messages, which travel in
  // response headers that clients cap at 8 KiB).
  constexpr size_t kMaxEntityIdBytes = 1024;
  if (id.empty()) return absl::InvalidArgumentError("entity_id: must not be empty");
  if (id.size() > kMaxEntityIdBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("entity_id: ", id.size(), " bytes exceeds the limit of ", kMaxEntityIdBytes));
  }
  // Ids are followed by a NUL separator in entity_docs keys: one holding a NUL could select
  // another entity's rows.
  if (id.find('\0') != std::string::npos) {
    return absl::InvalidArgumentError("entity_id: must not contain NUL");
  }
  return text::ValidateUtf8(id, "entity_id");
}

absl::Status ValidateRelatedEntities(const v1::RelatedEntitiesRequest& request) {
  RETURN_IF_ERROR(ValidateEntityId(request.entity_id()));
  if (request.page_size() < 0) return absl::InvalidArgumentError("page_size: must not be negative");
  RETURN_IF_ERROR(ParseOffset(request.page_token()).status());
  RETURN_IF_ERROR(ValidateLanguages(request.languages()));
  return ValidateRange(request.has_published_after() ? &request.published_after() : nullptr,
                       request.has_published_before() ? &request.published_before() : nullptr);
}

absl::Status RelatedEntities(const store::Store& db, const v1::RelatedEntitiesRequest& request,
                             v1::RelatedEntitiesResponse* response, EntityAnswerSource source) {
  ASSIGN_OR_RETURN(size_t offset, ParseOffset(request.page_token()));
  const size_t page_size = request.page_size() == 0
                               ? kDefaultRelatedPageSize
                               : std::min(request.page_size(), kMaxRelatedPageSize);
  struct Counts {
    uint64_t documents = 0;
    uint64_t mentions = 0;
  };
  absl::flat_hash_map<std::string, Counts> counts;
  uint64_t examined = 0;
  double x_documents = 0;
  bool capped = false;
  const bool filtered = !request.languages().empty() || request.has_published_after() ||
                        request.has_published_before();
  bool answered = false;
  if (source == EntityAnswerSource::kAuto && !filtered) {
    // Unfiltered: the pair rows hold exactly what a walk of every document would count. Values
    // (dates, amounts) have none, nor has a thing never named with another: both are walked.
    auto totals = store::ReadEntityTotals(db, request.entity_id());
    if (absl::IsNotFound(totals.status()) || (totals.ok() && totals->documents == 0)) {
      return absl::NotFoundError(
          absl::StrCat("entity_id: no stored document mentions ", request.entity_id()));
    }
    if (!totals.ok()) return totals.status();
    ASSIGN_OR_RETURN(auto pairs, store::ReadEntityPairs(db, request.entity_id()));
    if (!pairs.empty()) {
      x_documents = totals->documents;
      examined = totals->documents;
      for (const auto& [id, c] : pairs) counts[id] = Counts{c.documents, c.mentions};
      answered = true;
    }
  }
  if (!answered) {
    ASSIGN_OR_RETURN(
        Walk walk,
        WalkDocuments(db, request.entity_id(),
                      request.has_published_after() ? &request.published_after() : nullptr,
                      request.has_published_before() ? &request.published_before() : nullptr));
    for (const store::DocMeta& meta : walk.metas) {
      if (!LanguageMatches(meta.language, request.languages())) continue;
      ++examined;
      for (const auto& [id, mentions] : meta.entities) {
        if (id == request.entity_id()) continue;
        Counts& c = counts[id];
        ++c.documents;
        c.mentions += mentions;
      }
    }
    x_documents = walk.all.documents.size();
    capped = walk.capped;
  }
  std::vector<std::pair<std::string, Counts>> ranked(counts.begin(), counts.end());
  // PMI needs each candidate's own document count (one entity_docs read each), so it is computed
  // for the returned page only and ordering uses the shared-document count.
  std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
    if (a.second.documents != b.second.documents) return a.second.documents > b.second.documents;
    if (a.second.mentions != b.second.mentions) return a.second.mentions > b.second.mentions;
    return a.first < b.first;
  });
  if (offset > ranked.size()) {
    return absl::InvalidArgumentError("page_token: not a token returned by RelatedEntities");
  }
  ASSIGN_OR_RETURN(store::IndexStats stats, store::ReadIndexStats(db));
  const double total = std::max<double>(1, stats.documents);
  const size_t end = std::min(ranked.size(), offset + page_size);
  for (size_t i = offset; i < end; ++i) {
    const auto& [id, c] = ranked[i];
    v1::RelatedEntity* related = response->add_related();
    auto entity = store::ReadEntity(db, id);
    if (entity.ok()) {
      *related->mutable_entity() = std::move(*entity);
    } else if (absl::IsNotFound(entity.status())) {
      related->mutable_entity()->set_id(id);  // a record never written: still report the id
    } else {
      return entity.status();
    }
    // The other entity's own document count: its totals row (what counting its entity_docs rows
    // gives, in one read).
    auto y = store::ReadEntityTotals(db, id);
    if (!y.ok() && !absl::IsNotFound(y.status())) return y.status();
    const uint64_t y_count = y.ok() ? y->documents : 0;
    const double y_documents = std::max<double>(c.documents, y_count);
    related->set_document_count(c.documents);
    related->set_mention_count(c.mentions);
    related->set_total_document_count(y_count);
    related->set_pmi(std::log(c.documents * total / (x_documents * y_documents)));
  }
  if (end < ranked.size()) response->set_next_page_token(absl::StrCat(end));
  response->set_documents_examined(examined);
  response->set_capped(capped);
  return absl::OkStatus();
}

absl::Status ValidateEntityTimeline(const v1::EntityTimelineRequest& request) {
  RETURN_IF_ERROR(ValidateEntityId(request.entity_id()));
  if (!v1::TimelineInterval_IsValid(request.interval())) {
    return absl::InvalidArgumentError(
        absl::StrCat("interval: unknown value ", static_cast<int>(request.interval())));
  }
  return ValidateRange(request.has_published_after() ? &request.published_after() : nullptr,
                       request.has_published_before() ? &request.published_before() : nullptr);
}

namespace {

// Whether a range bound is unset or the first second of a UTC day (so whole day rows answer it).
bool OnDayBoundary(bool has, const google::protobuf::Timestamp& bound) {
  return !has || bound.seconds() % 86400 == 0;
}

// EntityTimeline from the entity_days rows.
absl::Status TimelineFromDays(const store::Store& db, const v1::EntityTimelineRequest& request,
                              v1::EntityTimelineResponse* response) {
  auto totals = store::ReadEntityTotals(db, request.entity_id());
  if (absl::IsNotFound(totals.status()) || (totals.ok() && totals->documents == 0)) {
    return absl::NotFoundError(
        absl::StrCat("entity_id: no stored document mentions ", request.entity_id()));
  }
  if (!totals.ok()) return totals.status();
  const int64_t first_day = request.has_published_after()
                                ? store::DayOfSeconds(request.published_after().seconds())
                                : std::numeric_limits<int64_t>::min();
  const int64_t end_day = request.has_published_before()
                              ? store::DayOfSeconds(request.published_before().seconds())
                              : std::numeric_limits<int64_t>::max();
  ASSIGN_OR_RETURN(auto days, store::ReadEntityDays(db, request.entity_id(), first_day, end_day));
  std::map<int64_t, v1::TimelineBucket> buckets;
  uint64_t by_ingestion = 0;
  for (const auto& [day, counts] : days) {
    auto [label, start] = Bucket(day * 86400, request.interval());
    v1::TimelineBucket& bucket = buckets[start];
    bucket.set_label(label);
    bucket.mutable_start()->set_seconds(start);
    bucket.set_mention_count(bucket.mention_count() + counts.mentions);
    bucket.set_document_count(bucket.document_count() + counts.documents);
    by_ingestion += counts.dated_by_ingestion;
  }
  for (auto& [start, bucket] : buckets) *response->add_buckets() = std::move(bucket);
  response->set_documents_dated_by_ingestion(by_ingestion);
  response->set_capped(false);
  return absl::OkStatus();
}

}  // namespace

absl::Status EntityTimeline(const store::Store& db, const v1::EntityTimelineRequest& request,
                            v1::EntityTimelineResponse* response, EntityAnswerSource source) {
  if (source == EntityAnswerSource::kAuto &&
      OnDayBoundary(request.has_published_after(), request.published_after()) &&
      OnDayBoundary(request.has_published_before(), request.published_before())) {
    return TimelineFromDays(db, request, response);
  }
  ASSIGN_OR_RETURN(
      Walk walk,
      WalkDocuments(db, request.entity_id(),
                    request.has_published_after() ? &request.published_after() : nullptr,
                    request.has_published_before() ? &request.published_before() : nullptr));
  // Keyed by the bucket's first second, so iteration is oldest first.
  std::map<int64_t, v1::TimelineBucket> buckets;
  uint64_t by_ingestion = 0;
  for (size_t i = 0; i < walk.metas.size(); ++i) {
    const store::DocMeta& meta = walk.metas[i];
    if (!meta.has_published) ++by_ingestion;
    auto [label, start] = Bucket(DocumentSeconds(meta), request.interval());
    v1::TimelineBucket& bucket = buckets[start];
    bucket.set_label(label);
    bucket.mutable_start()->set_seconds(start);
    bucket.set_mention_count(bucket.mention_count() + walk.documents[i].second);
    bucket.set_document_count(bucket.document_count() + 1);
  }
  for (auto& [start, bucket] : buckets) *response->add_buckets() = std::move(bucket);
  response->set_documents_dated_by_ingestion(by_ingestion);
  response->set_capped(walk.capped);
  return absl::OkStatus();
}

absl::Status AddEntityDates(const store::Store& db, v1::GetEntityResponse* response) {
  // Two seeks in entity_dates (rows in date order) instead of a walk of the documents.
  ASSIGN_OR_RETURN(auto range, store::ReadEntityDateRange(db, response->entity().id()));
  // An entity record without documents (all replaced) simply has no dates.
  if (!range.has_value()) return absl::OkStatus();
  response->mutable_first_seen()->set_seconds(range->first);
  response->mutable_last_seen()->set_seconds(range->second);
  return absl::OkStatus();
}

}  // namespace newsgraph::query
