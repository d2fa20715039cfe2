#include "services/query/core/entity_index.h"

#include <algorithm>
#include <memory>
#include <utility>

#include "absl/strings/ascii.h"
#include "common/base/status_macros.h"
#include "common/store/keys.h"
#include "common/store/records.h"
#include "common/text/normalizer.h"
#include "common/text/segmenter.h"
#include "unicode/translit.h"
#include "unicode/unistr.h"

namespace newsgraph::query {
namespace {

// One transliterator per thread: ICU does not promise that an instance may be shared.
const icu::Transliterator* ToAsciiLatin() {
  thread_local std::unique_ptr<icu::Transliterator> transliterator = [] {
    UErrorCode error = U_ZERO_ERROR;
    std::unique_ptr<icu::Transliterator> created(icu::Transliterator::createInstance(
        "Any-Latin; Latin-ASCII; Lower", UTRANS_FORWARD, error));
    return U_SUCCESS(error) ? std::move(created) : nullptr;
  }();
  return transliterator.get();
}

// Transliteration conventions differ mostly in these letters; mapping them together lets
// "makron" (Russian, Greek) meet "macron" and "shmyhal" meet "smigal".
std::string Skeleton(const std::string& word) {
  std::string out;
  for (size_t i = 0; i < word.size(); ++i) {
    char c = word[i];
    const char next = i + 1 < word.size() ? word[i + 1] : 0;
    if (next == 'h' && (c == 's' || c == 'c' || c == 'k' || c == 'z' || c == 'p' || c == 't')) {
      ++i;
      if (c == 'p') c = 'f';
    }
    switch (c) {
      case 'y':
      case 'j':
        c = 'i';
        break;
      case 'w':
        c = 'v';
        break;
      case 'c':
      case 'q':
        c = 'k';
        break;
      default:
        break;
    }
    if (!out.empty() && out.back() == c) continue;
    out.push_back(c);
  }
  return out;
}

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
  std::vector<std::string> keys;
  const icu::Transliterator* transliterator = ToAsciiLatin();
  if (transliterator == nullptr) return keys;
  icu::UnicodeString text = icu::UnicodeString::fromUTF8(
      icu::StringPiece(name.data(), static_cast<int32_t>(name.size())));
  transliterator->transliterate(text);
  std::string latin;
  text.toUTF8String(latin);
  std::string word;
  for (char c : latin + " ") {
    if (absl::ascii_isalnum(c)) {
      word.push_back(absl::ascii_tolower(c));
    } else if (!word.empty()) {
      keys.push_back(Skeleton(word));
      word.clear();
    }
  }
  return keys;
}

absl::StatusOr<EntityIndex> EntityIndex::Build(const store::Store& db) {
  EntityIndex index;
  std::unique_ptr<store::Iterator> it = db.NewIterator(store::ColumnFamily::kEntities);
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    ASSIGN_OR_RETURN(auto payload, store::UnwrapValue(it->value()));
    Entry entry;
    if (!entry.match.entity.ParseFromArray(payload.data(), static_cast<int>(payload.size()))) {
      return absl::DataLossError("entities: stored value does not parse");
    }
    const common::v1::Entity& entity = entry.match.entity;
    std::vector<std::string> names = {entity.canonical_name()};
    for (const auto& name : entity.names()) names.push_back(name.name());
    for (const auto& alias : entity.aliases()) names.push_back(alias);
    for (const std::string& name : names) {
      for (std::string& w : FoldedWords(name)) entry.folded_words.push_back(std::move(w));
      for (std::string& w : PhoneticWordKeys(name)) entry.phonetic_words.push_back(std::move(w));
    }
    ASSIGN_OR_RETURN(store::EntityDocuments documents, store::ReadEntityDocuments(db, entity.id()));
    entry.match.document_count = documents.documents.size();
    entry.match.mention_count = documents.mention_count;
    index.entries_.push_back(std::move(entry));
  }
  RETURN_IF_ERROR(it->status());
  return index;
}

std::vector<EntityCandidate> EntityIndex::Match(std::string_view query,
                                                common::v1::EntityType type) const {
  const std::vector<std::string> folded = FoldedWords(query);
  const std::vector<std::string> phonetic = PhoneticWordKeys(query);
  std::vector<EntityCandidate> matches;
  for (const Entry& entry : entries_) {
    if (type != common::v1::ENTITY_TYPE_UNSPECIFIED && entry.match.entity.type() != type) continue;
    bool folded_exact = false, phonetic_exact = false;
    const bool by_folded = MatchesAll(folded, entry.folded_words, &folded_exact);
    const bool by_phonetic = MatchesAll(phonetic, entry.phonetic_words, &phonetic_exact);
    if (!by_folded && !by_phonetic) continue;
    EntityCandidate match = entry.match;
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
