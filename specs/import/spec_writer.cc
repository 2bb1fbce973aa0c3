#include "specs/import/spec_writer.h"

#include "specs/import/yaml_text.h"

namespace berth::specs::import {
namespace {

// Appends `key: value` at `indent`, with the note as a comment above it.
void line(std::string& out, int indent, const std::string& key, const std::string& value,
          const std::string& note = "") {
  if (!note.empty()) out += yaml_comment(note, indent);
  out += std::string(static_cast<size_t>(indent), ' ') + key + ":";
  if (!value.empty()) out += " " + value;
  out += "\n";
}

// `key: [a, b]`, or one item a line when that would pass 100 columns.
void list(std::string& out, const std::string& key, const std::vector<std::string>& items,
          const std::string& note) {
  std::string flow = yaml_flow_list(items);
  if (2 + key.size() + 2 + flow.size() <= 100) return line(out, 2, key, flow, note);
  line(out, 2, key, "", note);
  for (const std::string& item : items) out += "    - " + yaml_scalar(item) + "\n";
}

void write_metadata(std::string& out, const SpecDraft& draft) {
  out += "metadata:\n";
  line(out, 2, "name", yaml_scalar(draft.name), draft.name_note);
  if (draft.labels.empty()) return;
  out += "  labels:\n";
  for (const auto& [key, value] : draft.labels) line(out, 4, yaml_scalar(key), yaml_scalar(value));
}

void write_env(std::string& out, const SpecDraft& draft) {
  if (draft.env.empty()) return;
  out += "  env:\n";
  for (const EnvDraft& env : draft.env) {
    line(out, 4, yaml_scalar(env.name), yaml_scalar(env.value), env.note);
  }
}

void write_secrets(std::string& out, const SpecDraft& draft) {
  if (draft.secrets.empty()) return;
  out += "  secrets:\n";
  for (const SecretDraft& secret : draft.secrets) {
    if (!secret.note.empty()) out += yaml_comment(secret.note, 4);
    out += "    - {name: " + yaml_scalar(secret.name) + ", env: " + yaml_scalar(secret.env) + "}\n";
  }
}

void write_volumes(std::string& out, const SpecDraft& draft) {
  if (draft.volumes.empty()) return;
  out += "  volumes:\n";
  for (const VolumeDraft& volume : draft.volumes) {
    if (!volume.note.empty()) out += yaml_comment(volume.note, 4);
    out += "    - {source: " + yaml_scalar(volume.source) +
           ", target: " + yaml_scalar(volume.target) +
           (volume.read_only ? ", readOnly: true" : "") + "}\n";
  }
}

void write_resources(std::string& out, const SpecDraft& draft) {
  if (draft.memory.empty() && draft.cpus.empty() && !draft.pids) return;
  out += "  resources:\n";
  if (!draft.memory.empty()) line(out, 4, "memory", yaml_scalar(draft.memory));
  if (!draft.cpus.empty()) line(out, 4, "cpus", yaml_scalar(draft.cpus));
  if (draft.pids) line(out, 4, "pids", std::to_string(*draft.pids));
}

void write_transport(std::string& out, const SpecDraft& draft) {
  out += yaml_comment(draft.transport_note, 2);
  out += "  transport:\n";
  line(out, 4, "type", draft.transport);
  if (draft.transport == "stdio") return;
  line(out, 4, "port", std::to_string(draft.port));
  if (!draft.path.empty()) line(out, 4, "path", yaml_scalar(draft.path));
}

void write_least_privilege(std::string& out, const SpecDraft& draft) {
  if (!draft.user.empty()) line(out, 2, "user", yaml_scalar(draft.user));
  if (draft.read_only_root) line(out, 2, "readOnlyRootFilesystem", "true");
  if (draft.tmpfs.empty()) return;
  out += "  tmpfs:\n";
  for (const TmpfsDraft& tmpfs : draft.tmpfs) {
    if (!tmpfs.note.empty()) out += yaml_comment(tmpfs.note, 4);
    if (tmpfs.size.empty() && tmpfs.mode.empty()) {
      out += "    - " + yaml_scalar(tmpfs.path) + "\n";
      continue;
    }
    out += "    - {path: " + yaml_scalar(tmpfs.path) +
           (tmpfs.size.empty() ? "" : ", size: " + yaml_scalar(tmpfs.size)) +
           (tmpfs.mode.empty() ? "" : ", mode: \"" + tmpfs.mode + "\"") + "}\n";
  }
}

}  // namespace

std::string write_spec(const SpecDraft& draft) {
  std::string out;
  for (const std::string& header : draft.header) out += yaml_comment(header, 0);
  out += "apiVersion: berth/v1\nkind: MCPServer\n";
  write_metadata(out, draft);
  out += "spec:\n";
  line(out, 2, "image", yaml_scalar(draft.image), draft.image_note);
  if (!draft.pull.empty()) line(out, 2, "pull", draft.pull);
  if (draft.command) list(out, "command", *draft.command, draft.command_note);
  if (draft.args) list(out, "args", *draft.args, draft.args_note);
  write_env(out, draft);
  write_secrets(out, draft);
  write_volumes(out, draft);
  write_resources(out, draft);
  write_transport(out, draft);
  if (!draft.network.empty()) {
    line(out, 2, "network", yaml_scalar(draft.network), draft.network_note);
  }
  write_least_privilege(out, draft);
  return out;
}

}  // namespace berth::specs::import
