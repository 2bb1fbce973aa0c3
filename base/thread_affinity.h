#pragma once
// ThreadAffinity: the one thread an object may be used from, checked at run time. The proxy's
// objects live on its io_context, which one thread runs; a call from another thread (the
// reconciler's, a test's) would race with the handlers there, silently. Their public entry
// points check instead:
//
//   ThreadAffinity io_thread_;  // member
//   void MultiplexedFront::post(...) { BERTH_CHECK_ON_THREAD(io_thread_); ... }
//
// The affinity binds to the first thread that checks it (objects are often made on one thread
// and then used only on the io thread); every later check from another thread fails loudly
// (BERTH_CHECK: file:line, abort), in every build type: the check is one atomic load and a
// compare. A copy starts unbound.
//
// Thread safety: check from any thread; that is its point.

#include <atomic>
#include <thread>

#include "base/check.h"

namespace berth {

class ThreadAffinity {
 public:
  ThreadAffinity() = default;
  ThreadAffinity(const ThreadAffinity&) {}
  ThreadAffinity& operator=(const ThreadAffinity&) { return *this; }

  // True on the bound thread; the first call binds the calling thread.
  [[nodiscard]] bool on_bound_thread() const {
    const std::thread::id self = std::this_thread::get_id();
    std::thread::id owner = owner_.load(std::memory_order_relaxed);
    if (owner == self) return true;
    if (owner != std::thread::id()) return false;
    return owner_.compare_exchange_strong(owner, self) || owner == self;
  }
  // Binds to the calling thread from now on (whatever thread it was bound to).
  void bind_to_this_thread() { owner_.store(std::this_thread::get_id()); }

 private:
  mutable std::atomic<std::thread::id> owner_{};
};

}  // namespace berth

// Aborts unless called on the thread `affinity` is bound to (binding it on first use).
#define BERTH_CHECK_ON_THREAD(affinity)     \
  BERTH_CHECK((affinity).on_bound_thread()) \
      << "called from another thread than the one " #affinity " is bound to"
