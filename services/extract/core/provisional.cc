#include "services/extract/core/provisional.h"

#include <unicode/translit.h>
#include <unicode/unistr.h>

#include <memory>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"

namespace newsgraph::extract {
namespace {

// One transliterator per thread: ICU does not promise that one instance may be used
// concurrently.
const icu::Transliterator* ToAsciiLatin() {
  thread_local std::unique_ptr<icu::Transliterator> transliterator = [] {
    UErrorCode error = U_ZERO_ERROR;
    std::unique_ptr<icu::Transliterator> created(icu::Transliterator::createInstance(
        "Any-Latin; Latin-ASCII; Lower", UTRANS_FORWARD, error));
    return U_SUCCESS(error) ? std::move(created) : nullptr;
  }();
  return transliterator.get();
}

bool IsVowel(char c) {
  return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

// A rough phonetic skeleton of an ASCII word, so that transliteration conventions meet:
// "shmyhal" and "smigal" (ICU's ISO 9 for "Шмигаль"), "macron" and "makron".
std::string Skeleton(const std::string& word) {
  std::string out;
  for (size_t i = 0; i < word.size(); ++i) {
    char c = word[i];
    char next = i + 1 < word.size() ? word[i + 1] : 0;
    if (next == 'h' && (c == 's' || c == 'c' || c == 'k' || c == 'z' || c == 'p' || c == 't')) {
      ++i;  // sh, ch, kh, zh, ph, th → their first letter (ph → f below)
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
      case 'h':
        c = 'g';
        break;
      default:
        break;
    }
    if (c == 'x') {
      out += "ks";
      continue;
    }
    if (out.empty() || out.back() != c) out.push_back(c);
  }
  return out;
}

void AppendWord(std::string* key, const std::string& word) {
  if (word.empty()) return;
  std::string skeleton = Skeleton(word);
  while (skeleton.size() > 4 && IsVowel(skeleton.back())) skeleton.pop_back();
  if (!key->empty()) key->push_back('-');
  key->append(skeleton);
}

std::string ComputeTransliterationKey(std::string_view name) {
  const icu::Transliterator* transliterator = ToAsciiLatin();
  if (transliterator == nullptr) return "";
  icu::UnicodeString text = icu::UnicodeString::fromUTF8(
      icu::StringPiece(name.data(), static_cast<int32_t>(name.size())));
  transliterator->transliterate(text);
  std::string latin;
  text.toUTF8String(latin);
  std::string key, word;
  for (char c : latin) {
    if (absl::ascii_isalnum(c)) {
      word.push_back(absl::ascii_tolower(c));
    } else {
      AppendWord(&key, word);
      word.clear();
    }
  }
  AppendWord(&key, word);
  return key;
}

}  // namespace

std::string TransliterationKey(std::string_view name) {
  // ICU's Any-Latin transliteration costs more than tagging the name did, and the same names
  // come back document after document: each thread remembers the keys it computed.
  constexpr size_t kMaxRemembered = 1 << 16;
  thread_local absl::flat_hash_map<std::string, std::string> remembered;
  if (auto it = remembered.find(absl::string_view(name.data(), name.size()));
      it != remembered.end()) {
    return it->second;
  }
  if (remembered.size() >= kMaxRemembered) remembered.clear();
  std::string key = ComputeTransliterationKey(name);
  remembered.emplace(std::string(name), key);
  return key;
}

std::string ProvisionalId(common::v1::EntityType type, std::string_view name) {
  std::string key = TransliterationKey(name);
  if (key.empty()) return "";
  std::string type_name = common::v1::EntityType_Name(type);
  constexpr std::string_view kPrefix = "ENTITY_TYPE_";
  if (type_name.rfind(kPrefix, 0) == 0) type_name = type_name.substr(kPrefix.size());
  return absl::StrCat("ng:new/", absl::AsciiStrToLower(type_name), "/", key);
}

}  // namespace newsgraph::extract
