#include "common/store/entity_counters.h"

#include <algorithm>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "common/base/status_macros.h"
#include "common/store/records.h"

namespace newsgraph::store {
namespace {

uint64_t Applied(uint64_t value, int64_t change) {
  if (change >= 0) return value + static_cast<uint64_t>(change);
  const uint64_t minus = static_cast<uint64_t>(-change);
  return value > minus ? value - minus : 0;
}

struct RowUpdate {
  ColumnFamily cf;
  std::string key;
  std::optional<std::string> value;  // nullopt: delete the row
};

// Appends to `updates` the new value of each row of one family whose changes do not cancel out.
template <typename Change>
absl::Status UpdateFamily(const Store& db, ColumnFamily cf, bool with_ingestion,
                          const absl::flat_hash_map<std::string, Change>& changes,
                          std::vector<RowUpdate>* updates) {
  std::vector<std::string> keys;
  std::vector<const Change*> pending;
  for (const auto& [key, change] : changes) {
    if (change.documents == 0 && change.mentions == 0 && change.dated_by_ingestion == 0) continue;
    keys.push_back(key);
    pending.push_back(&change);
  }
  if (keys.empty()) return absl::OkStatus();
  ASSIGN_OR_RETURN(auto values, db.MultiGet(cf, keys));
  for (size_t i = 0; i < keys.size(); ++i) {
    EntityCounts counts;
    if (values[i].ok()) {
      ASSIGN_OR_RETURN(counts, DecodeEntityCounts(*values[i], with_ingestion));
    } else if (!absl::IsNotFound(values[i].status())) {
      return values[i].status();
    }
    counts.documents = Applied(counts.documents, pending[i]->documents);
    counts.mentions = Applied(counts.mentions, pending[i]->mentions);
    counts.dated_by_ingestion = Applied(counts.dated_by_ingestion, pending[i]->dated_by_ingestion);
    // A row of zero documents would list a partner or day that no longer has any.
    updates->push_back(
        RowUpdate{cf, std::move(keys[i]),
                  counts.documents == 0
                      ? std::nullopt
                      : std::optional<std::string>(EncodeEntityCounts(counts, with_ingestion))});
  }
  return absl::OkStatus();
}

absl::Status DecodeInto(const Store& db, ColumnFamily cf, bool with_ingestion,
                        std::map<std::string, EntityCounts>* rows) {
  absl::Status decode;
  RETURN_IF_ERROR(db.ScanPrefix(cf, "", [&](std::string_view key, std::string_view value) {
    absl::StatusOr<EntityCounts> counts = DecodeEntityCounts(value, with_ingestion);
    if (!counts.ok()) {
      decode = counts.status();
      return false;
    }
    (*rows)[std::string(key)] = *counts;
    return true;
  }));
  return decode;
}

}  // namespace

EntityContribution MakeEntityContribution(std::vector<std::pair<std::string, uint64_t>> mentions,
                                          const DocMeta& meta) {
  EntityContribution contribution;
  contribution.mentions = std::move(mentions);
  contribution.partners = meta.entities;
  contribution.dated_by_ingestion = !meta.has_published;
  contribution.date_seconds = meta.has_published ? meta.published_seconds : meta.ingested_seconds;
  return contribution;
}

void EntityCounterDelta::Accumulate(const EntityContribution& contribution, int sign) {
  const int64_t day = DayOfSeconds(contribution.date_seconds);
  absl::flat_hash_set<std::string_view> things;
  for (const auto& [id, count] : contribution.partners) things.insert(id);
  for (const auto& [entity_id, mentions] : contribution.mentions) {
    const int64_t signed_mentions = sign * static_cast<int64_t>(mentions);
    Change& total = totals_[EntityTotalsKey(entity_id)];
    total.documents += sign;
    total.mentions += signed_mentions;
    Change& on_day = days_[EntityDayKey(entity_id, day)];
    on_day.documents += sign;
    on_day.mentions += signed_mentions;
    if (contribution.dated_by_ingestion) on_day.dated_by_ingestion += sign;
    // Pairs of things only: a value (date, amount, percentage, URL) as A would add a row per
    // partner of every document for answers nobody asks for; query walks for those.
    if (!things.contains(entity_id)) continue;
    for (const auto& [other_id, other_mentions] : contribution.partners) {
      if (other_id == entity_id) continue;
      Change& pair = pairs_[EntityPairKey(entity_id, other_id)];
      pair.documents += sign;
      pair.mentions += sign * static_cast<int64_t>(other_mentions);
    }
  }
}

absl::Status EntityCounterDelta::WriteTo(const Store& db, WriteBatch* batch) const {
  std::vector<RowUpdate> updates;
  RETURN_IF_ERROR(UpdateFamily(db, ColumnFamily::kEntityTotals, false, totals_, &updates));
  RETURN_IF_ERROR(UpdateFamily(db, ColumnFamily::kEntityDays, true, days_, &updates));
  RETURN_IF_ERROR(UpdateFamily(db, ColumnFamily::kEntityPairs, false, pairs_, &updates));
  // Only now that every read succeeded: nothing is added on error.
  for (const RowUpdate& update : updates) {
    if (update.value.has_value()) {
      batch->Put(update.cf, update.key, *update.value);
    } else {
      batch->Delete(update.cf, update.key);
    }
  }
  return absl::OkStatus();
}

EntityCounterTables EntityCounterDelta::AddedRows() const {
  EntityCounterTables tables;
  auto copy = [](const absl::flat_hash_map<std::string, Change>& changes,
                 std::map<std::string, EntityCounts>* rows) {
    for (const auto& [key, change] : changes) {
      if (change.documents <= 0) continue;
      (*rows)[key] =
          EntityCounts{static_cast<uint64_t>(change.documents),
                       static_cast<uint64_t>(std::max<int64_t>(0, change.mentions)),
                       static_cast<uint64_t>(std::max<int64_t>(0, change.dated_by_ingestion))};
    }
  };
  copy(pairs_, &tables.pairs);
  copy(days_, &tables.days);
  copy(totals_, &tables.totals);
  return tables;
}

absl::StatusOr<EntityCounts> ReadEntityTotals(const Store& db, std::string_view entity_id) {
  ASSIGN_OR_RETURN(std::string value,
                   db.Get(ColumnFamily::kEntityTotals, EntityTotalsKey(entity_id)));
  return DecodeEntityCounts(value, false);
}

absl::StatusOr<std::vector<std::pair<std::string, EntityCounts>>> ReadEntityPairs(
    const Store& db, std::string_view entity_id) {
  std::vector<std::pair<std::string, EntityCounts>> pairs;
  absl::Status decode;
  RETURN_IF_ERROR(db.ScanPrefix(ColumnFamily::kEntityPairs, EntityPairPrefix(entity_id),
                                [&](std::string_view key, std::string_view value) {
                                  absl::StatusOr<EntityPairKeyParts> parts =
                                      DecodeEntityPairKey(key);
                                  absl::StatusOr<EntityCounts> counts =
                                      DecodeEntityCounts(value, false);
                                  if (!parts.ok() || !counts.ok()) {
                                    decode = absl::DataLossError("entity_pairs: undecodable row");
                                    return false;
                                  }
                                  pairs.emplace_back(std::string(parts->other_id), *counts);
                                  return true;
                                }));
  RETURN_IF_ERROR(decode);
  return pairs;
}

absl::StatusOr<std::vector<std::pair<int64_t, EntityCounts>>> ReadEntityDays(
    const Store& db, std::string_view entity_id, int64_t first_day, int64_t end_day) {
  std::vector<std::pair<int64_t, EntityCounts>> days;
  if (first_day >= end_day) return days;
  const std::string end_key = EntityDayKey(entity_id, end_day);
  std::unique_ptr<Iterator> it = db.NewIterator(ColumnFamily::kEntityDays);
  for (it->Seek(EntityDayKey(entity_id, first_day)); it->Valid() && it->key() < end_key;
       it->Next()) {
    absl::StatusOr<EntityDayKeyParts> parts = DecodeEntityDayKey(it->key());
    absl::StatusOr<EntityCounts> counts = DecodeEntityCounts(it->value(), true);
    if (!parts.ok() || !counts.ok() || parts->entity_id != entity_id) {
      return absl::DataLossError("entity_days: undecodable row");
    }
    days.emplace_back(parts->day, *counts);
  }
  RETURN_IF_ERROR(it->status());
  return days;
}

absl::StatusOr<std::optional<std::pair<int64_t, int64_t>>> ReadEntityDateRange(
    const Store& db, std::string_view entity_id) {
  const std::string prefix = EntityDocPrefix(entity_id);
  std::unique_ptr<Iterator> it = db.NewIterator(ColumnFamily::kEntityDates);
  it->Seek(prefix);
  RETURN_IF_ERROR(it->status());
  if (!it->Valid() || !it->key().starts_with(prefix)) return std::nullopt;
  ASSIGN_OR_RETURN(EntityDateKeyParts first, DecodeEntityDateKey(it->key()));
  const int64_t first_seconds = first.seconds;
  it->SeekForPrev(prefix + std::string(16, '\xff'));
  RETURN_IF_ERROR(it->status());
  if (!it->Valid() || !it->key().starts_with(prefix)) {
    return absl::DataLossError("entity_dates: first row without a last one");
  }
  ASSIGN_OR_RETURN(EntityDateKeyParts last, DecodeEntityDateKey(it->key()));
  return std::make_pair(first_seconds, last.seconds);
}

absl::StatusOr<EntityCounterTables> RecountEntityCounters(const Store& db) {
  // Per document: the entities it links with their mentions (entity_docs is keyed by entity).
  std::map<uint64_t, std::vector<std::pair<std::string, uint64_t>>> documents;
  absl::Status decode;
  RETURN_IF_ERROR(db.ScanPrefix(
      ColumnFamily::kEntityDocs, "", [&](std::string_view key, std::string_view value) {
        absl::StatusOr<EntityDocKeyParts> parts = DecodeEntityDocKey(key);
        absl::StatusOr<std::string_view> payload = UnwrapValue(value);
        uint64_t mentions = 0;
        std::string_view rest = payload.ok() ? *payload : std::string_view();
        if (!parts.ok() || !payload.ok() || !GetVarint64(&rest, &mentions)) {
          decode = absl::DataLossError("entity_docs: undecodable row");
          return false;
        }
        documents[parts->doc_id].emplace_back(std::string(parts->entity_id), mentions);
        return true;
      }));
  RETURN_IF_ERROR(decode);
  EntityCounterDelta delta;
  std::set<std::string> dates;
  for (auto& [doc_id, mentions] : documents) {
    absl::StatusOr<DocMeta> meta = ReadDocMeta(db, doc_id);
    if (absl::IsNotFound(meta.status())) continue;
    if (!meta.ok()) return meta.status();
    EntityContribution contribution = MakeEntityContribution(std::move(mentions), *meta);
    for (const auto& [id, count] : contribution.mentions) {
      dates.insert(EntityDateKey(id, contribution.date_seconds, doc_id));
    }
    delta.Add(contribution);
  }
  EntityCounterTables tables = delta.AddedRows();
  tables.dates = std::move(dates);
  return tables;
}

absl::StatusOr<EntityCounterTables> ReadEntityCounterTables(const Store& db) {
  EntityCounterTables tables;
  RETURN_IF_ERROR(DecodeInto(db, ColumnFamily::kEntityPairs, false, &tables.pairs));
  RETURN_IF_ERROR(DecodeInto(db, ColumnFamily::kEntityDays, true, &tables.days));
  RETURN_IF_ERROR(DecodeInto(db, ColumnFamily::kEntityTotals, false, &tables.totals));
  RETURN_IF_ERROR(
      db.ScanPrefix(ColumnFamily::kEntityDates, "", [&](std::string_view key, std::string_view) {
        tables.dates.emplace(key);
        return true;
      }));
  return tables;
}

}  // namespace newsgraph::store
