#include "services/ingest/core/cleaning/cleaner.h"

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "common/base/status_macros.h"
#include "common/text/segmenter.h"
#include "services/ingest/core/cleaning/boilerplate.h"
#include "services/ingest/core/cleaning/date_line.h"
#include "services/ingest/core/cleaning/whitespace.h"

namespace newsgraph::ingest {
namespace {

using cleaning::RelatedKind;

// Dates and headlines are only looked for this far into the text: further down, a short line or
// a date is part of the article (a subheading, a timeline entry), not page furniture.
constexpr int kLeadingLines = 5;

constexpr char kDateHeader[] = "date_header";
constexpr char kTitle[] = "title";
constexpr char kTitleRepeat[] = "title_repeat";
constexpr char kShareWidget[] = "share_widget";
constexpr char kSiteFooter[] = "site_footer";
constexpr char kRelatedLinks[] = "related_links";
constexpr char kEmpty[] = "empty";

struct LineInfo {
  bool blank = true;
  // Short enough to be looked at (cleaning::kMaxClassifiedBytes); longer lines are content.
  bool classified = false;
  // Set only for classified lines: the sentence guard said this line is article prose.
  bool sentence = false;
  std::vector<std::string> terms;  // Terms() of a classified line.
  const char* reason = nullptr;    // Why the line is removed; null when it is kept.
};

class Cleaner {
 public:
  Cleaner(std::vector<std::string> lines, std::string known_title)
      : lines_(std::move(lines)), info_(lines_.size()), title_(std::move(known_title)) {}

  absl::StatusOr<CleanedText> Run() {
    RETURN_IF_ERROR(Analyze());
    MarkDebris();
    ScanLeadingLines();
    MarkTitleRepeats();
    MarkRelatedTail();
    return Result();
  }

 private:
  bool Removed(size_t i) const { return info_[i].reason != nullptr; }
  bool HeadlineLike(size_t i) const {
    return info_[i].classified && cleaning::IsHeadlineLike(lines_[i], info_[i].terms);
  }

  // Segments the short lines once; everything later reuses the terms.
  absl::Status Analyze() {
    if (!title_.empty()) {
      ASSIGN_OR_RETURN(std::vector<std::string> title_terms, text::Terms(title_));
      title_key_ = cleaning::TitleKey(title_terms);
      title_known_ = !title_key_.empty();
    }
    for (size_t i = 0; i < lines_.size(); ++i) {
      LineInfo& info = info_[i];
      info.blank = lines_[i].empty();
      if (info.blank || lines_[i].size() >= cleaning::kMaxClassifiedBytes) continue;
      info.classified = true;
      ASSIGN_OR_RETURN(info.terms, text::Terms(lines_[i]));
      info.sentence = cleaning::IsContentSentence(lines_[i], info.terms.size());
    }
    return absl::OkStatus();
  }

  // Page furniture that is recognizable on its own, wherever it is.
  void MarkDebris() {
    for (size_t i = 0; i < lines_.size(); ++i) {
      LineInfo& info = info_[i];
      if (!info.classified || info.sentence) continue;
      const std::string& line = lines_[i];
      if (info.terms.empty()) {
        info.reason = kEmpty;
      } else if (cleaning::IsShareWidget(line, info.terms)) {
        info.reason = kShareWidget;
      } else if (cleaning::IsSiteFooter(line, info.terms)) {
        info.reason = kSiteFooter;
      } else if (const RelatedKind kind = cleaning::ClassifyRelated(line, info.terms);
                 kind != RelatedKind::kNone) {
        info.reason = kRelatedLinks;
        if (kind == RelatedKind::kHeading) related_headings_.push_back(i);
      }
    }
  }

  // The date header and the headline, among the first kLeadingLines non-empty lines. Stops at the
  // first line that is clearly article text, so a date quoted further down is never taken.
  void ScanLeadingLines() {
    std::vector<size_t> title_copies;  // Leading lines with the found title's key.
    int seen = 0;
    for (size_t i = 0; i < lines_.size() && seen < kLeadingLines; ++i) {
      LineInfo& info = info_[i];
      if (info.blank) continue;
      ++seen;
      if (Removed(i)) continue;
      if (!info.classified || info.sentence) break;
      if (std::optional<FoundDate> date = cleaning::ParseDateLine(lines_[i])) {
        info.reason = kDateHeader;
        if (!date_.has_value()) date_ = date;
        continue;
      }
      const std::string key = cleaning::TitleKey(info.terms);
      if (!title_key_.empty() && key == title_key_) {
        if (title_known_) {
          info.reason = kTitleRepeat;
        } else {
          title_copies.push_back(i);
        }
        continue;
      }
      if (title_key_.empty() && CouldBeFoundTitle(i)) {
        title_key_ = key;
        title_copies.push_back(i);
        continue;
      }
      // A headline-like line other than the title (a kicker, a byline) does not end the header
      // block, but anything longer does.
      if (!HeadlineLike(i)) break;
    }
    if (title_copies.empty()) return;
    // Keep the best-written copy: scrapers often put the diacritic-less copy first.
    size_t best = title_copies.front();
    int best_score = cleaning::DiacriticScore(lines_[best]);
    for (size_t i : title_copies) {
      info_[i].reason = kTitleRepeat;
      const int score = cleaning::DiacriticScore(lines_[i]);
      if (score > best_score) {
        best = i;
        best_score = score;
      }
    }
    info_[best].reason = kTitle;
    title_ = lines_[best];
  }

  // A found title needs two real words: a lone word or a label with numbers ("date 2025-13-45",
  // which failed as a date) is too little evidence to take a line out of the body.
  bool CouldBeFoundTitle(size_t i) const {
    if (!HeadlineLike(i) || ContinuesOnNextLine(i)) return false;
    int words = 0;
    for (const std::string& term : info_[i].terms) {
      if (!absl::ascii_isdigit(static_cast<unsigned char>(term[0]))) ++words;
    }
    return words >= 2;
  }

  // True when line i is immediately followed by a line that starts in lowercase: then i is the
  // first line of a hard-wrapped paragraph, not a headline.
  bool ContinuesOnNextLine(size_t i) const {
    return i + 1 < lines_.size() && !info_[i + 1].blank && cleaning::StartsLowercase(lines_[i + 1]);
  }

  void MarkTitleRepeats() {
    if (title_key_.empty()) return;
    for (size_t i = 0; i < lines_.size(); ++i) {
      const LineInfo& info = info_[i];
      if (Removed(i) || !info.classified || info.sentence) continue;
      if (cleaning::TitleKey(info.terms) == title_key_) info_[i].reason = kTitleRepeat;
    }
  }

  // After a bare "Related" heading, the headlines it lists are debris too — but only when nothing
  // but such lines and other debris follows it, so a heading inside the article cannot take real
  // paragraphs with it.
  void MarkRelatedTail() {
    if (related_headings_.empty()) return;
    // tail_ok[i]: every non-empty line from i to the end is removed or headline-like.
    std::vector<bool> tail_ok(lines_.size() + 1, true);
    for (size_t i = lines_.size(); i-- > 0;) {
      const bool ok = info_[i].blank || Removed(i) || HeadlineLike(i);
      tail_ok[i] = ok && tail_ok[i + 1];
    }
    for (size_t heading : related_headings_) {
      if (!tail_ok[heading + 1]) continue;
      for (size_t i = heading + 1; i < lines_.size(); ++i) {
        if (!info_[i].blank && !Removed(i)) info_[i].reason = kRelatedLinks;
      }
      break;
    }
  }

  CleanedText Result() {
    CleanedText result;
    std::vector<bool> removed(lines_.size(), false);
    for (size_t i = 0; i < lines_.size(); ++i) {
      if (!Removed(i)) continue;
      removed[i] = true;
      const std::string_view reason = info_[i].reason;
      if (!result.removed.empty() && result.removed.back().end_line == static_cast<int>(i) &&
          result.removed.back().reason == reason) {
        ++result.removed.back().end_line;
      } else {
        result.removed.push_back(
            {static_cast<int>(i), static_cast<int>(i) + 1, std::string(reason)});
      }
    }
    result.body = cleaning::AssembleBody(lines_, removed);
    result.title = std::move(title_);
    result.date = date_;
    return result;
  }

  std::vector<std::string> lines_;
  std::vector<LineInfo> info_;
  std::string title_;      // Known title, or the found one once ScanLeadingLines ran.
  std::string title_key_;  // TitleKey of title_; "" while no title is known or found.
  bool title_known_ = false;
  std::optional<FoundDate> date_;
  std::vector<size_t> related_headings_;
};

}  // namespace

absl::StatusOr<CleanedText> CleanText(std::string_view raw, const CleanerOptions& options) {
  ASSIGN_OR_RETURN(std::string known_title,
                   cleaning::NormalizeInline(options.known_title, "known_title"));
  ASSIGN_OR_RETURN(std::vector<std::string> lines, cleaning::NormalizeLines(raw));
  return Cleaner(std::move(lines), std::move(known_title)).Run();
}

}  // namespace newsgraph::ingest
