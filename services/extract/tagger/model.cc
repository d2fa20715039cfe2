#include "services/extract/tagger/model.h"

#include <bit>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "common/base/status_macros.h"
#include "services/extract/tagger/features.h"

namespace newsgraph::extract::tagger {
namespace {

constexpr char kMagic[8] = {'N', 'G', 'T', 'A', 'G', 'G', 'E', 'R'};

uint64_t Fnv1a(std::string_view bytes) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (char c : bytes) {
    h ^= static_cast<unsigned char>(c);
    h *= 0x100000001b3ULL;
  }
  return h;
}

class Writer {
 public:
  void Bytes(const void* data, size_t n) { out_.append(static_cast<const char*>(data), n); }
  template <typename T>
  void Fixed(T value) {
    unsigned char buffer[sizeof(T)];
    std::memcpy(buffer, &value, sizeof(T));
    if constexpr (std::endian::native == std::endian::big) {
      for (size_t i = 0; i < sizeof(T) / 2; ++i) std::swap(buffer[i], buffer[sizeof(T) - 1 - i]);
    }
    Bytes(buffer, sizeof(T));
  }
  void Varint(uint64_t v) {
    while (v >= 0x80) {
      out_.push_back(static_cast<char>(v | 0x80));
      v >>= 7;
    }
    out_.push_back(static_cast<char>(v));
  }
  std::string& str() { return out_; }

 private:
  std::string out_;
};

class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}

  template <typename T>
  absl::Status Fixed(T* value) {
    if (in_.size() - pos_ < sizeof(T)) return Truncated();
    unsigned char buffer[sizeof(T)];
    std::memcpy(buffer, in_.data() + pos_, sizeof(T));
    if constexpr (std::endian::native == std::endian::big) {
      for (size_t i = 0; i < sizeof(T) / 2; ++i) std::swap(buffer[i], buffer[sizeof(T) - 1 - i]);
    }
    std::memcpy(value, buffer, sizeof(T));
    pos_ += sizeof(T);
    return absl::OkStatus();
  }
  absl::Status Bytes(size_t n, std::string_view* out) {
    if (in_.size() - pos_ < n) return Truncated();
    *out = in_.substr(pos_, n);
    pos_ += n;
    return absl::OkStatus();
  }
  absl::Status Varint(uint64_t* v) {
    *v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (pos_ >= in_.size()) return Truncated();
      const auto byte = static_cast<unsigned char>(in_[pos_++]);
      *v |= static_cast<uint64_t>(byte & 0x7F) << shift;
      if ((byte & 0x80) == 0) return absl::OkStatus();
    }
    return absl::InvalidArgumentError(absl::StrCat("model: bad varint at byte ", pos_));
  }
  size_t pos() const { return pos_; }
  size_t remaining() const { return in_.size() - pos_; }

 private:
  absl::Status Truncated() const {
    return absl::InvalidArgumentError(absl::StrCat("model: truncated at byte ", pos_));
  }
  std::string_view in_;
  size_t pos_ = 0;
};

}  // namespace

std::string ModelData::TagName(int tag) const {
  if (tag == kOutside) return "O";
  return absl::StrCat(IsBeginTag(tag) ? "B-" : "I-", types[TypeOfTag(tag)]);
}

absl::Status ValidateModel(const ModelData& model) {
  if (model.types.empty() || model.types.size() > kMaxTypes) {
    return absl::InvalidArgumentError(
        absl::StrCat("model: needs 1..", kMaxTypes, " entity types, has ", model.types.size()));
  }
  absl::flat_hash_set<std::string> seen;
  for (const std::string& type : model.types) {
    if (type.empty()) return absl::InvalidArgumentError("model: empty entity type name");
    if (!seen.insert(type).second) {
      return absl::InvalidArgumentError(absl::StrCat("model: duplicate entity type ", type));
    }
  }
  if (model.hash_bits < kMinHashBits || model.hash_bits > kMaxHashBits) {
    return absl::InvalidArgumentError(absl::StrCat("model: hash bits ", model.hash_bits,
                                                   " outside ", kMinHashBits, "..", kMaxHashBits));
  }
  const size_t tags = static_cast<size_t>(model.num_tags());
  if (model.transitions.size() != (tags + 1) * tags) {
    return absl::InvalidArgumentError("model: transition table has the wrong size");
  }
  for (float t : model.transitions) {
    if (!std::isfinite(t)) return absl::InvalidArgumentError("model: non-finite transition");
  }
  if (model.weights.size() != model.rows() * tags) {
    return absl::InvalidArgumentError("model: weight table has the wrong size");
  }
  if (!(model.weight_scale > 0) || !std::isfinite(model.weight_scale)) {
    return absl::InvalidArgumentError("model: weight scale must be positive and finite");
  }
  if (!(model.temperature > 0) || !std::isfinite(model.temperature)) {
    return absl::InvalidArgumentError("model: temperature must be positive and finite");
  }
  return absl::OkStatus();
}

std::string SerializeModel(const ModelData& model) {
  Writer w;
  w.Bytes(kMagic, sizeof(kMagic));
  w.Fixed<uint32_t>(kModelFormatVersion);
  w.Fixed<uint32_t>(model.feature_set_version);
  w.Fixed<uint32_t>(static_cast<uint32_t>(model.hash_bits));
  w.Fixed<uint32_t>(static_cast<uint32_t>(model.types.size()));
  for (const std::string& type : model.types) {
    w.Fixed<uint16_t>(static_cast<uint16_t>(type.size()));
    w.Bytes(type.data(), type.size());
  }
  w.Fixed<float>(model.weight_scale);
  w.Fixed<float>(model.temperature);
  w.Fixed<uint32_t>(static_cast<uint32_t>(model.metadata.size()));
  w.Bytes(model.metadata.data(), model.metadata.size());
  for (float t : model.transitions) w.Fixed<float>(t);

  const size_t tags = static_cast<size_t>(model.num_tags());
  const size_t rows = model.rows();
  uint64_t nonzero = 0;
  for (size_t r = 0; r < rows; ++r) {
    for (size_t k = 0; k < tags; ++k) {
      if (model.weights[r * tags + k] != 0) {
        ++nonzero;
        break;
      }
    }
  }
  w.Fixed<uint64_t>(nonzero);
  size_t next = 0;  // the row after the previous stored one
  for (size_t r = 0; r < rows; ++r) {
    uint32_t mask = 0;
    for (size_t k = 0; k < tags; ++k) {
      if (model.weights[r * tags + k] != 0) mask |= 1u << k;
    }
    if (mask == 0) continue;
    w.Varint(r - next);
    w.Varint(mask);
    for (size_t k = 0; k < tags; ++k) {
      if (mask & (1u << k)) w.Fixed<int16_t>(model.weights[r * tags + k]);
    }
    next = r + 1;
  }
  w.Fixed<uint64_t>(Fnv1a(w.str()));
  return std::move(w.str());
}

absl::StatusOr<ModelData> DeserializeModel(std::string_view bytes) {
  if (bytes.size() < sizeof(kMagic) || std::memcmp(bytes.data(), kMagic, sizeof(kMagic)) != 0) {
    return absl::InvalidArgumentError("model: not a newsgraph tagger model (bad magic)");
  }
  // The version is checked before the checksum so that a newer file gets a clear message.
  Reader r(bytes.substr(sizeof(kMagic)));
  uint32_t format = 0;
  RETURN_IF_ERROR(r.Fixed(&format));
  if (format != kModelFormatVersion) {
    return absl::InvalidArgumentError(absl::StrCat(
        "model: format version ", format, ", this build reads version ", kModelFormatVersion));
  }
  if (bytes.size() < sizeof(kMagic) + 4 + 8) {
    return absl::InvalidArgumentError("model: truncated (no checksum)");
  }
  const std::string_view body = bytes.substr(0, bytes.size() - 8);
  uint64_t stored = 0;
  RETURN_IF_ERROR(Reader(bytes.substr(bytes.size() - 8)).Fixed(&stored));
  if (stored != Fnv1a(body)) {
    return absl::InvalidArgumentError("model: corrupt (checksum mismatch)");
  }

  r = Reader(body.substr(sizeof(kMagic) + 4));
  ModelData model;
  RETURN_IF_ERROR(r.Fixed(&model.feature_set_version));
  if (model.feature_set_version != kFeatureSetVersion) {
    return absl::InvalidArgumentError(
        absl::StrCat("model: feature set version ", model.feature_set_version,
                     ", this build extracts version ", kFeatureSetVersion));
  }
  uint32_t hash_bits = 0, type_count = 0;
  RETURN_IF_ERROR(r.Fixed(&hash_bits));
  if (hash_bits < kMinHashBits || hash_bits > kMaxHashBits) {
    return absl::InvalidArgumentError(
        absl::StrCat("model: hash bits ", hash_bits, " out of range"));
  }
  model.hash_bits = static_cast<int>(hash_bits);
  RETURN_IF_ERROR(r.Fixed(&type_count));
  if (type_count == 0 || type_count > kMaxTypes) {
    return absl::InvalidArgumentError(
        absl::StrCat("model: type count ", type_count, " out of range"));
  }
  for (uint32_t i = 0; i < type_count; ++i) {
    uint16_t length = 0;
    std::string_view name;
    RETURN_IF_ERROR(r.Fixed(&length));
    RETURN_IF_ERROR(r.Bytes(length, &name));
    model.types.emplace_back(name);
  }
  RETURN_IF_ERROR(r.Fixed(&model.weight_scale));
  RETURN_IF_ERROR(r.Fixed(&model.temperature));
  uint32_t metadata_length = 0;
  std::string_view metadata;
  RETURN_IF_ERROR(r.Fixed(&metadata_length));
  RETURN_IF_ERROR(r.Bytes(metadata_length, &metadata));
  model.metadata = std::string(metadata);
  const size_t tags = static_cast<size_t>(model.num_tags());
  model.transitions.resize((tags + 1) * tags);
  for (float& t : model.transitions) RETURN_IF_ERROR(r.Fixed(&t));

  uint64_t nonzero = 0;
  RETURN_IF_ERROR(r.Fixed(&nonzero));
  const size_t rows = model.rows();
  if (nonzero > rows) return absl::InvalidArgumentError("model: more stored rows than the table");
  model.weights.assign(rows * tags, 0);
  uint64_t next = 0;
  for (uint64_t i = 0; i < nonzero; ++i) {
    uint64_t delta = 0;
    uint64_t mask = 0;
    RETURN_IF_ERROR(r.Varint(&delta));
    if (delta >= rows - next) {
      return absl::InvalidArgumentError(absl::StrCat("model: row out of range at byte ", r.pos()));
    }
    const uint64_t row = next + delta;
    RETURN_IF_ERROR(r.Varint(&mask));
    if (mask == 0 || (mask >> tags) != 0) {
      return absl::InvalidArgumentError(absl::StrCat("model: bad tag mask at byte ", r.pos()));
    }
    for (size_t k = 0; k < tags; ++k) {
      if (mask & (uint64_t{1} << k)) RETURN_IF_ERROR(r.Fixed(&model.weights[row * tags + k]));
    }
    next = row + 1;
  }
  if (r.remaining() != 0) {
    return absl::InvalidArgumentError(absl::StrCat("model: ", r.remaining(), " trailing bytes"));
  }
  RETURN_IF_ERROR(ValidateModel(model));
  return model;
}

absl::StatusOr<ModelData> ReadModelFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return absl::NotFoundError(absl::StrCat("cannot open model file ", path));
  std::ostringstream contents;
  contents << in.rdbuf();
  if (in.bad()) return absl::InternalError(absl::StrCat("error reading model file ", path));
  auto model = DeserializeModel(contents.str());
  if (!model.ok()) {
    return absl::Status(model.status().code(), absl::StrCat(path, ": ", model.status().message()));
  }
  return model;
}

absl::Status WriteModelFile(const ModelData& model, const std::string& path) {
  const std::string bytes = SerializeModel(model);
  const std::string temp = path + ".tmp";
  {
    std::ofstream out(temp, std::ios::binary | std::ios::trunc);
    if (!out) return absl::InternalError(absl::StrCat("cannot create ", temp));
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    out.flush();
    if (!out) return absl::InternalError(absl::StrCat("error writing ", temp));
  }
  if (std::rename(temp.c_str(), path.c_str()) != 0) {
    std::remove(temp.c_str());
    return absl::InternalError(absl::StrCat("cannot rename ", temp, " to ", path));
  }
  return absl::OkStatus();
}

}  // namespace newsgraph::extract::tagger
