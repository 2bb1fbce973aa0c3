#include "reconciler/server_reconciler.h"

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>

#include "reconciler/container_plan.h"
#include "specs/spec_parser.h"
#include "tests/reconciler/fakes.h"

namespace berth::reconciler {
namespace {

using namespace std::chrono_literals;
using test::FakeClock;
using test::FakeContainer;
using test::FakeDocker;
using test::FakeProber;
using test::FakeRouteSink;

std::filesystem::path make_temp_dir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "berth-rec-XXXXXX").string();
  return mkdtemp(pattern.data());
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

class ServerReconcilerTest : public ::testing::Test {
 protected:
  ~ServerReconcilerTest() override {
    std::filesystem::remove_all(secrets_dir_);
    std::filesystem::remove_all(runtime_dir_);
  }

  void want(const std::string& name, const std::string& image, const std::string& extra = "") {
    std::string text = "apiVersion: berth/v1\nkind: MCPServer\nmetadata: {name: " + name +
                       "}\nspec:\n  image: " + image + "\n" + extra;
    auto parsed = specs::parse_spec(text, specs::SpecSource{name + ".yaml", name, "/specs"});
    ASSERT_TRUE(parsed.spec) << parsed.errors.front().to_string();
    desired_.servers[name] = *parsed.spec;
  }

  // Works every name that is due now, as the workers would, until nothing is due.
  void settle() {
    for (int i = 0; i < 100; ++i) {
      auto name = queue_.try_get();
      if (!name) return;
      reconciler_.reconcile(*name, desired_);
      queue_.done(*name);
    }
    FAIL() << "the queue never settled";
  }

  // Starts `name`, completes its first probe successfully and settles: the server is Ready.
  std::string make_ready(const std::string& name) {
    queue_.add(name);
    settle();
    EXPECT_EQ(prober_.complete_all(ok_status()), 1);
    settle();
    return state(name).status.container_id;
  }

  ServerState state(const std::string& name) {
    auto s = store_.get(name);
    EXPECT_TRUE(s) << name << " has no state";
    return s.value_or(ServerState{});
  }

  size_t count_calls(const std::string& prefix) const {
    return std::count_if(docker_.calls.begin(), docker_.calls.end(),
                         [&](const std::string& c) { return c.rfind(prefix, 0) == 0; });
  }

  std::filesystem::path secrets_dir_ = make_temp_dir();
  std::filesystem::path runtime_dir_ = make_temp_dir();
  FakeClock clock_;
  FakeDocker docker_;
  FakeProber prober_;
  FakeRouteSink routes_;
  StatusStore store_{clock_, routes_};
  WorkQueue queue_{clock_};
  ReconcileOptions options_ = [this] {
    ReconcileOptions o;
    o.instance = "test";
    o.secrets_dir = secrets_dir_;
    o.runtime_dir = runtime_dir_;
    o.launcher = "/opt/berth/berth-launcher";
    return o;
  }();
  ServerReconciler reconciler_{docker_, prober_, store_, queue_, clock_, options_};
  specs::DesiredState desired_;
};

TEST_F(ServerReconcilerTest, NewSpecCreatesAndStartsALabelledContainer) {
  want("alpha", "mcp/test:1");
  queue_.add("alpha");
  settle();
  ASSERT_EQ(docker_.containers.size(), 1u);
  const FakeContainer& c = docker_.containers.begin()->second;
  EXPECT_TRUE(c.info.running);
  EXPECT_EQ(c.info.labels.at(kLabelManaged), "true");
  EXPECT_EQ(c.info.labels.at(kLabelInstance), "test");
  EXPECT_EQ(c.info.labels.at(kLabelServer), "alpha");
  EXPECT_EQ(c.info.labels.at(kLabelHash).size(), 64u);
  EXPECT_TRUE(c.config.open_stdin);
  EXPECT_EQ(state("alpha").status.phase, Phase::kStarting);
  EXPECT_EQ(prober_.targets.size(), 1u);
}

// berth stopping: the reconciler is destroyed, then the proxy fails the probes it still holds.
// The outcome used the destroyed reconciler (heap-use-after-free under ASan); it is dropped now.
TEST_F(ServerReconcilerTest, ProbeOutcomeAfterTheReconcilerIsGoneIsDropped) {
  want("alpha", "mcp/test:1");
  auto gone =
      std::make_unique<ServerReconciler>(docker_, prober_, store_, queue_, clock_, options_);
  queue_.add("alpha");
  while (auto name = queue_.try_get()) {
    gone->reconcile(*name, desired_);
    queue_.done(*name);
  }
  ASSERT_TRUE(state("alpha").probe.in_flight);
  gone.reset();
  EXPECT_EQ(prober_.complete_all(Error{"probe abandoned: the proxy is shutting down"}), 1);
  EXPECT_TRUE(state("alpha").probe.in_flight);  // nothing recorded
  EXPECT_EQ(state("alpha").probe.failures, 0);
  EXPECT_EQ(queue_.try_get(), std::nullopt);  // nothing queued
}

TEST_F(ServerReconcilerTest, HealthyProbeMakesItReadyAndRoutesToIt) {
  want("alpha", "mcp/test:1");
  std::string id = make_ready("alpha");
  EXPECT_EQ(state("alpha").status.phase, Phase::kReady);
  ASSERT_TRUE(routes_.last);
  const Route& route = routes_.last->routes.at("alpha");
  EXPECT_TRUE(route.ready);
  EXPECT_EQ(route.container_id, id);
}

// spec.auth is the proxy's business: a change of scopes moves into the route, never replaces the
// container and is no new "ready".
TEST_F(ServerReconcilerTest, RequiredScopesFollowTheSpecWithoutReplacingTheContainer) {
  want("alpha", "mcp/test:1", "  auth: {scopes: [read]}\n");
  std::string id = make_ready("alpha");
  EXPECT_EQ(routes_.last->routes.at("alpha").scopes, std::vector<std::string>{"read"});
  size_t events = state("alpha").status.events.size();
  want("alpha", "mcp/test:1", "  auth: {scopes: [read, write]}\n");
  queue_.add("alpha");
  settle();
  const Route& route = routes_.last->routes.at("alpha");
  EXPECT_EQ(route.scopes, (std::vector<std::string>{"read", "write"}));
  EXPECT_TRUE(route.ready);
  EXPECT_EQ(route.container_id, id);
  EXPECT_EQ(count_calls("create"), 1u);
  EXPECT_EQ(state("alpha").status.events.size(), events);
}

TEST_F(ServerReconcilerTest, ReconcilingAgainChangesNothing) {
  want("alpha", "mcp/test:1");
  make_ready("alpha");
  size_t calls = docker_.calls.size();
  queue_.add("alpha");
  settle();
  EXPECT_EQ(docker_.calls.size(), calls);
}

TEST_F(ServerReconcilerTest, AdoptsARunningContainerWithTheSameHash) {
  want("alpha", "mcp/test:1");
  make_ready("alpha");
  std::string id = docker_.containers.begin()->first;
  // A new berth process: empty memory, same Docker.
  StatusStore fresh_store(clock_, routes_);
  WorkQueue fresh_queue(clock_);
  ServerReconciler fresh(docker_, prober_, fresh_store, fresh_queue, clock_, options_);
  fresh.reconcile("alpha", desired_);
  prober_.complete_all(ok_status());
  fresh.reconcile("alpha", desired_);
  EXPECT_EQ(count_calls("create"), 1u);
  EXPECT_EQ(fresh_store.get("alpha")->status.phase, Phase::kReady);
  EXPECT_EQ(fresh_store.get("alpha")->status.container_id, id);
}

TEST_F(ServerReconcilerTest, ChangedSpecMovesTheRouteOnlyOnceTheNewContainerIsHealthy) {
  want("alpha", "mcp/test:1");
  std::string old_id = make_ready("alpha");
  want("alpha", "mcp/test:2");
  queue_.add("alpha");
  settle();
  ASSERT_EQ(docker_.containers.size(), 2u);
  EXPECT_EQ(routes_.last->routes.at("alpha").container_id, old_id);  // still the old one
  prober_.complete_all(ok_status());
  settle();
  std::string new_id = routes_.last->routes.at("alpha").container_id;
  EXPECT_NE(new_id, old_id);
  EXPECT_EQ(docker_.containers.count(old_id), 1u);  // draining in-flight requests
  clock_.advance(options_.drain);
  settle();
  EXPECT_EQ(docker_.containers.count(old_id), 0u);
  EXPECT_EQ(docker_.containers.count(new_id), 1u);
}

TEST_F(ServerReconcilerTest, HealthAndRestartSettingsDoNotReplaceTheContainer) {
  want("alpha", "mcp/test:1");
  make_ready("alpha");
  want("alpha", "mcp/test:1", "  health: {interval: 10s}\n  restart: {initialDelay: 2s}\n");
  queue_.add("alpha");
  settle();
  EXPECT_EQ(count_calls("create"), 1u);
}

TEST_F(ServerReconcilerTest, RemovedSpecStopsAndRemovesItsContainer) {
  want("alpha", "mcp/test:1");
  std::string id = make_ready("alpha");
  desired_.servers.clear();
  queue_.add("alpha");
  settle();
  EXPECT_TRUE(docker_.containers.empty());
  EXPECT_FALSE(store_.get("alpha"));
  EXPECT_EQ(routes_.last->routes.count("alpha"), 0u);
  EXPECT_EQ(prober_.forgotten, std::vector<std::string>{id});
}

TEST_F(ServerReconcilerTest, OrphanOfThisInstanceIsRemovedOthersAreNeverTouched) {
  Labels ours = instance_selector("test");
  ours[kLabelServer] = "orphan";
  std::string orphan =
      docker_.add(ContainerInfo{"", "o", "x", "running", true, 0, false, "", "", ours, 0});
  Labels other_instance = instance_selector("other");
  other_instance[kLabelServer] = "orphan";
  std::string theirs = docker_.add(
      ContainerInfo{"", "t", "x", "running", true, 0, false, "", "", other_instance, 0});
  std::string foreign =
      docker_.add(ContainerInfo{"", "f", "x", "running", true, 0, false, "", "", {}, 0});
  queue_.add("orphan");
  settle();
  EXPECT_EQ(docker_.containers.count(orphan), 0u);
  EXPECT_EQ(docker_.containers.count(theirs), 1u);
  EXPECT_EQ(docker_.containers.count(foreign), 1u);
}

TEST_F(ServerReconcilerTest, FirstDeathRestartsAtOnceThenTheDelayDoubles) {
  want("alpha", "mcp/test:1", "  restart: {initialDelay: 1s, maxDelay: 5m}\n");
  std::string id = make_ready("alpha");
  docker_.kill(id, 3);
  queue_.add("alpha");
  settle();
  EXPECT_TRUE(docker_.containers.at(id).info.running);  // restarted at once
  EXPECT_EQ(state("alpha").status.restarts, 1);
  docker_.kill(id, 3);
  queue_.add("alpha");
  settle();
  EXPECT_FALSE(docker_.containers.at(id).info.running);  // backing off ~1s
  EXPECT_EQ(state("alpha").status.phase, Phase::kBackOff);
  EXPECT_FALSE(routes_.last->routes.at("alpha").ready);
  clock_.advance(1200ms);
  settle();
  EXPECT_TRUE(docker_.containers.at(id).info.running);
  docker_.kill(id, 3);
  queue_.add("alpha");
  settle();
  clock_.advance(1200ms);  // now ~2s are needed
  settle();
  EXPECT_FALSE(docker_.containers.at(id).info.running);
  clock_.advance(1100ms);  // 2.3s in all, past 2s + 10% jitter
  settle();
  EXPECT_TRUE(docker_.containers.at(id).info.running);
  EXPECT_EQ(state("alpha").status.restarts, 3);
  EXPECT_EQ(state("alpha").status.last_error, "container died: exit code 3");
}

TEST_F(ServerReconcilerTest, RemovedBehindItsBackIsRecreated) {
  want("alpha", "mcp/test:1");
  std::string id = make_ready("alpha");
  docker_.containers.erase(id);
  queue_.add("alpha");
  settle();
  ASSERT_EQ(docker_.containers.size(), 1u);
  EXPECT_NE(docker_.containers.begin()->first, id);
}

TEST_F(ServerReconcilerTest, FailedProbesPastTheThresholdReplaceTheContainer) {
  want("alpha", "mcp/test:1", "  health: {interval: 1s, timeout: 1s, failureThreshold: 2}\n");
  std::string id = make_ready("alpha");
  for (int i = 0; i < 2; ++i) {
    clock_.advance(1s);
    settle();
    ASSERT_EQ(prober_.complete_all(Error{"timed out after 1000 ms"}), 1);
    settle();
  }
  clock_.advance(10s);  // past the start-up window
  settle();
  EXPECT_EQ(docker_.containers.count(id), 0u);
  ServerState s = state("alpha");
  EXPECT_EQ(s.status.last_error, "unhealthy: timed out after 1000 ms");
  bool saw_unhealthy = std::any_of(s.status.events.begin(), s.status.events.end(),
                                   [](const ServerEvent& e) { return e.kind == "unhealthy"; });
  EXPECT_TRUE(saw_unhealthy);
}

TEST_F(ServerReconcilerTest, MissingSecretBlocksOnlyThatServer) {
  want("alpha", "mcp/test:1", "  secrets: [{name: token, env: TOKEN}]\n");
  want("beta", "mcp/test:1");
  queue_.add("alpha");
  queue_.add("beta");
  settle();
  ASSERT_EQ(docker_.containers.size(), 1u);
  EXPECT_EQ(docker_.containers.begin()->second.info.labels.at(kLabelServer), "beta");
  EXPECT_EQ(state("alpha").status.last_error,
            "secret file " + (secrets_dir_ / "token").string() + " is missing");
  EXPECT_EQ(state("alpha").status.phase, Phase::kPending);
}

TEST_F(ServerReconcilerTest, ChangedSecretFileReplacesTheContainerWithoutShowingTheValue) {
  want("alpha", "mcp/test:1", "  secrets: [{name: token, env: TOKEN}]\n");
  std::ofstream(secrets_dir_ / "token") << "first-secret";
  std::string old_id = make_ready("alpha");
  const ContainerConfig& old_config = docker_.containers.at(old_id).config;
  EXPECT_TRUE(old_config.env.empty());
  std::filesystem::path old_dir = runtime_dir_ / "test" / old_config.name;
  EXPECT_EQ(read_file(old_dir / "env" / "TOKEN"), "first-secret");
  std::ofstream(secrets_dir_ / "token") << "second-secret";
  queue_.add("alpha");
  settle();
  EXPECT_EQ(docker_.containers.size(), 2u);
  for (const auto& [id, c] : docker_.containers) {
    for (const auto& [key, value] : c.info.labels) {
      EXPECT_EQ(value.find("first-secret"), std::string::npos) << key << "=" << value;
      EXPECT_EQ(value.find("second-secret"), std::string::npos) << key << "=" << value;
    }
    for (const std::string& entry : c.config.env) {
      EXPECT_EQ(entry.find("-secret"), std::string::npos) << entry;
    }
  }
  // Once the new one is Ready and the old one drained, the old one's secrets go with it.
  EXPECT_EQ(prober_.complete_all(ok_status()), 1);
  settle();
  clock_.advance(options_.drain + 1s);
  settle();
  ASSERT_EQ(docker_.containers.size(), 1u);
  EXPECT_FALSE(std::filesystem::exists(old_dir));
  const ContainerConfig& now = docker_.containers.begin()->second.config;
  EXPECT_EQ(read_file(runtime_dir_ / "test" / now.name / "env" / "TOKEN"), "second-secret");
}

TEST_F(ServerReconcilerTest, NameTakenByAForeignContainerIsAnErrorNotARemoval) {
  want("alpha", "mcp/test:1");
  docker_.fail_create = Error{"Conflict. The container name is already in use", 409};
  queue_.add("alpha");
  settle();
  EXPECT_EQ(count_calls("remove"), 0u);
  EXPECT_NE(state("alpha").status.last_error.find("is taken by a container berth does not own"),
            std::string::npos);
  EXPECT_EQ(state("alpha").status.phase, Phase::kBackOff);
}

TEST_F(ServerReconcilerTest, MissingImageIsPulledAndAFailedPullBacksOff) {
  want("alpha", "mcp/absent:1");
  queue_.add("alpha");
  settle();
  EXPECT_EQ(count_calls("pull mcp/absent:1"), 2u);  // the first retry is immediate
  clock_.advance(std::chrono::milliseconds(800));
  settle();
  EXPECT_EQ(count_calls("pull mcp/absent:1"), 2u);  // then ~1s
  EXPECT_EQ(state("alpha").status.phase, Phase::kBackOff);
  EXPECT_EQ(state("alpha").status.last_error, "no registry reachable");
  EXPECT_TRUE(docker_.containers.empty());
}

TEST_F(ServerReconcilerTest, PullNeverFailsClearlyWithoutPulling) {
  want("alpha", "mcp/absent:1", "  pull: Never\n");
  queue_.add("alpha");
  settle();
  EXPECT_EQ(count_calls("pull"), 0u);
  EXPECT_EQ(state("alpha").status.last_error,
            "image mcp/absent:1 is not present and pull is Never");
}

TEST_F(ServerReconcilerTest, PullAlwaysPullsBeforeCreating) {
  want("alpha", "mcp/test:1", "  pull: Always\n");
  docker_.fail_pull.reset();
  queue_.add("alpha");
  settle();
  EXPECT_EQ(count_calls("pull mcp/test:1"), 1u);
  EXPECT_EQ(docker_.containers.size(), 1u);
}

TEST_F(ServerReconcilerTest, EngineDownIsReportedAndRetried) {
  want("alpha", "mcp/test:1");
  docker_.fail_all = Error{"cannot reach the Docker engine", 0};
  queue_.add("alpha");
  settle();
  EXPECT_FALSE(store_.status()->docker_reachable);
  EXPECT_EQ(queue_.delayed_size(), 1u);
  docker_.fail_all.reset();
  clock_.advance(options_.retry);
  settle();
  EXPECT_EQ(docker_.containers.size(), 1u);
}

TEST_F(ServerReconcilerTest, LostEngineClosesTheRouteUntilAFreshProbePasses) {
  want("alpha", "mcp/test:1");
  std::string id = make_ready("alpha");
  reconciler_.engine_lost("alpha", "no such file");
  EXPECT_FALSE(routes_.last->routes.at("alpha").ready);
  EXPECT_EQ(state("alpha").status.phase, Phase::kPending);
  EXPECT_EQ(state("alpha").status.last_error, "Docker unreachable: no such file");

  // The engine is back with the same container running: probed again before it is routed to.
  queue_.add("alpha");
  settle();
  EXPECT_FALSE(routes_.last->routes.at("alpha").ready);
  EXPECT_EQ(state("alpha").status.phase, Phase::kStarting);
  EXPECT_EQ(prober_.complete_all(ok_status()), 1);
  settle();
  EXPECT_TRUE(routes_.last->routes.at("alpha").ready);
  EXPECT_EQ(routes_.last->routes.at("alpha").container_id, id);
  EXPECT_EQ(count_calls("create"), 1u);
}

TEST_F(ServerReconcilerTest, HttpServerIsPublishedAndRoutedByPort) {
  want("web", "mcp/test:1", "  transport: {type: streamable-http, port: 3001}\n");
  make_ready("web");
  const FakeContainer& c = docker_.containers.begin()->second;
  EXPECT_EQ(c.config.container_port, 3001);
  EXPECT_FALSE(c.config.open_stdin);
  const Route& route = routes_.last->routes.at("web");
  EXPECT_EQ(route.host_port, c.info.host_port);
  EXPECT_EQ(route.path, "/mcp");
  EXPECT_EQ(prober_.targets.front().host_port, c.info.host_port);
}

TEST_F(ServerReconcilerTest, AHeldStateKeepsServersItDoesNotName) {
  want("alpha", "mcp/test:1");
  std::string id = make_ready("alpha");
  desired_.servers.clear();
  desired_.hold_reason = "the spec directory 'specs' holds no spec file";
  queue_.add("alpha");
  settle();
  EXPECT_EQ(count_calls("remove"), 0u);
  EXPECT_EQ(docker_.containers.count(id), 1u);
  EXPECT_EQ(state("alpha").status.last_error, desired_.hold_reason);
  desired_.hold_reason.clear();  // an empty directory that is meant
  queue_.add("alpha");
  settle();
  EXPECT_TRUE(docker_.containers.empty());
}

TEST_F(ServerReconcilerTest, ARemovedServerIsForgottenOnceAndQuietlyAfter) {
  want("alpha", "mcp/test:1");
  make_ready("alpha");
  desired_.servers.clear();
  queue_.add("alpha");
  settle();
  ASSERT_FALSE(store_.get("alpha"));
  auto before = routes_.last;
  queue_.add("alpha");  // e.g. the engine's destroy event for the container just removed
  settle();
  EXPECT_FALSE(store_.get("alpha"));
  EXPECT_EQ(routes_.last, before);  // nothing published again
  EXPECT_EQ(count_calls("remove"), 1u);
}

TEST_F(ServerReconcilerTest, ACrashLoopAcrossSpecEditsLeavesNoStoppedContainers) {
  want("alpha", "mcp/test:1", "  restart: {initialDelay: 1s, maxDelay: 5m}\n");
  queue_.add("alpha");
  settle();
  for (int edit = 0; edit < 5; ++edit) {
    for (auto& [id, c] : docker_.containers) {
      if (c.info.running) docker_.kill(id, 1);  // it crashes before it is ever healthy
    }
    want("alpha", "mcp/test:1",
         "  env: {EDIT: \"" + std::to_string(edit) + "\"}\n  restart: {initialDelay: 1s}\n");
    queue_.add("alpha");
    settle();
    clock_.advance(std::chrono::minutes(10));  // past any backoff
    settle();
  }
  ASSERT_EQ(docker_.containers.size(), 1u);  // the current spec's container, nothing else
  EXPECT_EQ(docker_.containers.begin()->second.config.env, std::vector<std::string>{"EDIT=4"});
}

TEST_F(ServerReconcilerTest, ASupersededContainerThatStillServesStaysUntilTheNewOneIsReady) {
  want("alpha", "mcp/test:1");
  std::string old_id = make_ready("alpha");
  want("alpha", "mcp/test:2");
  queue_.add("alpha");
  settle();
  for (auto& [id, c] : docker_.containers) {
    if (id != old_id) docker_.kill(id, 1);  // the new one crashes
  }
  queue_.add("alpha");
  settle();
  EXPECT_TRUE(docker_.containers.at(old_id).info.running);
  EXPECT_EQ(routes_.last->routes.at("alpha").container_id, old_id);
}

TEST_F(ServerReconcilerTest, AnEngineErrorQuotingASecretIsStoredWithoutIt) {
  want("alpha", "mcp/test:1", "  secrets: [{name: token, env: TOKEN}]\n");
  std::ofstream(secrets_dir_ / "token") << "s3cr3t-value\n";
  docker_.fail_create = Error{"invalid environment TOKEN=s3cr3t-value in the request", 400};
  queue_.add("alpha");
  settle();
  ServerState s = state("alpha");
  EXPECT_EQ(s.status.last_error, "invalid environment TOKEN=<secret token> in the request");
  for (const ServerEvent& event : s.status.events) {
    EXPECT_EQ(event.message.find("s3cr3t"), std::string::npos) << event.message;
  }
}

TEST_F(ServerReconcilerTest, AnEnvSecretWithANulByteBlocksItsServerBeforeDockerIsAsked) {
  want("alpha", "mcp/test:1", "  secrets: [{name: token, env: TOKEN}]\n");
  std::ofstream(secrets_dir_ / "token") << std::string("abcd\0efgh", 9);
  queue_.add("alpha");
  settle();
  EXPECT_EQ(count_calls("create"), 0u);
  EXPECT_EQ(state("alpha").status.last_error,
            "secret file " + (secrets_dir_ / "token").string() +
                " holds a NUL byte, which the environment variable TOKEN cannot carry (use "
                "`path:` for binary secrets)");
}

}  // namespace
}  // namespace berth::reconciler
