#include "proxy/http/connection_slot.h"

namespace berth::proxy::http {

ConnectionSlot ConnectionSlot::take(std::atomic<int>& open, int limit) {
  if (open.fetch_add(1) >= limit) {
    open.fetch_sub(1);
    return ConnectionSlot();
  }
  return ConnectionSlot(open);
}

ConnectionSlot& ConnectionSlot::operator=(ConnectionSlot&& other) noexcept {
  if (this != &other) {
    release();
    open_ = std::exchange(other.open_, nullptr);
  }
  return *this;
}

void ConnectionSlot::release() {
  if (open_ != nullptr) std::exchange(open_, nullptr)->fetch_sub(1);
}

}  // namespace berth::proxy::http
