// A dictionary of known entity names, matched over case- and diacritic-folded word tokens.
//
// Every name and alias of an entity is segmented into ICU words and folded, so "Việt Nam",
// "VIET NAM" and "viet nam" are one key; a text matches at word boundaries only, longest name
// first. This is the first, exact-form matcher: inflection handling and a multi-pattern automaton
// come with the full extractor.
#ifndef NEWSGRAPH_SERVICES_EXTRACT_CORE_GAZETTEER_H_
#define NEWSGRAPH_SERVICES_EXTRACT_CORE_GAZETTEER_H_

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "newsgraph/common/v1/types.pb.h"

namespace newsgraph::extract {

// A match of a gazetteer entry: byte range in the text and the entity's index.
struct GazetteerMatch {
  size_t begin;
  size_t end;
  size_t entity_index;
};

class Gazetteer {
 public:
  // Builds a gazetteer from JSONL text, one newsgraph.common.v1.Entity (protobuf JSON) per
  // non-blank line. InvalidArgument naming the 1-based line when a line is not valid JSON for
  // Entity, has an empty id, a duplicate id, an unspecified type or no name at all.
  static constexpr size_t kMaxExactNameLength = 4;

  static absl::StatusOr<Gazetteer> FromJsonl(std::string_view jsonl);

  size_t entity_count() const { return entities_.size(); }
  size_t name_count() const { return index_by_key_.size() + exact_index_.size(); }
  const common::v1::Entity& entity(size_t index) const { return entities_[index]; }

  // The non-overlapping matches in `text` (valid UTF-8), left to right; at each position the
  // longest name wins. InvalidArgument when `text` is not valid UTF-8.
  absl::StatusOr<std::vector<GazetteerMatch>> Match(std::string_view text) const;

 private:
  // Folded words of a name joined by '\x1f', so "Viet Nam" and "Việt Nam" share one key.
  static std::string KeyOf(const std::vector<std::string>& words, size_t begin, size_t end);
  absl::Status AddName(const std::string& name, size_t entity_index);

  std::vector<common::v1::Entity> entities_;
  absl::flat_hash_map<std::string, size_t> index_by_key_;
  // One-word names of at most kMaxExactNameLength characters once folded ("Mỹ", "EU", "Nga")
  // collide with ordinary words when folded ("my", "eu"), so they match only as written (NFC).
  absl::flat_hash_map<std::string, size_t> exact_index_;
  size_t max_words_ = 1;
};

}  // namespace newsgraph::extract

#endif  // NEWSGRAPH_SERVICES_EXTRACT_CORE_GAZETTEER_H_
