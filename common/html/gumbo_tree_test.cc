#include "common/html/gumbo_tree.h"

#include <gumbo.h>
#include <pthread.h>

#include <functional>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "common/html/test_util.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace newsgraph::html::internal {
namespace {

using ::newsgraph::html::testing::Repeat;
using ::newsgraph::html::testing::RunWithStack;

using ::testing::HasSubstr;

TEST(GumboTreeTest, ParsesDocument) {
  const std::string html = "<html lang=vi><body><p>Xin chào</p></body></html>";
  absl::StatusOr<std::unique_ptr<GumboTree>> tree = GumboTree::Parse(html);
  ASSERT_TRUE(tree.ok()) << tree.status();
  const GumboOutput& output = (*tree)->output();
  ASSERT_NE(output.root, nullptr);
  EXPECT_EQ(output.root->v.element.tag, GUMBO_TAG_HTML);
  EXPECT_GT((*tree)->live_blocks(), 0u);
}

TEST(GumboTreeTest, ParsesEmptyInput) {
  absl::StatusOr<std::unique_ptr<GumboTree>> tree = GumboTree::Parse("");
  ASSERT_TRUE(tree.ok()) << tree.status();
  EXPECT_NE((*tree)->output().root, nullptr);  // The parser always builds html/head/body.
}

TEST(GumboTreeTest, FreesDeepTreeWithoutRecursion) {
  // gumbo_destroy_output recurses once per level and overflows a 256 KiB stack at this depth;
  // <span> keeps gumbo's own parse linear, so only freeing is under test.
  const std::string html = Repeat("<span>", 20000) + "x";
  RunWithStack(256 << 10, [&html] {
    absl::StatusOr<std::unique_ptr<GumboTree>> tree = GumboTree::Parse(html);
    ASSERT_TRUE(tree.ok()) << tree.status();
    EXPECT_GT((*tree)->live_blocks(), 20000u);
  });
}

TEST(GumboTreeTest, CpuBudgetAbandonsTheParse) {
  ParseLimits limits;
  limits.cpu_budget_ns = 0;
  absl::StatusOr<std::unique_ptr<GumboTree>> tree =
      GumboTree::Parse(Repeat("<p>paragraph <b>bold</b></p>", 1000), limits);
  ASSERT_FALSE(tree.ok());
  EXPECT_EQ(tree.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_THAT(tree.status().message(), HasSubstr("CPU budget"));
}

TEST(GumboTreeTest, MemoryCapAbandonsTheParse) {
  ParseLimits limits;
  limits.max_memory_bytes = 64 << 10;
  absl::StatusOr<std::unique_ptr<GumboTree>> tree =
      GumboTree::Parse(Repeat("<p>paragraph <b>bold</b></p>", 1000), limits);
  ASSERT_FALSE(tree.ok());
  EXPECT_EQ(tree.status().code(), absl::StatusCode::kResourceExhausted);
  EXPECT_THAT(tree.status().message(), HasSubstr("memory"));
}

TEST(GumboTreeTest, ParsingAgainAfterAnAbandonedParseWorks) {
  ParseLimits tight;
  tight.cpu_budget_ns = 0;
  const std::string html = Repeat("<div>text</div>", 500);
  EXPECT_FALSE(GumboTree::Parse(html, tight).ok());
  absl::StatusOr<std::unique_ptr<GumboTree>> tree = GumboTree::Parse(html);
  ASSERT_TRUE(tree.ok()) << tree.status();
}

}  // namespace
}  // namespace newsgraph::html::internal
