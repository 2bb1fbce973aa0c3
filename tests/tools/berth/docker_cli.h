// The docker CLI as integration tests use it: to look at and disturb the containers berth runs
// (kill, rm -f, a foreign container), independently of berth's own Docker client. Every call is
// bounded by a timeout. `host` selects an engine other than the default one ("" = default;
// "unix:///path" otherwise). Free functions; thread-compatible.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "tests/tools/child_process.h"

namespace berth::test_support {

inline constexpr char kTestServerImage[] = "berth/test-server:latest";
inline constexpr std::chrono::milliseconds kDockerCliTimeout{30000};

// `docker [-H host] args...`.
[[nodiscard]] CommandResult docker(const std::vector<std::string>& args,
                                   const std::string& host = "");

// Full ids of every container (running or not) carrying `label` ("key=value").
[[nodiscard]] std::vector<std::string> containers_with_label(const std::string& label,
                                                             const std::string& host = "");
// `.State.Status` of a container ("running", "exited", …), or "" if it does not exist.
[[nodiscard]] std::string container_state(const std::string& id, const std::string& host = "");
// Removes (forcibly) every container carrying `label`.
void remove_containers_with_label(const std::string& label, const std::string& host = "");

// Nanosecond timestamps of the engine's `action` events ("start", "die") for containers with
// every one of `labels`, between two wall-clock times in Unix nanoseconds.
[[nodiscard]] std::vector<std::int64_t> event_times(const std::vector<std::string>& labels,
                                                    const std::string& action,
                                                    std::int64_t since_ns, std::int64_t until_ns,
                                                    const std::string& host = "");
[[nodiscard]] std::int64_t unix_now_ns();

// Success if the test server image is present, else a failure saying how to build it.
[[nodiscard]] std::string missing_test_image(const std::string& host = "");

}  // namespace berth::test_support
