// Process-wide signal set-up for the test server: SIGTERM and SIGINT end the process promptly
// with exit status 0 (what `docker stop` and a supervisor expect), and SIGPIPE is ignored so a
// vanished peer shows up as a write error instead of killing the process.
// Call once from main() before starting any thread: the signal mask is inherited by threads.
#pragma once

namespace berth::test_server {

// Blocks SIGTERM/SIGINT in every thread and starts a watcher thread that waits for them with
// sigwait() and then calls _Exit(0). A blocked signal is also delivered to a container's PID 1,
// which ignores signals it has no handler for.
void exit_on_termination_signals();

}  // namespace berth::test_server
