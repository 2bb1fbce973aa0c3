#include "specs/import/docker_run.h"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <sstream>

#include "specs/import/docker_argv.h"
#include "specs/import/docker_values.h"
#include "specs/import/draft_env.h"
#include "specs/import/import_names.h"
#include "specs/names.h"
#include "specs/units.h"

namespace berth::specs::import {
namespace {

constexpr size_t kMaxEnvFileBytes = 1024 * 1024;
constexpr int64_t kMinMemory = 6 * 1024 * 1024;

std::string quote_text(std::string_view text) { return "\"" + std::string(text) + "\""; }

Error option_error(std::string_view spelled, const std::string& message) {
  return Error{std::string(spelled) + ": " + message};
}

Result<bool> bool_value(std::string_view spelled, std::string_view value) {
  if (value.empty() || value == "true" || value == "1") return true;
  if (value == "false" || value == "0") return false;
  return option_error(spelled, quote_text(value) + " is not true or false");
}

Result<std::string> read_small_file(const std::filesystem::path& file) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec)) {
    return Error{file.string() + ": cannot be read (not a regular file)"};
  }
  auto size = std::filesystem::file_size(file, ec);
  if (ec) return Error{file.string() + ": cannot be read (" + ec.message() + ")"};
  if (size > kMaxEnvFileBytes) return Error{file.string() + ": larger than 1 MiB"};
  std::ifstream in(file, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  if (!in) return Error{file.string() + ": cannot be read"};
  return text.str();
}

class DockerRunImporter {
 public:
  explicit DockerRunImporter(const DockerRunInput& input) : input_(input) {}

  Result<SpecDraft> run() {
    std::vector<std::string> args = without_command_words(input_.args);
    auto argv = read_docker_argv(args);
    if (!argv) return argv.error_value();
    for (const GivenOption& given : argv->options) {
      Status applied = apply(*given.option, given.spelled, given.value, given.has_value);
      if (!applied) return applied.error_value();
    }
    size_t next = argv->image;
    if (next >= args.size()) return Error{"no image: docker run needs IMAGE after its options"};
    if (!is_image_reference(args[next])) {
      return Error{quote_text(args[next]) + " is not a valid image reference"};
    }
    draft_.image = args[next];
    if (next + 1 < args.size()) draft_.args.emplace(args.begin() + next + 1, args.end());
    if (Status name = set_name(); !name) return name.error_value();
    if (Status transport = set_transport(); !transport) return transport.error_value();
    return std::move(draft_);
  }

 private:
  static std::vector<std::string> without_command_words(std::vector<std::string> args) {
    size_t skip = 0;
    if (skip < args.size() && args[skip] == "docker") ++skip;
    if (skip < args.size() && args[skip] == "container") ++skip;
    if (skip < args.size() && args[skip] == "run") ++skip;
    args.erase(args.begin(), args.begin() + static_cast<std::ptrdiff_t>(skip));
    return args;
  }

  Status apply(const DockerOption& option, const std::string& spelled, const std::string& value,
               bool has_value) {
    bool on = true;
    if (!option.takes_value && has_value) {
      auto parsed = bool_value(spelled, value);
      if (!parsed) return parsed.error_value();
      on = *parsed;
    }
    switch (option.kind) {
      case OptionKind::kDropped:
        if (on) add_dropped(spelled, std::string(option.why));
        return ok_status();
      case OptionKind::kRefused:
        if (!on) return ok_status();
        return option_error(spelled, "refused: " + std::string(option.why));
      case OptionKind::kUnsupported:
        if (!on) return ok_status();
        return option_error(spelled, "not supported: " + std::string(option.why));
      case OptionKind::kMapped:
        break;
    }
    if (!option.takes_value) return apply_flag(option.name, on);
    return apply_value(option.name, spelled, value);
  }

  Status apply_flag(std::string_view name, bool on) {
    if (name == "interactive") interactive_ = on;
    if (name == "read-only") draft_.read_only_root = on;
    return ok_status();
  }

  Status apply_value(std::string_view name, const std::string& spelled, const std::string& value) {
    if (name == "env") return set_env(spelled, value);
    if (name == "env-file") return read_env_file(spelled, value);
    if (name == "volume") return add_mount(spelled, volume_option(value, input_.cwd));
    if (name == "mount") return add_mount(spelled, mount_option(value, input_.cwd));
    if (name == "tmpfs") return add_mount(spelled, tmpfs_option(value));
    if (name == "memory") return set_memory(spelled, value);
    if (name == "cpus") return set_cpus(spelled, value);
    if (name == "pids-limit") return set_pids(spelled, value);
    if (name == "network" || name == "net") return set_network(spelled, value);
    if (name == "label") return set_label(spelled, value);
    if (name == "publish") return add_port(spelled, value);
    if (name == "pull") return set_pull(spelled, value);
    if (name == "entrypoint") return set_entrypoint(spelled, value);
    if (name == "name") docker_name_ = value;
    if (name == "user") return set_user(spelled, value);
    if (name == "pid" || name == "ipc" || name == "uts" || name == "userns" || name == "cgroupns") {
      return set_namespace(spelled, value);
    }
    return ok_status();
  }

  void add_dropped(const std::string& spelled, const std::string& why) {
    std::string line = "Dropped " + spelled + ": " + why + ".";
    if (std::find(draft_.header.begin(), draft_.header.end(), line) == draft_.header.end()) {
      draft_.header.push_back(line);
    }
  }

  Status set_env(const std::string& spelled, const std::string& text) {
    size_t equals = text.find('=');
    std::string name = text.substr(0, equals);
    if (!is_env_name(name)) {
      return option_error(spelled, quote_text(name) + " is not a valid environment variable name");
    }
    unset_env(draft_, name);
    if (equals != std::string::npos) {
      add_known_env(draft_, name, text.substr(equals + 1),
                    "the value given to " + spelled + " " + name);
      return ok_status();
    }
    auto known = input_.env_values.find(name);
    if (known != input_.env_values.end()) {
      add_known_env(draft_, name, known->second, "the value of " + name + " in the client config");
    } else {
      add_secret(draft_, name, std::nullopt,
                 spelled + " " + name + " takes its value from the caller's environment");
    }
    return ok_status();
  }

  Status read_env_file(const std::string& spelled, const std::string& file) {
    std::filesystem::path path = input_.cwd / file;
    auto text = read_small_file(path);
    if (!text) return option_error(spelled, text.error());
    std::istringstream lines(*text);
    std::string line;
    for (int number = 1; std::getline(lines, line); ++number) {
      line.erase(0, line.find_first_not_of(" \t"));
      if (!line.empty() && line.back() == '\r') line.pop_back();
      if (line.empty() || line[0] == '#') continue;
      Status set = set_env(path.string() + ":" + std::to_string(number), line);
      if (!set) return set;
    }
    return ok_status();
  }

  bool target_taken(const std::string& target) const {
    return std::any_of(draft_.volumes.begin(), draft_.volumes.end(),
                       [&](const VolumeDraft& volume) { return volume.target == target; }) ||
           std::any_of(draft_.tmpfs.begin(), draft_.tmpfs.end(),
                       [&](const TmpfsDraft& tmpfs) { return tmpfs.path == target; });
  }

  Status add_mount(const std::string& spelled, Result<DockerMount> mount) {
    if (!mount) return option_error(spelled, mount.error());
    const std::string& target = mount->tmpfs ? mount->tmpfs_mount.path : mount->volume.target;
    if (target_taken(target))
      return option_error(spelled, quote_text(target) + " is mounted twice");
    for (const std::string& dropped : mount->dropped) {
      add_dropped(spelled + " option " + dropped, "a spec cannot express it");
    }
    if (mount->tmpfs) {
      draft_.tmpfs.push_back(mount->tmpfs_mount);
    } else {
      draft_.volumes.push_back(mount->volume);
    }
    return ok_status();
  }

  Status set_memory(const std::string& spelled, const std::string& value) {
    auto size = docker_size(value);
    if (!size) return option_error(spelled, size.error());
    if (parse_size(*size).value_or(0) < kMinMemory) {
      return option_error(spelled, quote_text(value) + " is below Docker's minimum of 6m");
    }
    draft_.memory = *size;
    return ok_status();
  }

  Status set_cpus(const std::string& spelled, const std::string& value) {
    if (!parse_cpus(value) || value.back() == 'm') {
      return option_error(spelled, quote_text(value) + " is not a number of CPUs (e.g. 0.5)");
    }
    draft_.cpus = value;
    return ok_status();
  }

  Status set_pids(const std::string& spelled, const std::string& value) {
    int64_t pids = 0;
    auto parsed = std::from_chars(value.data(), value.data() + value.size(), pids);
    if (parsed.ec != std::errc() || parsed.ptr != value.data() + value.size() || pids > 4194304) {
      return option_error(spelled, quote_text(value) + " is not a number of processes");
    }
    if (pids <= 0) {
      draft_.pids.reset();
      add_dropped(spelled + " " + value, "it means no limit, which is berth's default");
    } else {
      draft_.pids = pids;
    }
    return ok_status();
  }

  Status set_network(const std::string& spelled, const std::string& value) {
    if (value == "host") {
      return option_error(spelled, "host is refused: it shares the host's network stack and ports");
    }
    if (value.rfind("container:", 0) == 0) {
      return option_error(
          spelled, quote_text(value) + " is refused: it shares another container's network stack");
    }
    if (!is_docker_object_name(value)) {
      return option_error(spelled, quote_text(value) + " is not a valid network name");
    }
    draft_.network = value == "default" ? "bridge" : value;
    return ok_status();
  }

  Status set_namespace(const std::string& spelled, const std::string& value) {
    if (value == "host" || value.rfind("container:", 0) == 0) {
      return option_error(spelled, quote_text(value) + " is refused: it shares a namespace with " +
                                       (value == "host" ? "the host" : "another container"));
    }
    add_dropped(spelled + " " + value, "berth keeps the container's own namespaces");
    return ok_status();
  }

  Status set_label(const std::string& spelled, const std::string& text) {
    size_t equals = text.find('=');
    std::string key = text.substr(0, equals);
    std::string value = equals == std::string::npos ? "" : text.substr(equals + 1);
    if (key.empty()) return option_error(spelled, quote_text(text) + " has no label name");
    if (key.rfind("berth.", 0) == 0) {
      return option_error(spelled,
                          "the label prefix \"berth.\" is reserved for berth's own labels");
    }
    std::erase_if(draft_.labels, [&](const auto& label) { return label.first == key; });
    draft_.labels.emplace_back(key, value);
    return ok_status();
  }

  Status add_port(const std::string& spelled, const std::string& value) {
    auto port = published_container_port(value);
    if (!port) return option_error(spelled, port.error());
    ports_.emplace_back(*port, spelled + " " + value);
    return ok_status();
  }

  Status set_pull(const std::string& spelled, const std::string& value) {
    if (value == "always") draft_.pull = "Always";
    if (value == "missing") draft_.pull = "IfNotPresent";
    if (value == "never") draft_.pull = "Never";
    if (value != "always" && value != "missing" && value != "never") {
      return option_error(spelled, quote_text(value) + " is not always, missing or never");
    }
    return ok_status();
  }

  Status set_user(const std::string& spelled, const std::string& value) {
    if (value.empty()) return option_error(spelled, "needs a user (uid[:gid] or a name)");
    draft_.user = value;
    return ok_status();
  }

  Status set_entrypoint(const std::string& spelled, const std::string& value) {
    if (value.empty()) {
      return option_error(spelled, "an empty entrypoint is not supported; name the program");
    }
    draft_.command = std::vector<std::string>{value};
    draft_.command_note = "from " + spelled;
    return ok_status();
  }

  Status set_name() {
    if (!input_.name.empty()) {
      if (!is_server_name(input_.name)) {
        return Error{"--name " + quote_text(input_.name) +
                     " is not a valid server name (lowercase " +
                     "letters, digits and '-', 1-63 characters, not starting or ending with '-')"};
      }
      draft_.name = input_.name;
      return ok_status();
    }
    if (docker_name_.empty()) {
      draft_.name = server_name_from_image(draft_.image);
      draft_.name_note = "named after the image; rename freely";
      return ok_status();
    }
    draft_.name = server_name_from(docker_name_);
    if (draft_.name != docker_name_) {
      draft_.name_note = "from --name " + docker_name_ + " (lowercase letters, digits and '-')";
    }
    return ok_status();
  }

  Status set_transport() {
    std::string transport = input_.transport;
    if (transport.empty()) {
      if (!interactive_) {
        return Error{"no -i: a stdio server needs -i; for an HTTP server give --transport " +
                     std::string("streamable-http (or sse) and its port with -p")};
      }
      transport = "stdio";
    }
    if (transport == "stdio") return set_stdio();
    if (transport != "streamable-http" && transport != "sse") {
      return Error{"--transport " + quote_text(transport) +
                   " is not stdio, streamable-http or sse"};
    }
    if (ports_.size() != 1) {
      return Error{"--transport " + transport +
                   (ports_.empty() ? " needs the container port: add -p PORT (e.g. -p 8080:3000)"
                                   : " needs one container port, and -p was given " +
                                         std::to_string(ports_.size()) + " times")};
    }
    if (draft_.network == "none") {
      return Error{"--network none cannot be used with --transport " + transport +
                   ": berth reaches the server through a published port"};
    }
    draft_.transport = transport;
    draft_.port = ports_.front().first;
    draft_.transport_note = "--transport " + transport + " on container port " +
                            std::to_string(draft_.port) + " (from " + ports_.front().second +
                            "; berth publishes it on 127.0.0.1 itself). Path: berth's default " +
                            (transport == "sse" ? "/sse" : "/mcp") +
                            "; set transport.path if the server serves elsewhere.";
    if (interactive_) add_dropped("-i", "the server speaks " + transport + ", not stdio");
    return ok_status();
  }

  Status set_stdio() {
    draft_.transport = "stdio";
    draft_.transport_note = interactive_ ? "-i: the server speaks MCP on stdin and stdout"
                                         : "--transport stdio (berth keeps stdin open itself)";
    for (const auto& port : ports_) add_dropped(port.second, "a stdio server needs no port");
    return ok_status();
  }

  const DockerRunInput& input_;
  SpecDraft draft_;
  bool interactive_ = false;
  std::string docker_name_;
  std::vector<std::pair<int, std::string>> ports_;  // container port, option as given
};

}  // namespace

Result<SpecDraft> import_docker_run(const DockerRunInput& input) {
  return DockerRunImporter(input).run();
}

}  // namespace berth::specs::import
