#include "common/html/article.h"

#include <pthread.h>

#include <chrono>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "common/html/test_util.h"
#include "common/text/utf8.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace newsgraph::html {
namespace {

using ::newsgraph::html::testing::Repeat;
using ::newsgraph::html::testing::RunWithStack;

using ::testing::HasSubstr;
using ::testing::Not;

HtmlArticle MustExtract(std::string_view html) {
  absl::StatusOr<HtmlArticle> article = ExtractArticle(html);
  EXPECT_TRUE(article.ok()) << article.status();
  return article.ok() ? *std::move(article) : HtmlArticle{};
}

constexpr std::string_view kVietnamesePage = R"html(<!DOCTYPE html>
<html lang="vi">
<head>
<meta charset="utf-8">
<title>
  Thủ tướng chủ trì phiên họp Chính phủ thường kỳ &amp; hội nghị   trực tuyến | Báo Tin Tức
</title>
<meta property="og:title" content="Tiêu đề OG">
<meta name="date" content="2024-03-05">
<meta property="article:published_time" content="2024-03-05T14:30:00+07:00">
<script>var ads = "<div>quảng cáo</div>"; window.dataLayer = [];</script>
<style>.share-buttons { display: flex; } body > p { color: red; }</style>
</head>
<body class="home has-comments">
<header class="site-header"><a href="/">Báo Tin Tức</a> <span>Thứ Ba, 5/3/2024</span></header>
<nav class="main-menu"><ul><li><a href="/thoi-su">Thời sự</a></li>
<li><a href="/kinh-te">Kinh tế</a></li></ul></nav>
<div class="container">
<article class="article-detail">
<h1 class="title">Thủ tướng chủ trì phiên họp Chính phủ thường kỳ tháng 2</h1>
<p class="sapo">Chiều 5/3, Thủ tướng Phạm Minh Chính chủ trì phiên họp Chính phủ
thường kỳ&nbsp;tháng 2 &amp; hội nghị trực tuyến với các địa phương.</p>
<div class="share-buttons"><a href="#">Chia sẻ Facebook</a><a href="#">Zalo</a></div>
<p>Phát biểu khai mạc, Thủ tướng nhấn mạnh tăng trưởng GDP quý I dự kiến
đạt 5,5%   &ndash;   6%.</p>
<p>Các đại biểu thảo luận về giải ngân vốn đầu tư công &lt;2024&gt;.<br>
Cuộc họp kéo dài đến 18 giờ.</p>
<div id="comments"><h3>Bình luận</h3><p>Bài viết hay quá!</p></div>
</article>
<aside class="related"><h3>Tin liên quan</h3><p>Giá vàng hôm nay</p></aside>
</div>
<footer><p>&copy; 2024 Báo Tin Tức. Giấy phép số 123.</p></footer>
<script>console.log("end");</script>
</body>
</html>
)html";

TEST(ExtractArticleTest, VietnameseNewsPage) {
  const HtmlArticle article = MustExtract(kVietnamesePage);
  EXPECT_EQ(article.title,
            "Thủ tướng chủ trì phiên họp Chính phủ thường kỳ & hội nghị trực tuyến | Báo Tin Tức");
  EXPECT_EQ(article.published, "2024-03-05T14:30:00+07:00");  // Outranks the earlier "date".
  EXPECT_EQ(article.language, "vi");
  EXPECT_EQ(article.text,
            "Thủ tướng chủ trì phiên họp Chính phủ thường kỳ tháng 2\n"
            "\n"
            "Chiều 5/3, Thủ tướng Phạm Minh Chính chủ trì phiên họp Chính phủ thường kỳ tháng 2 & "
            "hội nghị trực tuyến với các địa phương.\n"
            "\n"
            "Phát biểu khai mạc, Thủ tướng nhấn mạnh tăng trưởng GDP quý I dự kiến đạt 5,5% – 6%.\n"
            "\n"
            "Các đại biểu thảo luận về giải ngân vốn đầu tư công <2024>.\n"
            "Cuộc họp kéo dài đến 18 giờ.");
}

constexpr std::string_view kGreekPage = R"html(<!doctype html>
<html lang="el">
<head>
<title>Νέα μέτρα στήριξης για τις μικρές επιχειρήσεις - Η Καθημερινή</title>
<meta property="article:published_time" content=" 2024-05-14T09:15:00+03:00 ">
<script type="application/ld+json">{"@type":"NewsArticle","headline":"Νέα μέτρα"}</script>
<style>#cookie-consent{position:fixed}</style>
</head>
<body>
<div id="cookie-consent">Χρησιμοποιούμε cookies. <button>Αποδοχή</button></div>
<header><nav><a href="/">Αρχική</a> <a href="/politiki">Πολιτική</a></nav></header>
<main>
<article>
<header><h1>Νέα μέτρα στήριξης για τις μικρές επιχειρήσεις</h1>
<p class="byline">Του Γιάννη Παπαδόπουλου</p></header>
<figure><img src="a.jpg" alt="Υπουργείο"><figcaption>Το υπουργείο Οικονομικών.</figcaption></figure>
<p>Η κυβέρνηση ανακοίνωσε νέα μέτρα &laquo;στήριξης&raquo; για τις μικρές επιχειρήσεις.</p>
<div class="socialBar"><a>Twitter</a><a>Facebook</a></div>
<p>Ο υπουργός δήλωσε ότι τα μέτρα θα τεθούν σε ισχύ από τον επόμενο μήνα &mdash; «με στόχο την
ανάπτυξη».</p>
</article>
</main>
<footer>Όροι χρήσης</footer>
</body></html>
)html";

TEST(ExtractArticleTest, GreekNewsPage) {
  const HtmlArticle article = MustExtract(kGreekPage);
  EXPECT_EQ(article.title, "Νέα μέτρα στήριξης για τις μικρές επιχειρήσεις - Η Καθημερινή");
  EXPECT_EQ(article.published, "2024-05-14T09:15:00+03:00");
  EXPECT_EQ(article.language, "el");
  // The article's own <header> is kept; the site header, cookie banner and share bar are not.
  EXPECT_EQ(article.text,
            "Νέα μέτρα στήριξης για τις μικρές επιχειρήσεις\n"
            "\n"
            "Του Γιάννη Παπαδόπουλου\n"
            "\n"
            "Το υπουργείο Οικονομικών.\n"
            "\n"
            "Η κυβέρνηση ανακοίνωσε νέα μέτρα «στήριξης» για τις μικρές επιχειρήσεις.\n"
            "\n"
            "Ο υπουργός δήλωσε ότι τα μέτρα θα τεθούν σε ισχύ από τον επόμενο μήνα — «με στόχο "
            "την ανάπτυξη».");
}

TEST(ExtractArticleTest, WithoutArticleUsesBody) {
  const HtmlArticle article = MustExtract(
      "<html><body><div class='top-menu'>Trang chủ</div><p>Đoạn một.</p>\n"
      "<div>Dòng <em>hai</em></div><div>Dòng ba</div><p>Đoạn bốn.</p></body></html>");
  EXPECT_EQ(article.text, "Đoạn một.\n\nDòng hai\nDòng ba\n\nĐoạn bốn.");
  EXPECT_EQ(article.title, "");
  EXPECT_EQ(article.published, "");
  EXPECT_EQ(article.language, "");
}

TEST(ExtractArticleTest, RoleMainIsPreferredOverBody) {
  const HtmlArticle article = MustExtract(
      "<body><div class='sidebar'>Quảng cáo</div>"
      "<div role='main'><p>Nội dung chính.</p></div><div>Chân trang</div></body>");
  EXPECT_EQ(article.text, "Nội dung chính.");
}

TEST(ExtractArticleTest, RichestArticleWins) {
  const HtmlArticle article = MustExtract(
      "<body><article><h2>Tin ngắn</h2></article>"
      "<article><h1>Bài chính</h1><p>Một đoạn văn dài hơn nhiều so với tin ngắn.</p></article>"
      "<article></article></body>");
  EXPECT_EQ(article.text, "Bài chính\n\nMột đoạn văn dài hơn nhiều so với tin ngắn.");
}

TEST(ExtractArticleTest, EmptyArticleFallsBackToBody) {
  const HtmlArticle article =
      MustExtract("<body><article><div class='share'>Chia sẻ</div></article><p>Văn bản</p>");
  EXPECT_EQ(article.text, "Văn bản");
}

TEST(ExtractArticleTest, OgTitleWhenNoTitle) {
  EXPECT_EQ(MustExtract("<head><meta property='og:title' content=' Tiêu  đề '></head>").title,
            "Tiêu đề");
  EXPECT_EQ(MustExtract("<title> </title><meta property='og:title' content='OG'>").title, "OG");
  // An SVG <title> is not the document title.
  EXPECT_EQ(MustExtract("<body><svg><title>icon</title></svg><title>Doc</title>").title, "Doc");
}

TEST(ExtractArticleTest, PublishedDatePriorityAndSources) {
  EXPECT_EQ(MustExtract("<meta name='DC.date.issued' content='a'><meta name='pubdate' content='b'>")
                .published,
            "b");
  EXPECT_EQ(MustExtract("<meta property='OG:PUBLISHED_TIME' content='x'>").published, "x");
  EXPECT_EQ(MustExtract("<body><p>Hi <time itemprop='datePublished' datetime='2024-01-02'>2 "
                        "Jan</time></p>")
                .published,
            "2024-01-02");
  EXPECT_EQ(MustExtract("<meta itemprop='datePublished' content='2024-01-03'>").published,
            "2024-01-03");
  EXPECT_EQ(MustExtract("<body><input name='date' value='x'><p>t</p>").published, "");
}

TEST(ExtractArticleTest, DropsWidgetsByClassIdAndRole) {
  const HtmlArticle article = MustExtract(
      "<article class='post comments-open'>"
      "<p>Giữ lại.</p>"
      "<ul class='social-links'><li>FB</li></ul>"
      "<div id='commentList'>Bình luận</div>"
      "<div class='Share_Tools'>Chia sẻ</div>"
      "<div class='menu'>Menu</div>"
      "<div class='cookie-notice'>Cookies</div>"
      "<div role='navigation'>Điều hướng</div>"
      "<div hidden>Ẩn</div><span aria-hidden='true'>icon</span>"
      "<div class='shareholders'>Cổ đông</div>"
      "<p class='commentary'>Bình luận viên</p>"
      "</article>");
  EXPECT_EQ(article.text, "Giữ lại.\n\nCổ đông\n\nBình luận viên");
}

TEST(ExtractArticleTest, TablesListsAndPre) {
  const HtmlArticle article = MustExtract(
      "<body><p>Bảng:</p><table><tr><th>Năm</th><th>GDP</th></tr>"
      "<tr><td>2023</td><td>5,05%</td></tr></table>"
      "<ul><li>một</li><li>hai</li></ul>"
      "<pre>dòng 1\n  dòng 2\r\n</pre><p>Hết</p></body>");
  EXPECT_EQ(article.text, "Bảng:\n\nNăm GDP\n2023 5,05%\n\nmột\nhai\n\ndòng 1\n  dòng 2\n\nHết");
}

TEST(ExtractArticleTest, MalformedMarkup) {
  const HtmlArticle article = MustExtract(
      "<html><body><div><p>Một<p>Hai <b>đậm <i>nghiêng</b> tiếp</i><div>Ba<table><td>Bốn"
      "</span></div></div></div></p><a href=\"x");
  EXPECT_THAT(article.text, HasSubstr("Một\n\nHai đậm nghiêng tiếp\n\nBa"));
  EXPECT_THAT(article.text, HasSubstr("Bốn"));
  for (std::string_view html :
       {"", "<", "<<<>>>", "</p></p></div>", "<html", "<!--", "<![CDATA[x", "<svg><p>x",
        "<table><tr><td><table><caption><select><option>x", "<frameset><frame>",
        "<math><mi><svg><foreignObject><select>x", "&#0;&#xD800;&#x110000;&bogus;&amp",
        "<template><template><td>x</template>", "<plaintext><p>x"}) {
    SCOPED_TRACE(html);
    EXPECT_TRUE(ExtractArticle(html).ok());
  }
}

TEST(ExtractArticleTest, RandomTagSoupNeverFails) {
  static constexpr std::string_view kPieces[] = {"<div>",
                                                 "</div>",
                                                 "<p>",
                                                 "</p>",
                                                 "<table>",
                                                 "<td>",
                                                 "<tr>",
                                                 "</table>",
                                                 "<svg>",
                                                 "</svg>",
                                                 "<math>",
                                                 "<mi>",
                                                 "<foreignObject>",
                                                 "<!--",
                                                 "-->",
                                                 "<script>",
                                                 "</script>",
                                                 "<b>",
                                                 "</b>",
                                                 "<a href='",
                                                 "'>",
                                                 "<i>",
                                                 "&amp;",
                                                 "&#x0;",
                                                 "Việt ",
                                                 "Ελλάδα ",
                                                 "<",
                                                 ">",
                                                 "\"",
                                                 "=",
                                                 "<![CDATA[",
                                                 "]]>",
                                                 "<template>",
                                                 "</template>",
                                                 "<select>",
                                                 "<option>",
                                                 "<li>",
                                                 "<ul>",
                                                 "<br/>",
                                                 "<form>",
                                                 "<textarea>",
                                                 "<title>",
                                                 "<noscript>",
                                                 "<iframe>",
                                                 "<article>",
                                                 "</article>",
                                                 "<main>",
                                                 "<nav>",
                                                 "<header>",
                                                 "<pre>",
                                                 "\n",
                                                 "<plaintext>",
                                                 "<frameset>",
                                                 "<html>",
                                                 "<body>",
                                                 "<head>",
                                                 "<style>",
                                                 "<xmp>",
                                                 "<desc>",
                                                 "<annotation-xml>"};
  std::mt19937 rng(20240514);
  std::uniform_int_distribution<size_t> pick(0, std::size(kPieces) - 1);
  for (int doc = 0; doc < 300; ++doc) {
    std::string html;
    const int pieces = 1 + doc * 3;
    for (int i = 0; i < pieces; ++i) html += kPieces[pick(rng)];
    absl::StatusOr<HtmlArticle> article = ExtractArticle(html);
    ASSERT_TRUE(article.ok()) << article.status() << "\n" << html;
  }
}

TEST(ExtractArticleTest, HundredThousandNestedDivs) {
  const std::string html = "<html><body>" + Repeat("<div>", 100000) + "Sâu" +
                           Repeat("</div>", 100000) + "<p>Sau</p></body></html>";
  RunWithStack(512 << 10, [&html] {
    const auto start = std::chrono::steady_clock::now();
    absl::StatusOr<HtmlArticle> article = ExtractArticle(html);
    const auto elapsed = std::chrono::steady_clock::now() - start;
    ASSERT_TRUE(article.ok()) << article.status();
    EXPECT_EQ(article->text, "Sâu\n\nSau");
    // Unlimited, gumbo alone needs about a minute for this input.
    EXPECT_LT(elapsed, std::chrono::seconds(5));
  });
}

TEST(ExtractArticleTest, OtherDeepNestingPatterns) {
  for (const std::string& html :
       {Repeat("<div/>", 100000), Repeat("<b>", 100000), Repeat("<span>", 100000),
        Repeat("<ul><li>", 50000), Repeat("<table><tr><td>", 30000),
        "<svg>" + Repeat("<g>", 100000), Repeat("<article><section>", 50000),
        Repeat("<blockquote>", 100000), "<svg><div>" + Repeat("<div/>", 100000),
        "<svg><foreignObject>" + Repeat("<div/>", 100000), "<math>" + Repeat("<image>", 100000)}) {
    SCOPED_TRACE(html.substr(0, 24));
    absl::StatusOr<HtmlArticle> article = ExtractArticle(html + "đáy");
    ASSERT_TRUE(article.ok()) << article.status();
  }
}

TEST(ExtractArticleTest, InvalidUtf8IsInvalidArgument) {
  absl::StatusOr<HtmlArticle> article = ExtractArticle("<p>Vi\xE1\xBB t Nam</p>");
  ASSERT_FALSE(article.ok());
  EXPECT_EQ(article.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(article.status().message(), HasSubstr("html: invalid UTF-8 at byte offset 5"));
}

// Regression (fuzz/corpus/html_fuzzer/regression-huge-char-ref): gumbo decodes references of
// 0x80000000 and more through an overflowing int and emitted a stray byte (0xEE), so the text
// was not UTF-8. Every field must stay well-formed, in text and in attribute values.
TEST(ExtractArticleTest, HugeNumericReferencesKeepTheOutputUtf8) {
  const HtmlArticle article = MustExtract(
      "<html lang=\"&#xEEEEEEEE;\"><head><title>A &#xEEEEEEEE; B</title>"
      "<meta name=\"date\" content=\"&#xF0000000\"></head><body><p>x &#xEEEEEEEE y</p>"
      "<p>&#xEEEEEEEE</p></body></html>");
  for (const std::string* field :
       {&article.title, &article.text, &article.published, &article.language}) {
    EXPECT_FALSE(text::FindInvalidUtf8(*field).has_value()) << ::testing::PrintToString(*field);
  }
  EXPECT_THAT(article.text, HasSubstr("x "));
}

TEST(ExtractArticleTest, TooLargeIsInvalidArgument) {
  std::string html = "<p>";
  html.resize(kMaxHtmlBytes + 1, 'a');
  absl::StatusOr<HtmlArticle> article = ExtractArticle(html);
  ASSERT_FALSE(article.ok());
  EXPECT_EQ(article.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(article.status().message(), HasSubstr("16 MiB"));

  html.resize(kMaxHtmlBytes);
  article = ExtractArticle(html);
  ASSERT_TRUE(article.ok()) << article.status();
  EXPECT_EQ(article->text.size(), kMaxHtmlBytes - 3);
}

}  // namespace
}  // namespace newsgraph::html
