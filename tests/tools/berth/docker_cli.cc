#include "tests/tools/berth/docker_cli.h"

#include <sstream>

namespace berth::test_support {
namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) lines.push_back(line);
  }
  return lines;
}

// Unix nanoseconds as `docker events --since/--until` take them: "seconds.nanoseconds".
std::string docker_time(std::int64_t ns) {
  std::string fraction = std::to_string(ns % 1'000'000'000);
  return std::to_string(ns / 1'000'000'000) + "." + std::string(9 - fraction.size(), '0') +
         fraction;
}

}  // namespace

CommandResult docker(const std::vector<std::string>& args, const std::string& host) {
  std::vector<std::string> argv{"docker"};
  if (!host.empty()) argv.insert(argv.end(), {"-H", host});
  argv.insert(argv.end(), args.begin(), args.end());
  return run_command(argv, kDockerCliTimeout);
}

std::vector<std::string> containers_with_label(const std::string& label, const std::string& host) {
  CommandResult ps = docker({"ps", "-aq", "--no-trunc", "--filter", "label=" + label}, host);
  return ps.succeeded() ? lines_of(ps.out) : std::vector<std::string>{};
}

std::string container_state(const std::string& id, const std::string& host) {
  CommandResult inspect = docker({"inspect", "--format", "{{.State.Status}}", id}, host);
  if (!inspect.succeeded()) return "";
  std::vector<std::string> lines = lines_of(inspect.out);
  return lines.empty() ? "" : lines.front();
}

void remove_containers_with_label(const std::string& label, const std::string& host) {
  std::vector<std::string> ids = containers_with_label(label, host);
  if (ids.empty()) return;
  std::vector<std::string> args{"rm", "-f"};
  args.insert(args.end(), ids.begin(), ids.end());
  (void)docker(args, host);
}

std::vector<std::int64_t> event_times(const std::vector<std::string>& labels,
                                      const std::string& action, std::int64_t since_ns,
                                      std::int64_t until_ns, const std::string& host) {
  std::vector<std::string> args{"events",
                                "--since",
                                docker_time(since_ns),
                                "--until",
                                docker_time(until_ns),
                                "--filter",
                                "type=container",
                                "--filter",
                                "event=" + action,
                                "--format",
                                "{{.TimeNano}}"};
  for (const std::string& label : labels) args.insert(args.end(), {"--filter", "label=" + label});
  CommandResult events = docker(args, host);
  std::vector<std::int64_t> times;
  for (const std::string& line : lines_of(events.out)) times.push_back(std::stoll(line));
  return times;
}

std::int64_t unix_now_ns() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string missing_test_image(const std::string& host) {
  CommandResult inspect =
      docker({"image", "inspect", "--format", "{{.Id}}", kTestServerImage}, host);
  if (inspect.succeeded()) return "";
  return std::string("cannot use image ") + kTestServerImage + " (" + inspect.describe() +
         "); these tests need a docker engine and the image, built by "
         "tools/test_server/build-image.sh (tools/test.sh does it before ctest)";
}

}  // namespace berth::test_support
