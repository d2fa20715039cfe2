// Fuzzes the decoders of stored records that common/store/records reads: the doc_meta record
// (every search match reads one) and the wrapped Document / Entity protos. What decodes must
// re-encode to a value that decodes to the same record.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "common/store/doc_meta.h"
#include "common/store/keys.h"
#include "fuzz/fuzz_check.h"
#include "newsgraph/common/v1/types.pb.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace newsgraph;
  if (size > 16384) return 0;
  const std::string_view input = fuzz::AsView(data, size);

  absl::StatusOr<store::DocMeta> meta = store::DecodeDocMeta(input);
  if (meta.ok()) {
    absl::StatusOr<store::DocMeta> again = store::DecodeDocMeta(store::EncodeDocMeta(*meta));
    NG_FUZZ_CHECK(again.ok() && *again == *meta);
    NG_FUZZ_CHECK(meta->entities.size() <= input.size());
  } else {
    NG_FUZZ_CHECK(meta.status().code() == absl::StatusCode::kDataLoss);
  }

  // records.cc reads documents and entities as UnwrapValue + ParseFromArray.
  absl::StatusOr<std::string_view> payload = store::UnwrapValue(input);
  if (payload.ok()) {
    common::v1::Document document;
    if (document.ParseFromArray(payload->data(), static_cast<int>(payload->size()))) {
      common::v1::Document again;
      NG_FUZZ_CHECK(again.ParseFromString(document.SerializeAsString()));
    }
    common::v1::Entity entity;
    if (entity.ParseFromArray(payload->data(), static_cast<int>(payload->size()))) {
      common::v1::Entity again;
      NG_FUZZ_CHECK(again.ParseFromString(entity.SerializeAsString()));
    }
  }
  return 0;
}
