// Parsing and validation of knowledge-base JSONL: one newsgraph.common.v1.Entity in protobuf JSON
// per line (services/extract/kb/SCHEMA.md). Pure functions without I/O, shared by the loader, the
// integrity test over the project's files and the extract service's reload path, so a file is
// judged by the same rules everywhere.
#ifndef NEWSGRAPH_SERVICES_EXTRACT_KB_KB_JSONL_H_
#define NEWSGRAPH_SERVICES_EXTRACT_KB_KB_JSONL_H_

#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "newsgraph/common/v1/types.pb.h"

namespace newsgraph::extract::kb {

// Which ids a source may use. The project's own files are held to the project's id scheme so that
// ids stay predictable across helpers and releases; users bring their own schemes (database keys,
// URIs), so only ids in the project's "ng:" namespace are held to it there.
enum class IdPolicy {
  // `ng:<kind>/<slug>` (kind [a-z]+, slug [a-z0-9]+ joined by single '-' or '.') or a
  // Wikidata-style `Q<digits>` without a leading zero.
  kProject,
  // Any id of 1..256 bytes without white space or control characters; an id starting with "ng:"
  // must still follow the kProject rule, so a typo cannot silently miss the entity it meant to
  // enrich.
  kUser,
};

// One parsed line: the entity (names NFC-normalized) and the 1-based line it came from.
struct KbRecord {
  common::v1::Entity entity;
  int line = 0;
};

// Returns true for the subset of BCP 47 the knowledge base accepts: a 2- or 3-letter lowercase
// language, an optional title-case 4-letter script and an optional region (2 uppercase letters or
// 3 digits), joined by '-': "en", "yue", "zh-Hant", "pt-BR", "es-419", "zh-Hant-TW". Returns false
// for anything else, e.g. "EN", "en_US", "english", "".
bool IsValidLanguageTag(std::string_view tag);

// Returns true when `id` is acceptable under `policy` (see IdPolicy); false otherwise.
bool IsValidEntityId(std::string_view id, IdPolicy policy);

// Returns true when `value` can be a name or alias: non-empty, well-formed UTF-8, no control
// character, no white space at either end. Returns false otherwise.
bool IsValidName(std::string_view value);

// Returns true for a Wikidata item id: 'Q' then digits without a leading zero ("Q183").
bool IsValidWikidataId(std::string_view id);

// Checks one entity against the schema. Returns OK, or InvalidArgument whose message names the
// field and the problem (e.g. `names[2].language "EN" is not a language code ...`), for: an empty
// or malformed id; provisional set; type unspecified, unknown or a pattern type (DATE, MONEY,
// PERCENT, URL); an empty canonical_name; an empty name or alias, or one with leading or trailing
// white space or a control character; a malformed language code; a wikidata_id that is not
// Q<digits>; a malformed parent_id or one equal to the id. Names are expected to be NFC already
// (ParseEntityLine normalizes them); this function does not check that.
absl::Status ValidateEntity(const common::v1::Entity& entity, IdPolicy policy);

// Parses one JSONL line into an Entity, NFC-normalizes canonical_name, names and aliases, then
// validates it (ValidateEntity). Returns the entity on success. Returns InvalidArgument with the
// problem and no location when the line holds invalid UTF-8, is not strict JSON (CheckStrictJson:
// no trailing commas, no repeated keys), is not protobuf JSON for Entity (unknown fields are
// errors), or fails validation. `line` must not contain '\n'.
absl::StatusOr<common::v1::Entity> ParseEntityLine(std::string_view line, IdPolicy policy);

// Parses a whole JSONL text. Blank lines (only ASCII white space) are skipped; "\r\n" line ends
// are accepted. Returns the records in file order on success. Returns InvalidArgument
// "<label>:<line>: <problem>" for the first line that fails ParseEntityLine, or for an id that
// appears twice in the text ("... duplicate id "x" (first on line 3)").
absl::StatusOr<std::vector<KbRecord>> ParseKnowledgeBaseJsonl(std::string_view jsonl,
                                                              std::string_view label,
                                                              IdPolicy policy);

}  // namespace newsgraph::extract::kb

#endif  // NEWSGRAPH_SERVICES_EXTRACT_KB_KB_JSONL_H_
