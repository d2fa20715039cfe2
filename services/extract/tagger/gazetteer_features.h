// Knowledge-base membership as tagger features. The tagger does not care where the evidence comes
// from: anything that can say, for each token of a sentence, "a known PER/ORG/LOC/MISC name starts
// here or continues here" implements GazetteerFeatures. KbGazetteer is the implementation the
// training tool uses: names from KB JSONL files, matched over folded tokens, exactly and on crude
// stems so that inflected forms ("Макрона", "Γερμανίας") still count.
#ifndef NEWSGRAPH_SERVICES_EXTRACT_TAGGER_GAZETTEER_FEATURES_H_
#define NEWSGRAPH_SERVICES_EXTRACT_TAGGER_GAZETTEER_FEATURES_H_

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "newsgraph/common/v1/types.pb.h"

namespace newsgraph::extract::tagger {

// The coarse entity kinds gazetteer evidence is given in, independent of a model's own types.
enum class GazetteerType : uint8_t { kPer = 0, kOrg = 1, kLoc = 2, kMisc = 3 };
inline constexpr int kGazetteerTypeCount = 4;

// What the gazetteer knows about one token; bit t of each mask stands for GazetteerType t.
struct GazetteerMark {
  uint8_t begin = 0;       // a known name of that type starts at this token (exact form)
  uint8_t inside = 0;      // ... continues through this token (exact form)
  uint8_t stem_begin = 0;  // the same on stems: an inflected form of a known name
  uint8_t stem_inside = 0;

  bool empty() const { return (begin | inside | stem_begin | stem_inside) == 0; }
  friend bool operator==(const GazetteerMark&, const GazetteerMark&) = default;
};

class GazetteerFeatures {
 public:
  virtual ~GazetteerFeatures() = default;

  // Fills marks[i] for each words[i] (marks.size() == words.size(), all zero on entry) from the
  // tokens of one sentence as written; folded[i] is text::Fold(words[i]), computed once by the
  // caller for its own features. Must be thread-safe: the tagger calls it concurrently.
  virtual void Mark(std::span<const std::string_view> words,
                    std::span<const std::string_view> folded,
                    std::span<GazetteerMark> marks) const = 0;
};

// Names of known entities, matched over tokens as Tokenize cuts them. Exact evidence: the folded
// token sequence equals a folded name. Stem evidence: the same after removing a common case ending
// from every token (a short list for Slavic languages, Greek and Latin-script Slavic, never leaving
// fewer than three letters), so "Дональда Трампа" meets "Дональд Трамп". All matches count, not
// only the longest, since they are features rather than decisions. Immutable once built.
class KbGazetteer : public GazetteerFeatures {
 public:
  // Names of up to this many tokens are indexed; longer ones are ignored.
  static constexpr size_t kMaxNameTokens = 8;

  KbGazetteer() = default;

  // Adds `name` (valid UTF-8) with `type`. Names that tokenize to nothing, or to more than
  // kMaxNameTokens tokens, are skipped (returns OK). InvalidArgument if `name` is not valid UTF-8.
  absl::Status AddName(std::string_view name, GazetteerType type);

  // Adds the canonical name, localized names and aliases of `entity`, typed by its entity type:
  // PERSON→PER, ORGANIZATION→ORG, LOCATION→LOC, PRODUCT/EVENT/WORK/MISC→MISC. Returns false (and
  // adds nothing) for other types (dates, money, percentages, URLs, unspecified). The extractor
  // can feed its loaded knowledge base through this. InvalidArgument for a name that is not
  // valid UTF-8.
  absl::StatusOr<bool> AddEntity(const common::v1::Entity& entity);

  // Calls AddEntity for each line of a KB JSONL text (one newsgraph.common.v1.Entity per line,
  // protobuf JSON; unknown fields ignored). Returns the number of entities added.
  // InvalidArgument naming `source` and the 1-based line for a line that is not an Entity in
  // JSON; names added before it stay.
  absl::StatusOr<size_t> AddJsonl(std::string_view jsonl, std::string_view source);

  // Reads the file at `path` and calls AddJsonl. NotFound / PermissionDenied naming the path
  // when it cannot be read, otherwise fails as AddJsonl.
  absl::StatusOr<size_t> AddJsonlFile(const std::string& path);

  size_t name_count() const { return name_count_; }

  void Mark(std::span<const std::string_view> words, std::span<const std::string_view> folded,
            std::span<GazetteerMark> marks) const override;

  // Exposed for tests: the folded token with one common case ending removed ("трампа"→"трамп").
  static std::string_view Stem(std::string_view folded);

 private:
  // Keys are 64-bit hashes of folded (or stemmed) token sequences (a collision only adds a
  // wrong feature, at odds of about n^2 / 2^64); values are GazetteerType bit masks plus a
  // "a longer name continues" bit. Integer keys keep Mark off string compares.
  absl::flat_hash_map<uint64_t, uint8_t> exact_;
  absl::flat_hash_map<uint64_t, uint8_t> stems_;
  size_t max_tokens_ = 0;
  size_t name_count_ = 0;
};

}  // namespace newsgraph::extract::tagger

#endif  // NEWSGRAPH_SERVICES_EXTRACT_TAGGER_GAZETTEER_FEATURES_H_
