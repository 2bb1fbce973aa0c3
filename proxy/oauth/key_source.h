#pragma once
// KeySource: where the OAuth authorizer gets the issuer's keys, as an interface so that tests
// can hand it a fixed set. See JwksLoader for the one that reads a file or fetches a URL.
// Thread safety: implementations are thread-safe.

#include <functional>
#include <memory>

#include "proxy/oauth/jwk_set.h"

namespace berth::proxy::oauth {

class KeySource {
 public:
  virtual ~KeySource() = default;
  // The keys as last loaded; never null (empty before any load succeeded).
  [[nodiscard]] virtual std::shared_ptr<const JwkSet> keys() const = 0;
  // A token named a key that keys() lacks: load again (unless loaded a moment ago). `done` runs
  // exactly once, on any thread, when keys() is as fresh as it will get for now.
  virtual void refresh(std::function<void()> done) = 0;
};

}  // namespace berth::proxy::oauth
