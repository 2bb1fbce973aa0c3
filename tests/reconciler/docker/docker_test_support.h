#pragma once
// DockerIntegrationTest: a fixture for tests against the real Docker engine. Every container a
// test creates carries berth.test=docker-client and a label unique to the test run, and has a
// unique name; TearDown removes all of them, also after a failed assertion. When the engine does
// not answer, SetUp fails the test saying so (integration tests never skip).
//
// Thread safety: like any GoogleTest fixture, driven from the test's thread; the DockerClient it
// holds may be shared with threads the test starts.

#include <gtest/gtest.h>
#include <rapidjson/document.h>

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

#include "reconciler/docker/docker_client.h"

namespace berth::reconciler::docker::testing {

inline constexpr std::string_view kTestImage = "berth/test-server:latest";

class DockerIntegrationTest : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  // Labels that select exactly this test's containers.
  Labels run_labels() const;
  // "berth-test-dc-<run>-<what>": unique per test run.
  std::string unique_name(std::string_view what) const;
  // An HTTP test server publishing container port 3001, with limits and a labelled env.
  ContainerConfig http_config(std::string_view what) const;
  // Creates `config` and remembers it for removal; "" (and a test failure) when it fails.
  std::string create(const ContainerConfig& config);
  // Creates and starts; "" (and a test failure) when either fails.
  std::string create_and_start(const ContainerConfig& config);
  // The engine's full inspect JSON, for checking what ContainerInfo does not carry.
  rapidjson::Document raw_inspect(const std::string& id);

  DockerClient client_{kDefaultDockerEndpoint};
  std::string api_version_;
  std::string run_id_;

 private:
  std::vector<std::string> created_;
};

// True once a TCP connection to 127.0.0.1:`port` succeeds within `timeout`.
bool loopback_port_answers(int port, std::chrono::milliseconds timeout);

}  // namespace berth::reconciler::docker::testing
