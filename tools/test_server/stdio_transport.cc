#include "tools/test_server/stdio_transport.h"

#include <cstdio>
#include <iostream>
#include <string>

namespace berth::test_server {

int StdioTransport::run() {
  std::ios::sync_with_stdio(false);
  std::string line;
  while (std::getline(std::cin, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    if (line.find_first_not_of(" \t") == std::string::npos) continue;
    handle_line(line);
  }
  workers_.wait_idle();
  return 0;
}

void StdioTransport::handle_line(std::string_view line) {
  Dispatch dispatch = handler_.dispatch(line);
  if (dispatch.slow_job) {
    workers_.spawn([this, job = std::move(dispatch.slow_job)] { write_line(job()); });
  } else if (!dispatch.reply.empty()) {
    write_line(dispatch.reply);
  }
}

void StdioTransport::write_line(std::string_view line) {
  std::lock_guard lock(stdout_mutex_);
  std::fwrite(line.data(), 1, line.size(), stdout);
  std::fputc('\n', stdout);
  std::fflush(stdout);
}

}  // namespace berth::test_server
