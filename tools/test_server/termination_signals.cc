#include "tools/test_server/termination_signals.h"

#include <pthread.h>
#include <signal.h>

#include <cstdio>
#include <cstdlib>
#include <thread>

namespace berth::test_server {

void exit_on_termination_signals() {
  signal(SIGPIPE, SIG_IGN);
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  std::thread([signals] {
    int received = 0;
    sigwait(&signals, &received);
    // Whole lines already written are flushed; a graceful drain is not the point of this server.
    std::fprintf(stderr, "exiting signal=%d\n", received);
    std::_Exit(0);
  }).detach();
}

}  // namespace berth::test_server
