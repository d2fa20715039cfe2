// URLs, bare domains and product/model codes, found in the bytes: they are ASCII and full of
// punctuation that the word tokens would cut apart.
#include <array>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "services/extract/patterns/recognizers.h"

namespace newsgraph::extract::patterns {
namespace {

// Top-level domains a bare "name.tld" must end with; URLs with a scheme or "www." need none.
const absl::flat_hash_set<std::string>& KnownTopLevelDomains() {
  static const auto* domains = new absl::flat_hash_set<std::string>{
      "com",  "org", "net", "edu", "gov", "int", "mil", "info", "biz", "io", "ai", "app", "dev",
      "news", "tv",  "me",  "co",  "eu",  "uk",  "de",  "fr",   "it",  "es", "nl", "be",  "ch",
      "at",   "se",  "no",  "dk",  "fi",  "pl",  "cz",  "sk",   "hu",  "ro", "bg", "gr",  "cy",
      "ua",   "ru",  "by",  "md",  "lt",  "lv",  "ee",  "rs",   "hr",  "si", "ba", "tr",  "il",
      "ir",   "in",  "pk",  "cn",  "hk",  "tw",  "jp",  "kr",   "vn",  "th", "sg", "my",  "id",
      "ph",   "au",  "nz",  "ca",  "us",  "mx",  "br",  "ar",   "za",  "ng", "ke", "eg",  "sa",
      "ae",   "qa",  "kz",  "ge",  "am",  "az",  "pt",  "ie",   "is",  "lu"};
  return *domains;
}

// Codes that look like models but are not products.
const absl::flat_hash_set<std::string>& NotProductCodes() {
  static const auto* codes = new absl::flat_hash_set<std::string>{
      "COVID", "SARS", "MERS", "CO",  "NO",   "PM", "AM", "UTC",
      "GMT",   "ISO",  "EN",   "DIN", "NATO", "UN", "EU"};
  return *codes;
}

bool IsDomainChar(char c) { return absl::ascii_isalnum(c) || c == '-' || c == '.'; }

bool IsUrlChar(char c) {
  unsigned char u = static_cast<unsigned char>(c);
  return u > 0x20 && u < 0x7f && c != '<' && c != '>' && c != '"' && c != '\'' && c != '`' &&
         c != '{' && c != '}' && c != '|' && c != '\\' && c != '^';
}

// Trailing punctuation belongs to the sentence, not the URL: "(see example.com/a)."
size_t TrimUrlEnd(std::string_view text, size_t begin, size_t end) {
  while (end > begin) {
    char c = text[end - 1];
    if (c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' || c == ')' ||
        c == ']') {
      --end;
    } else {
      break;
    }
  }
  return end;
}

// "www.example.com" → "example.com"; lower case; no port.
std::string HostOf(std::string_view url) {
  size_t scheme = url.find("://");
  std::string_view rest = scheme == std::string_view::npos ? url : url.substr(scheme + 3);
  size_t host_end = rest.find_first_of("/:?#");
  std::string host = absl::AsciiStrToLower(
      absl::string_view(rest.data(), host_end == std::string_view::npos ? rest.size() : host_end));
  if (absl::StartsWith(host, "www.")) host = host.substr(4);
  return host;
}

PatternMatch MakeUrl(std::string_view text, size_t begin, size_t end) {
  PatternMatch match;
  match.begin = begin;
  match.end = end;
  match.type = common::v1::ENTITY_TYPE_URL;
  match.normalized = std::string(text.substr(begin, end - begin));
  match.entity_id = absl::StrCat("domain:", HostOf(match.normalized));
  return match;
}

// A bare domain name: labels of letters, digits and inner hyphens; a letter in the name before
// the known top-level domain.
bool IsBareDomain(std::string_view candidate) {
  size_t dot = candidate.rfind('.');
  if (dot == std::string_view::npos || dot == 0) return false;
  std::string tld = absl::AsciiStrToLower(
      absl::string_view(candidate.data() + dot + 1, candidate.size() - dot - 1));
  if (!KnownTopLevelDomains().contains(tld)) return false;
  bool letter = false;
  size_t label_start = 0;
  for (size_t k = 0; k <= candidate.size(); ++k) {
    if (k == candidate.size() || candidate[k] == '.') {
      if (k == label_start || candidate[label_start] == '-' || candidate[k - 1] == '-') {
        return false;
      }
      label_start = k + 1;
    } else if (absl::ascii_isalpha(candidate[k]) && k < dot) {
      letter = true;
    }
  }
  return letter;
}

// "A100", "MI300X", "H20", "GB200", "RTX-4090": 1–5 capitals, an optional hyphen, 2–5 digits and
// at most 3 more capitals.
bool IsProductCode(std::string_view word) {
  size_t k = 0;
  while (k < word.size() && absl::ascii_isupper(word[k])) ++k;
  if (k == 0 || k > 5) return false;
  if (NotProductCodes().contains(std::string(word.substr(0, k)))) return false;
  if (k < word.size() && word[k] == '-') ++k;
  size_t digits_begin = k;
  while (k < word.size() && absl::ascii_isdigit(word[k])) ++k;
  size_t digits = k - digits_begin;
  if (digits < 2 || digits > 5) return false;
  size_t suffix_begin = k;
  while (k < word.size() && absl::ascii_isupper(word[k])) ++k;
  return k == word.size() && k - suffix_begin <= 3;
}

}  // namespace

void FindWebAndCodes(std::string_view text, std::vector<PatternMatch>* out) {
  size_t i = 0;
  while (i < text.size()) {
    char c = text[i];
    bool boundary = i == 0 || !(absl::ascii_isalnum(text[i - 1]) || text[i - 1] == '@' ||
                                text[i - 1] == '.' || text[i - 1] == '-' || text[i - 1] == '/');
    if (!boundary || !absl::ascii_isalnum(c)) {
      ++i;
      continue;
    }
    std::string_view rest = text.substr(i);
    bool scheme =
        absl::StartsWithIgnoreCase(absl::string_view(rest.data(), rest.size()), "http://") ||
        absl::StartsWithIgnoreCase(absl::string_view(rest.data(), rest.size()), "https://");
    bool www = absl::StartsWithIgnoreCase(absl::string_view(rest.data(), rest.size()), "www.");
    if (scheme || www) {
      size_t end = i;
      while (end < text.size() && IsUrlChar(text[end])) ++end;
      end = TrimUrlEnd(text, i, end);
      if (end > i + (scheme ? 8 : 5)) out->push_back(MakeUrl(text, i, end));
      i = std::max(end, i + 1);
      continue;
    }
    size_t end = i;
    while (end < text.size() && IsDomainChar(text[end])) ++end;
    size_t word_end = TrimUrlEnd(text, i, end);
    while (word_end > i && text[word_end - 1] == '-') --word_end;
    bool followed_by_at = end < text.size() && text[end] == '@';
    std::string_view word = text.substr(i, word_end - i);
    if (!followed_by_at && word.find('.') != std::string_view::npos && IsBareDomain(word)) {
      size_t url_end = word_end;
      if (url_end == end && url_end < text.size() && text[url_end] == '/') {
        while (url_end < text.size() && IsUrlChar(text[url_end])) ++url_end;
        url_end = TrimUrlEnd(text, i, url_end);
      }
      out->push_back(MakeUrl(text, i, url_end));
      i = url_end;
      continue;
    }
    if (!followed_by_at && IsProductCode(word) &&
        (word_end == text.size() || !absl::ascii_isalnum(text[word_end]))) {
      PatternMatch match;
      match.begin = i;
      match.end = word_end;
      match.type = common::v1::ENTITY_TYPE_PRODUCT;
      match.normalized = std::string(word);
      std::string id = absl::AsciiStrToLower(absl::string_view(word.data(), word.size()));
      id.erase(std::remove(id.begin(), id.end(), '-'), id.end());
      match.entity_id = absl::StrCat("ng:code/", id);
      match.confidence = 0.6f;
      out->push_back(std::move(match));
    }
    i = std::max(end, i + 1);
  }
}

}  // namespace newsgraph::extract::patterns
