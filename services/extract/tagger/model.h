// The tagger's model: entity types, BIO tag set, hashed emission weights (int16, one row of
// num_tags weights per hash bucket), first-order transition weights, and the binary file format.
//
// File format (little-endian), version 1:
//   "NGTAGGER" magic (8 bytes), u32 format version, u32 feature-set version, u32 hash bits,
//   u32 type count, per type: u16 length + UTF-8 name, f32 weight scale, f32 confidence
//   temperature, u32 length + metadata text, (tags+1)*tags f32 transitions (last row: from the
//   sentence start), u64 count of non-zero rows, per row: varint row delta (from the previous
//   row + 1), varint mask of the tags with a non-zero weight, one i16 per set bit; then u64 FNV-1a
//   of every byte before it. Only non-zero rows are stored, so pruning small weights shrinks the
//   file while the table stays fixed-size in memory.
#ifndef NEWSGRAPH_SERVICES_EXTRACT_TAGGER_MODEL_H_
#define NEWSGRAPH_SERVICES_EXTRACT_TAGGER_MODEL_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace newsgraph::extract::tagger {

inline constexpr uint32_t kModelFormatVersion = 1;
// Tag masks are 32-bit: O plus B-/I- of at most 15 types.
inline constexpr size_t kMaxTypes = 15;

// Tag ids: 0 is O, 2t+1 is B-<type t>, 2t+2 is I-<type t>.
inline constexpr int kOutside = 0;
inline constexpr int BeginTag(int type) { return 2 * type + 1; }
inline constexpr int InsideTag(int type) { return 2 * type + 2; }
inline constexpr int TypeOfTag(int tag) { return (tag - 1) / 2; }
inline constexpr bool IsBeginTag(int tag) { return tag > 0 && tag % 2 == 1; }
inline constexpr bool IsInsideTag(int tag) { return tag > 0 && tag % 2 == 0; }

struct ModelData {
  std::vector<std::string> types;  // e.g. {"PER", "ORG", "LOC", "MISC"}
  uint32_t feature_set_version = 0;
  int hash_bits = 0;
  // Real weight = int16 weight * weight_scale.
  float weight_scale = 1.0f;
  // Scores are divided by this before the softmax that gives span confidences.
  float temperature = 1.0f;
  // Free text: what the model was trained on and how (shown by the tools).
  std::string metadata;
  // (num_tags + 1) x num_tags; row j < num_tags is "from tag j", row num_tags is the start.
  std::vector<float> transitions;
  // (1 << hash_bits) x num_tags, row-major.
  std::vector<int16_t> weights;

  int num_tags() const { return 1 + 2 * static_cast<int>(types.size()); }
  size_t rows() const { return size_t{1} << hash_bits; }
  // Tag name: "O", "B-PER", "I-PER", ...
  std::string TagName(int tag) const;
};

// Checks the invariants a tagger relies on: 1..kMaxTypes distinct non-empty types, hash bits in
// range, matching table sizes, finite transitions, positive finite scale and temperature.
// InvalidArgument naming the first violation.
absl::Status ValidateModel(const ModelData& model);

// Encodes `model` (which must pass ValidateModel) in the file format above.
std::string SerializeModel(const ModelData& model);

// Decodes a model file. Errors, all InvalidArgument with a "model: " prefix: bad magic ("not a
// newsgraph tagger model"), a format or feature-set version this build does not read (names both
// versions), truncation (names the byte offset), checksum mismatch ("corrupt"), out-of-range row
// or tag mask, trailing bytes, or a decoded model failing ValidateModel.
absl::StatusOr<ModelData> DeserializeModel(std::string_view bytes);

// Reads and decodes the file at `path`: NotFound naming the path when it cannot be opened,
// otherwise fails as DeserializeModel.
absl::StatusOr<ModelData> ReadModelFile(const std::string& path);

// Writes SerializeModel(model) to `path` via a temporary file and rename, so a crash never leaves
// a half-written model. Internal naming the path on any I/O error.
absl::Status WriteModelFile(const ModelData& model, const std::string& path);

}  // namespace newsgraph::extract::tagger

#endif  // NEWSGRAPH_SERVICES_EXTRACT_TAGGER_MODEL_H_
