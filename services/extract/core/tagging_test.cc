// The committed tagger models inside the extractor: names the knowledge base does not know get
// provisional ids, the same in every document; and loading failures name the file.
#include "services/extract/core/tagging.h"

#include <fstream>
#include <string>

#include "common/testing/temp_dir.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/extract/core/extractor.h"

namespace newsgraph::extract {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;

class TaggedExtractionTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ExtractorOptions options;
    options.models_dir = NG_MODELS_DIR;
    auto created = Extractor::Create(options);
    ASSERT_TRUE(created.ok()) << created.status();
    extractor_ = created->release();
  }
  static void TearDownTestSuite() { delete extractor_; }

  // "surface → entity id" of every tagger mention.
  static std::vector<std::string> TaggerMentions(const std::string& text,
                                                 const std::string& language) {
    v1::ExtractRequest request;
    request.set_text(text);
    request.set_language(language);
    v1::ExtractResponse response;
    absl::Status status = extractor_->Extract(request, &response);
    if (!status.ok()) return {status.ToString()};
    std::vector<std::string> found;
    for (const common::v1::Mention& mention : response.mentions()) {
      if (mention.source() != common::v1::MENTION_SOURCE_TAGGER) continue;
      found.push_back(mention.surface() + " → " + mention.entity_id());
      EXPECT_GT(mention.confidence(), 0.0f);
      EXPECT_LE(mention.confidence(), 1.0f);
    }
    for (const common::v1::Entity& entity : response.entities()) {
      if (entity.id().starts_with("ng:new/")) {
        EXPECT_TRUE(entity.provisional()) << entity.id();
      }
    }
    return found;
  }

  static Extractor* extractor_;
};

Extractor* TaggedExtractionTest::extractor_ = nullptr;

TEST_F(TaggedExtractionTest, ServesTheManifestLanguages) {
  EXPECT_EQ(extractor_->tagger_languages(),
            (std::vector<std::string>{"bg", "cs", "el", "pl", "ru", "sl", "uk"}));
}

TEST_F(TaggedExtractionTest, UnknownUkrainianPersonGetsAProvisionalId) {
  const std::vector<std::string> found = TaggerMentions(
      "Голова правління компанії Олександр Петрищенко заявив журналістам, що завод у Житомирі "
      "відновить роботу наступного місяця.",
      "uk");
  EXPECT_THAT(found, Contains(HasSubstr("Олександр Петрищенко → ng:new/person/")));
}

TEST_F(TaggedExtractionTest, UnknownGreekPersonGetsAProvisionalId) {
  const std::vector<std::string> found = TaggerMentions(
      "Ο διευθύνων σύμβουλος της εταιρείας Γιώργος Παπαδημητρίου δήλωσε ότι οι επενδύσεις θα "
      "αυξηθούν.",
      "el");
  EXPECT_THAT(found, Contains(HasSubstr("Γιώργος Παπαδημητρίου → ng:new/person/")));
}

TEST_F(TaggedExtractionTest, TheSameUnknownNameGetsTheSameIdInAnotherDocument) {
  const std::vector<std::string> first = TaggerMentions(
      "Міністр зустрівся з Олександром Петрищенком у Києві. Олександр Петрищенко подякував.", "uk");
  const std::vector<std::string> second = TaggerMentions(
      "Олександр Петрищенко відвідав Харків, де провів переговори з місцевою владою.", "uk");
  std::string id_in_second;
  for (const std::string& mention : second) {
    if (mention.starts_with("Олександр Петрищенко → ")) {
      id_in_second = mention.substr(mention.find("→ ") + 4);
    }
  }
  ASSERT_FALSE(id_in_second.empty()) << ::testing::PrintToString(second);
  EXPECT_THAT(first, Contains("Олександр Петрищенко → " + id_in_second));
}

TEST_F(TaggedExtractionTest, KnowledgeBaseNamesWinOverTheTagger) {
  v1::ExtractRequest request;
  request.set_text("Еммануель Макрон прибув до Берліна, де зустрівся з канцлером.");
  request.set_language("uk");
  v1::ExtractResponse response;
  ASSERT_TRUE(extractor_->Extract(request, &response).ok());
  for (const common::v1::Mention& mention : response.mentions()) {
    if (mention.surface().find("Макрон") != std::string::npos) {
      EXPECT_EQ(mention.entity_id(), "ng:person/emmanuel-macron");
      EXPECT_EQ(mention.source(), common::v1::MENTION_SOURCE_KNOWLEDGE_BASE);
    }
  }
}

TEST_F(TaggedExtractionTest, ConfidentTaggerSpansEnclosingKnownNamesWin) {
  // "Στερεάς Ελλάδας" (Central Greece) is a region the knowledge base does not know around
  // "Ελλάδας" (Greece), which it does.
  EXPECT_THAT(TaggerMentions("Οι βουλευτές της Στερεάς Ελλάδας συναντήθηκαν χθες στη Λαμία.", "el"),
              Contains(HasSubstr("Στερεάς Ελλάδας → ng:new/location/")));
}

TEST_F(TaggedExtractionTest, LanguagesWithoutAModelGetNoTaggerMentions) {
  EXPECT_TRUE(
      TaggerMentions("Chairman John Smithfield of Acmecorp said sales rose.", "en").empty());
}

TEST(TaggerSetLoadTest, FailuresNameTheFile) {
  testing::TempDir dir;
  auto missing = TaggerSet::Load(dir.path());
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(missing.status().message(), HasSubstr("languages.tsv"));

  std::ofstream(dir.Sub("languages.tsv")) << "# comment\n\nuk\n";
  auto malformed = TaggerSet::Load(dir.path());
  EXPECT_EQ(malformed.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(malformed.status().message(), HasSubstr("languages.tsv:3"));

  std::ofstream(dir.Sub("languages.tsv")) << "uk\tnowhere.ngtagger\n";
  auto absent_model = TaggerSet::Load(dir.path());
  EXPECT_FALSE(absent_model.ok());
  EXPECT_THAT(absent_model.status().message(), HasSubstr("nowhere.ngtagger"));

  std::ofstream(dir.Sub("bad.ngtagger")) << "not a model";
  std::ofstream(dir.Sub("languages.tsv")) << "uk\tbad.ngtagger\n";
  auto bad_model = TaggerSet::Load(dir.path());
  EXPECT_FALSE(bad_model.ok());
  EXPECT_THAT(bad_model.status().message(), HasSubstr("bad.ngtagger"));
}

}  // namespace
}  // namespace newsgraph::extract
