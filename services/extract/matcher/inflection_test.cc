#include "services/extract/matcher/inflection.h"

#include <string>
#include <vector>

#include "common/text/normalizer.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace newsgraph::extract::matcher_internal {
namespace {

using ::testing::AllOf;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::IsEmpty;
using ::testing::Not;
using ::testing::UnorderedElementsAre;

std::vector<std::string> Stems(std::string_view word, Declension declension) {
  std::vector<std::string> stems;
  const std::string folded = text::Fold(word);
  Inflections::Get().ForEachStem(folded, declension, [&](std::string_view stem) {
    stems.emplace_back(stem);
    return false;
  });
  return stems;
}

std::vector<std::string> NameKeys(std::string_view word, Declension declension) {
  std::vector<std::string> keys;
  Inflections::Get().ForEachNameKey(text::Fold(word), Inflections::LowerCase(word), declension,
                                    [&](std::string_view key) { keys.emplace_back(key); });
  return keys;
}

TEST(InflectionTest, NameKeysAreTheWordAndItsDictionaryFormStems) {
  EXPECT_THAT(NameKeys("Макрон", Declension::kCyrillic), ElementsAre("макрон"));
  EXPECT_THAT(NameKeys("Макрона", Declension::kCyrillic), ElementsAre("макрона", "макрон"));
  EXPECT_THAT(NameKeys("Німеччина", Declension::kCyrillic), ElementsAre("німеччина", "німеччин"));
  EXPECT_THAT(NameKeys("Близький", Declension::kCyrillic),
              UnorderedElementsAre("близькии", "близьки", "близьк"));
  EXPECT_THAT(NameKeys("Германия", Declension::kCyrillic), ElementsAre("германия", "германи"));
  EXPECT_THAT(NameKeys("Γερμανία", Declension::kGreek), ElementsAre("γερμανια", "γερμανι"));
  EXPECT_THAT(NameKeys("Μέση", Declension::kGreek), ElementsAre("μεση", "μεσ"));
  EXPECT_THAT(NameKeys("Ukraina", Declension::kLatinSlavic), ElementsAre("ukraina", "ukrain"));
  EXPECT_THAT(NameKeys("Ukraina", Declension::kNone), ElementsAre("ukraina"));
}

TEST(InflectionTest, ConsonantFinalCyrillicNamesKeepTheirLastLetters) {
  // Masculine nouns have no ending in the dictionary form, whatever their last letters look like.
  EXPECT_THAT(NameKeys("Лавров", Declension::kCyrillic), ElementsAre("лавров"));
  EXPECT_THAT(NameKeys("В'єтнам", Declension::kCyrillic), ElementsAre("в'єтнам"));
  EXPECT_THAT(NameKeys("Фрідріх", Declension::kCyrillic),
              AllOf(Contains("фрідріх"), Not(Contains("фрідр"))));
  EXPECT_THAT(NameKeys("Львів", Declension::kCyrillic),
              ElementsAre("львів", "львов", "львев", "львєв"));
}

TEST(InflectionTest, InflectedAliasesOnlyLoseDictionaryEndings) {
  // "Дании" is a genitive in -и, not an adjective in -ий (both fold to "-ии").
  EXPECT_THAT(NameKeys("Дании", Declension::kCyrillic), ElementsAre("дании", "дани"));
  EXPECT_THAT(NameKeys("Близький", Declension::kCyrillic),
              UnorderedElementsAre("близькии", "близьки", "близьк"));
  // Longer oblique endings stay: no "рост" from "Ростові".
  EXPECT_THAT(NameKeys("Ростові", Declension::kCyrillic), ElementsAre("ростові", "ростов"));
  EXPECT_EQ(Inflections::LowerCase("ДАНІЇ Ιαπωνίας"), "данії ιαπωνίασ");  // accents stay
}

TEST(InflectionTest, StemsKeepThreeCodePoints) {
  EXPECT_THAT(NameKeys("Рим", Declension::kCyrillic), ElementsAre("рим"));
  EXPECT_THAT(Stems("Ріка", Declension::kCyrillic), ElementsAre("рік"));
  EXPECT_THAT(Stems("Ока", Declension::kCyrillic), IsEmpty());
}

TEST(InflectionTest, TextStemsComeShortestEndingFirst) {
  EXPECT_THAT(Stems("Германией", Declension::kCyrillic), ElementsAre("германие", "германи"));
  EXPECT_THAT(Stems("Макроном", Declension::kCyrillic), ElementsAre("макрон"));
  EXPECT_THAT(Stems("Близького", Declension::kCyrillic), ElementsAre("близьког", "близьк"));
  EXPECT_THAT(Stems("Γερμανίας", Declension::kGreek), ElementsAre("γερμανι"));
  EXPECT_THAT(Stems("Ukrainie", Declension::kLatinSlavic), ElementsAre("ukraini", "ukrain"));
  EXPECT_THAT(Stems("Ukrainie", Declension::kNone), IsEmpty());
}

TEST(InflectionTest, ForEachStemStopsWhenAsked) {
  std::vector<std::string> seen;
  const bool stopped = Inflections::Get().ForEachStem(
      text::Fold("Германией"), Declension::kCyrillic, [&](std::string_view stem) {
        seen.emplace_back(stem);
        return true;
      });
  EXPECT_TRUE(stopped);
  EXPECT_THAT(seen, ElementsAre("германие"));
}

TEST(InflectionTest, UkrainianAlternationsOfTheLastSyllable) {
  const Inflections& inflections = Inflections::Get();
  EXPECT_THAT(inflections.AlternateStems(text::Fold("Схід")), Contains("сход"));
  EXPECT_THAT(inflections.AlternateStems(text::Fold("Львів")), Contains("львов"));
  EXPECT_THAT(inflections.AlternateStems(text::Fold("Київ")), Contains("києв"));
  EXPECT_THAT(inflections.AlternateStems(text::Fold("Макрон")), IsEmpty());
  EXPECT_THAT(inflections.AlternateStems(text::Fold("Іра")), IsEmpty());
  EXPECT_THAT(inflections.AlternateStems(text::Fold("Ірак")), IsEmpty());  // і is the first letter
}

TEST(InflectionTest, RawStemsAreCaseSensitive) {
  std::vector<std::string> stems;
  Inflections::Get().ForEachRawStem("Ірану", Declension::kCyrillic, [&](std::string_view stem) {
    stems.emplace_back(stem);
    return false;
  });
  EXPECT_THAT(stems, ElementsAre("Іран"));
  stems.clear();
  Inflections::Get().ForEachRawStem("ІРАНУ", Declension::kCyrillic, [&](std::string_view stem) {
    stems.emplace_back(stem);
    return false;
  });
  EXPECT_THAT(stems, IsEmpty());
  EXPECT_EQ(Inflections::Get().RawNameStem("Рада", Declension::kCyrillic), "Рад");
}

}  // namespace
}  // namespace newsgraph::extract::matcher_internal
