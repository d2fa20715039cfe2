#include "bench/corpus_reader.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "gtest/gtest.h"

namespace newsgraph::bench {
namespace {

TEST(CorpusReaderTest, ParsesEveryField) {
  auto request = ParseCorpusLine(
      R"({"external_id": "gen-7", "title": "Μακρόν στο Βερολίνο", "text": "Ο Μακρόν.\nΚαι.",)"
      R"( "language": "el", "source": "bench.example", "published_at": "2025-06-01T08:30:00Z",)"
      R"( "entities": ["ng:person/emmanuel-macron"]})");
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->external_id(), "gen-7");
  EXPECT_EQ(request->title(), "Μακρόν στο Βερολίνο");
  EXPECT_EQ(request->text(), "Ο Μακρόν.\nΚαι.");
  EXPECT_EQ(request->language(), "el");
  EXPECT_EQ(request->source(), "bench.example");
  EXPECT_EQ(request->published_at().seconds(), 1748766600);
  EXPECT_EQ(ContentBytes(*request), request->text().size() + request->title().size());
}

TEST(CorpusReaderTest, OptionalFieldsMayBeAbsent) {
  auto request = ParseCorpusLine(R"({"text": "only text"})");
  ASSERT_TRUE(request.ok()) << request.status();
  EXPECT_EQ(request->text(), "only text");
  EXPECT_FALSE(request->has_published_at());
  EXPECT_TRUE(request->external_id().empty());
}

TEST(CorpusReaderTest, RejectsBadLines) {
  EXPECT_EQ(ParseCorpusLine("not json").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseCorpusLine(R"({"title": "no text"})").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseCorpusLine(R"({"text": 5})").status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseCorpusLine(R"({"text": "x", "published_at": "yesterday"})").status().code(),
            absl::StatusCode::kInvalidArgument);
}

TEST(CorpusReaderTest, ReadsAFileWithLimitAndNamesBadLines) {
  std::string path = std::filesystem::temp_directory_path() /
                     ("ng_corpus_reader_test_" + std::to_string(::getpid()) + ".jsonl");
  {
    std::ofstream out(path);
    out << R"({"text": "a"})"
        << "\n\n"
        << R"({"text": "b"})"
        << "\n"
        << R"({"text": "c"})"
        << "\n{broken\n";
  }
  auto two = ReadCorpus(path, 2);
  ASSERT_TRUE(two.ok()) << two.status();
  ASSERT_EQ(two->size(), 2u);
  EXPECT_EQ((*two)[1].text(), "b");
  auto all = ReadCorpus(path, 0);
  EXPECT_EQ(all.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(all.status().message().find(":5:"), std::string::npos) << all.status();
  std::filesystem::remove(path);
  EXPECT_EQ(ReadCorpus(path, 0).status().code(), absl::StatusCode::kNotFound);
}

}  // namespace
}  // namespace newsgraph::bench
