#include "reconciler/backoff.h"

#include <algorithm>

namespace berth::reconciler {

std::chrono::milliseconds backoff_delay(int failures, const specs::RestartPolicy& policy,
                                        std::mt19937& random) {
  if (failures <= 1) return std::chrono::milliseconds(0);
  int64_t delay = policy.initial_delay.count();
  const int64_t max = policy.max_delay.count();
  for (int i = 2; i < failures && delay < max; ++i) delay *= 2;
  delay = std::min(delay, max);
  std::uniform_real_distribution<double> jitter(0.9, 1.1);
  return std::chrono::milliseconds(
      static_cast<int64_t>(static_cast<double>(delay) * jitter(random)));
}

Clock::Time Backoff::record_failure(Clock::Time now, const specs::RestartPolicy& policy,
                                    std::mt19937& random) {
  ++failures_;
  not_before_ = now + backoff_delay(failures_, policy, random);
  return not_before_;
}

void Backoff::record_healthy(Clock::Time since, Clock::Time now) {
  if (failures_ > 0 && now - since >= kBackoffResetAfter) {
    failures_ = 0;
    not_before_ = {};
  }
}

}  // namespace berth::reconciler
