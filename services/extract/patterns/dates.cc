// Absolute and relative dates.
#include <unicode/uchar.h>
#include <unicode/uscript.h>

#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/text/utf8.h"
#include "services/extract/patterns/lexicon.h"
#include "services/extract/patterns/recognizers.h"

namespace newsgraph::extract::patterns {
namespace {

using Tokens = std::vector<PatternToken>;

constexpr int kMinYear = 1900;
constexpr int kMaxYear = 2100;

std::string_view BaseLanguage(std::string_view language) {
  return language.substr(0, language.find('-'));
}

// The value of a number token of 1..max_digits digits, or -1.
int SmallNumber(const Tokens& tokens, size_t i, size_t max_digits) {
  if (i >= tokens.size() || tokens[i].kind != TokenKind::kNumber) return -1;
  if (tokens[i].text.size() > max_digits) return -1;
  return std::atoi(tokens[i].text.c_str());
}

int Year(const Tokens& tokens, size_t i) {
  if (i >= tokens.size() || tokens[i].kind != TokenKind::kNumber || tokens[i].text.size() != 4) {
    return -1;
  }
  int year = std::atoi(tokens[i].text.c_str());
  return year >= kMinYear && year <= kMaxYear ? year : -1;
}

bool Is(const Tokens& tokens, size_t i, std::string_view text, bool adjacent = false) {
  return i < tokens.size() && tokens[i].text == text && (!adjacent || !tokens[i].space_before);
}

bool ValidDay(int year, int month, int day) {
  if (month < 1 || month > 12 || day < 1) return false;
  absl::CivilDay civil(year > 0 ? year : 2000, month, day);  // 2000: Feb 29 allowed without year
  return civil.month() == month && civil.day() == day;
}

class DateBuilder {
 public:
  DateBuilder(const Tokens& tokens, const PatternOptions& options, std::vector<PatternMatch>* out)
      : tokens_(tokens), options_(options), out_(out) {}

  // Emits a date over tokens [first, end); year -1 = unknown, day 0 = month precision, month 0 =
  // year precision. Returns false (emitting nothing) when the date is impossible.
  bool Emit(size_t first, size_t end, int year, int month, int day, float confidence = 1.0f) {
    if (day > 0 && !ValidDay(year, month, day)) return false;
    if (month < 0 || month > 12) return false;
    std::string normalized;
    if (year < 0 && options_.published) year = static_cast<int>(options_.published->year());
    if (year < 0) {
      normalized = absl::StrFormat("--%02d-%02d", month, day);
    } else if (month == 0) {
      normalized = absl::StrCat(year);
    } else if (day == 0) {
      normalized = absl::StrFormat("%04d-%02d", year, month);
    } else {
      normalized = absl::StrFormat("%04d-%02d-%02d", year, month, day);
    }
    Push(first, end, std::move(normalized), confidence);
    return true;
  }

  // A date `days` from the published date, or an unanchored relative date.
  void EmitRelative(size_t first, size_t end, int days, float confidence) {
    std::string normalized;
    if (options_.published) {
      absl::CivilDay day = *options_.published + days;
      normalized = absl::StrFormat("%04d-%02d-%02d", day.year(), day.month(), day.day());
    }
    Push(first, end, std::move(normalized), confidence);
  }

  // Extends `end` over a following "року", "р.", "года", "г.".
  size_t WithMarker(size_t end) const {
    if (auto marker = GetLexicon().date_markers.Match(tokens_, end)) {
      end = marker->end_token;
      if (Is(tokens_, end, ".", true)) ++end;
    }
    return end;
  }

 private:
  void Push(size_t first, size_t end, std::string normalized, float confidence) {
    PatternMatch match;
    match.begin = tokens_[first].begin;
    match.end = tokens_[end - 1].end;
    match.type = common::v1::ENTITY_TYPE_DATE;
    if (!normalized.empty()) match.entity_id = absl::StrCat("date:", normalized);
    match.normalized = std::move(normalized);
    match.confidence = confidence;
    out_->push_back(std::move(match));
  }

  const Tokens& tokens_;
  const PatternOptions& options_;
  std::vector<PatternMatch>* out_;
};

// Numeric dates: 2025-11-28, 2025/11/28, 28.11.2025, 28/11/2025 (11/28/2025 in English),
// and Vietnamese "28/11" after "ngày". Returns the end token, or 0.
size_t NumericDate(const Tokens& t, size_t i, const PatternOptions& options, DateBuilder& out) {
  if (t[i].kind != TokenKind::kNumber) return 0;
  auto sep_at = [&](size_t k) -> std::string {
    if (k >= t.size() || t[k].space_before || t[k].kind != TokenKind::kSymbol) return "";
    if (k + 1 >= t.size() || t[k + 1].space_before || t[k + 1].kind != TokenKind::kNumber) {
      return "";
    }
    return t[k].text;
  };
  std::string sep1 = sep_at(i + 1);
  if (sep1 != "-" && sep1 != "/" && sep1 != ".") return 0;
  std::string sep2 = sep_at(i + 3);
  if (int year = Year(t, i); year > 0 && t[i].text.size() == 4) {
    if (sep1 == "." || sep2 != sep1) return 0;
    int month = SmallNumber(t, i + 2, 2), day = SmallNumber(t, i + 4, 2);
    return out.Emit(i, i + 5, year, month, day) ? i + 5 : 0;
  }
  int first = SmallNumber(t, i, 2), second = SmallNumber(t, i + 2, 2);
  if (first < 0 || second < 0) return 0;
  bool month_first = sep1 == "/" && BaseLanguage(options.language) == "en";
  int day = month_first ? second : first, month = month_first ? first : second;
  if (sep2 == sep1) {
    int year = Year(t, i + 4);
    if (year < 0) return 0;
    return out.Emit(i, i + 5, year, month, day) ? i + 5 : 0;
  }
  // Day and month alone are a date only after Vietnamese "ngày" ("ngày 28/11").
  if (i > 0 && t[i - 1].text == "ngày" && sep1 != ".") {
    return out.Emit(i - 1, i + 3, -1, month, day) ? i + 3 : 0;
  }
  return 0;
}

// A month abbreviation ("Nov", "févr") takes the period after it; a full name leaves it to the
// sentence.
bool IsAbbreviation(const PatternToken& token) {
  size_t code_points = 0;
  for (char c : token.text) code_points += (static_cast<unsigned char>(c) & 0xC0) != 0x80;
  return code_points <= 4;
}

// "28 November 2025", "28. November", "1er décembre 2025", "28 листопада 2025 року",
// "28 Νοεμβρίου", "November 28, 2025", "November 2025", "листопаді 2025".
size_t NamedMonthDate(const Tokens& t, size_t i, DateBuilder& out) {
  const Lexicon& lexicon = GetLexicon();
  if (int day = SmallNumber(t, i, 2); day > 0) {
    size_t k = i + 1;
    if (Is(t, k, ".", true) || Is(t, k, "er", true)) ++k;
    auto month = lexicon.months.Match(t, k);
    if (!month || !t[k].space_before) return 0;
    size_t end = month->end_token;
    if (IsAbbreviation(t[end - 1]) && Is(t, end, ".", true)) ++end;
    int year = Year(t, end);
    if (year > 0) end = out.WithMarker(end + 1);
    return out.Emit(i, end, year, month->value.number, day) ? end : 0;
  }
  auto month = lexicon.months.Match(t, i);
  if (!month) return 0;
  size_t k = month->end_token;
  if (IsAbbreviation(t[k - 1]) && Is(t, k, ".", true)) ++k;
  if (int day = SmallNumber(t, k, 2); day > 0 && t[k].space_before) {
    size_t end = k + 1;
    int year = -1;
    if (Is(t, end, ",", true) && Year(t, end + 1) > 0) {
      year = Year(t, end + 1);
      end += 2;
    } else if (Year(t, end) > 0) {
      year = Year(t, end);
      ++end;
    }
    return out.Emit(i, end, year, month->value.number, day) ? end : 0;
  }
  if (int year = Year(t, k); year > 0) {
    size_t end = out.WithMarker(k + 1);
    return out.Emit(i, end, year, month->value.number, 0) ? end : 0;
  }
  return 0;
}

// "ngày 28 tháng 11 năm 2025", "tháng 11/2025", "tháng 11 năm 2025", "năm 2025".
size_t VietnameseDate(const Tokens& t, size_t i, DateBuilder& out) {
  if (t[i].text == "ngày" && SmallNumber(t, i + 1, 2) > 0 && Is(t, i + 2, "tháng") &&
      SmallNumber(t, i + 3, 2) > 0) {
    int day = SmallNumber(t, i + 1, 2), month = SmallNumber(t, i + 3, 2);
    size_t end = i + 4;
    int year = -1;
    if (Is(t, end, "năm") && Year(t, end + 1) > 0) {
      year = Year(t, end + 1);
      end += 2;
    }
    return out.Emit(i, end, year, month, day) ? end : 0;
  }
  if (t[i].text == "tháng" && SmallNumber(t, i + 1, 2) > 0) {
    int month = SmallNumber(t, i + 1, 2);
    if (Is(t, i + 2, "/", true) && Year(t, i + 3) > 0 && !t[i + 3].space_before) {
      return out.Emit(i, i + 4, Year(t, i + 3), month, 0) ? i + 4 : 0;
    }
    if (Is(t, i + 2, "năm") && Year(t, i + 3) > 0) {
      return out.Emit(i, i + 4, Year(t, i + 3), month, 0) ? i + 4 : 0;
    }
    return 0;
  }
  if (t[i].text == "năm" && Year(t, i + 1) > 0) {
    return out.Emit(i, i + 2, Year(t, i + 1), 0, 0) ? i + 2 : 0;
  }
  return 0;
}

// "2025年11月28日", "11月28日", "2025年11月", "2025年".
size_t ChineseDate(const Tokens& t, size_t i, DateBuilder& out) {
  if (t[i].kind != TokenKind::kNumber) return 0;
  int year = -1;
  size_t k = i;
  if (Year(t, k) > 0 && Is(t, k + 1, "年")) {
    year = Year(t, k);
    k += 2;
  }
  int month = SmallNumber(t, k, 2);
  if (month > 0 && Is(t, k + 1, "月")) {
    int day = SmallNumber(t, k + 2, 2);
    if (day > 0 && (Is(t, k + 3, "日") || Is(t, k + 3, "号"))) {
      return out.Emit(i, k + 4, year, month, day) ? k + 4 : 0;
    }
    return year > 0 && out.Emit(i, k + 2, year, month, 0) ? k + 2 : 0;
  }
  return year > 0 && out.Emit(i, k, year, 0, 0) ? k : 0;
}

// "вчора", "hôm qua", "3 days ago", "vor 2 Tagen", "昨天"; weekdays ("on Monday", "thứ Hai")
// are the latest such day on or before the published date.
size_t RelativeDate(std::string_view text, const Tokens& t, size_t i, const PatternOptions& options,
                    DateBuilder& out) {
  const Lexicon& lexicon = GetLexicon();
  std::string_view language = BaseLanguage(options.language);
  // Words that mean a day only in one language: French "hier" is German "here", German
  // "morgen" also "morning".
  if ((t[i].text == "hier" && language != "fr") || (t[i].text == "morgen" && language != "de")) {
    return 0;
  }
  if (auto relative = lexicon.relative_days.Match(t, i)) {
    int days = relative->number ? relative->value.number * static_cast<int>(*relative->number)
                                : relative->value.number;
    out.EmitRelative(i, relative->end_token, days, 0.9f);
    return relative->end_token;
  }
  if (auto weekday = lexicon.weekdays.Match(t, i)) {
    // Latin and Greek weekdays are capitalized, which tells "thứ Hai" (Monday) from "thứ hai"
    // (second) and "Τρίτη" (Tuesday) from "τρίτη" (third); Cyrillic ones are not.
    char32_t first = 0;
    text::DecodeUtf8(text, t[weekday->end_token - 1].begin, &first);
    UChar32 c = static_cast<UChar32>(first);
    UErrorCode error = U_ZERO_ERROR;
    UScriptCode script = uscript_getScript(c, &error);
    if ((script == USCRIPT_LATIN || script == USCRIPT_GREEK) && !u_isupper(c)) return 0;
    int days = 0;
    if (options.published) {
      int published = static_cast<int>(absl::GetWeekday(*options.published));  // Monday = 0
      days = -((published - weekday->value.number + 7) % 7);
    }
    out.EmitRelative(i, weekday->end_token, days, 0.7f);
    return weekday->end_token;
  }
  return 0;
}

}  // namespace

void FindDates(std::string_view text, const std::vector<PatternToken>& tokens,
               const PatternOptions& options, std::vector<PatternMatch>* out) {
  DateBuilder builder(tokens, options, out);
  for (size_t i = 0; i < tokens.size(); ++i) {
    size_t end = 0;
    if (tokens[i].kind == TokenKind::kNumber) {
      end = NumericDate(tokens, i, options, builder);
      if (!end) end = ChineseDate(tokens, i, builder);
      if (!end) end = NamedMonthDate(tokens, i, builder);
      if (!end) {
        if (int year = Year(tokens, i); year > 0) {
          // "2025 року", "2025 г."
          size_t with_marker = builder.WithMarker(i + 1);
          if (with_marker > i + 1 && builder.Emit(i, with_marker, year, 0, 0)) end = with_marker;
        }
      }
    } else if (tokens[i].kind == TokenKind::kWord) {
      end = VietnameseDate(tokens, i, builder);
      if (!end) end = NamedMonthDate(tokens, i, builder);
    }
    if (!end) end = RelativeDate(text, tokens, i, options, builder);
    if (end > i + 1) i = end - 1;
  }
}

}  // namespace newsgraph::extract::patterns
