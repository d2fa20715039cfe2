#include "services/ingest/core/cleaning/cleaner.h"

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace newsgraph::ingest {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using ::testing::Not;

RemovedLines R(int begin, int end, std::string reason) { return {begin, end, std::move(reason)}; }

CleanedText Clean(std::string_view raw, std::string known_title = "") {
  CleanerOptions options;
  options.known_title = std::move(known_title);
  absl::StatusOr<CleanedText> cleaned = CleanText(raw, options);
  EXPECT_TRUE(cleaned.ok()) << cleaned.status();
  return cleaned.ok() ? *std::move(cleaned) : CleanedText{};
}

constexpr char kViSentences[] =
    "Hà Nội – Ngày 14/3, Samsung Electronics và TSMC công bố kế hoạch mở rộng hoạt động sản "
    "xuất chip tại Việt Nam.\n"
    "Samsung sẽ xây dựng thêm một nhà máy đóng gói và kiểm thử chip bán dẫn tại tỉnh Bắc Ninh, "
    "nơi tập đoàn này đã có nhiều nhà máy lớn.\n"
    "Dự án được kỳ vọng tạo ra khoảng 12.000 việc làm trực tiếp trong vài năm tới.\n";

TEST(CleanTextTest, VietnameseExampleFromTheSpec) {
  const std::string raw = absl::StrCat(
      "date 2026-03-14\n"
      "Samsung và TSMC công bố kế hoạch mở rộng nhà máy tại Việt Nam\n",
      kViSentences,
      "Samsung va TSMC cong bo ke hoach mo rong nha may tai Viet Nam\n"
      "www.example-news.vn   Chia sẻ  • facebook • twitter   Bình luận   Gửi bình luận\n");
  const CleanedText cleaned = Clean(raw);
  EXPECT_EQ(cleaned.date, (FoundDate{2026, 3, 14, DatePrecision::kDay}));
  EXPECT_EQ(cleaned.title, "Samsung và TSMC công bố kế hoạch mở rộng nhà máy tại Việt Nam");
  std::string expected_body(kViSentences);
  expected_body.pop_back();
  EXPECT_EQ(cleaned.body, expected_body);
  EXPECT_THAT(cleaned.removed, ElementsAre(R(0, 1, "date_header"), R(1, 2, "title"),
                                           R(5, 6, "title_repeat"), R(6, 7, "share_widget")));
}

TEST(CleanTextTest, DiacriticLessCopyFirstStillYieldsTheAccentedTitle) {
  const std::string raw = absl::StrCat(
      "Samsung va TSMC cong bo ke hoach mo rong nha may tai Viet Nam\n"
      "Samsung và TSMC công bố kế hoạch mở rộng nhà máy tại Việt Nam\n\n",
      kViSentences);
  const CleanedText cleaned = Clean(raw);
  EXPECT_EQ(cleaned.title, "Samsung và TSMC công bố kế hoạch mở rộng nhà máy tại Việt Nam");
  EXPECT_EQ(cleaned.date, std::nullopt);
  EXPECT_THAT(cleaned.removed, ElementsAre(R(0, 1, "title_repeat"), R(1, 2, "title")));
  EXPECT_TRUE(cleaned.body.starts_with("Hà Nội – Ngày 14/3")) << cleaned.body;
}

TEST(CleanTextTest, KnownTitleWinsButItsStrippedRepeatIsRemoved) {
  const std::string raw = absl::StrCat(
      "Tin nóng: Samsung mở rộng đầu tư\n"
      "Samsung va TSMC cong bo ke hoach mo rong nha may tai Viet Nam\n",
      kViSentences);
  const CleanedText cleaned =
      Clean(raw, "Samsung và TSMC công bố kế hoạch mở rộng  nhà máy tại Việt Nam ");
  EXPECT_EQ(cleaned.title, "Samsung và TSMC công bố kế hoạch mở rộng nhà máy tại Việt Nam");
  EXPECT_THAT(cleaned.removed, ElementsAre(R(1, 2, "title_repeat")));
  // The text's own headline is not the client's title, so it stays in the body.
  EXPECT_TRUE(cleaned.body.starts_with("Tin nóng: Samsung mở rộng đầu tư\n\nHà Nội"))
      << cleaned.body;
}

TEST(CleanTextTest, UkrainianWithShareDebrisAndReadAlso) {
  const CleanedText cleaned = Clean(
      "Поділитися • Facebook • Telegram\n"
      "\n"
      "Samsung і TSMC розширять виробництво чипів у В'єтнамі\n"
      "14 березня 2025, 11:20\n"
      "\n"
      "Південнокорейська компанія Samsung Electronics і тайванська TSMC у п'ятницю оголосили "
      "про розширення заводів із виробництва мікросхем у В'єтнамі.\n"
      "\n"
      "Поділитися • Facebook • Telegram\n"
      "Читайте також: Ціни на пам'ять для смартфонів можуть зрости\n"
      "ukr-example.ua/tech\n");
  EXPECT_EQ(cleaned.title, "Samsung і TSMC розширять виробництво чипів у В'єтнамі");
  EXPECT_EQ(cleaned.date, (FoundDate{2025, 3, 14, DatePrecision::kDay}));
  EXPECT_EQ(cleaned.body,
            "Південнокорейська компанія Samsung Electronics і тайванська TSMC у п'ятницю "
            "оголосили про розширення заводів із виробництва мікросхем у В'єтнамі.");
  EXPECT_THAT(cleaned.removed, ElementsAre(R(0, 1, "share_widget"), R(2, 3, "title"),
                                           R(3, 4, "date_header"), R(7, 8, "share_widget"),
                                           R(8, 9, "related_links"), R(9, 10, "site_footer")));
}

TEST(CleanTextTest, GreekTitleRepeatedWithoutTonos) {
  const CleanedText cleaned = Clean(
      "Κοινοποίηση • Facebook • X\n"
      "Συναντηση Μακρον – Μερτς στο Βερολινο για την αμυνα και την ενεργεια\n"
      "02.06.2025 • 14:35\n"
      "Ο Γάλλος πρόεδρος Εμανουέλ Μακρόν πραγματοποίησε τη Δευτέρα επίσκεψη στη Γερμανία και "
      "συναντήθηκε στο Βερολίνο με τον καγκελάριο Φρίντριχ Μερτς.\n"
      "Διαβάστε επίσης\n"
      "kathimerini-example.gr\n",
      "Συνάντηση Μακρόν – Μερτς στο Βερολίνο για την άμυνα και την ενέργεια");
  EXPECT_EQ(cleaned.title, "Συνάντηση Μακρόν – Μερτς στο Βερολίνο για την άμυνα και την ενέργεια");
  EXPECT_EQ(cleaned.date, (FoundDate{2025, 6, 2, DatePrecision::kDay}));
  EXPECT_THAT(cleaned.body, testing::StartsWith("Ο Γάλλος πρόεδρος"));
  EXPECT_THAT(cleaned.body, testing::EndsWith("Φρίντριχ Μερτς."));
  EXPECT_THAT(cleaned.removed,
              ElementsAre(R(0, 1, "share_widget"), R(1, 2, "title_repeat"), R(2, 3, "date_header"),
                          R(4, 5, "related_links"), R(5, 6, "site_footer")));
}

TEST(CleanTextTest, RussianWithDateLabelAndComments) {
  const CleanedText cleaned = Clean(
      "Дата: 02.06.2025\r\n"
      "Макрон прибыл в Берлин\r\n"
      "\r\n"
      "Президент Франции Эмманюэль Макрон в понедельник прибыл в Берлин, где встретился с "
      "канцлером Германии Фридрихом Мерцем.\r\n"
      "Поделиться: ВКонтакте | Telegram | WhatsApp\r\n"
      "Комментарии (12)\r\n"
      "© 2025 Пример Новости. Все права защищены.\r\n");
  EXPECT_EQ(cleaned.title, "Макрон прибыл в Берлин");
  EXPECT_EQ(cleaned.date, (FoundDate{2025, 6, 2, DatePrecision::kDay}));
  EXPECT_EQ(cleaned.body,
            "Президент Франции Эмманюэль Макрон в понедельник прибыл в Берлин, где встретился с "
            "канцлером Германии Фридрихом Мерцем.");
  EXPECT_THAT(cleaned.removed, ElementsAre(R(0, 1, "date_header"), R(1, 2, "title"),
                                           R(4, 6, "share_widget"), R(6, 7, "site_footer")));
}

TEST(CleanTextTest, ChineseWithCjkDateAndShareBar) {
  const CleanedText cleaned = Clean(
      "英伟达发布新一代人工智能芯片\n"
      "2025年9月10日 08:30\n"
      "\n"
      "英伟达周三在美国圣克拉拉发布了新一代人工智能芯片。首席执行官黄仁勋表示，新芯片的训练性能约为"
      "H100的三倍。\n"
      "分享到：微博 微信 QQ\n"
      "相关新闻\n"
      "苹果加快自研芯片\n"
      "日本数据中心需求旺盛\n");
  EXPECT_EQ(cleaned.title, "英伟达发布新一代人工智能芯片");
  EXPECT_EQ(cleaned.date, (FoundDate{2025, 9, 10, DatePrecision::kDay}));
  EXPECT_THAT(cleaned.body, testing::StartsWith("英伟达周三"));
  EXPECT_THAT(cleaned.body, testing::EndsWith("H100的三倍。"));
  EXPECT_THAT(cleaned.removed, ElementsAre(R(0, 1, "title"), R(1, 2, "date_header"),
                                           R(4, 5, "share_widget"), R(5, 8, "related_links")));
}

TEST(CleanTextTest, EnglishMonthPrecisionAndRelatedHeadingInsideArticleKeepsText) {
  const CleanedText cleaned = Clean(
      "date 2024-12\n"
      "Nvidia unveils new AI chips\n"
      "Nvidia on Wednesday presented a new generation of artificial intelligence chips in Santa "
      "Clara, California.\n"
      "Related\n"
      "Apple is also building its own chips for iPhones, which run AI features on the device "
      "itself.\n"
      "Share | Tweet | Email\n");
  EXPECT_EQ(cleaned.date, (FoundDate{2024, 12, 0, DatePrecision::kMonth}));
  EXPECT_EQ(cleaned.title, "Nvidia unveils new AI chips");
  EXPECT_THAT(cleaned.body, HasSubstr("Apple is also building"));
  EXPECT_THAT(cleaned.removed, ElementsAre(R(0, 1, "date_header"), R(1, 2, "title"),
                                           R(3, 4, "related_links"), R(5, 6, "share_widget")));
}

TEST(CleanTextTest, InvalidDateIsNotADate) {
  const CleanedText cleaned = Clean(
      "date 2025-13-45\n"
      "A long opening sentence of the article that says something about chips and plants.\n");
  EXPECT_EQ(cleaned.date, std::nullopt);
  EXPECT_THAT(cleaned.body, HasSubstr("date 2025-13-45"));
}

TEST(CleanTextTest, OneLongParagraphIsUnchangedApartFromWhitespace) {
  const std::string paragraph =
      "HANOI, March 14 – Samsung Electronics and Taiwan Semiconductor Manufacturing Co "
      "announced on Friday that they will expand chip production in Vietnam, with total "
      "investment of about USD 4.5 billion. Samsung will build a packaging plant in Bac Ninh, "
      "share facilities with suppliers and hire 12,000 workers.";
  std::string messy = "  \t" + paragraph + "  \n\n";
  for (size_t pos = messy.find(", "); pos != std::string::npos; pos = messy.find(", ", pos + 4)) {
    messy.replace(pos, 2, ",\u00A0 ");
  }
  const CleanedText cleaned = Clean(messy);
  EXPECT_EQ(cleaned.body, paragraph);
  EXPECT_EQ(cleaned.title, "");
  EXPECT_THAT(cleaned.removed, IsEmpty());

  // A hard-wrapped paragraph: the short first line continues in lowercase, so it is no headline.
  const CleanedText wrapped = Clean("The company said on Monday that\nit will build a plant.\n");
  EXPECT_EQ(wrapped.body, "The company said on Monday that\nit will build a plant.");
  EXPECT_EQ(wrapped.title, "");
}

TEST(CleanTextTest, RemovesZeroWidthAndControlCharacters) {
  const CleanedText cleaned = Clean(
      "Sam\u200Bsung\u00AD và\u200D TSMC\uFEFF công\x07 bố\u2060 kế hoạch mở rộng nhà máy, tạo ra "
      "khoảng 12.000 việc làm trực tiếp cho kỹ sư\x1B trong nước.\n"
      "\u200B\u200B\n"
      "\x01\x02 Đoạn thứ hai nói về lễ ký kết vào tháng 4 tới giữa hai tập đoàn lớn của khu vực.");
  EXPECT_EQ(cleaned.body,
            "Samsung và TSMC công bố kế hoạch mở rộng nhà máy, tạo ra khoảng 12.000 việc làm trực "
            "tiếp cho kỹ sư trong nước.\n\n"
            "Đoạn thứ hai nói về lễ ký kết vào tháng 4 tới giữa hai tập đoàn lớn của khu vực.");
}

TEST(CleanTextTest, HandlesCrlfAndLoneCrWithRawLineNumbers) {
  const CleanedText cleaned = Clean(
      "date 2025-03-14\r\nChip plants in Vietnam\r\rThe plants will employ 12,000 people by the "
      "end of next year, the companies said on Friday.\rwww.example.com\r\n");
  EXPECT_EQ(cleaned.body,
            "The plants will employ 12,000 people by the end of next year, the companies said on "
            "Friday.");
  EXPECT_THAT(cleaned.body, Not(HasSubstr("\r")));
  EXPECT_THAT(cleaned.removed,
              ElementsAre(R(0, 1, "date_header"), R(1, 2, "title"), R(4, 5, "site_footer")));
}

TEST(CleanTextTest, SymbolOnlyLinesAreEmpty) {
  const CleanedText cleaned = Clean(
      "The first paragraph of the article is long enough to be a sentence of the article.\n"
      "• • •\n"
      "The second paragraph of the article is long enough to be a sentence of the article.\n");
  EXPECT_EQ(cleaned.body,
            "The first paragraph of the article is long enough to be a sentence of the article.\n\n"
            "The second paragraph of the article is long enough to be a sentence of the article.");
  EXPECT_THAT(cleaned.removed, ElementsAre(R(1, 2, "empty")));
}

TEST(CleanTextTest, InvalidUtf8IsInvalidArgument) {
  absl::StatusOr<CleanedText> cleaned = CleanText("ok\n\xE1\x80", {});
  ASSERT_FALSE(cleaned.ok());
  EXPECT_EQ(cleaned.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(cleaned.status().message(), HasSubstr("byte offset 3"));

  CleanerOptions options;
  options.known_title = "bad \xC0";
  cleaned = CleanText("ok", options);
  ASSERT_FALSE(cleaned.ok());
  EXPECT_EQ(cleaned.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(cleaned.status().message(), HasSubstr("known_title"));
}

TEST(CleanTextTest, EmptyAndBlankInput) {
  for (std::string_view raw : {"", "\n", "\r\n\r\n", " \t\u00A0\n\u200B"}) {
    const CleanedText cleaned = Clean(raw);
    EXPECT_EQ(cleaned.body, "");
    EXPECT_EQ(cleaned.title, "");
    EXPECT_EQ(cleaned.date, std::nullopt);
    EXPECT_THAT(cleaned.removed, IsEmpty());
  }
}

TEST(CleanTextTest, OnlyATitleLeavesAnEmptyBody) {
  const CleanedText cleaned = Clean("Chip plants in Vietnam\n");
  EXPECT_EQ(cleaned.title, "Chip plants in Vietnam");
  EXPECT_EQ(cleaned.body, "");
}

TEST(CleanTextTest, RandomMessNeverFailsAndKeepsBodyInvariants) {
  const std::vector<std::string_view> pieces = {"date",     " ",
                                                "  ",       "\n",
                                                "\r\n",     "\r",
                                                "\t",       "\u00A0",
                                                "\u200B",   "\u00AD",
                                                "\x01",     "2025",
                                                "-",        "/",
                                                ".",        "03",
                                                "14",       ":",
                                                "Chia sẻ",  "•",
                                                "facebook", "Bình luận",
                                                "(0)",      "www.example.vn",
                                                "©",        "Tin liên quan",
                                                "Samsung",  "và",
                                                "va",       "TSMC",
                                                "березня",  "Μακρόν",
                                                "英伟达",   "。",
                                                "e\u0301",  "\u0301",
                                                "?",        "!",
                                                "«",        "»",
                                                "Related",  "Читайте також:"};
  std::mt19937 rng(42);
  for (int doc = 0; doc < 400; ++doc) {
    std::string raw;
    const int n = static_cast<int>(rng() % 80);
    for (int i = 0; i < n; ++i) raw += pieces[rng() % pieces.size()];
    const CleanedText cleaned = Clean(raw, doc % 3 == 0 ? "Samsung va TSMC" : "");
    const std::string& body = cleaned.body;
    EXPECT_THAT(body, Not(HasSubstr("\r"))) << raw;
    EXPECT_THAT(body, Not(HasSubstr("\n\n\n"))) << raw;
    EXPECT_THAT(body, Not(HasSubstr("  "))) << raw;
    EXPECT_THAT(body, Not(HasSubstr("\u200B"))) << raw;
    if (!body.empty()) {
      EXPECT_NE(body.front(), ' ') << raw;
      EXPECT_NE(body.back(), '\n') << raw;
    }
    int previous_end = 0;
    for (const RemovedLines& r : cleaned.removed) {
      EXPECT_LT(r.begin_line, r.end_line);
      EXPECT_LE(previous_end, r.begin_line);
      previous_end = r.end_line;
    }
  }
}

// --- The messy sample articles, read at test time. ---

struct Sample {
  std::string title;  // From the file's header, when it has one.
  std::string body;
};

// Splits a sample file into header title and body as samples/README.md specifies: a header is a
// block of "key: value" lines with known keys closed by a "---" line.
Sample ReadSample(std::string_view name) {
  const std::string path = absl::StrCat(NG_SAMPLES_DIR, "/", std::string(name));
  std::ifstream in(path, std::ios::binary);
  EXPECT_TRUE(in.good()) << path;
  std::stringstream buffer;
  buffer << in.rdbuf();
  const std::string file = buffer.str();
  Sample sample{"", file};
  size_t pos = 0;
  std::string title;
  while (pos < file.size()) {
    size_t end = file.find('\n', pos);
    if (end == std::string::npos) end = file.size();
    const std::string_view line = std::string_view(file).substr(pos, end - pos);
    if (line == "---") {
      sample = {title, file.substr(end + 1)};
      break;
    }
    const size_t colon = line.find(':');
    const std::string_view key = line.substr(0, colon);
    if (colon == std::string_view::npos ||
        (key != "title" && key != "source" && key != "url" && key != "published" &&
         key != "language" && key != "external_id")) {
      break;  // Not a header: the whole file is the body.
    }
    if (key == "title") {
      std::string_view value = line.substr(colon + 1);
      while (value.starts_with(' ')) value.remove_prefix(1);
      title = std::string(value);
    }
    pos = end + 1;
  }
  return sample;
}

void ExpectNoneOf(const std::string& body, std::vector<std::string_view> debris) {
  for (std::string_view d : debris) EXPECT_THAT(body, Not(HasSubstr(std::string(d)))) << d;
}
void ExpectAllOf(const std::string& body, std::vector<std::string_view> kept) {
  for (std::string_view k : kept) EXPECT_THAT(body, HasSubstr(std::string(k))) << k;
}

TEST(CleanTextSamplesTest, ChipsVietnameseMessy) {
  const Sample sample = ReadSample("chips-vi-messy.txt");
  ASSERT_EQ(sample.title, "");
  const CleanedText cleaned = Clean(sample.body);
  EXPECT_EQ(cleaned.date, (FoundDate{2025, 3, 14, DatePrecision::kDay}));
  EXPECT_EQ(cleaned.title, "Samsung và TSMC công bố kế hoạch mở rộng nhà máy tại Việt Nam");
  ExpectNoneOf(cleaned.body, {"date 2025", "cong bo", "Chia sẻ", "facebook", "Bình luận",
                              "Tin liên quan", "example-news.vn", "kế hoạch mở rộng nhà máy"});
  ExpectAllOf(cleaned.body, {"Hà Nội – Ngày 14/3, Samsung Electronics", "tỉnh Bắc Ninh",
                             "A100 và H100 của Nvidia", "khoảng 12.000 việc làm",
                             "ngành công nghiệp bán dẫn khu vực."});
  EXPECT_TRUE(cleaned.body.starts_with("Hà Nội")) << cleaned.body;
  EXPECT_TRUE(cleaned.body.ends_with("khu vực.")) << cleaned.body;
}

TEST(CleanTextSamplesTest, NvidiaVietnameseMessy) {
  const Sample sample = ReadSample("nvidia-ai-vi-messy.txt");
  const CleanedText cleaned = Clean(sample.body);
  EXPECT_EQ(cleaned.date, (FoundDate{2025, 9, 10, DatePrecision::kDay}));
  EXPECT_EQ(cleaned.title,
            "Nvidia ra mắt chip AI mới, nhu cầu từ Nhật Bản và Trung Quốc tăng mạnh");
  ExpectNoneOf(cleaned.body,
               {"date 2025", "ra mat", "Chia sẻ", "twitter", "Bình luận", "example-news.vn"});
  ExpectAllOf(cleaned.body, {"Ngày 10/9, tập đoàn Nvidia", "MI300X của AMD", "tại Tokyo",
                             "theo dõi sát thông tin này."});
  EXPECT_TRUE(cleaned.body.starts_with("Ngày 10/9")) << cleaned.body;
}

TEST(CleanTextSamplesTest, ChipsUkrainianMessy) {
  const Sample sample = ReadSample("chips-uk-messy.txt");
  ASSERT_EQ(sample.title, "Samsung і TSMC розширять виробництво чипів у В'єтнамі");
  const CleanedText cleaned = Clean(sample.body, sample.title);
  EXPECT_EQ(cleaned.title, sample.title);
  EXPECT_EQ(cleaned.date, (FoundDate{2025, 3, 14, DatePrecision::kDay}));
  ExpectNoneOf(cleaned.body, {"Поділитися", "Telegram", "розширять виробництво", "11:20",
                              "Читайте також", "ukr-example.ua"});
  ExpectAllOf(cleaned.body,
              {"Південнокорейська компанія Samsung Electronics", "пресконференції в Ханої",
               "A100 та H100 від Nvidia", "12 тисяч робочих місць"});
  EXPECT_TRUE(cleaned.body.starts_with("Південнокорейська")) << cleaned.body;
}

TEST(CleanTextSamplesTest, MacronGreekMessy) {
  const Sample sample = ReadSample("macron-berlin-el-messy.txt");
  ASSERT_THAT(sample.title, HasSubstr("Συνάντηση Μακρόν"));
  const CleanedText cleaned = Clean(sample.body, sample.title);
  EXPECT_EQ(cleaned.title, sample.title);
  EXPECT_EQ(cleaned.date, (FoundDate{2025, 6, 2, DatePrecision::kDay}));
  ExpectNoneOf(cleaned.body, {"Κοινοποίηση", "Facebook", "Συναντηση Μακρον", "14:35",
                              "Διαβάστε επίσης", "kathimerini-example.gr"});
  ExpectAllOf(cleaned.body, {"Ο Γάλλος πρόεδρος Εμανουέλ Μακρόν", "«Η Γαλλία και η Γερμανία",
                             "Συνόδου Κορυφής του ΝΑΤΟ", "Παρισιού και Βερολίνου"});
  EXPECT_TRUE(cleaned.body.starts_with("Ο Γάλλος")) << cleaned.body;
}

TEST(CleanTextSamplesTest, CleanSamplesLoseNothing) {
  int checked = 0;
  for (const auto& entry : std::filesystem::directory_iterator(NG_SAMPLES_DIR)) {
    const std::string name = entry.path().filename().string();
    if (entry.path().extension() != ".txt" || name.find("-messy") != std::string::npos) continue;
    const Sample sample = ReadSample(name);
    const CleanedText cleaned = Clean(sample.body, sample.title);
    EXPECT_THAT(cleaned.removed, IsEmpty()) << name;
    EXPECT_EQ(cleaned.date, std::nullopt) << name;
    EXPECT_EQ(cleaned.title, sample.title) << name;
    ++checked;
  }
  EXPECT_GE(checked, 5);
}

// Not a benchmark, but a guard against accidental quadratic behaviour: ~2 MB of mixed lines.
TEST(CleanTextTest, LargeInputStaysFast) {
  std::string raw = "date 2025-03-14\nSamsung và TSMC công bố kế hoạch mở rộng\n";
  for (int i = 0; i < 4000; ++i) {
    absl::StrAppend(&raw, kViSentences, "Chia sẻ • facebook • twitter\n", "Tin liên quan\n",
                    "Samsung va TSMC cong bo ke hoach mo rong\n\n");
  }
  const CleanedText cleaned = Clean(raw);
  EXPECT_EQ(cleaned.title, "Samsung và TSMC công bố kế hoạch mở rộng");
  EXPECT_THAT(cleaned.body, Not(HasSubstr("Chia sẻ")));
  EXPECT_THAT(cleaned.body, Not(HasSubstr("cong bo")));
  EXPECT_THAT(cleaned.body, HasSubstr("12.000 việc làm"));
}

}  // namespace
}  // namespace newsgraph::ingest
