#include "services/extract/kb/strict_json.h"

#include <string>
#include <vector>

#include "absl/strings/str_cat.h"

namespace newsgraph::extract::kb {
namespace {

constexpr int kMaxDepth = 64;

// Recursive-descent recognizer; each method consumes one production at pos_ or records the first
// problem and returns false.
class Checker {
 public:
  explicit Checker(std::string_view s) : s_(s) {}

  absl::Status Run() {
    SkipSpace();
    if (Peek() != '{') {
      Fail("expected '{'");
      return Error();
    }
    if (!Object(0)) return Error();
    SkipSpace();
    if (pos_ != s_.size()) {
      Fail("unexpected text after the object");
      return Error();
    }
    return absl::OkStatus();
  }

 private:
  char Peek() const { return pos_ < s_.size() ? s_[pos_] : '\0'; }
  bool AtEnd() const { return pos_ >= s_.size(); }

  bool Fail(std::string_view problem) {
    if (problem_.empty()) {
      problem_ = std::string(problem);
      error_pos_ = pos_;
    }
    return false;
  }

  absl::Status Error() const {
    return absl::InvalidArgumentError(
        absl::StrCat("invalid JSON at byte offset ", error_pos_, ": ", problem_));
  }

  void SkipSpace() {
    while (!AtEnd() &&
           (s_[pos_] == ' ' || s_[pos_] == '\t' || s_[pos_] == '\n' || s_[pos_] == '\r')) {
      ++pos_;
    }
  }

  bool Value(int depth) {
    switch (Peek()) {
      case '{':
        return Object(depth + 1);
      case '[':
        return Array(depth + 1);
      case '"':
        return String(nullptr);
      case 't':
        return Literal("true");
      case 'f':
        return Literal("false");
      case 'n':
        return Literal("null");
      default:
        if (Peek() == '-' || (Peek() >= '0' && Peek() <= '9')) return Number();
        return Fail("expected a value");
    }
  }

  bool Object(int depth) {
    if (depth > kMaxDepth) return Fail("nested too deeply");
    ++pos_;  // '{'
    SkipSpace();
    if (Peek() == '}') {
      ++pos_;
      return true;
    }
    std::vector<std::string_view> keys;
    while (true) {
      SkipSpace();
      if (Peek() != '"') return Fail("expected a key string");
      const size_t key_pos = pos_;
      std::string_view key;
      if (!String(&key)) return false;
      for (std::string_view seen : keys) {
        if (seen == key) {
          pos_ = key_pos;
          return Fail(absl::StrCat("repeated key \"", std::string(key), "\""));
        }
      }
      keys.push_back(key);
      SkipSpace();
      if (Peek() != ':') return Fail("expected ':'");
      ++pos_;
      SkipSpace();
      if (!Value(depth)) return false;
      SkipSpace();
      if (Peek() == ',') {
        ++pos_;
        continue;
      }
      if (Peek() == '}') {
        ++pos_;
        return true;
      }
      return Fail("expected ',' or '}'");
    }
  }

  bool Array(int depth) {
    if (depth > kMaxDepth) return Fail("nested too deeply");
    ++pos_;  // '['
    SkipSpace();
    if (Peek() == ']') {
      ++pos_;
      return true;
    }
    while (true) {
      SkipSpace();
      if (!Value(depth)) return false;
      SkipSpace();
      if (Peek() == ',') {
        ++pos_;
        continue;
      }
      if (Peek() == ']') {
        ++pos_;
        return true;
      }
      return Fail("expected ',' or ']'");
    }
  }

  static bool IsHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  // A string at pos_; on success *raw (when given) is its bytes between the quotes.
  bool String(std::string_view* raw) {
    const size_t begin = ++pos_;  // after '"'
    while (true) {
      if (AtEnd()) return Fail("unterminated string");
      const unsigned char c = static_cast<unsigned char>(s_[pos_]);
      if (c == '"') break;
      if (c < 0x20) return Fail("control character in a string (escape it)");
      if (c == '\\') {
        ++pos_;
        const char e = Peek();
        if (e == 'u') {
          for (int i = 1; i <= 4; ++i) {
            if (pos_ + i >= s_.size() || !IsHex(s_[pos_ + i])) return Fail("bad \\u escape");
          }
          pos_ += 4;
        } else if (std::string_view("\"\\/bfnrt").find(e) == std::string_view::npos || AtEnd()) {
          return Fail("bad escape");
        }
      }
      ++pos_;
    }
    if (raw != nullptr) *raw = s_.substr(begin, pos_ - begin);
    ++pos_;  // closing '"'
    return true;
  }

  bool Digits() {
    if (!(Peek() >= '0' && Peek() <= '9')) return Fail("expected a digit");
    while (Peek() >= '0' && Peek() <= '9') ++pos_;
    return true;
  }

  bool Number() {
    if (Peek() == '-') ++pos_;
    if (Peek() == '0') {
      ++pos_;
    } else if (!Digits()) {
      return false;
    }
    if (Peek() == '.') {
      ++pos_;
      if (!Digits()) return false;
    }
    if (Peek() == 'e' || Peek() == 'E') {
      ++pos_;
      if (Peek() == '+' || Peek() == '-') ++pos_;
      if (!Digits()) return false;
    }
    return true;
  }

  bool Literal(std::string_view word) {
    if (s_.substr(pos_, word.size()) != word) return Fail("expected a value");
    pos_ += word.size();
    return true;
  }

  std::string_view s_;
  size_t pos_ = 0;
  std::string problem_;
  size_t error_pos_ = 0;
};

}  // namespace

absl::Status CheckStrictJsonObject(std::string_view json) { return Checker(json).Run(); }

}  // namespace newsgraph::extract::kb
