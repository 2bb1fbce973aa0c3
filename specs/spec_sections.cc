#include "specs/spec_sections.h"

#include <algorithm>

#include "specs/names.h"
#include "specs/units.h"

namespace berth::specs {
namespace {

constexpr std::string_view kSecretFields[] = {"name", "env", "path"};
constexpr std::string_view kVolumeFields[] = {"source", "target", "readOnly"};
constexpr std::string_view kResourceFields[] = {"memory", "cpus", "pids"};
constexpr std::string_view kTransportFields[] = {"type", "port", "path"};
constexpr std::string_view kTransportTypes[] = {"stdio", "streamable-http", "sse"};
constexpr std::string_view kHealthFields[] = {"interval", "timeout", "failureThreshold"};
constexpr std::string_view kRestartFields[] = {"initialDelay", "maxDelay"};
constexpr int64_t kMinMemory = 6 * 1024 * 1024;  // the Engine API refuses less

using Fields = std::map<std::string, Field>;

bool is_absolute_path(std::string_view path) { return !path.empty() && path.front() == '/'; }

// The container paths already taken by secrets and volumes, to report a second mount there.
std::vector<std::string> mounted_paths(const ServerSpec& spec) {
  std::vector<std::string> paths;
  for (const SecretRef& secret : spec.secrets) {
    if (!secret.path.empty()) paths.push_back(secret.path);
  }
  for (const VolumeMount& volume : spec.volumes) paths.push_back(volume.target);
  for (const TmpfsMount& tmpfs : spec.tmpfs) paths.push_back(tmpfs.target);
  return paths;
}

}  // namespace

std::optional<std::string> read_container_path(FieldReader& reader, const Field& field,
                                               const ServerSpec& spec) {
  auto text = reader.string(field);
  if (!text) return std::nullopt;
  if (!is_absolute_path(*text)) {
    reader.error(field, in_quotes(*text) + " must be an absolute path in the container");
    return std::nullopt;
  }
  // `/data/` and `/data/.` are the mount point `/data`: Docker refuses the same one twice.
  std::string path = std::filesystem::path(*text).lexically_normal().string();
  if (path.size() > 1 && path.back() == '/') path.pop_back();
  if (path == "/") {
    reader.error(field, in_quotes(*text) + " is the container's root; mount below it");
    return std::nullopt;
  }
  auto taken = mounted_paths(spec);
  if (std::find(taken.begin(), taken.end(), path) != taken.end()) {
    reader.error(field,
                 in_quotes(*text) + " is already mounted by another secret, volume or tmpfs");
    return std::nullopt;
  }
  return path;
}

namespace {

void parse_secret_env(FieldReader& reader, const Field& field, const ServerSpec& spec,
                      SecretRef& secret) {
  auto env = reader.string(field);
  if (!env) return;
  if (!is_env_name(*env)) {
    reader.error(field, in_quotes(*env) + " is not a valid environment variable name");
  } else if (spec.env.count(*env) != 0) {
    reader.error(field, in_quotes(*env) + " is also set in spec.env");
  } else if (std::any_of(spec.secrets.begin(), spec.secrets.end(),
                         [&](const SecretRef& other) { return other.env == *env; })) {
    reader.error(field, in_quotes(*env) + " is already set by another secret");
  } else {
    secret.env = *env;
  }
}

void parse_secret(FieldReader& reader, const Field& item, ServerSpec& spec) {
  auto fields = reader.mapping(item, kSecretFields);
  if (!fields) return;
  SecretRef secret;
  const Field* name = find_field(*fields, "name");
  const Field* env = find_field(*fields, "env");
  const Field* path = find_field(*fields, "path");
  if (!name) {
    reader.error(item.pos(), item.path + ".name", "missing required field");
  } else if (auto text = reader.string(*name)) {
    secret.name = *text;
    secret.pos = name->pos();
    if (!is_secret_name(*text)) {
      reader.error(*name, in_quotes(*text) + " is not a valid secret file name " +
                              "([A-Za-z0-9][A-Za-z0-9._-]*, no '/')");
    }
  }
  std::string subject = secret.name.empty() ? "a secret" : "secret " + in_quotes(secret.name);
  if (env && path) {
    reader.error(item, subject + " sets both env and path; choose one");
  } else if (!env && !path) {
    reader.error(item, subject + " needs env (an environment variable) or path (a file in the " +
                           "container)");
  }
  if (env) parse_secret_env(reader, *env, spec, secret);
  if (path) secret.path = read_container_path(reader, *path, spec).value_or("");
  spec.secrets.push_back(std::move(secret));
}

std::optional<VolumeMount> read_volume_source(FieldReader& reader, const Field& field,
                                              const SpecSource& source) {
  auto text = reader.string(field);
  if (!text) return std::nullopt;
  VolumeMount volume;
  if (is_absolute_path(*text)) {
    volume.source = std::filesystem::path(*text).lexically_normal().string();
  } else if (text->front() == '.' && (text->size() == 1 || (*text)[1] == '/' ||
                                      text->rfind("../", 0) == 0 || *text == "..")) {
    volume.source = (source.base_dir / *text).lexically_normal().string();
  } else if (is_docker_object_name(*text)) {
    volume.source = *text;
    volume.named_volume = true;
  } else {
    reader.error(field, in_quotes(*text) + " is neither a host path (absolute, or starting with " +
                            "./ or ../) nor a volume name");
    return std::nullopt;
  }
  if (volume.source.size() > 1 && volume.source.back() == '/') volume.source.pop_back();
  return volume;
}

void parse_volume(FieldReader& reader, const Field& item, const SpecSource& source,
                  ServerSpec& spec) {
  auto fields = reader.mapping(item, kVolumeFields);
  if (!fields) return;
  const Field* source_field = find_field(*fields, "source");
  const Field* target = find_field(*fields, "target");
  const Field* read_only = find_field(*fields, "readOnly");
  if (!source_field) reader.error(item.pos(), item.path + ".source", "missing required field");
  if (!target) reader.error(item.pos(), item.path + ".target", "missing required field");
  std::optional<VolumeMount> volume;
  if (source_field) volume = read_volume_source(reader, *source_field, source);
  std::optional<std::string> target_path;
  if (target) target_path = read_container_path(reader, *target, spec);
  std::optional<bool> read_only_value = false;
  if (read_only) read_only_value = reader.boolean(*read_only);
  if (volume && target_path && read_only_value) {
    volume->target = *target_path;
    volume->read_only = *read_only_value;
    spec.volumes.push_back(std::move(*volume));
  }
}

}  // namespace

void parse_secrets(FieldReader& reader, const Field& field, ServerSpec& spec) {
  auto items = reader.sequence(field);
  if (!items) return;
  for (const Field& item : *items) parse_secret(reader, item, spec);
}

void parse_volumes(FieldReader& reader, const Field& field, const SpecSource& source,
                   ServerSpec& spec) {
  auto items = reader.sequence(field);
  if (!items) return;
  for (const Field& item : *items) parse_volume(reader, item, source, spec);
}

void parse_resources(FieldReader& reader, const Field& field, Resources& resources) {
  auto fields = reader.mapping(field, kResourceFields);
  if (!fields) return;
  if (const Field* memory = find_field(*fields, "memory"); memory && reader.string(*memory)) {
    const std::string& text = memory->value.Scalar();
    auto bytes = parse_size(text);
    if (!bytes) {
      reader.error(*memory, in_quotes(text) + " is not a size (try " + suggest_size(text) + ")");
    } else if (*bytes < kMinMemory) {
      reader.error(*memory, in_quotes(text) + " is below Docker's minimum of 6Mi");
    } else {
      resources.memory_bytes = bytes;
    }
  }
  if (const Field* cpus = find_field(*fields, "cpus"); cpus && reader.string(*cpus)) {
    const std::string& text = cpus->value.Scalar();
    auto nano = parse_cpus(text);
    if (!nano) {
      reader.error(*cpus, in_quotes(text) + " is not a CPU amount (try 0.5 or 500m)");
    } else if (*nano < 1000 * 1000) {
      reader.error(*cpus, in_quotes(text) + " is below the minimum of 1m (0.001 CPU)");
    } else {
      resources.nano_cpus = nano;
    }
  }
  if (const Field* pids = find_field(*fields, "pids")) {
    if (auto value = reader.integer(*pids, 1, 4194304)) resources.pids = value;
  }
}

void parse_transport(FieldReader& reader, const Field& field, Transport& transport) {
  auto fields = reader.mapping(field, kTransportFields);
  if (!fields) return;
  // With a misspelt type, port and path are still checked, but neither required nor refused.
  std::optional<TransportType> type = TransportType::kStdio;
  if (const Field* type_field = find_field(*fields, "type")) {
    auto index = reader.one_of(*type_field, kTransportTypes);
    type = index ? std::optional(TransportType(*index)) : std::nullopt;
  }
  const Field* port = find_field(*fields, "port");
  const Field* path = find_field(*fields, "path");
  if (type == TransportType::kStdio) {
    for (const Field* extra : {port, path}) {
      if (extra)
        reader.error(pos_of(extra->key), extra->path, "only streamable-http and sse use it");
    }
    return;
  }
  transport.type = type.value_or(transport.type);
  if (!port) {
    if (type) {
      reader.error(field.pos(), field.path + ".port",
                   "missing required field (the container port that " +
                       std::string(to_string(*type)) + " listens on)");
    }
  } else if (auto value = reader.integer(*port, 1, 65535)) {
    transport.port = static_cast<int>(*value);
  }
  transport.path = transport.type == TransportType::kSse ? "/sse" : "/mcp";
  if (path) {
    auto text = reader.string(*path);
    if (text && !is_absolute_path(*text)) {
      reader.error(*path, in_quotes(*text) + " must start with '/'");
    } else if (text) {
      transport.path = *text;
    }
  }
}

std::optional<Millis> read_duration(FieldReader& reader, const Field& field) {
  auto text = reader.string(field);
  if (!text) return std::nullopt;
  auto duration = parse_duration(*text);
  if (!duration) {
    reader.error(field,
                 in_quotes(*text) + " is not a duration (try " + suggest_duration(*text) + ")");
  } else if (duration->count() == 0) {
    reader.error(field, "must be longer than 0s");
    return std::nullopt;
  }
  return duration;
}

// Reads an optional duration field into `out`. False, with `out` unchanged, when it is invalid:
// then the default left in `out` must not be compared with the other fields.
bool read_duration_into(FieldReader& reader, const Field* field, Millis& out) {
  if (!field) return true;
  auto duration = read_duration(reader, *field);
  if (duration) out = *duration;
  return duration.has_value();
}

void parse_health(FieldReader& reader, const Field& field, HealthCheck& health) {
  auto fields = reader.mapping(field, kHealthFields);
  if (!fields) return;
  const Field* interval = find_field(*fields, "interval");
  const Field* timeout = find_field(*fields, "timeout");
  bool durations_ok = read_duration_into(reader, interval, health.interval);
  durations_ok = read_duration_into(reader, timeout, health.timeout) && durations_ok;
  if (const Field* threshold = find_field(*fields, "failureThreshold")) {
    health.failure_threshold =
        static_cast<int>(reader.integer(*threshold, 1, 1000).value_or(health.failure_threshold));
  }
  if (!durations_ok || health.timeout <= health.interval) return;
  if (timeout) {
    reader.error(*timeout, format_duration(health.timeout) + " is longer than the interval " +
                               format_duration(health.interval));
  } else {
    reader.error(*interval, format_duration(health.interval) +
                                " is shorter than the default timeout 5s; set timeout too");
  }
}

void parse_restart(FieldReader& reader, const Field& field, RestartPolicy& restart) {
  auto fields = reader.mapping(field, kRestartFields);
  if (!fields) return;
  const Field* initial = find_field(*fields, "initialDelay");
  const Field* max = find_field(*fields, "maxDelay");
  bool durations_ok = read_duration_into(reader, initial, restart.initial_delay);
  durations_ok = read_duration_into(reader, max, restart.max_delay) && durations_ok;
  if (!durations_ok || restart.max_delay >= restart.initial_delay) return;
  if (max) {
    reader.error(*max, format_duration(restart.max_delay) + " is shorter than initialDelay " +
                           format_duration(restart.initial_delay));
  } else {
    reader.error(*initial, format_duration(restart.initial_delay) +
                               " is longer than the default maxDelay 5m; set maxDelay too");
  }
}

}  // namespace berth::specs
