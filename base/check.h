#pragma once
// BERTH_CHECK: a loud check of a true invariant, after Envoy's RELEASE_ASSERT and glog's CHECK.
//
//   BERTH_CHECK(processing_.contains(name)) << "done() for " << name << ", which is not worked";
//
// When the condition is false it prints "file:line: check failed: <condition> <message>" to
// stderr and aborts, in every build type: an invariant that does not hold means the program's
// own state is wrong, and going on would only hide where. The message is built only then.
//
// For invariants only: what the program itself guarantees (a lock order, a state machine's
// step, "this runs on the io thread"). Never for input from outside (files, requests, Docker,
// the network): those are expected faults, answered with a Result/Status.

#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>

namespace berth::check_internal {

// Collects the message and, when destroyed at the end of the failing statement, reports and
// aborts.
class CheckFailure {
 public:
  CheckFailure(const char* file, int line, const char* condition) {
    stream_ << file << ":" << line << ": check failed: " << condition;
  }
  CheckFailure(const CheckFailure&) = delete;
  CheckFailure& operator=(const CheckFailure&) = delete;
  [[noreturn]] ~CheckFailure() {
    const std::string text = stream_.str();
    std::fprintf(stderr, "%s\n", text.c_str());
    std::fflush(stderr);
    std::abort();
  }

  template <typename T>
  CheckFailure& operator<<(const T& value) {
    if (!spaced_) stream_ << " ";
    spaced_ = true;
    stream_ << value;
    return *this;
  }

 private:
  std::ostringstream stream_;
  bool spaced_ = false;
};

// Turns `CheckFailure(...) << ...` into void, so both arms of BERTH_CHECK's ?: agree. `&` binds
// more loosely than `<<`, so the whole message is streamed first.
struct Voidify {
  void operator&(const CheckFailure&) const {}
};

}  // namespace berth::check_internal

#define BERTH_CHECK(condition)                       \
  (condition) ? static_cast<void>(0)                 \
              : ::berth::check_internal::Voidify() & \
                    ::berth::check_internal::CheckFailure(__FILE__, __LINE__, #condition)
