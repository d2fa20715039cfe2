#include "bench/micro/bench_corpus.h"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <mutex>

namespace newsgraph::bench {
namespace {

namespace fs = std::filesystem;

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// samples/README.md: an optional `key: value` header ended by a `---` line; a `language:` line
// names the language. Files without one are named <topic>-<language>[-messy].txt.
std::string LanguageOf(const fs::path& path, const std::string& content) {
  const size_t end = content.find("\n---\n");
  const std::string header = "\n" + content.substr(0, end == std::string::npos ? 0 : end);
  const size_t at = header.find("\nlanguage:");
  if (at != std::string::npos) {
    const size_t begin = header.find_first_not_of(' ', at + 10);
    return header.substr(begin, header.find('\n', begin) - begin);
  }
  std::string stem = path.stem().string();
  if (stem.ends_with("-messy")) stem.resize(stem.size() - 6);
  return stem.substr(stem.rfind('-') + 1);
}

std::string BodyOf(const std::string& content) {
  const size_t end = content.find("\n---\n");
  return end == std::string::npos ? content : content.substr(end + 5);
}

std::mutex mu;

}  // namespace

const std::vector<std::string>& SampleBodies(std::string_view language) {
  static auto* by_language = [] {
    auto* out = new std::map<std::string, std::vector<std::string>, std::less<>>();
    std::vector<fs::path> paths;
    for (const auto& entry : fs::directory_iterator(NG_SAMPLES_DIR)) {
      if (entry.path().extension() == ".txt") paths.push_back(entry.path());
    }
    std::sort(paths.begin(), paths.end());
    for (const fs::path& path : paths) {
      const std::string content = ReadFile(path);
      (*out)[LanguageOf(path, content)].push_back(BodyOf(content));
    }
    return out;
  }();
  auto it = by_language->find(language);
  if (it == by_language->end()) {
    std::fprintf(stderr, "bench: no sample article in language %.*s under %s\n",
                 static_cast<int>(language.size()), language.data(), NG_SAMPLES_DIR);
    std::abort();
  }
  return it->second;
}

const std::string& SampleText(std::string_view language, size_t min_bytes) {
  static auto* cache = new std::map<std::pair<std::string, size_t>, std::string>();
  std::lock_guard<std::mutex> lock(mu);
  std::string& text = (*cache)[{std::string(language), min_bytes}];
  if (text.empty()) {
    std::string one;
    for (const std::string& body : SampleBodies(language)) one += body + "\n\n";
    while (text.size() < min_bytes) text += one;
  }
  return text;
}

}  // namespace newsgraph::bench
