#pragma once
// Fakes for reconciler unit tests: an in-memory Docker engine, a prober whose probes the test
// completes by hand, a route sink that keeps the last table, and a clock that moves only when
// told. Not thread-safe beyond what the single-threaded tests need (the Docker fake locks anyway).

#include <atomic>
#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "base/clock.h"
#include "reconciler/docker_api.h"
#include "reconciler/handoff/prober.h"
#include "reconciler/handoff/route_table.h"
#include "tests/base/fake_clock.h"

namespace berth::reconciler::test {

using FakeClock = berth::testing::FakeClock;

struct FakeContainer {
  ContainerInfo info;
  ContainerConfig config;
};

class FakeDocker : public DockerApi {
 public:
  Result<std::string> ping() override;
  Result<std::vector<ContainerSummary>> list_containers(const Labels& labels) override;
  Result<ContainerInfo> inspect_container(const std::string& id, int container_port) override;
  Result<std::string> create_container(const ContainerConfig& config) override;
  Status start_container(const std::string& id) override;
  Status stop_container(const std::string& id, std::chrono::seconds grace) override;
  Status remove_container(const std::string& id) override;
  Result<bool> image_exists(const std::string& image) override;
  Result<ImageConfig> inspect_image(const std::string& image) override;
  Status pull_image(const std::string& image) override;
  Result<bool> network_exists(const std::string& name) override;
  Status watch_events(const Labels& labels, const std::function<void(const DockerEvent&)>& on_event,
                      const std::function<bool()>& keep_going) override;
  void abort_calls() override { aborted = true; }

  // Test controls.
  std::atomic<bool> aborted{false};
  std::atomic<bool> hang_lists{false};  // list_containers waits until abort_calls(), then fails
  std::atomic<int> hanging{0};          // list_containers calls waiting now
  std::string add(ContainerInfo info);  // an existing container; returns its id
  void kill(const std::string& id, int exit_code);  // the container dies
  std::vector<std::string> calls;  // "create <name>", "start <id>", "stop <id>", …
  std::set<std::string> images{"mcp/test:1", "mcp/test:2"};
  ImageConfig image_config{{"/server"}, {"stdio"}, ""};  // what every image inspects as
  std::map<std::string, FakeContainer> containers;       // by id
  std::optional<Error> fail_all;                         // every call fails with it (engine down)
  std::optional<Error> fail_create;
  std::optional<Error> fail_pull = Error{"no registry reachable"};

 private:
  std::mutex mutex_;
  int next_id_ = 1;
  int deaths_ = 0;
};

class FakeProber : public Prober {
 public:
  void probe(const ProbeTarget& target, std::function<void(Status)> done) override;
  void forget(const std::string& container_id) override { forgotten.push_back(container_id); }

  // Completes every pending probe with `result`; returns how many there were.
  int complete_all(const Status& result);

  std::vector<ProbeTarget> targets;
  std::vector<std::string> forgotten;

 private:
  std::vector<std::function<void(Status)>> pending_;
};

class FakeRouteSink : public RouteSink {
 public:
  void publish(std::shared_ptr<const RouteTable> table) override { last = std::move(table); }
  std::shared_ptr<const RouteTable> last;
};

}  // namespace berth::reconciler::test
