// The multiplexer lives on the proxy's io thread: a call from another thread aborts, loudly,
// instead of racing with the io thread's calls.
#include <gtest/gtest.h>

#include <thread>

#include "tests/proxy/sessions/multiplexer_harness.h"

namespace berth::proxy::sessions {
namespace {

TEST(SessionMultiplexerThreadDeathTest, CallFromAnotherThreadThanItsOwnAborts) {
  GTEST_FLAG_SET(death_test_style, "threadsafe");
  Harness h;  // attached, and so bound to this thread
  ASSERT_TRUE(h.mux.add_session("s1"));
  EXPECT_DEATH(std::thread([&] { (void)h.mux.add_session("s2"); }).join(),
               "check failed: .*io_thread_");
  EXPECT_DEATH(std::thread([&] {
                 (void)h.mux.from_backend(R"({"jsonrpc":"2.0","method":"notifications/x"})");
               }).join(),
               "check failed: .*io_thread_");
}

}  // namespace
}  // namespace berth::proxy::sessions
