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
    store::IndexStats* totals, store::WriteBatch* batch) {
  ASSIGN_OR_RETURN(IndexedText indexed, IndexText(document));
  batch->Put(ColumnFamily::kDocuments, store::DocumentKey(doc_id),
             store::WrapValue(document.SerializeAsString()));
  const uint64_t block = store::PostingBlock(doc_id);
  for (const auto& [term, positions] : indexed.positions) {
    batch->Merge(ColumnFamily::kPostings, store::PostingBlockKey(term, block),
                 store::PostingAddOperand(doc_id, positions));
  }
  batch->Put(ColumnFamily::kDocMeta, store::DocumentKey(doc_id),
             store::EncodeDocMeta(MakeDocMeta(document, indexed)));
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
    store::WriteBatch* batch) {
  // Re-analyzed only for the lengths in doc_meta; the postings are already in place.
  ASSIGN_OR_RETURN(IndexedText indexed, IndexText(document));
  batch->Put(ColumnFamily::kDocuments, store::DocumentKey(doc_id),
             store::WrapValue(document.SerializeAsString()));
  batch->Put(ColumnFamily::kDocMeta, store::DocumentKey(doc_id),
             store::EncodeDocMeta(MakeDocMeta(document, indexed)));
  PutEntities(doc_id, document, entities, batch);
  return absl::OkStatus();
}

absl::Status RemoveDocumentIndexFromBatch(uint64_t doc_id, const common::v1::Document& old_document,
                                          store::IndexStats* totals, store::WriteBatch* batch) {
  ASSIGN_OR_RETURN(IndexedText indexed, IndexText(old_document));
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
  return story_id;
}

absl::Status RemoveStoryFromBatch(const store::Store& db, uint64_t doc_id,
                                  store::WriteBatch* batch) {
  ASSIGN_OR_RETURN(uint64_t story_id, StoryOf(db, doc_id));
  if (story_id == 0) return absl::OkStatus();
  batch->Delete(ColumnFamily::kStories, store::StoryMemberKey(story_id, doc_id));
  batch->Delete(ColumnFamily::kDocStory, store::DocumentKey(doc_id));
  return absl::OkStatus();
}

}  // namespace newsgraph::ingest
