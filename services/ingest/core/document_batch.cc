#include "services/ingest/core/document_batch.h"

#include <algorithm>
#include <cmath>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "common/analysis/analyzer.h"
#include "common/base/status_macros.h"
#include "common/store/doc_meta.h"
#include "common/store/keys.h"
#include "common/store/postings.h"
#include "common/store/records.h"
#include "services/ingest/core/dedup.h"

namespace newsgraph::ingest {

namespace {

using store::ColumnFamily;

// A document's index terms: each key with its positions (ascending: title words first, body
// words from kBodyPositionBase on), plus the word counts BM25 normalises by.
struct IndexedText {
  absl::flat_hash_map<std::string, std::vector<uint32_t>> positions;
  uint32_t title_length = 0;
  uint32_t body_length = 0;
};

absl::StatusOr<IndexedText> IndexText(const common::v1::Document& document) {
  IndexedText indexed;
  ASSIGN_OR_RETURN(std::vector<analysis::AnalyzedTerm> title,
                   analysis::Analyze(document.title(), document.language()));
  for (analysis::AnalyzedTerm& term : title) {
    // Titles are a few KiB at most; a longer one is cut rather than overlap the body's positions.
    if (term.position >= store::kBodyPositionBase) break;
    if (term.kind == analysis::TermKind::kExact) ++indexed.title_length;
    indexed.positions[std::move(term.term)].push_back(term.position);
  }
  ASSIGN_OR_RETURN(std::vector<analysis::AnalyzedTerm> body,
                   analysis::Analyze(document.body(), document.language()));
  for (analysis::AnalyzedTerm& term : body) {
    if (term.kind == analysis::TermKind::kExact) ++indexed.body_length;
    indexed.positions[std::move(term.term)].push_back(store::kBodyPositionBase + term.position);
  }
  return indexed;
}

// Values rather than things: dates, amounts, percentages and URLs are linked "entities" for
// filtering by type, but they would crowd the top-entities facet.
bool IsValueType(common::v1::EntityType type) {
  return type == common::v1::ENTITY_TYPE_DATE || type == common::v1::ENTITY_TYPE_MONEY ||
         type == common::v1::ENTITY_TYPE_PERCENT || type == common::v1::ENTITY_TYPE_URL;
}

absl::flat_hash_map<std::string, uint64_t> MentionCounts(const common::v1::Document& document) {
  absl::flat_hash_map<std::string, uint64_t> mention_counts;
  for (const common::v1::Mention& mention : document.mentions()) {
    // Mentions without an entity (a percentage, an unanchored "yesterday") are not indexed.
    if (!mention.entity_id().empty()) ++mention_counts[mention.entity_id()];
  }
  return mention_counts;
}

store::DocMeta MakeDocMeta(const common::v1::Document& document, const IndexedText& indexed) {
  store::DocMeta meta;
  meta.title_length = indexed.title_length;
  meta.body_length = indexed.body_length;
  meta.language = document.language();
  meta.source = document.source();
  meta.has_published = document.has_published_at();
  meta.published_seconds = document.published_at().seconds();
  meta.ingested_seconds = document.ingested_at().seconds();
  for (const common::v1::Mention& mention : document.mentions()) {
    const int type = static_cast<int>(mention.type());
    if (!mention.entity_id().empty() && type > 0 && type < 64) {
      meta.entity_type_mask |= uint64_t{1} << type;
    }
  }
  for (const common::v1::DocumentEntity& entity : document.entities()) {
    if (!IsValueType(entity.type())) {
      meta.entities.emplace_back(entity.entity_id(), entity.mention_count());
    }
  }
  if (document.entities().empty()) {
    // Documents whose extractor gave no ranked list: mention counts in id order.
    absl::flat_hash_map<std::string, uint32_t> counts;
    for (const common::v1::Mention& mention : document.mentions()) {
      if (!mention.entity_id().empty() && !IsValueType(mention.type())) {
        ++counts[mention.entity_id()];
      }
    }
    meta.entities.assign(counts.begin(), counts.end());
    std::sort(meta.entities.begin(), meta.entities.end());
  }
  return meta;
}

std::string Fixed64Value(uint64_t v) {
  std::string payload;
  store::PutFixed64BE(&payload, v);
  return store::WrapValue(payload);
}

// Counts one document into (`add`) or out of *totals and puts the counters it changed. Absolute
// values rather than merged deltas: a RocksDB secondary may apply a merge operand twice (see
// common/store/merge_operators.h), which an additive counter would not survive.
void UpdateTotals(const common::v1::Document& document, const IndexedText& indexed, bool add,
                  store::IndexStats* totals, store::WriteBatch* batch) {
  const uint64_t length = uint64_t{indexed.title_length} + indexed.body_length;
  auto apply = [add](uint64_t* value, uint64_t delta) {
    *value = add ? *value + delta : (*value > delta ? *value - delta : 0);
    return *value;
  };
  batch->Put(ColumnFamily::kMeta, store::CounterKey(store::kIndexDocumentsCounter),
             Fixed64Value(apply(&totals->documents, 1)));
  batch->Put(ColumnFamily::kMeta, store::CounterKey(store::kIndexLengthCounter),
             Fixed64Value(apply(&totals->total_length, length)));
  if (!document.language().empty()) {
    const std::string language = absl::AsciiStrToLower(document.language());
    batch->Put(ColumnFamily::kMeta,
               store::CounterKey(std::string(store::kIndexLanguageCounterPrefix) + language),
               Fixed64Value(apply(&totals->languages[language], 1)));
  }
}

// The document's part in the entity counters: its entity_docs rows and its doc_meta record.
store::EntityContribution ContributionOf(const common::v1::Document& document,
                                         const store::DocMeta& meta) {
  const absl::flat_hash_map<std::string, uint64_t> counts = MentionCounts(document);
  return store::MakeEntityContribution({counts.begin(), counts.end()}, meta);
}

// Puts (or deletes) the document's entity_dates rows: one per linked entity, at its date.
void WriteEntityDates(uint64_t doc_id, const common::v1::Document& document,
                      const store::DocMeta& meta, bool add, store::WriteBatch* batch) {
  const int64_t seconds = meta.has_published ? meta.published_seconds : meta.ingested_seconds;
  for (const auto& [entity_id, count] : MentionCounts(document)) {
    const std::string key = store::EntityDateKey(entity_id, seconds, doc_id);
    if (add) {
      batch->Put(ColumnFamily::kEntityDates, key, store::WrapValue(""));
    } else {
      batch->Delete(ColumnFamily::kEntityDates, key);
    }
  }
}

void PutEntities(uint64_t doc_id, const common::v1::Document& document,
                 const google::protobuf::RepeatedPtrField<common::v1::Entity>& entities,
                 store::WriteBatch* batch) {
  for (const common::v1::Entity& entity : entities) {
    batch->Put(ColumnFamily::kEntities, store::EntityKey(entity.id()),
               store::WrapValue(entity.SerializeAsString()));
  }
  for (const auto& [entity_id, count] : MentionCounts(document)) {
    std::string value;
    store::PutVarint64(&value, count);
    batch->Put(ColumnFamily::kEntityDocs, store::EntityDocKey(entity_id, doc_id),
               store::WrapValue(value));
  }
}

}  // namespace

absl::Status AddDocumentToBatch(
    uint64_t doc_id, const common::v1::Document& document,
    const google::protobuf::RepeatedPtrField<common::v1::Entity>& entities,
    store::IndexStats* totals, store::WriteBatch* batch,
    store::EntityCounterDelta* entity_counters) {
  ASSIGN_OR_RETURN(IndexedText indexed, IndexText(document));
  batch->Put(ColumnFamily::kDocuments, store::DocumentKey(doc_id),
             store::WrapValue(document.SerializeAsString()));
  const uint64_t block = store::PostingBlock(doc_id);
  for (const auto& [term, positions] : indexed.positions) {
    batch->Merge(ColumnFamily::kPostings, store::PostingBlockKey(term, block),
                 store::PostingAddOperand(doc_id, positions));
  }
  const store::DocMeta meta = MakeDocMeta(document, indexed);
  batch->Put(ColumnFamily::kDocMeta, store::DocumentKey(doc_id), store::EncodeDocMeta(meta));
  if (entity_counters != nullptr) entity_counters->Add(ContributionOf(document, meta));
  WriteEntityDates(doc_id, document, meta, /*add=*/true, batch);
  UpdateTotals(document, indexed, /*add=*/true, totals, batch);
  PutEntities(doc_id, document, entities, batch);

  if (!document.external_id().empty()) {
    std::string value;
    store::PutFixed64BE(&value, doc_id);
    batch->Put(ColumnFamily::kExternalIds, store::ExternalIdKey(document.external_id()),
               store::WrapValue(value));
  }
  PutDedupKeys(doc_id, document.content_hash(), document.simhash(), batch);
  return absl::OkStatus();
}

absl::Status UpdateDocumentEntitiesInBatch(
    uint64_t doc_id, const common::v1::Document& document,
    const google::protobuf::RepeatedPtrField<common::v1::Entity>& entities,
    store::WriteBatch* batch, store::EntityCounterDelta* entity_counters) {
  // Re-analyzed only for the lengths in doc_meta; the postings are already in place.
  ASSIGN_OR_RETURN(IndexedText indexed, IndexText(document));
  batch->Put(ColumnFamily::kDocuments, store::DocumentKey(doc_id),
             store::WrapValue(document.SerializeAsString()));
  const store::DocMeta meta = MakeDocMeta(document, indexed);
  batch->Put(ColumnFamily::kDocMeta, store::DocumentKey(doc_id), store::EncodeDocMeta(meta));
  if (entity_counters != nullptr) entity_counters->Add(ContributionOf(document, meta));
  WriteEntityDates(doc_id, document, meta, /*add=*/true, batch);
  PutEntities(doc_id, document, entities, batch);
  return absl::OkStatus();
}

absl::Status RemoveDocumentIndexFromBatch(uint64_t doc_id, const common::v1::Document& old_document,
                                          store::IndexStats* totals, store::WriteBatch* batch,
                                          store::EntityCounterDelta* entity_counters) {
  ASSIGN_OR_RETURN(IndexedText indexed, IndexText(old_document));
  const store::DocMeta old_meta = MakeDocMeta(old_document, indexed);
  if (entity_counters != nullptr) entity_counters->Subtract(ContributionOf(old_document, old_meta));
  WriteEntityDates(doc_id, old_document, old_meta, /*add=*/false, batch);
  const uint64_t block = store::PostingBlock(doc_id);
  for (const auto& [term, positions] : indexed.positions) {
    batch->Merge(ColumnFamily::kPostings, store::PostingBlockKey(term, block),
                 store::PostingRemovalOperand(doc_id));
  }
  batch->Delete(ColumnFamily::kDocMeta, store::DocumentKey(doc_id));
  UpdateTotals(old_document, indexed, /*add=*/false, totals, batch);
  for (const auto& [entity_id, count] : MentionCounts(old_document)) {
    batch->Delete(ColumnFamily::kEntityDocs, store::EntityDocKey(entity_id, doc_id));
  }
  DeleteDedupKeys(doc_id, old_document.content_hash(), old_document.simhash(), batch);
  return absl::OkStatus();
}

absl::StatusOr<bool> DropUnchangedEntities(
    const store::Store& db, google::protobuf::RepeatedPtrField<common::v1::Entity>* entities) {
  if (entities->empty()) return false;
  std::vector<std::string> keys, values;
  for (const common::v1::Entity& entity : *entities) {
    keys.push_back(store::EntityKey(entity.id()));
    values.push_back(store::WrapValue(entity.SerializeAsString()));
  }
  ASSIGN_OR_RETURN(auto stored, db.MultiGet(ColumnFamily::kEntities, keys));
  google::protobuf::RepeatedPtrField<common::v1::Entity> changed;
  for (int i = 0; i < entities->size(); ++i) {
    if (stored[i].ok() && *stored[i] == values[i]) continue;
    if (!stored[i].ok() && !absl::IsNotFound(stored[i].status())) return stored[i].status();
    *changed.Add() = std::move(*entities->Mutable(i));
  }
  *entities = std::move(changed);
  return !entities->empty();
}

namespace {

constexpr int kStorySeedEntities = 5;
constexpr int kStoryCandidatesPerEntity = 50;
constexpr size_t kStoryScoredEntities = 10;

// A document as story matching sees it: its date and its top entities' shares of mentions.
struct StoryProfile {
  int64_t date = 0;
  std::vector<std::pair<std::string, double>> shares;  // most salient first
};

bool IsProvisional(const std::string& entity_id) { return entity_id.rfind("ng:new/", 0) == 0; }

StoryProfile ProfileOf(const store::DocMeta& meta) {
  StoryProfile profile;
  profile.date = meta.has_published ? meta.published_seconds : meta.ingested_seconds;
  double total = 0;
  for (const auto& [id, count] : meta.entities) {
    if (IsProvisional(id)) continue;
    profile.shares.emplace_back(id, count);
    total += count;
    if (profile.shares.size() == kStoryScoredEntities) break;
  }
  for (auto& [id, share] : profile.shares) share = total > 0 ? share / total : 0;
  return profile;
}

// Weighted overlap of two mention distributions: 1 for identical ones, 0 for disjoint ones.
// Shares rather than raw counts so a long article does not outweigh a short one.
double Overlap(const StoryProfile& a, const StoryProfile& b, std::vector<std::string>* shared) {
  double score = 0;
  shared->clear();
  for (const auto& [id, share] : a.shares) {
    for (const auto& [other_id, other_share] : b.shares) {
      if (id != other_id) continue;
      score += std::min(share, other_share);
      shared->push_back(id);
    }
  }
  return score;
}

// The last member date of story `story_id` as stored, leaving out `skip_doc` (the document being
// removed or re-placed), and with `added_seconds` counted in when given. Sets *any to whether a
// member is left.
absl::StatusOr<int64_t> StoryLastDate(const store::Store& db, uint64_t story_id, uint64_t skip_doc,
                                      const int64_t* added_seconds, bool* any) {
  *any = added_seconds != nullptr;
  int64_t last = added_seconds != nullptr ? *added_seconds : 0;
  absl::Status decode;
  RETURN_IF_ERROR(db.ScanPrefix(
      ColumnFamily::kStories, store::StoryPrefix(story_id),
      [&](std::string_view key, std::string_view value) {
        absl::StatusOr<store::StoryMemberKeyParts> parts = store::DecodeStoryMemberKey(key);
        absl::StatusOr<store::StoryMember> member = store::DecodeStoryMember(value);
        if (!parts.ok() || !member.ok()) {
          decode = absl::DataLossError("stories: undecodable row");
          return false;
        }
        if (parts->doc_id == skip_doc) return true;
        last = *any ? std::max(last, member->date_seconds) : member->date_seconds;
        *any = true;
        return true;
      }));
  RETURN_IF_ERROR(decode);
  return last;
}

// Moves story `story_id`'s story_dates key from its date without `doc_id` (`before`: the state
// after a removal earlier in the same batch) to its date with `doc_id` dated `seconds` (or
// without it when `seconds` is null). Later operations in a batch win, so a removal followed by
// an addition of the same document ends with the right key.
absl::Status MoveStoryDate(const store::Store& db, uint64_t story_id, uint64_t doc_id,
                           bool removing, const int64_t* seconds, store::WriteBatch* batch) {
  bool had = false, has = false;
  // Removal: from all stored members to those without doc_id. Addition: from the members
  // without doc_id (its old row, if any, is being removed in this batch) to those plus it.
  ASSIGN_OR_RETURN(int64_t old_last,
                   StoryLastDate(db, story_id, removing ? 0 : doc_id, nullptr, &had));
  ASSIGN_OR_RETURN(int64_t new_last, StoryLastDate(db, story_id, doc_id, seconds, &has));
  if (had) batch->Delete(ColumnFamily::kStoryDates, store::StoryDateKey(old_last, story_id));
  if (has) {
    batch->Put(ColumnFamily::kStoryDates, store::StoryDateKey(new_last, story_id),
               store::WrapValue(""));
  }
  return absl::OkStatus();
}

absl::StatusOr<uint64_t> StoryOf(const store::Store& db, uint64_t doc_id) {
  absl::StatusOr<std::string> value = db.Get(ColumnFamily::kDocStory, store::DocumentKey(doc_id));
  if (absl::IsNotFound(value.status())) return 0;
  if (!value.ok()) return value.status();
  ASSIGN_OR_RETURN(std::string_view payload, store::UnwrapValue(*value));
  return store::DecodeFixed64BE(payload);
}

}  // namespace

absl::StatusOr<uint64_t> AddStoryToBatch(const store::Store& db, uint64_t doc_id,
                                         const common::v1::Document& document,
                                         store::WriteBatch* batch) {
  const StoryProfile profile = ProfileOf(MakeDocMeta(document, IndexedText{}));
  if (profile.shares.empty()) return 0;
  // Candidates: the newest documents of the most salient entities (ids ascend with ingestion).
  std::vector<uint64_t> candidates;
  for (size_t i = 0; i < profile.shares.size() && i < kStorySeedEntities; ++i) {
    // Backwards from the entity's highest doc id: a frequent entity costs 50 reads, not all.
    const std::string prefix = store::EntityDocPrefix(profile.shares[i].first);
    std::unique_ptr<store::Iterator> it = db.NewIterator(ColumnFamily::kEntityDocs);
    int read = 0;
    for (it->SeekForPrev(prefix + std::string(8, '\xff'));
         it->Valid() && it->key().substr(0, prefix.size()) == prefix &&
         read < kStoryCandidatesPerEntity;
         it->Prev(), ++read) {
      ASSIGN_OR_RETURN(store::EntityDocKeyParts parts, store::DecodeEntityDocKey(it->key()));
      if (parts.doc_id != doc_id) candidates.push_back(parts.doc_id);
    }
    RETURN_IF_ERROR(it->status());
  }
  std::sort(candidates.begin(), candidates.end());
  candidates.erase(std::unique(candidates.begin(), candidates.end()), candidates.end());

  uint64_t best_doc = 0;
  double best_score = 0;
  std::vector<std::string> best_shared, shared;
  for (uint64_t candidate : candidates) {
    absl::StatusOr<store::DocMeta> meta = store::ReadDocMeta(db, candidate);
    if (absl::IsNotFound(meta.status())) continue;
    if (!meta.ok()) return meta.status();
    const StoryProfile other = ProfileOf(*meta);
    if (std::abs(other.date - profile.date) > kStoryWindowSeconds) continue;
    const double score = Overlap(profile, other, &shared);
    // Ties go to the newer document (the later id), whose story is the current one.
    if (score >= best_score && score > 0) {
      best_score = score;
      best_doc = candidate;
      best_shared = shared;
    }
  }
  uint64_t story_id = doc_id;
  store::StoryMember member;
  member.language = document.language();
  member.date_seconds = profile.date;
  if (best_doc != 0 && best_score >= kStoryJoinThreshold) {
    ASSIGN_OR_RETURN(uint64_t best_story, StoryOf(db, best_doc));
    if (best_story != 0) {
      story_id = best_story;
      member.shared_entities = std::move(best_shared);
    }
  }
  batch->Put(ColumnFamily::kStories, store::StoryMemberKey(story_id, doc_id),
             store::EncodeStoryMember(member));
  batch->Put(ColumnFamily::kDocStory, store::DocumentKey(doc_id), Fixed64Value(story_id));
  RETURN_IF_ERROR(
      MoveStoryDate(db, story_id, doc_id, /*removing=*/false, &member.date_seconds, batch));
  return story_id;
}

absl::Status RemoveStoryFromBatch(const store::Store& db, uint64_t doc_id,
                                  store::WriteBatch* batch) {
  ASSIGN_OR_RETURN(uint64_t story_id, StoryOf(db, doc_id));
  if (story_id == 0) return absl::OkStatus();
  batch->Delete(ColumnFamily::kStories, store::StoryMemberKey(story_id, doc_id));
  batch->Delete(ColumnFamily::kDocStory, store::DocumentKey(doc_id));
  return MoveStoryDate(db, story_id, doc_id, /*removing=*/true, nullptr, batch);
}

}  // namespace newsgraph::ingest
