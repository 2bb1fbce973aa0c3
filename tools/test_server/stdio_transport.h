// StdioTransport serves MCP over newline-delimited JSON on stdin/stdout, the way a client spawns
// a local server (and the way `docker run -i` carries it). One reading thread; slow calls run on
// a WorkerGroup; every answer is written as one line under one mutex and flushed, so answers of
// concurrent calls never interleave. Lines may be of any length.
// Thread safety: run() is called once, from one thread; it owns the workers it starts.
#pragma once

#include <mutex>
#include <string_view>

#include "tools/test_server/mcp_handler.h"
#include "tools/test_server/worker_group.h"

namespace berth::test_server {

class StdioTransport {
 public:
  explicit StdioTransport(const McpHandler& handler) : handler_(handler) {}

  // Reads messages until EOF on stdin, then waits for in-flight answers. Returns the exit code.
  [[nodiscard]] int run();

 private:
  void handle_line(std::string_view line);
  void write_line(std::string_view line);

  const McpHandler& handler_;
  std::mutex stdout_mutex_;  // serialises whole lines on stdout.
  WorkerGroup workers_;
};

}  // namespace berth::test_server
