#include "tools/launcher/supervisor.h"

#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace berth::launcher {
namespace {

// Signals that report a fault of the launcher itself: never blocked, never forwarded.
constexpr int kSynchronous[] = {SIGFPE, SIGILL, SIGSEGV, SIGBUS, SIGABRT, SIGTRAP, SIGSYS};

sigset_t forwarded_signals() {
  sigset_t set;
  sigfillset(&set);
  for (int sig : kSynchronous) sigdelset(&set, sig);
  return set;
}

[[noreturn]] void exec_child(char** argv, char** envp, const sigset_t& original_mask) {
  sigprocmask(SIG_SETMASK, &original_mask, nullptr);
  execvpe(argv[0], argv, envp);
  int code = errno == ENOENT ? 127 : 126;
  fprintf(stderr, "berth-launcher: cannot run %s: %s\n", argv[0], strerror(errno));
  _exit(code);
}

int exit_code(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return 1;
}

// Reaps every child that has ended; true, with `code` set, once `server` is among them.
bool reap(pid_t server, int& code) {
  bool server_done = false;
  for (;;) {
    int status = 0;
    pid_t pid = waitpid(-1, &status, WNOHANG);
    if (pid <= 0) return server_done;  // none left to reap now (or no children at all)
    if (pid == server) {
      code = exit_code(status);
      server_done = true;
    }
  }
}

}  // namespace

void run(char** argv, char** envp) {
  // As PID 1 the kernel hands it every orphan anyway; elsewhere (tests, `docker run --pid host`)
  // this makes it so.
  prctl(PR_SET_CHILD_SUBREAPER, 1);
  sigset_t forwarded = forwarded_signals();
  sigset_t original;
  sigprocmask(SIG_BLOCK, &forwarded, &original);
  pid_t server = fork();
  if (server < 0) {
    fprintf(stderr, "berth-launcher: fork failed: %s\n", strerror(errno));
    _exit(126);
  }
  if (server == 0) exec_child(argv, envp, original);
  for (;;) {
    siginfo_t info;
    int sig = sigwaitinfo(&forwarded, &info);
    if (sig < 0) continue;  // EINTR
    if (sig != SIGCHLD) {
      kill(server, sig);
      continue;
    }
    int code = 0;
    if (reap(server, code)) _exit(code);
  }
}

}  // namespace berth::launcher
