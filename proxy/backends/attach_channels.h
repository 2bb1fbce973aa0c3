#pragma once
// AttachChannels: the registry of attach streams, one AttachChannel per container id.
//
// get() returns the container's live backend, attaching a new one if there is none or the last
// one closed; forget() closes and drops it (the container is gone or replaced). This is what
// keeps "exactly one attach stream per container": everyone who talks to a stdio container (the
// prober, client sessions) gets its backend from here. It also keeps each server's StderrRing,
// the only place a stdio server's stderr is kept (its container has no Docker logs).
//
// Owned by the proxy; lives on its io_context (run by one thread). Not thread-safe: call from
// that thread.

#include <chrono>
#include <map>
#include <memory>
#include <string>

#include "base/thread_affinity.h"
#include "proxy/backends/attach_channel.h"
#include "proxy/backends/docker_socket_client.h"
#include "proxy/backends/stderr_ring.h"

namespace berth::proxy {

class AttachChannels {
 public:
  explicit AttachChannels(DockerSocketClient client,
                          std::chrono::milliseconds attach_timeout = std::chrono::seconds(5))
      : client_(std::move(client)), attach_timeout_(attach_timeout) {}
  ~AttachChannels();
  AttachChannels(const AttachChannels&) = delete;
  AttachChannels& operator=(const AttachChannels&) = delete;

  // The container's backend; attaches (asynchronously: messages queue meanwhile) if needed.
  std::shared_ptr<AttachChannel> get(const std::string& container_id, const std::string& server);
  // The container's backend if one is open, else null; never attaches.
  std::shared_ptr<AttachChannel> find(const std::string& container_id) const;
  // Closes the container's backend (its pending requests fail) and drops it.
  void forget(const std::string& container_id);
  size_t size() const { return backends_.size(); }
  // The recent stderr of `server`'s containers (kept across restarts), or null if none was seen.
  std::shared_ptr<const StderrRing> stderr_of(const std::string& server) const;

 private:
  DockerSocketClient client_;
  std::chrono::milliseconds attach_timeout_;
  std::map<std::string, std::shared_ptr<AttachChannel>> backends_;   // by container id
  std::map<std::string, std::shared_ptr<StderrRing>> stderr_rings_;  // by server name
  ThreadAffinity io_thread_;  // the proxy's io thread: bound on first use, checked at entry
};

}  // namespace berth::proxy
