#include "common/analysis/stem_keys.h"

#include <algorithm>
#include <array>
#include <functional>
#include <memory>

#include "common/analysis/ukrainian_stemmer.h"
#include "common/text/normalizer.h"
#include "common/text/utf8.h"
#include "libstemmer.h"
#include "unicode/uchar.h"
#include "unicode/unorm2.h"
#include "unicode/uscript.h"

namespace newsgraph::analysis {
namespace {

using enum Script;
using enum StemInput;

// Debian 12's libstemmer 2.2 has every Snowball algorithm listed here (sb_stemmer_list()); the
// test suite checks that each one can be created. Input choices are explained at StemInput.
constexpr StemmerSpec kStemmers[] = {
    {"en", "english", kFoldedAndLowercase, kLatin, kOther},
    {"de", "german", kFoldedAndLowercase, kLatin, kOther},
    {"nl", "dutch", kFoldedAndLowercase, kLatin, kOther},
    {"fr", "french", kFoldedAndLowercase, kLatin, kOther},
    {"es", "spanish", kFoldedAndLowercase, kLatin, kOther},
    {"it", "italian", kFoldedAndLowercase, kLatin, kOther},
    {"pt", "portuguese", kFoldedAndLowercase, kLatin, kOther},
    {"ca", "catalan", kFoldedAndLowercase, kLatin, kOther},
    {"da", "danish", kFoldedAndLowercase, kLatin, kOther},
    {"no", "norwegian", kFoldedAndLowercase, kLatin, kOther},
    {"sv", "swedish", kFoldedAndLowercase, kLatin, kOther},
    {"fi", "finnish", kFoldedAndLowercase, kLatin, kOther},
    {"eu", "basque", kFoldedAndLowercase, kLatin, kOther},
    {"ga", "irish", kFoldedAndLowercase, kLatin, kOther},
    {"id", "indonesian", kFoldedAndLowercase, kLatin, kOther},
    {"hu", "hungarian", kFoldedAndLowercase, kLatin, kOther},
    {"ro", "romanian", kFoldedAndLowercase, kLatin, kOther},
    {"tr", "turkish", kFoldedAndLowercase, kLatin, kOther},
    {"lt", "lithuanian", kFoldedAndLowercase, kLatin, kOther},
    {"sr", "serbian", kLowercase, kCyrillic, kLatin},
    {"ru", "russian", kLowercase, kCyrillic, kOther},
    {"uk", nullptr, kFolded, kCyrillic, kOther},
    {"el", "greek", kFolded, kGreek, kOther},
    {"ar", "arabic", kLowercase, kArabic, kOther},
    {"hy", "armenian", kLowercase, kArmenian, kOther},
    {"hi", "hindi", kLowercase, kDevanagari, kOther},
    {"ne", "nepali", kLowercase, kDevanagari, kOther},
    {"ta", "tamil", kLowercase, kTamil, kOther},
    {"yi", "yiddish", kLowercase, kHebrew, kOther},
};
constexpr size_t kNumStemmers = std::size(kStemmers);

// Other subtags for the same languages: Norwegian Bokmål and Nynorsk share Snowball's Norwegian;
// "in" and "ji" are the pre-1989 codes that CLD2 and old feeds still emit.
struct Alias {
  std::string_view from;
  std::string_view to;
};
constexpr Alias kAliases[] = {{"nb", "no"}, {"nn", "no"}, {"in", "id"}, {"ji", "yi"}};

struct StemmerDeleter {
  void operator()(sb_stemmer* stemmer) const { sb_stemmer_delete(stemmer); }
};

// Returns this thread's Snowball stemmer for kStemmers[index], creating it on first use, or
// nullptr if libstemmer cannot create it. Snowball stemmers keep per-call state, so they cannot be
// shared between threads; creating one costs microseconds, a cache per thread is cheap.
sb_stemmer* ThreadStemmer(size_t index) {
  thread_local std::array<std::unique_ptr<sb_stemmer, StemmerDeleter>, kNumStemmers> cache;
  std::unique_ptr<sb_stemmer, StemmerDeleter>& slot = cache[index];
  if (slot == nullptr) slot.reset(sb_stemmer_new(kStemmers[index].algorithm, "UTF_8"));
  return slot.get();
}

Script FromIcu(UScriptCode code) {
  switch (code) {
    case USCRIPT_LATIN:
      return kLatin;
    case USCRIPT_CYRILLIC:
      return kCyrillic;
    case USCRIPT_GREEK:
      return kGreek;
    case USCRIPT_ARABIC:
      return kArabic;
    case USCRIPT_ARMENIAN:
      return kArmenian;
    case USCRIPT_DEVANAGARI:
      return kDevanagari;
    case USCRIPT_TAMIL:
      return kTamil;
    case USCRIPT_HEBREW:
      return kHebrew;
    default:
      return kOther;
  }
}

// Returns `word` with ICU simple case folding per code point and nothing removed, in NFC.
// `turkic` selects Turkish dotted/dotless i (I→ı, İ→i), which the Turkish stemmer relies on.
std::string LowerCase(std::string_view word, bool turkic) {
  std::string out;
  out.reserve(word.size());
  const uint32_t options = turkic ? U_FOLD_CASE_EXCLUDE_SPECIAL_I : U_FOLD_CASE_DEFAULT;
  bool may_need_nfc = false;
  for (size_t i = 0; i < word.size();) {
    char32_t c;
    const size_t len = text::DecodeUtf8(word, i, &c);
    if (len == 0) {
      ++i;  // Callers validated the text; skipping keeps this total anyway.
      continue;
    }
    i += len;
    c = static_cast<char32_t>(u_foldCase(static_cast<UChar32>(c), options));
    // Combining marks below U+0300 do not exist; the property lookup only runs above it.
    if (c >= 0x300 &&
        u_getIntPropertyValue(static_cast<UChar32>(c), UCHAR_NFC_QUICK_CHECK) != UNORM_YES) {
      may_need_nfc = true;
    }
    text::AppendUtf8(c, &out);
  }
  if (may_need_nfc) {
    // Decomposed input ("и" + U+0306) must reach the stemmer as the letter it spells ("й").
    absl::StatusOr<std::string> nfc = text::NormalizeNfc(out);
    if (nfc.ok()) out = *std::move(nfc);
  }
  return out;
}

bool IsGreekVowel(char32_t c) {
  switch (c) {
    case U'α':
    case U'ε':
    case U'η':
    case U'ι':
    case U'ο':
    case U'υ':
    case U'ω':
      return true;
    default:
      return false;
  }
}

// Snowball's Greek algorithm removes "-ια" but only "-ας" from "-ιας", so "Γερμανία" stems to
// γερμαν and "Γερμανίας" to γερμανι (likewise Ρωσία/Ρωσίας, δημοκρατία/δημοκρατίες). Dropping an
// ι that follows a consonant at the end of a stem joins them; stems that keep a vowel before the
// ι (ενεργει, εταιρει) are consistent across their forms already and are left alone.
void FixGreekStem(std::string* stem) {
  constexpr std::string_view kIota = "\xCE\xB9";  // ι, two bytes like every Greek letter here
  if (stem->size() < 4 * kIota.size() || !std::string_view(*stem).ends_with(kIota)) return;
  char32_t before;
  const size_t at = stem->size() - 2 * kIota.size();
  if (text::DecodeUtf8(*stem, at, &before) != 2 || IsGreekVowel(before)) return;
  if (before < U'α' || before > U'ω') return;
  stem->resize(stem->size() - kIota.size());
}

bool IsRussianConsonant(char32_t c) {
  constexpr std::u32string_view kConsonants = U"бвгджзклмнпрстфхцчшщ";
  return kConsonants.find(c) != std::u32string_view::npos;
}

// Snowball's Russian algorithm reads the nominative of many masculine nouns as an inflected form
// and cuts it: "Газпром" → газпр (as if -ом), "Пакистан" → пакиста, "Байден" → байд, "Киев" → ки,
// "Сергей" → серг, while their other forms keep the whole word ("Газпрома" → газпром). These
// extra stems of a lower-cased Russian word let the forms meet again: a word ending in a
// consonant also counts as its own stem; one ending in й also without it ("Сергея" → серге);
// and a fleeting vowel in -ок/-ец drops out ("республиканец" → республиканц, like
// "республиканцев"). Measured on SlavicNER gold lemmas (newsgraph-analyze --slavicner).
void AppendRussianNominativeStems(std::string_view lower, std::vector<std::string>* stems) {
  std::u32string word;
  for (size_t i = 0; i < lower.size();) {
    char32_t c;
    const size_t len = text::DecodeUtf8(lower, i, &c);
    if (len == 0) return;
    word.push_back(c);
    i += len;
  }
  const size_t n = word.size();
  if (n < 4) return;
  const char32_t last = word[n - 1];
  if (IsRussianConsonant(last) || last == U'й') stems->emplace_back(lower);
  if (last == U'й') stems->emplace_back(lower.substr(0, lower.size() - 2));  // й is two bytes
  if ((last == U'к' || last == U'ц') && (word[n - 2] == U'о' || word[n - 2] == U'е') &&
      IsRussianConsonant(word[n - 3])) {
    std::u32string without = word.substr(0, n - 2);
    without.push_back(last);
    std::string utf8;
    for (const char32_t c : without) text::AppendUtf8(c, &utf8);
    stems->push_back(std::move(utf8));
  }
}

// Snowball's Portuguese algorithm leaves the nasal plural and singular of the very common -ção
// nouns apart ("eleições" → eleiçõ, "eleição" → eleiçã; folded: eleico, eleica). Rewriting the
// plural ending to the singular before stemming joins them. Returns `word` otherwise.
std::string JoinPortugueseNasalPlural(std::string_view word) {
  constexpr std::string_view kPlural =
      "\xC3\xA7\xC3\xB5"
      "es";                                                    // ções
  constexpr std::string_view kSingular = "\xC3\xA7\xC3\xA3o";  // ção
  std::string out(word);
  if (word.ends_with(kPlural)) {
    out.replace(out.size() - kPlural.size(), kPlural.size(), kSingular);
  } else if (word.ends_with("coes")) {
    out.replace(out.size() - 4, 4, "cao");
  }
  return out;
}

// The typographic apostrophes (’ U+2019, ʼ U+02BC) and the ASCII one all occur inside Ukrainian
// words ("В’єтнам", "В'єтнам"); Fold() keeps them apart, stem keys should not.
void UnifyApostrophes(std::string* s) {
  if (s->find('\xE2') == std::string::npos && s->find('\xCA') == std::string::npos) return;
  std::string out;
  out.reserve(s->size());
  for (size_t i = 0; i < s->size(); ++i) {
    const std::string_view rest = std::string_view(*s).substr(i);
    if (rest.starts_with("\xE2\x80\x99") || rest.starts_with("\xCA\xBC")) {
      out.push_back('\'');
      i += rest[0] == '\xE2' ? 2 : 1;
    } else {
      out.push_back((*s)[i]);
    }
  }
  *s = std::move(out);
}

char AsciiLower(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c + ('a' - 'A')) : c; }

}  // namespace

std::span<const StemmerSpec> AllStemmers() { return kStemmers; }

const StemmerSpec* FindStemmer(std::string_view language) {
  const size_t cut = language.find_first_of("-_");
  const std::string_view subtag = language.substr(0, cut);
  if (subtag.size() < 2 || subtag.size() > 3) return nullptr;
  std::string lower(subtag);
  std::transform(lower.begin(), lower.end(), lower.begin(), AsciiLower);
  std::string_view code = lower;
  for (const Alias& alias : kAliases) {
    if (alias.from == code) code = alias.to;
  }
  for (const StemmerSpec& spec : kStemmers) {
    if (spec.language == code) return &spec;
  }
  return nullptr;
}

Script WordScript(std::string_view word) {
  for (size_t i = 0; i < word.size();) {
    const auto byte = static_cast<unsigned char>(word[i]);
    if (byte < 0x80) {
      if ((byte | 0x20) >= 'a' && (byte | 0x20) <= 'z') return kLatin;
      ++i;
      continue;
    }
    char32_t c;
    const size_t len = text::DecodeUtf8(word, i, &c);
    if (len == 0) {
      ++i;
      continue;
    }
    i += len;
    UErrorCode status = U_ZERO_ERROR;
    const UScriptCode code = uscript_getScript(static_cast<UChar32>(c), &status);
    if (U_FAILURE(status) || code == USCRIPT_COMMON || code == USCRIPT_INHERITED) continue;
    return FromIcu(code);
  }
  return kOther;
}

absl::Status AppendStemKeys(std::string_view word, std::string_view folded, const StemmerSpec& spec,
                            std::vector<std::string>* keys) {
  const std::less<const StemmerSpec*> before;
  if (before(&spec, kStemmers) || !before(&spec, kStemmers + kNumStemmers)) {
    return absl::InvalidArgumentError("stemmer spec does not come from FindStemmer");
  }
  if (word.size() > kMaxStemmedBytes || folded.size() > kMaxStemmedBytes) return absl::OkStatus();
  const Script script = WordScript(folded);
  if (script == kOther || (script != spec.script && script != spec.second_script)) {
    return absl::OkStatus();
  }
  // The stemmer sees one or two spellings of the word (see StemInput); for ASCII words, most of
  // English and German text, they coincide and it runs once.
  std::string lowered;
  std::array<std::string_view, 2> inputs = {folded, {}};
  if (spec.input != kFolded && !text::IsAscii(word)) {
    lowered = LowerCase(word, spec.language == "tr");
    inputs[0] = lowered;
    if (spec.input == kFoldedAndLowercase && lowered != folded) inputs[1] = folded;
  }

  std::vector<std::string> stems;
  for (std::string_view input : inputs) {
    if (input.empty()) continue;
    if (spec.algorithm == nullptr) {
      AppendUkrainianStems(input, &stems);
      continue;
    }
    std::string rewritten;
    if (spec.language == "pt") {
      rewritten = JoinPortugueseNasalPlural(input);
      input = rewritten;
    }
    sb_stemmer* stemmer = ThreadStemmer(static_cast<size_t>(&spec - kStemmers));
    if (stemmer == nullptr) {
      return absl::InternalError(
          std::string("libstemmer cannot create the stemmer for ").append(spec.algorithm));
    }
    const sb_symbol* stem = sb_stemmer_stem(
        stemmer, reinterpret_cast<const sb_symbol*>(input.data()), static_cast<int>(input.size()));
    if (stem == nullptr) return absl::InternalError("libstemmer: out of memory while stemming");
    stems.emplace_back(reinterpret_cast<const char*>(stem),
                       static_cast<size_t>(sb_stemmer_length(stemmer)));
    if (spec.language == "ru") AppendRussianNominativeStems(input, &stems);
  }

  for (const std::string& stem : stems) {
    // Folded again: lower-cased stems still carry diacritics, and the key space is folded.
    std::string body = text::Fold(stem);
    if (spec.script == kGreek) FixGreekStem(&body);
    UnifyApostrophes(&body);
    if (body.empty()) continue;
    std::string key = std::string(kStemPrefix) + body;
    if (std::find(keys->begin(), keys->end(), key) == keys->end()) keys->push_back(std::move(key));
  }
  return absl::OkStatus();
}

}  // namespace newsgraph::analysis
