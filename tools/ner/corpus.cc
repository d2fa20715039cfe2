#include "tools/ner/corpus.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/base/status_macros.h"
#include "common/text/utf8.h"

namespace newsgraph::tools::ner {
namespace {

namespace fs = std::filesystem;
using extract::tagger::TokenRange;

absl::StatusOr<std::string> ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", path.string()));
  std::ostringstream contents;
  contents << in.rdbuf();
  return contents.str();
}

absl::string_view Absl(std::string_view s) { return absl::string_view(s.data(), s.size()); }

// A span being built from BIO tags; type is the dataset type, mapped is "" when dropped.
struct OpenSpan {
  size_t first;
  size_t last;
  std::string type;
};

// Converts one sentence's tag strings to spans (dataset types), counting repairs.
std::vector<OpenSpan> TagStringsToSpans(const std::vector<std::string>& tags, size_t* repaired) {
  std::vector<OpenSpan> spans;
  bool open = false;
  for (size_t i = 0; i < tags.size(); ++i) {
    const std::string& tag = tags[i];
    if (tag == "O" || tag.empty()) {
      open = false;
      continue;
    }
    char prefix = 'I';
    std::string type = tag;
    if (tag.size() > 2 && (tag[1] == '-' || tag[1] == '_') &&
        std::string_view("BIESLU").find(tag[0]) != std::string_view::npos) {
      prefix = tag[0];
      type = tag.substr(2);
    } else {
      ++*repaired;  // a bare type: read as I-<type>
    }
    if (prefix == 'L') prefix = 'E';  // BILOU
    if (prefix == 'U') prefix = 'S';
    const bool continues = open && spans.back().type == type && spans.back().last + 1 == i;
    if ((prefix == 'I' || prefix == 'E') && continues) {
      spans.back().last = i;
    } else {
      if ((prefix == 'I' || prefix == 'E') && i > 0 && tags[i - 1] != "O") ++*repaired;
      spans.push_back(OpenSpan{i, i, type});
    }
    open = !(prefix == 'E' || prefix == 'S');
  }
  return spans;
}

bool IsQuoteOrBracket(std::string_view s) {
  static constexpr std::string_view kMarks[] = {
      "\"",     "'",      "(",      ")",      "[",      "]",      "\u00AB", "\u00BB",
      "\u201E", "\u201C", "\u201D", "\u2018", "\u2019", "\u201A", "\u2039", "\u203A"};
  return std::find(std::begin(kMarks), std::end(kMarks), s) != std::end(kMarks);
}

}  // namespace

TypeMapping TypeMapping::Default() {
  TypeMapping m;
  for (const char* t : {"PER", "PERS", "PERSON"}) m.map[t] = "PER";
  for (const char* t : {"ORG", "ORGANIZATION", "ORGANISATION"}) m.map[t] = "ORG";
  for (const char* t : {"LOC", "LOCATION", "GPE"}) m.map[t] = "LOC";
  for (const char* t : {"MISC", "EVT", "PRO", "ART", "DOC"}) m.map[t] = "MISC";
  return m;
}

std::string TypeMapping::Map(const std::string& type) const {
  auto it = map.find(type);
  if (it != map.end()) return it->second;
  return keep_unmapped ? type : "";
}

void CorpusStats::Add(const CorpusStats& o) {
  documents += o.documents;
  sentences += o.sentences;
  tokens += o.tokens;
  spans += o.spans;
  for (const auto& [k, v] : o.spans_by_type) spans_by_type[k] += v;
  for (const auto& [k, v] : o.dropped_by_type) dropped_by_type[k] += v;
  repaired_tags += o.repaired_tags;
  misaligned_mentions += o.misaligned_mentions;
  crossing_mentions += o.crossing_mentions;
  overlapping_mentions += o.overlapping_mentions;
}

absl::StatusOr<Corpus> ParseBio(std::string_view text, const std::string& name,
                                const TypeMapping& mapping) {
  Corpus corpus;
  std::vector<Sentence> sentences;
  std::vector<std::string> words, tags;
  auto flush = [&] {
    if (words.empty()) return;
    Sentence sentence;
    for (const OpenSpan& span : TagStringsToSpans(tags, &corpus.stats.repaired_tags)) {
      const std::string mapped = mapping.Map(span.type);
      if (mapped.empty()) {
        ++corpus.stats.dropped_by_type[span.type];
        continue;
      }
      sentence.labeled.spans.push_back(LabeledSpan{span.first, span.last, mapped, ""});
    }
    sentence.labeled.words = std::move(words);
    sentences.push_back(std::move(sentence));
    words.clear();
    tags.clear();
  };
  int line_number = 0;
  for (absl::string_view line : absl::StrSplit(Absl(text), '\n')) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (auto bad = text::FindInvalidUtf8(std::string_view(line.data(), line.size()))) {
      return absl::InvalidArgumentError(
          absl::StrCat(name, ":", line_number, ": invalid UTF-8 at column ", *bad + 1));
    }
    std::vector<absl::string_view> fields =
        absl::StrSplit(line, absl::ByAnyChar(" \t"), absl::SkipEmpty());
    if (fields.empty()) {
      flush();
      continue;
    }
    if (fields[0] == "-DOCSTART-") {
      flush();
      continue;
    }
    if (fields.size() < 2) {
      return absl::InvalidArgumentError(
          absl::StrCat(name, ":", line_number, ": expected 'token TAG', got '", line, "'"));
    }
    words.emplace_back(fields.front());
    tags.emplace_back(fields.back());
  }
  flush();

  // Documents of kBioDocumentSentences sentences with a synthetic text.
  for (size_t start = 0; start < sentences.size(); start += kBioDocumentSentences) {
    Document doc;
    doc.name = absl::StrCat(name, "#", start / kBioDocumentSentences);
    const size_t end = std::min(sentences.size(), start + kBioDocumentSentences);
    for (size_t s = start; s < end; ++s) {
      Sentence& sentence = sentences[s];
      if (s > start) doc.text.push_back('\n');
      for (size_t i = 0; i < sentence.labeled.words.size(); ++i) {
        if (i > 0) doc.text.push_back(' ');
        const size_t begin = doc.text.size();
        doc.text += sentence.labeled.words[i];
        sentence.offsets.push_back(TextToken{begin, doc.text.size()});
      }
      doc.sentences.push_back(std::move(sentence));
    }
    corpus.documents.push_back(std::move(doc));
  }
  const CorpusStats counted = ComputeStats(corpus.documents);
  corpus.stats.documents = counted.documents;
  corpus.stats.sentences = counted.sentences;
  corpus.stats.tokens = counted.tokens;
  corpus.stats.spans = counted.spans;
  corpus.stats.spans_by_type = counted.spans_by_type;
  return corpus;
}

absl::StatusOr<Document> ProjectMentions(std::string_view raw, std::string_view tsv,
                                         const std::string& name, const TypeMapping& mapping,
                                         CorpusStats* stats) {
  if (auto bad = text::FindInvalidUtf8(raw)) {
    return absl::InvalidArgumentError(absl::StrCat(name, ": invalid UTF-8 at byte ", *bad));
  }
  // Byte offset of every code point (and of the end).
  std::vector<size_t> byte_of;
  for (size_t i = 0; i < raw.size(); ++i) {
    if ((static_cast<unsigned char>(raw[i]) & 0xC0) != 0x80) byte_of.push_back(i);
  }
  byte_of.push_back(raw.size());
  const size_t code_points = byte_of.size() - 1;

  ASSIGN_OR_RETURN(const std::vector<TextToken> tokens, extract::tagger::Tokenize(raw));
  const std::vector<TokenRange> ranges = extract::tagger::SplitSentences(raw, tokens);
  std::vector<size_t> sentence_of(tokens.size());
  for (size_t s = 0; s < ranges.size(); ++s) {
    for (size_t i = ranges[s].begin; i < ranges[s].end; ++i) sentence_of[i] = s;
  }
  auto token_text = [&](size_t i) {
    return raw.substr(tokens[i].begin, tokens[i].end - tokens[i].begin);
  };

  struct Candidate {
    size_t first, last;
    std::string type, id;
  };
  std::vector<Candidate> candidates;
  int line_number = 0;
  for (absl::string_view line : absl::StrSplit(Absl(tsv), '\n')) {
    ++line_number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty()) continue;
    std::vector<absl::string_view> f = absl::StrSplit(line, '\t');
    size_t start = 0, end = 0;
    if (f.size() < 5 || !absl::SimpleAtoi(f[0], &start) || !absl::SimpleAtoi(f[1], &end)) {
      return absl::InvalidArgumentError(absl::StrCat(
          name, ":", line_number, ": expected 'start end surface lemma TYPE id' (tab-separated)"));
    }
    if (start >= end || end > code_points) {
      return absl::InvalidArgumentError(absl::StrCat(name, ":", line_number, ": offsets ", start,
                                                     "..", end, " outside the article (",
                                                     code_points, " characters)"));
    }
    const std::string type(f[4]);
    const std::string mapped = mapping.Map(type);
    if (mapped.empty()) {
      ++stats->dropped_by_type[type];
      continue;
    }
    const size_t b = byte_of[start], e = byte_of[end];
    // First token ending after b, last token beginning before e.
    auto first_it = std::upper_bound(tokens.begin(), tokens.end(), b,
                                     [](size_t v, const TextToken& t) { return v < t.end; });
    if (first_it == tokens.end() || first_it->begin >= e) {
      ++stats->misaligned_mentions;  // white space or nothing tokenizable
      continue;
    }
    size_t first = static_cast<size_t>(first_it - tokens.begin());
    size_t last = first;
    while (last + 1 < tokens.size() && tokens[last + 1].begin < e) ++last;
    if (tokens[first].begin != b || tokens[last].end != e) ++stats->misaligned_mentions;
    while (first <= last && IsQuoteOrBracket(token_text(first))) ++first;
    while (last >= first && last > 0 && IsQuoteOrBracket(token_text(last))) --last;
    if (first > last) continue;
    if (sentence_of[first] != sentence_of[last]) {
      ++stats->crossing_mentions;
      continue;
    }
    candidates.push_back(Candidate{first, last, mapped, f.size() > 5 ? std::string(f[5]) : ""});
  }
  // Longer mentions first, then earlier; identical ranges are one mention.
  std::stable_sort(candidates.begin(), candidates.end(),
                   [](const Candidate& a, const Candidate& b) {
                     if (a.last - a.first != b.last - b.first)
                       return a.last - a.first > b.last - b.first;
                     return a.first < b.first;
                   });
  std::vector<bool> taken(tokens.size(), false);
  std::vector<Candidate> kept;
  for (const Candidate& c : candidates) {
    bool free = true;
    for (size_t i = c.first; i <= c.last && free; ++i) free = !taken[i];
    if (!free) {
      const bool duplicate = std::any_of(kept.begin(), kept.end(), [&c](const Candidate& k) {
        return k.first == c.first && k.last == c.last;
      });
      if (!duplicate) ++stats->overlapping_mentions;
      continue;
    }
    for (size_t i = c.first; i <= c.last; ++i) taken[i] = true;
    kept.push_back(c);
  }
  std::sort(kept.begin(), kept.end(),
            [](const Candidate& a, const Candidate& b) { return a.first < b.first; });

  Document doc;
  doc.name = name;
  doc.text = std::string(raw);
  size_t next = 0;
  for (const TokenRange& range : ranges) {
    Sentence sentence;
    for (size_t i = range.begin; i < range.end; ++i) {
      sentence.labeled.words.emplace_back(token_text(i));
      sentence.offsets.push_back(tokens[i]);
    }
    while (next < kept.size() && kept[next].first < range.end) {
      const Candidate& c = kept[next++];
      sentence.labeled.spans.push_back(
          LabeledSpan{c.first - range.begin, c.last - range.begin, c.type, c.id});
    }
    doc.sentences.push_back(std::move(sentence));
  }
  return doc;
}

absl::StatusOr<Corpus> ReadCorpus(const std::string& path, const ReadOptions& options) {
  std::error_code error;
  if (!fs::exists(path, error)) {
    return absl::NotFoundError(absl::StrCat(path, ": no such file or directory"));
  }
  const bool directory = fs::is_directory(path, error);
  CorpusFormat format = options.format;
  if (format == CorpusFormat::kAuto)
    format = directory ? CorpusFormat::kSlavicNer : CorpusFormat::kBio;
  if (format == CorpusFormat::kBio) {
    if (directory)
      return absl::InvalidArgumentError(absl::StrCat(path, ": is a directory, not a BIO file"));
    ASSIGN_OR_RETURN(const std::string text, ReadFile(path));
    return ParseBio(text, path, options.mapping);
  }
  const fs::path root(path);
  if (!fs::is_directory(root / "raw", error) || !fs::is_directory(root / "ner", error)) {
    return absl::InvalidArgumentError(
        absl::StrCat(path, ": a SlavicNER directory needs raw/ and ner/ subdirectories"));
  }
  std::vector<fs::path> gold_files;
  // Symbolic links are followed, so a corpus can be assembled from links (e.g. a topic split).
  for (auto it = fs::recursive_directory_iterator(
           root / "ner", fs::directory_options::follow_directory_symlink, error);
       !error && it != fs::recursive_directory_iterator(); it.increment(error)) {
    if (!it->is_regular_file() || it->path().extension() != ".tsv") continue;
    const std::string language = it->path().parent_path().filename().string();
    if (!options.languages.empty() && std::find(options.languages.begin(), options.languages.end(),
                                                language) == options.languages.end()) {
      continue;
    }
    gold_files.push_back(it->path());
  }
  if (error) return absl::InternalError(absl::StrCat(path, ": ", error.message()));
  std::sort(gold_files.begin(), gold_files.end());
  Corpus corpus;
  for (const fs::path& gold : gold_files) {
    fs::path raw = root / "raw" / gold.lexically_relative(root / "ner");
    raw.replace_extension(".txt");
    ASSIGN_OR_RETURN(const std::string raw_text, ReadFile(raw));
    ASSIGN_OR_RETURN(const std::string tsv_text, ReadFile(gold));
    ASSIGN_OR_RETURN(Document doc, ProjectMentions(raw_text, tsv_text, raw.string(),
                                                   options.mapping, &corpus.stats));
    doc.language = gold.parent_path().filename().string();
    corpus.documents.push_back(std::move(doc));
  }
  const CorpusStats counted = ComputeStats(corpus.documents);
  corpus.stats.documents = counted.documents;
  corpus.stats.sentences = counted.sentences;
  corpus.stats.tokens = counted.tokens;
  corpus.stats.spans = counted.spans;
  corpus.stats.spans_by_type = counted.spans_by_type;
  return corpus;
}

void SplitHeldout(std::vector<Document> documents, double fraction, std::vector<Document>* kept,
                  std::vector<Document>* heldout) {
  for (size_t d = 0; d < documents.size(); ++d) {
    const double before = std::floor(static_cast<double>(d) * fraction + 1e-9);
    const double after = std::floor(static_cast<double>(d + 1) * fraction + 1e-9);
    (after > before ? heldout : kept)->push_back(std::move(documents[d]));
  }
}

CorpusStats ComputeStats(const std::vector<Document>& documents) {
  CorpusStats stats;
  stats.documents = documents.size();
  for (const Document& doc : documents) {
    for (const Sentence& sentence : doc.sentences) {
      ++stats.sentences;
      stats.tokens += sentence.labeled.words.size();
      stats.spans += sentence.labeled.spans.size();
      for (const LabeledSpan& span : sentence.labeled.spans) ++stats.spans_by_type[span.type];
    }
  }
  return stats;
}

}  // namespace newsgraph::tools::ner
