#include "services/extract/kb/kb_jsonl.h"

#include <string>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/base/status_macros.h"
#include "common/text/normalizer.h"
#include "common/text/utf8.h"
#include "google/protobuf/util/json_util.h"
#include "services/extract/kb/strict_json.h"
#include "unicode/uchar.h"

namespace newsgraph::extract::kb {
namespace {

using common::v1::Entity;

constexpr size_t kMaxUserIdBytes = 256;

bool IsLower(char c) { return c >= 'a' && c <= 'z'; }
bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }

absl::string_view Absl(std::string_view s) { return absl::string_view(s.data(), s.size()); }

// [a-z0-9]+ runs joined by single '-' or '.': "deutsche-bank", "gpt-4.5"; no leading, trailing
// or doubled separator, so every slug has one spelling.
bool IsValidSlug(std::string_view slug) {
  if (slug.empty()) return false;
  bool after_separator = true;
  for (char c : slug) {
    if (IsLower(c) || IsDigit(c)) {
      after_separator = false;
    } else if (c == '-' || c == '.') {
      if (after_separator) return false;
      after_separator = true;
    } else {
      return false;
    }
  }
  return !after_separator;
}

bool IsValidProjectId(std::string_view id) {
  if (IsValidWikidataId(id)) return true;
  if (id.substr(0, 3) != "ng:") return false;
  std::string_view rest = id.substr(3);
  size_t slash = rest.find('/');
  if (slash == std::string_view::npos || slash == 0) return false;
  for (char c : rest.substr(0, slash)) {
    if (!IsLower(c)) return false;
  }
  return IsValidSlug(rest.substr(slash + 1));
}

bool IsControl(char32_t cp) { return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F); }

// Why `id` is not acceptable under `policy`, or "" when it is.
std::string IdProblem(std::string_view id, IdPolicy policy) {
  if (id.empty()) return "is empty";
  const std::string quoted = absl::StrCat("\"", Absl(id), "\"");
  if (policy == IdPolicy::kProject || id.substr(0, 3) == "ng:") {
    if (IsValidProjectId(id)) return "";
    return absl::StrCat(quoted,
                        " is not ng:<kind>/<slug> (kind [a-z]+, slug [a-z0-9] words joined by "
                        "'-' or '.') or Q<digits>");
  }
  if (id.size() > kMaxUserIdBytes) {
    return absl::StrCat(quoted, " is longer than ", kMaxUserIdBytes, " bytes");
  }
  size_t pos = 0;
  while (pos < id.size()) {
    char32_t cp = 0;
    size_t length = text::DecodeUtf8(id, pos, &cp);
    if (length == 0) return absl::StrCat(quoted, " is not valid UTF-8");
    if (IsControl(cp) || u_isUWhiteSpace(static_cast<UChar32>(cp))) {
      return absl::StrCat(quoted, " contains white space or a control character");
    }
    pos += length;
  }
  return "";
}

// Why `value` is not usable as a name, or "" when it is. Names are matched against text, so an
// invisible edge or a control character would make a name that can never match, or match wrongly.
std::string NameProblem(std::string_view value) {
  if (value.empty()) return "is empty";
  size_t pos = 0;
  char32_t first = 0;
  char32_t last = 0;
  while (pos < value.size()) {
    char32_t cp = 0;
    size_t length = text::DecodeUtf8(value, pos, &cp);
    if (length == 0) return "is not valid UTF-8";
    if (IsControl(cp)) return "contains a control character";
    if (pos == 0) first = cp;
    last = cp;
    pos += length;
  }
  if (u_isUWhiteSpace(static_cast<UChar32>(first)) || u_isUWhiteSpace(static_cast<UChar32>(last))) {
    return "has leading or trailing white space";
  }
  return "";
}

absl::Status Problem(std::string_view field, std::string_view value, std::string_view problem) {
  return absl::InvalidArgumentError(
      absl::StrCat(Absl(field), " \"", Absl(value), "\" ", Absl(problem)));
}

absl::Status CheckName(std::string_view field, std::string_view value) {
  std::string problem = NameProblem(value);
  if (problem.empty()) return absl::OkStatus();
  if (value.empty()) return absl::InvalidArgumentError(absl::StrCat(Absl(field), " is empty"));
  return Problem(field, value, problem);
}

absl::Status NormalizeInPlace(std::string* value) {
  if (text::IsAscii(*value)) return absl::OkStatus();
  ASSIGN_OR_RETURN(*value, text::NormalizeNfc(*value));
  return absl::OkStatus();
}

}  // namespace

bool IsValidLanguageTag(std::string_view tag) {
  std::vector<absl::string_view> parts = absl::StrSplit(Absl(tag), '-');
  if (parts.size() > 3) return false;
  absl::string_view language = parts[0];
  if (language.size() < 2 || language.size() > 3) return false;
  for (char c : language) {
    if (!IsLower(c)) return false;
  }
  size_t i = 1;
  if (i < parts.size() && parts[i].size() == 4) {
    absl::string_view script = parts[i];
    if (!IsUpper(script[0])) return false;
    for (char c : script.substr(1)) {
      if (!IsLower(c)) return false;
    }
    ++i;
  }
  if (i < parts.size()) {
    absl::string_view region = parts[i];
    bool alpha = region.size() == 2 && IsUpper(region[0]) && IsUpper(region[1]);
    bool numeric =
        region.size() == 3 && IsDigit(region[0]) && IsDigit(region[1]) && IsDigit(region[2]);
    if (!alpha && !numeric) return false;
    ++i;
  }
  return i == parts.size();
}

bool IsValidName(std::string_view value) { return NameProblem(value).empty(); }

bool IsValidEntityId(std::string_view id, IdPolicy policy) { return IdProblem(id, policy).empty(); }

bool IsValidWikidataId(std::string_view id) {
  if (id.size() < 2 || id[0] != 'Q' || id[1] == '0') return false;
  for (char c : id.substr(1)) {
    if (!IsDigit(c)) return false;
  }
  return true;
}

absl::Status ValidateEntity(const Entity& entity, IdPolicy policy) {
  if (std::string problem = IdProblem(entity.id(), policy); !problem.empty()) {
    return absl::InvalidArgumentError(absl::StrCat("id ", problem));
  }
  if (entity.provisional()) {
    return absl::InvalidArgumentError(
        "provisional is true; knowledge-base entities are known by definition");
  }
  switch (entity.type()) {
    case common::v1::ENTITY_TYPE_PERSON:
    case common::v1::ENTITY_TYPE_ORGANIZATION:
    case common::v1::ENTITY_TYPE_LOCATION:
    case common::v1::ENTITY_TYPE_PRODUCT:
    case common::v1::ENTITY_TYPE_EVENT:
    case common::v1::ENTITY_TYPE_WORK:
    case common::v1::ENTITY_TYPE_MISC:
      break;
    case common::v1::ENTITY_TYPE_UNSPECIFIED:
      return absl::InvalidArgumentError("type is missing or ENTITY_TYPE_UNSPECIFIED");
    case common::v1::ENTITY_TYPE_DATE:
    case common::v1::ENTITY_TYPE_MONEY:
    case common::v1::ENTITY_TYPE_PERCENT:
    case common::v1::ENTITY_TYPE_URL:
      // These come from the pattern extractor with a normalized value, never from a name list.
      return absl::InvalidArgumentError(absl::StrCat("type ",
                                                     common::v1::EntityType_Name(entity.type()),
                                                     " is a pattern type, not a KB type"));
    default:
      return absl::InvalidArgumentError(absl::StrCat("type ", entity.type(), " is unknown"));
  }
  RETURN_IF_ERROR(CheckName("canonical_name", entity.canonical_name()));
  for (int i = 0; i < entity.names_size(); ++i) {
    const common::v1::LocalizedName& name = entity.names(i);
    if (!IsValidLanguageTag(name.language())) {
      return Problem(absl::StrCat("names[", i, "].language"), name.language(),
                     "is not a language code (xx, xxx, xx-Xxxx, xx-XX, xx-Xxxx-XX)");
    }
    RETURN_IF_ERROR(CheckName(absl::StrCat("names[", i, "].name"), name.name()));
  }
  for (int i = 0; i < entity.aliases_size(); ++i) {
    RETURN_IF_ERROR(CheckName(absl::StrCat("aliases[", i, "]"), entity.aliases(i)));
  }
  if (!entity.wikidata_id().empty() && !IsValidWikidataId(entity.wikidata_id())) {
    return Problem("wikidata_id", entity.wikidata_id(), "is not Q<digits>");
  }
  if (!entity.parent_id().empty()) {
    if (std::string problem = IdProblem(entity.parent_id(), policy); !problem.empty()) {
      return absl::InvalidArgumentError(absl::StrCat("parent_id ", problem));
    }
    if (entity.parent_id() == entity.id()) {
      return Problem("parent_id", entity.parent_id(), "is the entity itself");
    }
  }
  return absl::OkStatus();
}

absl::StatusOr<Entity> ParseEntityLine(std::string_view line, IdPolicy policy) {
  if (auto bad = text::FindInvalidUtf8(line); bad.has_value()) {
    return absl::InvalidArgumentError(absl::StrCat("invalid UTF-8 at byte offset ", *bad));
  }
  RETURN_IF_ERROR(CheckStrictJsonObject(line));
  Entity entity;
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  auto parsed = google::protobuf::util::JsonStringToMessage(
      google::protobuf::StringPiece(line.data(), line.size()), &entity, options);
  if (!parsed.ok()) {
    return absl::InvalidArgumentError(
        absl::StrCat("not a JSON Entity: ", Absl(parsed.message().ToString())));
  }
  RETURN_IF_ERROR(NormalizeInPlace(entity.mutable_canonical_name()));
  for (common::v1::LocalizedName& name : *entity.mutable_names()) {
    RETURN_IF_ERROR(NormalizeInPlace(name.mutable_name()));
  }
  for (std::string& alias : *entity.mutable_aliases()) RETURN_IF_ERROR(NormalizeInPlace(&alias));
  RETURN_IF_ERROR(ValidateEntity(entity, policy));
  return entity;
}

absl::StatusOr<std::vector<KbRecord>> ParseKnowledgeBaseJsonl(std::string_view jsonl,
                                                              std::string_view label,
                                                              IdPolicy policy) {
  std::vector<KbRecord> records;
  absl::flat_hash_map<std::string, int> first_line;
  int line_number = 0;
  for (absl::string_view line : absl::StrSplit(Absl(jsonl), '\n')) {
    ++line_number;
    if (absl::StripAsciiWhitespace(line).empty()) continue;
    if (line.back() == '\r') line.remove_suffix(1);
    absl::StatusOr<Entity> entity =
        ParseEntityLine(std::string_view(line.data(), line.size()), policy);
    if (!entity.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat(Absl(label), ":", line_number, ": ", entity.status().message()));
    }
    auto [it, inserted] = first_line.emplace(entity->id(), line_number);
    if (!inserted) {
      return absl::InvalidArgumentError(absl::StrCat(Absl(label), ":", line_number,
                                                     ": duplicate id \"", entity->id(),
                                                     "\" (first on line ", it->second, ")"));
    }
    records.push_back({std::move(*entity), line_number});
  }
  return records;
}

}  // namespace newsgraph::extract::kb
