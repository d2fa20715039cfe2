#include "common/store/merge_operators.h"

#include <deque>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "common/store/postings.h"
#include "rocksdb/merge_operator.h"
#include "rocksdb/slice.h"

namespace newsgraph::store {
namespace {

std::vector<std::string_view> Views(const std::vector<rocksdb::Slice>& slices) {
  std::vector<std::string_view> views;
  views.reserve(slices.size());
  for (const rocksdb::Slice& slice : slices) views.push_back(slice.ToStringView());
  return views;
}

std::vector<std::string_view> Views(const std::deque<rocksdb::Slice>& slices) {
  std::vector<std::string_view> views;
  views.reserve(slices.size());
  for (const rocksdb::Slice& slice : slices) views.push_back(slice.ToStringView());
  return views;
}

class PostingsMergeOperator final : public rocksdb::MergeOperator {
 public:
  bool FullMergeV2(const MergeOperationInput& in, MergeOperationOutput* out) const override {
    std::string_view base;
    if (in.existing_value != nullptr) base = in.existing_value->ToStringView();
    return MergePostings(in.existing_value != nullptr ? &base : nullptr, Views(in.operand_list),
                         /*keep_removals=*/false, &out->new_value);
  }

  bool PartialMergeMulti(const rocksdb::Slice& key, const std::deque<rocksdb::Slice>& operands,
                         std::string* new_value, rocksdb::Logger* logger) const override {
    return MergePostings(nullptr, Views(operands), /*keep_removals=*/true, new_value);
  }

  // Persisted nowhere by RocksDB 7.8, but shown in its OPTIONS file and logs.
  const char* Name() const override { return "newsgraph.PostingsMerge.v1"; }
};

}  // namespace

std::shared_ptr<rocksdb::MergeOperator> NewPostingsMergeOperator() {
  return std::make_shared<PostingsMergeOperator>();
}

}  // namespace newsgraph::store
