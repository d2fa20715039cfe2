#include "common/analysis/analyzer.h"

#include <utility>

#include "common/base/status_macros.h"
#include "common/text/normalizer.h"
#include "common/text/segmenter.h"

namespace newsgraph::analysis {

absl::StatusOr<std::vector<AnalyzedTerm>> Analyze(std::string_view utf8,
                                                  std::string_view language) {
  ASSIGN_OR_RETURN(const std::vector<text::Token> tokens, text::SegmentWords(utf8));
  const StemmerSpec* const stemmer = FindStemmer(language);
  std::vector<AnalyzedTerm> terms;
  terms.reserve(stemmer == nullptr ? tokens.size() : 2 * tokens.size());
  std::vector<std::string> stems;
  for (size_t i = 0; i < tokens.size(); ++i) {
    const text::Token& token = tokens[i];
    const std::string_view word = utf8.substr(token.begin, token.end - token.begin);
    std::string exact = text::Fold(word);
    if (exact.empty()) continue;
    stems.clear();
    if (stemmer != nullptr) RETURN_IF_ERROR(AppendStemKeys(word, exact, *stemmer, &stems));
    // SegmentWords caps the input at 2^31-1 bytes, so word indexes fit.
    const auto position = static_cast<uint32_t>(i);
    terms.push_back({std::move(exact), position, token.begin, token.end, TermKind::kExact});
    for (std::string& stem : stems) {
      terms.push_back({std::move(stem), position, token.begin, token.end, TermKind::kStem});
    }
  }
  return terms;
}

absl::StatusOr<std::vector<QueryWord>> AnalyzeQuery(std::string_view utf8,
                                                    const std::vector<std::string>& languages) {
  ASSIGN_OR_RETURN(const std::vector<text::Token> tokens, text::SegmentWords(utf8));
  std::vector<const StemmerSpec*> stemmers;
  if (languages.empty()) {
    for (const StemmerSpec& spec : AllStemmers()) stemmers.push_back(&spec);
  } else {
    for (const std::string& language : languages) {
      const StemmerSpec* spec = FindStemmer(language);
      if (spec == nullptr) continue;
      bool seen = false;
      for (const StemmerSpec* other : stemmers) seen = seen || other == spec;
      if (!seen) stemmers.push_back(spec);
    }
  }
  std::vector<QueryWord> words;
  words.reserve(tokens.size());
  for (size_t i = 0; i < tokens.size(); ++i) {
    const text::Token& token = tokens[i];
    const std::string_view word = utf8.substr(token.begin, token.end - token.begin);
    QueryWord out{text::Fold(word), {}, static_cast<uint32_t>(i), token.begin, token.end};
    if (out.exact.empty()) continue;
    // AppendStemKeys skips keys already present, so the union stays distinct.
    for (const StemmerSpec* spec : stemmers) {
      RETURN_IF_ERROR(AppendStemKeys(word, out.exact, *spec, &out.stems));
    }
    words.push_back(std::move(out));
  }
  return words;
}

bool HasStemmer(std::string_view language) { return FindStemmer(language) != nullptr; }

}  // namespace newsgraph::analysis
