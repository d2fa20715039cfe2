#include "services/extract/tagger/gazetteer_features.h"

#include <algorithm>
#include <bit>
#include <fstream>
#include <sstream>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/base/status_macros.h"
#include "common/text/normalizer.h"
#include "common/text/utf8.h"
#include "google/protobuf/util/json_util.h"
#include "newsgraph/common/v1/types.pb.h"
#include "services/extract/tagger/features.h"
#include "services/extract/tagger/tokenizer.h"

namespace newsgraph::extract::tagger {
namespace {

// Value bits: the low four are GazetteerType masks of names that end here; kContinues says a
// longer name extends this key, so matching goes on.
constexpr uint8_t kTypeBits = 0x0F;
constexpr uint8_t kContinues = 0x10;

// Common case endings after Fold (so й is и, Greek has no accents and ς is σ), longest first
// within each script. Crude on purpose: a stem only has to be the same for the forms of one name.
constexpr std::string_view kEndings[] = {
    // Cyrillic (uk, ru, bg).
    "ами", "ями", "ого", "его", "ому", "ему", "ими", "ыми", "ові", "еві", "ою", "ею", "ів", "ах",
    "ях", "ам", "ям", "ом", "ем", "ои", "еи", "ии", "іи", "ыи", "их", "ых", "ым", "им", "ую", "юю",
    "ая", "яя", "ое", "ее", "ые", "і", "ї", "а", "я", "у", "ю", "и", "е", "о", "ы", "ь",
    // Greek.
    "ιου", "ιας", "ους", "εως", "ος", "ου", "ον", "ων", "ης", "ας", "ες", "οι", "ια", "η", "α", "ο",
    "ε", "ι",
    // Latin-script Slavic (pl, cs, sl).
    "owi", "ovi", "ami", "ach", "ego", "emu", "iem", "ovou", "om", "em", "ie", "ou", "a", "u", "y",
    "i", "e", "o"};

size_t CodePointCount(std::string_view utf8) {
  size_t count = 0;
  for (char c : utf8) count += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return count;
}

// The key of a token sequence: the first token's hash, then each further token mixed in.
uint64_t ExtendKey(uint64_t key, std::string_view token, bool first) {
  const uint64_t h = HashBytes(token);
  if (first) return h;
  uint64_t k = key * 0x9E3779B97F4A7C15ULL ^ std::rotl(h, 29);
  k ^= k >> 33;
  k *= 0xff51afd7ed558ccdULL;
  k ^= k >> 33;
  return k;
}

// Indexes `tokens` (folded or stemmed) into `index` with `type_bit`: every proper prefix gets
// kContinues, the full key gets the type bit.
void Insert(const std::vector<std::string>& tokens, uint8_t type_bit,
            absl::flat_hash_map<uint64_t, uint8_t>* index) {
  uint64_t key = 0;
  for (size_t i = 0; i < tokens.size(); ++i) {
    key = ExtendKey(key, tokens[i], i == 0);
    (*index)[key] |= (i + 1 == tokens.size()) ? type_bit : kContinues;
  }
}

// Calls set(first, last, types) for every name of `index` over `keys` (one key per token).
template <typename Setter>
void MatchAll(const absl::flat_hash_map<uint64_t, uint8_t>& index,
              std::span<const std::string_view> keys, size_t max_tokens, Setter set) {
  for (size_t i = 0; i < keys.size(); ++i) {
    uint64_t key = 0;
    for (size_t j = i; j < keys.size() && j - i < max_tokens; ++j) {
      key = ExtendKey(key, keys[j], j == i);
      auto it = index.find(key);
      if (it == index.end()) break;
      if (const uint8_t types = it->second & kTypeBits; types != 0) set(i, j, types);
      if ((it->second & kContinues) == 0) break;
    }
  }
}

}  // namespace

namespace {

// kEndings grouped by their last byte, in list order, so a word is only compared with the
// endings it could have (a handful instead of all seventy).
struct EndingIndex {
  struct Ending {
    std::string_view text;
    size_t code_points;
  };
  std::vector<Ending> by_last_byte[256];

  EndingIndex() {
    for (std::string_view e : kEndings) {
      by_last_byte[static_cast<unsigned char>(e.back())].push_back({e, CodePointCount(e)});
    }
  }
};

const EndingIndex& Endings() {
  static const EndingIndex* const index = new EndingIndex();
  return *index;
}

}  // namespace

std::string_view KbGazetteer::Stem(std::string_view folded) {
  if (folded.empty()) return folded;
  const auto& candidates = Endings().by_last_byte[static_cast<unsigned char>(folded.back())];
  if (candidates.empty()) return folded;
  const size_t length = CodePointCount(folded);
  for (const EndingIndex::Ending& ending : candidates) {
    if (folded.size() <= ending.text.size() || length < ending.code_points + 3 ||
        folded.substr(folded.size() - ending.text.size()) != ending.text) {
      continue;
    }
    return folded.substr(0, folded.size() - ending.text.size());
  }
  return folded;
}

absl::Status KbGazetteer::AddName(std::string_view name, GazetteerType type) {
  ASSIGN_OR_RETURN(const std::vector<TextToken> tokens, Tokenize(name));
  if (tokens.empty() || tokens.size() > kMaxNameTokens) return absl::OkStatus();
  std::vector<std::string> folded;
  std::vector<std::string> stems;
  for (const TextToken& token : tokens) {
    folded.push_back(text::Fold(name.substr(token.begin, token.end - token.begin)));
    stems.emplace_back(Stem(folded.back()));
  }
  const auto bit = static_cast<uint8_t>(1u << static_cast<int>(type));
  Insert(folded, bit, &exact_);
  Insert(stems, bit, &stems_);
  max_tokens_ = std::max(max_tokens_, tokens.size());
  ++name_count_;
  return absl::OkStatus();
}

absl::StatusOr<bool> KbGazetteer::AddEntity(const common::v1::Entity& entity) {
  GazetteerType type;
  switch (entity.type()) {
    case common::v1::ENTITY_TYPE_PERSON:
      type = GazetteerType::kPer;
      break;
    case common::v1::ENTITY_TYPE_ORGANIZATION:
      type = GazetteerType::kOrg;
      break;
    case common::v1::ENTITY_TYPE_LOCATION:
      type = GazetteerType::kLoc;
      break;
    case common::v1::ENTITY_TYPE_PRODUCT:
    case common::v1::ENTITY_TYPE_EVENT:
    case common::v1::ENTITY_TYPE_WORK:
    case common::v1::ENTITY_TYPE_MISC:
      type = GazetteerType::kMisc;
      break;
    default:
      return false;
  }
  if (!entity.canonical_name().empty()) RETURN_IF_ERROR(AddName(entity.canonical_name(), type));
  for (const auto& name : entity.names()) RETURN_IF_ERROR(AddName(name.name(), type));
  for (const auto& alias : entity.aliases()) RETURN_IF_ERROR(AddName(alias, type));
  return true;
}

absl::StatusOr<size_t> KbGazetteer::AddJsonl(std::string_view jsonl, std::string_view source) {
  google::protobuf::util::JsonParseOptions options;
  // Other parts of the project may add fields to the KB; only names and types matter here.
  options.ignore_unknown_fields = true;
  size_t entities = 0;
  int line_number = 0;
  for (absl::string_view line :
       absl::StrSplit(absl::string_view(jsonl.data(), jsonl.size()), '\n')) {
    ++line_number;
    if (absl::StripAsciiWhitespace(line).empty()) continue;
    common::v1::Entity entity;
    auto parsed = google::protobuf::util::JsonStringToMessage(
        google::protobuf::StringPiece(line.data(), line.size()), &entity, options);
    if (!parsed.ok()) {
      return absl::InvalidArgumentError(absl::StrCat(std::string(source), " line ", line_number,
                                                     ": ", parsed.message().ToString()));
    }
    ASSIGN_OR_RETURN(const bool added, AddEntity(entity));
    if (added) ++entities;
  }
  return entities;
}

absl::StatusOr<size_t> KbGazetteer::AddJsonlFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read knowledge base file ", path));
  std::ostringstream contents;
  contents << in.rdbuf();
  return AddJsonl(contents.str(), path);
}

void KbGazetteer::Mark(std::span<const std::string_view> words,
                       std::span<const std::string_view> folded,
                       std::span<GazetteerMark> marks) const {
  if (name_count_ == 0 || words.empty()) return;
  // Per-thread scratch: Mark runs once per sentence on the tagging hot path.
  thread_local std::vector<std::string_view> stems;
  stems.resize(folded.size());
  for (size_t i = 0; i < folded.size(); ++i) stems[i] = Stem(folded[i]);
  MatchAll(exact_, folded, max_tokens_, [&marks](size_t first, size_t last, uint8_t types) {
    marks[first].begin |= types;
    for (size_t k = first + 1; k <= last; ++k) marks[k].inside |= types;
  });
  MatchAll(stems_, stems, max_tokens_, [&marks](size_t first, size_t last, uint8_t types) {
    marks[first].stem_begin |= types;
    for (size_t k = first + 1; k <= last; ++k) marks[k].stem_inside |= types;
  });
}

}  // namespace newsgraph::extract::tagger
