// Checks the project's knowledge-base files as they are in the source tree (NG_KB_SOURCE_DIR) when
// the test runs, across all files at once: what the loader checks per line, plus what only shows
// over the whole data set (ids unique across files, parents that exist) and data-quality rules the
// loader does not enforce on users (aliases of one character, repeated names). Every failure names
// file:line so the data can be fixed by hand.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "gtest/gtest.h"
#include "services/extract/kb/icu_source.h"
#include "services/extract/kb/kb_jsonl.h"
#include "services/extract/kb/knowledge_base.h"

#ifndef NG_KB_SOURCE_DIR
#error "NG_KB_SOURCE_DIR must name the kb source directory"
#endif

namespace newsgraph::extract::kb {
namespace {

using common::v1::Entity;

constexpr size_t kMaxReported = 60;

struct Line {
  std::string file;  // name within the kb directory
  int number = 0;
  std::string text;
};

struct ParsedLine {
  std::string where;  // "file:line"
  Entity entity;
};

struct KbFiles {
  std::vector<std::pair<std::string, std::string>> files;  // (name, contents), sorted by name
  std::vector<Line> lines;                                 // non-blank lines
};

const KbFiles& Files() {
  static const KbFiles* files = [] {
    auto* result = new KbFiles();
    std::vector<std::filesystem::path> paths;
    for (const auto& item : std::filesystem::directory_iterator(NG_KB_SOURCE_DIR)) {
      if (item.is_regular_file() && item.path().extension() == ".jsonl") {
        paths.push_back(item.path());
      }
    }
    std::sort(paths.begin(), paths.end());
    for (const auto& path : paths) {
      std::ifstream in(path, std::ios::binary);
      std::stringstream contents;
      contents << in.rdbuf();
      std::string name = path.filename().string();
      result->files.emplace_back(name, contents.str());
      int number = 0;
      for (absl::string_view line : absl::StrSplit(result->files.back().second, '\n')) {
        ++number;
        if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
        if (absl::StripAsciiWhitespace(line).empty()) continue;
        result->lines.push_back({name, number, std::string(line)});
      }
    }
    return result;
  }();
  return *files;
}

// The lines that parse and validate; the others are reported by EveryLineIsAValidEntity.
const std::vector<ParsedLine>& Parsed() {
  static const std::vector<ParsedLine>* parsed = [] {
    auto* result = new std::vector<ParsedLine>();
    for (const Line& line : Files().lines) {
      absl::StatusOr<Entity> entity = ParseEntityLine(line.text, IdPolicy::kProject);
      if (entity.ok()) {
        result->push_back({absl::StrCat(line.file, ":", line.number), *std::move(entity)});
      }
    }
    return result;
  }();
  return *parsed;
}

// Fails with the first kMaxReported problems, one per line, and their count.
void ExpectNone(const std::vector<std::string>& problems, const std::string& what) {
  if (problems.empty()) return;
  std::vector<std::string> shown(problems.begin(),
                                 problems.begin() + std::min(problems.size(), kMaxReported));
  ADD_FAILURE() << problems.size() << " " << what << " in " << NG_KB_SOURCE_DIR << ":\n  "
                << absl::StrJoin(shown, "\n  ")
                << (problems.size() > shown.size() ? "\n  ..." : "");
}

size_t CodePoints(const std::string& s) {
  size_t count = 0;
  for (char c : s) count += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return count;
}

TEST(KbIntegrityTest, FindsTheFiles) {
  std::vector<std::string> names;
  for (const auto& [name, contents] : Files().files) names.push_back(name);
  EXPECT_NE(std::find(names.begin(), names.end(), "seed.jsonl"), names.end())
      << "files found: " << absl::StrJoin(names, ", ");
}

// JSON shape, id, type, names, aliases, language codes, wikidata and parent id syntax: the rules
// of ParseEntityLine, which the loader applies to the compiled-in copy at start-up.
TEST(KbIntegrityTest, EveryLineIsAValidEntity) {
  std::vector<std::string> problems;
  for (const Line& line : Files().lines) {
    absl::StatusOr<Entity> entity = ParseEntityLine(line.text, IdPolicy::kProject);
    if (!entity.ok()) {
      problems.push_back(
          absl::StrCat(line.file, ":", line.number, ": ", entity.status().message()));
    }
  }
  ExpectNone(problems, "invalid lines");
}

TEST(KbIntegrityTest, IdsAreUniqueAcrossAllFiles) {
  absl::flat_hash_map<std::string, std::string> first;
  std::vector<std::string> problems;
  for (const ParsedLine& line : Parsed()) {
    auto [it, inserted] = first.emplace(line.entity.id(), line.where);
    if (!inserted) {
      problems.push_back(absl::StrCat(line.where, ": id \"", line.entity.id(),
                                      "\" already defined at ", it->second));
    }
  }
  ExpectNone(problems, "duplicate ids");
}

// A parent may be an entity of any kb file or one the loader generates from ICU (every
// ng:country/xx and ng:currency/xxx), since the default load includes ICU.
TEST(KbIntegrityTest, ParentsExist) {
  absl::flat_hash_set<std::string> ids;
  for (const ParsedLine& line : Parsed()) ids.insert(line.entity.id());
  absl::StatusOr<std::vector<Entity>> countries = IcuCountryEntities(false);
  absl::StatusOr<std::vector<Entity>> currencies = IcuCurrencyEntities({"en"});
  ASSERT_TRUE(countries.ok() && currencies.ok());
  for (const Entity& entity : *countries) ids.insert(entity.id());
  for (const Entity& entity : *currencies) ids.insert(entity.id());
  std::vector<std::string> problems;
  for (const ParsedLine& line : Parsed()) {
    const std::string& parent = line.entity.parent_id();
    if (!parent.empty() && !ids.contains(parent)) {
      problems.push_back(absl::StrCat(line.where, ": parent_id \"", parent, "\" of \"",
                                      line.entity.id(), "\" does not exist"));
    }
  }
  ExpectNone(problems, "missing parents");
}

// One character is too little evidence for a match in running text ("A", "X", "中").
TEST(KbIntegrityTest, NoAliasShorterThanTwoCharacters) {
  std::vector<std::string> problems;
  for (const ParsedLine& line : Parsed()) {
    for (const std::string& alias : line.entity.aliases()) {
      if (CodePoints(alias) < 2) {
        problems.push_back(
            absl::StrCat(line.where, ": alias \"", alias, "\" of \"", line.entity.id(), "\""));
      }
    }
  }
  ExpectNone(problems, "aliases of fewer than 2 code points");
}

TEST(KbIntegrityTest, NoRepeatedNameWithinAnEntity) {
  std::vector<std::string> problems;
  for (const ParsedLine& line : Parsed()) {
    absl::flat_hash_set<std::string> names;
    for (const auto& name : line.entity.names()) {
      if (!names.insert(absl::StrCat(name.language(), "\x1f", name.name())).second) {
        problems.push_back(absl::StrCat(line.where, ": name (", name.language(), ", \"",
                                        name.name(), "\") repeated in \"", line.entity.id(), "\""));
      }
    }
    absl::flat_hash_set<std::string> aliases;
    for (const std::string& alias : line.entity.aliases()) {
      if (!aliases.insert(alias).second) {
        problems.push_back(absl::StrCat(line.where, ": alias \"", alias, "\" repeated in \"",
                                        line.entity.id(), "\""));
      }
    }
  }
  ExpectNone(problems, "repeated names");
}

// The files as the loader merges them, with ICU: the whole chain must succeed.
TEST(KbIntegrityTest, LoaderAcceptsTheFiles) {
  KnowledgeBaseOptions options;
  options.include_project_files = false;  // the compiled-in copy may be older than the tree
  for (const auto& [name, contents] : Files().files) {
    options.user_sources.push_back({name, contents, IdPolicy::kProject});
  }
  absl::StatusOr<std::shared_ptr<const KnowledgeBase>> kb = KnowledgeBase::Load(options);
  ASSERT_TRUE(kb.ok()) << kb.status();
  std::cout << (*kb)->stats().ToString() << "\n";
}

}  // namespace
}  // namespace newsgraph::extract::kb
