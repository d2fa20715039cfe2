#include "services/extract/patterns/patterns.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/extract/patterns/recognizers.h"

namespace newsgraph::extract::patterns {
namespace {

using common::v1::EntityType;
using ::testing::ElementsAre;
using ::testing::IsEmpty;

// "surface → normalized" for every match of `type`, to compare in one line.
std::vector<std::string> Found(std::string_view text, EntityType type,
                               PatternOptions options = {}) {
  std::vector<std::string> found;
  for (const PatternMatch& match : FindPatterns(text, options)) {
    if (match.type != type) continue;
    found.push_back(std::string(text.substr(match.begin, match.end - match.begin)) + " → " +
                    match.normalized);
  }
  return found;
}

PatternOptions Published(std::string language, int year, int month, int day) {
  return {.language = std::move(language), .published = absl::CivilDay(year, month, day)};
}

constexpr EntityType kDate = common::v1::ENTITY_TYPE_DATE;
constexpr EntityType kMoney = common::v1::ENTITY_TYPE_MONEY;
constexpr EntityType kPercent = common::v1::ENTITY_TYPE_PERCENT;
constexpr EntityType kUrl = common::v1::ENTITY_TYPE_URL;
constexpr EntityType kProduct = common::v1::ENTITY_TYPE_PRODUCT;

TEST(NumberTest, SeparatorsFollowTheLanguage) {
  auto value = [](std::string_view text, std::string_view language) {
    auto tokens = TokenizeForPatterns(text);
    auto number = ParseNumber(tokens, 0, language);
    return number ? number->value : -1;
  };
  EXPECT_DOUBLE_EQ(value("1,5", "uk"), 1.5);
  EXPECT_DOUBLE_EQ(value("1.5", "en"), 1.5);
  EXPECT_DOUBLE_EQ(value("1.500", "de"), 1500);
  EXPECT_DOUBLE_EQ(value("1.500", "en"), 1.5);
  EXPECT_DOUBLE_EQ(value("1,500", "en"), 1500);
  EXPECT_DOUBLE_EQ(value("1,500", "ru"), 1.5);
  EXPECT_DOUBLE_EQ(value("1.234.567,89", "de"), 1234567.89);
  EXPECT_DOUBLE_EQ(value("1,234,567.89", "en"), 1234567.89);
  EXPECT_DOUBLE_EQ(value("1 500 000", "fr"), 1500000);
  EXPECT_DOUBLE_EQ(value("2024 500", "en"), 2024);  // a year and a count, not one number
}

TEST(DatesTest, EnglishAndNumericForms) {
  PatternOptions en = Published("en", 2025, 11, 28);
  EXPECT_THAT(Found("Signed on November 28, 2025 in Paris.", kDate, en),
              ElementsAre("November 28, 2025 → 2025-11-28"));
  EXPECT_THAT(
      Found("From 3 March 2024 to Nov. 5 and in May 2023.", kDate, en),
      ElementsAre("3 March 2024 → 2024-03-03", "Nov. 5 → 2025-11-05", "May 2023 → 2023-05"));
  EXPECT_THAT(Found("date 2025-11-28; 11/28/2025", kDate, en),
              ElementsAre("2025-11-28 → 2025-11-28", "11/28/2025 → 2025-11-28"));
  EXPECT_THAT(Found("It may rain. Score 31/02/2025.", kDate, en), IsEmpty());
}

TEST(DatesTest, GermanFrenchUkrainianRussianGreek) {
  EXPECT_THAT(Found("Am 28. November 2025 in Berlin", kDate, {.language = "de"}),
              ElementsAre("28. November 2025 → 2025-11-28"));
  EXPECT_THAT(Found("le 1er décembre 2025 à Paris, puis le 28.11.2025", kDate, {.language = "fr"}),
              ElementsAre("1er décembre 2025 → 2025-12-01", "28.11.2025 → 2025-11-28"));
  EXPECT_THAT(Found("28 листопада 2025 року у Києві; у березні 2024 р.", kDate, {.language = "uk"}),
              ElementsAre("28 листопада 2025 року → 2025-11-28", "березні 2024 р. → 2024-03"));
  EXPECT_THAT(Found("28 ноября 2025 года в Москве, 2024 г.", kDate, {.language = "ru"}),
              ElementsAre("28 ноября 2025 года → 2025-11-28", "2024 г. → 2024"));
  EXPECT_THAT(Found("Στις 28 Νοεμβρίου 2025 στην Αθήνα", kDate, {.language = "el"}),
              ElementsAre("28 Νοεμβρίου 2025 → 2025-11-28"));
}

TEST(DatesTest, VietnameseAndChinese) {
  PatternOptions vi = Published("vi", 2026, 3, 14);
  EXPECT_THAT(Found("Ngày 28 tháng 11 năm 2025, tháng 11/2025 và ngày 14/3", kDate, vi),
              ElementsAre("Ngày 28 tháng 11 năm 2025 → 2025-11-28", "tháng 11/2025 → 2025-11",
                          "ngày 14/3 → 2026-03-14"));
  EXPECT_THAT(Found("Hội nghị năm 2025 diễn ra ngày 28/11/2025.", kDate, vi),
              ElementsAre("năm 2025 → 2025", "28/11/2025 → 2025-11-28"));
  EXPECT_THAT(
      Found("2025年11月28日，默茨在柏林；11月29日；2024年3月", kDate, {.language = "zh"}),
      ElementsAre("2025年11月28日 → 2025-11-28", "11月29日 → --11-29", "2024年3月 → 2024-03"));
}

TEST(DatesTest, RelativeToThePublishedDate) {
  // 2025-11-28 is a Friday.
  EXPECT_THAT(
      Found("Yesterday Macron met Merz; 3 days ago too.", kDate, Published("en", 2025, 11, 28)),
      ElementsAre("Yesterday → 2025-11-27", "3 days ago → 2025-11-25"));
  EXPECT_THAT(
      Found("Вчора у Києві, а 2 дні тому — у Львові.", kDate, Published("uk", 2025, 11, 28)),
      ElementsAre("Вчора → 2025-11-27", "2 дні тому → 2025-11-26"));
  EXPECT_THAT(Found("Вчера в Москве, сегодня в Минске.", kDate, Published("ru", 2025, 11, 28)),
              ElementsAre("Вчера → 2025-11-27", "сегодня → 2025-11-28"));
  EXPECT_THAT(Found("Χθες στην Αθήνα, την Τρίτη στη Θεσσαλονίκη, η τρίτη θέση.", kDate,
                    Published("el", 2025, 11, 28)),
              ElementsAre("Χθες → 2025-11-27", "Τρίτη → 2025-11-25"));
  EXPECT_THAT(Found("Hôm qua, vào thứ Hai, lần thứ hai.", kDate, Published("vi", 2025, 11, 28)),
              ElementsAre("Hôm qua → 2025-11-27", "thứ Hai → 2025-11-24"));
  EXPECT_THAT(Found("Gestern war er hier, vor 2 Tagen dort.", kDate, Published("de", 2025, 11, 28)),
              ElementsAre("Gestern → 2025-11-27", "vor 2 Tagen → 2025-11-26"));
  EXPECT_THAT(Found("Hier, il était là ; aujourd'hui non.", kDate, Published("fr", 2025, 11, 28)),
              ElementsAre("Hier → 2025-11-27", "aujourd'hui → 2025-11-28"));
  EXPECT_THAT(Found("昨天，习近平会见了马克龙。3天前也是。", kDate, Published("zh", 2025, 11, 28)),
              ElementsAre("昨天 → 2025-11-27", "3天前 → 2025-11-25"));
  // Without a published date the mention is found but not resolved.
  auto matches = FindPatterns("Yesterday in Paris", {.language = "en"});
  ASSERT_EQ(matches.size(), 1u);
  EXPECT_EQ(matches[0].normalized, "");
  EXPECT_EQ(matches[0].entity_id, "");
}

TEST(MoneyTest, SymbolsCodesWordsAndScales) {
  EXPECT_THAT(
      Found("Nvidia paid $1.5 billion and €20m, then USD 3,000.", kMoney, {.language = "en"}),
      ElementsAre("$1.5 billion → USD 1500000000", "€20m → EUR 20000000", "USD 3,000 → USD 3000"));
  EXPECT_THAT(Found("Уряд виділив 1,5 млрд доларів і 200 млн гривень.", kMoney, {.language = "uk"}),
              ElementsAre("1,5 млрд доларів → USD 1500000000", "200 млн гривень → UAH 200000000"));
  EXPECT_THAT(Found("Сделка на 3 млрд рублей и 2,5 млн евро.", kMoney, {.language = "ru"}),
              ElementsAre("3 млрд рублей → RUB 3000000000", "2,5 млн евро → EUR 2500000"));
  EXPECT_THAT(Found("Επένδυση 3 δισ. ευρώ από την Ελλάδα.", kMoney, {.language = "el"}),
              ElementsAre("3 δισ. ευρώ → EUR 3000000000"));
  EXPECT_THAT(Found("Samsung đầu tư 5 tỷ USD và 20 triệu đồng.", kMoney, {.language = "vi"}),
              ElementsAre("5 tỷ USD → USD 5000000000", "20 triệu đồng → VND 20000000"));
  EXPECT_THAT(Found("Er kostet 10 Millionen Euro.", kMoney, {.language = "de"}),
              ElementsAre("10 Millionen Euro → EUR 10000000"));
  EXPECT_THAT(Found("台积电投资50亿美元。", kMoney, {.language = "zh"}),
              ElementsAre("50亿美元 → USD 5000000000"));
  EXPECT_THAT(Found("He ran 5 m and won 3 races; thủ đô Hà Nội.", kMoney, {.language = "en"}),
              IsEmpty());
}

TEST(PercentTest, SignsAndWords) {
  EXPECT_THAT(Found("up 12.5% and 3 percent", kPercent, {.language = "en"}),
              ElementsAre("12.5% → 12.5%", "3 percent → 3%"));
  EXPECT_THAT(Found("зросла на 2,5 відсотка", kPercent, {.language = "uk"}),
              ElementsAre("2,5 відсотка → 2.5%"));
  EXPECT_THAT(Found("на 7 процентов", kPercent, {.language = "ru"}),
              ElementsAre("7 процентов → 7%"));
  EXPECT_THAT(Found("κατά 4 τοις εκατό", kPercent, {.language = "el"}),
              ElementsAre("4 τοις εκατό → 4%"));
  EXPECT_THAT(Found("tăng 3 phần trăm", kPercent, {.language = "vi"}),
              ElementsAre("3 phần trăm → 3%"));
  EXPECT_THAT(Found("um 5 Prozent, de 6 pour cent, 增长8％", kPercent, {.language = "de"}),
              ElementsAre("5 Prozent → 5%", "6 pour cent → 6%", "8％ → 8%"));
}

TEST(WebTest, UrlsAndDomains) {
  auto matches = FindPatterns(
      "See https://www.example.com/a?b=1). Or www.vnexpress.net, news at example-news.vn/x; "
      "mail me@example.com; version 1.2.3.",
      {});
  std::vector<std::string> found;
  for (const auto& m : matches) {
    if (m.type == kUrl) found.push_back(m.normalized + " " + m.entity_id);
  }
  EXPECT_THAT(found, ElementsAre("https://www.example.com/a?b=1 domain:example.com",
                                 "www.vnexpress.net domain:vnexpress.net",
                                 "example-news.vn/x domain:example-news.vn"));
}

TEST(CodesTest, ProductAndModelCodes) {
  EXPECT_THAT(Found("Nvidia A100, AMD MI300X, the H20 and GB200; RTX-4090.", kProduct),
              ElementsAre("A100 → A100", "MI300X → MI300X", "H20 → H20", "GB200 → GB200",
                          "RTX-4090 → RTX-4090"));
  EXPECT_THAT(Found("COVID-19, G7, a 5G phone, 2024, Ab100, PM2.5", kProduct), IsEmpty());
  auto matches = FindPatterns("MI300X", {});
  ASSERT_EQ(matches.size(), 1u);
  EXPECT_EQ(matches[0].entity_id, "ng:code/mi300x");
}

TEST(PatternsTest, OverlapsResolveByKindThenLength) {
  // "2025" inside the URL and the amount inside money are not reported on their own.
  auto matches =
      FindPatterns("https://example.com/2025-11-28/x costs $5 (12%)", {.language = "en"});
  ASSERT_EQ(matches.size(), 3u);
  EXPECT_EQ(matches[0].type, kUrl);
  EXPECT_EQ(matches[1].type, kMoney);
  EXPECT_EQ(matches[2].type, kPercent);
  EXPECT_LT(matches[0].end, matches[1].begin);
}

TEST(PatternsTest, MessyInputNeverFails) {
  std::string mess = "\x01$$$ 1,,, .5 % % 年月日 ngày tháng năm 31.13.2025 https:// www. @@ -- ";
  for (int i = 0; i < 50; ++i) mess += mess.substr(i % mess.size(), 7);
  EXPECT_NO_FATAL_FAILURE(FindPatterns(mess, {.language = "vi"}));
  EXPECT_THAT(FindPatterns("", {}), IsEmpty());
}

}  // namespace
}  // namespace newsgraph::extract::patterns
