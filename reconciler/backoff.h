#pragma once
// Crash-loop backoff for one server, as Kubernetes does it for pods: the first restart happens at
// once, then the delay doubles from `restart.initialDelay` up to `restart.maxDelay`, with ±10%
// jitter so that servers that crashed together do not restart together; ten minutes of health
// forgive every past failure. A plain value; the reconciler guards it with the server's state.

#include <chrono>
#include <random>

#include "base/clock.h"
#include "specs/server_spec.h"

namespace berth::reconciler {

inline constexpr std::chrono::minutes kBackoffResetAfter{10};

class Backoff {
 public:
  // Records a failure (a death, an unhealthy verdict, a failed create) at `now` and returns when
  // the next attempt may start.
  Clock::Time record_failure(Clock::Time now, const specs::RestartPolicy& policy,
                             std::mt19937& random);
  // Records that the server has been healthy since `since`; after kBackoffResetAfter of health,
  // the failure count starts over.
  void record_healthy(Clock::Time since, Clock::Time now);

  int failures() const { return failures_; }
  Clock::Time not_before() const { return not_before_; }
  bool waiting(Clock::Time now) const { return now < not_before_; }

 private:
  int failures_ = 0;
  Clock::Time not_before_{};
};

// The delay before restart number `failures` (1 = the first): 0, then initial × 2^(n-2) capped
// at max, then ±10% jitter. Exposed for tests.
std::chrono::milliseconds backoff_delay(int failures, const specs::RestartPolicy& policy,
                                        std::mt19937& random);

}  // namespace berth::reconciler
