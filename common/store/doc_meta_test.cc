#include "common/store/doc_meta.h"

#include <string>

#include "gtest/gtest.h"

namespace newsgraph::store {
namespace {

TEST(DocMetaTest, RoundTripsEveryField) {
  DocMeta meta;
  meta.title_length = 7;
  meta.body_length = 1234;
  meta.language = "vi";
  meta.source = "VnExpress";
  meta.has_published = true;
  meta.published_seconds = -86400;  // before 1970 still round-trips (zigzag)
  meta.ingested_seconds = 1764288000;
  meta.entity_type_mask = (1u << 1) | (1u << 3);
  meta.entities = {{"ng:org/samsung", 3}, {"ng:org/tsmc", 1}};
  auto decoded = DecodeDocMeta(EncodeDocMeta(meta));
  ASSERT_TRUE(decoded.ok()) << decoded.status();
  EXPECT_EQ(*decoded, meta);
  EXPECT_EQ(*DecodeDocMeta(EncodeDocMeta(DocMeta())), DocMeta());
}

TEST(DocMetaTest, WithoutEntitiesDecodesEverythingElse) {
  DocMeta meta;
  meta.title_length = 7;
  meta.body_length = 1234;
  meta.language = "uk";
  meta.source = "Укрінформ";
  meta.has_published = true;
  meta.published_seconds = 1764288000;
  meta.ingested_seconds = 1764289000;
  meta.entity_type_mask = 1u << 2;
  meta.entities = {{"ng:person/emmanuel-macron", 3}, {"ng:country/de", 1}};
  absl::StatusOr<DocMeta> light =
      DecodeDocMeta(EncodeDocMeta(meta), DocMetaFields::kWithoutEntities);
  ASSERT_TRUE(light.ok()) << light.status();
  DocMeta expected = meta;
  expected.entities.clear();
  EXPECT_EQ(*light, expected);
  EXPECT_EQ(*DecodeDocMeta(EncodeDocMeta(meta)), meta);
}

TEST(DocMetaTest, LayoutMatchesSchemaExample) {
  DocMeta meta;
  meta.title_length = 2;
  meta.body_length = 5;
  meta.language = "en";
  meta.ingested_seconds = 1000;
  meta.entity_type_mask = 1u << 1;  // ENTITY_TYPE_PERSON
  meta.entities = {{"Q1", 2}};
  EXPECT_EQ(EncodeDocMeta(meta), std::string("\x01\x02\x05\x02"
                                             "en"
                                             "\x00\x00\x00\xd0\x0f\x02\x01\x02"
                                             "Q1"
                                             "\x02",
                                             17));
}

TEST(DocMetaTest, CorruptValuesAreDataLoss) {
  DocMeta meta;
  meta.language = "en";
  meta.entities = {{"ng:org/x", 1}};
  const std::string good = EncodeDocMeta(meta);
  EXPECT_TRUE(absl::IsDataLoss(DecodeDocMeta("").status()));
  EXPECT_TRUE(absl::IsDataLoss(DecodeDocMeta("\x02").status()));
  EXPECT_TRUE(absl::IsDataLoss(DecodeDocMeta(good + "x").status()));
  // Every truncation fails cleanly.
  for (size_t size = 0; size < good.size(); ++size) {
    EXPECT_TRUE(absl::IsDataLoss(DecodeDocMeta(good.substr(0, size)).status())) << size;
  }
}

}  // namespace
}  // namespace newsgraph::store
