// The knowledge-base side of extraction, as one immutable snapshot: the merged knowledge base and
// the name matcher built over it. The extractor swaps whole snapshots on reload, so a call in
// flight always sees one consistent knowledge base.
#ifndef NEWSGRAPH_SERVICES_EXTRACT_CORE_LINKER_H_
#define NEWSGRAPH_SERVICES_EXTRACT_CORE_LINKER_H_

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "newsgraph/common/v1/types.pb.h"
#include "services/extract/core/mentions.h"

namespace newsgraph::extract {

struct LinkerSources {
  // User knowledge-base files (JSONL, services/extract/kb/SCHEMA.md), merged over the built-in.
  std::vector<std::string> files;
  // An extra knowledge base given inline (ReloadKnowledgeBase), merged last.
  std::string extra_jsonl;
};

class Linker {
 public:
  // Loads and merges the built-in knowledge base and `sources`, and builds the matcher.
  // NotFound when a file cannot be read; InvalidArgument naming `file:line` when one does not
  // load (an inline knowledge base is named "request").
  static absl::StatusOr<std::shared_ptr<const Linker>> Build(const LinkerSources& sources);
  virtual ~Linker() = default;

  virtual size_t entity_count() const = 0;
  virtual size_t name_count() const = 0;
  // The record of entity `id`, or null.
  virtual const common::v1::Entity* Find(std::string_view id) const = 0;
  // The record of entity `id` as responses carry it, or null: its first (preferred) name in each
  // of en, vi, uk, ru, el, de, fr, zh and no aliases. ICU gives a country names in ~150
  // languages and the files add variants and inflected forms, which only the matcher needs;
  // copying them into every response (and ingest into the store) cost more than extraction.
  virtual const common::v1::Entity* FindRecord(std::string_view id) const = 0;
  // Appends a candidate (source KNOWLEDGE_BASE) for every name of `text` (valid UTF-8) in the
  // knowledge base, non-overlapping; `language` (BCP 47, may be empty) turns on the case endings
  // of Latin-script Slavic languages. InvalidArgument when `text` is not valid UTF-8.
  virtual absl::Status FindMentions(std::string_view text, std::string_view language,
                                    std::vector<Candidate>* out) const = 0;
};

}  // namespace newsgraph::extract

#endif  // NEWSGRAPH_SERVICES_EXTRACT_CORE_LINKER_H_
