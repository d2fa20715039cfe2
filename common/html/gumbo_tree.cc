#include "common/html/gumbo_tree.h"

#include <gumbo.h>
#include <time.h>

#include <csetjmp>
#include <cstddef>
#include <cstdlib>
#include <memory>
#include <utility>

#include "absl/status/status.h"

namespace newsgraph::html::internal {
namespace {

// Precedes every block handed to gumbo. Its size is a multiple of max_align_t's alignment, so the
// payload after it is as aligned as malloc's result.
struct alignas(std::max_align_t) BlockHeader {
  BlockHeader* prev;
  BlockHeader* next;
  size_t size;
};

// The CPU clock is only read every this many allocations: gumbo allocates for nearly every tag
// (measured: ~3 blocks per end tag, ~5 per element), so the budget is still checked every few
// hundred tokens while the clock costs nothing measurable.
constexpr uint32_t kAllocationsPerClockCheck = 256;

int64_t ThreadCpuNanos() {
  timespec now;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return int64_t{now.tv_sec} * 1'000'000'000 + now.tv_nsec;
}

}  // namespace

struct GumboTree::Arena {
  Arena() { head.prev = head.next = &head; }

  ~Arena() {
    // One pass over a flat list: no recursion, whatever the shape of the tree.
    BlockHeader* block = head.next;
    while (block != &head) {
      BlockHeader* next = block->next;
      std::free(block);
      block = next;
    }
  }

  BlockHeader head;  // Sentinel of the circular list of live blocks.
  size_t live_bytes = 0;
  size_t live_blocks = 0;
  size_t max_bytes = 0;
  int64_t deadline_ns = 0;
  uint32_t allocations_until_check = kAllocationsPerClockCheck;
  // Where Allocate jumps to abandon the parse; set only while gumbo_parse_with_options runs.
  std::jmp_buf* escape = nullptr;
  const char* failure = nullptr;  // Why the parse was abandoned.
};

namespace {

// Gumbo's allocator callback. Must not create objects with destructors: it may longjmp.
void* Allocate(void* userdata, size_t size) {
  auto* arena = static_cast<GumboTree::Arena*>(userdata);
  if (size > arena->max_bytes - arena->live_bytes) {
    arena->failure = "html: document needs too much memory to parse";
    std::longjmp(*arena->escape, 1);
  }
  if (--arena->allocations_until_check == 0) {
    arena->allocations_until_check = kAllocationsPerClockCheck;
    if (ThreadCpuNanos() > arena->deadline_ns) {
      arena->failure = "html: parse exceeded its CPU budget (pathological markup)";
      std::longjmp(*arena->escape, 1);
    }
  }
  void* raw = std::malloc(sizeof(BlockHeader) + size);
  if (raw == nullptr) {
    arena->failure = "html: out of memory while parsing";
    std::longjmp(*arena->escape, 1);
  }
  auto* block = static_cast<BlockHeader*>(raw);
  block->size = size;
  block->prev = &arena->head;
  block->next = arena->head.next;
  arena->head.next->prev = block;
  arena->head.next = block;
  arena->live_bytes += size;
  ++arena->live_blocks;
  return block + 1;
}

void Deallocate(void* userdata, void* ptr) {
  if (ptr == nullptr) return;
  auto* arena = static_cast<GumboTree::Arena*>(userdata);
  BlockHeader* block = static_cast<BlockHeader*>(ptr) - 1;
  block->prev->next = block->next;
  block->next->prev = block->prev;
  arena->live_bytes -= block->size;
  --arena->live_blocks;
  std::free(block);
}

// Runs gumbo; returns null if Allocate abandoned the parse. Kept free of objects with
// destructors, since longjmp into it skips any between here and Allocate (there are none: only
// gumbo's C frames lie between).
GumboOutput* ParseOrAbandon(const GumboOptions* options, std::string_view html,
                            GumboTree::Arena* arena) {
  std::jmp_buf escape;
  arena->escape = &escape;
  if (setjmp(escape) != 0) {
    arena->escape = nullptr;
    return nullptr;
  }
  GumboOutput* output = gumbo_parse_with_options(options, html.data(), html.size());
  arena->escape = nullptr;
  return output;
}

}  // namespace

GumboTree::GumboTree(std::unique_ptr<Arena> arena) : arena_(std::move(arena)) {}

GumboTree::~GumboTree() = default;  // ~Arena frees every block; gumbo_destroy_output would recurse.

size_t GumboTree::live_blocks() const { return arena_->live_blocks; }

absl::StatusOr<std::unique_ptr<GumboTree>> GumboTree::Parse(std::string_view html,
                                                            const ParseLimits& limits) {
  auto arena = std::make_unique<Arena>();
  arena->max_bytes = limits.max_memory_bytes;
  arena->deadline_ns = ThreadCpuNanos() + limits.cpu_budget_ns;

  GumboOptions options = kGumboDefaultOptions;
  options.allocator = &Allocate;
  options.deallocator = &Deallocate;
  options.userdata = arena.get();
  // Errors are not used; recording them costs memory proportional to the brokenness of the page.
  options.max_errors = 0;

  GumboOutput* output = ParseOrAbandon(&options, html, arena.get());
  if (output == nullptr) {
    return absl::ResourceExhaustedError(arena->failure != nullptr ? arena->failure
                                                                  : "html: parse failed");
  }
  std::unique_ptr<GumboTree> tree(new GumboTree(std::move(arena)));
  tree->output_ = output;
  return tree;
}

}  // namespace newsgraph::html::internal
