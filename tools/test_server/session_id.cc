#include "tools/test_server/session_id.h"

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <mutex>
#include <random>

namespace berth::test_server {
namespace {

std::uint64_t seed() {
  auto now =
      static_cast<std::uint64_t>(std::chrono::steady_clock::now().time_since_epoch().count());
  try {
    std::random_device device;
    return (static_cast<std::uint64_t>(device()) << 32) ^ device() ^ now;
  } catch (const std::exception&) {
    return now;  // no entropy source: ids stay unique, if guessable.
  }
}

}  // namespace

std::string new_session_id() {
  static std::mutex mutex;
  static std::mt19937_64 engine(seed());  // GUARDED_BY(mutex)
  std::uint64_t high, low;
  {
    std::lock_guard lock(mutex);
    high = engine();
    low = engine();
  }
  char text[33];
  std::snprintf(text, sizeof text, "%016llx%016llx", static_cast<unsigned long long>(high),
                static_cast<unsigned long long>(low));
  return text;
}

}  // namespace berth::test_server
