#include "services/ingest/core/cleaning/boilerplate.h"

#include <string>
#include <string_view>
#include <vector>

#include "common/text/segmenter.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace newsgraph::ingest::cleaning {
namespace {

std::vector<std::string> T(std::string_view line) { return *text::Terms(line); }

bool Widget(std::string_view line) { return IsShareWidget(line, T(line)); }
bool Footer(std::string_view line) { return IsSiteFooter(line, T(line)); }
RelatedKind Related(std::string_view line) { return ClassifyRelated(line, T(line)); }
bool Headline(std::string_view line) { return IsHeadlineLike(line, T(line)); }

TEST(IsShareWidgetTest, RecognizesWidgetsInManyLanguages) {
  EXPECT_TRUE(Widget("Chia sẻ • facebook • twitter Bình luận Gửi bình luận"));
  EXPECT_TRUE(Widget("www.example-news.vn Chia sẻ • facebook • twitter Bình luận Gửi bình luận"));
  EXPECT_TRUE(Widget("Bình luận (0)"));
  EXPECT_TRUE(Widget("Поділитися • Facebook • Telegram"));
  EXPECT_TRUE(Widget("Поделиться: VK | Telegram | WhatsApp"));
  EXPECT_TRUE(Widget("Κοινοποίηση • Facebook • X"));
  EXPECT_TRUE(Widget("Σχόλια (3)"));
  EXPECT_TRUE(Widget("分享到：微博 微信 QQ"));
  EXPECT_TRUE(Widget("评论"));
  EXPECT_TRUE(Widget("Teilen Tweet Kommentare"));
  EXPECT_TRUE(Widget("Share this article: Facebook / X / LinkedIn / Email / Print"));
  EXPECT_TRUE(Widget("12 comments"));
}

TEST(IsShareWidgetTest, LeavesProseAndHeadlinesAlone) {
  EXPECT_FALSE(Widget("Facebook and Twitter share prices fall"));
  EXPECT_FALSE(Widget("Samsung và TSMC công bố kế hoạch mở rộng nhà máy tại Việt Nam"));
  EXPECT_FALSE(Widget("123 456"));
  EXPECT_FALSE(Widget("www.example-news.vn"));  // A footer, not a widget.
  EXPECT_FALSE(
      Widget("Share Facebook Twitter Telegram WhatsApp Viber Zalo LinkedIn Email "
             "Print Comment one two three four five six seven eight nine"));
}

TEST(IsSiteFooterTest, UrlsDomainsAndCopyright) {
  EXPECT_TRUE(Footer("www.example-news.vn"));
  EXPECT_TRUE(Footer("www.example-news.vn/cong-nghe"));
  EXPECT_TRUE(Footer("ukr-example.ua/tech"));
  EXPECT_TRUE(Footer("kathimerini-example.gr"));
  EXPECT_TRUE(Footer("https://www.example.com/a/b?c=d"));
  EXPECT_TRUE(Footer("example.com | example.org"));
  EXPECT_TRUE(Footer("Nguồn: example-news.vn"));
  EXPECT_TRUE(Footer("Source: https://example.com/story."));
  EXPECT_TRUE(Footer("© 2025 Example News"));
  EXPECT_TRUE(Footer("Copyright 2025 Example Media Group"));
  EXPECT_TRUE(Footer("Example News. All rights reserved."));
  EXPECT_TRUE(Footer("© 2025 Приклад. Усі права захищені."));
  EXPECT_FALSE(Footer("Theo example-news.vn, Samsung sẽ xây dựng thêm một nhà máy"));
  EXPECT_FALSE(Footer("Source: Reuters"));
  EXPECT_FALSE(Footer("(c) the third option on the list"));
  EXPECT_FALSE(Footer("Copyright law in Vietnam"));
  EXPECT_FALSE(Footer("Samsung Electronics"));
  EXPECT_FALSE(Footer("4.5 billion"));
}

TEST(IsUrlOrDomainTest, Shapes) {
  EXPECT_TRUE(IsUrlOrDomain("example-news.vn"));
  EXPECT_TRUE(IsUrlOrDomain("(www.example.com)."));
  EXPECT_TRUE(IsUrlOrDomain("http://localhost:8080/x"));
  EXPECT_TRUE(IsUrlOrDomain("xn--80ak6aa92e.xn--p1ai"));
  EXPECT_FALSE(IsUrlOrDomain("U.S."));
  EXPECT_FALSE(IsUrlOrDomain("e.g."));
  EXPECT_FALSE(IsUrlOrDomain("12.000"));
  EXPECT_FALSE(IsUrlOrDomain("-bad-.com"));
  EXPECT_FALSE(IsUrlOrDomain("example"));
  EXPECT_FALSE(IsUrlOrDomain(""));
}

TEST(ClassifyRelatedTest, HeadingsAndLinks) {
  EXPECT_EQ(Related("Tin liên quan"), RelatedKind::kHeading);
  EXPECT_EQ(Related("Διαβάστε επίσης"), RelatedKind::kHeading);
  EXPECT_EQ(Related("Read more »"), RelatedKind::kHeading);
  EXPECT_EQ(Related("相关新闻"), RelatedKind::kHeading);
  EXPECT_EQ(Related("Читайте також: Ціни на пам'ять для смартфонів можуть зрости"),
            RelatedKind::kLink);
  EXPECT_EQ(Related("Читайте также: Цены на память вырастут"), RelatedKind::kLink);
  EXPECT_EQ(Related("Related research shows that chips are in demand"), RelatedKind::kNone);
  EXPECT_EQ(Related("Samsung và TSMC"), RelatedKind::kNone);
}

TEST(IsHeadlineLikeTest, ShortLinesWithoutSentenceEnd) {
  EXPECT_TRUE(Headline("Samsung và TSMC công bố kế hoạch mở rộng nhà máy tại Việt Nam"));
  EXPECT_TRUE(Headline("Is AI a bubble?"));
  EXPECT_TRUE(Headline("英伟达发布新一代人工智能芯片"));
  EXPECT_FALSE(Headline("Samsung built a plant."));
  EXPECT_FALSE(Headline("The list:"));
  EXPECT_FALSE(Headline("2025"));
  EXPECT_FALSE(Headline(""));
  EXPECT_FALSE(Headline(std::string(250, 'a')));
}

TEST(IsContentSentenceTest, NeedsPunctuationAndLength) {
  const std::string long_sentence =
      "Samsung Electronics and TSMC announced on Friday that they will expand their chip "
      "plants in Vietnam.";
  EXPECT_TRUE(IsContentSentence(long_sentence, T(long_sentence).size()));
  EXPECT_TRUE(IsContentSentence("«" + long_sentence + "»", T(long_sentence).size()));
  EXPECT_FALSE(IsContentSentence("Short sentence.", 2));
  EXPECT_FALSE(IsContentSentence("a b c d e f g h i j k l m n", 14));
}

TEST(TitleKeyTest, IgnoresCaseAndDiacritics) {
  EXPECT_EQ(TitleKey(T("Samsung và TSMC công bố")), TitleKey(T("SAMSUNG va tsmc cong bo")));
  EXPECT_EQ(TitleKey(T("Συνάντηση Μακρόν – Μερτς")), TitleKey(T("Συναντηση Μακρον - Μερτς")));
  EXPECT_NE(TitleKey(T("Samsung và TSMC")), TitleKey(T("Samsung và Intel")));
}

TEST(DiacriticScoreTest, CountsMarkedLettersNotCase) {
  EXPECT_EQ(DiacriticScore("Samsung va TSMC"), 0);
  EXPECT_EQ(DiacriticScore("Samsung và TSMC"), 1);
  EXPECT_EQ(DiacriticScore("Đài Loan"), 2);
  EXPECT_EQ(DiacriticScore("ΣΥΝΑΝΤΗΣΗ"), 0);
  EXPECT_GT(DiacriticScore("Συνάντηση Μακρόν"), DiacriticScore("Συναντηση Μακρον"));
}

TEST(StartsLowercaseTest, Scripts) {
  EXPECT_TRUE(StartsLowercase("jumps over"));
  EXPECT_TRUE(StartsLowercase("và tiếp tục"));
  EXPECT_TRUE(StartsLowercase("що також"));
  EXPECT_FALSE(StartsLowercase("Samsung"));
  EXPECT_FALSE(StartsLowercase("2025"));
  EXPECT_FALSE(StartsLowercase("英伟达"));
  EXPECT_FALSE(StartsLowercase(""));
}

}  // namespace
}  // namespace newsgraph::ingest::cleaning
