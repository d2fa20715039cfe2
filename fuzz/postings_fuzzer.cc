// Fuzzes the postings codec of the full-text index (common/store/postings): block decoding, the
// flattening reader query uses, and the merge RocksDB runs in ingest and query alike. A merge
// result is checked against a straightforward model (apply every entry in order, last one wins).
//
// Input: flags byte (bit 0: the first piece is a base block, bit 1: partial merge keeping
// removals), then pieces, each one length byte and that many bytes. The whole input minus the
// flags byte is also decoded as one block.
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/store/postings.h"
#include "fuzz/fuzz_check.h"

namespace newsgraph::fuzz {
namespace {

using store::Posting;

void CheckAscending(const std::vector<Posting>& postings) {
  for (size_t i = 0; i < postings.size(); ++i) {
    NG_FUZZ_CHECK(i == 0 || postings[i - 1].doc_id < postings[i].doc_id);
    const std::vector<uint32_t>& positions = postings[i].positions;
    for (size_t j = 1; j < positions.size(); ++j) NG_FUZZ_CHECK(positions[j - 1] < positions[j]);
  }
}

// Decodes one block; checks what it returns and that the flattening reader agrees with it.
std::optional<std::vector<Posting>> CheckBlock(std::string_view value) {
  std::vector<Posting> postings;
  const absl::Status decoded = store::DecodePostings(value, &postings);
  store::PostingList list;
  const absl::Status appended = store::AppendPostingBlock(value, &list);
  NG_FUZZ_CHECK(decoded.ok() == appended.ok());
  if (!decoded.ok()) {
    NG_FUZZ_CHECK(decoded.code() == absl::StatusCode::kDataLoss &&
                  appended.code() == absl::StatusCode::kDataLoss);
    return std::nullopt;
  }
  CheckAscending(postings);
  // Re-encoding gives a block that decodes to the same postings.
  std::vector<Posting> again;
  NG_FUZZ_CHECK(store::DecodePostings(store::EncodePostings(postings), &again).ok());
  NG_FUZZ_CHECK(again == postings);
  // The flattened list holds the same documents minus removal entries.
  NG_FUZZ_CHECK(list.offsets.size() == list.doc_ids.size() + 1);
  size_t k = 0;
  for (const Posting& posting : postings) {
    if (posting.positions.empty()) continue;
    NG_FUZZ_CHECK(k < list.size() && list.doc_ids[k] == posting.doc_id);
    std::span<const uint32_t> positions = list.PositionsOf(k);
    NG_FUZZ_CHECK(std::vector<uint32_t>(positions.begin(), positions.end()) == posting.positions);
    ++k;
  }
  NG_FUZZ_CHECK(k == list.size());
  // The counts form agrees: same documents, counts and title counts, and positions on demand.
  store::PostingCounts counts;
  NG_FUZZ_CHECK(store::AppendPostingCounts(value, &counts).ok());
  NG_FUZZ_CHECK(counts.doc_ids == list.doc_ids);
  std::vector<uint32_t> decoded_positions;
  for (size_t i = 0; i < list.size(); ++i) {
    const std::span<const uint32_t> positions = list.PositionsOf(i);
    NG_FUZZ_CHECK(counts.counts[i] == positions.size());
    size_t title = 0;
    for (uint32_t position : positions) title += position < store::kBodyPositionBase ? 1 : 0;
    NG_FUZZ_CHECK(counts.title_counts[i] == title);
    decoded_positions.clear();
    NG_FUZZ_CHECK(counts.DecodePositions(i, &decoded_positions).ok());
    NG_FUZZ_CHECK(std::equal(positions.begin(), positions.end(), decoded_positions.begin(),
                             decoded_positions.end()));
  }
  return postings;
}

void CheckMerge(uint8_t flags, std::string_view input) {
  std::vector<std::string_view> pieces;
  while (!input.empty() && pieces.size() < 8) {
    const size_t length = std::min<size_t>(static_cast<uint8_t>(input[0]), input.size() - 1);
    pieces.push_back(input.substr(1, length));
    input.remove_prefix(1 + length);
  }
  const bool keep_removals = (flags & 2) != 0;
  const bool has_base = (flags & 1) != 0 && !keep_removals && !pieces.empty();
  std::optional<std::string_view> base;
  if (has_base) {
    base = pieces.front();
    pieces.erase(pieces.begin());
  }
  std::string merged;
  const bool ok = store::MergePostings(base ? &*base : nullptr, pieces, keep_removals, &merged);

  // The model: every entry of the base and then of each operand, in order; the last one wins.
  std::map<uint64_t, std::vector<uint32_t>> model;
  bool model_ok = true;
  if (base) pieces.insert(pieces.begin(), *base);
  for (std::string_view piece : pieces) {
    std::vector<Posting> postings;
    if (!store::DecodePostings(piece, &postings).ok()) {
      model_ok = false;
      break;
    }
    for (Posting& posting : postings) model[posting.doc_id] = std::move(posting.positions);
  }
  NG_FUZZ_CHECK(ok == model_ok);
  if (!ok) return;
  std::vector<Posting> result;
  NG_FUZZ_CHECK(store::DecodePostings(merged, &result).ok());
  std::vector<Posting> expected;
  for (auto& [doc_id, positions] : model) {
    if (positions.empty() && !keep_removals) continue;
    expected.push_back({doc_id, positions});
  }
  NG_FUZZ_CHECK(result == expected);
}

}  // namespace
}  // namespace newsgraph::fuzz

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace newsgraph;
  if (size == 0 || size > 8192) return 0;
  const std::string_view input = fuzz::AsView(data + 1, size - 1);
  fuzz::CheckBlock(input);
  fuzz::CheckMerge(data[0], input);
  return 0;
}
