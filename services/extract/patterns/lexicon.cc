#include "services/extract/patterns/lexicon.h"

#include <cstdlib>

#include "absl/strings/str_split.h"

namespace newsgraph::extract::patterns {
namespace {

// Month forms by month, '|'-separated: nominative, genitive (dates: "28 листопада"), locative
// ("у листопаді", "в ноябре"), accusative (Greek "τον Νοέμβριο") and abbreviations.
constexpr const char* kMonths[12] = {
    "january|jan|januar|jänner|janvier|janv|січень|січня|січні|январь|января|январе|"
    "ιανουάριος|ιανουαρίου|ιανουάριο",
    "february|feb|februar|février|févr|лютий|лютого|лютому|февраль|февраля|феврале|"
    "φεβρουάριος|φεβρουαρίου|φεβρουάριο",
    "march|mar|märz|mars|березень|березня|березні|март|марта|марте|μάρτιος|μαρτίου|μάρτιο",
    "april|apr|avril|квітень|квітня|квітні|апрель|апреля|апреле|απρίλιος|απριλίου|απρίλιο",
    "may|mai|травень|травня|травні|май|мая|мае|μάιος|μαΐου|μάιο",
    "june|jun|juni|juin|червень|червня|червні|июнь|июня|июне|ιούνιος|ιουνίου|ιούνιο",
    "july|jul|juli|juillet|липень|липня|липні|июль|июля|июле|ιούλιος|ιουλίου|ιούλιο",
    "august|aug|août|серпень|серпня|серпні|август|августа|августе|αύγουστος|αυγούστου|αύγουστο",
    "september|sep|sept|septembre|вересень|вересня|вересні|сентябрь|сентября|сентябре|"
    "σεπτέμβριος|σεπτεμβρίου|σεπτέμβριο",
    "october|oct|oktober|octobre|жовтень|жовтня|жовтні|октябрь|октября|октябре|οκτώβριος|"
    "οκτωβρίου|οκτώβριο",
    "november|nov|novembre|листопад|листопада|листопаді|ноябрь|ноября|ноябре|νοέμβριος|"
    "νοεμβρίου|νοέμβριο",
    "december|dec|dezember|décembre|déc|грудень|грудня|грудні|декабрь|декабря|декабре|"
    "δεκέμβριος|δεκεμβρίου|δεκέμβριο",
};

// Weekdays, Monday first, in the forms news uses ("у понеділок", "в среду", "τη Δευτέρα").
constexpr const char* kWeekdays[7] = {
    "monday|montag|lundi|понеділок|понеділка|понедельник|δευτέρα|thứ hai|周一|星期一",
    "tuesday|dienstag|mardi|вівторок|вівторка|вторник|τρίτη|thứ ba|周二|星期二",
    "wednesday|mittwoch|mercredi|середа|середу|среда|среду|τετάρτη|thứ tư|周三|星期三",
    "thursday|donnerstag|jeudi|четвер|четверга|четверг|πέμπτη|thứ năm|周四|星期四",
    "friday|freitag|vendredi|п'ятниця|п'ятницю|п’ятниця|п’ятницю|пятница|пятницу|παρασκευή|"
    "thứ sáu|周五|星期五",
    "saturday|samstag|samedi|субота|суботу|суббота|субботу|σάββατο|thứ bảy|周六|星期六",
    "sunday|sonntag|dimanche|неділя|неділю|воскресенье|κυριακή|chủ nhật|周日|星期日|星期天",
};

struct Relative {
  const char* phrases;
  int number;
};
// A fixed offset in days, or with "#" a factor per number ("3 days ago" = 3 × -1).
constexpr Relative kRelativeDays[] = {
    {"today|heute|aujourd'hui|aujourd’hui|сьогодні|сегодня|σήμερα|hôm nay|今天|今日", 0},
    {"yesterday|gestern|hier|вчора|учора|вчера|χθες|χτες|hôm qua|昨天|昨日", -1},
    {"tomorrow|morgen|demain|завтра|αύριο|ngày mai|明天|明日", 1},
    {"the day before yesterday|vorgestern|avant-hier|позавчора|позавчера|προχθές|προχτές|"
     "hôm kia|前天",
     -2},
    {"# days ago|# day ago|vor # tagen|vor # tag|il y a # jours|il y a # jour|# дні тому|"
     "# днів тому|# день тому|# дня назад|# дней назад|# день назад|πριν από # ημέρες|"
     "πριν # ημέρες|πριν από # μέρες|πριν # μέρες|# ngày trước|# ngày qua|# 天 前",
     -1},
    {"# weeks ago|# week ago|vor # wochen|il y a # semaines|# тижні тому|# тижнів тому|"
     "# недели назад|# недель назад|πριν από # εβδομάδες|# tuần trước|# 周 前",
     -7},
};

struct Currency {
  const char* phrases;
  const char* code;
};
constexpr Currency kCurrencies[] = {
    {"$|us$|usd|dollar|dollars|доларів|долари|долар|долара|доларах|долларов|доллары|доллар|"
     "доллара|долл|дол|δολάρια|δολάριο|δολαρίων|đô la|đô-la|đô|美元",
     "USD"},
    {"€|eur|euro|euros|євро|евро|ευρώ|欧元", "EUR"},
    {"£|gbp|pound sterling|pounds sterling|livres sterling|фунтів стерлінгів|фунтов стерлингов|"
     "λίρες στερλίνες|bảng anh|英镑",
     "GBP"},
    {"¥|jpy|yen|yens|єн|иен|иена|γιεν|yên|日元", "JPY"},
    {"cny|rmb|yuan|yuans|renminbi|юанів|юані|юань|юаней|юаня|γιουάν|nhân dân tệ|人民币|元", "CNY"},
    {"₴|uah|грн|гривень|гривні|гривня|гривна|гривны|гривен|hryvnia|hryvnias|hrywnja|"
     "ρίβνια",
     "UAH"},
    {"₽|rub|рублів|рублі|рубль|рубля|рублей|руб|rouble|roubles|ruble|rubles|"
     "rubel|"
     "ρούβλια|"
     "ρούβλι|rúp",
     "RUB"},
    {"₫|vnd|đồng|vnđ", "VND"},
    {"₩|krw|won", "KRW"},
    {"₹|inr|rupees", "INR"},
    {"chf|franken|francs suisses", "CHF"},
};

struct Scale {
  const char* phrases;
  double scale;
};
constexpr Scale kScales[] = {
    {"thousand|tausend|mille|тис|тисяч|тисячі|тисяча|тыс|тысяч|тысячи|тысяча|χιλ|χιλιάδες|"
     "nghìn|ngàn|千",
     1e3},
    {"万", 1e4},
    {"million|millions|mn|m|mio|millionen|мільйон|мільйона|мільйонів|млн|миллион|миллиона|"
     "миллионов|εκατ|εκατομμύριο|εκατομμύρια|εκατομμυρίων|triệu",
     1e6},
    {"亿", 1e8},
    {"billion|billions|bn|b|milliarde|milliarden|mrd|milliard|milliards|md|мільярд|мільярда|"
     "мільярдів|млрд|миллиард|миллиарда|миллиардов|δισ|δισεκατομμύριο|δισεκατομμύρια|"
     "δισεκατομμυρίων|tỷ|tỉ",
     1e9},
    {"trillion|trillions|tn|трлн|трильйон|трильйонів|триллион|триллионов|τρισ|"
     "τρισεκατομμύρια|nghìn tỷ|万亿",
     1e12},
};

constexpr const char* kPercentWords =
    "%|％|percent|per cent|prozent|pour cent|відсоток|відсотки|відсотка|відсотків|процент|"
    "процента|процентов|проценты|τοις εκατό|τοις εκατόν|phần trăm";

constexpr const char* kDateMarkers = "року|р|года|г|έτους|năm";

void AddAll(PhraseTable* table, const char* alternatives, PhraseValue value) {
  for (absl::string_view phrase : absl::StrSplit(alternatives, '|')) {
    table->Add(std::string_view(phrase.data(), phrase.size()), value);
  }
}

Lexicon BuildLexicon() {
  Lexicon lexicon;
  for (int month = 0; month < 12; ++month) {
    AddAll(&lexicon.months, kMonths[month], {.number = month + 1});
  }
  for (int day = 0; day < 7; ++day) AddAll(&lexicon.weekdays, kWeekdays[day], {.number = day});
  for (const Relative& relative : kRelativeDays) {
    AddAll(&lexicon.relative_days, relative.phrases, {.number = relative.number});
  }
  for (const Currency& currency : kCurrencies) {
    AddAll(&lexicon.currencies, currency.phrases, {.currency = currency.code});
  }
  for (const Scale& scale : kScales) AddAll(&lexicon.scales, scale.phrases, {.scale = scale.scale});
  AddAll(&lexicon.percent_words, kPercentWords, {});
  AddAll(&lexicon.date_markers, kDateMarkers, {});
  return lexicon;
}

bool TokenMatches(const PatternToken& pattern, const PatternToken& token) {
  if (pattern.text == "#") return token.kind == TokenKind::kNumber;
  return pattern.text == token.text;
}

}  // namespace

void PhraseTable::Add(std::string_view phrase, PhraseValue value) {
  std::vector<PatternToken> tokens = TokenizeForPatterns(phrase);
  if (tokens.empty()) return;
  std::string first = tokens.front().text;
  by_first_token_[first].push_back({std::move(tokens), std::move(value)});
}

std::optional<PhraseMatch> PhraseTable::Match(const std::vector<PatternToken>& tokens,
                                              size_t i) const {
  if (i >= tokens.size()) return std::nullopt;
  // Views, not strings: this runs for every token and table, and copies were most of its cost.
  const std::string_view text = tokens[i].text;
  const std::string_view key = tokens[i].kind == TokenKind::kNumber ? "#" : text;
  std::optional<PhraseMatch> best;
  for (const std::string_view lookup : {key, text}) {
    auto it = by_first_token_.find(absl::string_view(lookup.data(), lookup.size()));
    if (it == by_first_token_.end()) continue;
    for (const Phrase& phrase : it->second) {
      size_t n = phrase.tokens.size();
      if (i + n > tokens.size()) continue;
      bool matches = true;
      for (size_t k = 0; k < n && matches; ++k) {
        const PatternToken& text_token = tokens[i + k];
        matches = TokenMatches(phrase.tokens[k], text_token) &&
                  (k == 0 || phrase.tokens[k].space_before || !text_token.space_before);
      }
      if (!matches || (best && best->end_token >= i + n)) continue;
      PhraseMatch match{phrase.value, i + n, std::nullopt};
      for (size_t k = 0; k < n; ++k) {
        if (phrase.tokens[k].text == "#" && tokens[i + k].text.size() <= 9) {
          match.number = std::strtol(tokens[i + k].text.c_str(), nullptr, 10);
        }
      }
      best = std::move(match);
    }
    if (key == text) break;
  }
  return best;
}

const Lexicon& GetLexicon() {
  static const Lexicon* lexicon = new Lexicon(BuildLexicon());
  return *lexicon;
}

}  // namespace newsgraph::extract::patterns
