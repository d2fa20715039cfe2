// Settings come from flags whose defaults can be overridden by environment variables, so the
// same binary serves `make run` (flags) and docker-compose (environment).
#ifndef NEWSGRAPH_COMMON_BASE_ENV_H_
#define NEWSGRAPH_COMMON_BASE_ENV_H_

#include <cctype>
#include <cstdlib>
#include <string>

namespace newsgraph::base {

// The value of environment variable `name` when set and non-empty, else `fallback`.
inline std::string EnvOr(const char* name, const std::string& fallback) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? std::string(value) : fallback;
}

// Like EnvOr for integers; a value that does not parse as an integer yields `fallback`.
inline int EnvOrInt(const char* name, int fallback) {
  const char* value = std::getenv(name);
  if (value == nullptr || *value == '\0') return fallback;
  char* end = nullptr;
  long parsed = std::strtol(value, &end, 10);
  return (end != nullptr && *end == '\0') ? static_cast<int>(parsed) : fallback;
}

// Like EnvOr for booleans: "1", "true", "yes", "on" are true and "0", "false", "no", "off" false
// (any letter case); anything else yields `fallback`, so a typo never turns a safety off.
inline bool EnvOrBool(const char* name, bool fallback) {
  std::string value = EnvOr(name, "");
  for (char& c : value) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (value == "1" || value == "true" || value == "yes" || value == "on") return true;
  if (value == "0" || value == "false" || value == "no" || value == "off") return false;
  return fallback;
}

}  // namespace newsgraph::base

#endif  // NEWSGRAPH_COMMON_BASE_ENV_H_
