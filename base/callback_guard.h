#pragma once
// CallbackGuard: for callbacks an object hands to others (a prober, another thread) that may run
// after the object is gone. wrap(f) returns a callable that runs f only while the guard lives:
// the guard's destructor waits for a wrapped call running on another thread to return, and
// every later call does nothing. So f may use the owner's `this` safely. Make the guard the
// owner's last member, so it is destroyed first, while f's members are still there.
//
//   prober_.probe(target, guard_.wrap([this, name](Status result) { record(name, result); }));
//
// Thread safety: wrapped callables may run on any thread; they are serialized with each other
// and with the destructor by one mutex, so a wrapped call must not run (or wait for) another
// call wrapped by the same guard. Single-threaded code (the proxy's io thread) needs no mutex:
// a weak_ptr to a token the owner holds does the job there.

#include <memory>
#include <utility>

#include "base/mutex.h"

namespace berth {

class CallbackGuard {
 public:
  CallbackGuard() = default;
  CallbackGuard(const CallbackGuard&) = delete;
  CallbackGuard& operator=(const CallbackGuard&) = delete;
  ~CallbackGuard() {
    MutexLock lock(state_->mutex);
    state_->alive = false;
  }

  template <typename F>
  auto wrap(F f) const {
    return [state = state_, f = std::move(f)](auto&&... args) mutable {
      MutexLock lock(state->mutex);
      if (state->alive) f(std::forward<decltype(args)>(args)...);
    };
  }

 private:
  struct State {
    Mutex mutex;
    bool alive GUARDED_BY(mutex) = true;
  };
  std::shared_ptr<State> state_ = std::make_shared<State>();
};

}  // namespace berth
