#include "common/text/phonetic.h"

#include <memory>

#include "absl/strings/ascii.h"
#include "unicode/translit.h"
#include "unicode/unistr.h"

namespace newsgraph::text {
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

std::string Skeleton(const std::string& word) {
  std::string out;
  for (size_t i = 0; i < word.size(); ++i) {
    char c = word[i];
    const char next = i + 1 < word.size() ? word[i + 1] : 0;
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

}  // namespace

std::vector<std::string> PhoneticWords(std::string_view name) {
  std::vector<std::string> words;
  const icu::Transliterator* transliterator = ToAsciiLatin();
  if (transliterator == nullptr) return words;
  icu::UnicodeString text = icu::UnicodeString::fromUTF8(
      icu::StringPiece(name.data(), static_cast<int32_t>(name.size())));
  transliterator->transliterate(text);
  std::string latin;
  text.toUTF8String(latin);
  std::string word;
  for (char c : latin) {
    if (absl::ascii_isalnum(c)) {
      word.push_back(absl::ascii_tolower(c));
    } else if (!word.empty()) {
      words.push_back(Skeleton(word));
      word.clear();
    }
  }
  if (!word.empty()) words.push_back(Skeleton(word));
  return words;
}

}  // namespace newsgraph::text
