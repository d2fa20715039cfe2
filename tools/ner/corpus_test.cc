#include "tools/ner/corpus.h"

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "common/testing/temp_dir.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace newsgraph::tools::ner {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Pair;

std::vector<LabeledSentence> Sentences(const Corpus& corpus) {
  std::vector<LabeledSentence> out;
  for (const Document& d : corpus.documents) {
    for (const Sentence& s : d.sentences) out.push_back(s.labeled);
  }
  return out;
}

TEST(ParseBioTest, Iob2WithMappingAndDroppedTypes) {
  const std::string text =
      "Ο O\nπρόεδρος O\nτων O\nΗΠΑ B-LOC\nΝτόναλντ B-PERSON\nΤραμπ I-PERSON\n\n\n"
      "-DOCSTART- -X- O\n\n"
      "Вчора B-DATE\nНафтогаз B-ORG\nУкраїни I-ORG\nзаявив O\n";
  auto corpus = ParseBio(text, "t.iob", TypeMapping::Default());
  ASSERT_TRUE(corpus.ok()) << corpus.status();
  const auto sentences = Sentences(*corpus);
  ASSERT_EQ(sentences.size(), 2u);
  EXPECT_THAT(sentences[0].words, ElementsAre("Ο", "πρόεδρος", "των", "ΗΠΑ", "Ντόναλντ", "Τραμπ"));
  EXPECT_THAT(sentences[0].spans,
              ElementsAre(LabeledSpan{3, 3, "LOC", ""}, LabeledSpan{4, 5, "PER", ""}));
  EXPECT_THAT(sentences[1].spans, ElementsAre(LabeledSpan{1, 2, "ORG", ""}));
  EXPECT_THAT(corpus->stats.dropped_by_type, ElementsAre(Pair("DATE", 1)));
  EXPECT_THAT(corpus->stats.spans_by_type,
              ElementsAre(Pair("LOC", 1), Pair("ORG", 1), Pair("PER", 1)));
  EXPECT_EQ(corpus->stats.tokens, 10u);
}

TEST(ParseBioTest, Iob1BioesExtraColumnsAndCrlf) {
  // IOB1: I- starts spans; B- separates two adjacent spans of one type. BIOES: S- and E-.
  const std::string text =
      "John NNP I-PER\r\nSmith NNP I-PER\r\nMary NNP B-PER\r\nsaw VBD O\r\nParis NNP S-LOC\r\n"
      "New NNP B-LOC\r\nYork NNP E-LOC\r\nCity NNP S-LOC\r\n";
  auto corpus = ParseBio(text, "t.conll", TypeMapping::Default());
  ASSERT_TRUE(corpus.ok());
  const auto sentences = Sentences(*corpus);
  ASSERT_EQ(sentences.size(), 1u);
  EXPECT_THAT(sentences[0].words,
              ElementsAre("John", "Smith", "Mary", "saw", "Paris", "New", "York", "City"));
  EXPECT_THAT(sentences[0].spans,
              ElementsAre(LabeledSpan{0, 1, "PER", ""}, LabeledSpan{2, 2, "PER", ""},
                          LabeledSpan{4, 4, "LOC", ""}, LabeledSpan{5, 6, "LOC", ""},
                          LabeledSpan{7, 7, "LOC", ""}));
}

TEST(ParseBioTest, KeepUnmappedAndCustomMapping) {
  TypeMapping mapping = TypeMapping::Default();
  mapping.map["JOB"] = "ROLE";
  mapping.keep_unmapped = true;
  auto corpus = ParseBio("міністр B-JOB\nзавтра B-DATE\n", "t", mapping);
  ASSERT_TRUE(corpus.ok());
  EXPECT_THAT(Sentences(*corpus)[0].spans,
              ElementsAre(LabeledSpan{0, 0, "ROLE", ""}, LabeledSpan{1, 1, "DATE", ""}));
}

TEST(ParseBioTest, ErrorsNameFileAndLine) {
  auto missing_tag = ParseBio("a O\nlonely\n", "x.iob", TypeMapping::Default());
  ASSERT_FALSE(missing_tag.ok());
  EXPECT_THAT(std::string(missing_tag.status().message()), HasSubstr("x.iob:2:"));
  auto bad_utf8 = ParseBio("a O\n\nb\xC3 O\n", "y.iob", TypeMapping::Default());
  ASSERT_FALSE(bad_utf8.ok());
  EXPECT_THAT(std::string(bad_utf8.status().message()), HasSubstr("y.iob:3: invalid UTF-8"));
}

TEST(ParseBioTest, DocumentsOfFiftySentencesWithASyntheticText) {
  std::string text;
  for (int i = 0; i < 120; ++i) text += "w" + std::to_string(i) + " O\nx B-LOC\n\n";
  auto corpus = ParseBio(text, "f", TypeMapping::Default());
  ASSERT_TRUE(corpus.ok());
  ASSERT_EQ(corpus->documents.size(), 3u);
  EXPECT_EQ(corpus->documents[0].sentences.size(), 50u);
  EXPECT_EQ(corpus->documents[2].sentences.size(), 20u);
  EXPECT_EQ(corpus->documents[1].name, "f#1");
  const Document& d = corpus->documents[0];
  EXPECT_EQ(d.text.substr(0, 12), "w0 x\nw1 x\nw2");
  const Sentence& s = d.sentences[1];
  for (size_t i = 0; i < s.labeled.words.size(); ++i) {
    EXPECT_EQ(d.text.substr(s.offsets[i].begin, s.offsets[i].end - s.offsets[i].begin),
              s.labeled.words[i]);
  }
}

TEST(ProjectMentionsTest, ProjectsCodePointOffsetsOntoTokens) {
  // Offsets are in code points; the quotes around the ORG are trimmed; the nested LOC inside the
  // longer ORG is dropped as overlapping; the duplicate PER line is one mention.
  const std::string raw = "Брексіт - Мей\n\nМЗС Британії та \"Інтерфакс-Україна\" повідомили.";
  const std::string tsv =
      "0\t7\tБрексіт\tБрексіт\tEVT\tEVT-Brexit\n"
      "10\t13\tМей\tМей\tPER\tPER-Theresa-May\n"
      "10\t13\tМей\tМей\tPER\tPER-Theresa-May\n"
      "15\t27\tМЗС Британії\tМЗС Британії\tORG\tORG-Foreign-Office\n"
      "19\t27\tБританії\tБританія\tLOC\tGPE-Great-Britain\n"
      "31\t50\t\"Інтерфакс-Україна\"\t\"Інтерфакс-Україна\"\tORG\tORG-Interfax-Ukraine\n";
  CorpusStats stats;
  auto doc = ProjectMentions(raw, tsv, "a.txt", TypeMapping::Default(), &stats);
  ASSERT_TRUE(doc.ok()) << doc.status();
  ASSERT_EQ(doc->sentences.size(), 2u);
  EXPECT_THAT(doc->sentences[0].labeled.words, ElementsAre("Брексіт", "-", "Мей"));
  EXPECT_THAT(doc->sentences[0].labeled.spans,
              ElementsAre(LabeledSpan{0, 0, "MISC", "EVT-Brexit"},
                          LabeledSpan{2, 2, "PER", "PER-Theresa-May"}));
  EXPECT_THAT(
      doc->sentences[1].labeled.words,
      ElementsAre("МЗС", "Британії", "та", "\"", "Інтерфакс-Україна", "\"", "повідомили", "."));
  EXPECT_THAT(doc->sentences[1].labeled.spans,
              ElementsAre(LabeledSpan{0, 1, "ORG", "ORG-Foreign-Office"},
                          LabeledSpan{4, 4, "ORG", "ORG-Interfax-Ukraine"}));
  EXPECT_EQ(stats.overlapping_mentions, 1u);
  EXPECT_EQ(stats.misaligned_mentions, 0u);
  // Token offsets are bytes into the article.
  const TextToken& t = doc->sentences[1].offsets[4];
  EXPECT_EQ(raw.substr(t.begin, t.end - t.begin), "Інтерфакс-Україна");
}

TEST(ProjectMentionsTest, MisalignedAndCrossingMentions) {
  const std::string raw = "Великобританія. Лондон";
  // "Велико" ends inside a token: the whole token is taken and counted; a mention from the first
  // sentence into the second is dropped.
  const std::string tsv = "0\t6\tВелико\tВелико\tLOC\tx\n0\t22\tall\tall\tLOC\ty\n";
  CorpusStats stats;
  auto doc = ProjectMentions(raw, tsv, "b.txt", TypeMapping::Default(), &stats);
  ASSERT_TRUE(doc.ok());
  EXPECT_THAT(doc->sentences[0].labeled.spans, ElementsAre(LabeledSpan{0, 0, "LOC", "x"}));
  EXPECT_EQ(stats.misaligned_mentions, 1u);
  EXPECT_EQ(stats.crossing_mentions, 1u);
}

TEST(ProjectMentionsTest, BadLinesAreErrors) {
  CorpusStats stats;
  auto doc =
      ProjectMentions("abc", "0\t99\tx\tx\tPER\tid\n", "c.txt", TypeMapping::Default(), &stats);
  ASSERT_FALSE(doc.ok());
  EXPECT_THAT(std::string(doc.status().message()), HasSubstr("c.txt:1: offsets 0..99"));
  doc = ProjectMentions("abc", "zero\t1\tx\n", "c.txt", TypeMapping::Default(), &stats);
  ASSERT_FALSE(doc.ok());
  EXPECT_THAT(std::string(doc.status().message()), HasSubstr("expected 'start end"));
}

void WriteFile(const std::filesystem::path& path, const std::string& contents) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << contents;
}

TEST(ReadCorpusTest, SlavicNerDirectoryWithLanguageFilter) {
  testing::TempDir dir;
  const std::filesystem::path root = dir.Sub("slavicner");
  WriteFile(root / "raw/topic/uk/a.txt", "Київ сьогодні.");
  WriteFile(root / "ner/topic/uk/a.tsv", "0\t4\tКиїв\tКиїв\tLOC\tGPE-Kyiv\n");
  WriteFile(root / "raw/topic/ru/b.txt", "Москва сегодня.");
  WriteFile(root / "ner/topic/ru/b.tsv", "0\t6\tМосква\tМосква\tLOC\tGPE-Moscow\n");
  ReadOptions options;
  options.languages = {"uk"};
  auto corpus = ReadCorpus(root.string(), options);
  ASSERT_TRUE(corpus.ok()) << corpus.status();
  ASSERT_EQ(corpus->documents.size(), 1u);
  EXPECT_EQ(corpus->documents[0].language, "uk");
  EXPECT_THAT(corpus->documents[0].sentences[0].labeled.spans,
              ElementsAre(LabeledSpan{0, 0, "LOC", "GPE-Kyiv"}));
  options.languages.clear();
  corpus = ReadCorpus(root.string(), options);
  ASSERT_TRUE(corpus.ok());
  EXPECT_EQ(corpus->documents.size(), 2u);
  // A BIO file next to it, read by auto-detection.
  WriteFile(dir.Sub("x.iob"), "Київ B-LOC\n");
  corpus = ReadCorpus(dir.Sub("x.iob"), {});
  ASSERT_TRUE(corpus.ok());
  EXPECT_EQ(corpus->stats.spans, 1u);
}

// A corpus assembled from symbolic links (e.g. one topic held out for a cross-topic split) reads
// like the real directory.
TEST(ReadCorpusTest, SlavicNerThroughSymbolicLinks) {
  testing::TempDir dir;
  const std::filesystem::path real = dir.Sub("real");
  WriteFile(real / "raw/topic/uk/a.txt", "Київ сьогодні.");
  WriteFile(real / "ner/topic/uk/a.tsv", "0\t4\tКиїв\tКиїв\tLOC\tGPE-Kyiv\n");
  const std::filesystem::path linked = dir.Sub("linked");
  std::filesystem::create_directories(linked / "raw");
  std::filesystem::create_directories(linked / "ner");
  std::filesystem::create_directory_symlink(real / "raw/topic", linked / "raw/topic");
  std::filesystem::create_directory_symlink(real / "ner/topic", linked / "ner/topic");
  auto corpus = ReadCorpus(linked.string(), {});
  ASSERT_TRUE(corpus.ok()) << corpus.status();
  ASSERT_EQ(corpus->documents.size(), 1u);
  EXPECT_EQ(corpus->stats.spans, 1u);
  EXPECT_EQ(corpus->documents[0].name, (linked / "raw/topic/uk/a.txt").string());
}

TEST(ReadCorpusTest, MissingPathsAreNotFound) {
  auto corpus = ReadCorpus("/nonexistent/shared/data/ner/train.iob", {});
  ASSERT_FALSE(corpus.ok());
  EXPECT_EQ(corpus.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(corpus.status().message()), HasSubstr("/nonexistent/shared"));
  testing::TempDir dir;
  corpus = ReadCorpus(dir.path(), {});  // a directory without raw/ and ner/
  EXPECT_EQ(corpus.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST(SplitHeldoutTest, EvenlySpreadAndDeterministic) {
  std::vector<Document> docs(30);
  for (size_t i = 0; i < docs.size(); ++i) docs[i].name = std::to_string(i);
  std::vector<Document> kept, held;
  SplitHeldout(docs, 0.1, &kept, &held);
  ASSERT_EQ(held.size(), 3u);
  EXPECT_EQ(kept.size(), 27u);
  EXPECT_EQ(held[0].name, "9");
  EXPECT_EQ(held[1].name, "19");
  EXPECT_EQ(held[2].name, "29");
  kept.clear();
  held.clear();
  SplitHeldout(docs, 0, &kept, &held);
  EXPECT_EQ(kept.size(), 30u);
  EXPECT_TRUE(held.empty());
  kept.clear();
  SplitHeldout(docs, 0.25, &kept, &held);
  EXPECT_EQ(held.size(), 7u);  // floor(30 * 0.25)
}

}  // namespace
}  // namespace newsgraph::tools::ner
