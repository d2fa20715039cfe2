// A strict syntax check for one JSON object (RFC 8259, keys unique within each object). Protobuf's
// JSON parser (3.21) accepts trailing commas and repeated keys, keeping the last value of a key
// silently; in a hand-written KB line a repeated "aliases" would drop the first list without a
// trace, so KB lines are checked with this first.
#ifndef NEWSGRAPH_SERVICES_EXTRACT_KB_STRICT_JSON_H_
#define NEWSGRAPH_SERVICES_EXTRACT_KB_STRICT_JSON_H_

#include <string_view>

#include "absl/status/status.h"

namespace newsgraph::extract::kb {

// Returns OK when `json` is exactly one JSON object (surrounding white space allowed) that follows
// RFC 8259 and repeats no key within any object (keys compared as written, escapes not decoded).
// Otherwise returns InvalidArgument "invalid JSON at byte offset N: <problem>", e.g. "expected a
// value", "repeated key \"aliases\"". Nesting deeper than 64 levels is rejected. Does not check
// UTF-8 well-formedness (the caller does).
absl::Status CheckStrictJsonObject(std::string_view json);

}  // namespace newsgraph::extract::kb

#endif  // NEWSGRAPH_SERVICES_EXTRACT_KB_STRICT_JSON_H_
