#include "tests/proxy/backends/docker_test_support.h"

#include <sys/wait.h>

#include <array>
#include <cstdio>

namespace berth::proxy::testing {

CommandResult run_command(const std::string& command) {
  CommandResult result;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return result;
  std::array<char, 4096> chunk{};
  size_t n = 0;
  while ((n = fread(chunk.data(), 1, chunk.size(), pipe)) > 0)
    result.output.append(chunk.data(), n);
  const int status = pclose(pipe);
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  while (!result.output.empty() && result.output.back() == '\n') result.output.pop_back();
  return result;
}

std::string docker_problem() {
  if (run_command("docker version --format '{{.Server.Version}}' >/dev/null 2>&1").exit_code != 0) {
    return "docker is not available: `docker version` failed (is dockerd running on " +
           std::string(kSocket) + "?)";
  }
  if (run_command(std::string("docker image inspect ") + kImage + " >/dev/null 2>&1").exit_code !=
      0) {
    return std::string("image ") + kImage +
           " is missing: build it with tools/test_server/build-image.sh";
  }
  return "";
}

TestContainer::TestContainer(const std::string& docker_args) {
  const auto result = run_command("docker run -d --label berth.test=backends " + docker_args);
  if (result.exit_code == 0 && !result.output.empty()) {
    id_ = result.output.substr(result.output.rfind('\n') + 1);
  } else {
    error_ = "docker run " + docker_args + " failed: " + result.output;
  }
}

TestContainer::~TestContainer() {
  if (!id_.empty()) (void)run_command("docker rm -f " + id_ + " >/dev/null 2>&1");
}

int TestContainer::published_port() const {
  const auto result = run_command("docker port " + id_ + " 3001/tcp 2>/dev/null");
  const size_t colon = result.output.find(':');
  if (result.exit_code != 0 || colon == std::string::npos) return 0;
  return std::atoi(result.output.c_str() + colon + 1);
}

bool TestContainer::wait_for_log(const std::string& text, std::chrono::milliseconds timeout) const {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    const auto logs = run_command("docker logs " + id_ + " 2>&1");
    if (logs.output.find(text) != std::string::npos) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  return false;
}

IoThread::IoThread() : work_(boost::asio::make_work_guard(io_)), thread_([this] { io_.run(); }) {}

IoThread::~IoThread() {
  work_.reset();
  io_.stop();
  thread_.join();
}

}  // namespace berth::proxy::testing
