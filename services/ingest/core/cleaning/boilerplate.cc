#include "services/ingest/core/cleaning/boilerplate.h"

#include <algorithm>
#include <cstddef>
#include <initializer_list>
#include <iterator>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_join.h"
#include "absl/strings/string_view.h"
#include "common/text/normalizer.h"
#include "common/text/segmenter.h"
#include "common/text/utf8.h"
#include "unicode/uchar.h"

namespace newsgraph::ingest::cleaning {
namespace {

// Phrases are written naturally and turned into keys with the same Terms() pipeline as the lines,
// so folding and ICU's segmentation (Chinese in particular) can never disagree between the two.
// A key is the concatenation of a phrase's terms: matching k leading terms of a line means
// concatenating them and looking the result up.
constexpr size_t kMaxPhraseTerms = 6;

using PhraseSet = absl::flat_hash_set<std::string>;

PhraseSet BuildPhraseSet(std::initializer_list<std::string_view> phrases) {
  PhraseSet set;
  for (std::string_view phrase : phrases) {
    auto terms = text::Terms(phrase);
    if (terms.ok() && !terms->empty()) set.insert(absl::StrJoin(*terms, ""));
  }
  return set;
}

const PhraseSet& WidgetVocabulary() {
  static const PhraseSet* const set = new PhraseSet(BuildPhraseSet(
      {// Networks and generic actions.
       "share", "shares", "sharing", "share this", "share this article", "share on", "facebook",
       "fb", "twitter", "tweet", "x", "telegram", "whatsapp", "viber", "zalo", "linkedin",
       "pinterest", "reddit", "vk", "vkontakte", "ok", "odnoklassniki", "weibo", "wechat", "qq",
       "email", "e-mail", "mail", "print", "comment", "comments", "copy link", "save", "like",
       "messenger", "instagram", "youtube", "tiktok", "flipboard", "bluesky", "mastodon",
       "follow us", "follow us on",
       // vi
       "chia sẻ", "bình luận", "gửi bình luận", "thích", "lưu", "in bài", "sao chép liên kết",
       "theo dõi",
       // uk, ru
       "поділитися", "коментарі", "коментар", "коментарів", "коментувати", "друк", "надрукувати",
       "копіювати посилання", "поделиться", "комментарии", "комментарий", "комментариев",
       "комментировать", "печать", "распечатать", "копировать ссылку", "вконтакте", "одноклассники",
       // el
       "κοινοποίηση", "κοινοποιήστε", "σχόλια", "σχόλιο", "εκτύπωση", "αντιγραφή συνδέσμου",
       // zh
       "分享", "分享到", "评论", "評論", "转发", "轉發", "打印", "点赞", "收藏", "复制链接", "微博",
       "微信",
       // de, fr
       "teilen", "kommentare", "kommentar", "drucken", "link kopieren", "merken", "partager",
       "commentaires", "imprimer"}));
  return *set;
}

const PhraseSet& RelatedPhrases() {
  static const PhraseSet* const set = new PhraseSet(BuildPhraseSet(
      {"read also", "read more", "see also", "related", "related articles", "related news",
       "related stories", "related posts", "more on this", "more on this topic",
       "you may also like", "recommended", "more stories",
       // vi
       "tin liên quan", "xem thêm", "đọc thêm", "bài liên quan", "tin khác", "tin cùng chuyên mục",
       "có thể bạn quan tâm",
       // uk, ru
       "читайте також", "читати також", "дивіться також", "по темі", "новини по темі",
       "читайте также", "смотрите также", "по теме", "похожие новости", "новости по теме",
       // el
       "διαβάστε επίσης", "διαβάστε ακόμα", "δείτε επίσης", "σχετικά άρθρα", "σχετικά θέματα",
       // de, fr, zh
       "lesen sie auch", "mehr zum thema", "auch interessant", "lire aussi", "à lire aussi",
       "相关新闻", "相关阅读", "延伸阅读", "相关文章", "推荐阅读"}));
  return *set;
}

// In Fold() form; the copyright checks run on the folded line. Apart from "©", these words also
// start ordinary lines ("(c) the third option", "Copyright law ..."), so they need a year too.
constexpr std::string_view kCopyrightStarts[] = {"(c)", "copyright", "ban quyen"};
constexpr std::string_view kRightsReserved[] = {"all rights reserved",
                                                "все права защищены",
                                                "усі права захищені",
                                                "всі права захищені",
                                                "版权所有",
                                                "保留所有权利",
                                                "alle rechte vorbehalten",
                                                "tous droits reserves",
                                                "με την επιφυλαξη παντοσ δικαιωματοσ"};
constexpr std::string_view kSourceLabels[] = {"source", "nguon",  "джерело", "источник",
                                              "πηγη",   "quelle", "来源",    "via"};
constexpr size_t kMaxFooterWords = 20;
constexpr size_t kMaxWidgetWords = 12;
constexpr size_t kMaxHeadlineBytes = 200;
constexpr size_t kMaxHeadlineWords = 24;
constexpr size_t kMaxRelatedLinkWords = 25;

// Returns how many leading terms starting at `begin` form a phrase of `set` (longest match), or 0.
size_t MatchPhrase(const PhraseSet& set, const std::vector<std::string>& terms, size_t begin) {
  const size_t max_k = std::min(kMaxPhraseTerms, terms.size() - begin);
  std::string key;
  size_t best = 0;
  for (size_t k = 1; k <= max_k; ++k) {
    key += terms[begin + k - 1];
    if (set.contains(key)) best = k;
  }
  return best;
}

// Returns the code point that ends `s` (non-empty, well-formed), or 0.
char32_t LastCodePoint(std::string_view s) {
  size_t start = s.size();
  while (start > 0 && (static_cast<unsigned char>(s[start - 1]) & 0xC0) == 0x80) --start;
  if (start > 0) --start;
  char32_t c = 0;
  return text::DecodeUtf8(s, start, &c) > 0 ? c : 0;
}

// Bullets, bars and dashes that sites put between footer or widget items.
bool IsDecoration(char32_t c) {
  if (c < 0x80) return c > ' ' && !absl::ascii_isalnum(static_cast<unsigned char>(c));
  constexpr char32_t kMarks[] = {0x00AB, 0x00B7, 0x00BB, 0x2013, 0x2014, 0x2022, 0x2039,
                                 0x203A, 0x2192, 0x25B8, 0x25BA, 0x25CF, 0x30FB};
  return std::find(std::begin(kMarks), std::end(kMarks), c) != std::end(kMarks);
}

bool IsDecorationChunk(std::string_view chunk) {
  size_t i = 0;
  while (i < chunk.size()) {
    char32_t c;
    const size_t len = text::DecodeUtf8(chunk, i, &c);
    if (len == 0 || !IsDecoration(c)) return false;
    i += len;
  }
  return !chunk.empty();
}

std::vector<std::string_view> SplitSpaces(std::string_view line) {
  std::vector<std::string_view> chunks;
  size_t begin = 0;
  while (begin < line.size()) {
    size_t end = line.find(' ', begin);
    if (end == std::string_view::npos) end = line.size();
    if (end > begin) chunks.push_back(line.substr(begin, end - begin));
    begin = end + 1;
  }
  return chunks;
}

// True when `text` is one or more URLs/domains, optionally separated by decorations.
bool IsOnlyUrls(std::string_view text) {
  size_t urls = 0;
  for (std::string_view chunk : SplitSpaces(text)) {
    if (IsUrlOrDomain(chunk)) {
      ++urls;
    } else if (!IsDecorationChunk(chunk)) {
      return false;
    }
  }
  return urls > 0;
}

// True when `s` has a run of exactly four ASCII digits.
bool HasYear(std::string_view s) {
  size_t run = 0;
  for (size_t i = 0; i <= s.size(); ++i) {
    if (i < s.size() && absl::ascii_isdigit(static_cast<unsigned char>(s[i]))) {
      ++run;
    } else {
      if (run == 4) return true;
      run = 0;
    }
  }
  return false;
}

bool IsHostLabel(std::string_view label) {
  if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-') {
    return false;
  }
  for (char ch : label) {
    const auto c = static_cast<unsigned char>(ch);
    if (!(absl::ascii_isalnum(c) || c == '-' || c >= 0x80)) return false;  // IDN labels pass.
  }
  return true;
}

bool IsTopLevelDomain(std::string_view tld) {
  if (absl::StartsWithIgnoreCase(absl::string_view(tld.data(), tld.size()), "xn--")) return true;
  if (tld.size() < 2 || tld.size() > 24) return false;
  return std::all_of(tld.begin(), tld.end(),
                     [](char c) { return absl::ascii_isalpha(static_cast<unsigned char>(c)); });
}

}  // namespace

bool IsContentSentence(std::string_view line, size_t word_count) {
  if (word_count <= 12) return false;
  std::string_view s = line;
  // Look through closing quotes and brackets: «...», "…", (...).
  for (;;) {
    const char32_t c = LastCodePoint(s);
    if (c == '"' || c == '\'' || c == ')' || c == ']' || c == 0x00BB || c == 0x201D ||
        c == 0x2019 || c == 0x300D || c == 0x300F || c == 0xFF09) {
      size_t start = s.size() - 1;
      while (start > 0 && (static_cast<unsigned char>(s[start]) & 0xC0) == 0x80) --start;
      s = s.substr(0, start);
      continue;
    }
    return c == '.' || c == '!' || c == '?' || c == 0x2026 || c == 0x3002 || c == 0xFF01 ||
           c == 0xFF1F;
  }
}

bool IsShareWidget(std::string_view line, const std::vector<std::string>& terms) {
  if (terms.size() > 3 * kMaxWidgetWords) return false;  // Cheap reject before any work.
  // A URL or domain is one debris word, however ICU splits it ("www.example", "news.vn").
  size_t url_chunks = 0;
  std::string without_urls;
  for (std::string_view chunk : SplitSpaces(line)) {
    if (IsUrlOrDomain(chunk)) {
      ++url_chunks;
    } else {
      without_urls.append(chunk).push_back(' ');
    }
  }
  std::vector<std::string> rest_terms;
  const std::vector<std::string>* words = &terms;
  if (url_chunks > 0) {
    auto rest = text::Terms(without_urls);
    if (!rest.ok()) return false;
    rest_terms = *std::move(rest);
    words = &rest_terms;
  }
  const size_t total = words->size() + url_chunks;
  if (total == 0 || total > kMaxWidgetWords) return false;
  const PhraseSet& vocabulary = WidgetVocabulary();
  size_t widget_words = 0;
  size_t numbers = 0;
  for (size_t i = 0; i < words->size();) {
    if (const size_t k = MatchPhrase(vocabulary, *words, i); k > 0) {
      widget_words += k;
      i += k;
      continue;
    }
    if (absl::ascii_isdigit(static_cast<unsigned char>((*words)[i][0]))) ++numbers;
    ++i;
  }
  if (widget_words == 0) return false;
  return (widget_words + numbers + url_chunks) * 10 >= total * 6;
}

bool IsSiteFooter(std::string_view line, const std::vector<std::string>& terms) {
  if (line.empty() || terms.size() > kMaxFooterWords) return false;
  if (IsOnlyUrls(line)) return true;
  const std::string folded = text::Fold(line);
  const std::string_view f = folded;
  for (std::string_view label : kSourceLabels) {
    if (!f.starts_with(label)) continue;
    std::string_view rest = f.substr(label.size());
    while (rest.starts_with(' ')) rest.remove_prefix(1);
    if (rest.starts_with(":")) {
      rest.remove_prefix(1);
    } else if (rest.starts_with("：")) {
      rest.remove_prefix(std::string_view("：").size());
    } else if (label != "via") {
      continue;
    }
    if (IsOnlyUrls(rest)) return true;
  }
  if (f.starts_with("©")) return true;
  for (std::string_view start : kCopyrightStarts) {
    if (f.starts_with(start) && HasYear(f)) return true;
  }
  for (std::string_view phrase : kRightsReserved) {
    if (f.find(phrase) != std::string_view::npos) return true;
  }
  return false;
}

RelatedKind ClassifyRelated(std::string_view line, const std::vector<std::string>& terms) {
  if (terms.empty()) return RelatedKind::kNone;
  const size_t k = MatchPhrase(RelatedPhrases(), terms, 0);
  if (k == 0) return RelatedKind::kNone;
  if (k == terms.size()) return RelatedKind::kHeading;
  // "Related research shows ..." is prose; only "Related: <headline>" is a link.
  const bool has_colon = line.find(':') != std::string_view::npos ||
                         line.find("：") != std::string_view::npos ||
                         line.find("»") != std::string_view::npos;
  if (has_colon && terms.size() - k <= kMaxRelatedLinkWords) return RelatedKind::kLink;
  return RelatedKind::kNone;
}

bool IsHeadlineLike(std::string_view line, const std::vector<std::string>& terms) {
  if (line.empty() || line.size() >= kMaxHeadlineBytes || terms.empty() ||
      terms.size() > kMaxHeadlineWords) {
    return false;
  }
  const bool has_word = std::any_of(terms.begin(), terms.end(), [](const std::string& t) {
    return !absl::ascii_isdigit(static_cast<unsigned char>(t[0]));
  });
  if (!has_word) return false;
  // '?' and '!' may end a headline; these end a sentence or announce more text.
  constexpr char32_t kEnds[] = {'.',    ',',    ';',    ':',    '-',   0x2026,
                                0x3001, 0x3002, 0xFF0C, 0xFF1A, 0xFF1B};
  return std::find(std::begin(kEnds), std::end(kEnds), LastCodePoint(line)) == std::end(kEnds);
}

bool StartsLowercase(std::string_view line) {
  char32_t c = 0;
  if (text::DecodeUtf8(line, 0, &c) == 0) return false;
  return u_islower(static_cast<UChar32>(c));
}

bool IsUrlOrDomain(std::string_view chunk) {
  std::string_view s = chunk;
  while (!s.empty() && std::string_view("([<\"'").find(s.front()) != std::string_view::npos) {
    s.remove_prefix(1);
  }
  while (!s.empty() && std::string_view(".,;:!?)]>\"'").find(s.back()) != std::string_view::npos) {
    s.remove_suffix(1);
  }
  const absl::string_view as(s.data(), s.size());
  bool has_scheme = false;
  for (absl::string_view scheme : {"http://", "https://"}) {
    if (absl::StartsWithIgnoreCase(as, scheme)) {
      s.remove_prefix(scheme.size());
      has_scheme = true;
      break;
    }
  }
  const std::string_view host = s.substr(0, s.find_first_of("/?#:"));
  if (has_scheme && host == "localhost") return true;
  size_t labels = 0;
  std::string_view last;
  size_t begin = 0;
  while (begin <= host.size()) {
    size_t end = host.find('.', begin);
    if (end == std::string_view::npos) end = host.size();
    last = host.substr(begin, end - begin);
    if (!IsHostLabel(last)) return false;
    ++labels;
    begin = end + 1;
  }
  return labels >= 2 && IsTopLevelDomain(last);
}

std::string TitleKey(const std::vector<std::string>& terms) { return absl::StrJoin(terms, " "); }

int DiacriticScore(std::string_view line) {
  // A letter counts when folding does more than lowercasing it: it lost a mark (à → a) or was
  // mapped (đ → d). Capitals count no more than their lowercase forms, so an ALL-CAPS copy does not
  // outscore a properly accented one on case alone.
  int score = 0;
  std::string one;
  std::string lower;
  size_t i = 0;
  while (i < line.size()) {
    char32_t c;
    const size_t len = text::DecodeUtf8(line, i, &c);
    if (len == 0) {
      ++i;
      continue;
    }
    i += len;
    if (c < 0x80) continue;
    lower.clear();
    text::AppendUtf8(static_cast<char32_t>(u_tolower(static_cast<UChar32>(c))), &lower);
    one.assign(line.substr(i - len, len));
    if (text::Fold(one) != lower) ++score;
  }
  return score;
}

}  // namespace newsgraph::ingest::cleaning
