// Knowledge-base entities generated from ICU's copy of CLDR: every country and territory with its
// name in every language ICU has data for, and the common currencies with their names and symbols.
// CLDR is maintained by translators for hundreds of languages, far beyond what the project's own
// files can cover; the project's files then add what CLDR lacks (aliases, inflected forms,
// Wikidata ids) under the same ids.
#ifndef NEWSGRAPH_SERVICES_EXTRACT_KB_ICU_SOURCE_H_
#define NEWSGRAPH_SERVICES_EXTRACT_KB_ICU_SOURCE_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "newsgraph/common/v1/types.pb.h"

namespace newsgraph::extract::kb {

// The languages currency names are taken in when the caller does not choose.
std::vector<std::string> DefaultCurrencyLanguages();

// Returns one ENTITY_TYPE_LOCATION entity per region of icu::Locale::getISOCountries(), id
// "ng:country/<alpha-2 lowercase>", canonical_name the English display name ("Germany"), and
// `names` holding the display name in each language of icu::Locale::getAvailableLocales(), tagged
// with the language code ("de": "Deutschland", "uk": "Німеччина"). Languages whose data lacks a
// region are skipped for it (no fallback to the code or to English). Script variants ICU has
// locale data for ("zh-Hant", "sr-Latn") are added only where their name differs from the base
// language's. With `short_names`, CLDR's short forms are added too for the regions that have one
// in English ("en": "UK", "US", "Hong Kong"; "ru": "США"). Each (language, name) pair appears once
// per entity. Returns Internal when ICU has no English name for a region (broken ICU data).
absl::StatusOr<std::vector<common::v1::Entity>> IcuCountryEntities(bool short_names);

// Returns one ENTITY_TYPE_MISC entity per currency of ucurr_openISOCurrencies(UCURR_COMMON |
// UCURR_NON_DEPRECATED), id "ng:currency/<iso lowercase>", canonical_name the English long name
// ("Euro", "US Dollar"), `names` the long name in each of `languages` (BCP 47 tags, e.g. "vi",
// "zh-Hant"), and as aliases the plural forms ("euros", "доллара США") and the symbols ("€",
// "US$", "₫"). Left out, because they would match ordinary text or the wrong currency: names and
// symbols equal to the ISO code (ICU's fallback; codes such as "ALL" or "TOP" are words), a symbol
// that is a single letter ("元"), and a symbol that two currencies share across `languages` ("¥"
// is JPY in English but CNY in Chinese). An empty `languages` gives no currencies at all.
// Returns InvalidArgument naming the tag when a language is not a valid tag or ICU has no locale
// data for it (ICU would silently answer in its default locale).
absl::StatusOr<std::vector<common::v1::Entity>> IcuCurrencyEntities(
    const std::vector<std::string>& languages);

}  // namespace newsgraph::extract::kb

#endif  // NEWSGRAPH_SERVICES_EXTRACT_KB_ICU_SOURCE_H_
