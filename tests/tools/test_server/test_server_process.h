// Starts the berth-test-server binary built in this tree (BERTH_TEST_SERVER_PATH) as a child
// process for the transport tests. HTTP and SSE servers are started on 127.0.0.1 with an
// ephemeral port, read back from the server's "listening port=N" line on stderr.
// Free functions; each test owns the process it started.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "tests/tools/child_process.h"

namespace berth::test_support {

inline constexpr std::chrono::milliseconds kServerTimeout{5000};

struct StartedServer {
  std::string error;  // non-empty if the server did not start.
  std::unique_ptr<ChildProcess> process;
  std::uint16_t port = 0;  // http and sse modes.
  [[nodiscard]] bool ok() const { return error.empty(); }
};

// Starts `berth-test-server args...` (stdio unless args pick a mode).
[[nodiscard]] StartedServer start_test_server(const std::vector<std::string>& args = {});

// Starts `berth-test-server <mode> --host 127.0.0.1 --port 0 extra...` and waits for its port.
[[nodiscard]] StartedServer start_listening_test_server(const std::string& mode,
                                                        const std::vector<std::string>& extra = {});

}  // namespace berth::test_support
