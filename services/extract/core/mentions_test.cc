#include "services/extract/core/mentions.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/extract/core/provisional.h"

namespace newsgraph::extract {
namespace {

using ::testing::ElementsAre;

Candidate Make(size_t begin, size_t end, std::string id, int priority) {
  Candidate candidate;
  candidate.begin = begin;
  candidate.end = end;
  candidate.entity_id = std::move(id);
  candidate.priority = priority;
  return candidate;
}

std::vector<std::string> Ids(const std::vector<Candidate>& candidates) {
  std::vector<std::string> ids;
  for (const auto& c : candidates) ids.push_back(c.entity_id);
  return ids;
}

TEST(ResolveOverlapsTest, PriorityThenLengthThenPosition) {
  std::vector<Candidate> candidates = {
      Make(0, 15, "tagger-long", 1),  // loses to the KB name inside it despite its length
      Make(9, 15, "kb-macron", 3),   Make(20, 30, "pattern", 2), Make(25, 40, "tagger", 1),
      Make(50, 60, "short", 2),      Make(45, 65, "long", 2),    Make(70, 75, "a", 2),
      Make(70, 75, "b", 2)};
  EXPECT_THAT(Ids(ResolveOverlaps(candidates)), ElementsAre("kb-macron", "pattern", "long", "a"));
}

TEST(ResolveOverlapsTest, AdjacentSpansBothSurvive) {
  EXPECT_THAT(Ids(ResolveOverlaps({Make(5, 10, "b", 1), Make(0, 5, "a", 1)})),
              ElementsAre("a", "b"));
}

TEST(Utf16OffsetsTest, CountsCodeUnitsIncludingSurrogatePairs) {
  // "a" (1 byte, 1 unit), "é" (2, 1), "德" (3, 1), "😀" (4, 2), "b".
  std::string text = "aé德😀b";
  EXPECT_THAT(Utf16Offsets(text, {0, 1, 3, 6, 10, 11}), ElementsAre(0, 1, 2, 3, 5, 6));
  EXPECT_THAT(Utf16Offsets(text, {11, 0, 6}), ElementsAre(6, 0, 3));  // any order
}

common::v1::Mention MentionOf(std::string id, uint32_t begin, common::v1::EntityType type) {
  common::v1::Mention mention;
  mention.set_entity_id(std::move(id));
  mention.set_begin(begin);
  mention.set_end(begin + 3);
  mention.set_type(type);
  return mention;
}

TEST(RankEntitiesTest, TitleFrequencyAndPositionRaiseSalience) {
  using common::v1::ENTITY_TYPE_DATE;
  using common::v1::ENTITY_TYPE_LOCATION;
  using common::v1::ENTITY_TYPE_PERSON;
  std::vector<common::v1::Mention> mentions = {MentionOf("date:2025-11-28", 0, ENTITY_TYPE_DATE),
                                               MentionOf("macron", 10, ENTITY_TYPE_PERSON),
                                               MentionOf("berlin", 500, ENTITY_TYPE_LOCATION),
                                               MentionOf("macron", 600, ENTITY_TYPE_PERSON),
                                               MentionOf("merz", 900, ENTITY_TYPE_PERSON),
                                               MentionOf("", 950, ENTITY_TYPE_PERSON)};
  auto ranked = RankEntities(mentions, 1000, {"merz"});
  ASSERT_EQ(ranked.size(), 4u);
  EXPECT_EQ(ranked[0].entity_id(), "macron");  // early and twice
  EXPECT_EQ(ranked[0].mention_count(), 2u);
  EXPECT_EQ(ranked[1].entity_id(), "merz");                 // late but in the title
  EXPECT_EQ(ranked.back().entity_id(), "date:2025-11-28");  // first, but a date counts half
  for (const auto& entity : ranked) {
    EXPECT_GE(entity.salience(), 0.0f);
    EXPECT_LE(entity.salience(), 1.0f);
  }
}

TEST(ProvisionalTest, SameNameAcrossScriptsAndInflections) {
  EXPECT_EQ(TransliterationKey("Macron"), "makron");
  EXPECT_EQ(TransliterationKey("Макрон"), "makron");
  EXPECT_EQ(TransliterationKey("Макрона"), "makron");
  EXPECT_EQ(TransliterationKey("Μακρόν"), "makron");
  EXPECT_EQ(TransliterationKey("Шмигаль"), TransliterationKey("Shmyhal"));
  EXPECT_EQ(TransliterationKey("Денис Шмигаль"), "denis-smigal");
  EXPECT_EQ(TransliterationKey("!!!"), "");
  EXPECT_EQ(ProvisionalId(common::v1::ENTITY_TYPE_PERSON, "Шмигаля"), "ng:new/person/smigal");
  EXPECT_EQ(ProvisionalId(common::v1::ENTITY_TYPE_ORGANIZATION, "  "), "");
}

}  // namespace
}  // namespace newsgraph::extract
