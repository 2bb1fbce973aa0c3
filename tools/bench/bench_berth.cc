#include "tools/bench/bench_berth.h"

#include <curl/curl.h>
#include <fcntl.h>
#include <rapidjson/document.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <thread>

extern char** environ;

namespace berth::bench {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;

// Spawns argv with stdout and stderr appended to `log` ("" = /dev/null); the pid or -1.
pid_t spawn(const std::vector<std::string>& argv, const std::string& log) {
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  const char* out = log.empty() ? "/dev/null" : log.c_str();
  posix_spawn_file_actions_addopen(&actions, 1, out, O_WRONLY | O_CREAT | O_APPEND, 0644);
  posix_spawn_file_actions_adddup2(&actions, 1, 2);
  std::vector<char*> args;
  for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = -1;
  if (posix_spawnp(&pid, args[0], &actions, nullptr, args.data(), environ) != 0) pid = -1;
  posix_spawn_file_actions_destroy(&actions);
  return pid;
}

// The port of the "berth running … listen=HOST:PORT" line in the log, or 0 if not there yet.
std::uint16_t port_from_log(const std::filesystem::path& log) {
  std::ifstream in(log);
  for (std::string line; std::getline(in, line);) {
    if (line.find("berth running") == std::string::npos) continue;
    std::size_t at = line.find("listen=");
    if (at == std::string::npos) continue;
    std::string value = line.substr(at + 7, line.find(' ', at) - at - 7);
    return static_cast<std::uint16_t>(std::stoi(value.substr(value.rfind(':') + 1)));
  }
  return 0;
}

size_t append(char* data, size_t size, size_t count, void* out) {
  static_cast<std::string*>(out)->append(data, size * count);
  return size * count;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

std::int64_t status_field_kib(const std::string& status, const std::string& field) {
  std::size_t at = status.find(field + ":");
  return at == std::string::npos ? 0 : std::stoll(status.substr(at + field.size() + 1));
}

}  // namespace

int run_quietly(const std::vector<std::string>& argv) {
  pid_t pid = spawn(argv, "");
  int status = 0;
  if (pid < 0 || waitpid(pid, &status, 0) != pid) return -1;
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

std::optional<BenchBerth> BenchBerth::start(const BerthArgs& a, std::string& error) {
  pid_t pid =
      spawn({a.binary, "run", "--specs", a.specs.string(), "--secrets", a.secrets.string(),
             "--instance", a.instance, "--listen", "127.0.0.1:0", "--watch", "--docker", a.docker},
            a.log.string());
  if (pid < 0) {
    error = "cannot start " + a.binary;
    return std::nullopt;
  }
  for (auto deadline = Clock::now() + 30s; Clock::now() < deadline;) {
    if (std::uint16_t port = port_from_log(a.log); port != 0) return BenchBerth(pid, port);
    std::this_thread::sleep_for(20ms);
  }
  kill(pid, SIGKILL);
  waitpid(pid, nullptr, 0);
  error = "berth did not start listening; see " + a.log.string();
  return std::nullopt;
}

std::optional<std::string> BenchBerth::get(const std::string& path) const {
  CURL* curl = curl_easy_init();
  std::string body;
  std::string url = "http://127.0.0.1:" + std::to_string(port_) + path;
  curl_easy_setopt(curl, CURLOPT_URL, url.c_str());
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, append);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &body);
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, 5000L);
  CURLcode code = curl_easy_perform(curl);
  long http_status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &http_status);
  curl_easy_cleanup(curl);
  if (code != CURLE_OK || http_status != 200) return std::nullopt;
  return body;
}

std::optional<StatusCounts> BenchBerth::status() const {
  std::optional<std::string> body = get("/status");
  if (!body) return std::nullopt;
  rapidjson::Document doc;
  doc.Parse(body->c_str());
  if (doc.HasParseError() || !doc.IsObject() || !doc["servers"].IsArray()) return std::nullopt;
  StatusCounts counts;
  for (const rapidjson::Value& s : doc["servers"].GetArray()) {
    ++counts.servers;
    if (s["ready"].GetBool()) ++counts.ready;
    counts.container_of[s["name"].GetString()] = s["containerId"].GetString();
  }
  return counts;
}

ProcessSample BenchBerth::sample() const {
  ProcessSample sample;
  std::string proc = "/proc/" + std::to_string(pid_);
  std::string stat = read_file(proc + "/stat");
  std::istringstream fields(stat.substr(stat.rfind(')') + 2));
  std::string field;
  long ticks = 0;
  for (int i = 3; i <= 15 && fields >> field; ++i) {
    if (i == 14 || i == 15) ticks += std::stol(field);  // utime, stime
  }
  sample.cpu_seconds = static_cast<double>(ticks) / static_cast<double>(sysconf(_SC_CLK_TCK));
  std::string status = read_file(proc + "/status");
  sample.rss_kib = status_field_kib(status, "VmRSS");
  sample.peak_rss_kib = status_field_kib(status, "VmHWM");
  sample.threads = static_cast<int>(status_field_kib(status, "Threads"));
  return sample;
}

std::optional<std::chrono::milliseconds> BenchBerth::terminate() {
  auto start = Clock::now();
  kill(pid_, SIGTERM);
  while (Clock::now() - start < 10s) {
    if (waitpid(pid_, nullptr, WNOHANG) == pid_) {
      return std::chrono::duration_cast<std::chrono::milliseconds>(Clock::now() - start);
    }
    std::this_thread::sleep_for(1ms);
  }
  kill(pid_, SIGKILL);
  waitpid(pid_, nullptr, 0);
  return std::nullopt;
}

}  // namespace berth::bench
