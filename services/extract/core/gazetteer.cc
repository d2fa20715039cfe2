#include "services/extract/core/gazetteer.h"

#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/base/status_macros.h"
#include "common/text/normalizer.h"
#include "common/text/segmenter.h"
#include "google/protobuf/util/json_util.h"

namespace newsgraph::extract {
namespace {

// Words of a multi-word name may be separated by spaces or a hyphen ("Hà Nội", "Jean-Luc"), but
// not by sentence punctuation: "Samsung. TSMC" is two names, never "Samsung TSMC".
bool IsNameGap(std::string_view gap) {
  for (char c : gap) {
    if (c != ' ' && c != '-' && c != '\t') return false;
  }
  return gap.size() <= 3;
}

// ICU keeps the English possessive inside the word ("Nvidia's"); the name is the part before it,
// and the mention ends there too.
void StripPossessive(std::string* folded, text::Token* token) {
  for (std::string_view suffix : {std::string_view("'s"), std::string_view("\u2019s")}) {
    if (folded->size() > suffix.size() + 1 &&
        std::string_view(*folded).substr(folded->size() - suffix.size()) == suffix) {
      folded->resize(folded->size() - suffix.size());
      token->end -= suffix.size();
      return;
    }
  }
}

size_t CodePointCount(std::string_view utf8) {
  size_t count = 0;
  for (char c : utf8) count += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return count;
}

}  // namespace

std::string Gazetteer::KeyOf(const std::vector<std::string>& words, size_t begin, size_t end) {
  std::string key;
  for (size_t i = begin; i < end; ++i) {
    if (i > begin) key.push_back('\x1f');
    key.append(words[i]);
  }
  return key;
}

absl::Status Gazetteer::AddName(const std::string& name, size_t entity_index) {
  ASSIGN_OR_RETURN(std::vector<std::string> words, text::Terms(name));
  if (words.empty()) return absl::OkStatus();
  if (words.size() == 1 && CodePointCount(words[0]) <= kMaxExactNameLength) {
    ASSIGN_OR_RETURN(std::string exact, text::NormalizeNfc(name));
    exact_index_.emplace(std::string(absl::StripAsciiWhitespace(exact)), entity_index);
    return absl::OkStatus();
  }
  max_words_ = std::max(max_words_, words.size());
  // The first entity to claim a name keeps it: KB order decides between homonyms.
  index_by_key_.emplace(KeyOf(words, 0, words.size()), entity_index);
  return absl::OkStatus();
}

absl::StatusOr<Gazetteer> Gazetteer::FromJsonl(std::string_view jsonl) {
  Gazetteer gazetteer;
  absl::flat_hash_set<std::string> ids;
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = false;
  int line_number = 0;
  for (absl::string_view line :
       absl::StrSplit(absl::string_view(jsonl.data(), jsonl.size()), '\n')) {
    ++line_number;
    if (absl::StripAsciiWhitespace(line).empty()) continue;
    common::v1::Entity entity;
    auto parsed = google::protobuf::util::JsonStringToMessage(
        google::protobuf::StringPiece(line.data(), line.size()), &entity, options);
    if (!parsed.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("knowledge base line ", line_number, ": ", parsed.message().ToString()));
    }
    if (entity.id().empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("knowledge base line ", line_number, ": empty id"));
    }
    if (!ids.insert(entity.id()).second) {
      return absl::InvalidArgumentError(
          absl::StrCat("knowledge base line ", line_number, ": duplicate id ", entity.id()));
    }
    if (entity.type() == common::v1::ENTITY_TYPE_UNSPECIFIED) {
      return absl::InvalidArgumentError(
          absl::StrCat("knowledge base line ", line_number, ": type is unspecified"));
    }
    if (entity.canonical_name().empty() && entity.names().empty()) {
      return absl::InvalidArgumentError(
          absl::StrCat("knowledge base line ", line_number, ": no name"));
    }
    size_t index = gazetteer.entities_.size();
    gazetteer.entities_.push_back(std::move(entity));
    const common::v1::Entity& stored = gazetteer.entities_.back();
    RETURN_IF_ERROR(gazetteer.AddName(stored.canonical_name(), index));
    for (const auto& name : stored.names()) RETURN_IF_ERROR(gazetteer.AddName(name.name(), index));
    for (const auto& alias : stored.aliases()) RETURN_IF_ERROR(gazetteer.AddName(alias, index));
  }
  return gazetteer;
}

absl::StatusOr<std::vector<GazetteerMatch>> Gazetteer::Match(std::string_view text) const {
  ASSIGN_OR_RETURN(std::vector<text::Token> tokens, text::SegmentWords(text));
  std::vector<std::string> folded;
  folded.reserve(tokens.size());
  for (text::Token& token : tokens) {
    folded.push_back(text::Fold(text.substr(token.begin, token.end - token.begin)));
    StripPossessive(&folded.back(), &token);
  }
  std::vector<GazetteerMatch> matches;
  size_t i = 0;
  while (i < tokens.size()) {
    // Longest run of words that may form one name starting at i.
    size_t limit = i + 1;
    while (limit < tokens.size() && limit - i < max_words_ &&
           IsNameGap(
               text.substr(tokens[limit - 1].end, tokens[limit].begin - tokens[limit - 1].end))) {
      ++limit;
    }
    bool matched = false;
    for (size_t end = limit; end > i; --end) {
      auto it = index_by_key_.find(KeyOf(folded, i, end));
      if (it == index_by_key_.end()) continue;
      matches.push_back({tokens[i].begin, tokens[end - 1].end, it->second});
      i = end;
      matched = true;
      break;
    }
    if (!matched) {
      auto exact = exact_index_.find(
          absl::string_view(text.data() + tokens[i].begin, tokens[i].end - tokens[i].begin));
      if (exact != exact_index_.end()) {
        matches.push_back({tokens[i].begin, tokens[i].end, exact->second});
      }
      ++i;
    }
  }
  return matches;
}

}  // namespace newsgraph::extract
