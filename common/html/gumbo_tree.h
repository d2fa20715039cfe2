// Internal to ng_html: runs gumbo within time and memory limits and frees its tree without
// recursion.
//
// Gumbo 0.10.1 frees its tree recursively (google/gumbo-parser#387: a 20,000-deep tree overflows a
// 256 KiB thread stack in gumbo_destroy_output), can take super-linear time on pathological markup
// (#391, #393) and has no way to stop a parse. GumboTree therefore gives gumbo an allocator that
// records every live block in a list, so the whole tree is released by walking that list, and
// that checks a CPU-time budget and a memory cap; when either is exceeded it abandons the parse by
// longjmp back to Parse (gumbo is C and holds nothing but arena memory, so nothing leaks).
#ifndef NEWSGRAPH_COMMON_HTML_GUMBO_TREE_H_
#define NEWSGRAPH_COMMON_HTML_GUMBO_TREE_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>

#include "absl/status/statusor.h"

struct GumboInternalOutput;  // GumboOutput, from <gumbo.h>.

namespace newsgraph::html::internal {

struct ParseLimits {
  // CPU time of the calling thread one parse may use. A well-formed 16 MiB page takes ~0.9 s.
  int64_t cpu_budget_ns = 5'000'000'000;
  // Bytes gumbo may hold at once. A 16 MiB page peaks around 120 MiB.
  size_t max_memory_bytes = size_t{1} << 30;
};

class GumboTree {
 public:
  // Parses `html` (UTF-8, at most 4 GiB per gumbo's API) into a document tree. `html` must
  // outlive the tree: gumbo keeps pointers into it. Returns ResourceExhausted when the parse
  // exceeds `limits`; never fails otherwise (gumbo accepts any input). Thread-safe: each tree
  // has its own allocator state.
  static absl::StatusOr<std::unique_ptr<GumboTree>> Parse(std::string_view html,
                                                          const ParseLimits& limits = {});

  GumboTree(const GumboTree&) = delete;
  GumboTree& operator=(const GumboTree&) = delete;
  ~GumboTree();

  // The parse result; never null. Gumbo's GumboOutput.
  const GumboInternalOutput& output() const { return *output_; }

  // Blocks gumbo currently holds; for tests that check the arena accounting.
  size_t live_blocks() const;

  struct Arena;  // Public only so the C allocator callbacks in the .cc can name it.

 private:
  explicit GumboTree(std::unique_ptr<Arena> arena);

  std::unique_ptr<Arena> arena_;
  GumboInternalOutput* output_ = nullptr;
};

}  // namespace newsgraph::html::internal

#endif  // NEWSGRAPH_COMMON_HTML_GUMBO_TREE_H_
