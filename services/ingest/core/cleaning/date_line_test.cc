#include "services/ingest/core/cleaning/date_line.h"

#include <optional>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace newsgraph::ingest::cleaning {
namespace {

FoundDate Day(int y, int m, int d) { return {y, m, d, DatePrecision::kDay}; }
FoundDate Month(int y, int m) { return {y, m, 0, DatePrecision::kMonth}; }

TEST(ParseDateLineTest, IsoAndLabels) {
  EXPECT_EQ(ParseDateLine("date 2026-03-14"), Day(2026, 3, 14));
  EXPECT_EQ(ParseDateLine("Date: 2024-12"), Month(2024, 12));
  EXPECT_EQ(ParseDateLine("DATE 2025/11/28"), Day(2025, 11, 28));
  EXPECT_EQ(ParseDateLine("2025-03-14"), Day(2025, 3, 14));
  EXPECT_EQ(ParseDateLine("2025.3.4"), Day(2025, 3, 4));
  EXPECT_EQ(ParseDateLine("Ngày 14/3/2025"), Day(2025, 3, 14));
  EXPECT_EQ(ParseDateLine("Дата: 01.02.2025"), Day(2025, 2, 1));
  EXPECT_EQ(ParseDateLine("Ημερομηνία: 02/06/2025"), Day(2025, 6, 2));
  EXPECT_EQ(ParseDateLine("Published: 2025-06-02T16:45:00+03:00"), Day(2025, 6, 2));
  EXPECT_EQ(ParseDateLine("date 2025"), (FoundDate{2025, 0, 0, DatePrecision::kYear}));
}

TEST(ParseDateLineTest, DayFirstAndUsOrder) {
  EXPECT_EQ(ParseDateLine("14/03/2025"), Day(2025, 3, 14));
  EXPECT_EQ(ParseDateLine("14.03.2025"), Day(2025, 3, 14));
  EXPECT_EQ(ParseDateLine("14-03-2025"), Day(2025, 3, 14));
  EXPECT_EQ(ParseDateLine("03/04/2025"), Day(2025, 4, 3));   // Ambiguous: day first.
  EXPECT_EQ(ParseDateLine("03/14/2025"), Day(2025, 3, 14));  // 14 cannot be a month.
  EXPECT_EQ(ParseDateLine("03/2025"), Month(2025, 3));
}

TEST(ParseDateLineTest, MonthNamesInSeveralLanguages) {
  EXPECT_EQ(ParseDateLine("14 березня 2025, 11:20"), Day(2025, 3, 14));
  EXPECT_EQ(ParseDateLine("14 марта 2025 г."), Day(2025, 3, 14));
  EXPECT_EQ(ParseDateLine("14 марта 2025"), Day(2025, 3, 14));
  EXPECT_EQ(ParseDateLine("2 Ιουνίου 2025"), Day(2025, 6, 2));
  EXPECT_EQ(ParseDateLine("14. März 2025"), Day(2025, 3, 14));
  EXPECT_EQ(ParseDateLine("March 14, 2025"), Day(2025, 3, 14));
  EXPECT_EQ(ParseDateLine("Friday, March 14th, 2025 at 9:30 am EST"), Day(2025, 3, 14));
  EXPECT_EQ(ParseDateLine("14 Mar 2025"), Day(2025, 3, 14));
  EXPECT_EQ(ParseDateLine("December 2024"), Month(2024, 12));
  EXPECT_EQ(ParseDateLine("травень 2025"), Month(2025, 5));
  EXPECT_EQ(ParseDateLine("Ngày 14 tháng 3 năm 2025"), Day(2025, 3, 14));
  EXPECT_EQ(ParseDateLine("Tháng 3/2025"), Month(2025, 3));
  EXPECT_EQ(ParseDateLine("2025年3月14日"), Day(2025, 3, 14));
  EXPECT_EQ(ParseDateLine("2025年3月"), Month(2025, 3));
}

TEST(ParseDateLineTest, WeekdaysTimesAndZones) {
  EXPECT_EQ(ParseDateLine("02.06.2025 • 14:35"), Day(2025, 6, 2));
  EXPECT_EQ(ParseDateLine("Thứ Sáu, 14/3/2025, 10:30 (GMT+7)"), Day(2025, 3, 14));
  EXPECT_EQ(ParseDateLine("Chủ nhật, 16/3/2025 08:00"), Day(2025, 3, 16));
  EXPECT_EQ(ParseDateLine("Cập nhật lúc 10:30 ngày 14/03/2025"), Day(2025, 3, 14));
  EXPECT_EQ(ParseDateLine("п'ятниця, 14 березня 2025"), Day(2025, 3, 14));
  EXPECT_EQ(ParseDateLine("Δευτέρα 2 Ιουνίου 2025, 14:35"), Day(2025, 6, 2));
  EXPECT_EQ(ParseDateLine("2025-03-14 10:30:15Z"), Day(2025, 3, 14));
  EXPECT_EQ(ParseDateLine("10:30 | 14/03/2025"), Day(2025, 3, 14));
}

TEST(ParseDateLineTest, RejectsImpossibleDates) {
  EXPECT_EQ(ParseDateLine("date 2025-13-45"), std::nullopt);
  EXPECT_EQ(ParseDateLine("2025-02-29"), std::nullopt);
  EXPECT_EQ(ParseDateLine("2024-02-29"), Day(2024, 2, 29));
  EXPECT_EQ(ParseDateLine("31.04.2025"), std::nullopt);
  EXPECT_EQ(ParseDateLine("13/13/2025"), std::nullopt);
  EXPECT_EQ(ParseDateLine("2025-03-14 25:00"), std::nullopt);
  EXPECT_EQ(ParseDateLine("0999-01-01"), std::nullopt);
}

TEST(ParseDateLineTest, RejectsLinesThatAreMoreThanADate) {
  EXPECT_EQ(ParseDateLine(""), std::nullopt);
  EXPECT_EQ(ParseDateLine("2025"), std::nullopt);  // A bare year needs a label.
  EXPECT_EQ(ParseDateLine("14/3"), std::nullopt);
  EXPECT_EQ(ParseDateLine("Ngày 14/3, Samsung Electronics công bố"), std::nullopt);
  EXPECT_EQ(ParseDateLine("On 2025-03-14 Samsung said"), std::nullopt);
  EXPECT_EQ(ParseDateLine("12.000 việc làm"), std::nullopt);
  EXPECT_EQ(ParseDateLine("4,5 tỷ USD"), std::nullopt);
  EXPECT_EQ(ParseDateLine("Samsung va TSMC cong bo ke hoach"), std::nullopt);
  EXPECT_EQ(ParseDateLine("Score 2025-03-14 x"), std::nullopt);
}

}  // namespace
}  // namespace newsgraph::ingest::cleaning
