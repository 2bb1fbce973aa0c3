#pragma once
// The launcher's PID 1 duties, in place of Docker's --init: start the server as a child, forward
// every signal the container gets to it, reap every zombie (orphans are re-parented to PID 1),
// and end with the server's own exit status (128 + N when signal N killed it).
//
// Plain libc. Single-threaded; run() never returns.

namespace berth::launcher {

// Starts `argv[0]` (searched in PATH) with `envp` and supervises it. Exits 127 when the program
// is not found, 126 when it cannot be run, after saying why on stderr.
[[noreturn]] void run(char** argv, char** envp);

}  // namespace berth::launcher
