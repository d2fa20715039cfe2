#include "services/ingest/core/cleaning/date_line.h"

#include <algorithm>
#include <cstddef>
#include <initializer_list>
#include <iterator>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/text/normalizer.h"
#include "common/text/utf8.h"

namespace newsgraph::ingest::cleaning {
namespace {

// A date line with a weekday, a time and a zone is still short; anything longer is prose.
constexpr size_t kMaxDateLineBytes = 120;

using Words = std::span<const std::string_view>;
using WordList = std::initializer_list<std::string_view>;

// All word lists are in Fold() form (lowercase, no diacritics, Greek ς as σ), since the line is
// folded before tokenizing so that "Ngày", "NGÀY" and "ngay" are the same word.
constexpr std::string_view kLabels[] = {
    "date",       "dated",        "ngay",         "дата",           "ημερομηνια",
    "datum",      "日期",         "published",    "posted",         "updated",
    "dang",       "опубликовано", "опубліковано", "обновлено",      "оновлено",
    "δημοσιευση", "δημοσιευθηκε", "ενημερωση",    "veroffentlicht", "aktualisiert",
    "publie",     "发布时间",     "发布日期",     "更新时间",       "时间"};
// Small words that may stand between a label and a date without being a label themselves.
constexpr std::string_view kConnectors[] = {"on", "am", "le", "в", "у", "στισ"};
// Words that introduce a time of day ("lúc 10:30", "at 10:30", "о 11:20"); "t" is ISO 8601's.
constexpr std::string_view kTimeConnectors[] = {"luc",  "at",   "um", "о", "в",
                                                "στισ", "alle", "t",  "kl"};
constexpr std::string_view kAmPm[] = {"am", "pm", "sa", "ch", "uhr", "gio"};
constexpr std::string_view kZones[] = {"gmt", "utc",  "z",   "ict", "cet", "cest",
                                       "eet", "eest", "msk", "est", "edt", "pst",
                                       "pdt", "bst",  "jst", "kst", "cst"};
constexpr std::string_view kOrdinals[] = {"st", "nd", "rd", "th", "er"};
// Abbreviations of "year" written after it: "14 марта 2025 г.", "14 березня 2025 р.".
constexpr std::string_view kYearMarks[] = {"г", "р", "года", "року"};
constexpr std::string_view kDateSeparators[] = {"-", "/", "."};
// Decorations around the date: punctuation scrapers and sites put between date, time and zone.
constexpr std::string_view kSeparators[] = {",",  "•",  "·",  "|",  "-",  "–", "—",
                                            "(",  ")",  ":",  "/",  ".",  "[", "]",
                                            "，", "：", "（", "）", "、", "»", "«"};
// Weekdays are matched by prefix so that inflected forms ("у п'ятницю", "в пятницу") pass.
constexpr std::string_view kWeekdayStems[] = {
    "mon",      "tue",        "wed",     "thu",      "fri",       "sat",    "sun",      "dienstag",
    "mittwoch", "donnerstag", "freitag", "samstag",  "sonntag",   "lundi",  "mardi",    "mercredi",
    "jeudi",    "vendredi",   "samedi",  "dimanche", "понеділ",   "вівтор", "серед",    "четвер",
    "п'ятниц",  "п’ятниц",    "субот",   "неділ",    "понедельн", "вторн",  "сред",     "пятниц",
    "суббот",   "воскресен",  "δευτερ",  "τριτ",     "τεταρτ",    "πεμπτ",  "παρασκευ", "σαββατ",
    "κυριακ",   "星期",       "周"};
// Vietnamese weekdays are two words: "thứ hai" .. "thứ bảy" (or "thứ 2" .. "thứ 7"), "chủ nhật".
constexpr std::string_view kVietnameseWeekdayNumbers[] = {"hai", "ba", "tu", "nam", "sau", "bay"};

// Month name stems (prefixes of every inflected form) in en, de, fr, ru, uk, el.
struct MonthStem {
  std::string_view stem;
  int month;
};
constexpr MonthStem kMonthStems[] = {
    {"jan", 1},   {"feb", 2},   {"fev", 2},       {"mar", 3},   {"apr", 4},  {"avr", 4},
    {"may", 5},   {"mai", 5},   {"jun", 6},       {"juin", 6},  {"jul", 7},  {"juil", 7},
    {"aug", 8},   {"aou", 8},   {"sep", 9},       {"oct", 10},  {"okt", 10}, {"nov", 11},
    {"dec", 12},  {"dez", 12},  {"янв", 1},       {"фев", 2},   {"мар", 3},  {"апр", 4},
    {"мая", 5},   {"май", 5},   {"маи", 5},       {"июн", 6},   {"июл", 7},  {"авг", 8},
    {"сен", 9},   {"окт", 10},  {"ноя", 11},      {"дек", 12},  {"січ", 1},  {"лют", 2},
    {"берез", 3}, {"квіт", 4},  {"трав", 5},      {"черв", 6},  {"лип", 7},  {"серп", 8},
    {"верес", 9}, {"жовт", 10}, {"листопад", 11}, {"груд", 12}, {"ιαν", 1},  {"φεβ", 2},
    {"μαρ", 3},   {"απρ", 4},   {"μαι", 5},       {"ιουν", 6},  {"ιουλ", 7}, {"αυγ", 8},
    {"σεπ", 9},   {"οκτ", 10},  {"νοε", 11},      {"δεκ", 12},
};

bool Contains(Words words, std::string_view word) {
  for (std::string_view w : words) {
    if (w == word) return true;
  }
  return false;
}

struct Token {
  enum class Kind { kNumber, kWord, kPunct };
  Kind kind;
  std::string_view text;
};

bool IsAsciiDigit(char32_t c) { return c >= '0' && c <= '9'; }

// Punctuation ends a word and becomes a token of its own; the apostrophe stays inside words.
bool IsPunct(char32_t c) {
  if (c < 0x80) {
    return !(IsAsciiDigit(c) || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '\'' ||
             c == ' ');
  }
  constexpr char32_t kMarks[] = {0x00AB, 0x00B7, 0x00BB, 0x2010, 0x2011, 0x2012, 0x2013, 0x2014,
                                 0x2015, 0x2022, 0x2026, 0x2039, 0x203A, 0x2212, 0x3001, 0x3002,
                                 0x30FB, 0xFF08, 0xFF09, 0xFF0C, 0xFF0D, 0xFF0E, 0xFF0F, 0xFF1A};
  return std::find(std::begin(kMarks), std::end(kMarks), c) != std::end(kMarks);
}

// Splits folded text into digit runs, single punctuation marks and word runs (anything else up
// to a space, digit or punctuation, so "2025年3月14日" gives 2025 年 3 月 14 日).
std::vector<Token> Tokenize(std::string_view s) {
  std::vector<Token> tokens;
  size_t i = 0;
  while (i < s.size()) {
    char32_t c;
    const size_t len = text::DecodeUtf8(s, i, &c);
    if (len == 0) {
      ++i;
      continue;
    }
    if (c == ' ') {
      i += len;
    } else if (IsAsciiDigit(c)) {
      size_t j = i;
      while (j < s.size() && IsAsciiDigit(static_cast<unsigned char>(s[j]))) ++j;
      tokens.push_back({Token::Kind::kNumber, s.substr(i, j - i)});
      i = j;
    } else if (IsPunct(c)) {
      tokens.push_back({Token::Kind::kPunct, s.substr(i, len)});
      i += len;
    } else {
      size_t j = i;
      while (j < s.size()) {
        char32_t d;
        const size_t dlen = text::DecodeUtf8(s, j, &d);
        if (dlen == 0 || d == ' ' || IsAsciiDigit(d) || IsPunct(d)) break;
        j += dlen;
      }
      tokens.push_back({Token::Kind::kWord, s.substr(i, j - i)});
      i = j;
    }
  }
  return tokens;
}

bool IsLeapYear(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeapYear(y) ? 29 : kDays[m - 1];
}

// Fills *date when (y, m, d) is a real calendar date at `precision`; d is ignored below kDay and
// m below kMonth.
bool MakeDate(int y, int m, int d, DatePrecision precision, FoundDate* date) {
  if (y < 1000 || y > 9999) return false;
  if (precision >= DatePrecision::kMonth && (m < 1 || m > 12)) return false;
  if (precision >= DatePrecision::kDay && (d < 1 || d > DaysInMonth(y, m))) return false;
  *date = FoundDate{y, precision >= DatePrecision::kMonth ? m : 0,
                    precision >= DatePrecision::kDay ? d : 0, precision};
  return true;
}

// Recursive-descent matcher over the tokens. Every Skip*/Parse* method takes a position and
// returns the position after what it matched, or the same position when nothing matched.
class DateParser {
 public:
  explicit DateParser(std::vector<Token> tokens) : t_(std::move(tokens)) {}

  std::optional<FoundDate> Parse() const {
    size_t pos = 0;
    bool labeled = false;
    while (pos < t_.size()) {
      size_t next = SkipLabel(pos);
      if (next != pos) {
        labeled = true;
        pos = next;
        continue;
      }
      next = IsWordIn(pos, kConnectors) ? pos + 1 : pos;
      if (next == pos) next = SkipWeekday(pos);
      if (next == pos) next = SkipTime(pos);
      if (next == pos) next = IsPunctIn(pos, kSeparators) ? pos + 1 : pos;
      if (next == pos) break;
      pos = next;
    }
    FoundDate date;
    const size_t after_date = ParseDate(pos, labeled, &date);
    if (after_date == pos) return std::nullopt;
    pos = after_date;
    while (pos < t_.size()) {
      size_t next = SkipTime(pos);
      if (next == pos) next = SkipZone(pos);
      if (next == pos) next = SkipWeekday(pos);
      if (next == pos) next = IsWordIn(pos, kYearMarks) ? pos + 1 : pos;
      if (next == pos) next = IsPunctIn(pos, kSeparators) ? pos + 1 : pos;
      if (next == pos) return std::nullopt;  // Something other than a date is on the line.
      pos = next;
    }
    return date;
  }

 private:
  bool Is(size_t p, Token::Kind kind) const { return p < t_.size() && t_[p].kind == kind; }
  bool IsNum(size_t p, size_t min_digits, size_t max_digits) const {
    return Is(p, Token::Kind::kNumber) && t_[p].text.size() >= min_digits &&
           t_[p].text.size() <= max_digits;
  }
  bool IsWord(size_t p, std::string_view word) const {
    return Is(p, Token::Kind::kWord) && t_[p].text == word;
  }
  bool IsWordIn(size_t p, Words words) const {
    return Is(p, Token::Kind::kWord) && Contains(words, t_[p].text);
  }
  bool IsWordIn(size_t p, WordList words) const {
    return IsWordIn(p, Words(words.begin(), words.size()));
  }
  bool IsPunct(size_t p, std::string_view mark) const {
    return Is(p, Token::Kind::kPunct) && t_[p].text == mark;
  }
  bool IsPunctIn(size_t p, Words marks) const {
    return Is(p, Token::Kind::kPunct) && Contains(marks, t_[p].text);
  }
  bool IsPunctIn(size_t p, WordList marks) const {
    return IsPunctIn(p, Words(marks.begin(), marks.size()));
  }
  // Numbers here have at most 4 digits, so this cannot overflow.
  int Value(size_t p) const {
    int v = 0;
    for (char c : t_[p].text) v = v * 10 + (c - '0');
    return v;
  }
  // Returns 1..12 when the word at p is a month name, else 0.
  int MonthAt(size_t p) const {
    if (!Is(p, Token::Kind::kWord)) return 0;
    for (const MonthStem& m : kMonthStems) {
      if (t_[p].text.starts_with(m.stem)) return m.month;
    }
    return 0;
  }

  size_t SkipLabel(size_t p) const {
    if (IsWordIn(p, kLabels)) return p + 1;
    if (IsWord(p, "cap") && IsWord(p + 1, "nhat")) return p + 2;  // "cập nhật" (updated)
    return p;
  }

  size_t SkipWeekday(size_t p) const {
    if (!Is(p, Token::Kind::kWord)) return p;
    const std::string_view w = t_[p].text;
    if (w == "thu" && (IsNum(p + 1, 1, 1) || IsWordIn(p + 1, kVietnameseWeekdayNumbers))) {
      return p + 2;
    }
    if (w == "chu" && IsWord(p + 1, "nhat")) return p + 2;
    for (std::string_view stem : kWeekdayStems) {
      if (w.starts_with(stem)) return p + 1;
    }
    return p;
  }

  // HH:MM[:SS[.fff]] or HHhMM, optionally introduced by a connector and followed by am/pm and a
  // zone.
  size_t SkipTime(size_t p) const {
    size_t q = p;
    if (IsWordIn(q, kTimeConnectors) && IsNum(q + 1, 1, 2)) ++q;
    if (!IsNum(q, 1, 2) || Value(q) > 24) return p;
    if (IsPunct(q + 1, ":") && IsNum(q + 2, 2, 2) && Value(q + 2) <= 59) {
      q += 3;
      if (IsPunct(q, ":") && IsNum(q + 1, 2, 2) && Value(q + 1) <= 60) {
        q += 2;
        if (IsPunct(q, ".") && IsNum(q + 1, 1, 4)) q += 2;
      }
    } else if (IsWord(q + 1, "h") && IsNum(q + 2, 2, 2) && Value(q + 2) <= 59) {
      q += 3;
    } else {
      return p;
    }
    if (IsWordIn(q, kAmPm)) ++q;
    return SkipZone(q);
  }

  // "GMT+7", "UTC", "Z", "+02:00", "+0700".
  size_t SkipZone(size_t p) const {
    size_t q = p;
    if (IsWordIn(q, kZones)) ++q;
    if ((IsPunct(q, "+") || IsPunct(q, "-") || IsPunct(q, "−")) && IsNum(q + 1, 1, 4)) {
      q += 2;
      if (IsPunct(q, ":") && IsNum(q + 1, 2, 2)) q += 2;
    }
    return q;
  }

  size_t ParseDate(size_t p, bool labeled, FoundDate* date) const {
    if (IsNum(p, 4, 4)) return ParseYearFirst(p, labeled, date);
    if (IsNum(p, 1, 2)) return ParseDayFirst(p, date);
    if (const int month = MonthAt(p); month != 0) {  // "March 14, 2025", "March 2025"
      size_t q = p + 1;
      if (IsPunct(q, ".")) ++q;
      if (IsNum(q, 1, 2)) {
        const int day = Value(q);
        ++q;
        if (IsWordIn(q, kOrdinals)) ++q;
        if (IsPunct(q, ",")) ++q;
        if (!IsNum(q, 4, 4)) return p;
        return MakeDate(Value(q), month, day, DatePrecision::kDay, date) ? q + 1 : p;
      }
      if (IsPunct(q, ",")) ++q;
      if (!IsNum(q, 4, 4)) return p;
      return MakeDate(Value(q), month, 0, DatePrecision::kMonth, date) ? q + 1 : p;
    }
    if (IsWord(p, "thang") && IsNum(p + 1, 1, 2)) {  // "tháng 3 năm 2025", "tháng 3/2025"
      size_t q = p + 2;
      if (IsWord(q, "nam") || IsPunctIn(q, {"/", "-", ","})) ++q;
      if (!IsNum(q, 4, 4)) return p;
      return MakeDate(Value(q), Value(p + 1), 0, DatePrecision::kMonth, date) ? q + 1 : p;
    }
    return p;
  }

  // YYYY-MM-DD, YYYY/MM, YYYY年M月D日, or (after a label) a bare year.
  size_t ParseYearFirst(size_t p, bool labeled, FoundDate* date) const {
    const int year = Value(p);
    if (IsPunctIn(p + 1, kDateSeparators) && IsNum(p + 2, 1, 2)) {
      const std::string_view sep = t_[p + 1].text;
      if (IsPunct(p + 3, sep) && IsNum(p + 4, 1, 2)) {
        return MakeDate(year, Value(p + 2), Value(p + 4), DatePrecision::kDay, date) ? p + 5 : p;
      }
      return MakeDate(year, Value(p + 2), 0, DatePrecision::kMonth, date) ? p + 3 : p;
    }
    if (IsWordIn(p + 1, {"年", "년"}) && IsNum(p + 2, 1, 2) && IsWordIn(p + 3, {"月", "월"})) {
      if (IsNum(p + 4, 1, 2) && IsWordIn(p + 5, {"日", "일", "号"})) {
        return MakeDate(year, Value(p + 2), Value(p + 4), DatePrecision::kDay, date) ? p + 6 : p;
      }
      return MakeDate(year, Value(p + 2), 0, DatePrecision::kMonth, date) ? p + 4 : p;
    }
    // A lone number is only a year when the line said it is a date.
    if (labeled) return MakeDate(year, 0, 0, DatePrecision::kYear, date) ? p + 1 : p;
    return p;
  }

  // DD.MM.YYYY, MM/YYYY, "14 March 2025", "14. März 2025", "14 tháng 3 năm 2025".
  size_t ParseDayFirst(size_t p, FoundDate* date) const {
    const int first = Value(p);
    if (IsPunctIn(p + 1, kDateSeparators) && IsNum(p + 2, 1, 2) && IsPunct(p + 3, t_[p + 1].text) &&
        IsNum(p + 4, 4, 4)) {
      int day = first;
      int month = Value(p + 2);
      // Day-first is the international default; only an impossible month flips it to US order.
      if (month > 12 && day <= 12) std::swap(day, month);
      return MakeDate(Value(p + 4), month, day, DatePrecision::kDay, date) ? p + 5 : p;
    }
    if (IsPunctIn(p + 1, kDateSeparators) && IsNum(p + 2, 4, 4)) {
      return MakeDate(Value(p + 2), first, 0, DatePrecision::kMonth, date) ? p + 3 : p;
    }
    size_t q = p + 1;
    if (IsPunct(q, ".")) ++q;
    if (IsWordIn(q, kOrdinals)) ++q;
    if (const int month = MonthAt(q); month != 0) {
      ++q;
      if (IsPunctIn(q, {",", "."})) ++q;
      if (!IsNum(q, 4, 4)) return p;
      return MakeDate(Value(q), month, first, DatePrecision::kDay, date) ? q + 1 : p;
    }
    if (IsWord(p + 1, "thang") && IsNum(p + 2, 1, 2)) {
      q = p + 3;
      if (IsWord(q, "nam") || IsPunctIn(q, {",", "/", "-"})) ++q;
      if (!IsNum(q, 4, 4)) return p;
      return MakeDate(Value(q), Value(p + 2), first, DatePrecision::kDay, date) ? q + 1 : p;
    }
    return p;
  }

  std::vector<Token> t_;
};

}  // namespace

std::optional<FoundDate> ParseDateLine(std::string_view line) {
  if (line.empty() || line.size() > kMaxDateLineBytes) return std::nullopt;
  // Cheap reject first: every accepted form has an ASCII digit.
  if (line.find_first_of("0123456789") == std::string_view::npos) return std::nullopt;
  const std::string folded = text::Fold(line);
  return DateParser(Tokenize(folded)).Parse();
}

}  // namespace newsgraph::ingest::cleaning
