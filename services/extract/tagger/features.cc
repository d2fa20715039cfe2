#include "services/extract/tagger/features.h"

#include <algorithm>
#include <bit>
#include <cstring>

#include "common/text/normalizer.h"
#include "common/text/utf8.h"
#include "unicode/uchar.h"
#include "unicode/uscript.h"

namespace newsgraph::extract::tagger {
namespace {

inline uint64_t Fmix(uint64_t k) {
  k ^= k >> 33;
  k *= 0xff51afd7ed558ccdULL;
  k ^= k >> 33;
  k *= 0xc4ceb9fe1a85ec53ULL;
  k ^= k >> 33;
  return k;
}

inline uint64_t LoadLittle64(const char* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  if constexpr (std::endian::native == std::endian::big) v = __builtin_bswap64(v);
  return v;
}

// Feature templates. The numeric values are part of the model format: append, never reorder.
enum Template : uint32_t {
  kBias,
  kWord,
  kPrefix1,
  kPrefix2,
  kPrefix3,
  kPrefix4,
  kSuffix1,
  kSuffix2,
  kSuffix3,
  kSuffix4,
  kShape,
  kShortShape,
  kCap,
  kFirstCap,
  kScript,
  kLength,
  kWordM1,
  kWordP1,
  kWordM2,
  kWordP2,
  kShapeM1,
  kShapeP1,
  kShortShapeM2,
  kShortShapeP2,
  kSuffix3M1,
  kSuffix3P1,
  kBigramM1,
  kBigramP1,
  kShapeTrigram,
  kCapM1Cap,
  kGazBegin,
  kGazInside,
  kGazStemBegin,
  kGazStemInside,
  kGazBeginCap,
  kGazPrev,
  kGazNext,
  kBigramM2M1,
  kQuoteWord,
  kQuotePosition,
  kStem,
  kTemplateCount
};

constexpr const char* kTemplateNames[kTemplateCount] = {
    "bias",          "w",         "pre1",     "pre2",   "pre3",   "pre4",  "suf1",
    "suf2",          "suf3",      "suf4",     "shape",  "sshape", "cap",   "first",
    "script",        "len",       "w-1",      "w+1",    "w-2",    "w+2",   "shape-1",
    "shape+1",       "sshape-2",  "sshape+2", "suf3-1", "suf3+1", "w-1|w", "w|w+1",
    "sshape-1|0|+1", "cap-1|cap", "gazB",     "gazI",   "gazSB",  "gazSI", "gazB|cap",
    "gaz-1",         "gaz+1",     "w-2|w-1",  "quote<", "quote@", "stem"};

struct Unit {
  std::string_view text;
  uint64_t hash = 0;
};

Unit MakeUnit(std::string_view text) { return Unit{text, HashBytes(text)}; }

// Fixed units, built once: sentence padding, gazetteer types, small enumerations.
struct Constants {
  Unit bos = MakeUnit("<s>");
  Unit eos = MakeUnit("</s>");
  Unit empty = MakeUnit("");
  Unit gaz_types[kGazetteerTypeCount] = {MakeUnit("PER"), MakeUnit("ORG"), MakeUnit("LOC"),
                                         MakeUnit("MISC")};
  Unit quote_first = MakeUnit("first");
  Unit quote_inner = MakeUnit("inner");
  Unit quote_only = MakeUnit("only");
};

const Constants& GetConstants() {
  static const Constants* const constants = new Constants();
  return *constants;
}

// Everything about one token that its own and its neighbours' features need.
struct TokenInfo {
  std::string folded;
  std::string lower;
  std::string shape;
  std::string short_shape;
  char cap[2] = {0, 0};                      // capitalization pattern, one letter
  char script[2] = {0, 0};                   // script of the first letter, one letter
  char length[2] = {0, 0};                   // length bucket, one letter
  size_t prefix_bytes[5] = {0, 0, 0, 0, 0};  // byte length of the folded prefix of n code points
  size_t suffix_bytes[5] = {0, 0, 0, 0, 0};
  int code_points = 0;
  // The token is a sentence stop (".", "!", "?", "…", "...", "?!"): corpora and Tokenize's
  // sentence splitting do not always agree, so a word after one counts as sentence-initial too.
  bool stop = false;
  // Quote mark class: 'o' opens (« „), 'c' closes (»), 'a' either (" “ ” ‘ ’ ‚ '), 0 none.
  char quote = 0;
  Unit word, shape_unit, short_shape_unit, suffix3, cap_unit;
};

// Quote classes of the marks that enclose names ("компанія «Нафтогаз»", „Ryanair“, "Apple").
char QuoteClass(std::string_view w) {
  if (w == "\u00AB" || w == "\u201E" || w == "\u2039") return 'o';
  if (w == "\u00BB" || w == "\u203A") return 'c';
  if (w == "\"" || w == "\u201C" || w == "\u201D" || w == "\u201A" || w == "\u2018" ||
      w == "\u2019") {
    return 'a';
  }
  return 0;
}

bool IsStop(std::string_view w) {
  if (w.empty()) return false;
  if (w == "\u2026") return true;
  for (char c : w) {
    if (c != '.' && c != '!' && c != '?') return false;
  }
  return true;
}

// Names in quotes are at most this many tokens; longer quoted runs are speech, not names.
constexpr size_t kMaxQuotedTokens = 8;

// Shape letter of one code point; also counts letters by case for the capitalization pattern.
char ShapeChar(char32_t c, int* upper, int* lower, int* caseless) {
  if (c < 0x80) {
    if (c >= 'A' && c <= 'Z') return ++*upper, 'X';
    if (c >= 'a' && c <= 'z') return ++*lower, 'x';
    if (c >= '0' && c <= '9') return 'd';
    return static_cast<char>(c);
  }
  const auto u = static_cast<UChar32>(c);
  if (u_isupper(u) || u_istitle(u)) return ++*upper, 'X';
  if (u_islower(u)) return ++*lower, 'x';
  if (u_isalpha(u)) return ++*caseless, 'h';
  if (u_charType(u) == U_DECIMAL_DIGIT_NUMBER) return 'd';
  return '~';  // non-ASCII punctuation and symbols, one class
}

char ScriptLetter(std::string_view word) {
  for (size_t i = 0; i < word.size();) {
    char32_t c = 0;
    const size_t len = text::DecodeUtf8(word, i, &c);
    if (len == 0) return 'N';
    i += len;
    if (c < 0x80) {
      if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') return 'L';
      continue;
    }
    if (!u_isalpha(static_cast<UChar32>(c))) continue;
    UErrorCode status = U_ZERO_ERROR;
    switch (uscript_getScript(static_cast<UChar32>(c), &status)) {
      case USCRIPT_LATIN:
        return 'L';
      case USCRIPT_CYRILLIC:
        return 'C';
      case USCRIPT_GREEK:
        return 'G';
      case USCRIPT_HAN:
        return 'H';
      default:
        return 'O';
    }
  }
  return 'N';
}

char LengthBucket(int code_points) {
  if (code_points <= 4) return static_cast<char>('0' + code_points);
  if (code_points <= 6) return '5';
  if (code_points <= 9) return '7';
  return 'A';
}

void Analyze(std::string_view word, TokenInfo* info) {
  info->folded = text::Fold(word);
  info->shape.clear();
  info->short_shape.clear();
  info->lower.clear();
  int upper = 0, lower = 0, caseless = 0;
  bool first_upper = false;
  int code_points = 0;
  int run = 0;
  char previous = 0;
  for (size_t i = 0; i < word.size();) {
    char32_t c = 0xFFFD;
    size_t len = text::DecodeUtf8(word, i, &c);
    if (len == 0) len = 1;  // Corpora may hold junk; shape it as a symbol.
    i += len;
    const int upper_before = upper;
    const char s = ShapeChar(c, &upper, &lower, &caseless);
    if (code_points == 0) first_upper = upper > upper_before;
    ++code_points;
    run = (s == previous) ? run + 1 : 1;
    previous = s;
    if (run <= 4) info->shape.push_back(s);
    if (run == 1) info->short_shape.push_back(s);
    if (c < 0x80) {
      info->lower.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c + 32 : c));
    } else {
      text::AppendUtf8(
          static_cast<char32_t>(u_foldCase(static_cast<UChar32>(c), U_FOLD_CASE_DEFAULT)),
          &info->lower);
    }
  }
  info->code_points = code_points;
  info->stop = IsStop(word);
  info->quote = QuoteClass(word);
  const int letters = upper + lower + caseless;
  char cap = 'n';  // no letters
  if (letters > 0) {
    if (upper == 0) {
      cap = caseless > 0 && lower == 0 ? 'h' : 'l';
    } else if (lower == 0) {
      cap = letters == 1 ? 'U' : 'A';  // one capital vs ALL CAPS
    } else {
      cap = first_upper && upper == 1 ? 'I' : 'M';  // Initial capital vs MiXed
    }
  }
  info->cap[0] = cap;
  info->script[0] = ScriptLetter(word);
  info->length[0] = LengthBucket(code_points);

  // Affixes come from the lowercased word with its diacritics: inflection endings differ by
  // them (Ukrainian -ий/-ии after folding would merge with -ії, Greek stress moves with case).
  const std::string& f = info->lower;
  std::fill(std::begin(info->prefix_bytes), std::end(info->prefix_bytes), f.size());
  std::fill(std::begin(info->suffix_bytes), std::end(info->suffix_bytes), f.size());
  int n = 0;
  for (size_t i = 0; i < f.size() && n < 4; ++i) {
    if ((static_cast<unsigned char>(f[i]) & 0xC0) != 0x80 && i > 0) info->prefix_bytes[++n] = i;
  }
  n = 0;
  for (size_t i = f.size(); i > 0 && n < 4; --i) {
    if ((static_cast<unsigned char>(f[i - 1]) & 0xC0) != 0x80)
      info->suffix_bytes[++n] = f.size() - i + 1;
  }
  info->word = MakeUnit(info->folded);
  info->shape_unit = MakeUnit(info->shape);
  info->short_shape_unit = MakeUnit(info->short_shape);
  info->suffix3 = MakeUnit(std::string_view(f).substr(f.size() - info->suffix_bytes[3]));
  info->cap_unit = MakeUnit(std::string_view(info->cap, 1));
}

// For a token inside a short quoted run, the indexes of its opening and closing marks.
struct QuoteSpan {
  static constexpr size_t kNone = ~size_t{0};
  size_t open = kNone;
  size_t close = kNone;
};

// Finds the short quoted runs of a sentence: an opening (or either-way) mark followed within
// kMaxQuotedTokens tokens by a closing (or either-way) mark, with at least one token between.
void FindQuotes(const TokenInfo* infos, size_t n, std::vector<QuoteSpan>* quotes) {
  quotes->assign(n, QuoteSpan{});
  for (size_t q = 0; q < n; ++q) {
    if (infos[q].quote != 'o' && infos[q].quote != 'a') continue;
    for (size_t c = q + 1; c < n && c - q <= kMaxQuotedTokens + 1; ++c) {
      if (infos[c].quote == 'c' || infos[c].quote == 'a') {
        if (c > q + 1) {
          for (size_t i = q + 1; i < c; ++i) (*quotes)[i] = QuoteSpan{q, c};
          q = c;
        }
        break;
      }
      if (infos[c].quote == 'o') break;  // a nested opening: not a simple quoted name
    }
  }
}

// Emits the features of token i to `sink`, which is called as sink(template, units...).
template <typename Sink>
void EmitToken(const TokenInfo* infos, size_t n, std::span<const GazetteerMark> marks,
               std::span<const QuoteSpan> quotes, size_t i, Sink& sink) {
  const Constants& k = GetConstants();
  const TokenInfo& t = infos[i];
  auto word_at = [&](long j) -> const Unit& {
    if (j < 0) return k.bos;
    if (j >= static_cast<long>(n)) return k.eos;
    return infos[j].word;
  };
  auto shape_at = [&](long j) -> const Unit& {
    if (j < 0) return k.bos;
    if (j >= static_cast<long>(n)) return k.eos;
    return infos[j].shape_unit;
  };
  auto short_shape_at = [&](long j) -> const Unit& {
    if (j < 0) return k.bos;
    if (j >= static_cast<long>(n)) return k.eos;
    return infos[j].short_shape_unit;
  };
  const long li = static_cast<long>(i);

  sink(kBias, k.empty);
  sink(kWord, t.word);
  const std::string_view f = t.lower;
  for (int len = 1; len <= 4 && len <= t.code_points; ++len) {
    sink(static_cast<Template>(kPrefix1 + len - 1), MakeUnit(f.substr(0, t.prefix_bytes[len])));
    sink(static_cast<Template>(kSuffix1 + len - 1),
         MakeUnit(f.substr(f.size() - t.suffix_bytes[len])));
  }
  sink(kShape, t.shape_unit);
  sink(kShortShape, t.short_shape_unit);
  sink(kCap, t.cap_unit);
  if (i == 0 || infos[i - 1].stop) sink(kFirstCap, t.cap_unit);
  sink(kScript, MakeUnit(std::string_view(t.script, 1)));
  sink(kLength, MakeUnit(std::string_view(t.length, 1)));
  sink(kWordM1, word_at(li - 1));
  sink(kWordP1, word_at(li + 1));
  sink(kWordM2, word_at(li - 2));
  sink(kWordP2, word_at(li + 2));
  sink(kShapeM1, shape_at(li - 1));
  sink(kShapeP1, shape_at(li + 1));
  sink(kShortShapeM2, short_shape_at(li - 2));
  sink(kShortShapeP2, short_shape_at(li + 2));
  sink(kSuffix3M1, i > 0 ? infos[i - 1].suffix3 : k.bos);
  sink(kSuffix3P1, i + 1 < n ? infos[i + 1].suffix3 : k.eos);
  sink(kBigramM1, word_at(li - 1), t.word);
  sink(kBigramP1, t.word, word_at(li + 1));
  sink(kShapeTrigram, short_shape_at(li - 1), t.short_shape_unit, short_shape_at(li + 1));
  sink(kCapM1Cap, i > 0 ? infos[i - 1].cap_unit : k.bos, t.cap_unit);
  sink(kBigramM2M1, word_at(li - 2), word_at(li - 1));
  sink(kStem, MakeUnit(KbGazetteer::Stem(t.word.text)));
  // Inside a short quoted run: the word before the opening mark ("компанія", "товариства") and
  // the position in the run.
  if (!quotes.empty() && quotes[i].open != QuoteSpan::kNone) {
    const QuoteSpan& q = quotes[i];
    sink(kQuoteWord, word_at(static_cast<long>(q.open) - 1));
    const bool first = i == q.open + 1, last = i + 1 == q.close;
    sink(kQuotePosition, first && last ? k.quote_only : first ? k.quote_first : k.quote_inner);
  }

  if (marks.empty()) return;
  const GazetteerMark& m = marks[i];
  for (int type = 0; type < kGazetteerTypeCount; ++type) {
    const uint8_t bit = static_cast<uint8_t>(1u << type);
    const Unit& name = k.gaz_types[type];
    if (m.begin & bit) {
      sink(kGazBegin, name);
      sink(kGazBeginCap, name, t.cap_unit);
    }
    if (m.inside & bit) sink(kGazInside, name);
    if (m.stem_begin & bit) sink(kGazStemBegin, name);
    if (m.stem_inside & bit) sink(kGazStemInside, name);
    if (i > 0 && ((marks[i - 1].begin | marks[i - 1].inside) & bit)) sink(kGazPrev, name);
    if (i + 1 < n && ((marks[i + 1].begin | marks[i + 1].inside) & bit)) sink(kGazNext, name);
  }
}

inline uint64_t FeatureHash(Template t, const Unit& a) {
  return Fmix(a.hash ^ ((static_cast<uint64_t>(t) + 1) * 0x9E3779B97F4A7C15ULL));
}

struct HashSink {
  std::vector<uint32_t>* rows;
  int shift;
  void operator()(Template t, const Unit& a) {
    rows->push_back(static_cast<uint32_t>(FeatureHash(t, a) >> shift));
  }
  void operator()(Template t, const Unit& a, const Unit& b) {
    const uint64_t h = Fmix(FeatureHash(t, a) ^ std::rotl(b.hash, 23));
    rows->push_back(static_cast<uint32_t>(h >> shift));
  }
  void operator()(Template t, const Unit& a, const Unit& b, const Unit& c) {
    const uint64_t h =
        Fmix(Fmix(FeatureHash(t, a) ^ std::rotl(b.hash, 23)) ^ std::rotl(c.hash, 41));
    rows->push_back(static_cast<uint32_t>(h >> shift));
  }
};

struct DescribeSink {
  std::vector<std::string>* out;
  void operator()(Template t, const Unit& a) {
    out->push_back(std::string(kTemplateNames[t]) + "=" + std::string(a.text));
  }
  void operator()(Template t, const Unit& a, const Unit& b) {
    out->push_back(std::string(kTemplateNames[t]) + "=" + std::string(a.text) + "|" +
                   std::string(b.text));
  }
  void operator()(Template t, const Unit& a, const Unit& b, const Unit& c) {
    out->push_back(std::string(kTemplateNames[t]) + "=" + std::string(a.text) + "|" +
                   std::string(b.text) + "|" + std::string(c.text));
  }
};

// Per-thread TokenInfo scratch, reused so steady-state extraction does not allocate.
std::vector<TokenInfo>& AnalyzeAll(std::span<const std::string_view> words) {
  thread_local std::vector<TokenInfo> infos;
  if (infos.size() < words.size()) infos.resize(words.size());
  for (size_t i = 0; i < words.size(); ++i) Analyze(words[i], &infos[i]);
  return infos;
}

}  // namespace

uint64_t HashBytes(std::string_view bytes) {
  const size_t n = bytes.size();
  uint64_t h = 0x243F6A8885A308D3ULL ^ (n * 0x9E3779B97F4A7C15ULL);
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    h ^= Fmix(LoadLittle64(bytes.data() + i));
    h = std::rotl(h, 27) * 5 + 0x52dce729;
  }
  // The last 1-7 bytes; with 8 or more bytes in all, the last 8 (overlapping) in one load.
  uint64_t tail = 0;
  if (i < n) {
    if (n >= 8) {
      tail = LoadLittle64(bytes.data() + n - 8);
    } else {
      for (size_t j = n; j > i; --j) tail = (tail << 8) | static_cast<unsigned char>(bytes[j - 1]);
    }
  }
  h ^= Fmix(tail ^ 0x5bd1e995);
  return Fmix(h ^ n);
}

std::string WordShape(std::string_view word, int max_run) {
  std::string shape;
  int upper = 0, lower = 0, caseless = 0;
  int run = 0;
  char previous = 0;
  for (size_t i = 0; i < word.size();) {
    char32_t c = 0xFFFD;
    size_t len = text::DecodeUtf8(word, i, &c);
    if (len == 0) len = 1;
    i += len;
    const char s = ShapeChar(c, &upper, &lower, &caseless);
    run = (s == previous) ? run + 1 : 1;
    previous = s;
    if (run <= max_run) shape.push_back(s);
  }
  return shape;
}

namespace {

void Emit(const std::vector<TokenInfo>& infos, size_t n, std::span<const GazetteerMark> marks,
          int hash_bits, SentenceFeatures* out) {
  out->rows.clear();
  out->offsets.clear();
  out->offsets.push_back(0);
  HashSink sink{&out->rows, 64 - hash_bits};
  out->rows.reserve(n * 52);
  thread_local std::vector<QuoteSpan> quotes;
  FindQuotes(infos.data(), n, &quotes);
  for (size_t i = 0; i < n; ++i) {
    EmitToken(infos.data(), n, marks, quotes, i, sink);
    out->offsets.push_back(static_cast<uint32_t>(out->rows.size()));
  }
}

}  // namespace

void FeatureExtractor::Extract(std::span<const std::string_view> words,
                               const GazetteerFeatures* gazetteer, SentenceFeatures* out) const {
  const std::vector<TokenInfo>& infos = AnalyzeAll(words);
  thread_local std::vector<GazetteerMark> marks;
  std::span<const GazetteerMark> mark_span;
  if (gazetteer != nullptr && !words.empty()) {
    thread_local std::vector<std::string_view> folded;
    folded.resize(words.size());
    for (size_t i = 0; i < words.size(); ++i) folded[i] = infos[i].folded;
    marks.assign(words.size(), GazetteerMark{});
    gazetteer->Mark(words, folded, marks);
    mark_span = marks;
  }
  Emit(infos, words.size(), mark_span, hash_bits_, out);
}

void FeatureExtractor::ExtractWithMarks(std::span<const std::string_view> words,
                                        std::span<const GazetteerMark> marks,
                                        SentenceFeatures* out) const {
  if (!marks.empty() && marks.size() != words.size()) marks = {};
  Emit(AnalyzeAll(words), words.size(), marks, hash_bits_, out);
}

std::vector<std::string> FeatureExtractor::Describe(std::span<const std::string_view> words,
                                                    std::span<const GazetteerMark> marks,
                                                    size_t index) const {
  std::vector<std::string> out;
  if (index >= words.size()) return out;
  if (!marks.empty() && marks.size() != words.size()) marks = {};
  std::vector<TokenInfo> infos(words.size());
  for (size_t i = 0; i < words.size(); ++i) Analyze(words[i], &infos[i]);
  DescribeSink sink{&out};
  std::vector<QuoteSpan> quotes;
  FindQuotes(infos.data(), infos.size(), &quotes);
  EmitToken(infos.data(), infos.size(), marks, quotes, index, sink);
  return out;
}

}  // namespace newsgraph::extract::tagger
