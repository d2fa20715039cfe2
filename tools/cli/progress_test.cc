#include "tools/cli/progress.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace newsgraph::cli {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

TEST(ProgressTest, ShowsBarCountsRatesAndEtaFromBytes) {
  ProgressSnapshot snapshot{.done_items = 250,
                            .total_items = 1000,
                            .done_bytes = 2'000'000,
                            .total_bytes = 4'000'000,
                            .elapsed = absl::Seconds(10)};
  // Half the bytes in 10 s: 10 s to go, although only a quarter of the documents are done.
  EXPECT_EQ(FormatProgress(snapshot),
            "[##########..........]  50%  250/1,000 docs  25 docs/s  0.2 MB/s  ETA 0:10");
}

TEST(ProgressTest, FallsBackToDocumentCountsWithoutSizes) {
  ProgressSnapshot snapshot{.done_items = 30, .total_items = 120, .elapsed = absl::Seconds(3)};
  EXPECT_EQ(FormatProgress(snapshot),
            "[#####...............]  25%  30/120 docs  10 docs/s  0.0 MB/s  ETA 0:09");
}

TEST(ProgressTest, UnknownTotalHasNoBarAndNoEta) {
  ProgressSnapshot snapshot{.done_items = 5, .done_bytes = 1000, .elapsed = absl::Seconds(1)};
  std::string line = FormatProgress(snapshot);
  EXPECT_EQ(line, "5 docs  5 docs/s  0.0 MB/s");
  EXPECT_THAT(line, Not(HasSubstr("ETA")));
}

TEST(ProgressTest, NoRatesBeforeAnyTimeHasPassed) {
  ProgressSnapshot snapshot{.done_items = 0, .total_items = 10};
  EXPECT_EQ(FormatProgress(snapshot), "[....................]   0%  0/10 docs");
}

TEST(ProgressTest, ClipsToWidth) {
  ProgressSnapshot snapshot{.done_items = 1, .total_items = 2, .elapsed = absl::Seconds(1)};
  EXPECT_EQ(FormatProgress(snapshot, 10).size(), 10u);
}

TEST(ProgressTest, FormatsThousandsAndClock) {
  EXPECT_EQ(WithThousands(0), "0");
  EXPECT_EQ(WithThousands(999), "999");
  EXPECT_EQ(WithThousands(1234567), "1,234,567");
  EXPECT_EQ(WithThousands(-1000), "-1,000");
  EXPECT_EQ(FormatClock(absl::Seconds(7)), "0:07");
  EXPECT_EQ(FormatClock(absl::Seconds(723)), "12:03");
  EXPECT_EQ(FormatClock(absl::Seconds(3723)), "1:02:03");
}

}  // namespace
}  // namespace newsgraph::cli
