// The library's one error convention: a fallible call returns a Status (no
// value) or a Result<T> (a value or the Status saying why there is none).
// Nothing is thrown across the public API, and both types are
// [[nodiscard]]: ignoring an error is a compile-time warning.
//
// A Status that is not ok() has a code, a one-line message and, for problems
// in the input, the diagnostics with their FILE:LINE:COL. `detail()` holds
// those diagnostics already formatted by the library (each with the source
// line and a caret), so every program prints the same thing.
//
// Threads: plain values and pure functions; a const object may be read from
// any number of threads, a mutated one needs exclusive access. No global state.
#ifndef NETPOL_STATUS_H_
#define NETPOL_STATUS_H_

#include <cstdlib>
#include <cstdio>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "netpol/api.h"
#include "netpol/diagnostic.h"

NETPOL_NAMESPACE_BEGIN

/// What kind of failure a Status reports.
enum class StatusCode {
  kOk,
  /// An argument of the call is malformed ("--dns: expected NAMESPACE/...").
  kInvalidArgument,
  /// The manifests or intent file have errors; see Status::diagnostics().
  kInvalidInput,
  /// A named object or endpoint does not exist.
  kNotFound,
  /// A facility the call needs failed (Graphviz layout, a file write).
  kUnavailable,
};

/// Success, or why a call failed. Cheap to move.
class [[nodiscard]] Status {
 public:
  /// Success.
  Status() = default;
  /// A failure with `code` (not kOk) and a one-line `message`.
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  static Status Ok() { return Status(); }
  static Status InvalidArgument(std::string message) {
    return Status(StatusCode::kInvalidArgument, std::move(message));
  }
  static Status NotFound(std::string message) {
    return Status(StatusCode::kNotFound, std::move(message));
  }
  static Status Unavailable(std::string message) {
    return Status(StatusCode::kUnavailable, std::move(message));
  }
  /// Errors in the input: `diagnostics` (errors, and the warnings that came
  /// with them) and `detail`, their formatted text with source excerpts.
  static Status InvalidInput(std::string message, std::vector<Diagnostic> diagnostics,
                             std::string detail) {
    Status status(StatusCode::kInvalidInput, std::move(message));
    status.diagnostics_ = std::move(diagnostics);
    status.detail_ = std::move(detail);
    return status;
  }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  /// One line, no trailing newline: "1 error in the input; nothing was analysed".
  const std::string& message() const { return message_; }
  /// The diagnostics behind a kInvalidInput status, in input order.
  const std::vector<Diagnostic>& diagnostics() const { return diagnostics_; }
  /// The diagnostics formatted, one per line, errors with the source line
  /// and a caret; empty for other codes.
  const std::string& detail() const { return detail_; }

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
  std::vector<Diagnostic> diagnostics_;
  std::string detail_;
};

/// A value of type T, or the Status saying why there is none.
template <typename T>
class [[nodiscard]] Result {
 public:
  /// Success with a value.
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit on purpose
  /// Failure; `status` must not be ok().
  Result(Status status) : status_(std::move(status)) {  // NOLINT: implicit on purpose
    if (status_.ok()) status_ = Status(StatusCode::kInvalidArgument, "Result built from an ok Status");
  }

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }

  /// The value. Precondition: ok(); checked (aborts with a message otherwise).
  const T& value() const& { return Checked(); }
  T& value() & { return Checked(); }
  T&& value() && { return std::move(Checked()); }
  const T& operator*() const& { return Checked(); }
  T& operator*() & { return Checked(); }
  const T* operator->() const { return &Checked(); }
  T* operator->() { return &Checked(); }

 private:
  const T& Checked() const {
    if (!value_) Die();
    return *value_;
  }
  T& Checked() {
    if (!value_) Die();
    return *value_;
  }
  [[noreturn]] void Die() const {
    std::fprintf(stderr, "netpol: value() of a failed Result: %s\n", status_.message().c_str());
    std::abort();
  }

  std::optional<T> value_;
  Status status_;
};

NETPOL_NAMESPACE_END

#endif  // NETPOL_STATUS_H_
