#pragma once
// Result<T>: the value of a fallible call, or an error message a user can act on.
//
// berth does not let exceptions cross module boundaries; calls that can fail for reasons outside
// the program (bad input, I/O, Docker) return a Result instead. A Result is a plain value type and
// carries no thread affinity.

#include <string>
#include <utility>
#include <variant>

namespace berth {

// `code` classifies an error where callers must tell kinds apart; for Docker Engine API calls it
// is the HTTP status (404 not found, 409 conflict), 0 when no answer came.
struct Error {
  std::string message;
  int code = 0;
};

template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::move(value)) {}      // NOLINT(google-explicit-constructor)
  Result(Error error) : state_(std::move(error)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return state_.index() == 0; }
  explicit operator bool() const { return ok(); }

  // REQUIRES: ok()
  const T& value() const& { return std::get<0>(state_); }
  T& value() & { return std::get<0>(state_); }
  T&& value() && { return std::get<0>(std::move(state_)); }
  const T& operator*() const& { return value(); }
  const T* operator->() const { return &value(); }

  // REQUIRES: !ok()
  const std::string& error() const { return std::get<1>(state_).message; }
  int error_code() const { return std::get<1>(state_).code; }
  const Error& error_value() const { return std::get<1>(state_); }

 private:
  std::variant<T, Error> state_;
};

// For calls that return nothing but may fail.
struct Ok {};
using Status = Result<Ok>;
inline Status ok_status() { return Ok{}; }

}  // namespace berth
