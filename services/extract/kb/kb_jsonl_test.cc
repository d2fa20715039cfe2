#include "services/extract/kb/kb_jsonl.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace newsgraph::extract::kb {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

constexpr char kMacron[] =
    R"({"id": "ng:person/emmanuel-macron", "type": "ENTITY_TYPE_PERSON", )"
    R"("canonical_name": "Emmanuel Macron", "names": [{"language": "en", "name": "Emmanuel )"
    R"(Macron"}, {"language": "el", "name": "Εμανουέλ Μακρόν"}], "aliases": ["Macron", )"
    R"("Макрона"], "wikidata_id": "Q3052772"})";

// A valid line with `field` (a JSON fragment such as `"parent_id": "x"`) appended.
std::string With(const std::string& field) {
  return std::string(R"({"id": "ng:org/acme", "type": "ENTITY_TYPE_ORGANIZATION", )"
                     R"("canonical_name": "Acme", )") +
         field + "}";
}

std::string ErrorOf(const std::string& line, IdPolicy policy = IdPolicy::kProject) {
  absl::StatusOr<common::v1::Entity> entity = ParseEntityLine(line, policy);
  if (entity.ok()) return "OK";
  EXPECT_EQ(entity.status().code(), absl::StatusCode::kInvalidArgument);
  return std::string(entity.status().message());
}

TEST(LanguageTagTest, AcceptsTheDocumentedShapes) {
  for (const char* tag :
       {"en", "vi", "yue", "zh-Hant", "sr-Latn", "pt-BR", "es-419", "zh-Hant-TW"}) {
    EXPECT_TRUE(IsValidLanguageTag(tag)) << tag;
  }
}

TEST(LanguageTagTest, RejectsEverythingElse) {
  for (const char* tag : {"", "e", "EN", "En", "en_US", "english", "en-us", "zh-hant", "zh-HANT",
                          "en-", "-en", "en-US-x", "en-Latn-US-US", "en-1", "abcd", "e1"}) {
    EXPECT_FALSE(IsValidLanguageTag(tag)) << tag;
  }
}

TEST(EntityIdTest, ProjectIds) {
  for (const char* id : {"ng:person/emmanuel-macron", "ng:country/de", "ng:product/gpt-4.5",
                         "ng:org/3m", "Q183", "Q1"}) {
    EXPECT_TRUE(IsValidEntityId(id, IdPolicy::kProject)) << id;
  }
  for (const char* id : {"",
                         "ng:",
                         "ng:person",
                         "ng:person/",
                         "ng:/x",
                         "ng:Person/x",
                         "ng:person/Macron",
                         "ng:person/a--b",
                         "ng:person/-a",
                         "ng:person/a-",
                         "ng:person/a b",
                         "ng:person/a_b",
                         "ng:per-son/x",
                         "ng:a/b/c",
                         "Q0",
                         "Q012",
                         "q183",
                         "Q",
                         "Q18x",
                         "acme",
                         "macron"}) {
    EXPECT_FALSE(IsValidEntityId(id, IdPolicy::kProject)) << id;
  }
}

TEST(EntityIdTest, UserIdsAreFreeOutsideTheNgNamespace) {
  for (const char* id : {"crm:4711", "https://example.com/e/1", "Macron", "Q183", "ng:org/acme"}) {
    EXPECT_TRUE(IsValidEntityId(id, IdPolicy::kUser)) << id;
  }
  for (const char* id : {"", "two words", "tab\tid", "nbsp\u00a0id", "ng:Org/acme", "ng:org"}) {
    EXPECT_FALSE(IsValidEntityId(id, IdPolicy::kUser)) << id;
  }
  EXPECT_FALSE(IsValidEntityId(std::string(257, 'x'), IdPolicy::kUser));
  EXPECT_TRUE(IsValidEntityId(std::string(256, 'x'), IdPolicy::kUser));
}

TEST(WikidataIdTest, Shapes) {
  EXPECT_TRUE(IsValidWikidataId("Q3052772"));
  EXPECT_FALSE(IsValidWikidataId("Q"));
  EXPECT_FALSE(IsValidWikidataId("Q03"));
  EXPECT_FALSE(IsValidWikidataId("P31"));
  EXPECT_FALSE(IsValidWikidataId("Q3 "));
}

TEST(ParseEntityLineTest, ParsesAValidLine) {
  absl::StatusOr<common::v1::Entity> entity = ParseEntityLine(kMacron, IdPolicy::kProject);
  ASSERT_TRUE(entity.ok()) << entity.status();
  EXPECT_EQ(entity->id(), "ng:person/emmanuel-macron");
  EXPECT_EQ(entity->type(), common::v1::ENTITY_TYPE_PERSON);
  ASSERT_EQ(entity->names_size(), 2);
  EXPECT_EQ(entity->names(1).language(), "el");
  EXPECT_EQ(entity->names(1).name(), "Εμανουέλ Μακρόν");
  EXPECT_THAT(entity->aliases(), ::testing::ElementsAre("Macron", "Макрона"));
  EXPECT_EQ(entity->wikidata_id(), "Q3052772");
}

TEST(ParseEntityLineTest, NormalizesNamesToNfc) {
  // "Đức" with a combining dot below and hook: decomposed in the file, NFC after parsing.
  absl::StatusOr<common::v1::Entity> entity =
      ParseEntityLine(With(R"("names": [{"language": "vi", "name": "\u0110u\u031b\u0301c"}], )"
                           R"("aliases": ["Cafe\u0301"])"),
                      IdPolicy::kProject);
  ASSERT_TRUE(entity.ok()) << entity.status();
  EXPECT_EQ(entity->names(0).name(), "Đức");
  EXPECT_EQ(entity->aliases(0), "Café");
}

TEST(ParseEntityLineTest, RejectsBadJson) {
  EXPECT_THAT(ErrorOf("{\"id\": "), StartsWith("invalid JSON"));
  EXPECT_THAT(ErrorOf("[1, 2]"), StartsWith("invalid JSON at byte offset 0: expected '{'"));
  EXPECT_THAT(ErrorOf(With(R"("type_name": "x")")), StartsWith("not a JSON Entity"));
  EXPECT_THAT(ErrorOf(R"({"id": "ng:org/acme", "type": "ENTITY_TYPE_COMPANY"})"),
              StartsWith("not a JSON Entity"));
  // Protobuf's own parser would take both of these silently.
  EXPECT_THAT(ErrorOf(With(R"("aliases": ["A"], "aliases": ["B"])")),
              StartsWith("invalid JSON at byte offset 102: repeated key \"aliases\""));
  EXPECT_THAT(ErrorOf(With(R"("aliases": ["ACME",])")), StartsWith("invalid JSON"));
  EXPECT_THAT(ErrorOf(With(R"("aliases": 7)")), StartsWith("not a JSON Entity"));
  EXPECT_THAT(ErrorOf("{\"id\": \"ng:org/a\xff\"}"), HasSubstr("invalid UTF-8 at byte offset 16"));
}

TEST(ParseEntityLineTest, RejectsBadIds) {
  EXPECT_EQ(ErrorOf(R"({"type": "ENTITY_TYPE_PERSON", "canonical_name": "X"})"), "id is empty");
  EXPECT_THAT(ErrorOf(R"({"id": "ng:Person/x", "type": "ENTITY_TYPE_PERSON",
                          "canonical_name": "X"})"),
              StartsWith("id \"ng:Person/x\" is not ng:<kind>/<slug>"));
  EXPECT_THAT(ErrorOf(R"({"id": "crm:1", "type": "ENTITY_TYPE_PERSON", "canonical_name": "X"})"),
              StartsWith("id \"crm:1\" is not ng:<kind>/<slug>"));
  EXPECT_EQ(ErrorOf(R"({"id": "crm:1", "type": "ENTITY_TYPE_PERSON", "canonical_name": "X"})",
                    IdPolicy::kUser),
            "OK");
  EXPECT_EQ(ErrorOf(R"({"id": "crm 1", "type": "ENTITY_TYPE_PERSON", "canonical_name": "X"})",
                    IdPolicy::kUser),
            "id \"crm 1\" contains white space or a control character");
}

TEST(ParseEntityLineTest, RejectsBadTypes) {
  EXPECT_EQ(ErrorOf(R"({"id": "ng:org/acme", "canonical_name": "Acme"})"),
            "type is missing or ENTITY_TYPE_UNSPECIFIED");
  for (const char* type :
       {"ENTITY_TYPE_DATE", "ENTITY_TYPE_MONEY", "ENTITY_TYPE_PERCENT", "ENTITY_TYPE_URL"}) {
    EXPECT_EQ(ErrorOf(std::string(R"({"id": "ng:org/acme", "canonical_name": "Acme", "type": ")") +
                      type + "\"}"),
              std::string("type ") + type + " is a pattern type, not a KB type");
  }
  EXPECT_EQ(ErrorOf(R"({"id": "ng:org/acme", "canonical_name": "Acme", "type": 99})"),
            "type 99 is unknown");
}

TEST(ParseEntityLineTest, RejectsBadNames) {
  EXPECT_EQ(ErrorOf(R"({"id": "ng:org/acme", "type": "ENTITY_TYPE_ORGANIZATION"})"),
            "canonical_name is empty");
  EXPECT_EQ(ErrorOf(With(R"("names": [{"language": "en", "name": ""}])")),
            "names[0].name is empty");
  EXPECT_EQ(ErrorOf(With(R"("names": [{"language": "en", "name": "A"}, {"language": "de"}])")),
            "names[1].name is empty");
  EXPECT_EQ(ErrorOf(With(R"("aliases": ["ACME", ""])")), "aliases[1] is empty");
  EXPECT_EQ(ErrorOf(With(R"("aliases": [" ACME"])")),
            "aliases[0] \" ACME\" has leading or trailing white space");
  EXPECT_EQ(ErrorOf(With(R"("aliases": ["ACME\u3000"])")),
            "aliases[0] \"ACME\u3000\" has leading or trailing white space");
  EXPECT_EQ(ErrorOf(With(R"("aliases": ["AC\nME"])")),
            "aliases[0] \"AC\nME\" contains a control character");
  EXPECT_EQ(ErrorOf(R"({"id": "ng:org/acme", "type": 2, "canonical_name": "  "})"),
            "canonical_name \"  \" has leading or trailing white space");
}

TEST(ParseEntityLineTest, RejectsBadLanguageCodes) {
  EXPECT_EQ(ErrorOf(With(R"("names": [{"language": "EN", "name": "Acme"}])")),
            "names[0].language \"EN\" is not a language code (xx, xxx, xx-Xxxx, xx-XX, "
            "xx-Xxxx-XX)");
  EXPECT_THAT(ErrorOf(With(R"("names": [{"name": "Acme"}])")),
              StartsWith("names[0].language \"\" is not a language code"));
  EXPECT_THAT(ErrorOf(With(R"("names": [{"language": "zh_Hant", "name": "Acme"}])")),
              StartsWith("names[0].language \"zh_Hant\""));
}

TEST(ParseEntityLineTest, RejectsBadWikidataAndParentIds) {
  EXPECT_EQ(ErrorOf(With(R"("wikidata_id": "183")")), "wikidata_id \"183\" is not Q<digits>");
  EXPECT_THAT(ErrorOf(With(R"("parent_id": "ng:Org/x")")),
              StartsWith("parent_id \"ng:Org/x\" is not ng:<kind>/<slug>"));
  EXPECT_EQ(ErrorOf(With(R"("parent_id": "ng:org/acme")")),
            "parent_id \"ng:org/acme\" is the entity itself");
  EXPECT_EQ(ErrorOf(With(R"("parent_id": "ng:country/us")")), "OK");
}

TEST(ParseEntityLineTest, RejectsProvisional) {
  EXPECT_THAT(ErrorOf(With(R"("provisional": true)")), StartsWith("provisional is true"));
}

TEST(ParseKnowledgeBaseJsonlTest, KeepsLineNumbersAndSkipsBlankLines) {
  std::string jsonl = std::string("\n") + kMacron + "\r\n   \n" + With(R"("aliases": ["ACME"])");
  absl::StatusOr<std::vector<KbRecord>> records =
      ParseKnowledgeBaseJsonl(jsonl, "people.jsonl", IdPolicy::kProject);
  ASSERT_TRUE(records.ok()) << records.status();
  ASSERT_EQ(records->size(), 2u);
  EXPECT_EQ((*records)[0].line, 2);
  EXPECT_EQ((*records)[0].entity.wikidata_id(), "Q3052772");  // the '\r' did not stick to it
  EXPECT_EQ((*records)[1].line, 4);
  EXPECT_EQ((*records)[1].entity.id(), "ng:org/acme");
}

TEST(ParseKnowledgeBaseJsonlTest, ErrorsNameLabelAndLine) {
  std::string jsonl = std::string(kMacron) + "\n\n" + With(R"("aliases": [""])") + "\n";
  absl::StatusOr<std::vector<KbRecord>> records =
      ParseKnowledgeBaseJsonl(jsonl, "kb/orgs.jsonl", IdPolicy::kProject);
  ASSERT_FALSE(records.ok());
  EXPECT_EQ(records.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(records.status().message(), "kb/orgs.jsonl:3: aliases[0] is empty");
}

TEST(ParseKnowledgeBaseJsonlTest, RejectsDuplicateIdsWithinOneText) {
  std::string jsonl =
      With(R"("aliases": ["ACME"])") + "\n" + kMacron + "\n" + With(R"("aliases": ["AC"])");
  absl::StatusOr<std::vector<KbRecord>> records =
      ParseKnowledgeBaseJsonl(jsonl, "x.jsonl", IdPolicy::kProject);
  ASSERT_FALSE(records.ok());
  EXPECT_EQ(records.status().message(),
            "x.jsonl:3: duplicate id \"ng:org/acme\" (first on line 1)");
}

TEST(ParseKnowledgeBaseJsonlTest, EmptyTextIsEmpty) {
  absl::StatusOr<std::vector<KbRecord>> records =
      ParseKnowledgeBaseJsonl("", "empty.jsonl", IdPolicy::kUser);
  ASSERT_TRUE(records.ok());
  EXPECT_TRUE(records->empty());
}

}  // namespace
}  // namespace newsgraph::extract::kb
