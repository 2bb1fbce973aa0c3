// bench_spec_load [FILES] [ROUNDS]: writes FILES spec files (default 1000) into a temporary
// directory, then loads and validates the directory ROUNDS times (default 5), printing the time
// of each round and the best and median. The target is "1,000 files well under a second".

#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "specs/spec_loader.h"

namespace {

namespace fs = std::filesystem;

// A realistic mix: every fourth server speaks HTTP, every third has secrets and a volume.
std::string spec_text(int i) {
  std::string name = "server-" + std::to_string(i);
  std::string text = "apiVersion: berth/v1\nkind: MCPServer\nmetadata:\n  name: " + name +
                     "\n  labels: {team: tools, tier: \"" + std::to_string(i % 7) + "\"}\n" +
                     "spec:\n  image: registry.example.com/mcp/" + name + ":1.2.3\n" +
                     "  pull: IfNotPresent\n  command: [node, /app/index.js]\n" +
                     "  env: {LOG_LEVEL: info, REGION: eu-west-1}\n" +
                     "  resources: {memory: 512Mi, cpus: 0.5, pids: 256}\n" +
                     "  health: {interval: 30s, timeout: 5s, failureThreshold: 3}\n" +
                     "  restart: {initialDelay: 1s, maxDelay: 5m}\n";
  if (i % 3 == 0) {
    text += "  secrets:\n    - {name: token-" + std::to_string(i) + ", env: API_TOKEN}\n" +
            "  volumes:\n    - {source: ./data, target: /data, readOnly: true}\n";
  }
  if (i % 4 == 0) {
    text += "  transport: {type: streamable-http, port: 3001, path: /mcp}\n";
  } else {
    text += "  transport: {type: stdio}\n  network: none\n";
  }
  return text;
}

}  // namespace

int main(int argc, char** argv) {
  int files = argc > 1 ? std::atoi(argv[1]) : 1000;
  int rounds = argc > 2 ? std::atoi(argv[2]) : 5;
  fs::path dir = fs::temp_directory_path() / ("berth-bench-specs-" + std::to_string(getpid()));
  fs::create_directories(dir);
  size_t bytes = 0;
  for (int i = 0; i < files; ++i) {
    std::string text = spec_text(i);
    bytes += text.size();
    std::ofstream(dir / ("server-" + std::to_string(i) + ".yaml")) << text;
  }
  std::printf("spec_load: %d files, %zu KiB in %s\n", files, bytes / 1024, dir.c_str());
  std::vector<double> millis;
  for (int round = 0; round < rounds; ++round) {
    auto start = std::chrono::steady_clock::now();
    berth::specs::DesiredState state = berth::specs::load_specs({dir});
    std::chrono::duration<double, std::milli> took = std::chrono::steady_clock::now() - start;
    millis.push_back(took.count());
    if (state.servers.size() != static_cast<size_t>(files) || !state.errors.empty()) {
      std::fprintf(stderr, "unexpected result: %zu servers, %zu errors\n", state.servers.size(),
                   state.errors.size());
      return 1;
    }
    std::printf("  round %d: %.1f ms\n", round + 1, took.count());
  }
  std::sort(millis.begin(), millis.end());
  std::printf("spec_load: best %.1f ms, median %.1f ms, %.1f us per file (median)\n",
              millis.front(), millis[millis.size() / 2], millis[millis.size() / 2] * 1000 / files);
  fs::remove_all(dir);
  return 0;
}
