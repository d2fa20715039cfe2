#include "services/query/core/cursor.h"

#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>

#include "absl/status/status.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "common/store/keys.h"
#include "google/protobuf/io/coded_stream.h"
#include "google/protobuf/io/zero_copy_stream_impl_lite.h"

namespace newsgraph::query {
namespace {

constexpr char kCursorVersion = 1;
// Tokens are short; anything longer is not one of ours (and bounds the decoding work).
constexpr size_t kMaxTokenBytes = 2048;

absl::Status BadToken(std::string_view why) {
  return absl::InvalidArgumentError(absl::StrCat("page_token: ", std::string(why)));
}

}  // namespace

uint64_t RequestHash(const v1::SearchRequest& request) {
  v1::SearchRequest canonical = request;
  canonical.clear_page_token();
  canonical.clear_page_size();
  canonical.clear_min_sequence_number();
  std::string bytes;
  {
    google::protobuf::io::StringOutputStream stream(&bytes);
    google::protobuf::io::CodedOutputStream coded(&stream);
    coded.SetSerializationDeterministic(true);
    canonical.SerializeToCodedStream(&coded);
  }
  uint64_t hash = 14695981039346656037ull;  // FNV-1a 64
  for (unsigned char c : bytes) {
    hash ^= c;
    hash *= 1099511628211ull;
  }
  return hash;
}

std::string EncodeCursor(const Cursor& cursor) {
  std::string raw(1, kCursorVersion);
  store::PutFixed64BE(&raw, cursor.request_hash);
  uint64_t score_bits;
  std::memcpy(&score_bits, &cursor.score, sizeof score_bits);
  store::PutFixed64BE(&raw, score_bits);
  store::PutFixed64BE(&raw, static_cast<uint64_t>(cursor.date));
  store::PutVarint64(&raw, cursor.doc_id);
  store::PutVarint64(&raw, cursor.document_count);
  store::PutVarint64(&raw, cursor.total_length);
  store::PutVarint64(&raw, cursor.languages.size());
  for (const std::string& language : cursor.languages) {
    store::PutVarint64(&raw, language.size());
    raw += language;
  }
  store::PutVarint64(&raw, cursor.leaf_idf.size());
  for (double idf : cursor.leaf_idf) {
    uint64_t bits;
    std::memcpy(&bits, &idf, sizeof bits);
    store::PutFixed64BE(&raw, bits);
  }
  std::string token;
  absl::WebSafeBase64Escape(raw, &token);
  return token;
}

absl::StatusOr<Cursor> DecodeCursor(std::string_view token, uint64_t request_hash) {
  std::string raw;
  if (token.size() > kMaxTokenBytes ||
      !absl::WebSafeBase64Unescape(absl::string_view(token.data(), token.size()), &raw)) {
    return BadToken("not a token returned by Search");
  }
  std::string_view in = raw;
  if (in.size() < 25 || in[0] != kCursorVersion) return BadToken("not a token returned by Search");
  Cursor cursor;
  cursor.request_hash = *store::DecodeFixed64BE(in.substr(1, 8));
  const uint64_t score_bits = *store::DecodeFixed64BE(in.substr(9, 8));
  std::memcpy(&cursor.score, &score_bits, sizeof score_bits);
  cursor.date = static_cast<int64_t>(*store::DecodeFixed64BE(in.substr(17, 8)));
  in.remove_prefix(25);
  uint64_t language_count = 0;
  if (!store::GetVarint64(&in, &cursor.doc_id) ||
      !store::GetVarint64(&in, &cursor.document_count) ||
      !store::GetVarint64(&in, &cursor.total_length) || !store::GetVarint64(&in, &language_count) ||
      language_count > in.size()) {
    return BadToken("not a token returned by Search (truncated)");
  }
  for (uint64_t i = 0; i < language_count; ++i) {
    uint64_t size;
    if (!store::GetVarint64(&in, &size) || size > in.size()) {
      return BadToken("not a token returned by Search (truncated)");
    }
    cursor.languages.emplace_back(in.substr(0, size));
    in.remove_prefix(size);
  }
  uint64_t idf_count = 0;
  if (!store::GetVarint64(&in, &idf_count) || idf_count > in.size() / 8) {
    return BadToken("not a token returned by Search (truncated)");
  }
  for (uint64_t i = 0; i < idf_count; ++i) {
    const uint64_t bits = *store::DecodeFixed64BE(in.substr(0, 8));
    double idf;
    std::memcpy(&idf, &bits, sizeof idf);
    cursor.leaf_idf.push_back(idf);
    in.remove_prefix(8);
  }
  if (!in.empty()) return BadToken("not a token returned by Search (trailing bytes)");
  if (cursor.request_hash != request_hash) {
    return BadToken(
        "issued for a different request; keep every field but page_token, page_size and "
        "min_sequence_number unchanged between pages, or start again without a token");
  }
  return cursor;
}

}  // namespace newsgraph::query
