#include "services/ingest/core/document_batch.h"

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "common/base/status_macros.h"
#include "common/store/keys.h"
#include "common/text/segmenter.h"
#include "services/ingest/core/dedup.h"

namespace newsgraph::ingest {

namespace {

using store::ColumnFamily;

absl::StatusOr<absl::flat_hash_map<std::string, uint64_t>> TermFrequencies(
    const common::v1::Document& document) {
  absl::flat_hash_map<std::string, uint64_t> term_frequencies;
  for (const std::string* field : {&document.title(), &document.body()}) {
    ASSIGN_OR_RETURN(std::vector<std::string> terms, text::Terms(*field));
    for (std::string& term : terms) ++term_frequencies[std::move(term)];
  }
  return term_frequencies;
}

absl::flat_hash_map<std::string, uint64_t> MentionCounts(const common::v1::Document& document) {
  absl::flat_hash_map<std::string, uint64_t> mention_counts;
  for (const common::v1::Mention& mention : document.mentions()) {
    // Mentions without an entity (a percentage, an unanchored "yesterday") are not indexed.
    if (!mention.entity_id().empty()) ++mention_counts[mention.entity_id()];
  }
  return mention_counts;
}

}  // namespace

absl::Status AddDocumentToBatch(
    uint64_t doc_id, const common::v1::Document& document,
    const google::protobuf::RepeatedPtrField<common::v1::Entity>& entities,
    store::WriteBatch* batch) {
  batch->Put(ColumnFamily::kDocuments, store::DocumentKey(doc_id),
             store::WrapValue(document.SerializeAsString()));

  ASSIGN_OR_RETURN(auto term_frequencies, TermFrequencies(document));
  for (const auto& [term, frequency] : term_frequencies) {
    std::string value;
    store::PutVarint64(&value, frequency);
    batch->Put(ColumnFamily::kPostings, store::PostingKey(term, doc_id), store::WrapValue(value));
  }

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

  if (!document.external_id().empty()) {
    std::string value;
    store::PutFixed64BE(&value, doc_id);
    batch->Put(ColumnFamily::kExternalIds, store::ExternalIdKey(document.external_id()),
               store::WrapValue(value));
  }
  PutDedupKeys(doc_id, document.content_hash(), document.simhash(), batch);
  return absl::OkStatus();
}

absl::Status RemoveDocumentIndexFromBatch(uint64_t doc_id, const common::v1::Document& old_document,
                                          store::WriteBatch* batch) {
  ASSIGN_OR_RETURN(auto term_frequencies, TermFrequencies(old_document));
  for (const auto& [term, frequency] : term_frequencies) {
    batch->Delete(ColumnFamily::kPostings, store::PostingKey(term, doc_id));
  }
  for (const auto& [entity_id, count] : MentionCounts(old_document)) {
    batch->Delete(ColumnFamily::kEntityDocs, store::EntityDocKey(entity_id, doc_id));
  }
  DeleteDedupKeys(doc_id, old_document.content_hash(), old_document.simhash(), batch);
  return absl::OkStatus();
}

}  // namespace newsgraph::ingest
