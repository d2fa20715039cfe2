// newsgraph-analyze: shows what the analyzer makes of a text, for debugging search results.
//
//   newsgraph-analyze --language=uk "Німеччина і Німеччиною"   index terms of a document
//   newsgraph-analyze --query --languages=uk,ru Німеччина       query words, given candidates
//   newsgraph-analyze --query Deutschlands                      query words, language unknown
//   newsgraph-analyze --slavicner=../shared/data/ner/slavicner  stemmer recall on gold lemmas
//
// Reads standard input when no text is given. Exit status: 0 ok, 1 analysis failed, 64 usage.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "common/analysis/analyzer.h"
#include "common/text/normalizer.h"
#include "common/text/segmenter.h"

ABSL_FLAG(std::string, language, "", "BCP 47 language of the document (empty: no stemming)");
ABSL_FLAG(bool, query, false, "analyze as a query: every word with all its candidate stem keys");
ABSL_FLAG(std::string, languages, "",
          "with --query: comma-separated candidate languages (empty: every stemmer)");
ABSL_FLAG(std::string, slavicner, "",
          "SlavicNER directory: measure how often stem keys join gold surface forms with their "
          "lemmas (ner/<topic>/<lang>/*.tsv), per language");
ABSL_FLAG(bool, verbose, false, "with --slavicner: also list the misses and merged lemmas");

namespace newsgraph::analysis {
namespace {

// Gold (surface, lemma) word pairs of one SlavicNER language: "Терези Мей" / "Тереза Мей" gives
// (Терези, Тереза) and (Мей, Мей). Names whose surface and lemma differ in word count are skipped.
std::vector<std::pair<std::string, std::string>> ReadGoldPairs(const std::filesystem::path& root,
                                                               const std::string& language) {
  std::vector<std::pair<std::string, std::string>> pairs;
  std::error_code error;
  for (const auto& topic : std::filesystem::directory_iterator(root / "ner", error)) {
    const std::filesystem::path dir = topic.path() / language;
    if (!std::filesystem::is_directory(dir, error)) continue;
    for (const auto& file : std::filesystem::directory_iterator(dir, error)) {
      std::ifstream in(file.path());
      std::string line;
      while (std::getline(in, line)) {
        const std::vector<std::string> fields = absl::StrSplit(line, '\t');
        if (fields.size() < 4) continue;
        const std::string& surface = fields[2];
        const std::string& lemma = fields[3];
        absl::StatusOr<std::vector<text::Token>> a = text::SegmentWords(surface);
        absl::StatusOr<std::vector<text::Token>> b = text::SegmentWords(lemma);
        if (!a.ok() || !b.ok() || a->size() != b->size()) continue;
        for (size_t i = 0; i < a->size(); ++i) {
          pairs.emplace_back(surface.substr((*a)[i].begin, (*a)[i].end - (*a)[i].begin),
                             lemma.substr((*b)[i].begin, (*b)[i].end - (*b)[i].begin));
        }
      }
    }
  }
  return pairs;
}

absl::StatusOr<std::vector<std::string>> KeysOf(const std::string& word, const StemmerSpec& spec) {
  std::vector<std::string> keys;
  absl::Status status = AppendStemKeys(word, text::Fold(word), spec, &keys);
  if (!status.ok()) return status;
  return keys;
}

// Recall: of the gold pairs whose folded forms differ (an inflected name), the share that stem
// keys join. Over-merging proxy: distinct folded lemmas that share a stem key with another lemma.
int EvaluateSlavicNer(const std::filesystem::path& root) {
  const std::pair<const char*, const char*> runs[] = {
      {"uk", "uk"}, {"uk", "ru"}, {"ru", "ru"}, {"ru", "uk"}};
  std::printf("data\tstemmer\tpairs\tinflected\tjoined\trecall\tlemmas\tmerged_lemmas\n");
  for (const auto& [data_language, stemmer_language] : runs) {
    const auto pairs = ReadGoldPairs(root, data_language);
    const StemmerSpec* spec = FindStemmer(stemmer_language);
    if (pairs.empty() || spec == nullptr) {
      std::printf("%s\t%s\tno data\n", data_language, stemmer_language);
      continue;
    }
    size_t inflected = 0;
    size_t joined = 0;
    absl::flat_hash_map<std::string, absl::flat_hash_set<std::string>> lemmas_by_key;
    for (const auto& [surface, lemma] : pairs) {
      absl::StatusOr<std::vector<std::string>> surface_keys = KeysOf(surface, *spec);
      absl::StatusOr<std::vector<std::string>> lemma_keys = KeysOf(lemma, *spec);
      if (!surface_keys.ok() || !lemma_keys.ok()) {
        std::cerr << "newsgraph-analyze: stemming failed\n";
        return 1;
      }
      for (const std::string& key : *lemma_keys) lemmas_by_key[key].insert(text::Fold(lemma));
      if (text::Fold(surface) == text::Fold(lemma)) continue;
      ++inflected;
      bool shared = false;
      for (const std::string& key : *surface_keys) {
        for (const std::string& other : *lemma_keys) shared = shared || key == other;
      }
      if (shared) {
        ++joined;
      } else if (absl::GetFlag(FLAGS_verbose)) {
        std::printf("miss %s/%s\t%s\t%s\t%s\t%s\n", data_language, stemmer_language,
                    surface.c_str(), lemma.c_str(), absl::StrJoin(*surface_keys, " ").c_str(),
                    absl::StrJoin(*lemma_keys, " ").c_str());
      }
    }
    absl::flat_hash_set<std::string> lemmas;
    absl::flat_hash_set<std::string> merged;
    for (const auto& [key, group] : lemmas_by_key) {
      lemmas.insert(group.begin(), group.end());
      if (group.size() < 2) continue;
      merged.insert(group.begin(), group.end());
      if (absl::GetFlag(FLAGS_verbose)) {
        std::printf("merge %s/%s\t%s\t%s\n", data_language, stemmer_language, key.c_str(),
                    absl::StrJoin(group, " ").c_str());
      }
    }
    std::printf("%s\t%s\t%zu\t%zu\t%zu\t%.1f%%\t%zu\t%zu\n", data_language, stemmer_language,
                pairs.size(), inflected, joined,
                inflected == 0 ? 0.0 : 100.0 * static_cast<double>(joined) / inflected,
                lemmas.size(), merged.size());
  }
  return 0;
}

int Run(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "newsgraph-analyze [--language=xx | --query [--languages=a,b]] "
      "[text ...]");
  std::vector<char*> args = absl::ParseCommandLine(argc, argv);
  if (const std::string root = absl::GetFlag(FLAGS_slavicner); !root.empty()) {
    return EvaluateSlavicNer(root);
  }
  std::string text;
  if (args.size() > 1) {
    text = absl::StrJoin(args.begin() + 1, args.end(), " ");
  } else {
    text.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
  }
  if (absl::GetFlag(FLAGS_query)) {
    std::vector<std::string> languages;
    const std::string list = absl::GetFlag(FLAGS_languages);
    if (!list.empty()) languages = absl::StrSplit(list, ',', absl::SkipEmpty());
    absl::StatusOr<std::vector<QueryWord>> words = AnalyzeQuery(text, languages);
    if (!words.ok()) {
      std::cerr << "newsgraph-analyze: " << words.status() << "\n";
      return 1;
    }
    for (const QueryWord& word : *words) {
      std::printf("%u\t[%zu,%zu)\t%s\t%s\n", word.position, word.begin, word.end,
                  word.exact.c_str(), absl::StrJoin(word.stems, " ").c_str());
    }
    return 0;
  }
  absl::StatusOr<std::vector<AnalyzedTerm>> terms = Analyze(text, absl::GetFlag(FLAGS_language));
  if (!terms.ok()) {
    std::cerr << "newsgraph-analyze: " << terms.status() << "\n";
    return 1;
  }
  for (const AnalyzedTerm& term : *terms) {
    std::printf("%u\t[%zu,%zu)\t%s\t%s\n", term.position, term.begin, term.end,
                term.kind == TermKind::kExact ? "exact" : "stem", term.term.c_str());
  }
  return 0;
}

}  // namespace
}  // namespace newsgraph::analysis

int main(int argc, char** argv) { return newsgraph::analysis::Run(argc, argv); }
