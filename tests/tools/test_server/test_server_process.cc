#include "tests/tools/test_server/test_server_process.h"

#include <charconv>
#include <optional>
#include <string_view>

namespace berth::test_support {
namespace {

constexpr std::string_view kListeningPrefix = "listening port=";

std::optional<std::uint16_t> parse_listening_line(std::string_view line) {
  if (!line.starts_with(kListeningPrefix)) return std::nullopt;
  line.remove_prefix(kListeningPrefix.size());
  unsigned port = 0;
  auto [end, ec] = std::from_chars(line.data(), line.data() + line.size(), port);
  if (ec != std::errc() || port == 0 || port > 65535) return std::nullopt;
  return static_cast<std::uint16_t>(port);
}

}  // namespace

StartedServer start_test_server(const std::vector<std::string>& args) {
  StartedServer started;
  std::vector<std::string> argv{BERTH_TEST_SERVER_PATH};
  argv.insert(argv.end(), args.begin(), args.end());
  started.process = ChildProcess::spawn(argv, started.error);
  return started;
}

StartedServer start_listening_test_server(const std::string& mode,
                                          const std::vector<std::string>& extra) {
  std::vector<std::string> args{mode, "--host", "127.0.0.1", "--port", "0"};
  args.insert(args.end(), extra.begin(), extra.end());
  StartedServer started = start_test_server(args);
  if (!started.ok()) return started;
  auto deadline = std::chrono::steady_clock::now() + kServerTimeout;
  while (std::chrono::steady_clock::now() < deadline) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    std::optional<std::string> line = started.process->read_stderr_line(left);
    if (!line) break;
    if (auto port = parse_listening_line(*line)) {
      started.port = *port;
      return started;
    }
  }
  started.error =
      "server did not report 'listening port=N'; stderr: " + started.process->pending_stderr();
  return started;
}

}  // namespace berth::test_support
