#include "specs/canonical.h"

#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <algorithm>
#include <set>
#include <tuple>

namespace berth::specs {
namespace {

using Writer = rapidjson::Writer<rapidjson::StringBuffer>;

void write_string(Writer& w, std::string_view text) {
  w.String(text.data(), static_cast<rapidjson::SizeType>(text.size()));
}

void write_strings(Writer& w, const std::vector<std::string>& items) {
  w.StartArray();
  for (const std::string& item : items) write_string(w, item);
  w.EndArray();
}

void write_optional_strings(Writer& w, const std::optional<std::vector<std::string>>& items) {
  if (items) {
    write_strings(w, *items);
  } else {
    w.Null();
  }
}

void write_map(Writer& w, const std::map<std::string, std::string>& map) {
  w.StartObject();
  for (const auto& [key, value] : map) {
    write_string(w, key);
    write_string(w, value);
  }
  w.EndObject();
}

// Optional fields are written as null when absent, so "absent" and "empty" stay distinct.
void write_optional(Writer& w, std::string_view key, const std::optional<int64_t>& value) {
  write_string(w, key);
  value ? w.Int64(*value) : w.Null();
}

void write_secrets(Writer& w, std::vector<SecretRef> secrets) {
  std::sort(secrets.begin(), secrets.end(), [](const SecretRef& a, const SecretRef& b) {
    return std::tie(a.name, a.env, a.path) < std::tie(b.name, b.env, b.path);
  });
  w.StartArray();
  for (const SecretRef& s : secrets) {
    w.StartObject();
    write_string(w, "env");
    write_string(w, s.env);
    write_string(w, "name");
    write_string(w, s.name);
    write_string(w, "path");
    write_string(w, s.path);
    w.EndObject();
  }
  w.EndArray();
}

void write_volumes(Writer& w, std::vector<VolumeMount> volumes) {
  std::sort(volumes.begin(), volumes.end(),
            [](const VolumeMount& a, const VolumeMount& b) { return a.target < b.target; });
  w.StartArray();
  for (const VolumeMount& v : volumes) {
    w.StartObject();
    write_string(w, "named");
    w.Bool(v.named_volume);
    write_string(w, "readOnly");
    w.Bool(v.read_only);
    write_string(w, "source");
    write_string(w, v.source);
    write_string(w, "target");
    write_string(w, v.target);
    w.EndObject();
  }
  w.EndArray();
}

void write_tmpfs(Writer& w, std::vector<TmpfsMount> mounts) {
  std::sort(mounts.begin(), mounts.end(),
            [](const TmpfsMount& a, const TmpfsMount& b) { return a.target < b.target; });
  w.StartArray();
  for (const TmpfsMount& m : mounts) {
    w.StartObject();
    write_optional(w, "mode", m.mode ? std::optional<int64_t>(*m.mode) : std::nullopt);
    write_optional(w, "size", m.size_bytes);
    write_string(w, "target");
    write_string(w, m.target);
    w.EndObject();
  }
  w.EndArray();
}

void write_transport(Writer& w, const Transport& t) {
  w.StartObject();
  write_string(w, "path");
  write_string(w, t.path);
  write_string(w, "port");
  w.Int(t.port);
  write_string(w, "type");
  write_string(w, to_string(t.type));
  w.EndObject();
}

std::string hex(const unsigned char* data, size_t size) {
  static constexpr char kDigits[] = "0123456789abcdef";
  std::string out;
  out.reserve(size * 2);
  for (size_t i = 0; i < size; ++i) {
    out += kDigits[data[i] >> 4];
    out += kDigits[data[i] & 0xf];
  }
  return out;
}

std::string hmac_sha256_hex(std::string_view key, std::string_view message) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(), digest, &length);
  return hex(digest, length);
}

std::string sha256_hex(std::string_view message) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_Digest(message.data(), message.size(), digest, &length, EVP_sha256(), nullptr);
  return hex(digest, length);
}

}  // namespace

std::string canonical_json(const ServerSpec& spec) {
  rapidjson::StringBuffer buffer;
  Writer w(buffer);
  w.StartObject();
  write_string(w, "args");
  write_optional_strings(w, spec.args);
  write_string(w, "command");
  write_optional_strings(w, spec.command);
  write_string(w, "env");
  write_map(w, spec.env);
  write_string(w, "image");
  write_string(w, spec.image);
  write_string(w, "labels");
  write_map(w, spec.labels);
  write_string(w, "name");
  write_string(w, spec.name);
  write_string(w, "network");
  write_string(w, spec.network);
  write_string(w, "readOnlyRootFilesystem");
  w.Bool(spec.read_only_root_filesystem);
  write_string(w, "resources");
  w.StartObject();
  write_optional(w, "cpus", spec.resources.nano_cpus);
  write_optional(w, "memory", spec.resources.memory_bytes);
  write_optional(w, "pids", spec.resources.pids);
  w.EndObject();
  write_string(w, "secrets");
  write_secrets(w, spec.secrets);
  write_string(w, "tmpfs");
  write_tmpfs(w, spec.tmpfs);
  write_string(w, "transport");
  write_transport(w, spec.transport);
  write_string(w, "user");
  write_string(w, spec.user);
  write_string(w, "volumes");
  write_volumes(w, spec.volumes);
  w.EndObject();
  return std::string(buffer.GetString(), buffer.GetSize());
}

std::string SpecHasher::hash(const ServerSpec& spec,
                             const std::map<std::string, std::string>& secret_values) const {
  std::string material = "berth/v1\n" + canonical_json(spec) + "\n";
  std::set<std::string> names;  // sorted and unique: file order does not matter
  for (const SecretRef& secret : spec.secrets) names.insert(secret.name);
  for (const std::string& name : names) {
    auto it = secret_values.find(name);
    std::string digest =
        it == secret_values.end() ? "absent" : hmac_sha256_hex(key_, name + '\0' + it->second);
    material += name + "=" + digest + "\n";
  }
  return sha256_hex(material);
}

}  // namespace berth::specs
