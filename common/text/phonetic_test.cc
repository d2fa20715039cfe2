#include "common/text/phonetic.h"

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace newsgraph::text {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;

TEST(PhoneticWordsTest, ScriptsAndConventionsMeet) {
  EXPECT_EQ(PhoneticWords("Macron"), PhoneticWords("Макрон"));
  EXPECT_EQ(PhoneticWords("Μακρόν"), PhoneticWords("makron"));
  EXPECT_EQ(PhoneticWords("Шмигаль"), PhoneticWords("Shmyhal"));
  EXPECT_THAT(PhoneticWords("Emmanuel Macron"), ElementsAre("emanuel", "makron"));
}

TEST(PhoneticWordsTest, DifferentNamesStayApart) {
  EXPECT_NE(PhoneticWords("Macron"), PhoneticWords("Merz"));
  EXPECT_NE(PhoneticWords("Берлін"), PhoneticWords("Париж"));
}

TEST(PhoneticWordsTest, NoLettersNoWords) {
  EXPECT_THAT(PhoneticWords(""), IsEmpty());
  EXPECT_THAT(PhoneticWords("— · —"), IsEmpty());
}

}  // namespace
}  // namespace newsgraph::text
