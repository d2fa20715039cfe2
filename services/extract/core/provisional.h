// Stable ids for entities the knowledge base does not know. The id is built from the name's
// Latin transliteration, so "Шмигаль", "Shmyhal" and "Σμιχάλ" have a chance to meet, and the same
// name in two documents always gets the same id.
#ifndef NEWSGRAPH_SERVICES_EXTRACT_CORE_PROVISIONAL_H_
#define NEWSGRAPH_SERVICES_EXTRACT_CORE_PROVISIONAL_H_

#include <string>
#include <string_view>

#include "newsgraph/common/v1/types.pb.h"

namespace newsgraph::extract {

// The matching key of a name: ICU "Any-Latin; Latin-ASCII; Lower", only letters and digits
// kept, each word reduced to a rough phonetic skeleton (sh→s, kh→k, y→i, c→k, h→g, doubled
// letters once) so that transliteration conventions meet, trailing vowels of words longer than
// four letters dropped so that inflected forms ("Шмигаля", "Шмигалю") share the key of the
// nominative; words joined by '-'. Empty when the name has no letters or digits. Thread-safe.
std::string TransliterationKey(std::string_view name);

// "ng:new/<type>/<key>", e.g. "ng:new/person/smyhal"; empty when the key is empty.
std::string ProvisionalId(common::v1::EntityType type, std::string_view name);

}  // namespace newsgraph::extract

#endif  // NEWSGRAPH_SERVICES_EXTRACT_CORE_PROVISIONAL_H_
