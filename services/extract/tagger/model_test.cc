#include "services/extract/tagger/model.h"

#include <fstream>
#include <string>

#include "common/testing/temp_dir.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "services/extract/tagger/features.h"

namespace newsgraph::extract::tagger {
namespace {

using ::testing::HasSubstr;

ModelData SmallModel() {
  ModelData m;
  m.types = {"PER", "LOC"};
  m.feature_set_version = kFeatureSetVersion;
  m.hash_bits = 10;
  m.weight_scale = 0.25f;
  m.temperature = 3.5f;
  m.metadata = "trained on nothing\nλ";
  const int tags = m.num_tags();
  m.transitions.resize((tags + 1) * tags);
  for (size_t i = 0; i < m.transitions.size(); ++i) m.transitions[i] = 0.5f * i - 3;
  m.weights.assign(m.rows() * tags, 0);
  m.weights[0] = 7;
  m.weights[5 * tags + 4] = -32767;
  m.weights[1023 * tags + 0] = 1;
  m.weights[1023 * tags + 3] = 32767;
  return m;
}

void ExpectSame(const ModelData& a, const ModelData& b) {
  EXPECT_EQ(a.types, b.types);
  EXPECT_EQ(a.feature_set_version, b.feature_set_version);
  EXPECT_EQ(a.hash_bits, b.hash_bits);
  EXPECT_EQ(a.weight_scale, b.weight_scale);
  EXPECT_EQ(a.temperature, b.temperature);
  EXPECT_EQ(a.metadata, b.metadata);
  EXPECT_EQ(a.transitions, b.transitions);
  EXPECT_EQ(a.weights, b.weights);
}

TEST(ModelTest, TagNumbering) {
  const ModelData m = SmallModel();
  EXPECT_EQ(m.num_tags(), 5);
  EXPECT_EQ(m.TagName(0), "O");
  EXPECT_EQ(m.TagName(BeginTag(1)), "B-LOC");
  EXPECT_EQ(m.TagName(InsideTag(0)), "I-PER");
  EXPECT_TRUE(IsBeginTag(3));
  EXPECT_TRUE(IsInsideTag(4));
  EXPECT_EQ(TypeOfTag(4), 1);
}

TEST(ModelTest, SerializeRoundTrip) {
  const ModelData m = SmallModel();
  ASSERT_TRUE(ValidateModel(m).ok());
  const std::string bytes = SerializeModel(m);
  auto back = DeserializeModel(bytes);
  ASSERT_TRUE(back.ok()) << back.status();
  ExpectSame(m, *back);
  // Only non-zero rows are stored: far smaller than the dense table.
  EXPECT_LT(bytes.size(), 400u);
}

TEST(ModelTest, FileRoundTrip) {
  testing::TempDir dir;
  const ModelData m = SmallModel();
  ASSERT_TRUE(WriteModelFile(m, dir.Sub("m.ngtagger")).ok());
  auto back = ReadModelFile(dir.Sub("m.ngtagger"));
  ASSERT_TRUE(back.ok()) << back.status();
  ExpectSame(m, *back);
  auto missing = ReadModelFile(dir.Sub("absent"));
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
}

TEST(ModelTest, RejectsEveryFlippedByte) {
  const std::string bytes = SerializeModel(SmallModel());
  for (size_t i = 0; i < bytes.size(); ++i) {
    std::string corrupt = bytes;
    corrupt[i] = static_cast<char>(corrupt[i] ^ 0x40);
    auto m = DeserializeModel(corrupt);
    ASSERT_FALSE(m.ok()) << "flipped byte " << i;
    EXPECT_EQ(m.status().code(), absl::StatusCode::kInvalidArgument);
  }
}

TEST(ModelTest, ClearMessages) {
  const std::string bytes = SerializeModel(SmallModel());
  EXPECT_THAT(std::string(DeserializeModel("hello world, not a model").status().message()),
              HasSubstr("not a newsgraph tagger model"));
  EXPECT_THAT(std::string(DeserializeModel(bytes.substr(0, bytes.size() - 3)).status().message()),
              HasSubstr("corrupt"));
  EXPECT_THAT(std::string(DeserializeModel(bytes + "x").status().message()), HasSubstr("corrupt"));
  std::string future = bytes;
  future[8] = 9;  // format version 9
  EXPECT_THAT(std::string(DeserializeModel(future).status().message()),
              HasSubstr("format version 9"));
  EXPECT_THAT(std::string(DeserializeModel("").status().message()), HasSubstr("bad magic"));
}

TEST(ModelTest, RejectsOtherFeatureSetVersions) {
  ModelData m = SmallModel();
  m.feature_set_version = kFeatureSetVersion + 1;
  auto back = DeserializeModel(SerializeModel(m));
  ASSERT_FALSE(back.ok());
  EXPECT_THAT(std::string(back.status().message()), HasSubstr("feature set version"));
}

TEST(ModelTest, ValidateModelCatchesInconsistencies) {
  ModelData m = SmallModel();
  m.types.push_back("PER");
  EXPECT_THAT(std::string(ValidateModel(m).message()), HasSubstr("duplicate"));
  m = SmallModel();
  m.weights.pop_back();
  EXPECT_FALSE(ValidateModel(m).ok());
  m = SmallModel();
  m.transitions[0] = std::numeric_limits<float>::infinity();
  EXPECT_FALSE(ValidateModel(m).ok());
  m = SmallModel();
  m.temperature = 0;
  EXPECT_FALSE(ValidateModel(m).ok());
  m = SmallModel();
  m.hash_bits = 40;
  EXPECT_FALSE(ValidateModel(m).ok());
  m = SmallModel();
  m.types.clear();
  EXPECT_FALSE(ValidateModel(m).ok());
}

}  // namespace
}  // namespace newsgraph::extract::tagger
