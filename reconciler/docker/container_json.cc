#include "reconciler/docker/container_json.h"

#include <rapidjson/document.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <charconv>

#include "reconciler/docker/json_members.h"

namespace berth::reconciler::docker {
namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;
using JsonValue = rapidjson::Value;

void write_string(Writer& writer, std::string_view text) {
  writer.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
}

void write_strings(Writer& writer, std::string_view key, const std::vector<std::string>& items) {
  write_string(writer, key);
  writer.StartArray();
  for (const auto& item : items) write_string(writer, item);
  writer.EndArray();
}

void write_labels(Writer& writer, const Labels& labels) {
  writer.Key("Labels");
  writer.StartObject();
  for (const auto& [key, value] : labels) {
    write_string(writer, key);
    write_string(writer, value);
  }
  writer.EndObject();
}

void write_mounts(Writer& writer, const std::vector<BindMount>& mounts) {
  writer.Key("Mounts");
  writer.StartArray();
  for (const auto& mount : mounts) {
    writer.StartObject();
    writer.Key("Type");
    writer.String(mount.named_volume ? "volume" : "bind");
    writer.Key("Source");
    write_string(writer, mount.source);
    writer.Key("Target");
    write_string(writer, mount.target);
    writer.Key("ReadOnly");
    writer.Bool(mount.read_only);
    writer.EndObject();
  }
  writer.EndArray();
}

void write_limit(Writer& writer, const char* key, const std::optional<int64_t>& value) {
  if (!value) return;
  writer.Key(key);
  writer.Int64(*value);
}

void write_port_bindings(Writer& writer, const std::string& port) {
  writer.Key("PortBindings");
  writer.StartObject();
  write_string(writer, port);
  writer.StartArray();
  writer.StartObject();
  writer.Key("HostIp");
  writer.String("127.0.0.1");  // never on all interfaces
  writer.Key("HostPort");
  writer.String("");  // an ephemeral port
  writer.EndObject();
  writer.EndArray();
  writer.EndObject();
}

// The settings berth applies to every container, whatever its spec says.
void write_secure_defaults(Writer& writer, bool init) {
  write_strings(writer, "CapDrop", {"ALL"});
  write_strings(writer, "SecurityOpt", {"no-new-privileges"});
  writer.Key("Init");
  writer.Bool(init);
  writer.Key("RestartPolicy");  // berth restarts containers itself, with backoff
  writer.StartObject();
  writer.Key("Name");
  writer.String("no");
  writer.EndObject();
}

void write_log_config(Writer& writer, const ContainerConfig& config) {
  writer.Key("LogConfig");
  writer.StartObject();
  writer.Key("Type");
  write_string(writer, config.log_driver);
  writer.Key("Config");
  writer.StartObject();
  for (const auto& [key, value] : config.log_options) {
    write_string(writer, key);
    write_string(writer, value);
  }
  writer.EndObject();
  writer.EndObject();
}

void write_host_config(Writer& writer, const ContainerConfig& config, const std::string& port) {
  writer.Key("HostConfig");
  writer.StartObject();
  if (!port.empty()) write_port_bindings(writer, port);
  write_mounts(writer, config.mounts);
  write_limit(writer, "Memory", config.memory_bytes);
  write_limit(writer, "NanoCpus", config.nano_cpus);
  write_limit(writer, "PidsLimit", config.pids_limit);
  writer.Key("NetworkMode");
  write_string(writer, config.network_mode);
  writer.Key("ReadonlyRootfs");
  writer.Bool(config.read_only_rootfs);
  if (!config.tmpfs.empty()) {
    writer.Key("Tmpfs");
    writer.StartObject();
    for (const auto& [target, options] : config.tmpfs) {
      write_string(writer, target);
      write_string(writer, options);
    }
    writer.EndObject();
  }
  write_secure_defaults(writer, config.init);
  write_log_config(writer, config);
  writer.EndObject();
}

void write_stdio_flags(Writer& writer, bool open_stdin) {
  for (const char* key : {"OpenStdin", "AttachStdin", "AttachStdout", "AttachStderr"}) {
    writer.Key(key);
    writer.Bool(open_stdin);
  }
  writer.Key("StdinOnce");
  writer.Bool(false);
  writer.Key("Tty");
  writer.Bool(false);
}

bool bool_member(const JsonValue& object, const char* key) {
  auto it = object.FindMember(key);
  return it != object.MemberEnd() && it->value.IsBool() && it->value.GetBool();
}

int int_member(const JsonValue& object, const char* key) {
  auto it = object.FindMember(key);
  return it != object.MemberEnd() && it->value.IsInt() ? it->value.GetInt() : 0;
}

Labels labels_of(const JsonValue* labels) {
  Labels out;
  if (labels == nullptr) return out;
  for (const auto& member : labels->GetObject()) {
    if (member.value.IsString()) out[member.name.GetString()] = member.value.GetString();
  }
  return out;
}

std::string without_slash(std::string name) {
  if (!name.empty() && name.front() == '/') name.erase(0, 1);
  return name;
}

// The HostPort bound on 127.0.0.1 for `port` ("3001/tcp") in NetworkSettings.Ports, or 0.
int published_port(const JsonValue& inspect, const std::string& port) {
  const JsonValue* settings = object_member(inspect, "NetworkSettings");
  const JsonValue* ports = settings ? object_member(*settings, "Ports") : nullptr;
  if (ports == nullptr) return 0;
  auto it = ports->FindMember(port.c_str());
  if (it == ports->MemberEnd() || !it->value.IsArray()) return 0;
  for (const auto& binding : it->value.GetArray()) {
    if (string_member(binding, "HostIp") != "127.0.0.1") continue;
    std::string text = string_member(binding, "HostPort");
    int value = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (error == std::errc() && end == text.data() + text.size()) return value;
  }
  return 0;
}

Result<rapidjson::Document> parse(std::string_view json, const char* what) {
  rapidjson::Document doc;
  doc.Parse(json.data(), json.size());
  if (doc.HasParseError()) {
    return Error{std::string("the Docker engine sent unreadable JSON for ") + what, 0};
  }
  return doc;
}

std::vector<std::string> strings_member(const JsonValue& object, const char* key) {
  std::vector<std::string> out;
  auto it = object.FindMember(key);
  if (it == object.MemberEnd() || !it->value.IsArray()) return out;
  for (const auto& item : it->value.GetArray()) {
    if (item.IsString()) out.emplace_back(item.GetString(), item.GetStringLength());
  }
  return out;
}

}  // namespace

std::string container_create_body(const ContainerConfig& config) {
  std::string port =
      config.container_port > 0 ? std::to_string(config.container_port) + "/tcp" : std::string();
  rapidjson::StringBuffer buffer;
  Writer writer(buffer);
  writer.StartObject();
  writer.Key("Image");
  write_string(writer, config.image);
  if (config.entrypoint) write_strings(writer, "Entrypoint", *config.entrypoint);
  if (config.cmd) write_strings(writer, "Cmd", *config.cmd);
  write_strings(writer, "Env", config.env);
  if (!config.user.empty()) {
    writer.Key("User");
    write_string(writer, config.user);
  }
  write_labels(writer, config.labels);
  write_stdio_flags(writer, config.open_stdin);
  if (!port.empty()) {
    writer.Key("ExposedPorts");
    writer.StartObject();
    write_string(writer, port);
    writer.StartObject();
    writer.EndObject();
    writer.EndObject();
  }
  write_host_config(writer, config, port);
  writer.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

Result<ContainerInfo> parse_container_info(std::string_view json, int container_port) {
  auto doc = parse(json, "a container");
  if (!doc) return doc.error_value();
  if (!doc->IsObject()) return Error{"the Docker engine sent no container object", 0};
  ContainerInfo info;
  info.id = string_member(*doc, "Id");
  info.name = without_slash(string_member(*doc, "Name"));
  const JsonValue* config = object_member(*doc, "Config");
  if (config != nullptr) {
    info.image = string_member(*config, "Image");
    info.labels = labels_of(object_member(*config, "Labels"));
  }
  if (const JsonValue* state = object_member(*doc, "State")) {
    info.state = string_member(*state, "Status");
    info.running = bool_member(*state, "Running");
    info.exit_code = int_member(*state, "ExitCode");
    info.oom_killed = bool_member(*state, "OOMKilled");
    info.started_at = string_member(*state, "StartedAt");
    info.finished_at = string_member(*state, "FinishedAt");
  }
  if (container_port > 0) {
    info.host_port = published_port(*doc, std::to_string(container_port) + "/tcp");
  }
  return info;
}

Result<ImageConfig> parse_image_config(std::string_view json) {
  auto doc = parse(json, "an image");
  if (!doc) return doc.error_value();
  if (!doc->IsObject()) return Error{"the Docker engine sent no image object", 0};
  ImageConfig image;
  if (const JsonValue* config = object_member(*doc, "Config")) {
    image.entrypoint = strings_member(*config, "Entrypoint");
    image.cmd = strings_member(*config, "Cmd");
    image.user = string_member(*config, "User");
  }
  return image;
}

Result<std::vector<ContainerSummary>> parse_container_list(std::string_view json) {
  auto doc = parse(json, "the container list");
  if (!doc) return doc.error_value();
  if (!doc->IsArray()) return Error{"the Docker engine sent no container list", 0};
  std::vector<ContainerSummary> out;
  for (const auto& item : doc->GetArray()) {
    if (!item.IsObject()) continue;
    ContainerSummary summary;
    summary.id = string_member(item, "Id");
    auto names = item.FindMember("Names");
    if (names != item.MemberEnd() && names->value.IsArray() && !names->value.Empty() &&
        names->value[0].IsString()) {
      summary.name = without_slash(names->value[0].GetString());
    }
    summary.state = string_member(item, "State");
    summary.labels = labels_of(object_member(item, "Labels"));
    out.push_back(std::move(summary));
  }
  return out;
}

}  // namespace berth::reconciler::docker
