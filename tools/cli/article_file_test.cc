#include "tools/cli/article_file.h"

#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace newsgraph::cli {
namespace {

using ::testing::HasSubstr;

TEST(ArticleFileTest, ParsesHeaderAndBody) {
  auto request = ParseArticle(
      "title: Макрон у Берліні\nsource: ukr-example.ua\nurl: https://x.ua/1\n"
      "published: 2025-06-02T16:45:00+03:00\nlanguage: uk\nexternal_id: uk-1\n---\n"
      "Президент Франції прибув до Німеччини.\n",
      "a.txt");
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->title(), "Макрон у Берліні");
  EXPECT_EQ(request->source(), "ukr-example.ua");
  EXPECT_EQ(request->url(), "https://x.ua/1");
  EXPECT_EQ(request->language(), "uk");
  EXPECT_EQ(request->external_id(), "uk-1");
  EXPECT_EQ(request->published_at().seconds(), 1748871900);  // 2025-06-02T13:45:00Z
  EXPECT_EQ(request->text(), "Президент Франції прибув до Німеччини.\n");
}

TEST(ArticleFileTest, DateOnlyIsMidnightUtc) {
  auto request = ParseArticle("published: 2025-03-14\n---\nbody", "a.txt");
  ASSERT_TRUE(request.ok());
  EXPECT_EQ(request->published_at().seconds(), 1741910400);
}

TEST(ArticleFileTest, FileWithoutHeaderIsAllBody) {
  std::string messy = "date 2025-03-14\nSamsung va TSMC cong bo\nChia sẻ • facebook\n";
  auto request = ParseArticle(messy, "a.txt");
  ASSERT_TRUE(request.ok());
  EXPECT_EQ(request->text(), messy);
  EXPECT_FALSE(request->has_published_at());
  // A body that merely starts with some other "word:" is body too.
  EXPECT_EQ(ParseArticle("Note: hello\n---\n", "a.txt")->text(), "Note: hello\n---\n");
  // Header-like lines without a closing --- (or broken by another line) are body as well.
  EXPECT_EQ(ParseArticle("title: x\nbody", "a.txt")->text(), "title: x\nbody");
  EXPECT_EQ(ParseArticle("title: x\nnonsense\n---\nb", "a.txt")->text(),
            "title: x\nnonsense\n---\nb");
}

TEST(ArticleFileTest, ErrorsNameFileAndProblem) {
  EXPECT_THAT(ParseArticle("title: x\ntitle: y\n---\n", "a.txt").status().message(),
              HasSubstr("title repeated"));
  EXPECT_THAT(ParseArticle("published: yesterday\n---\n", "a.txt").status().message(),
              HasSubstr("published"));
  // Regression (fuzz/corpus/article_file_fuzzer/regression-infinite-future): ParseTime's special
  // values and five-digit years parsed, and the CLI sent a Timestamp no server accepts.
  for (const char* published : {"infinite-future", "infinite-past", "99999-01-01"}) {
    EXPECT_THAT(
        ParseArticle(absl::StrCat("published: ", published, "\n---\n"), "a.txt").status().message(),
        HasSubstr("published"))
        << published;
  }
  EXPECT_TRUE(ParseArticle("published: 9999-12-31\n---\n", "a.txt").ok());
}

}  // namespace
}  // namespace newsgraph::cli
