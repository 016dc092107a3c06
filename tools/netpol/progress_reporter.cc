#include "progress_reporter.h"

#include <algorithm>

#include <fmt/format.h>

namespace netpol::cli {

ProgressReporter::ProgressReporter(std::ostream& err, bool enabled, Clock clock,
                                   std::chrono::milliseconds delay,
                                   std::chrono::milliseconds interval)
    : err_(err),
      enabled_(enabled),
      clock_(std::move(clock)),
      start_(clock_()),
      delay_(delay),
      interval_(interval) {}

void ProgressReporter::Update(std::string_view verb, std::size_t done, std::size_t total,
                              std::string_view noun) {
  if (!enabled_) return;
  const auto now = clock_();
  if (now - start_ < delay_) return;
  const bool last = done == total;
  if (shown_width_ > 0 && now - last_shown_ < interval_ && !last) return;
  last_shown_ = now;
  const std::string line = fmt::format("{} {}/{} {}\u2026", verb, done, total, noun);
  // Overwrite what a longer previous line left on screen. Width in
  // characters: UTF-8 continuation bytes take no column.
  const std::size_t width = static_cast<std::size_t>(std::count_if(
      line.begin(), line.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
  err_ << "\r" << line << std::string(shown_width_ > width ? shown_width_ - width : 0, ' ')
       << std::flush;
  shown_width_ = std::max(shown_width_, width);
}

void ProgressReporter::Finish() {
  enabled_ = false;
  if (shown_width_ == 0) return;
  err_ << "\r" << std::string(shown_width_, ' ') << "\r" << std::flush;
  shown_width_ = 0;
}

}  // namespace netpol::cli
