#include "proxy/backends/attach_channels.h"

namespace berth::proxy {

AttachChannels::~AttachChannels() {
  for (auto& [id, backend] : backends_) backend->close();
}

std::shared_ptr<AttachChannel> AttachChannels::get(const std::string& container_id,
                                                   const std::string& server) {
  BERTH_CHECK_ON_THREAD(io_thread_);
  auto& slot = backends_[container_id];
  if (!slot || slot->closed()) {
    auto& ring = stderr_rings_[server];
    if (!ring) ring = std::make_shared<StderrRing>();
    slot = AttachChannel::create(client_, container_id, server, ring);
    slot->attach(attach_timeout_);
  }
  return slot;
}

std::shared_ptr<AttachChannel> AttachChannels::find(const std::string& container_id) const {
  auto it = backends_.find(container_id);
  return it != backends_.end() && !it->second->closed() ? it->second : nullptr;
}

std::shared_ptr<const StderrRing> AttachChannels::stderr_of(const std::string& server) const {
  auto it = stderr_rings_.find(server);
  return it == stderr_rings_.end() ? nullptr : it->second;
}

void AttachChannels::forget(const std::string& container_id) {
  BERTH_CHECK_ON_THREAD(io_thread_);
  auto it = backends_.find(container_id);
  if (it == backends_.end()) return;
  auto backend = std::move(it->second);
  backends_.erase(it);
  backend->close();
}

}  // namespace berth::proxy
