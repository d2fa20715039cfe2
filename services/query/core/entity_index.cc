#include "services/query/core/entity_index.h"

#include <algorithm>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "common/base/status_macros.h"
#include "common/store/entity_counters.h"
#include "common/store/keys.h"
#include "common/store/records.h"
#include "common/text/normalizer.h"
#include "common/text/phonetic.h"
#include "common/text/segmenter.h"

namespace newsgraph::query {
namespace {

std::vector<std::string> FoldedWords(std::string_view text) {
  auto terms = text::Terms(text);
  // A name that does not segment is only findable by its phonetic keys.
  return terms.ok() ? std::move(*terms) : std::vector<std::string>{};
}

// Whether each of `query_words` is a prefix of some word in `words`; `exact` tells whether each
// equals one. False for an empty query.
bool MatchesAll(const std::vector<std::string>& query_words, const std::vector<std::string>& words,
                bool* exact) {
  if (query_words.empty()) return false;
  *exact = true;
  for (const std::string& q : query_words) {
    bool found = false, found_exact = false;
    for (const std::string& w : words) {
      if (w.compare(0, q.size(), q) != 0) continue;
      found = true;
      if (w.size() == q.size()) found_exact = true;
    }
    if (!found) return false;
    *exact = *exact && found_exact;
  }
  return true;
}

}  // namespace

std::vector<std::string> PhoneticWordKeys(std::string_view name) {
  return text::PhoneticWords(name);
}

absl::StatusOr<EntityIndex> EntityIndex::Build(const store::Store& db) {
  auto entries = std::make_shared<std::vector<Entry>>();
  std::unique_ptr<store::Iterator> it = db.NewIterator(store::ColumnFamily::kEntities);
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    ASSIGN_OR_RETURN(auto payload, store::UnwrapValue(it->value()));
    Entry entry;
    if (!entry.entity.ParseFromArray(payload.data(), static_cast<int>(payload.size()))) {
      return absl::DataLossError("entities: stored value does not parse");
    }
    const common::v1::Entity& entity = entry.entity;
    std::vector<std::string> names = {entity.canonical_name()};
    for (const auto& name : entity.names()) names.push_back(name.name());
    for (const auto& alias : entity.aliases()) names.push_back(alias);
    for (const std::string& name : names) {
      for (std::string& w : FoldedWords(name)) entry.folded_words.push_back(std::move(w));
      for (std::string& w : PhoneticWordKeys(name)) entry.phonetic_words.push_back(std::move(w));
    }
    entries->push_back(std::move(entry));
  }
  RETURN_IF_ERROR(it->status());
  EntityIndex names;
  names.entries_ = std::move(entries);
  return names.WithCountsFrom(db);
}

absl::StatusOr<EntityIndex> EntityIndex::WithCountsFrom(const store::Store& db) const {
  constexpr size_t kBatch = 1000;  // totals rows per MultiGet
  EntityIndex index;
  index.entries_ = entries_;
  const size_t n = size();
  index.counts_.resize(n);
  for (size_t begin = 0; begin < n; begin += kBatch) {
    const size_t end = std::min(n, begin + kBatch);
    std::vector<std::string> keys;
    for (size_t i = begin; i < end; ++i) {
      keys.push_back(store::EntityTotalsKey((*entries_)[i].entity.id()));
    }
    ASSIGN_OR_RETURN(auto values, db.MultiGet(store::ColumnFamily::kEntityTotals, keys));
    for (size_t i = begin; i < end; ++i) {
      absl::StatusOr<std::string>& value = values[i - begin];
      if (absl::IsNotFound(value.status())) continue;  // every document of it is gone
      if (!value.ok()) return value.status();
      ASSIGN_OR_RETURN(store::EntityCounts counts, store::DecodeEntityCounts(*value, false));
      index.counts_[i] = Counts{counts.documents, counts.mentions};
    }
  }
  return index;
}

std::vector<EntityCandidate> EntityIndex::Match(std::string_view query,
                                                common::v1::EntityType type) const {
  const std::vector<std::string> folded = FoldedWords(query);
  const std::vector<std::string> phonetic = PhoneticWordKeys(query);
  std::vector<EntityCandidate> matches;
  for (size_t i = 0; i < size(); ++i) {
    const Entry& entry = (*entries_)[i];
    if (type != common::v1::ENTITY_TYPE_UNSPECIFIED && entry.entity.type() != type) continue;
    bool folded_exact = false, phonetic_exact = false;
    const bool by_folded = MatchesAll(folded, entry.folded_words, &folded_exact);
    const bool by_phonetic = MatchesAll(phonetic, entry.phonetic_words, &phonetic_exact);
    if (!by_folded && !by_phonetic) continue;
    EntityCandidate match;
    match.entity = entry.entity;
    match.document_count = counts_[i].documents;
    match.mention_count = counts_[i].mentions;
    match.exact = (by_folded && folded_exact) || (by_phonetic && phonetic_exact);
    matches.push_back(std::move(match));
  }
  std::sort(matches.begin(), matches.end(), [](const EntityCandidate& a, const EntityCandidate& b) {
    if (a.document_count != b.document_count) return a.document_count > b.document_count;
    if (a.exact != b.exact) return a.exact;
    return a.entity.id() < b.entity.id();
  });
  return matches;
}

}  // namespace newsgraph::query
