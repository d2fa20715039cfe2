#include "services/extract/tagger/tags.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "services/extract/tagger/model.h"

namespace newsgraph::extract::tagger {

absl::StatusOr<std::vector<int>> SpansToTags(size_t length, std::span<const LabeledSpan> spans,
                                             std::span<const std::string> types) {
  std::vector<int> tags(length, kOutside);
  for (const LabeledSpan& span : spans) {
    const auto it = std::find(types.begin(), types.end(), span.type);
    if (it == types.end()) {
      return absl::InvalidArgumentError(absl::StrCat("unknown entity type ", span.type));
    }
    if (span.first > span.last || span.last >= length) {
      return absl::InvalidArgumentError(absl::StrCat("span ", span.first, "..", span.last,
                                                     " out of range for ", length, " tokens"));
    }
    const int type = static_cast<int>(it - types.begin());
    for (size_t i = span.first; i <= span.last; ++i) {
      if (tags[i] != kOutside) {
        return absl::InvalidArgumentError(absl::StrCat("overlapping spans at token ", i));
      }
      tags[i] = i == span.first ? BeginTag(type) : InsideTag(type);
    }
  }
  return tags;
}

std::vector<TypedSpan> TagsToSpans(std::span<const int> tags) {
  std::vector<TypedSpan> spans;
  bool open = false;
  for (size_t i = 0; i < tags.size(); ++i) {
    const int tag = tags[i];
    if (tag == kOutside) {
      open = false;
      continue;
    }
    const int type = TypeOfTag(tag);
    if (IsInsideTag(tag) && open && spans.back().type == type) {
      spans.back().last = i;
      continue;
    }
    spans.push_back(TypedSpan{i, i, type});
    open = true;
  }
  return spans;
}

}  // namespace newsgraph::extract::tagger
