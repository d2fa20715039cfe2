#include "services/extract/core/provisional.h"

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "common/text/phonetic.h"

namespace newsgraph::extract {
namespace {

bool IsVowel(char c) {
  return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u' || c == 'y';
}

// The phonetic words joined by '-', trailing vowels of words longer than four letters dropped so
// that inflected forms ("Шмигаля", "Шмигалю") share the key of the nominative.
std::string ComputeTransliterationKey(std::string_view name) {
  std::string key;
  for (std::string& word : text::PhoneticWords(name)) {
    while (word.size() > 4 && IsVowel(word.back())) word.pop_back();
    if (!key.empty()) key.push_back('-');
    key.append(word);
  }
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
