#include "services/ingest/core/document_batch.h"

#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "common/base/status_macros.h"
#include "common/store/keys.h"
#include "common/text/segmenter.h"

namespace newsgraph::ingest {

absl::Status AddDocumentToBatch(uint64_t doc_id, const common::v1::Document& document,
                                const extract::v1::ExtractResponse& extraction,
                                store::WriteBatch* batch) {
  using store::ColumnFamily;
  batch->Put(ColumnFamily::kDocuments, store::DocumentKey(doc_id),
             store::WrapValue(document.SerializeAsString()));

  absl::flat_hash_map<std::string, uint64_t> term_frequencies;
  for (const std::string* field : {&document.title(), &document.text()}) {
    ASSIGN_OR_RETURN(std::vector<std::string> terms, text::Terms(*field));
    for (std::string& term : terms) ++term_frequencies[std::move(term)];
  }
  for (const auto& [term, frequency] : term_frequencies) {
    std::string value;
    store::PutVarint64(&value, frequency);
    batch->Put(ColumnFamily::kPostings, store::PostingKey(term, doc_id), store::WrapValue(value));
  }

  for (const common::v1::Entity& entity : extraction.entities()) {
    batch->Put(ColumnFamily::kEntities, store::EntityKey(entity.id()),
               store::WrapValue(entity.SerializeAsString()));
  }
  absl::flat_hash_map<std::string, uint64_t> mention_counts;
  for (const common::v1::Mention& mention : document.mentions()) {
    ++mention_counts[mention.entity_id()];
  }
  for (const auto& [entity_id, count] : mention_counts) {
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
  return absl::OkStatus();
}

}  // namespace newsgraph::ingest
