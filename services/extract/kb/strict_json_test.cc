#include "services/extract/kb/strict_json.h"

#include <string>

#include "gtest/gtest.h"

namespace newsgraph::extract::kb {
namespace {

std::string Check(const std::string& json) {
  absl::Status status = CheckStrictJsonObject(json);
  return status.ok() ? "OK" : std::string(status.message());
}

TEST(StrictJsonTest, AcceptsValidObjects) {
  for (const char* json :
       {"{}", " { } ", R"({"a": 1})", R"({"a": [1, -2.5e+3, 0, true, false, null, "x"]})",
        R"({"a": {"b": {"a": []}}, "b": "\"\\\/\b\f\n\r\t\u00e9"})",
        R"({"names": [{"language": "en", "name": "A"}, {"language": "en", "name": "A"}]})",
        "{\"é\": \"Đức\"}"}) {
    EXPECT_EQ(Check(json), "OK") << json;
  }
}

TEST(StrictJsonTest, RejectsWhatProtobufWouldAccept) {
  EXPECT_EQ(Check(R"({"a": 1, "a": 2})"), "invalid JSON at byte offset 9: repeated key \"a\"");
  EXPECT_EQ(Check(R"({"x": {"a": 1, "a": 2}})"),
            "invalid JSON at byte offset 15: repeated key \"a\"");
  EXPECT_EQ(Check(R"({"a": [1,]})"), "invalid JSON at byte offset 9: expected a value");
  EXPECT_EQ(Check(R"({"a": 1,})"), "invalid JSON at byte offset 8: expected a key string");
}

TEST(StrictJsonTest, RejectsMalformedJson) {
  EXPECT_EQ(Check(""), "invalid JSON at byte offset 0: expected '{'");
  EXPECT_EQ(Check("[]"), "invalid JSON at byte offset 0: expected '{'");
  EXPECT_EQ(Check("{} {}"), "invalid JSON at byte offset 3: unexpected text after the object");
  EXPECT_EQ(Check(R"({"a" 1})"), "invalid JSON at byte offset 5: expected ':'");
  EXPECT_EQ(Check(R"({"a": 1 "b": 2})"), "invalid JSON at byte offset 8: expected ',' or '}'");
  EXPECT_EQ(Check(R"({"a": [1 2]})"), "invalid JSON at byte offset 9: expected ',' or ']'");
  EXPECT_EQ(Check(R"({"a": "x)"), "invalid JSON at byte offset 8: unterminated string");
  EXPECT_EQ(Check("{\"a\": \"x\ty\"}"),
            "invalid JSON at byte offset 8: control character in a string (escape it)");
  EXPECT_EQ(Check(R"({"a": "\x"})"), "invalid JSON at byte offset 8: bad escape");
  EXPECT_EQ(Check(R"({"a": "\u12g4"})"), "invalid JSON at byte offset 8: bad \\u escape");
  EXPECT_EQ(Check(R"({'a': 1})"), "invalid JSON at byte offset 1: expected a key string");
  EXPECT_EQ(Check(R"({"a": 01})"), "invalid JSON at byte offset 7: expected ',' or '}'");
  EXPECT_EQ(Check(R"({"a": 1.})"), "invalid JSON at byte offset 8: expected a digit");
  EXPECT_EQ(Check(R"({"a": -})"), "invalid JSON at byte offset 7: expected a digit");
  EXPECT_EQ(Check(R"({"a": tru})"), "invalid JSON at byte offset 6: expected a value");
  EXPECT_EQ(Check(R"({"a": NaN})"), "invalid JSON at byte offset 6: expected a value");
}

TEST(StrictJsonTest, LimitsNesting) {
  std::string deep = "{\"a\": ";
  for (int i = 0; i < 100; ++i) deep += "[";
  for (int i = 0; i < 100; ++i) deep += "]";
  deep += "}";
  EXPECT_EQ(Check(deep).substr(0, 13), "invalid JSON ");
  EXPECT_NE(Check(deep).find("nested too deeply"), std::string::npos);
}

}  // namespace
}  // namespace newsgraph::extract::kb
