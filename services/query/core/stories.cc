#include "services/query/core/stories.h"

#include <algorithm>
#include <cstdint>
#include <memory>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/base/status_macros.h"
#include "common/store/keys.h"
#include "common/store/records.h"
#include "common/text/utf8.h"

namespace newsgraph::query {
namespace {

constexpr int kDefaultStoryPageSize = 20;
constexpr int kMaxStoryPageSize = 200;
constexpr int kMaxTopEntities = 10;
// The language filter: at most a BCP 47 tag long (as ingest's limit).
constexpr size_t kMaxLanguageBytes = 35;

struct StoryRows {
  uint64_t story_id = 0;
  std::vector<std::pair<uint64_t, store::StoryMember>> members;  // in doc id order
  int64_t first = 0;
  int64_t last = 0;
};

google::protobuf::Timestamp Stamp(int64_t seconds) {
  google::protobuf::Timestamp stamp;
  stamp.set_seconds(seconds);
  return stamp;
}

void FinishRows(StoryRows* rows) {
  rows->first = rows->last = rows->members.front().second.date_seconds;
  for (const auto& [doc_id, member] : rows->members) {
    rows->first = std::min(rows->first, member.date_seconds);
    rows->last = std::max(rows->last, member.date_seconds);
  }
}

// The rows of story `only` (one prefix scan: keys are story id + doc id, so a story's rows are
// contiguous), or of every story when `only` is 0.
absl::StatusOr<std::vector<StoryRows>> ReadStories(const store::Store& db, uint64_t only = 0) {
  std::vector<StoryRows> stories;
  absl::Status decode = absl::OkStatus();
  RETURN_IF_ERROR(db.ScanPrefix(
      store::ColumnFamily::kStories, only != 0 ? store::StoryPrefix(only) : std::string(),
      [&](std::string_view key, std::string_view value) {
        auto parts = store::DecodeStoryMemberKey(key);
        auto member = store::DecodeStoryMember(value);
        if (!parts.ok() || !member.ok()) {
          decode = absl::DataLossError("stories: undecodable row");
          return false;
        }
        if (stories.empty() || stories.back().story_id != parts->story_id) {
          stories.push_back(StoryRows{parts->story_id, {}, 0, 0});
        }
        stories.back().members.emplace_back(parts->doc_id, std::move(*member));
        return true;
      }));
  RETURN_IF_ERROR(decode);
  for (StoryRows& rows : stories) FinishRows(&rows);
  return stories;
}

absl::Status FillSummary(const store::Store& db, const StoryRows& rows, v1::StorySummary* summary) {
  summary->set_story_id(absl::StrCat(rows.story_id));
  summary->set_member_count(static_cast<uint32_t>(rows.members.size()));
  std::set<std::string> languages;
  for (const auto& [doc_id, member] : rows.members) languages.insert(member.language);
  for (const std::string& language : languages) summary->add_languages(language);
  *summary->mutable_first_date() = Stamp(rows.first);
  *summary->mutable_last_date() = Stamp(rows.last);
  auto document = store::ReadDocument(db, rows.members.front().first);
  if (document.ok()) summary->set_title(document->title());
  return absl::IsNotFound(document.status()) ? absl::OkStatus() : document.status();
}

absl::Status BadToken() {
  return absl::InvalidArgumentError("page_token: not a token returned by ListStories");
}

// A token is "<last date seconds>:<story id>" of the last story of the previous page.
absl::StatusOr<StoryRows> DecodeToken(const std::string& token) {
  std::vector<std::string> parts = absl::StrSplit(token, ':');
  StoryRows position;
  if (parts.size() != 2 || !absl::SimpleAtoi(parts[0], &position.last) ||
      !absl::SimpleAtoi(parts[1], &position.story_id)) {
    return BadToken();
  }
  return position;
}

}  // namespace

absl::Status ValidateListStories(const v1::ListStoriesRequest& request) {
  if (request.page_size() < 0) return absl::InvalidArgumentError("page_size: must not be negative");
  if (!request.page_token().empty()) RETURN_IF_ERROR(DecodeToken(request.page_token()).status());
  if (request.language().size() > kMaxLanguageBytes) {
    return absl::InvalidArgumentError(absl::StrCat("language: ", request.language().size(),
                                                   " bytes exceeds the limit of ",
                                                   kMaxLanguageBytes));
  }
  RETURN_IF_ERROR(text::ValidateUtf8(request.language(), "language"));
  if (request.has_published_after() && request.has_published_before() &&
      request.published_after().seconds() >= request.published_before().seconds()) {
    return absl::InvalidArgumentError("published_after: must be before published_before");
  }
  return absl::OkStatus();
}

absl::Status ListStories(const store::Store& db, const v1::ListStoriesRequest& request,
                         v1::ListStoriesResponse* response) {
  const int page_size = request.page_size() == 0 ? kDefaultStoryPageSize
                                                 : std::min(request.page_size(), kMaxStoryPageSize);
  const std::string language = absl::AsciiStrToLower(request.language());
  auto wanted = [&](const StoryRows& rows) {
    for (const auto& [doc_id, member] : rows.members) {
      if (request.has_published_after() &&
          member.date_seconds < request.published_after().seconds()) {
        continue;
      }
      if (request.has_published_before() &&
          member.date_seconds >= request.published_before().seconds()) {
        continue;
      }
      if (!language.empty() && absl::AsciiStrToLower(member.language) != language) continue;
      return true;
    }
    return false;
  };
  // Newest first straight from the story_dates index (last member date, then story id, both
  // descending): a page reads its own stories (and those the filters skip), not every story.
  std::unique_ptr<store::Iterator> it = db.NewIterator(store::ColumnFamily::kStoryDates);
  if (request.page_token().empty()) {
    it->SeekForPrev(std::string(16, '\xff'));
  } else {
    ASSIGN_OR_RETURN(StoryRows position, DecodeToken(request.page_token()));
    const std::string after = store::StoryDateKey(position.last, position.story_id);
    it->SeekForPrev(after);
    if (it->Valid() && it->key() == after) it->Prev();
  }
  const StoryRows* previous = nullptr;
  StoryRows last_listed;
  for (; it->Valid(); it->Prev()) {
    ASSIGN_OR_RETURN(store::StoryDateKeyParts key, store::DecodeStoryDateKey(it->key()));
    ASSIGN_OR_RETURN(std::vector<StoryRows> stories, ReadStories(db, key.story_id));
    if (stories.empty() || !wanted(stories.front())) continue;
    if (response->stories_size() == page_size) {
      response->set_next_page_token(absl::StrCat(previous->last, ":", previous->story_id));
      break;
    }
    RETURN_IF_ERROR(FillSummary(db, stories.front(), response->add_stories()));
    last_listed = std::move(stories.front());
    previous = &last_listed;
  }
  return it->status();
}

absl::Status GetStory(const store::Store& db, const v1::GetStoryRequest& request,
                      v1::GetStoryResponse* response) {
  uint64_t story_id = 0;
  if (request.story_id().empty()) return absl::InvalidArgumentError("story_id: must not be empty");
  if (!absl::SimpleAtoi(request.story_id(), &story_id) || story_id == 0) {
    // Echoed only when short: the message travels in response headers, which clients cap at
    // 8 KiB (a long id turned the answer into RESOURCE_EXHAUSTED).
    return absl::InvalidArgumentError(
        request.story_id().size() > 32
            ? absl::StrCat("story_id: not a story id (", request.story_id().size(), " bytes)")
            : absl::StrCat("story_id: not a story id: \"", request.story_id(), "\""));
  }
  ASSIGN_OR_RETURN(std::vector<StoryRows> stories, ReadStories(db, story_id));
  if (stories.empty()) {
    return absl::NotFoundError(absl::StrCat("story_id: no story ", story_id));
  }
  const StoryRows& rows = stories.front();
  RETURN_IF_ERROR(FillSummary(db, rows, response->mutable_story()));

  std::vector<std::pair<uint64_t, const store::StoryMember*>> members;
  for (const auto& [doc_id, member] : rows.members) members.emplace_back(doc_id, &member);
  std::stable_sort(members.begin(), members.end(), [](const auto& a, const auto& b) {
    return a.second->date_seconds < b.second->date_seconds;
  });
  absl::flat_hash_map<std::string, uint32_t> member_counts;
  for (const auto& [doc_id, member] : members) {
    v1::StoryMember* out = response->add_members();
    out->set_document_id(absl::StrCat(doc_id));
    out->set_language(member->language);
    *out->mutable_date() = Stamp(member->date_seconds);
    for (const std::string& id : member->shared_entities) out->add_shared_entity_ids(id);
    auto document = store::ReadDocument(db, doc_id);
    if (document.ok()) out->set_title(document->title());
    if (!document.ok() && !absl::IsNotFound(document.status())) return document.status();
    auto meta = store::ReadDocMeta(db, doc_id);
    if (!meta.ok() && !absl::IsNotFound(meta.status())) return meta.status();
    if (meta.ok()) {
      for (const auto& [entity_id, count] : meta->entities) ++member_counts[entity_id];
    }
  }
  std::vector<std::pair<std::string, uint32_t>> ranked(member_counts.begin(), member_counts.end());
  std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  for (const auto& [entity_id, count] : ranked) {
    const bool top = response->top_entities_size() < kMaxTopEntities;
    if (!top && count < 2) break;
    v1::StoryEntity entity;
    entity.set_entity_id(entity_id);
    entity.set_member_count(count);
    auto record = store::ReadEntity(db, entity_id);
    if (record.ok()) entity.set_name(record->canonical_name());
    if (top) *response->add_top_entities() = entity;
    if (count >= 2) *response->add_shared_entities() = std::move(entity);
  }
  return absl::OkStatus();
}

}  // namespace newsgraph::query
