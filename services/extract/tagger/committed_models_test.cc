// The models committed in services/extract/models/ load with this build's feature set and find the
// obvious names in a sentence of their language. A feature change without retraining fails here.
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/extract/tagger/tagger.h"

namespace newsgraph::extract::tagger {
namespace {

using ::testing::ElementsAre;
using ::testing::IsSupersetOf;

struct Case {
  const char* model;
  std::string text;
  std::vector<std::string> expected;  // "<type> <surface>", among the spans found
};

std::vector<std::string> Found(const Tagger& tagger, const std::string& text) {
  std::vector<std::string> found;
  auto spans = tagger.TagText(text, nullptr);
  EXPECT_TRUE(spans.ok()) << spans.status();
  if (!spans.ok()) return found;
  for (const TextSpan& span : *spans) {
    EXPECT_GT(span.confidence, 0.0f);
    EXPECT_LE(span.confidence, 1.0f);
    found.push_back(tagger.types()[static_cast<size_t>(span.type)] + " " +
                    text.substr(span.begin, span.end - span.begin));
  }
  return found;
}

TEST(CommittedModelsTest, LoadAndTagTheirLanguages) {
  const std::vector<Case> cases = {
      {"el",
       "Ο Εμανουέλ Μακρόν επισκέφθηκε το Βερολίνο την Τρίτη.",
       {"PER Εμανουέλ Μακρόν", "LOC Βερολίνο"}},
      {"uk",
       "Президент Франції Емманюель Макрон прибув до Берліна.",
       {"PER Емманюель Макрон", "LOC Берліна"}},
      {"sla",
       "Эммануэль Макрон прибыл в Берлин во вторник.",
       {"PER Эммануэль Макрон", "LOC Берлин"}},
      {"sla",
       "Emmanuel Macron przyjechał do Berlina we wtorek.",
       {"PER Emmanuel Macron", "LOC Berlina"}},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.model);
    auto tagger = Tagger::LoadFile(std::string(NG_MODELS_DIR) + "/" + c.model + ".ngtagger");
    ASSERT_TRUE(tagger.ok()) << tagger.status();
    EXPECT_THAT(tagger->types(), ElementsAre("PER", "ORG", "LOC", "MISC"));
    EXPECT_GT(tagger->model().temperature, 1.0f);  // calibrated, not left at the default
    EXPECT_THAT(Found(*tagger, c.text), IsSupersetOf(c.expected));
  }
}

}  // namespace
}  // namespace newsgraph::extract::tagger
