#include "proxy/oauth/jwks_loader.h"

#include <curl/curl.h>
#include <spdlog/spdlog.h>

#include <fstream>
#include <sstream>

namespace berth::proxy::oauth {
namespace {

constexpr std::size_t kMaxJwks = 1024 * 1024;

bool is_url(const std::string& location) {
  return location.starts_with("http://") || location.starts_with("https://");
}

size_t append_bounded(char* data, size_t size, size_t count, void* user) {
  auto* body = static_cast<std::string*>(user);
  if (body->size() + size * count > kMaxJwks) return 0;  // ends the transfer with an error
  body->append(data, size * count);
  return size * count;
}

Result<std::string> fetch(const std::string& url, std::chrono::milliseconds timeout) {
  std::unique_ptr<CURL, decltype(&curl_easy_cleanup)> curl(curl_easy_init(), curl_easy_cleanup);
  if (!curl) return Error{"cannot start libcurl"};
  std::string body;
  curl_easy_setopt(curl.get(), CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl.get(), CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl.get(), CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl.get(), CURLOPT_TIMEOUT_MS, static_cast<long>(timeout.count()));
  curl_easy_setopt(curl.get(), CURLOPT_FAILONERROR, 1L);
  curl_easy_setopt(curl.get(), CURLOPT_WRITEFUNCTION, append_bounded);
  curl_easy_setopt(curl.get(), CURLOPT_WRITEDATA, &body);
  const CURLcode code = curl_easy_perform(curl.get());
  if (code != CURLE_OK) {
    return Error{"cannot fetch the JWK set from " + url + ": " + curl_easy_strerror(code)};
  }
  return body;
}

Result<std::string> read_file(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) return Error{"cannot read the JWK set file " + path};
  std::string body(kMaxJwks + 1, '\0');
  file.read(body.data(), static_cast<std::streamsize>(body.size()));
  body.resize(static_cast<std::size_t>(file.gcount()));
  if (body.size() > kMaxJwks) return Error{"the JWK set file " + path + " is over 1 MiB"};
  return body;
}

}  // namespace

Result<std::string> read_jwks_text(const std::string& location, std::chrono::milliseconds timeout) {
  return is_url(location) ? fetch(location, timeout) : read_file(location);
}

JwksLoader::JwksLoader(std::string location, JwksLoaderOptions options)
    : location_(std::move(location)), options_(options), thread_([this] { run(); }) {}

JwksLoader::~JwksLoader() {
  {
    MutexLock lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

Status JwksLoader::load() {
  {
    MutexLock lock(mutex_);
    ++loads_;
  }
  auto text = read_jwks_text(location_, options_.timeout);
  if (!text) return Error{text.error()};
  auto keys = JwkSet::parse(*text);
  if (!keys) return Error{location_ + ": " + keys.error()};
  spdlog::info("event=jwks-loaded source={} keys={}", location_, keys->size());
  MutexLock lock(mutex_);
  keys_ = std::make_shared<const JwkSet>(std::move(*keys));
  return ok_status();
}

std::shared_ptr<const JwkSet> JwksLoader::keys() const {
  MutexLock lock(mutex_);
  return keys_;
}

int JwksLoader::loads() const {
  MutexLock lock(mutex_);
  return loads_;
}

void JwksLoader::refresh(std::function<void()> done) {
  {
    MutexLock lock(mutex_);
    const bool recent = std::chrono::steady_clock::now() - last_load_ < options_.min_interval;
    if (wanted_ || !recent) {
      waiting_.push_back(std::move(done));
      wanted_ = true;
      wake_.notify_all();
      return;
    }
  }
  done();  // loaded a moment ago: what we have is as fresh as it gets
}

void JwksLoader::run() {
  for (;;) {
    {
      MutexLock lock(mutex_);
      while (!wanted_ && !stopping_) lock.wait(wake_);
      if (stopping_) break;
      last_load_ = std::chrono::steady_clock::now();
    }
    if (Status loaded = load(); !loaded) {
      spdlog::warn("event=jwks-load-failed error=\"{}\"", loaded.error());
    }
    std::vector<std::function<void()>> waiting;
    {
      MutexLock lock(mutex_);
      wanted_ = false;
      waiting.swap(waiting_);
    }
    for (auto& done : waiting) done();
  }
  std::vector<std::function<void()>> waiting;
  {
    MutexLock lock(mutex_);
    waiting.swap(waiting_);
  }
  for (auto& done : waiting) done();
}

}  // namespace berth::proxy::oauth
