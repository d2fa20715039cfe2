// Test-only: runs one of the project's binaries as a child process, with its stdout and stderr
// going to a log file, and kills it (SIGKILL) if the test did not stop it.
#ifndef NEWSGRAPH_COMMON_TESTING_SUBPROCESS_H_
#define NEWSGRAPH_COMMON_TESTING_SUBPROCESS_H_

#include <sys/types.h>

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace newsgraph::testing {

class Subprocess {
 public:
  // Starts `argv[0]` with `argv`; output is appended to `log_path`. Internal when fork/exec fails
  // (exec failure shows as exit status 127).
  static absl::StatusOr<Subprocess> Start(const std::vector<std::string>& argv,
                                          const std::string& log_path);
  Subprocess(Subprocess&& other) noexcept;
  Subprocess& operator=(Subprocess&& other) noexcept;
  ~Subprocess();  // SIGKILL + reap when still running

  // Sends `signal` and waits up to `timeout` for the exit; returns the wait status, or
  // DeadlineExceeded (the process is then SIGKILLed).
  absl::StatusOr<int> Stop(int signal, absl::Duration timeout);
  bool running() const { return pid_ > 0; }
  pid_t pid() const { return pid_; }

 private:
  explicit Subprocess(pid_t pid) : pid_(pid) {}
  pid_t pid_ = -1;
};

// Polls for a port file written by a server started with --port_file; returns the port.
// DeadlineExceeded when it does not appear within `timeout`.
absl::StatusOr<int> WaitForPortFile(const std::string& path, absl::Duration timeout);

// Runs a command through /bin/sh, returns its stdout; the exit status goes to *exit_status.
std::string RunCommand(const std::string& command, int* exit_status);

}  // namespace newsgraph::testing

#endif  // NEWSGRAPH_COMMON_TESTING_SUBPROCESS_H_
