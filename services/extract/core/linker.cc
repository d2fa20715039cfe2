#include "services/extract/core/linker.h"

#include <unicode/uchar.h>
#include <unicode/uscript.h>

#include <algorithm>
#include <iterator>
#include <utility>

#include "common/base/status_macros.h"
#include "common/text/segmenter.h"
#include "common/text/utf8.h"
#include "services/extract/kb/knowledge_base.h"
#include "services/extract/matcher/name_matcher.h"

namespace newsgraph::extract {
namespace {

// Languages written in Latin script whose nouns decline: Polish, Czech, Slovak, Slovene, Croatian,
// Serbian (Latin), Bosnian, Sorbian. In other Latin-script text the same endings are ordinary
// word endings, so the matcher strips them only for these.
bool IsLatinSlavic(std::string_view language) {
  return language == "pl" || language == "cs" || language == "sk" || language == "sl" ||
         language == "hr" || language == "sr" || language == "bs" || language == "hsb" ||
         language == "dsb";
}

bool IsHan(char32_t c) {
  UErrorCode error = U_ZERO_ERROR;
  return uscript_getScript(static_cast<UChar32>(c), &error) == USCRIPT_HAN;
}

// The code point that ends just before `offset`, or 0 at the start.
char32_t CodePointBefore(std::string_view text, size_t offset) {
  size_t start = offset;
  while (start > 0 && (offset - start) < 4) {
    --start;
    if ((static_cast<unsigned char>(text[start]) & 0xC0) != 0x80) break;
  }
  char32_t c = 0;
  return start < offset && text::DecodeUtf8(text, start, &c) == offset - start ? c : 0;
}

// Chinese is written without spaces, so the matcher finds names inside longer words: "西安"
// (Xi'an) in "广西安排" (Guangxi arranges), "美国" in "美国人" (Americans). A name that touches a
// Han character on either side must therefore begin and end where ICU's dictionary-based word
// segmentation puts word boundaries. The text is segmented once, on the first such name: a
// Chinese article has hundreds of names, and segmenting a window around each cost more than the
// whole text once.
class HanWordBoundaries {
 public:
  explicit HanWordBoundaries(std::string_view text) : text_(text) {}

  // Whether [begin, end) may be a name: true when it touches no Han character or when both ends
  // are word boundaries (also true when segmentation failed, as before it existed).
  bool Accepts(size_t begin, size_t end) {
    char32_t first = 0;
    char32_t next = 0;
    text::DecodeUtf8(text_, begin, &first);
    if (end < text_.size()) text::DecodeUtf8(text_, end, &next);
    if (!IsHan(CodePointBefore(text_, begin)) && !IsHan(first) && !IsHan(next)) return true;
    if (!segmented_) Segment();
    if (failed_) return true;
    return std::binary_search(word_begins_.begin(), word_begins_.end(), begin) &&
           std::binary_search(word_ends_.begin(), word_ends_.end(), end);
  }

 private:
  void Segment() {
    segmented_ = true;
    auto words = text::SegmentWords(text_);
    if (!words.ok()) {
      failed_ = true;
      return;
    }
    for (const text::Token& word : *words) {  // in text order, so both lists come out sorted
      word_begins_.push_back(word.begin);
      word_ends_.push_back(word.end);
    }
  }

  std::string_view text_;
  bool segmented_ = false;
  bool failed_ = false;
  std::vector<size_t> word_begins_;
  std::vector<size_t> word_ends_;
};

// The languages whose names outrank every other language's when two entities share a spelling.
bool IsPrimaryLanguage(std::string_view language) {
  static constexpr std::string_view kPrimary[] = {"en", "vi", "uk", "ru", "el", "de", "fr", "zh"};
  return std::find(std::begin(kPrimary), std::end(kPrimary), language) != std::end(kPrimary);
}

// The record responses carry for `entity` (see Linker::FindRecord).
common::v1::Entity DisplayRecord(const common::v1::Entity& entity) {
  common::v1::Entity record;
  record.set_id(entity.id());
  record.set_type(entity.type());
  record.set_canonical_name(entity.canonical_name());
  record.set_wikidata_id(entity.wikidata_id());
  record.set_parent_id(entity.parent_id());
  record.set_provisional(entity.provisional());
  std::vector<std::string_view> taken;
  for (const common::v1::LocalizedName& name : entity.names()) {
    if (!IsPrimaryLanguage(name.language())) continue;
    if (std::find(taken.begin(), taken.end(), name.language()) != taken.end()) continue;
    taken.push_back(name.language());
    *record.add_names() = name;
  }
  return record;
}

// True when `text` starts with a lower-case letter. Names are proper nouns, capitalized in the
// knowledge base; a lower-case word that reaches one only by folding case or through a case
// ending is nearly always an ordinary word or an adjective: Russian "штата" / "в штатах" (a
// state, in the states) is not "Штаты" (the US), Polish "polskich" (Polish) is not "Polska",
// Czech "ruského" (Russian) is not "Rusko", Vietnamese "đạo đức" (morality) is not "Đức". So a
// match that starts lower-case only counts for an entity that has a lower-case name itself
// ("iPhone", "eBay"). Scripts without case are unaffected.
bool StartsLowercase(std::string_view text) {
  char32_t first = 0;
  if (text::DecodeUtf8(text, 0, &first) == 0) return false;
  return u_islower(static_cast<UChar32>(first));
}

// True for a name written to start lower-case: a camel-cased first word ("iPhone", "eBay") or a
// name without any capital ("brexit"). A lower-case descriptor before a capitalized name
// ("nước Mỹ", the country Mỹ) does not count: the name itself is capitalized.
bool IsLowercaseName(std::string_view name) {
  if (!StartsLowercase(name)) return false;
  bool in_first_word = true;
  bool upper_in_first_word = false;
  bool upper_anywhere = false;
  for (size_t i = 0; i < name.size();) {
    char32_t c = 0;
    const size_t length = text::DecodeUtf8(name, i, &c);
    if (length == 0) break;
    i += length;
    if (u_isUWhiteSpace(static_cast<UChar32>(c))) in_first_word = false;
    if (u_isupper(static_cast<UChar32>(c))) {
      upper_anywhere = true;
      upper_in_first_word |= in_first_word;
    }
  }
  return upper_in_first_word || !upper_anywhere;
}

class KnowledgeBaseLinker final : public Linker {
 public:
  KnowledgeBaseLinker(std::shared_ptr<const kb::KnowledgeBase> knowledge_base, NameMatcher matcher,
                      size_t name_count)
      : knowledge_base_(std::move(knowledge_base)),
        matcher_(std::move(matcher)),
        name_count_(name_count),
        lowercase_names_(knowledge_base_->size(), false) {
    records_.reserve(knowledge_base_->size());
    // Only the names of the primary languages count: a few of CLDR's other languages write
    // country names lower-case, which would turn the check off for every country.
    for (uint32_t index = 0; index < knowledge_base_->size(); ++index) {
      const common::v1::Entity& entity = knowledge_base_->entity(index);
      bool lowercase = IsLowercaseName(entity.canonical_name());
      for (const std::string& alias : entity.aliases()) lowercase |= IsLowercaseName(alias);
      for (const common::v1::LocalizedName& name : entity.names()) {
        lowercase |= IsPrimaryLanguage(name.language()) && IsLowercaseName(name.name());
      }
      lowercase_names_[index] = lowercase;
      records_.push_back(DisplayRecord(entity));
    }
  }

  size_t entity_count() const override { return knowledge_base_->size(); }
  size_t name_count() const override { return name_count_; }

  const common::v1::Entity* Find(std::string_view id) const override {
    std::optional<size_t> index = knowledge_base_->Find(id);
    return index ? &knowledge_base_->entity(*index) : nullptr;
  }

  const common::v1::Entity* FindRecord(std::string_view id) const override {
    std::optional<size_t> index = knowledge_base_->Find(id);
    return index ? &records_[*index] : nullptr;
  }

  absl::Status FindMentions(std::string_view text, std::string_view language,
                            std::vector<Candidate>* out) const override {
    NameMatchOptions options;
    options.latin_slavic_inflection = IsLatinSlavic(language);
    ASSIGN_OR_RETURN(std::vector<NameMatch> matches, matcher_.Match(text, options));
    HanWordBoundaries han_boundaries(text);
    for (const NameMatch& match : matches) {
      if (!lowercase_names_[match.entity_index] && StartsLowercase(text.substr(match.begin))) {
        continue;
      }
      if (!han_boundaries.Accepts(match.begin, match.end)) continue;
      const common::v1::Entity& entity = knowledge_base_->entity(match.entity_index);
      Candidate candidate;
      candidate.begin = match.begin;
      candidate.end = match.end;
      candidate.entity_id = entity.id();
      candidate.type = entity.type();
      candidate.confidence = match.confidence;
      candidate.source = common::v1::MENTION_SOURCE_KNOWLEDGE_BASE;
      candidate.priority = kKnowledgeBasePriority;
      out->push_back(std::move(candidate));
    }
    return absl::OkStatus();
  }

 private:
  std::shared_ptr<const kb::KnowledgeBase> knowledge_base_;
  NameMatcher matcher_;
  size_t name_count_;
  // Per entity: whether one of its names starts with a lower-case letter (StartsLowercase).
  std::vector<bool> lowercase_names_;
  // Per entity: its record as responses carry it (FindRecord).
  std::vector<common::v1::Entity> records_;
};

// Every name of every entity, ordered so that on a shared spelling the matcher (which keeps the
// first entry) picks the entity that spelling most likely means: first canonical names, aliases
// and names in the primary languages, then names in the other ~140 languages ICU knows. Without
// this, CLDR's minor-language country names would take over project entities: "Siri" (Syria in
// Swahili) over Apple's assistant, "VK" over the Russian social network.
std::vector<NameEntry> NamesInPriorityOrder(const kb::KnowledgeBase& knowledge_base) {
  std::vector<NameEntry> primary;
  std::vector<NameEntry> secondary;
  for (uint32_t index = 0; index < knowledge_base.size(); ++index) {
    const common::v1::Entity& entity = knowledge_base.entity(index);
    primary.push_back({.name = entity.canonical_name(), .entity_index = index});
    for (const std::string& alias : entity.aliases()) {
      primary.push_back({.name = alias, .entity_index = index});
    }
    for (const common::v1::LocalizedName& name : entity.names()) {
      (IsPrimaryLanguage(name.language()) ? primary : secondary)
          .push_back({.name = name.name(), .entity_index = index});
    }
  }
  primary.insert(primary.end(), std::make_move_iterator(secondary.begin()),
                 std::make_move_iterator(secondary.end()));
  return primary;
}

}  // namespace

absl::StatusOr<std::shared_ptr<const Linker>> Linker::Build(const LinkerSources& sources) {
  kb::KnowledgeBaseOptions options;
  options.user_files = sources.files;
  if (!sources.extra_jsonl.empty()) {
    options.user_sources.push_back({.label = "request", .jsonl = sources.extra_jsonl});
  }
  ASSIGN_OR_RETURN(std::shared_ptr<const kb::KnowledgeBase> knowledge_base,
                   kb::KnowledgeBase::Load(options));
  std::vector<NameEntry> names = NamesInPriorityOrder(*knowledge_base);
  ASSIGN_OR_RETURN(NameMatcher matcher, NameMatcher::Build(names));
  return std::make_shared<const KnowledgeBaseLinker>(std::move(knowledge_base), std::move(matcher),
                                                     names.size());
}

}  // namespace newsgraph::extract
