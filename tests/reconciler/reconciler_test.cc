#include "reconciler/reconciler.h"

#include <gtest/gtest.h>

#include <thread>

#include "specs/spec_parser.h"
#include "tests/reconciler/fakes.h"

namespace berth::reconciler {
namespace {

using namespace std::chrono_literals;
using test::FakeClock;
using test::FakeDocker;
using test::FakeProber;
using test::FakeRouteSink;

std::shared_ptr<specs::DesiredState> wanting(const std::string& name,
                                             const std::string& auth = "{}") {
  std::string text = "apiVersion: berth/v1\nkind: MCPServer\nmetadata: {name: " + name +
                     "}\nspec: {image: mcp/test:1, auth: " + auth + "}\n";
  auto parsed = specs::parse_spec(text, specs::SpecSource{name + ".yaml", name, "/specs"});
  auto state = std::make_shared<specs::DesiredState>();
  state->servers.emplace(name, *parsed.spec);
  return state;
}

class ReconcilerTest : public ::testing::Test {
 protected:
  FakeClock clock_;
  FakeDocker docker_;
  FakeProber prober_;
  FakeRouteSink routes_;
};

TEST_F(ReconcilerTest, AServerInTheSpecsIsRoutedBeforeTheFirstReconcile) {
  Reconciler reconciler(docker_, prober_, routes_, clock_, ReconcilerOptions{});
  reconciler.set_desired(wanting("alpha"));  // not started: nothing has been reconciled
  ASSERT_TRUE(routes_.last);
  ASSERT_EQ(routes_.last->routes.count("alpha"), 1u);
  EXPECT_FALSE(routes_.last->routes.at("alpha").ready);  // the proxy waits, then 503: never 404
  EXPECT_EQ(reconciler.status().status()->servers.front().phase, Phase::kPending);
}

// The proxy checks a server's scopes from its route: a new spec's scopes apply at once, before any
// reconcile, so tightening them never waits for a worker.
TEST_F(ReconcilerTest, RequiredScopesReachTheRouteWithTheSpecs) {
  Reconciler reconciler(docker_, prober_, routes_, clock_, ReconcilerOptions{});
  reconciler.set_desired(wanting("alpha", "{scopes: [read]}"));
  EXPECT_EQ(routes_.last->routes.at("alpha").scopes, std::vector<std::string>{"read"});
  reconciler.set_desired(wanting("alpha", "{scopes: [read, admin]}"));
  EXPECT_EQ(routes_.last->routes.at("alpha").scopes, (std::vector<std::string>{"read", "admin"}));
  reconciler.set_desired(wanting("alpha"));
  EXPECT_TRUE(routes_.last->routes.at("alpha").scopes.empty());
}

TEST_F(ReconcilerTest, StopJoinsWorkersThatSitInADockerCall) {
  docker_.hang_lists = true;
  auto reconciler =
      std::make_unique<Reconciler>(docker_, prober_, routes_, clock_, ReconcilerOptions{});
  reconciler->set_desired(wanting("alpha"));
  reconciler->start();
  while (docker_.hanging == 0) std::this_thread::sleep_for(1ms);
  const auto stopping = std::chrono::steady_clock::now();
  reconciler->stop();
  EXPECT_LT(std::chrono::steady_clock::now() - stopping, 1s);
  EXPECT_TRUE(docker_.aborted);
  EXPECT_EQ(docker_.hanging, 0);  // every caller came back before stop() returned
  reconciler.reset();             // nothing is left running that could touch it
  std::this_thread::sleep_for(20ms);
}

// The event loop sleeps before reconnecting to an engine that does not answer (up to 30 s) and
// the resync loop for its period (5 min): stop() wakes both at once.
TEST_F(ReconcilerTest, StopWakesTheLoopsThatSleep) {
  docker_.fail_all = Error{"engine down"};
  for (int round = 0; round < 20; ++round) {
    Reconciler reconciler(docker_, prober_, routes_, clock_, ReconcilerOptions{});
    reconciler.start();
    std::this_thread::sleep_for(std::chrono::microseconds(round * 150));
    const auto stopping = std::chrono::steady_clock::now();
    reconciler.stop();
    ASSERT_LT(std::chrono::steady_clock::now() - stopping, 1s) << "round " << round;
  }
}

}  // namespace
}  // namespace berth::reconciler
