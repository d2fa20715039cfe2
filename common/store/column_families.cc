#include "common/store/column_families.h"

#include <string_view>

namespace newsgraph::store {

std::string_view ColumnFamilyName(ColumnFamily cf) {
  switch (cf) {
    case ColumnFamily::kMeta:
      return "default";  // == rocksdb::kDefaultColumnFamilyName, kept free of rocksdb headers
    case ColumnFamily::kDocuments:
      return "documents";
    case ColumnFamily::kPostings:
      return "postings";
    case ColumnFamily::kEntities:
      return "entities";
    case ColumnFamily::kEntityDocs:
      return "entity_docs";
    case ColumnFamily::kExternalIds:
      return "external_ids";
    case ColumnFamily::kPending:
      return "pending";
    case ColumnFamily::kContentHashes:
      return "content_hashes";
    case ColumnFamily::kSimhashBands:
      return "simhash_bands";
    case ColumnFamily::kDocMeta:
      return "doc_meta";
    case ColumnFamily::kStories:
      return "stories";
    case ColumnFamily::kDocStory:
      return "doc_story";
    case ColumnFamily::kEntityPairs:
      return "entity_pairs";
    case ColumnFamily::kEntityDays:
      return "entity_days";
    case ColumnFamily::kEntityTotals:
      return "entity_totals";
    case ColumnFamily::kStoryDates:
      return "story_dates";
    case ColumnFamily::kEntityDates:
      return "entity_dates";
    case ColumnFamily::kDocChanges:
      return "doc_changes";
  }
  return "";
}

}  // namespace newsgraph::store
