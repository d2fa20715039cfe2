// RETURN_IF_ERROR / ASSIGN_OR_RETURN over absl::Status, so that error paths stay one line and no
// exception ever crosses a module boundary.
#ifndef NEWSGRAPH_COMMON_BASE_STATUS_MACROS_H_
#define NEWSGRAPH_COMMON_BASE_STATUS_MACROS_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"

#define NG_STATUS_CONCAT_INNER_(a, b) a##b
#define NG_STATUS_CONCAT_(a, b) NG_STATUS_CONCAT_INNER_(a, b)

// Evaluates `expr` (an absl::Status); returns it from the enclosing function unless it is OK.
#define RETURN_IF_ERROR(expr)                \
  do {                                       \
    ::absl::Status ng_status_ = (expr);      \
    if (!ng_status_.ok()) return ng_status_; \
  } while (0)

// `ASSIGN_OR_RETURN(auto x, Foo());` evaluates Foo() (an absl::StatusOr<T>); on error returns its
// status from the enclosing function, otherwise moves the value into the declared lhs.
#define ASSIGN_OR_RETURN(lhs, expr) \
  NG_ASSIGN_OR_RETURN_IMPL_(NG_STATUS_CONCAT_(ng_statusor_, __LINE__), lhs, expr)

#define NG_ASSIGN_OR_RETURN_IMPL_(statusor, lhs, expr) \
  auto statusor = (expr);                              \
  if (!statusor.ok()) return statusor.status();        \
  lhs = std::move(statusor).value()

#endif  // NEWSGRAPH_COMMON_BASE_STATUS_MACROS_H_
