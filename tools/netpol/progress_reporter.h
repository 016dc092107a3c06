// A progress line on a terminal's standard error ("reading 1234/5000 files…"),
// rewritten in place with \r, for work that takes long enough to wonder
// about: nothing appears before `delay` has passed, and Finish() clears the
// line so the command's own output starts on a clean line. Silent when the
// stream is no terminal (pipes, CI logs, tests). The clock is injected, so
// tests drive it without timers.
#ifndef NETPOL_TOOLS_PROGRESS_REPORTER_H_
#define NETPOL_TOOLS_PROGRESS_REPORTER_H_

#include <chrono>
#include <cstddef>
#include <functional>
#include <ostream>
#include <string>
#include <string_view>

namespace netpol::cli {

class ProgressReporter {
 public:
  using Clock = std::function<std::chrono::steady_clock::time_point()>;

  /// Reports on `err` when `enabled` (err is a terminal), once `delay` has
  /// passed since construction, at most every `interval`.
  ProgressReporter(std::ostream& err, bool enabled, Clock clock = std::chrono::steady_clock::now,
                   std::chrono::milliseconds delay = std::chrono::seconds(1),
                   std::chrono::milliseconds interval = std::chrono::milliseconds(100));
  ProgressReporter(const ProgressReporter&) = delete;
  ProgressReporter& operator=(const ProgressReporter&) = delete;
  ~ProgressReporter() { Finish(); }

  /// "VERB DONE/TOTAL NOUN…", e.g. Update("reading", 12, 500, "files").
  void Update(std::string_view verb, std::size_t done, std::size_t total, std::string_view noun);
  /// Clears the line if one was shown; later updates show nothing.
  void Finish();

 private:
  std::ostream& err_;
  bool enabled_;
  Clock clock_;
  std::chrono::steady_clock::time_point start_;
  std::chrono::steady_clock::time_point last_shown_;
  std::chrono::milliseconds delay_;
  std::chrono::milliseconds interval_;
  std::size_t shown_width_ = 0;  // of the line on screen; 0: none
};

}  // namespace netpol::cli

#endif  // NETPOL_TOOLS_PROGRESS_REPORTER_H_
