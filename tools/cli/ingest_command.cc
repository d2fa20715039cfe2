// `newsgraph ingest FILE|DIR|-`: streams article files to IngestStream. A writer thread reads
// files lazily and writes one request each (blocking when the server's flow-control window is
// full), while this thread reads the results in order and redraws the progress line.
#include <grpcpp/client_context.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <deque>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <thread>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/rpc/channel.h"
#include "newsgraph/ingest/v1/ingest_service.grpc.pb.h"
#include "tools/cli/article_file.h"
#include "tools/cli/commands.h"
#include "tools/cli/output.h"
#include "tools/cli/progress.h"

namespace newsgraph::cli {
namespace {

struct ArticleFile {
  std::filesystem::path path;  // "-" for stdin
  int64_t bytes = 0;
};

bool IsHtml(const std::filesystem::path& path) {
  return path.extension() == ".html" || path.extension() == ".htm";
}

// The article files of `path`: the file itself, or a directory's *.txt and *.html files
// (recursively), sorted so a rerun sends them in the same order.
std::vector<ArticleFile> ListArticleFiles(const std::string& path) {
  std::vector<ArticleFile> files;
  std::error_code error;
  if (path == "-") {
    files.push_back({"-", 0});
  } else if (std::filesystem::is_directory(path)) {
    for (const auto& entry : std::filesystem::recursive_directory_iterator(path, error)) {
      if (!entry.is_regular_file(error)) continue;
      if (entry.path().extension() != ".txt" && !IsHtml(entry.path())) continue;
      files.push_back({entry.path(), static_cast<int64_t>(entry.file_size(error))});
    }
    std::sort(files.begin(), files.end(),
              [](const ArticleFile& a, const ArticleFile& b) { return a.path < b.path; });
  } else {
    files.push_back({path, static_cast<int64_t>(std::filesystem::file_size(path, error))});
  }
  return files;
}

absl::StatusOr<ingest::v1::IngestRequest> ReadArticle(const ArticleFile& file) {
  std::string content;
  if (file.path == "-") {
    content.assign(std::istreambuf_iterator<char>(std::cin), {});
  } else {
    std::ifstream in(file.path, std::ios::binary);
    if (!in) return absl::NotFoundError(absl::StrCat("cannot read ", file.path.string()));
    content.assign(std::istreambuf_iterator<char>(in), {});
  }
  if (IsHtml(file.path)) {
    ingest::v1::IngestRequest request;
    request.set_text(std::move(content));
    request.set_content_type(ingest::v1::CONTENT_TYPE_HTML);
    return request;
  }
  return ParseArticle(content, file.path.filename().string());
}

std::string DisplayName(const ArticleFile& file) {
  return file.path == "-" ? "(stdin)" : file.path.filename().string();
}

std::string OutcomeText(const ingest::v1::IngestResponse& response) {
  switch (response.outcome()) {
    case ingest::v1::INGEST_OUTCOME_DUPLICATE:
      return absl::StrCat("duplicate of doc ", response.duplicate_of());
    case ingest::v1::INGEST_OUTCOME_UNCHANGED:
      return "unchanged (already stored)";
    case ingest::v1::INGEST_OUTCOME_NEW_VERSION:
      return "new version";
    default:
      return response.state() == common::v1::DOCUMENT_STATE_PENDING_EXTRACTION
                 ? "stored, entities pending (extract unavailable)"
                 : "stored";
  }
}

// A failure message with its free-standing numbers blanked, so "invalid UTF-8 at byte offset
// 17" and "... 90" are counted as one reason in the summary (the 8 of "UTF-8" stays).
std::string ReasonOf(std::string_view message) {
  std::string reason;
  for (size_t i = 0; i < message.size();) {
    bool free_standing = i == 0 || message[i - 1] == ' ' || message[i - 1] == '(';
    if (free_standing && absl::ascii_isdigit(message[i])) {
      while (i < message.size() && absl::ascii_isdigit(message[i])) ++i;
      reason += 'N';
    } else {
      reason += message[i++];
    }
  }
  return reason;
}

// What the writer thread has sent and the reader has yet to match with a result.
class InFlight {
 public:
  void Push(ArticleFile file) {
    absl::MutexLock lock(&mutex_);
    files_.push_back(std::move(file));
  }
  ArticleFile Pop() {
    absl::MutexLock lock(&mutex_);
    ArticleFile file = std::move(files_.front());
    files_.pop_front();
    return file;
  }

 private:
  absl::Mutex mutex_;
  std::deque<ArticleFile> files_ ABSL_GUARDED_BY(mutex_);
};

}  // namespace

int Commands::Ingest(const std::string& path) {
  if (path != "-" && !std::filesystem::exists(path)) {
    err_ << "newsgraph: " << path << ": no such file or directory\n";
    return 1;
  }
  std::vector<ArticleFile> files = ListArticleFiles(path);
  // A directory is a bulk load: a summary (and progress on a terminal), and a line per document
  // only with --verbose. A single file always gets its line.
  const bool per_document = options_.verbose || options_.json || files.size() == 1;
  int64_t total_bytes = 0;
  for (const ArticleFile& file : files) total_bytes += file.bytes;

  auto stub = ingest::v1::IngestService::NewStub(Channel(options_.ingest_address));
  grpc::ClientContext context;  // no deadline: a bulk load takes as long as it takes
  Authorize(&context);
  auto stream = stub->IngestStream(&context);

  InFlight in_flight;
  absl::Mutex failures_mutex;
  std::map<std::string, int> failure_reasons;  // guarded by failures_mutex
  int failed = 0;                              // guarded by failures_mutex
  auto record_failure = [&](const std::string& name, std::string_view message) {
    absl::MutexLock lock(&failures_mutex);
    err_ << "newsgraph: " << name << ": " << message << "\n";
    ++failure_reasons[ReasonOf(message)];
    ++failed;
  };

  std::atomic<bool> all_written{false};
  std::thread writer([&] {
    for (const ArticleFile& file : files) {
      absl::StatusOr<ingest::v1::IngestRequest> request = ReadArticle(file);
      if (!request.ok()) {
        record_failure(DisplayName(file), std::string(request.status().message()));
        continue;
      }
      ArticleFile sent = file;
      if (sent.bytes == 0) sent.bytes = static_cast<int64_t>(request->text().size());
      in_flight.Push(std::move(sent));
      if (!stream->Write(*request)) return;  // the stream broke; the reader reports why
    }
    stream->WritesDone();
    all_written = true;
  });

  int stored = 0, unchanged = 0, duplicates = 0, acknowledged = 0;
  int64_t done_bytes = 0;
  absl::Time start = absl::Now();
  absl::Time last_redraw = absl::InfinitePast();
  auto redraw = [&](bool final) {
    if (!options_.progress || per_document) return;
    absl::Time now = absl::Now();
    if (!final && now - last_redraw < absl::Milliseconds(100)) return;
    last_redraw = now;
    ProgressSnapshot snapshot{.done_items = acknowledged,
                              .total_items = static_cast<int64_t>(files.size()),
                              .done_bytes = done_bytes,
                              .total_bytes = total_bytes,
                              .elapsed = now - start};
    absl::MutexLock lock(&failures_mutex);
    err_ << "\r" << FormatProgress(snapshot) << "\x1b[K" << (final ? "\n" : "") << std::flush;
  };

  ingest::v1::IngestResult result;
  while (stream->Read(&result)) {
    ArticleFile file = in_flight.Pop();
    done_bytes += file.bytes;
    ++acknowledged;
    if (result.code() != 0) {
      record_failure(DisplayName(file), result.message());
      redraw(false);
      continue;
    }
    const ingest::v1::IngestResponse& document = result.response();
    switch (document.outcome()) {
      case ingest::v1::INGEST_OUTCOME_DUPLICATE:
        ++duplicates;
        break;
      case ingest::v1::INGEST_OUTCOME_UNCHANGED:
        ++unchanged;
        break;
      default:
        ++stored;
    }
    if (options_.json) {
      out_ << Json(document) << "\n";
    } else if (per_document) {
      out_ << absl::StrFormat("%-32s → doc %-5s %-3s %2d mentions  %s\n", DisplayName(file),
                              document.document_id(), document.language(), document.mention_count(),
                              OutcomeText(document));
    }
    redraw(false);
  }
  // Results stopped before everything was written: the stream broke. Cancelling unblocks a
  // writer waiting for flow control.
  if (!all_written.load()) context.TryCancel();
  writer.join();
  grpc::Status status = stream->Finish();
  redraw(true);
  if (!status.ok()) {
    err_ << "newsgraph: the stream broke after " << acknowledged
         << " acknowledged documents (those are stored; re-running is safe for files with an "
            "external_id)\n";
    return Fail("ingest", options_.ingest_address, status);
  }
  if (!options_.json) {
    double seconds = std::max(1e-3, absl::ToDoubleSeconds(absl::Now() - start));
    out_ << absl::StrFormat(
        "%d stored, %d unchanged, %d duplicates, %d failed in %.2fs (%.0f docs/s, %.2f MB/s)\n",
        stored, unchanged, duplicates, failed, seconds, acknowledged / seconds,
        done_bytes / seconds / 1e6);
    for (const auto& [reason, count] : failure_reasons) {
      out_ << absl::StrFormat("  failed %5d × %s\n", count, reason);
    }
  }
  return failed == 0 ? 0 : 1;
}

}  // namespace newsgraph::cli
