#include "specs/import/docker_values.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>

#include "specs/names.h"
#include "specs/units.h"

namespace berth::specs::import {
namespace {

constexpr int64_t kMaxBytes = int64_t{1} << 50;  // 1 PiB: past this a size is a typo
// SELinux labels, copy and consistency modes, mount propagation: nothing a spec can say.
constexpr std::array<std::string_view, 12> kDroppedVolumeOptions = {
    "z",      "Z",       "nocopy", "cached", "delegated", "consistent",
    "shared", "rshared", "slave",  "rslave", "private",   "rprivate"};

std::vector<std::string_view> split(std::string_view text, char separator) {
  std::vector<std::string_view> parts;
  size_t start = 0;
  while (true) {
    size_t end = text.find(separator, start);
    parts.push_back(text.substr(start, end == std::string_view::npos ? end : end - start));
    if (end == std::string_view::npos) return parts;
    start = end + 1;
  }
}

std::string quote_text(std::string_view text) { return "\"" + std::string(text) + "\""; }

int64_t unit_factor(std::string_view unit) {
  std::string lower;
  for (char c : unit) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (lower.size() == 2 && lower[1] == 'b') lower.pop_back();  // kb, mb, gb, tb
  if (lower.empty() || lower == "b") return 1;
  if (lower == "k") return int64_t{1} << 10;
  if (lower == "m") return int64_t{1} << 20;
  if (lower == "g") return int64_t{1} << 30;
  if (lower == "t") return int64_t{1} << 40;
  return 0;
}

// Why a host path must not be mounted into a server's container; empty when it may.
std::string refused_host_path(const std::string& source) {
  if (source == "/") return "mounts the host's whole file system";
  if (source == "/dev" || source.rfind("/dev/", 0) == 0) {
    return "mounts a host device, which weakens the container's isolation";
  }
  if (source.size() >= 11 && source.substr(source.size() - 11) == "docker.sock") {
    return "gives the container the Docker socket, which is root on the host";
  }
  return "";
}

// The source of a bind or volume mount: an absolute host path, a relative one (made absolute
// against `cwd`, with a note), or a volume name.
Status set_source(std::string_view text, const std::filesystem::path& cwd, VolumeDraft& volume) {
  std::string source(text);
  if (source.front() == '~') {
    return Error{"host path " + quote_text(text) + ": '~' was not expanded by a shell; give the " +
                 "absolute path"};
  }
  if (source.front() == '.') {
    source = (cwd / source).lexically_normal().string();
    if (source.size() > 1 && source.back() == '/') source.pop_back();
    volume.note = "host path " + std::string(text) + " resolved against " + cwd.string() +
                  " (a spec's relative paths are relative to the spec file)";
  } else if (source.front() != '/' && !is_docker_object_name(source)) {
    return Error{quote_text(text) + " is neither a host path nor a volume name"};
  }
  if (std::string why = refused_host_path(source); !why.empty()) {
    return Error{"mounting " + quote_text(source) + " is refused: it " + why};
  }
  volume.source = source;
  return ok_status();
}

Status set_target(std::string_view text, std::string& target) {
  if (text.empty() || text.front() != '/') {
    return Error{"container path " + quote_text(text) + " must be absolute"};
  }
  target = std::string(text);
  return ok_status();
}

// A tmpfs mode: octal permission bits, at most 4 digits (`1777`).
Status set_mode(std::string_view text, TmpfsDraft& tmpfs) {
  if (text.empty()) return ok_status();
  bool octal = text.size() <= 4 &&
               std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '7'; });
  if (!octal) return Error{"tmpfs mode " + quote_text(text) + " is not octal (e.g. 1777)"};
  tmpfs.mode = std::string(text);
  return ok_status();
}

Result<bool> flag_value(std::string_view key, std::string_view value, bool bare) {
  if (bare || value == "true" || value == "1") return true;
  if (value == "false" || value == "0") return false;
  return Error{std::string(key) + "=" + std::string(value) + " is not true or false"};
}

struct MountFields {
  std::string type = "volume";  // docker's default for --mount
  std::string source, target, tmpfs_size, tmpfs_mode;
  bool read_only = false;
  std::vector<std::string> dropped;
};

Status read_mount_field(std::string_view field, MountFields& out) {
  size_t equals = field.find('=');
  std::string_view key = field.substr(0, equals);
  std::string_view value = equals == std::string_view::npos ? "" : field.substr(equals + 1);
  bool bare = equals == std::string_view::npos;
  if (key == "type") {
    out.type = std::string(value);
  } else if (key == "source" || key == "src") {
    out.source = std::string(value);
  } else if (key == "target" || key == "destination" || key == "dst") {
    out.target = std::string(value);
  } else if (key == "readonly" || key == "ro") {
    auto read_only = flag_value(key, value, bare);
    if (!read_only) return Error{read_only.error()};
    out.read_only = *read_only;
  } else if (key == "tmpfs-size") {
    out.tmpfs_size = std::string(value);
  } else if (key == "tmpfs-mode") {
    out.tmpfs_mode = std::string(value);
  } else if (key == "consistency" || key == "bind-propagation" || key == "volume-nocopy") {
    out.dropped.push_back(std::string(field));
  } else {
    return Error{"mount field " + quote_text(key) + " is not supported by berth import"};
  }
  return ok_status();
}

}  // namespace

Result<std::string> docker_size(std::string_view text) {
  size_t digits = 0;
  while (digits < text.size() &&
         (std::isdigit(static_cast<unsigned char>(text[digits])) != 0 || text[digits] == '.')) {
    ++digits;
  }
  int64_t factor = unit_factor(text.substr(digits));
  std::string_view number = text.substr(0, digits);
  size_t dot = number.find('.');
  std::string_view whole = number.substr(0, dot);
  std::string_view fraction = dot == std::string_view::npos ? "" : number.substr(dot + 1);
  int64_t units = 0;
  auto parsed = std::from_chars(whole.data(), whole.data() + whole.size(), units);
  bool ok = factor != 0 && !whole.empty() && parsed.ec == std::errc() &&
            parsed.ptr == whole.data() + whole.size() && fraction.find('.') == std::string::npos &&
            fraction.size() <= 6 && units <= kMaxBytes / factor;
  if (!ok) return Error{quote_text(text) + " is not a size (e.g. 512m, 1g)"};
  int64_t bytes = units * factor;
  int64_t scale = 1;
  for (char c : fraction) {
    scale *= 10;
    bytes += (c - '0') * factor / scale;
  }
  return format_size(bytes);
}

Result<DockerMount> volume_option(std::string_view text, const std::filesystem::path& cwd) {
  std::vector<std::string_view> parts = split(text, ':');
  if (parts.size() == 1) {
    return Error{quote_text(text) + " is an anonymous volume; name it (NAME:" + std::string(text) +
                 ") or mount a host path"};
  }
  if (parts.size() > 3 || parts[0].empty()) {
    return Error{quote_text(text) + " is not SOURCE:TARGET[:OPTIONS]"};
  }
  DockerMount mount;
  if (Status source = set_source(parts[0], cwd, mount.volume); !source) return source.error_value();
  if (Status target = set_target(parts[1], mount.volume.target); !target) {
    return target.error_value();
  }
  if (parts.size() < 3) return mount;
  for (std::string_view option : split(parts[2], ',')) {
    if (option == "ro" || option == "rw") {
      mount.volume.read_only = option == "ro";
    } else if (std::find(kDroppedVolumeOptions.begin(), kDroppedVolumeOptions.end(), option) !=
               kDroppedVolumeOptions.end()) {
      mount.dropped.push_back(std::string(option));
    } else {
      return Error{"volume option " + quote_text(option) + " in " + quote_text(text) +
                   " is not supported by berth import"};
    }
  }
  return mount;
}

Result<DockerMount> mount_option(std::string_view text, const std::filesystem::path& cwd) {
  MountFields fields;
  for (std::string_view field : split(text, ',')) {
    if (Status read = read_mount_field(field, fields); !read) return read.error_value();
  }
  DockerMount mount;
  mount.dropped = fields.dropped;
  if (fields.type == "tmpfs") {
    if (Status target = set_target(fields.target, mount.tmpfs_mount.path); !target) {
      return target.error_value();
    }
    mount.tmpfs = true;
    if (Status mode = set_mode(fields.tmpfs_mode, mount.tmpfs_mount); !mode) {
      return mode.error_value();
    }
    if (fields.tmpfs_size.empty()) return mount;
    auto size = docker_size(fields.tmpfs_size);
    if (!size) return Error{"tmpfs-size: " + size.error()};
    mount.tmpfs_mount.size = *size;
    return mount;
  }
  if (fields.type != "bind" && fields.type != "volume") {
    return Error{"mount type " + quote_text(fields.type) +
                 " is not supported (bind, volume or tmpfs)"};
  }
  if (fields.source.empty()) {
    return Error{quote_text(text) + " has no source; berth needs a host path or a volume name"};
  }
  if (fields.type == "bind" && fields.source.front() != '/' && fields.source.front() != '.') {
    return Error{"bind source " + quote_text(fields.source) + " must be a host path"};
  }
  if (Status source = set_source(fields.source, cwd, mount.volume); !source) {
    return source.error_value();
  }
  if (Status target = set_target(fields.target, mount.volume.target); !target) {
    return target.error_value();
  }
  mount.volume.read_only = fields.read_only;
  return mount;
}

Result<DockerMount> tmpfs_option(std::string_view text) {
  size_t colon = text.find(':');
  DockerMount mount;
  mount.tmpfs = true;
  if (Status target = set_target(text.substr(0, colon), mount.tmpfs_mount.path); !target) {
    return target.error_value();
  }
  if (colon == std::string_view::npos) return mount;
  for (std::string_view option : split(text.substr(colon + 1), ',')) {
    if (option.rfind("size=", 0) == 0) {
      auto size = docker_size(option.substr(5));
      if (!size) return Error{"tmpfs size: " + size.error()};
      mount.tmpfs_mount.size = *size;
    } else if (option.rfind("mode=", 0) == 0) {
      if (Status mode = set_mode(option.substr(5), mount.tmpfs_mount); !mode) {
        return mode.error_value();
      }
    } else {
      mount.dropped.push_back(std::string(option));
    }
  }
  return mount;
}

Result<int> published_container_port(std::string_view text) {
  std::string_view port =
      text.substr(text.rfind(':') == std::string_view::npos ? 0 : text.rfind(':') + 1);
  size_t slash = port.find('/');
  if (slash != std::string_view::npos) {
    if (port.substr(slash + 1) != "tcp") {
      return Error{quote_text(text) + ": MCP servers listen on tcp, not " +
                   std::string(port.substr(slash + 1))};
    }
    port = port.substr(0, slash);
  }
  int value = 0;
  auto parsed = std::from_chars(port.data(), port.data() + port.size(), value);
  if (parsed.ec != std::errc() || parsed.ptr != port.data() + port.size() || value < 1 ||
      value > 65535) {
    return Error{quote_text(text) + " does not name one container port (e.g. 8080:3000)"};
  }
  return value;
}

}  // namespace berth::specs::import
