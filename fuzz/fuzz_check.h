// Invariant checks for the libFuzzer targets. A failed check prints what broke and aborts, which
// libFuzzer reports as a crash and saves the input that caused it. assert() is not used because
// the fuzz build is RelWithDebInfo (NDEBUG) and the checks must stay on.
#ifndef NEWSGRAPH_FUZZ_FUZZ_CHECK_H_
#define NEWSGRAPH_FUZZ_FUZZ_CHECK_H_

#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "common/text/utf8.h"

#define NG_FUZZ_CHECK(condition)                                                                  \
  do {                                                                                            \
    if (!(condition)) {                                                                           \
      std::fprintf(stderr, "%s:%d: fuzz invariant failed: %s\n", __FILE__, __LINE__, #condition); \
      std::abort();                                                                               \
    }                                                                                             \
  } while (0)

namespace newsgraph::fuzz {

// The fuzzer's bytes as a string_view.
inline std::string_view AsView(const uint8_t* data, size_t size) {
  return std::string_view(reinterpret_cast<const char*>(data), size);
}

// True when `s` is well-formed UTF-8: every function under test that returns text promises it.
inline bool IsUtf8(std::string_view s) { return !text::FindInvalidUtf8(s).has_value(); }

}  // namespace newsgraph::fuzz

#endif  // NEWSGRAPH_FUZZ_FUZZ_CHECK_H_
