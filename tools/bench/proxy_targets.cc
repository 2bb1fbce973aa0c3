#include "tools/bench/proxy_targets.h"

#include <unistd.h>

#include <chrono>
#include <fstream>
#include <thread>
#include <vector>

namespace berth::bench {
namespace {

namespace fs = std::filesystem;
using namespace std::chrono_literals;

constexpr char kDocker[] = "unix:///var/run/docker.sock";
constexpr int kBackendPort = 3001;

std::string spec_head(const std::string& name, const std::string& instance) {
  return "apiVersion: berth/v1\nkind: MCPServer\nmetadata:\n  name: " + name +
         "\n  labels: {bench: " + instance + "}\nspec:\n  image: " + kTestServerImage +
         "\n  pull: Never\n";
}

std::string stdio_spec(const std::string& instance) {
  return spec_head(kStdioServer, instance) + "  args: [stdio, --quiet]\n  network: none\n";
}

std::string http_spec(const std::string& instance) {
  return spec_head(kHttpServer, instance) +
         "  args: [http, --quiet]\n"
         "  transport: {type: streamable-http, port: 3001, path: /mcp}\n";
}

// The last `lines` lines of a file, for an error message.
std::string tail_of(const fs::path& file, std::size_t lines) {
  std::ifstream in(file);
  std::vector<std::string> kept;
  for (std::string line; std::getline(in, line);) {
    kept.push_back(line);
    if (kept.size() > lines) kept.erase(kept.begin());
  }
  std::string text;
  for (const std::string& line : kept) text.append("\n  ").append(line);
  return text;
}

}  // namespace

std::unique_ptr<ProxyTargets> ProxyTargets::start(const std::string& berth_binary,
                                                  const std::string& instance, std::string& error) {
  std::unique_ptr<ProxyTargets> targets(new ProxyTargets(instance));
  if (auto version = targets->docker_.ping(); !version) {
    error = "docker: " + version.error();
    return nullptr;
  }
  if (auto image = targets->docker_.image_exists(kTestServerImage); !image || !*image) {
    error =
        std::string(kTestServerImage) + " is not on this engine (tools/test_server/build-image.sh)";
    return nullptr;
  }
  char pattern[] = "/tmp/bench-proxy-XXXXXX";
  if (::mkdtemp(pattern) == nullptr) {
    error = "cannot make a temp directory";
    return nullptr;
  }
  targets->dir_ = pattern;
  if (!targets->write_specs(error)) return nullptr;
  targets->log_ = targets->dir_ / "berth.log";
  BerthArgs args{
      berth_binary, targets->dir_ / "specs", targets->dir_ / "secrets", targets->log_, instance,
      kDocker};
  targets->berth_ = BenchBerth::start(args, error);
  if (!targets->berth_ || !targets->wait_ready(error)) return nullptr;
  return targets;
}

bool ProxyTargets::write_specs(std::string& error) {
  std::error_code ec;
  fs::create_directories(dir_ / "specs", ec);
  fs::create_directories(dir_ / "secrets", ec);
  std::ofstream(dir_ / "specs" / "echo-stdio.yaml") << stdio_spec(instance_);
  std::ofstream(dir_ / "specs" / "echo-http.yaml") << http_spec(instance_);
  if (ec || !fs::exists(dir_ / "specs" / "echo-http.yaml")) {
    error = "cannot write specs in " + dir_.string();
    return false;
  }
  return true;
}

bool ProxyTargets::wait_ready(std::string& error) {
  for (auto deadline = std::chrono::steady_clock::now() + 120s;
       std::chrono::steady_clock::now() < deadline; std::this_thread::sleep_for(50ms)) {
    std::optional<StatusCounts> counts = berth_->status();
    if (!counts || counts->servers != 2 || counts->ready != 2) continue;
    stdio_container_ = counts->container_of[kStdioServer];
    http_container_ = counts->container_of[kHttpServer];
    auto info = docker_.inspect_container(http_container_, kBackendPort);
    if (!info) {
      error = "inspect " + http_container_ + ": " + info.error();
      return false;
    }
    http_backend_port_ = static_cast<std::uint16_t>(info->host_port);
    if (http_backend_port_ != 0) return true;
  }
  error = "the servers were not Ready with a published port in 120 s; berth's log ends:" +
          tail_of(log_, 20);
  return false;
}

void ProxyTargets::remove_containers() {
  for (const char* label : {"berth.instance", "bench"}) {
    auto listed = docker_.list_containers({{label, instance_}});
    if (!listed) continue;
    for (const reconciler::ContainerSummary& c : *listed) (void)docker_.remove_container(c.id);
  }
}

ProxyTargets::~ProxyTargets() {
  if (berth_) (void)berth_->terminate();
  remove_containers();
  std::error_code ec;
  if (!dir_.empty()) fs::remove_all(dir_, ec);
}

}  // namespace berth::bench
