#include "services/extract/core/gazetteer.h"

#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace newsgraph::extract {
namespace {

constexpr char kKb[] = R"jsonl(
{"id":"ng:country/vn","type":"ENTITY_TYPE_LOCATION","canonical_name":"Vietnam","names":[{"language":"vi","name":"Việt Nam"},{"language":"uk","name":"В'єтнам"}]}
{"id":"ng:country/de","type":"ENTITY_TYPE_LOCATION","canonical_name":"Germany","names":[{"language":"vi","name":"Đức"},{"language":"el","name":"Γερμανία"},{"language":"zh","name":"德国"}],"aliases":["Німеччини","Γερμανίας"]}
{"id":"ng:person/emmanuel-macron","type":"ENTITY_TYPE_PERSON","canonical_name":"Emmanuel Macron","aliases":["Macron","Макрона","Μακρόν"]}
{"id":"ng:org/samsung","type":"ENTITY_TYPE_ORGANIZATION","canonical_name":"Samsung"}
{"id":"ng:country/us","type":"ENTITY_TYPE_LOCATION","canonical_name":"United States","names":[{"language":"vi","name":"Mỹ"}],"aliases":["USA"]}
{"id":"ng:product/nvidia-a100","type":"ENTITY_TYPE_PRODUCT","canonical_name":"Nvidia A100","aliases":["A100"],"parent_id":"ng:org/nvidia"}
)jsonl";

struct Found {
  std::string surface;
  std::string id;
  bool operator==(const Found&) const = default;
  friend void PrintTo(const Found& found, std::ostream* os) {
    *os << "{" << found.surface << " → " << found.id << "}";
  }
};

std::vector<Found> MatchAll(const Gazetteer& gazetteer, const std::string& text) {
  auto matches = gazetteer.Match(text);
  EXPECT_TRUE(matches.ok()) << matches.status();
  std::vector<Found> found;
  for (const auto& m : *matches) {
    found.push_back({text.substr(m.begin, m.end - m.begin), gazetteer.entity(m.entity_index).id()});
  }
  return found;
}

class GazetteerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto built = Gazetteer::FromJsonl(kKb);
    ASSERT_TRUE(built.ok()) << built.status();
    gazetteer_ = std::make_unique<Gazetteer>(std::move(*built));
  }
  std::unique_ptr<Gazetteer> gazetteer_;
};

TEST_F(GazetteerTest, LoadsEveryEntity) { EXPECT_EQ(gazetteer_->entity_count(), 6u); }

TEST_F(GazetteerTest, ShortNamesMatchOnlyAsWritten) {
  EXPECT_THAT(MatchAll(*gazetteer_, "Chính phủ Mỹ và USA"),
              ::testing::ElementsAre(Found{"Mỹ", "ng:country/us"},
                                     Found{"USA", "ng:country/us"}));
  EXPECT_THAT(MatchAll(*gazetteer_, "my plan for usa and MY"), ::testing::IsEmpty());
}

TEST_F(GazetteerTest, MatchesVietnameseWithAndWithoutDiacritics) {
  EXPECT_THAT(
      MatchAll(*gazetteer_, "Samsung mở rộng nhà máy tại Việt Nam và Đức."),
      ::testing::ElementsAre(Found{"Samsung", "ng:org/samsung"},
                             Found{"Việt Nam", "ng:country/vn"}, Found{"Đức", "ng:country/de"}));
  EXPECT_THAT(MatchAll(*gazetteer_, "SAMSUNG tai VIET NAM"),
              ::testing::ElementsAre(Found{"SAMSUNG", "ng:org/samsung"},
                                     Found{"VIET NAM", "ng:country/vn"}));
}

TEST_F(GazetteerTest, LinksOneEntityAcrossScripts) {
  EXPECT_THAT(MatchAll(*gazetteer_, "Візит Макрона до Німеччини"),
              ::testing::ElementsAre(Found{"Макрона", "ng:person/emmanuel-macron"},
                                     Found{"Німеччини", "ng:country/de"}));
  EXPECT_THAT(MatchAll(*gazetteer_, "Ο Μακρόν στη Γερμανία"),
              ::testing::ElementsAre(Found{"Μακρόν", "ng:person/emmanuel-macron"},
                                     Found{"Γερμανία", "ng:country/de"}));
  EXPECT_THAT(MatchAll(*gazetteer_, "马克龙访问德国"),
              ::testing::Contains(Found{"德国", "ng:country/de"}));
}

TEST_F(GazetteerTest, LongestNameWins) {
  EXPECT_THAT(MatchAll(*gazetteer_, "Emmanuel Macron met Macron’s aides"),
              ::testing::ElementsAre(Found{"Emmanuel Macron", "ng:person/emmanuel-macron"},
                                     Found{"Macron", "ng:person/emmanuel-macron"}));
  EXPECT_THAT(MatchAll(*gazetteer_, "Samsung's plant"),
              ::testing::ElementsAre(Found{"Samsung", "ng:org/samsung"}));
}

TEST_F(GazetteerTest, MatchesWholeWordsOnly) {
  EXPECT_THAT(MatchAll(*gazetteer_, "Samsungs and A1000 and Đứcx"), ::testing::IsEmpty());
  EXPECT_THAT(MatchAll(*gazetteer_, "the A100 chip"),
              ::testing::ElementsAre(Found{"A100", "ng:product/nvidia-a100"}));
}

TEST_F(GazetteerTest, NamesDoNotSpanPunctuation) {
  EXPECT_THAT(MatchAll(*gazetteer_, "Emmanuel. Macron"),
              ::testing::ElementsAre(Found{"Macron", "ng:person/emmanuel-macron"}));
}

TEST(GazetteerLoadTest, RejectsBadLinesNamingThem) {
  EXPECT_THAT(Gazetteer::FromJsonl(
                  "{\"id\":\"a\",\"type\":\"ENTITY_TYPE_PERSON\",\"canonical_name\":\"A\"}\n{oops")
                  .status()
                  .message(),
              ::testing::HasSubstr("line 2"));
  EXPECT_THAT(
      Gazetteer::FromJsonl("{\"id\":\"\",\"type\":\"ENTITY_TYPE_PERSON\",\"canonical_name\":\"A\"}")
          .status()
          .message(),
      ::testing::HasSubstr("empty id"));
  EXPECT_THAT(Gazetteer::FromJsonl("{\"id\":\"a\",\"canonical_name\":\"A\"}").status().message(),
              ::testing::HasSubstr("unspecified"));
  std::string duplicate =
      "{\"id\":\"a\",\"type\":\"ENTITY_TYPE_PERSON\",\"canonical_name\":\"A\"}\n";
  EXPECT_THAT(Gazetteer::FromJsonl(duplicate + duplicate).status().message(),
              ::testing::HasSubstr("duplicate id a"));
}

}  // namespace
}  // namespace newsgraph::extract
