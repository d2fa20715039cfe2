// The linking examples of the extract issue, each inside a sentence of its own language and
// script: every surface form must link to the one entity it names, through the whole extractor
// (built-in knowledge base, matcher, overlap resolution).
#include <string>
#include <string_view>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/extract/core/extractor.h"

namespace newsgraph::extract {
namespace {

struct Example {
  std::string_view language;  // passed as the hint; "" lets CLD2 decide
  std::string_view sentence;
  std::string_view surface;  // the mention to look for, as written in `sentence`
};

class LinkingExamplesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto created = Extractor::Create(ExtractorOptions());
    ASSERT_TRUE(created.ok()) << created.status();
    extractor_ = created->release();
  }
  static void TearDownTestSuite() { delete extractor_; }

  // The entity id of the mention whose surface is `example.surface`, or a description of what
  // was found instead.
  static std::string LinkedId(const Example& example) {
    v1::ExtractRequest request;
    request.set_text(std::string(example.sentence));
    request.set_language(std::string(example.language));
    v1::ExtractResponse response;
    absl::Status status = extractor_->Extract(request, &response);
    if (!status.ok()) return status.ToString();
    std::string found;
    for (const common::v1::Mention& mention : response.mentions()) {
      if (mention.surface() == example.surface) return mention.entity_id();
      found += "[" + mention.surface() + " → " + mention.entity_id() + "] ";
    }
    return "no mention \"" + std::string(example.surface) + "\"; found: " + found;
  }

  static void ExpectAllLinkTo(std::string_view id, std::initializer_list<Example> examples) {
    for (const Example& example : examples) {
      EXPECT_EQ(LinkedId(example), id) << example.sentence;
    }
  }

  static const common::v1::Entity* Entity(std::string_view id) {
    return extractor_->FindEntity(id);
  }

  static Extractor* extractor_;
};

Extractor* LinkingExamplesTest::extractor_ = nullptr;

TEST_F(LinkingExamplesTest, MacronInEveryScriptAndCase) {
  ExpectAllLinkTo(
      "ng:person/emmanuel-macron",
      {
          {"en", "Emmanuel Macron spoke in Paris on Tuesday.", "Emmanuel Macron"},
          {"uk", "Еммануель Макрон прибув до Берліна.", "Еммануель Макрон"},
          {"uk", "Візит Макрона до Берліна завершився.", "Макрона"},  // genitive
          {"el", "Ο Εμανουέλ Μακρόν μίλησε στο Παρίσι.", "Εμανουέλ Μακρόν"},
          {"el", "Ο Μακρόν συναντήθηκε με τον καγκελάριο.", "Μακρόν"},
          {"vi", "Tổng thống Pháp Emmanuel Macron đã tới Hà Nội hôm thứ Ba.", "Emmanuel Macron"},
      });
}

TEST_F(LinkingExamplesTest, GermanyInEveryScriptAndCase) {
  ExpectAllLinkTo("ng:country/de", {
                                       {"vi", "Thủ tướng Đức thăm Việt Nam.", "Đức"},
                                       {"uk", "Німеччина посилює підтримку.", "Німеччина"},
                                       {"uk", "Президент Німеччини ухвалив рішення.", "Німеччини"},
                                       {"ru", "Канцлер Германии прибыл в Киев.", "Германии"},
                                       {"el", "Η Γερμανία ανακοίνωσε νέα μέτρα.", "Γερμανία"},
                                       {"el", "Ο καγκελάριος της Γερμανίας μίλησε.", "Γερμανίας"},
                                       {"en", "Germany announced new measures.", "Germany"},
                                       {"zh", "德国总理访问了北京。", "德国"},
                                   });
}

TEST_F(LinkingExamplesTest, JapanInEveryScriptAndCase) {
  ExpectAllLinkTo("ng:country/jp",
                  {
                      {"uk", "Прем'єр-міністр Японії прибув до Києва.", "Японії"},  // genitive
                      {"uk", "У Японії відбулися вибори.", "Японії"},               // locative
                      {"el", "Η Ιαπωνία και η Κορέα υπέγραψαν συμφωνία.", "Ιαπωνία"},
                      {"vi", "Nhật Bản công bố gói kích thích kinh tế mới.", "Nhật Bản"},
                      {"fr", "Le Japon a annoncé de nouvelles mesures.", "Japon"},
                  });
}

TEST_F(LinkingExamplesTest, MiddleEastInEveryScriptAndCase) {
  ExpectAllLinkTo("ng:loc/middle-east",
                  {
                      {"vi", "Căng thẳng ở Trung Đông leo thang.", "Trung Đông"},
                      {"uk", "Ситуація на Близькому Сході загострилася.", "Близькому Сході"},
                      {"uk", "Посол Близького Сходу виступив.", "Близького Сходу"},
                      {"el", "Η Μέση Ανατολή βρίσκεται σε κρίση.", "Μέση Ανατολή"},
                  });
}

TEST_F(LinkingExamplesTest, ProductsLinkToTheirMakers) {
  struct Product {
    Example example;
    std::string_view id;
    std::string_view maker;
  };
  const Product products[] = {
      {{"en", "Nvidia shipped more A100 accelerators this quarter.", "A100"},
       "ng:product/nvidia-a100",
       "ng:org/nvidia"},
      {{"en", "AMD said the MI300X is sold out.", "MI300X"}, "ng:product/amd-mi300x", "ng:org/amd"},
      {{"vi", "Apple bắt đầu bán iPhone 15 tại Việt Nam.", "iPhone 15"},
       "ng:product/apple-iphone-15",
       "ng:org/apple"},
      {{"uk", "Компанія закупила прискорювачі A100 для дата-центру.", "A100"},
       "ng:product/nvidia-a100",
       "ng:org/nvidia"},
  };
  for (const Product& product : products) {
    EXPECT_EQ(LinkedId(product.example), product.id) << product.example.sentence;
    const common::v1::Entity* entity = Entity(product.id);
    ASSERT_NE(entity, nullptr) << product.id;
    EXPECT_EQ(entity->type(), common::v1::ENTITY_TYPE_PRODUCT);
    EXPECT_EQ(entity->parent_id(), product.maker);
  }
}

TEST_F(LinkingExamplesTest, ProjectNamesOutrankMinorLanguageCountryNames) {
  // CLDR spells Syria "Siri" in Swahili; in an English sentence it is Apple's assistant.
  EXPECT_EQ(LinkedId({"en", "Apple is rebuilding Siri around a large language model.", "Siri"}),
            "ng:product/apple-siri");
  EXPECT_EQ(LinkedId({"ru", "Акции VK упали на Московской бирже.", "VK"}), "ng:org/vk");
}

TEST_F(LinkingExamplesTest, LowercaseWordsAreNotNames) {
  // "штата", "в штатах" (a state, in the states) are not "Штаты" (the United States), nor
  // "polskich" (Polish, an adjective) a form of "Polska", nor "đức" of "đạo đức" (morality)
  // Germany; the capitalized forms still link, and so do names spelt lower-case ("iPhone").
  EXPECT_THAT(LinkedId({"ru", "Губернатор штата подписал закон.", "штата"}),
              ::testing::StartsWith("no mention"));
  EXPECT_THAT(LinkedId({"ru", "Выборы прошли во всех штатах.", "штатах"}),
              ::testing::StartsWith("no mention"));
  EXPECT_THAT(LinkedId({"vi", "Bài học đạo đức cho học sinh.", "đức"}),
              ::testing::StartsWith("no mention"));
  EXPECT_EQ(LinkedId({"en", "The iPhone 15 sold well in Germany.", "iPhone 15"}),
            "ng:product/apple-iphone-15");
  EXPECT_THAT(LinkedId({"pl", "Rząd wspiera polskich rolników.", "polskich"}),
              ::testing::StartsWith("no mention"));
  EXPECT_EQ(LinkedId({"pl", "Prezydent Polski spotkał się z premierem.", "Polski"}),
            "ng:country/pl");
  EXPECT_EQ(LinkedId({"ru", "Посол Соединённых Штатов прибыл в Москву.", "Соединённых Штатов"}),
            "ng:country/us");
}

TEST_F(LinkingExamplesTest, ChineseNamesOnlyOnWordBoundaries) {
  // 西安 (Xi'an) is not in 广西安排 (Guangxi arranges); 德国 and 北京 are words here.
  EXPECT_THAT(LinkedId({"zh", "广西安排了新的项目。", "西安"}),
              ::testing::StartsWith("no mention"));
  EXPECT_EQ(LinkedId({"zh", "德国总理访问了北京。", "北京"}), "ng:loc/beijing");
  EXPECT_EQ(LinkedId({"zh", "英伟达发布了新芯片。", "英伟达"}), "ng:org/nvidia");
}

TEST_F(LinkingExamplesTest, ShortNamesDoNotMatchInsideOtherWords) {
  // "Mỹ" (the United States) must not match inside "Mỹ Tho" nor "mỹ" of "thẩm mỹ" (aesthetics).
  v1::ExtractRequest request;
  request.set_text("Ngành thẩm mỹ phát triển mạnh.");
  request.set_language("vi");
  v1::ExtractResponse response;
  ASSERT_TRUE(extractor_->Extract(request, &response).ok());
  for (const common::v1::Mention& mention : response.mentions()) {
    EXPECT_NE(mention.entity_id(), "ng:country/us") << mention.surface();
  }
}

}  // namespace
}  // namespace newsgraph::extract
