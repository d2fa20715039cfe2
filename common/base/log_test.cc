#include "common/base/log.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace newsgraph::base {
namespace {

using ::testing::HasSubstr;

absl::Time FixedTime() {
  return absl::FromCivil(absl::CivilSecond(2026, 11, 23, 10, 0, 0), absl::UTCTimeZone()) +
         absl::Milliseconds(123);
}

TEST(LogTest, TextLineKeepsTheClassicFormat) {
  EXPECT_EQ(FormatLogLine(LogFormat::kText, FixedTime(), LogLevel::kWarning, "ingest", "hello", {}),
            "2026-11-23T10:00:00.123Z W ingest] hello\n");
  EXPECT_EQ(FormatLogLine(LogFormat::kText, FixedTime(), LogLevel::kInfo, "q", "call",
                          {{"code", "OK"}, {"latency_ms", 1.5}, {"note", "two words"}}),
            "2026-11-23T10:00:00.123Z I q] call code=OK latency_ms=1.500 note=\"two words\"\n");
}

TEST(LogTest, JsonLineHasTimeLevelServiceMessageAndTypedFields) {
  std::string line = FormatLogLine(LogFormat::kJson, FixedTime(), LogLevel::kError, "query", "call",
                                   {{"method", "/newsgraph.query.v1.QueryService/Search"},
                                    {"latency_ms", 12.25},
                                    {"request_bytes", uint64_t{42}},
                                    {"code", std::string("OK")}});
  EXPECT_EQ(line,
            "{\"time\":\"2026-11-23T10:00:00.123Z\",\"level\":\"error\",\"service\":\"query\","
            "\"msg\":\"call\",\"method\":\"/newsgraph.query.v1.QueryService/Search\","
            "\"latency_ms\":12.250,\"request_bytes\":42,\"code\":\"OK\"}\n");
}

TEST(LogTest, JsonEscapesQuotesBackslashesAndControlCharacters) {
  EXPECT_EQ(JsonQuote("plain"), "\"plain\"");
  EXPECT_EQ(JsonQuote("say \"hi\""), "\"say \\\"hi\\\"\"");
  EXPECT_EQ(JsonQuote("C:\\dir"), "\"C:\\\\dir\"");
  EXPECT_EQ(JsonQuote("a\nb\tc\rd"), "\"a\\nb\\tc\\rd\"");
  EXPECT_EQ(JsonQuote(std::string("nul\0x\x01\x1f\x7f", 8)),
            "\"nul\\u0000x\\u0001\\u001f\\u007f\"");
  // A message that tries to close the object and add a field stays one string.
  std::string line = FormatLogLine(LogFormat::kJson, FixedTime(), LogLevel::kInfo, "x",
                                   "bad\",\"level\":\"error", {{"k\"", "v\n"}});
  EXPECT_THAT(line, HasSubstr("\"msg\":\"bad\\\",\\\"level\\\":\\\"error\""));
  EXPECT_THAT(line, HasSubstr("\"k\\\"\":\"v\\n\"}"));
  EXPECT_EQ(line.find('\n'), line.size() - 1);
}

TEST(LogTest, JsonKeepsUtf8AndReplacesInvalidBytes) {
  EXPECT_EQ(JsonQuote("Μακρόν Đức 中文 🙂"), "\"Μακρόν Đức 中文 🙂\"");
  EXPECT_EQ(JsonQuote("bad\xFF\xFE"), "\"bad\xEF\xBF\xBD\xEF\xBF\xBD\"");
  // Truncated sequence, overlong encoding, UTF-16 surrogate.
  EXPECT_EQ(JsonQuote("\xE4\xB8"), "\"\xEF\xBF\xBD\xEF\xBF\xBD\"");
  EXPECT_EQ(JsonQuote("\xC0\xAF"), "\"\xEF\xBF\xBD\xEF\xBF\xBD\"");
  EXPECT_EQ(JsonQuote("\xED\xA0\x80"), "\"\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD\"");
}

TEST(LogTest, NonFiniteNumbersBecomeNull) {
  LogField field("x", 1.0 / 0.0);
  EXPECT_EQ(field.value, "null");
  EXPECT_FALSE(field.quoted);
}

TEST(LogTest, ParsesFormatNames) {
  EXPECT_EQ(ParseLogFormat("json").value(), LogFormat::kJson);
  EXPECT_EQ(ParseLogFormat("text").value(), LogFormat::kText);
  EXPECT_EQ(ParseLogFormat("JSONL").status().code(), absl::StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace newsgraph::base
