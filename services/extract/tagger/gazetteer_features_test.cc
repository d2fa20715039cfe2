#include "services/extract/tagger/gazetteer_features.h"

#include <string>
#include <string_view>
#include <vector>

#include "common/text/normalizer.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace newsgraph::extract::tagger {
namespace {

constexpr uint8_t kPer = 1 << static_cast<int>(GazetteerType::kPer);
constexpr uint8_t kOrg = 1 << static_cast<int>(GazetteerType::kOrg);
constexpr uint8_t kLoc = 1 << static_cast<int>(GazetteerType::kLoc);
constexpr uint8_t kMisc = 1 << static_cast<int>(GazetteerType::kMisc);

std::vector<GazetteerMark> MarkAll(const KbGazetteer& g, const std::vector<std::string>& words) {
  std::vector<std::string_view> view(words.begin(), words.end());
  std::vector<std::string> folded;
  for (const std::string& w : words) folded.push_back(text::Fold(w));
  std::vector<std::string_view> folded_view(folded.begin(), folded.end());
  std::vector<GazetteerMark> marks(words.size());
  g.Mark(view, folded_view, marks);
  return marks;
}

TEST(KbGazetteerTest, StemRemovesOneCommonEnding) {
  EXPECT_EQ(KbGazetteer::Stem("трампа"), "трамп");
  EXPECT_EQ(KbGazetteer::Stem("трамп"), "трамп");
  EXPECT_EQ(KbGazetteer::Stem("макроном"), "макрон");
  EXPECT_EQ(KbGazetteer::Stem("γερμανιας"), "γερμαν");
  EXPECT_EQ(KbGazetteer::Stem("γερμανια"), "γερμαν");
  // Never below three letters.
  EXPECT_EQ(KbGazetteer::Stem("мея"), "мея");
  EXPECT_EQ(KbGazetteer::Stem("warszawy"), "warszaw");
}

TEST(KbGazetteerTest, MarksExactAndInflectedMultiWordNames) {
  KbGazetteer g;
  ASSERT_TRUE(g.AddName("Дональд Трамп", GazetteerType::kPer).ok());
  ASSERT_TRUE(g.AddName("Київ", GazetteerType::kLoc).ok());
  EXPECT_EQ(g.name_count(), 2u);

  auto marks = MarkAll(g, {"Дональд", "Трамп", "і", "КИЇВ"});
  EXPECT_EQ(marks[0].begin, kPer);
  EXPECT_EQ(marks[1].inside, kPer);
  EXPECT_EQ(marks[0].stem_begin, kPer);
  EXPECT_EQ(marks[3].begin, kLoc);  // case-insensitive
  EXPECT_TRUE(marks[2].empty());

  // Inflected: only the stems agree.
  marks = MarkAll(g, {"Дональда", "Трампа", "з", "Києва"});
  EXPECT_EQ(marks[0].begin, 0);
  EXPECT_EQ(marks[0].stem_begin, kPer);
  EXPECT_EQ(marks[1].stem_inside, kPer);
  EXPECT_EQ(marks[1].inside, 0);
  // "Києва" (stem "києв") vs "Київ" (stem "київ"): a crude stemmer misses this alternation.
  EXPECT_TRUE(marks[3].empty());

  // A prefix of a name alone is not a match.
  marks = MarkAll(g, {"Дональд", "Дак"});
  EXPECT_TRUE(marks[0].empty());
}

TEST(KbGazetteerTest, OverlappingNamesAllCount) {
  KbGazetteer g;
  ASSERT_TRUE(g.AddName("New York", GazetteerType::kLoc).ok());
  ASSERT_TRUE(g.AddName("New York Times", GazetteerType::kOrg).ok());
  ASSERT_TRUE(g.AddName("York", GazetteerType::kLoc).ok());
  const auto marks = MarkAll(g, {"the", "New", "York", "Times"});
  EXPECT_EQ(marks[1].begin, kLoc | kOrg);
  EXPECT_EQ(marks[2].inside, kLoc | kOrg);
  EXPECT_EQ(marks[2].begin, kLoc);
  EXPECT_EQ(marks[3].inside, kOrg);
}

TEST(KbGazetteerTest, ReadsKnowledgeBaseJsonl) {
  const std::string jsonl =
      R"({"id": "ng:person/x", "type": "ENTITY_TYPE_PERSON", "canonical_name": "Emmanuel Macron", "names": [{"language": "el", "name": "Εμανουέλ Μακρόν"}], "aliases": ["Макрон"]})"
      "\n\n"
      R"({"id": "ng:org/y", "type": "ENTITY_TYPE_ORGANIZATION", "canonical_name": "NATO", "futureField": 1})"
      "\n"
      R"({"id": "ng:event/z", "type": "ENTITY_TYPE_EVENT", "canonical_name": "Brexit"})"
      "\n"
      R"({"id": "ng:date/w", "type": "ENTITY_TYPE_DATE", "canonical_name": "Monday"})"
      "\n";
  KbGazetteer g;
  auto added = g.AddJsonl(jsonl, "test.jsonl");
  ASSERT_TRUE(added.ok()) << added.status();
  EXPECT_EQ(*added, 3u);  // the date entity is not a name
  auto marks = MarkAll(g, {"Εμανουέλ", "Μακρόν", "NATO", "Brexit", "Monday", "Макрона"});
  EXPECT_EQ(marks[0].begin, kPer);
  EXPECT_EQ(marks[1].inside, kPer);
  EXPECT_EQ(marks[1].begin, 0);  // "Μακρόν" alone is not one of the names
  EXPECT_EQ(marks[2].begin, kOrg);
  EXPECT_EQ(marks[3].begin, kMisc);
  EXPECT_TRUE(marks[4].empty());
  EXPECT_EQ(marks[5].stem_begin, kPer);
}

TEST(KbGazetteerTest, BadJsonlNamesTheLine) {
  KbGazetteer g;
  auto added = g.AddJsonl(
      "{\"id\": \"a\", \"type\": \"ENTITY_TYPE_PERSON\", \"canonical_name\": "
      "\"A B\"}\n{not json\n",
      "kb.jsonl");
  ASSERT_FALSE(added.ok());
  EXPECT_EQ(added.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(added.status().message()), ::testing::HasSubstr("kb.jsonl line 2"));
}

TEST(KbGazetteerTest, MissingFileIsNotFound) {
  KbGazetteer g;
  auto added = g.AddJsonlFile("/nonexistent/kb.jsonl");
  ASSERT_FALSE(added.ok());
  EXPECT_EQ(added.status().code(), absl::StatusCode::kNotFound);
}

TEST(KbGazetteerTest, EmptyGazetteerMarksNothing) {
  KbGazetteer g;
  const auto marks = MarkAll(g, {"Київ"});
  EXPECT_TRUE(marks[0].empty());
}

}  // namespace
}  // namespace newsgraph::extract::tagger
