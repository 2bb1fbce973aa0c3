// The Authorizer seam over real sockets: a refusal is the answer, a decision that comes later
// (from another thread) lets the request through to its handler, and the static token passes
// without asking the authorizer.

#include "proxy/http/authorizer.h"

#include <gtest/gtest.h>

#include <atomic>
#include <memory>
#include <mutex>
#include <thread>

#include "proxy/http/exchange.h"
#include "proxy/http/responses.h"
#include "tests/proxy/http/server_harness.h"
#include "tests/tools/http_test_client.h"

namespace berth::proxy::http {
namespace {

using test_support::HttpTestClient;
using testing::ServerHarness;
using testing::test_options;

// Passes "Bearer good" at once, refuses anything else at once, and decides "Bearer later"
// from a thread of its own after a moment.
class FakeAuthorizer : public Authorizer {
 public:
  ~FakeAuthorizer() override {
    for (std::thread& thread : threads_) thread.join();
  }
  void authorize(const Request& request, std::string_view path, Done done) override {
    ++calls;
    std::string value(to_std(request[beast_http::field::authorization]));
    last_path = std::string(path);
    if (value == "Bearer good") return done(std::nullopt);
    if (value == "Bearer later") {
      std::lock_guard lock(mutex_);
      threads_.emplace_back([done = std::move(done)] {
        std::this_thread::sleep_for(std::chrono::milliseconds(50));
        done(std::nullopt);
      });
      return;
    }
    done(Rejection{HttpStatus::unauthorized, "no", R"(Bearer resource_metadata="x")"});
  }

  std::atomic<int> calls{0};
  std::string last_path;

 private:
  std::mutex mutex_;
  std::vector<std::thread> threads_;
};

class AuthorizerTest : public ::testing::Test {
 protected:
  AuthorizerTest() {
    auto router = std::make_shared<Router>();
    router->add(Verb::get, "/mcp/{name}", [](std::shared_ptr<Exchange> exchange) {
      exchange->respond(make_json_response(HttpStatus::ok, R"({"ok":true})"));
    });
    HttpServerOptions options = test_options();
    options.bearer_token = "operator";
    options.authorizer = authorizer_;
    server_ = std::make_unique<ServerHarness>(router, options);
  }

  int get(const std::string& target, const std::string& authorization,
          std::string* challenge = nullptr) {
    HttpTestClient client(server_->port());
    std::map<std::string, std::string> headers;
    if (!authorization.empty()) headers["Authorization"] = authorization;
    auto result = client.request(Verb::get, target, "", headers);
    EXPECT_TRUE(result.ok()) << result.error;
    if (challenge) *challenge = result.response.header("WWW-Authenticate");
    return result.response.status;
  }

  std::shared_ptr<FakeAuthorizer> authorizer_ = std::make_shared<FakeAuthorizer>();
  std::unique_ptr<ServerHarness> server_;
};

TEST_F(AuthorizerTest, RefusalIsTheAnswerWithItsChallenge) {
  std::string challenge;
  EXPECT_EQ(get("/mcp/a?x=1", "Bearer bad", &challenge), 401);
  EXPECT_EQ(challenge, R"(Bearer resource_metadata="x")");
  EXPECT_EQ(authorizer_->last_path, "/mcp/a");
}

TEST_F(AuthorizerTest, PassingRequestsReachTheirHandler) {
  EXPECT_EQ(get("/mcp/a", "Bearer good"), 200);
  EXPECT_EQ(get("/mcp/a", "Bearer later"), 200);  // decided on another thread
  EXPECT_EQ(get("/nowhere", "Bearer good"), 404);
}

TEST_F(AuthorizerTest, StaticTokenAndOpenPathsDoNotAskTheAuthorizer) {
  EXPECT_EQ(get("/mcp/a", "Bearer operator"), 200);
  EXPECT_EQ(get("/.well-known/oauth-authorization-server", ""), 404);
  EXPECT_EQ(authorizer_->calls, 0);
}

// Only --token-file: discovery is 404, not 401, so bridges fall back to their header.
TEST(AuthorizerlessTest, DiscoveryIsNotFoundWithOnlyAStaticToken) {
  HttpServerOptions options = test_options();
  options.bearer_token = "operator";
  ServerHarness server(std::make_shared<Router>(), options);
  for (const char* target :
       {"/.well-known/oauth-protected-resource", "/.well-known/oauth-protected-resource/mcp/x",
        "/.well-known/oauth-authorization-server", "/.well-known/openid-configuration"}) {
    HttpTestClient client(server.port());
    auto result = client.request(Verb::get, target);
    ASSERT_TRUE(result.ok()) << result.error;
    EXPECT_EQ(result.response.status, 404) << target;
  }
}

}  // namespace
}  // namespace berth::proxy::http
