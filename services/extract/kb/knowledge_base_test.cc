#include "services/extract/kb/knowledge_base.h"

#include <fstream>
#include <set>
#include <string>
#include <thread>
#include <utility>

#include "common/testing/temp_dir.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace newsgraph::extract::kb {
namespace {

using common::v1::Entity;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::Pair;
using ::testing::StartsWith;

// Only in-memory sources: each test states exactly what it merges.
KnowledgeBaseOptions Only(std::vector<KbSource> sources) {
  KnowledgeBaseOptions options;
  options.include_icu = false;
  options.include_project_files = false;
  options.user_sources = std::move(sources);
  return options;
}

std::set<std::pair<std::string, std::string>> NamePairs(const Entity& entity) {
  std::set<std::pair<std::string, std::string>> pairs;
  for (const auto& name : entity.names()) pairs.emplace(name.language(), name.name());
  return pairs;
}

const Entity& Get(const KnowledgeBase& kb, const std::string& id) {
  std::optional<size_t> index = kb.Find(id);
  EXPECT_TRUE(index.has_value()) << id;
  static const Entity kEmpty;
  return index.has_value() ? kb.entity(*index) : kEmpty;
}

constexpr char kAcmeA[] =
    R"({"id": "ng:org/acme", "type": "ENTITY_TYPE_ORGANIZATION", "canonical_name": "Acme", )"
    R"("names": [{"language": "en", "name": "Acme"}, {"language": "ru", "name": "Акме"}], )"
    R"("aliases": ["ACME", "Acme Corp"], "wikidata_id": "Q1", "parent_id": "ng:org/holding"})";
constexpr char kAcmeB[] =
    R"({"id": "ng:org/acme", "type": "ENTITY_TYPE_MISC", "canonical_name": "Acme Inc.", )"
    R"("names": [{"language": "ru", "name": "Акме"}, {"language": "uk", "name": "Акме"}], )"
    R"("aliases": ["Acme Corp", "Акме Корп"]})";
constexpr char kHolding[] =
    R"({"id": "ng:org/holding", "type": "ENTITY_TYPE_ORGANIZATION", "canonical_name": "H"})";

TEST(KnowledgeBaseMergeTest, UnionsNamesAndLaterValuesWin) {
  auto kb = KnowledgeBase::Load(
      Only({{"a.jsonl", std::string(kHolding) + "\n" + kAcmeA}, {"b.jsonl", kAcmeB}}));
  ASSERT_TRUE(kb.ok()) << kb.status();
  ASSERT_EQ((*kb)->size(), 2u);
  const Entity& acme = Get(**kb, "ng:org/acme");
  EXPECT_EQ(acme.canonical_name(), "Acme Inc.");
  EXPECT_EQ(acme.type(), common::v1::ENTITY_TYPE_MISC);
  // b.jsonl has no wikidata_id or parent_id: the earlier ones stay.
  EXPECT_EQ(acme.wikidata_id(), "Q1");
  EXPECT_EQ(acme.parent_id(), "ng:org/holding");
  EXPECT_EQ(NamePairs(acme), (std::set<std::pair<std::string, std::string>>{
                                 {"en", "Acme"}, {"ru", "Акме"}, {"uk", "Акме"}}));
  EXPECT_THAT(acme.aliases(), ElementsAre("ACME", "Acme Corp", "Акме Корп"));
}

TEST(KnowledgeBaseMergeTest, LaterParentAndWikidataReplaceEarlierOnes) {
  std::string second = R"({"id": "ng:org/acme", "type": 2, "canonical_name": "Acme", )"
                       R"("wikidata_id": "Q2", "parent_id": "ng:org/other"})";
  std::string other = R"({"id": "ng:org/other", "type": 2, "canonical_name": "O"})";
  auto kb = KnowledgeBase::Load(
      Only({{"a", std::string(kHolding) + "\n" + kAcmeA}, {"b", other + "\n" + second}}));
  ASSERT_TRUE(kb.ok()) << kb.status();
  EXPECT_EQ(Get(**kb, "ng:org/acme").wikidata_id(), "Q2");
  EXPECT_EQ(Get(**kb, "ng:org/acme").parent_id(), "ng:org/other");
}

TEST(KnowledgeBaseMergeTest, DuplicatesWithinOneRecordAreMergedAway) {
  auto kb = KnowledgeBase::Load(Only({{"a", R"({"id": "Q7", "type": 1, "canonical_name": "X", )"
                                            R"("names": [{"language": "en", "name": "X"}, )"
                                            R"({"language": "en", "name": "X"}], )"
                                            R"("aliases": ["Ex", "Ex"]})"}}));
  ASSERT_TRUE(kb.ok()) << kb.status();
  EXPECT_EQ(Get(**kb, "Q7").names_size(), 1);
  EXPECT_EQ(Get(**kb, "Q7").aliases_size(), 1);
}

TEST(KnowledgeBaseMergeTest, ProjectFileEnrichesIcuCountry) {
  KnowledgeBaseOptions options;
  options.include_project_files = false;
  options.currency_languages.clear();
  // Written like the project's countries file: same id as ICU's Germany.
  options.user_sources.push_back(
      {"countries.jsonl",
       R"({"id": "ng:country/de", "type": "ENTITY_TYPE_LOCATION", "canonical_name": )"
       R"("Federal Republic of Germany", "names": [{"language": "de", "name": "Deutschland"}], "aliases": )"
       R"(["ФРН", "Німеччини", "Γερμανίας"], "wikidata_id": "Q183"})",
       IdPolicy::kProject});
  auto kb = KnowledgeBase::Load(options);
  ASSERT_TRUE(kb.ok()) << kb.status();
  const Entity& germany = Get(**kb, "ng:country/de");
  EXPECT_EQ(germany.canonical_name(), "Federal Republic of Germany");
  EXPECT_EQ(germany.wikidata_id(), "Q183");
  EXPECT_THAT(germany.aliases(), ElementsAre("ФРН", "Німеччини", "Γερμανίας"));
  auto pairs = NamePairs(germany);
  EXPECT_THAT(pairs, Contains(Pair("vi", "Đức")));
  EXPECT_THAT(pairs, Contains(Pair("el", "Γερμανία")));
  // ICU already had (de, Deutschland): once only.
  int deutschland = 0;
  for (const auto& name : germany.names()) deutschland += name.name() == "Deutschland";
  EXPECT_EQ(deutschland, 1);
  EXPECT_FALSE((*kb)->Find("ng:currency/eur").has_value());
}

TEST(KnowledgeBaseLoadTest, DefaultLoadsIcuAndProjectFiles) {
  auto kb = KnowledgeBase::Load(KnowledgeBaseOptions());
  ASSERT_TRUE(kb.ok()) << kb.status();
  EXPECT_TRUE((*kb)->Find("ng:country/de").has_value());
  EXPECT_TRUE((*kb)->Find("ng:country/vn").has_value());
  ASSERT_TRUE((*kb)->Find("ng:currency/eur").has_value());
  EXPECT_THAT(Get(**kb, "ng:currency/eur").aliases(), Contains("€"));
  // seed.jsonl is compiled in; the binary does not read the source tree.
  EXPECT_EQ(Get(**kb, "ng:person/emmanuel-macron").canonical_name(), "Emmanuel Macron");
  const KnowledgeBase::Stats& stats = (*kb)->stats();
  ASSERT_GE(stats.sources.size(), 3u);
  EXPECT_EQ(stats.sources[0].label, "icu:countries");
  EXPECT_EQ(stats.sources[1].label, "icu:currencies");
  EXPECT_THAT(stats.sources[2].label, StartsWith("services/extract/kb/"));
  EXPECT_EQ(stats.entities, (*kb)->size());
  EXPECT_EQ(stats.entities_by_type[common::v1::ENTITY_TYPE_MISC] +
                stats.entities_by_type[common::v1::ENTITY_TYPE_LOCATION] +
                stats.entities_by_type[common::v1::ENTITY_TYPE_PERSON] +
                stats.entities_by_type[common::v1::ENTITY_TYPE_ORGANIZATION] +
                stats.entities_by_type[common::v1::ENTITY_TYPE_PRODUCT] +
                stats.entities_by_type[common::v1::ENTITY_TYPE_EVENT] +
                stats.entities_by_type[common::v1::ENTITY_TYPE_WORK],
            stats.entities);
  EXPECT_THAT(stats.ToString(), HasSubstr("icu:countries"));
}

TEST(KnowledgeBaseLoadTest, ProjectFilesCanBeLeftOut) {
  KnowledgeBaseOptions options;
  options.include_project_files = false;
  auto kb = KnowledgeBase::Load(options);
  ASSERT_TRUE(kb.ok()) << kb.status();
  EXPECT_FALSE((*kb)->Find("ng:person/emmanuel-macron").has_value());
  EXPECT_TRUE((*kb)->Find("ng:country/de").has_value());
}

TEST(KnowledgeBaseLoadTest, StatsCountRecordsAndNewEntities) {
  auto kb =
      KnowledgeBase::Load(Only({{"a", std::string(kHolding) + "\n" + kAcmeA}, {"b", kAcmeB}}));
  ASSERT_TRUE(kb.ok()) << kb.status();
  const auto& sources = (*kb)->stats().sources;
  ASSERT_EQ(sources.size(), 2u);
  EXPECT_EQ(sources[0].records, 2u);
  EXPECT_EQ(sources[0].new_entities, 2u);
  EXPECT_EQ(sources[1].records, 1u);
  EXPECT_EQ(sources[1].new_entities, 0u);
  EXPECT_EQ((*kb)->stats().names, 3u);
  EXPECT_EQ((*kb)->stats().aliases, 3u);
}

TEST(KnowledgeBaseLoadTest, UserFileErrorsNameFileAndLine) {
  testing::TempDir dir;
  const std::string path = dir.Sub("my-kb.jsonl");
  {
    std::ofstream out(path);
    out << kHolding << "\n"
        << R"({"id": "crm:42", "type": "ENTITY_TYPE_PERSON", "canonical_name": "Jane", )"
        << R"("names": [{"language": "english", "name": "Jane"}]})"
        << "\n";
  }
  KnowledgeBaseOptions options = Only({});
  options.user_files.push_back(path);
  auto kb = KnowledgeBase::Load(options);
  ASSERT_FALSE(kb.ok());
  EXPECT_EQ(kb.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(kb.status().message()),
              StartsWith(path + ":2: names[0].language \"english\""));
}

TEST(KnowledgeBaseLoadTest, UserFilesMayUseTheirOwnIds) {
  testing::TempDir dir;
  const std::string path = dir.Sub("crm.jsonl");
  {
    std::ofstream out(path);
    out << R"({"id": "crm:42", "type": "ENTITY_TYPE_PERSON", "canonical_name": "Jane Roe", )"
        << R"("parent_id": "ng:country/fr"})"
        << "\n";
  }
  KnowledgeBaseOptions options;
  options.include_project_files = false;
  options.user_files.push_back(path);
  auto kb = KnowledgeBase::Load(options);
  ASSERT_TRUE(kb.ok()) << kb.status();
  EXPECT_EQ(Get(**kb, "crm:42").parent_id(), "ng:country/fr");  // an ICU entity
  EXPECT_EQ((*kb)->stats().sources.back().label, path);
}

TEST(KnowledgeBaseLoadTest, MissingUserFile) {
  testing::TempDir dir;
  KnowledgeBaseOptions options = Only({});
  options.user_files.push_back(dir.Sub("absent.jsonl"));
  auto kb = KnowledgeBase::Load(options);
  ASSERT_FALSE(kb.ok());
  EXPECT_EQ(kb.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(std::string(kb.status().message()), StartsWith(dir.Sub("absent.jsonl") + ": "));
}

TEST(KnowledgeBaseLoadTest, ProjectPolicyRejectsForeignIds) {
  auto kb = KnowledgeBase::Load(Only(
      {{"p.jsonl", R"({"id": "crm:42", "type": 1, "canonical_name": "J"})", IdPolicy::kProject}}));
  ASSERT_FALSE(kb.ok());
  EXPECT_THAT(std::string(kb.status().message()), StartsWith("p.jsonl:1: id \"crm:42\""));
}

TEST(KnowledgeBaseLoadTest, DuplicateIdWithinOneSourceFails) {
  auto kb = KnowledgeBase::Load(Only({{"a", std::string(kHolding) + "\n" + kHolding}}));
  ASSERT_FALSE(kb.ok());
  EXPECT_EQ(kb.status().message(), "a:2: duplicate id \"ng:org/holding\" (first on line 1)");
}

TEST(KnowledgeBaseParentTest, MissingParentFailsNamingWhereItWasSet) {
  auto kb = KnowledgeBase::Load(Only({{"a.jsonl", std::string("\n") + kAcmeA}}));
  ASSERT_FALSE(kb.ok());
  EXPECT_EQ(kb.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(kb.status().message()),
              HasSubstr("a.jsonl:2: parent_id \"ng:org/holding\" of \"ng:org/acme\" does not "
                        "exist"));
  EXPECT_THAT(std::string(kb.status().message()), StartsWith("1 parent_id(s)"));
}

TEST(KnowledgeBaseParentTest, ParentMayComeFromALaterSource) {
  auto kb = KnowledgeBase::Load(Only({{"a", kAcmeA}, {"b", kHolding}}));
  ASSERT_TRUE(kb.ok()) << kb.status();
}

TEST(KnowledgeBaseParentTest, CycleFails) {
  auto kb = KnowledgeBase::Load(
      Only({{"c", R"({"id": "Q1", "type": 3, "canonical_name": "A", "parent_id": "Q2"})"
                  "\n"
                  R"({"id": "Q2", "type": 3, "canonical_name": "B", "parent_id": "Q3"})"
                  "\n"
                  R"({"id": "Q3", "type": 3, "canonical_name": "C", "parent_id": "Q1"})"}}));
  ASSERT_FALSE(kb.ok());
  EXPECT_THAT(std::string(kb.status().message()), HasSubstr("cycle"));
  EXPECT_THAT(std::string(kb.status().message()), StartsWith("c:"));
}

TEST(KnowledgeBaseLoadTest, BadCurrencyLanguageFails) {
  KnowledgeBaseOptions options;
  options.include_project_files = false;
  options.currency_languages = {"en", "klingon"};
  auto kb = KnowledgeBase::Load(options);
  ASSERT_FALSE(kb.ok());
  EXPECT_EQ(kb.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(std::string(kb.status().message()), HasSubstr("\"klingon\""));
}

TEST(KnowledgeBaseAllNamesTest, EverySurfaceFormOncePerEntity) {
  auto kb =
      KnowledgeBase::Load(Only({{"a", std::string(kHolding) + "\n" + kAcmeA}, {"b", kAcmeB}}));
  ASSERT_TRUE(kb.ok()) << kb.status();
  const uint32_t acme = static_cast<uint32_t>(*(*kb)->Find("ng:org/acme"));
  const uint32_t holding = static_cast<uint32_t>(*(*kb)->Find("ng:org/holding"));
  std::vector<std::pair<std::string, uint32_t>> all = (*kb)->AllNames();
  // "Акме" is a name in ru and uk, "Acme" both canonical-ish and an en name: each once.
  EXPECT_THAT(all, ::testing::UnorderedElementsAre(Pair("H", holding), Pair("Acme Inc.", acme),
                                                   Pair("Acme", acme), Pair("Акме", acme),
                                                   Pair("ACME", acme), Pair("Acme Corp", acme),
                                                   Pair("Акме Корп", acme)));
}

TEST(KnowledgeBaseAllNamesTest, IncludesIcuNames) {
  KnowledgeBaseOptions options;
  options.include_project_files = false;
  auto kb = KnowledgeBase::Load(options);
  ASSERT_TRUE(kb.ok()) << kb.status();
  const uint32_t germany = static_cast<uint32_t>(*(*kb)->Find("ng:country/de"));
  auto all = (*kb)->AllNames();
  EXPECT_THAT(all, Contains(Pair("Німеччина", germany)));
  EXPECT_THAT(all, Contains(Pair("Deutschland", germany)));
  EXPECT_THAT(all, Not(Contains(Pair("DE", germany))));
}

TEST(KnowledgeBaseTest, ReadableFromManyThreads) {
  KnowledgeBaseOptions options;
  options.include_project_files = false;  // independent of the data files
  auto kb = KnowledgeBase::Load(options);
  ASSERT_TRUE(kb.ok()) << kb.status();
  std::shared_ptr<const KnowledgeBase> shared = *kb;
  std::vector<std::thread> threads;
  std::vector<size_t> found(4, 0);
  for (size_t t = 0; t < found.size(); ++t) {
    threads.emplace_back([shared, &found, t] {
      for (size_t i = 0; i < shared->size(); ++i) {
        found[t] += shared->Find(shared->entity(i).id()) == i;
      }
    });
  }
  for (std::thread& thread : threads) thread.join();
  for (size_t count : found) EXPECT_EQ(count, shared->size());
}

}  // namespace
}  // namespace newsgraph::extract::kb
