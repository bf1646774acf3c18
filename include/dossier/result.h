// Errors as values. No exception crosses the public API: every fallible call
// returns a Status or a Result<T>, which is cheap on success and carries a
// message for people on failure.
#ifndef DOSSIER_RESULT_H_
#define DOSSIER_RESULT_H_

#include <cassert>
#include <optional>
#include <string>
#include <utility>

namespace dossier {

// What kind of failure, which also fixes the CLI's exit code (doc/architecture.md).
enum class ErrorKind {
  kNegative = 1,     // a negative answer: not ready, integrity failure, pack does not verify
  kInput = 2,        // usage or input error: bad date, unknown clause, illegal transition
  kOperational = 3,  // I/O, git, lock
};

class Error {
 public:
  Error(ErrorKind kind, std::string message) : kind_(kind), message_(std::move(message)) {}

  static Error Input(std::string m) { return Error(ErrorKind::kInput, std::move(m)); }
  static Error Operational(std::string m) { return Error(ErrorKind::kOperational, std::move(m)); }
  static Error Negative(std::string m) { return Error(ErrorKind::kNegative, std::move(m)); }

  ErrorKind kind() const { return kind_; }
  const std::string& message() const { return message_; }
  int exit_code() const { return static_cast<int>(kind_); }

  // Returns a copy whose message is prefixed with `context: `.
  Error WithContext(const std::string& context) const {
    return Error(kind_, context + ": " + message_);
  }

 private:
  ErrorKind kind_;
  std::string message_;
};

// Success, or an Error.
class Status {
 public:
  Status() = default;
  Status(Error e) : error_(std::move(e)) {}  // NOLINT: implicit by design

  static Status Ok() { return Status(); }
  bool ok() const { return !error_.has_value(); }
  explicit operator bool() const { return ok(); }
  // REQUIRES: !ok()
  const Error& error() const {
    assert(error_);
    return *error_;
  }

 private:
  std::optional<Error> error_;
};

// A value of type T, or an Error.
template <typename T>
class Result {
 public:
  Result(T value) : value_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Error e) : error_(std::move(e)) {}      // NOLINT: implicit by design

  bool ok() const { return value_.has_value(); }
  explicit operator bool() const { return ok(); }

  // REQUIRES: ok()
  const T& value() const& {
    assert(value_);
    return *value_;
  }
  T& value() & {
    assert(value_);
    return *value_;
  }
  T&& value() && {
    assert(value_);
    return std::move(*value_);
  }
  const T& operator*() const& { return value(); }
  T& operator*() & { return value(); }
  const T* operator->() const { return &value(); }
  T* operator->() { return &value(); }

  // REQUIRES: !ok()
  const Error& error() const {
    assert(error_);
    return *error_;
  }
  Status status() const { return ok() ? Status() : Status(*error_); }

 private:
  std::optional<T> value_;
  std::optional<Error> error_;
};

}  // namespace dossier

// Propagates a failed Status/Result from the enclosing function.
#define DOSSIER_RETURN_IF_ERROR(expr)                          \
  do {                                                         \
    auto dossier_status_ = (expr);                             \
    if (!dossier_status_.ok()) return dossier_status_.error(); \
  } while (0)

#endif  // DOSSIER_RESULT_H_
