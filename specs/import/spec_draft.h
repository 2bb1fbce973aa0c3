#pragma once
// SpecDraft: a spec file as an importer composes it, before it is written out as YAML.
//
// Every field is kept as the text the spec file will hold (`512Mi`, `0.5`), with the note that
// explains a choice the importer made; the note becomes a comment above the field. A secret may
// carry the literal value found in the source (a client config's env entry): that value is only
// ever written to the secrets directory, never rendered. A plain value type.

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace berth::specs::import {

struct EnvDraft {
  std::string name;
  std::string value;
  std::string note;
};

struct SecretDraft {
  std::string name;                  // the file in the secrets directory
  std::string env;                   // the environment variable it sets
  std::optional<std::string> value;  // known at import: to be written to the secrets directory
  std::string note;
};

struct VolumeDraft {
  std::string source;  // absolute host path or volume name
  std::string target;
  bool read_only = false;
  std::string note;
};

struct TmpfsDraft {
  std::string path;
  std::string size;  // spec size text (`64Mi`), empty for Docker's default
  std::string mode;  // octal permission bits (`1777`), empty for Docker's default
  std::string note;
};

struct SpecDraft {
  std::vector<std::string> header;  // comment lines above the document: origin, dropped options
  std::string name;
  std::string name_note;
  std::vector<std::pair<std::string, std::string>> labels;
  std::string image;
  std::string image_note;
  std::string pull;  // IfNotPresent | Always | Never; empty leaves the default
  std::optional<std::vector<std::string>> command;
  std::string command_note;
  std::optional<std::vector<std::string>> args;
  std::string args_note;
  std::vector<EnvDraft> env;
  std::vector<SecretDraft> secrets;
  std::vector<VolumeDraft> volumes;
  std::string memory;  // spec size text
  std::string cpus;
  std::optional<int64_t> pids;
  std::string transport = "stdio";  // stdio | streamable-http | sse
  int port = 0;
  std::string path;  // empty: berth's default for the transport
  std::string transport_note;
  std::string network;  // empty: berth's default (bridge)
  std::string network_note;
  std::string user;
  bool read_only_root = false;
  std::vector<TmpfsDraft> tmpfs;

  // What the user still has to do (create a secret file, fill in a value), one line each.
  std::vector<std::string> todo;

  const EnvDraft* find_env(const std::string& env_name) const;
  // Whether `env_name` is already set, as a plain value or by a secret.
  bool sets_env(const std::string& env_name) const;
};

}  // namespace berth::specs::import
