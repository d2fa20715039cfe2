#include "services/extract/kb/icu_source.h"

#include <algorithm>
#include <iterator>
#include <memory>
#include <set>
#include <string>
#include <utility>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "services/extract/kb/kb_jsonl.h"
#include "unicode/locdspnm.h"
#include "unicode/locid.h"
#include "unicode/uchar.h"
#include "unicode/ucurr.h"
#include "unicode/uenum.h"
#include "unicode/unistr.h"

namespace newsgraph::extract::kb {
namespace {

using common::v1::Entity;

// A display language: its BCP 47 tag for the KB and the ICU locale to ask.
struct DisplayLanguage {
  std::string tag;
  icu::Locale locale;
  // For a script variant ("zh-Hant"): index of its base language in the list, else -1.
  int base = -1;
};

// Base languages first (sorted, "en" first so it leads every entity's names), then the script
// variants ICU has data for. Region locales ("de_AT") are left out: their region names are the
// base language's with few exceptions, and the KB tags names by language only.
std::vector<DisplayLanguage> AvailableDisplayLanguages() {
  int32_t count = 0;
  const icu::Locale* locales = icu::Locale::getAvailableLocales(count);
  std::set<std::string> languages;
  std::set<std::pair<std::string, std::string>> scripts;
  for (int32_t i = 0; i < count; ++i) {
    const icu::Locale& locale = locales[i];
    languages.insert(locale.getLanguage());
    if (locale.getScript()[0] != '\0' && locale.getCountry()[0] == '\0' &&
        locale.getVariant()[0] == '\0') {
      scripts.emplace(locale.getLanguage(), locale.getScript());
    }
  }
  std::vector<DisplayLanguage> result;
  absl::flat_hash_map<std::string, int> index;
  auto add_base = [&](const std::string& language) {
    if (!IsValidLanguageTag(language) || index.contains(language)) return;
    index[language] = static_cast<int>(result.size());
    result.push_back({language, icu::Locale(language.c_str()), -1});
  };
  add_base("en");
  for (const std::string& language : languages) add_base(language);
  for (const auto& [language, script] : scripts) {
    std::string tag = absl::StrCat(language, "-", script);
    auto base = index.find(language);
    if (!IsValidLanguageTag(tag) || base == index.end()) continue;
    result.push_back({tag, icu::Locale(absl::StrCat(language, "_", script).c_str()), base->second});
  }
  return result;
}

std::string Utf8(const icu::UnicodeString& s) {
  std::string out;
  s.toUTF8String(out);
  return out;
}

std::string Utf8(const UChar* s, int32_t length) { return Utf8(icu::UnicodeString(s, length)); }

// Adds (language, name) to `entity` unless it is there already or unusable.
void AddName(const std::string& language, const std::string& name,
             absl::flat_hash_set<std::string>* seen, Entity* entity) {
  if (!IsValidName(name)) return;
  if (!seen->insert(absl::StrCat(language, "\x1f", name)).second) return;
  common::v1::LocalizedName* added = entity->add_names();
  added->set_language(language);
  added->set_name(name);
}

using DisplayNamesPtr = std::unique_ptr<icu::LocaleDisplayNames>;

DisplayNamesPtr DisplayNames(const icu::Locale& locale, bool short_form) {
  // NO_SUBSTITUTE: a language without data for a region answers nothing rather than the code.
  UDisplayContext contexts[] = {UDISPCTX_NO_SUBSTITUTE,
                                short_form ? UDISPCTX_LENGTH_SHORT : UDISPCTX_LENGTH_FULL};
  return DisplayNamesPtr(icu::LocaleDisplayNames::createInstance(locale, contexts, 2));
}

std::string RegionName(const DisplayNamesPtr& names, const char* region) {
  if (names == nullptr) return "";
  icu::UnicodeString name;
  names->regionDisplayName(region, name);
  if (name.isBogus()) return "";
  std::string utf8 = Utf8(name);
  return utf8 == region ? "" : utf8;
}

std::set<std::string> AvailableLocaleIds() {
  int32_t count = 0;
  const icu::Locale* locales = icu::Locale::getAvailableLocales(count);
  std::set<std::string> ids;
  for (int32_t i = 0; i < count; ++i) ids.insert(locales[i].getName());
  return ids;
}

enum class CurrencyNameKind { kLong, kSymbol };

std::string CurrencyName(const UChar* iso, const char* locale, CurrencyNameKind kind) {
  UBool is_choice_format = false;
  int32_t length = 0;
  UErrorCode status = U_ZERO_ERROR;
  const UChar* name = ucurr_getName(
      iso, locale, kind == CurrencyNameKind::kLong ? UCURR_LONG_NAME : UCURR_SYMBOL_NAME,
      &is_choice_format, &length, &status);
  if (U_FAILURE(status) || name == nullptr) return "";
  return Utf8(name, length);
}

std::string CurrencyPluralName(const UChar* iso, const char* locale, const char* count) {
  UBool is_choice_format = false;
  int32_t length = 0;
  UErrorCode status = U_ZERO_ERROR;
  const UChar* name = ucurr_getPluralName(iso, locale, &is_choice_format, count, &length, &status);
  if (U_FAILURE(status) || name == nullptr) return "";
  return Utf8(name, length);
}

// A lone letter ("元", "円") is a word of running text in its language, not a symbol.
bool IsSingleLetter(const std::string& symbol) {
  icu::UnicodeString s = icu::UnicodeString::fromUTF8(symbol);
  return s.countChar32() == 1 && u_isalpha(s.char32At(0));
}

// Currencies news writes about by name alone ("50 euro", "the yen fell"). Their one-word,
// lower-case names stay; every other currency keeps only capitalized or several-word names and
// its symbols, because its one-word names are ordinary words elsewhere: the dobra of São Tomé
// spells Polish and Czech "good" ("dobra", "dobre"), the Bangladeshi taka Polish "such", the
// won English "won". (Major currencies whose names are words too, such as the won, the real
// and the rand, are left off this list for the same reason.)
bool KeepsLowercaseWordNames(std::string_view iso) {
  static constexpr std::string_view kMajor[] = {"EUR", "USD", "GBP", "JPY", "CNY", "RUB",
                                                "UAH", "CHF", "VND", "INR", "PLN", "CZK",
                                                "SEK", "NOK", "DKK", "HUF"};
  return std::find(std::begin(kMajor), std::end(kMajor), iso) != std::end(kMajor);
}

// True for one word without a capital letter ("dobra", "taka"; not "Dobra", "US dollars").
bool IsLowercaseWord(const std::string& name) {
  icu::UnicodeString s = icu::UnicodeString::fromUTF8(name);
  for (int32_t i = 0; i < s.length();) {
    const UChar32 c = s.char32At(i);
    if (u_isUWhiteSpace(c) || u_isupper(c) || u_istitle(c)) return false;
    i += U16_LENGTH(c);
  }
  return true;
}

}  // namespace

std::vector<std::string> DefaultCurrencyLanguages() {
  return {"en", "vi", "uk", "ru", "el", "de", "fr", "zh", "es",
          "it", "pt", "pl", "ja", "ko", "ar", "tr", "nl"};
}

absl::StatusOr<std::vector<Entity>> IcuCountryEntities(bool short_names) {
  std::vector<DisplayLanguage> languages = AvailableDisplayLanguages();
  std::vector<DisplayNamesPtr> full;
  std::vector<DisplayNamesPtr> short_form;
  for (const DisplayLanguage& language : languages) {
    full.push_back(DisplayNames(language.locale, false));
    short_form.push_back(short_names ? DisplayNames(language.locale, true) : nullptr);
  }
  std::vector<Entity> entities;
  // This region's full and short name in each language, so that a script variant only adds what
  // its base language does not already have.
  std::vector<std::string> full_names(languages.size());
  std::vector<std::string> short_names_of(languages.size());
  for (const char* const* region = icu::Locale::getISOCountries(); *region != nullptr; ++region) {
    Entity entity;
    entity.set_id(absl::StrCat("ng:country/", absl::AsciiStrToLower(*region)));
    entity.set_type(common::v1::ENTITY_TYPE_LOCATION);
    absl::flat_hash_set<std::string> seen;
    // CLDR has short forms for a few regions only (GB, US, HK, ...), nearly always the same ones
    // in every language, and each short lookup costs a second one: asking only where English has
    // a short form saves ~0.1 s of the ~0.2 s. ICU 72 loses one name by it (fa "عربستان", SA).
    const bool has_short =
        short_names && RegionName(short_form[0], *region) != RegionName(full[0], *region);
    for (size_t i = 0; i < languages.size(); ++i) {
      full_names[i] = RegionName(full[i], *region);
      short_names_of[i] = has_short ? RegionName(short_form[i], *region) : "";
      for (const std::string& name : {full_names[i], short_names_of[i]}) {
        const int base = languages[i].base;
        if (base >= 0 && (name == full_names[base] || name == short_names_of[base])) continue;
        AddName(languages[i].tag, name, &seen, &entity);
      }
    }
    // languages[0] is English.
    if (!IsValidName(full_names[0])) {
      return absl::InternalError(absl::StrCat("ICU has no English name for region ", *region));
    }
    entity.set_canonical_name(full_names[0]);
    entities.push_back(std::move(entity));
  }
  return entities;
}

absl::StatusOr<std::vector<Entity>> IcuCurrencyEntities(const std::vector<std::string>& languages) {
  std::vector<std::string> locale_ids;
  const std::set<std::string> available = AvailableLocaleIds();
  for (const std::string& tag : languages) {
    UErrorCode status = U_ZERO_ERROR;
    icu::Locale locale = icu::Locale::forLanguageTag(tag, status);
    if (!IsValidLanguageTag(tag) || U_FAILURE(status) || !available.contains(locale.getName())) {
      return absl::InvalidArgumentError(absl::StrCat(
          "currency language \"", tag, "\" is not a language tag ICU has locale data for"));
    }
    locale_ids.push_back(locale.getName());
  }
  if (languages.empty()) return std::vector<Entity>();

  UErrorCode status = U_ZERO_ERROR;
  UEnumeration* codes = ucurr_openISOCurrencies(UCURR_COMMON | UCURR_NON_DEPRECATED, &status);
  if (U_FAILURE(status)) {
    return absl::InternalError(absl::StrCat("ucurr_openISOCurrencies: ", u_errorName(status)));
  }
  std::vector<std::string> isos;
  while (const char* code = uenum_next(codes, nullptr, &status)) isos.push_back(code);
  uenum_close(codes);

  // Symbols are collected first so that one shared by two currencies can be left out of both.
  std::vector<std::vector<std::string>> symbols(isos.size());
  absl::flat_hash_map<std::string, absl::flat_hash_set<size_t>> currencies_by_symbol;
  std::vector<Entity> entities(isos.size());
  for (size_t c = 0; c < isos.size(); ++c) {
    const std::string& iso = isos[c];
    UChar iso_u[4] = {static_cast<UChar>(iso[0]), static_cast<UChar>(iso[1]),
                      static_cast<UChar>(iso[2]), 0};
    Entity& entity = entities[c];
    entity.set_id(absl::StrCat("ng:currency/", absl::AsciiStrToLower(iso)));
    entity.set_type(common::v1::ENTITY_TYPE_MISC);
    std::string english = CurrencyName(iso_u, "en", CurrencyNameKind::kLong);
    entity.set_canonical_name(english.empty() || english == iso ? iso : english);
    absl::flat_hash_set<std::string> seen;
    absl::flat_hash_set<std::string> aliases;
    for (size_t l = 0; l < languages.size(); ++l) {
      const char* locale = locale_ids[l].c_str();
      const bool keeps_words = KeepsLowercaseWordNames(iso);
      std::string name = CurrencyName(iso_u, locale, CurrencyNameKind::kLong);
      if (name != iso && (keeps_words || !IsLowercaseWord(name))) {
        AddName(languages[l], name, &seen, &entity);
      }
      for (const char* count : {"zero", "one", "two", "few", "many", "other"}) {
        std::string plural = CurrencyPluralName(iso_u, locale, count);
        if (plural == iso || plural == name || !IsValidName(plural)) continue;
        if (!keeps_words && IsLowercaseWord(plural)) continue;
        if (aliases.insert(plural).second) entity.add_aliases(plural);
      }
      std::string symbol = CurrencyName(iso_u, locale, CurrencyNameKind::kSymbol);
      if (symbol == iso || !IsValidName(symbol) || IsSingleLetter(symbol)) continue;
      if (currencies_by_symbol[symbol].insert(c).second) symbols[c].push_back(symbol);
    }
  }
  for (size_t c = 0; c < isos.size(); ++c) {
    for (const std::string& symbol : symbols[c]) {
      if (currencies_by_symbol[symbol].size() == 1) entities[c].add_aliases(symbol);
    }
  }
  return entities;
}

}  // namespace newsgraph::extract::kb
