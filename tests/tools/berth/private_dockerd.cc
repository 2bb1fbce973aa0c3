#include "tests/tools/berth/private_dockerd.h"

#include <signal.h>

#include <fstream>
#include <sstream>
#include <thread>

namespace berth::test_support {
namespace {

using namespace std::chrono_literals;

std::string quoted(const std::filesystem::path& path) { return "'" + path.string() + "'"; }

}  // namespace

std::string PrivateDockerd::start() {
  std::filesystem::create_directories(root_);
  // In a network namespace of its own: with no default bridge, dockerd deletes any interface
  // named docker0 it can see, which would take the shared engine's bridge away.
  std::string command = "exec unshare --net dockerd --data-root " + quoted(root_ / "data") +
                        " --exec-root " + quoted(root_ / "exec") + " --pidfile " +
                        quoted(root_ / "dockerd.pid") + " --host " + host() +
                        " --bridge none --iptables=false --ip6tables=false --storage-driver vfs"
                        " >>" +
                        quoted(root_ / "dockerd.log") + " 2>&1";
  std::string error;
  process_ = ChildProcess::spawn({"sh", "-c", command}, error);
  if (!process_) return "cannot start dockerd: " + error;
  auto deadline = std::chrono::steady_clock::now() + 30s;
  while (std::chrono::steady_clock::now() < deadline) {
    if (process_->wait(0ms)) return "dockerd exited at once:\n" + log_tail();
    CommandResult version =
        run_command({"docker", "-H", host(), "version", "--format", "{{.Server.APIVersion}}"}, 5s);
    if (version.succeeded()) return "";
    std::this_thread::sleep_for(100ms);  // pacing while the engine starts
  }
  return "dockerd did not answer within 30 s:\n" + log_tail();
}

std::string PrivateDockerd::stop() {
  if (!process_) return "";
  process_->send_signal(SIGTERM);
  std::optional<ExitStatus> status = process_->wait(30s);
  if (!status) {
    process_->send_signal(SIGKILL);
    status = process_->wait(10s);
  }
  process_.reset();
  return status ? "" : "dockerd did not exit";
}

std::string PrivateDockerd::load_image(const std::string& image) {
  CommandResult copied =
      run_command({"sh", "-c", "docker save '" + image + "' | docker -H " + host() + " load"}, 60s);
  return copied.succeeded() ? "" : "cannot copy " + image + ": " + copied.describe();
}

std::string PrivateDockerd::log_tail() const {
  std::ifstream in(root_ / "dockerd.log");
  std::stringstream text;
  text << in.rdbuf();
  std::string log = text.str();
  return log.size() > 3000 ? log.substr(log.size() - 3000) : log;
}

}  // namespace berth::test_support
