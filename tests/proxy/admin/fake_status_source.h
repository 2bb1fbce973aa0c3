#pragma once
// FakeStatusSource: the reconciler's status hand-off with a snapshot the test sets.
// Thread-safe: the server's thread reads what the test thread sets.

#include <memory>

#include "base/mutex.h"
#include "reconciler/handoff/server_status.h"

namespace berth::proxy::admin::testing {

class FakeStatusSource : public reconciler::StatusSource {
 public:
  std::shared_ptr<const reconciler::StatusSnapshot> status() const override {
    MutexLock lock(mutex_);
    return snapshot_;
  }
  void set(reconciler::StatusSnapshot snapshot) {
    MutexLock lock(mutex_);
    snapshot_ = std::make_shared<const reconciler::StatusSnapshot>(std::move(snapshot));
  }

 private:
  mutable Mutex mutex_;
  std::shared_ptr<const reconciler::StatusSnapshot> snapshot_ GUARDED_BY(mutex_);
};

}  // namespace berth::proxy::admin::testing
