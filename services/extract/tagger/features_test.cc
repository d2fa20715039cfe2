#include "services/extract/tagger/features.h"

#include <string>
#include <string_view>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/extract/tagger/gazetteer_features.h"

namespace newsgraph::extract::tagger {
namespace {

using ::testing::Contains;
using ::testing::Not;

TEST(WordShapeTest, LongAndShort) {
  EXPECT_EQ(WordShape("Макрона", 4), "Xxxxx");
  EXPECT_EQ(WordShape("Макрона", 1), "Xx");
  EXPECT_EQ(WordShape("1935-1961", 4), "dddd-dddd");
  EXPECT_EQ(WordShape("1935-1961", 1), "d-d");
  EXPECT_EQ(WordShape("Ε.Ε.", 1), "X.X.");
  EXPECT_EQ(WordShape("NATO", 2), "XX");
  EXPECT_EQ(WordShape("iPhone", 1), "xXx");
  EXPECT_EQ(WordShape("习近平", 1), "h");
  EXPECT_EQ(WordShape("«", 1), "~");
}

TEST(HashBytesTest, StableValues) {
  // Models store weights at rows derived from these hashes: a change breaks every model file, so
  // it must come with a kFeatureSetVersion bump and these values updated.
  EXPECT_EQ(HashBytes(""), HashBytes(std::string_view()));
  EXPECT_NE(HashBytes("a"), HashBytes("b"));
  EXPECT_NE(HashBytes("abcdefgh"), HashBytes(std::string_view("abcdefgh\0", 9)));
  EXPECT_EQ(HashBytes("макрон"), 0xd43170bf9ac581e5ULL) << std::hex << HashBytes("макрон");
  EXPECT_EQ(HashBytes("w"), 0x3d9fe8d6eeda3379ULL) << std::hex << HashBytes("w");
}

std::vector<std::string_view> Split(const std::vector<std::string>& words) {
  return std::vector<std::string_view>(words.begin(), words.end());
}

TEST(FeatureExtractorTest, DescribesTheDocumentedFeatures) {
  const std::vector<std::string> words = {"Президент", "Макрона", "прибув", "."};
  const auto view = Split(words);
  FeatureExtractor extractor(16);
  const std::vector<std::string> f = extractor.Describe(view, {}, 1);
  EXPECT_THAT(f, Contains("w=макрона"));
  EXPECT_THAT(f, Contains("pre1=м"));
  EXPECT_THAT(f, Contains("pre4=макр"));
  EXPECT_THAT(f, Contains("suf1=а"));
  EXPECT_THAT(f, Contains("suf3=она"));
  EXPECT_THAT(f, Contains("shape=Xxxxx"));
  EXPECT_THAT(f, Contains("sshape=Xx"));
  EXPECT_THAT(f, Contains("cap=I"));
  EXPECT_THAT(f, Contains("script=C"));
  EXPECT_THAT(f, Contains("w-1=президент"));
  EXPECT_THAT(f, Contains("w+1=прибув"));
  EXPECT_THAT(f, Contains("w-2=<s>"));
  EXPECT_THAT(f, Contains("w+2=."));
  EXPECT_THAT(f, Contains("suf3-1=ент"));
  EXPECT_THAT(f, Contains("w-1|w=президент|макрона"));
  EXPECT_THAT(f, Contains("sshape-1|0|+1=Xx|Xx|x"));
  // Only the first token is sentence-initial; no gazetteer, no gazetteer features.
  EXPECT_THAT(f, Not(Contains("first=I")));
  EXPECT_THAT(extractor.Describe(view, {}, 0), Contains("first=I"));
  for (const std::string& feature : f) EXPECT_EQ(feature.rfind("gaz", 0), std::string::npos);
}

TEST(FeatureExtractorTest, FoldsWordsAndKeepsDiacriticsInAffixes) {
  const std::vector<std::string> words = {"ΜΑΚΡΌΝ"};
  FeatureExtractor extractor(16);
  const auto f = extractor.Describe(Split(words), {}, 0);
  EXPECT_THAT(f, Contains("w=μακρον"));
  EXPECT_THAT(f, Contains("suf2=όν"));
  EXPECT_THAT(f, Contains("cap=A"));
  EXPECT_THAT(f, Contains("script=G"));
}

TEST(FeatureExtractorTest, GazetteerMarksBecomeFeatures) {
  const std::vector<std::string> words = {"у", "Новому", "Орлеані"};
  std::vector<GazetteerMark> marks(3);
  marks[1].stem_begin = 1 << static_cast<int>(GazetteerType::kLoc);
  marks[2].stem_inside = 1 << static_cast<int>(GazetteerType::kLoc);
  marks[2].begin = 1 << static_cast<int>(GazetteerType::kPer);
  FeatureExtractor extractor(16);
  const auto f1 = extractor.Describe(Split(words), marks, 1);
  EXPECT_THAT(f1, Contains("gazSB=LOC"));
  EXPECT_THAT(f1, Contains("gaz+1=PER"));
  const auto f2 = extractor.Describe(Split(words), marks, 2);
  EXPECT_THAT(f2, Contains("gazSI=LOC"));
  EXPECT_THAT(f2, Contains("gazB=PER"));
  EXPECT_THAT(f2, Contains("gazB|cap=PER|I"));
  EXPECT_THAT(f2, Not(Contains("gaz-1=LOC")));  // the previous token's mark is a stem mark
}

TEST(FeatureExtractorTest, ExtractHashesEveryDescribedFeatureIntoTheTable) {
  const std::vector<std::string> words = {"Ο", "Μακρόν", "στο", "Βερολίνο", "."};
  const auto view = Split(words);
  std::vector<GazetteerMark> marks(words.size());
  marks[3].begin = 1 << static_cast<int>(GazetteerType::kLoc);
  FeatureExtractor extractor(12);
  SentenceFeatures features;
  extractor.ExtractWithMarks(view, marks, &features);
  ASSERT_EQ(features.size(), words.size());
  for (size_t i = 0; i < words.size(); ++i) {
    EXPECT_EQ(features.token(i).size(), extractor.Describe(view, marks, i).size()) << i;
    for (uint32_t row : features.token(i)) EXPECT_LT(row, 1u << 12);
  }
  // Deterministic: the same sentence gives the same rows, also after other sentences.
  SentenceFeatures again;
  const std::vector<std::string> other = {"x", "y"};
  extractor.Extract(Split(other), nullptr, &again);
  extractor.ExtractWithMarks(view, marks, &again);
  EXPECT_EQ(features.rows, again.rows);
  EXPECT_EQ(features.offsets, again.offsets);
}

TEST(FeatureExtractorTest, QuotedNamesStemsAndWordsAfterAStop) {
  // Corpora glue sentences together: "Квітка" after "." is sentence-initial as well.
  const std::vector<std::string> words = {"компанія", "«",  "Нафтогаз", "України", "»",
                                          "заявила",  ".",  "Квітка",   "каже",    "\"",
                                          "так",      "\"", "шевченка"};
  const auto view = Split(words);
  FeatureExtractor extractor(16);
  const auto naftogaz = extractor.Describe(view, {}, 2);
  EXPECT_THAT(naftogaz, Contains("quote<=компанія"));
  EXPECT_THAT(naftogaz, Contains("quote@=first"));
  EXPECT_THAT(naftogaz, Contains("w-2|w-1=компанія|«"));
  const auto ukrainy = extractor.Describe(view, {}, 3);
  EXPECT_THAT(ukrainy, Contains("quote<=компанія"));
  EXPECT_THAT(ukrainy, Contains("quote@=inner"));
  EXPECT_THAT(extractor.Describe(view, {}, 10), Contains("quote@=only"));       // ASCII quotes
  EXPECT_THAT(extractor.Describe(view, {}, 5), Not(Contains("quote@=inner")));  // after »
  EXPECT_THAT(extractor.Describe(view, {}, 7), Contains("first=I"));
  EXPECT_THAT(extractor.Describe(view, {}, 8), Not(Contains("first=l")));
  EXPECT_THAT(extractor.Describe(view, {}, 12), Contains("stem=шевченк"));

  // An opening quote without a close within eight tokens is speech, not a name.
  const std::vector<std::string> speech = {"«", "a", "b", "c", "d", "e", "f", "g", "h", "i", "»"};
  for (size_t i = 1; i + 1 < speech.size(); ++i) {
    for (const std::string& f : extractor.Describe(Split(speech), {}, i)) {
      EXPECT_EQ(f.rfind("quote", 0), std::string::npos) << i << " " << f;
    }
  }
}

TEST(FeatureExtractorTest, EmptySentenceAndMismatchedMarks) {
  FeatureExtractor extractor(12);
  SentenceFeatures features;
  extractor.Extract({}, nullptr, &features);
  EXPECT_EQ(features.size(), 0u);
  const std::vector<std::string> words = {"a", "b"};
  std::vector<GazetteerMark> wrong(5);
  extractor.ExtractWithMarks(Split(words), wrong,
                             &features);  // ignored rather than read out of range
  SentenceFeatures plain;
  extractor.Extract(Split(words), nullptr, &plain);
  EXPECT_EQ(features.rows, plain.rows);
}

}  // namespace
}  // namespace newsgraph::extract::tagger
