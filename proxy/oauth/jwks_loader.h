#pragma once
// JwksLoader: the issuer's JWK set from a file or an http(s) URL (`--oauth-jwks`), loaded at
// start and again when a token names an unknown key (the issuer rotated its keys) — such
// refetches at most once per `min_interval`, so a flood of tokens with made-up key ids costs one
// fetch, not one each.
// A failed load keeps the keys loaded before.
//
// Fetches run on a thread the loader owns (never the proxy's io thread), with libcurl: http and
// https only, no redirects, `timeout` in all, at most 1 MiB. The destructor joins the thread
// (a fetch in progress ends within `timeout`); refresh callbacks still waiting then run.
//
// Thread safety: every member may be called from any thread.

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "base/mutex.h"
#include "base/result.h"
#include "proxy/oauth/key_source.h"

namespace berth::proxy::oauth {

struct JwksLoaderOptions {
  std::chrono::milliseconds min_interval{10'000};  // between two loads started by refresh()
  std::chrono::milliseconds timeout{5'000};        // per fetch of a URL
};

class JwksLoader : public KeySource {
 public:
  explicit JwksLoader(std::string location, JwksLoaderOptions options = {});
  ~JwksLoader() override;
  JwksLoader(const JwksLoader&) = delete;
  JwksLoader& operator=(const JwksLoader&) = delete;

  // Loads now, on the calling thread (berth's start). An error says what went wrong; the loader
  // still works (refresh() tries again).
  [[nodiscard]] Status load();

  [[nodiscard]] std::shared_ptr<const JwkSet> keys() const override;
  void refresh(std::function<void()> done) override;

  // How many loads were tried so far (for tests and logs).
  [[nodiscard]] int loads() const;

 private:
  [[nodiscard]] Result<std::string> read() const;
  void run();

  const std::string location_;
  const JwksLoaderOptions options_;
  mutable Mutex mutex_;
  std::condition_variable wake_;
  std::shared_ptr<const JwkSet> keys_ GUARDED_BY(mutex_) = std::make_shared<const JwkSet>();
  std::vector<std::function<void()>> waiting_ GUARDED_BY(mutex_);
  bool wanted_ GUARDED_BY(mutex_) = false;
  bool stopping_ GUARDED_BY(mutex_) = false;
  int loads_ GUARDED_BY(mutex_) = 0;
  std::chrono::steady_clock::time_point last_load_ GUARDED_BY(mutex_){};  // by refresh()
  std::thread thread_;  // last: starts once the members above exist
};

// Reads `location` (a file path, or an http/https URL fetched with a timeout), at most 1 MiB.
[[nodiscard]] Result<std::string> read_jwks_text(const std::string& location,
                                                 std::chrono::milliseconds timeout);

}  // namespace berth::proxy::oauth
