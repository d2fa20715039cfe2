// Test-only helpers shared by the html tests: building deep documents and running code on a
// thread with a small stack, so recursion proportional to nesting depth would crash the test.
#ifndef NEWSGRAPH_COMMON_HTML_TEST_UTIL_H_
#define NEWSGRAPH_COMMON_HTML_TEST_UTIL_H_

#include <pthread.h>

#include <functional>
#include <string>
#include <string_view>

#include "gtest/gtest.h"

namespace newsgraph::html::testing {

// `s` repeated `n` times.
inline std::string Repeat(std::string_view s, int n) {
  std::string out;
  out.reserve(s.size() * static_cast<size_t>(n > 0 ? n : 0));
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

// Runs `body` on a thread with a `stack_bytes` stack, as gRPC or other worker pools may have.
inline void RunWithStack(size_t stack_bytes, std::function<void()> body) {
  pthread_attr_t attr;
  ASSERT_EQ(pthread_attr_init(&attr), 0);
  ASSERT_EQ(pthread_attr_setstacksize(&attr, stack_bytes), 0);
  pthread_t thread;
  auto trampoline = [](void* arg) -> void* {
    (*static_cast<std::function<void()>*>(arg))();
    return nullptr;
  };
  ASSERT_EQ(pthread_create(&thread, &attr, trampoline, &body), 0);
  ASSERT_EQ(pthread_join(thread, nullptr), 0);
  pthread_attr_destroy(&attr);
}

}  // namespace newsgraph::html::testing

#endif  // NEWSGRAPH_COMMON_HTML_TEST_UTIL_H_
