#include "services/extract/core/extractor.h"

#include <utility>

#include "absl/container/flat_hash_set.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "common/base/status_macros.h"
#include "common/lang/detect.h"
#include "common/text/utf8.h"
#include "services/extract/core/mentions.h"
#include "services/extract/patterns/patterns.h"

namespace newsgraph::extract {
namespace {

// "en", "uk", "zh-Hant", "pt-BR": 2–3 letters, then subtags of 2–8 letters or digits.
bool IsLanguageCode(std::string_view code) {
  size_t dash = code.find('-');
  std::string_view primary = code.substr(0, dash);
  if (primary.size() < 2 || primary.size() > 3) return false;
  for (char c : primary) {
    if (!absl::ascii_islower(c)) return false;
  }
  while (dash != std::string_view::npos) {
    size_t next = code.find('-', dash + 1);
    std::string_view subtag = code.substr(
        dash + 1, next == std::string_view::npos ? std::string_view::npos : next - dash - 1);
    if (subtag.size() < 2 || subtag.size() > 8) return false;
    for (char c : subtag) {
      if (!absl::ascii_isalnum(c)) return false;
    }
    dash = next;
  }
  return true;
}

// The longest sensible BCP 47 tag (as ingest's limit).
// 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z: google.protobuf.Timestamp's valid range.
constexpr int64_t kMinTimestampSeconds = -62135596800;
constexpr int64_t kMaxTimestampSeconds = 253402300799;

absl::Status Validate(const v1::ExtractRequest& request, size_t max_text_bytes) {
  const std::string& text = request.text();
  if (text.empty()) return absl::InvalidArgumentError("text: must not be empty");
  if (text.size() > max_text_bytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("text: ", text.size(), " bytes exceeds the limit of ", max_text_bytes));
  }
  RETURN_IF_ERROR(text::ValidateUtf8(text, "text"));
  // A title is never longer than a text may be; without a limit it was matched in full.
  if (request.title().size() > max_text_bytes) {
    return absl::InvalidArgumentError(absl::StrCat("title: ", request.title().size(),
                                                   " bytes exceeds the limit of ", max_text_bytes));
  }
  RETURN_IF_ERROR(text::ValidateUtf8(request.title(), "title"));
  // Echoed only when short: an error message travels in the response headers, and a client
  // refuses headers over 8 KiB (it would see RESOURCE_EXHAUSTED instead of this error).
  if (request.language().size() > lang::kMaxLanguageTagBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("language: ", request.language().size(), " bytes is not a language code"));
  }
  if (!request.language().empty() && !IsLanguageCode(request.language())) {
    return absl::InvalidArgumentError(
        absl::StrCat("language: \"", request.language(), "\" is not a language code"));
  }
  // published_at anchors relative dates; outside google.protobuf.Timestamp's range (years
  // 0001-9999, nanos 0-999999999) the calendar arithmetic would run off its ends.
  if (request.has_published_at()) {
    const auto& published = request.published_at();
    if (published.seconds() < kMinTimestampSeconds || published.seconds() > kMaxTimestampSeconds ||
        published.nanos() < 0 || published.nanos() > 999999999) {
      return absl::InvalidArgumentError(
          "published_at: must be a valid time between 0001-01-01 and 9999-12-31");
    }
  }
  return absl::OkStatus();
}

std::string LanguageOf(const v1::ExtractRequest& request) {
  if (!request.language().empty()) return request.language();
  auto guess = lang::DetectLanguage(request.text());
  return guess.ok() && guess->language != "und" ? guess->language : "";
}

std::optional<absl::CivilDay> PublishedDay(const v1::ExtractRequest& request) {
  if (!request.has_published_at()) return std::nullopt;
  return absl::ToCivilDay(absl::FromUnixSeconds(request.published_at().seconds()),
                          absl::UTCTimeZone());
}

void AddPatternCandidates(std::string_view text, const patterns::PatternOptions& options,
                          std::vector<Candidate>* out) {
  for (patterns::PatternMatch& match : patterns::FindPatterns(text, options)) {
    Candidate candidate;
    candidate.begin = match.begin;
    candidate.end = match.end;
    candidate.entity_id = std::move(match.entity_id);
    candidate.type = match.type;
    candidate.confidence = match.confidence;
    candidate.source = common::v1::MENTION_SOURCE_PATTERN;
    candidate.normalized_value = std::move(match.normalized);
    candidate.priority =
        match.type == common::v1::ENTITY_TYPE_PRODUCT ? kCodePriority : kPatternPriority;
    out->push_back(std::move(candidate));
  }
}

// A confident tagger span that strictly encloses knowledge-base names, and cuts through none,
// is a longer name the knowledge base does not know around a shorter one it does: "Στερεάς
// Ελλάδας" (a region) around "Ελλάδας", "Мала Азія" around "Азія". It then outranks them.
void PreferConfidentEnclosingTaggerSpans(std::vector<Candidate>* candidates) {
  constexpr float kEnclosingConfidence = 0.6f;
  for (Candidate& outer : *candidates) {
    if (outer.source != common::v1::MENTION_SOURCE_TAGGER ||
        outer.confidence < kEnclosingConfidence) {
      continue;
    }
    bool encloses = false;
    bool cuts = false;
    for (const Candidate& inner : *candidates) {
      if (inner.source != common::v1::MENTION_SOURCE_KNOWLEDGE_BASE) continue;
      if (inner.end <= outer.begin || inner.begin >= outer.end) continue;  // apart
      const bool inside = inner.begin >= outer.begin && inner.end <= outer.end;
      if (inside && inner.end - inner.begin < outer.end - outer.begin) {
        encloses = true;
      } else {
        cuts = true;
      }
    }
    if (encloses && !cuts) outer.priority = kEnclosingTaggerPriority;
  }
}

// The record of a linked entity: the knowledge base's, or one made for a pattern or provisional
// entity from its first mention.
common::v1::Entity EntityRecord(const Linker& linker, const Candidate& candidate,
                                std::string_view surface) {
  if (const common::v1::Entity* known = linker.FindRecord(candidate.entity_id)) return *known;
  common::v1::Entity entity;
  entity.set_id(candidate.entity_id);
  entity.set_type(candidate.type);
  entity.set_canonical_name(candidate.normalized_value.empty() ? std::string(surface)
                                                               : candidate.normalized_value);
  entity.set_provisional(candidate.source == common::v1::MENTION_SOURCE_TAGGER);
  return entity;
}

}  // namespace

absl::StatusOr<std::unique_ptr<Extractor>> Extractor::Create(const ExtractorOptions& options) {
  std::unique_ptr<Extractor> extractor(new Extractor(options));
  if (!options.models_dir.empty()) {
    ASSIGN_OR_RETURN(extractor->taggers_, TaggerSet::Load(options.models_dir));
  }
  v1::ReloadKnowledgeBaseResponse loaded;
  RETURN_IF_ERROR(extractor->ReloadKnowledgeBase({}, &loaded));
  return extractor;
}

std::shared_ptr<const Linker> Extractor::CurrentLinker() const {
  absl::MutexLock lock(&linker_mutex_);
  return linker_;
}

absl::Status Extractor::ReloadKnowledgeBase(const v1::ReloadKnowledgeBaseRequest& request,
                                            v1::ReloadKnowledgeBaseResponse* response) {
  absl::MutexLock reload_lock(&reload_mutex_);
  RETURN_IF_ERROR(text::ValidateUtf8(request.jsonl(), "jsonl"));
  absl::Time start = absl::Now();
  LinkerSources sources{options_.knowledge_base_paths, request.jsonl()};
  ASSIGN_OR_RETURN(std::shared_ptr<const Linker> linker, Linker::Build(sources));
  response->set_entity_count(static_cast<uint32_t>(linker->entity_count()));
  response->set_name_count(static_cast<uint32_t>(linker->name_count()));
  response->set_load_millis(static_cast<uint32_t>(absl::ToInt64Milliseconds(absl::Now() - start)));
  response->set_generation(++generation_);
  absl::MutexLock lock(&linker_mutex_);
  linker_ = std::move(linker);
  return absl::OkStatus();
}

absl::Status Extractor::Extract(const v1::ExtractRequest& request,
                                v1::ExtractResponse* response) const {
  RETURN_IF_ERROR(Validate(request, options_.max_text_bytes));
  const std::string& text = request.text();
  std::shared_ptr<const Linker> linker = CurrentLinker();
  std::string language = LanguageOf(request);
  response->set_language(language);

  std::vector<Candidate> candidates;
  RETURN_IF_ERROR(linker->FindMentions(text, language, &candidates));
  AddPatternCandidates(text, {.language = language, .published = PublishedDay(request)},
                       &candidates);
  RETURN_IF_ERROR(taggers_.Tag(text, language, &candidates));
  PreferConfidentEnclosingTaggerSpans(&candidates);
  std::vector<Candidate> mentions = ResolveOverlaps(std::move(candidates));

  std::vector<size_t> byte_offsets;
  byte_offsets.reserve(mentions.size() * 2);
  for (const Candidate& mention : mentions) {
    byte_offsets.push_back(mention.begin);
    byte_offsets.push_back(mention.end);
  }
  std::vector<uint32_t> utf16 = Utf16Offsets(text, byte_offsets);

  absl::flat_hash_set<std::string> recorded;
  for (size_t i = 0; i < mentions.size(); ++i) {
    const Candidate& candidate = mentions[i];
    std::string_view surface(text.data() + candidate.begin, candidate.end - candidate.begin);
    common::v1::Mention* mention = response->add_mentions();
    mention->set_entity_id(candidate.entity_id);
    mention->set_type(candidate.type);
    mention->set_surface(std::string(surface));
    mention->set_begin(static_cast<uint32_t>(candidate.begin));
    mention->set_end(static_cast<uint32_t>(candidate.end));
    mention->set_utf16_begin(utf16[2 * i]);
    mention->set_utf16_end(utf16[2 * i + 1]);
    mention->set_confidence(candidate.confidence);
    mention->set_normalized_value(candidate.normalized_value);
    mention->set_source(candidate.source);
    if (!candidate.entity_id.empty() && recorded.insert(candidate.entity_id).second) {
      *response->add_entities() = EntityRecord(*linker, candidate, surface);
    }
  }

  absl::flat_hash_set<std::string> title_entity_ids;
  if (!request.title().empty()) {
    std::vector<Candidate> in_title;
    RETURN_IF_ERROR(linker->FindMentions(request.title(), language, &in_title));
    for (const Candidate& candidate : in_title) title_entity_ids.insert(candidate.entity_id);
  }
  std::vector<common::v1::Mention> as_list(response->mentions().begin(),
                                           response->mentions().end());
  for (common::v1::DocumentEntity& entity : RankEntities(as_list, text.size(), title_entity_ids)) {
    *response->add_document_entities() = std::move(entity);
  }
  return absl::OkStatus();
}

}  // namespace newsgraph::extract
