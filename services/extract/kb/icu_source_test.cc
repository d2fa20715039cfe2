#include "services/extract/kb/icu_source.h"

#include <set>
#include <string>
#include <utility>

#include "absl/container/flat_hash_set.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/extract/kb/kb_jsonl.h"

namespace newsgraph::extract::kb {
namespace {

using common::v1::Entity;
using ::testing::AnyOf;
using ::testing::Contains;
using ::testing::Not;

const Entity* FindId(const std::vector<Entity>& entities, const std::string& id) {
  for (const Entity& entity : entities) {
    if (entity.id() == id) return &entity;
  }
  return nullptr;
}

std::set<std::pair<std::string, std::string>> NamePairs(const Entity& entity) {
  std::set<std::pair<std::string, std::string>> pairs;
  for (const auto& name : entity.names()) pairs.emplace(name.language(), name.name());
  return pairs;
}

class IcuCountriesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto entities = IcuCountryEntities(/*short_names=*/true);
    ASSERT_TRUE(entities.ok()) << entities.status();
    countries_ = new std::vector<Entity>(*std::move(entities));
  }
  static void TearDownTestSuite() { delete countries_; }
  static std::vector<Entity>* countries_;
};
std::vector<Entity>* IcuCountriesTest::countries_ = nullptr;

TEST_F(IcuCountriesTest, GermanyInManyLanguages) {
  const Entity* germany = FindId(*countries_, "ng:country/de");
  ASSERT_NE(germany, nullptr);
  EXPECT_EQ(germany->type(), common::v1::ENTITY_TYPE_LOCATION);
  EXPECT_EQ(germany->canonical_name(), "Germany");
  auto pairs = NamePairs(*germany);
  for (const auto& expected :
       std::vector<std::pair<std::string, std::string>>{{"en", "Germany"},
                                                        {"de", "Deutschland"},
                                                        {"uk", "Німеччина"},
                                                        {"ru", "Германия"},
                                                        {"el", "Γερμανία"},
                                                        {"vi", "Đức"},
                                                        {"zh", "德国"},
                                                        {"zh-Hant", "德國"},
                                                        {"ja", "ドイツ"},
                                                        {"fr", "Allemagne"}}) {
    EXPECT_THAT(pairs, Contains(expected));
  }
  // Every language ICU has data for: far more than the handful the project writes by hand.
  EXPECT_GT(germany->names_size(), 150);
}

TEST_F(IcuCountriesTest, NoFallbacksAndNoDuplicates) {
  for (const Entity& country : *countries_) {
    std::string code = country.id().substr(std::string("ng:country/").size());
    std::string upper = code;
    for (char& c : upper) c = static_cast<char>(c - 'a' + 'A');
    absl::flat_hash_set<std::string> seen;
    for (const auto& name : country.names()) {
      EXPECT_NE(name.name(), upper) << country.id() << " " << name.language();
      EXPECT_TRUE(seen.insert(name.language() + "\x1f" + name.name()).second)
          << country.id() << " repeats " << name.language() << " " << name.name();
    }
  }
}

TEST_F(IcuCountriesTest, ScriptVariantsOnlyWhereTheyDiffer) {
  const Entity* germany = FindId(*countries_, "ng:country/de");
  ASSERT_NE(germany, nullptr);
  // Serbian is Cyrillic by default; the Latin variant spells it differently, so both are there.
  auto pairs = NamePairs(*germany);
  EXPECT_THAT(pairs, Contains(std::make_pair(std::string("sr"), std::string("Немачка"))));
  EXPECT_THAT(pairs, Contains(std::make_pair(std::string("sr-Latn"), std::string("Nemačka"))));
  // Simplified Chinese is the default for "zh", so "zh-Hans" would only repeat it.
  EXPECT_THAT(pairs, Not(Contains(std::make_pair(std::string("zh-Hans"), std::string("德国")))));
}

TEST_F(IcuCountriesTest, EveryEntityPassesTheSchema) {
  EXPECT_GT(countries_->size(), 240u);
  for (const Entity& country : *countries_) {
    EXPECT_TRUE(ValidateEntity(country, IdPolicy::kProject).ok())
        << ValidateEntity(country, IdPolicy::kProject);
  }
}

TEST(IcuCountriesShortNamesTest, ShortFormsOnlyWhenAsked) {
  auto with = IcuCountryEntities(true);
  auto without = IcuCountryEntities(false);
  ASSERT_TRUE(with.ok() && without.ok());
  const Entity* uk_with = FindId(*with, "ng:country/gb");
  const Entity* uk_without = FindId(*without, "ng:country/gb");
  ASSERT_NE(uk_with, nullptr);
  ASSERT_NE(uk_without, nullptr);
  auto uk = std::make_pair(std::string("en"), std::string("UK"));
  EXPECT_THAT(NamePairs(*uk_with), Contains(uk));
  EXPECT_THAT(NamePairs(*uk_without), Not(Contains(uk)));
  EXPECT_THAT(NamePairs(*uk_with),
              Contains(std::make_pair(std::string("en"), std::string("United Kingdom"))));
}

class IcuCurrenciesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto entities = IcuCurrencyEntities(DefaultCurrencyLanguages());
    ASSERT_TRUE(entities.ok()) << entities.status();
    currencies_ = new std::vector<Entity>(*std::move(entities));
  }
  static void TearDownTestSuite() { delete currencies_; }
  static std::vector<Entity>* currencies_;
};
std::vector<Entity>* IcuCurrenciesTest::currencies_ = nullptr;

TEST_F(IcuCurrenciesTest, Euro) {
  const Entity* euro = FindId(*currencies_, "ng:currency/eur");
  ASSERT_NE(euro, nullptr);
  EXPECT_EQ(euro->type(), common::v1::ENTITY_TYPE_MISC);
  EXPECT_EQ(euro->canonical_name(), "Euro");
  EXPECT_THAT(euro->aliases(), Contains("€"));
  EXPECT_THAT(euro->aliases(), Contains("euros"));
  auto pairs = NamePairs(*euro);
  EXPECT_THAT(pairs, Contains(std::make_pair(std::string("uk"), std::string("євро"))));
  EXPECT_THAT(pairs, Contains(std::make_pair(std::string("zh"), std::string("欧元"))));
  // Only the configured languages.
  for (const auto& [language, name] : pairs) {
    EXPECT_THAT(DefaultCurrencyLanguages(), Contains(language));
  }
}

TEST_F(IcuCurrenciesTest, MinorCurrenciesDropOneWordLowercaseNames) {
  // "dobra" / "dobre" are Polish and Czech for "good", "taka" Polish for "such".
  for (const char* id : {"ng:currency/stn", "ng:currency/bdt"}) {
    const Entity* currency = FindId(*currencies_, id);
    ASSERT_NE(currency, nullptr) << id;
    for (const std::string& alias : currency->aliases()) {
      EXPECT_THAT(alias, Not(AnyOf("dobra", "dobras", "taka"))) << id;
    }
    for (const auto& name : currency->names()) {
      EXPECT_THAT(name.name(), Not(AnyOf("dobra", "taka"))) << id;
    }
  }
  // The euro keeps its one-word names.
  const Entity* euro = FindId(*currencies_, "ng:currency/eur");
  ASSERT_NE(euro, nullptr);
  EXPECT_THAT(NamePairs(*euro), Contains(std::make_pair(std::string("uk"), std::string("євро"))));
}

TEST_F(IcuCurrenciesTest, SymbolsThatCouldMisleadAreLeftOut) {
  const Entity* usd = FindId(*currencies_, "ng:currency/usd");
  const Entity* jpy = FindId(*currencies_, "ng:currency/jpy");
  const Entity* cny = FindId(*currencies_, "ng:currency/cny");
  const Entity* vnd = FindId(*currencies_, "ng:currency/vnd");
  ASSERT_TRUE(usd && jpy && cny && vnd);
  EXPECT_THAT(usd->aliases(), Contains("US$"));
  EXPECT_THAT(vnd->aliases(), Contains("₫"));
  EXPECT_THAT(NamePairs(*vnd),
              Contains(std::make_pair(std::string("vi"), std::string("Đồng Việt Nam"))));
  // "¥" is the yen in English and the yuan in Chinese: on neither.
  EXPECT_THAT(jpy->aliases(), Not(Contains("¥")));
  EXPECT_THAT(cny->aliases(), Not(Contains("¥")));
  EXPECT_THAT(jpy->aliases(), Contains("￥"));  // fullwidth, Japanese only
  // A lone letter is a word, not a symbol.
  EXPECT_THAT(cny->aliases(), Not(Contains("元")));
  // ISO codes are ICU's fallback (Ukrainian has no euro symbol) and often words ("ALL").
  for (const Entity& currency : *currencies_) {
    std::string iso = currency.id().substr(std::string("ng:currency/").size());
    for (char& c : iso) c = static_cast<char>(c - 'a' + 'A');
    EXPECT_THAT(currency.aliases(), Not(Contains(iso))) << currency.id();
    for (const auto& name : currency.names()) EXPECT_NE(name.name(), iso) << currency.id();
    EXPECT_TRUE(ValidateEntity(currency, IdPolicy::kProject).ok())
        << ValidateEntity(currency, IdPolicy::kProject);
  }
  EXPECT_GT(currencies_->size(), 100u);
}

TEST(IcuCurrencyLanguagesTest, ChosenLanguagesOnly) {
  auto entities = IcuCurrencyEntities({"en", "zh-Hant"});
  ASSERT_TRUE(entities.ok()) << entities.status();
  const Entity* usd = FindId(*entities, "ng:currency/usd");
  ASSERT_NE(usd, nullptr);
  EXPECT_EQ(NamePairs(*usd), (std::set<std::pair<std::string, std::string>>{{"en", "US Dollar"},
                                                                            {"zh-Hant", "美元"}}));
}

TEST(IcuCurrencyLanguagesTest, EmptyMeansNoCurrencies) {
  auto entities = IcuCurrencyEntities({});
  ASSERT_TRUE(entities.ok());
  EXPECT_TRUE(entities->empty());
}

TEST(IcuCurrencyLanguagesTest, RejectsLanguagesWithoutData) {
  for (const char* tag : {"xx", "EN", "en_US", ""}) {
    auto entities = IcuCurrencyEntities({"en", tag});
    ASSERT_FALSE(entities.ok()) << tag;
    EXPECT_EQ(entities.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_THAT(std::string(entities.status().message()),
                ::testing::HasSubstr(std::string("\"") + tag + "\""));
  }
}

}  // namespace
}  // namespace newsgraph::extract::kb
