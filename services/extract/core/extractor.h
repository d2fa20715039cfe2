// The extract service's logic, free of gRPC: validates a request, finds mentions with every
// source (knowledge-base names, patterns, the statistical tagger), resolves overlaps and ranks
// the document's entities.
#ifndef NEWSGRAPH_SERVICES_EXTRACT_CORE_EXTRACTOR_H_
#define NEWSGRAPH_SERVICES_EXTRACT_CORE_EXTRACTOR_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "newsgraph/extract/v1/extract_service.pb.h"
#include "services/extract/core/linker.h"
#include "services/extract/core/tagging.h"

namespace newsgraph::extract {

struct ExtractorOptions {
  // User knowledge-base files (JSONL), merged over the built-in knowledge base.
  std::vector<std::string> knowledge_base_paths;
  // Largest text accepted, in bytes.
  size_t max_text_bytes = 1 << 20;
  // Directory of the tagger models and their languages.tsv (services/extract/models); empty
  // runs without the statistical tagger (knowledge base and patterns only).
  std::string models_dir;
};

class Extractor {
 public:
  // Loads the knowledge base. NotFound when a file does not exist, InvalidArgument (naming the
  // file and line) when one does not load.
  static absl::StatusOr<std::unique_ptr<Extractor>> Create(const ExtractorOptions& options);

  // Fills `response` with the mentions in request.text, the entities they link to and their
  // salience. InvalidArgument naming the field when `text` is empty, longer than max_text_bytes
  // or not valid UTF-8 (with the byte offset), when `title` is longer than max_text_bytes or not
  // valid UTF-8, when `language` is not a language code, or when `published_at` is outside
  // 0001-01-01..9999-12-31 or has nanos outside 0..999999999. Thread-safe; runs concurrently
  // with a reload.
  absl::Status Extract(const v1::ExtractRequest& request, v1::ExtractResponse* response) const;

  // Rebuilds the knowledge base from the built-in files, the option's files (re-read) and
  // request.jsonl, and swaps it in. On error (as Create, with "request" naming the inline
  // knowledge base) the current one stays. Thread-safe; reloads run one at a time.
  absl::Status ReloadKnowledgeBase(const v1::ReloadKnowledgeBaseRequest& request,
                                   v1::ReloadKnowledgeBaseResponse* response);

  size_t entity_count() const { return CurrentLinker()->entity_count(); }
  // The document languages the statistical tagger serves (none without models_dir).
  std::vector<std::string> tagger_languages() const { return taggers_.languages(); }
  // The current knowledge base's record of entity `id`, or null when it has none. The pointer
  // stays valid until the next ReloadKnowledgeBase.
  const common::v1::Entity* FindEntity(std::string_view id) const {
    return CurrentLinker()->Find(id);
  }

 private:
  explicit Extractor(ExtractorOptions options) : options_(std::move(options)) {}
  std::shared_ptr<const Linker> CurrentLinker() const;

  const ExtractorOptions options_;
  TaggerSet taggers_;
  absl::Mutex reload_mutex_;
  mutable absl::Mutex linker_mutex_;
  std::shared_ptr<const Linker> linker_ ABSL_GUARDED_BY(linker_mutex_);
  uint32_t generation_ ABSL_GUARDED_BY(reload_mutex_) = 0;
};

}  // namespace newsgraph::extract

#endif  // NEWSGRAPH_SERVICES_EXTRACT_CORE_EXTRACTOR_H_
