// Numbers, money and percentages.
#include <cmath>
#include <cstdlib>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "services/extract/patterns/lexicon.h"
#include "services/extract/patterns/recognizers.h"

namespace newsgraph::extract::patterns {
namespace {

bool CommaIsDecimal(std::string_view language) {
  std::string_view base = language.substr(0, language.find('-'));
  return !(base.empty() || base == "en" || base == "zh" || base == "ja" || base == "ko");
}

bool Adjacent(const std::vector<PatternToken>& tokens, size_t i) {
  return i < tokens.size() && !tokens[i].space_before;
}

// "1500000000" for whole amounts, "2.75" otherwise.
std::string FormatAmount(double value) {
  if (std::fabs(value - std::round(value)) < 1e-6 && std::fabs(value) < 1e15) {
    return absl::StrFormat("%.0f", std::round(value));
  }
  std::string text = absl::StrFormat("%.4f", value);
  while (text.back() == '0') text.pop_back();
  if (text.back() == '.') text.pop_back();
  return text;
}

// True when the currency phrase tokens[begin, end) is a symbol or an upper-case ISO code in the
// text ("$", "€", "USD"), which may precede the amount; currency words only follow it.
bool IsSymbolOrCode(std::string_view text, const std::vector<PatternToken>& tokens, size_t begin,
                    size_t end) {
  std::string_view surface =
      text.substr(tokens[begin].begin, tokens[end - 1].end - tokens[begin].begin);
  if (tokens[begin].kind == TokenKind::kSymbol) return true;
  if (surface.size() == 3) {
    return absl::ascii_isupper(surface[0]) && absl::ascii_isupper(surface[1]) &&
           absl::ascii_isupper(surface[2]);
  }
  return surface == "US$";
}

PatternMatch MakeMoney(const std::vector<PatternToken>& tokens, size_t first, size_t end,
                       const std::string& currency, double amount) {
  PatternMatch match;
  match.begin = tokens[first].begin;
  match.end = tokens[end - 1].end;
  match.type = common::v1::ENTITY_TYPE_MONEY;
  match.normalized = absl::StrCat(currency, " ", FormatAmount(amount));
  match.entity_id = absl::StrCat("ng:currency/", absl::AsciiStrToLower(currency));
  return match;
}

}  // namespace

std::optional<ParsedNumber> ParseNumber(const std::vector<PatternToken>& tokens, size_t i,
                                        std::string_view language) {
  if (i >= tokens.size() || tokens[i].kind != TokenKind::kNumber) return std::nullopt;
  struct Group {
    char separator;  // ',', '.', ' ' (grouping space) or 0 for the first group
    std::string digits;
  };
  std::vector<Group> groups{{0, tokens[i].text}};
  size_t j = i + 1;
  while (j < tokens.size()) {
    const PatternToken& next = tokens[j];
    if (next.kind == TokenKind::kSymbol && !next.space_before &&
        (next.text == "," || next.text == ".") && j + 1 < tokens.size() &&
        tokens[j + 1].kind == TokenKind::kNumber && !tokens[j + 1].space_before) {
      groups.push_back({next.text[0], tokens[j + 1].text});
      j += 2;
    } else if (next.kind == TokenKind::kNumber && next.space_before && next.text.size() == 3 &&
               groups.back().digits.size() <= 3 &&
               (groups.size() > 1 || groups.front().digits.size() <= 3) &&
               (groups.size() == 1 || groups.back().separator == ' ')) {
      groups.push_back({' ', next.text});
      ++j;
    } else {
      break;
    }
  }
  // Which separator is the decimal point: the last of two different ones; a lone one when it is
  // not followed by exactly three digits or the language says so.
  char decimal = 0;
  char last = groups.size() > 1 ? groups.back().separator : 0;
  int count_last = 0;
  bool mixed = false;
  for (size_t g = 1; g < groups.size(); ++g) {
    if (groups[g].separator == last) ++count_last;
    if (groups[g].separator != last && groups[g].separator != ' ') mixed = true;
  }
  if (last == ',' || last == '.') {
    if (mixed) {
      decimal = last;
    } else if (count_last == 1 && groups.back().digits.size() != 3) {
      decimal = last;
    } else if (count_last == 1) {
      decimal = (last == ',') == CommaIsDecimal(language) ? last : 0;
    }
  }
  std::string plain;
  for (size_t g = 0; g < groups.size(); ++g) {
    if (g > 0 && groups[g].separator == decimal) plain += '.';
    plain += groups[g].digits;
  }
  ParsedNumber number;
  number.value = std::strtod(plain.c_str(), nullptr);
  number.end_token = j;
  number.has_fraction = decimal != 0;
  return number;
}

void FindAmounts(std::string_view text, const std::vector<PatternToken>& tokens,
                 const PatternOptions& options, std::vector<PatternMatch>* out) {
  const Lexicon& lexicon = GetLexicon();
  for (size_t i = 0; i < tokens.size(); ++i) {
    // "$5bn", "€ 20 Mio.", "USD 3.5 million", "US$ 2 tỷ".
    if (auto currency = lexicon.currencies.Match(tokens, i);
        currency && IsSymbolOrCode(text, tokens, i, currency->end_token)) {
      if (auto number = ParseNumber(tokens, currency->end_token, options.language)) {
        size_t end = number->end_token;
        double amount = number->value;
        if (auto scale = lexicon.scales.Match(tokens, end)) {
          amount *= scale->value.scale;
          end = scale->end_token;
          if (Adjacent(tokens, end) && tokens[end].text == ".") ++end;
        }
        out->push_back(MakeMoney(tokens, i, end, currency->value.currency, amount));
        i = end - 1;
        continue;
      }
    }
    if (tokens[i].kind != TokenKind::kNumber) continue;
    // Skip the inner groups of a number already read from its first group.
    if (i > 0 && tokens[i - 1].kind == TokenKind::kSymbol && !tokens[i].space_before &&
        (tokens[i - 1].text == "," || tokens[i - 1].text == ".") && i > 1 &&
        tokens[i - 2].kind == TokenKind::kNumber && !tokens[i - 1].space_before) {
      continue;
    }
    std::optional<ParsedNumber> number = ParseNumber(tokens, i, options.language);
    if (!number) continue;
    size_t end = number->end_token;
    // "12%", "12,5 відсотка", "7 τοις εκατό", "3 phần trăm".
    if (auto percent = lexicon.percent_words.Match(tokens, end)) {
      PatternMatch match;
      match.begin = tokens[i].begin;
      match.end = tokens[percent->end_token - 1].end;
      match.type = common::v1::ENTITY_TYPE_PERCENT;
      match.normalized = absl::StrCat(FormatAmount(number->value), "%");
      out->push_back(std::move(match));
      i = percent->end_token - 1;
      continue;
    }
    // "1,5 млрд доларів", "20 triệu đồng", "5 tỷ USD", "50亿美元", "10 Millionen Euro", "100€".
    double amount = number->value;
    if (auto scale = lexicon.scales.Match(tokens, end)) {
      // Single-letter scales ("5m", "2b") only right after the number.
      if (scale->end_token - end > 1 || tokens[end].text.size() > 1 || Adjacent(tokens, end)) {
        amount *= scale->value.scale;
        end = scale->end_token;
        if (Adjacent(tokens, end) && tokens[end].text == ".") ++end;
      }
    }
    if (auto currency = lexicon.currencies.Match(tokens, end)) {
      out->push_back(MakeMoney(tokens, i, currency->end_token, currency->value.currency, amount));
      i = currency->end_token - 1;
    }
  }
}

}  // namespace newsgraph::extract::patterns
