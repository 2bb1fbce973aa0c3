#include "specs/import/server_json.h"

#include <algorithm>
#include <charconv>
#include <set>

#include "specs/import/docker_run.h"
#include "specs/import/draft_env.h"
#include "specs/import/import_names.h"
#include "specs/import/package_runners.h"
#include "specs/names.h"

namespace berth::specs::import {
namespace {

using rapidjson::Value;

constexpr size_t kMaxArguments = 1000;

std::string quote_text(std::string_view text) { return "\"" + std::string(text) + "\""; }

const Value* array_member(const Value& object, const char* key) {
  auto it = object.FindMember(key);
  return it != object.MemberEnd() && it->value.IsArray() ? &it->value : nullptr;
}

// `ghcr.io/o/p` without tag or digest: whether a version must be appended.
bool lacks_tag(const std::string& image) {
  size_t slash = image.rfind('/');
  std::string last = slash == std::string::npos ? image : image.substr(slash + 1);
  return last.find(':') == std::string::npos && image.find('@') == std::string::npos;
}

std::string without_tag(const std::string& image) {
  size_t slash = image.rfind('/');
  size_t colon = image.find(':', slash == std::string::npos ? 0 : slash);
  return image.substr(0, std::min(colon, image.find('@')));
}

class ServerJsonImporter {
 public:
  explicit ServerJsonImporter(const ServerJsonInput& input) : input_(input) {}

  Result<SpecDraft> run(const Value& root) {
    auto wrapped = root.IsObject() ? root.FindMember("server") : Value::ConstMemberIterator();
    const Value& server =
        root.IsObject() && wrapped != root.MemberEnd() && wrapped->value.IsObject() ? wrapped->value
                                                                                    : root;
    if (!input_.name.empty() && !is_server_name(input_.name)) {
      return Error{"--name " + quote_text(input_.name) + " is not a valid server name (lowercase " +
                   "letters, digits and '-', 1-63 characters, not starting or ending with '-')"};
    }
    std::string registry_name = string_member(server, "name");
    if (registry_name.empty()) return Error{input_.file + ": not a server.json entry (no name)"};
    auto package = pick_package(server, registry_name);
    if (!package) return package.error_value();
    const Value& chosen = **package;
    std::string type = string_member(chosen, "registryType");
    if (Status env = resolve_env(chosen); !env) return env.error_value();
    Result<SpecDraft> draft = type == "oci" ? import_oci(chosen) : import_runner(chosen, type);
    if (!draft) return draft;
    if (!missing_.empty()) return missing_error();
    SpecDraft& out = draft.value();
    apply_env(out);
    name_and_header(out, server, registry_name, type);
    return draft;
  }

 private:
  Result<const Value*> pick_package(const Value& server, const std::string& registry_name) {
    const Value* packages = array_member(server, "packages");
    std::vector<std::string> types;
    for (const char* wanted : {"oci", "npm", "pypi"}) {
      for (rapidjson::SizeType i = 0; packages && i < packages->Size(); ++i) {
        std::string type = string_member((*packages)[i], "registryType");
        if (wanted == std::string_view("oci")) types.push_back(type);
        if (type == wanted) return &(*packages)[i];
      }
    }
    const Value* remotes = array_member(server, "remotes");
    if (types.empty() && remotes && !remotes->Empty()) {
      return Error{input_.file + ": " + registry_name + " is a remote server (" +
                   string_member((*remotes)[0], "url") +
                   "): there is nothing to run; point your client at it"};
    }
    if (types.empty()) return Error{input_.file + ": " + registry_name + " has no packages"};
    std::string list;
    for (const std::string& type : types) list += (list.empty() ? "" : ", ") + type;
    return Error{input_.file + ": no package berth can run (" + list +
                 "): berth runs OCI images, and npm and PyPI packages through npx and uvx"};
  }

  // The environment variables' values, kept for apply_env and for {variables} of the transport.
  Status resolve_env(const Value& package) {
    const Value* env = array_member(package, "environmentVariables");
    for (rapidjson::SizeType i = 0; env && i < env->Size(); ++i) {
      std::string name = string_member((*env)[i], "name");
      if (!is_env_name(name)) {
        return Error{input_.file + ": environmentVariables[" + std::to_string(i) +
                     "]: " + quote_text(name) + " is not a valid environment variable name"};
      }
      ResolvedInput value = resolve_input((*env)[i], name, input_.vars);
      missing_.insert(missing_.end(), value.missing.begin(), value.missing.end());
      if (value.text) known_[name] = *value.text;
      env_.push_back({name, std::move(value), string_member((*env)[i], "description")});
    }
    return ok_status();
  }

  void apply_env(SpecDraft& draft) {
    for (const EnvInput& env : env_) {
      std::string note = env.description.empty() ? "" : env.name + ": " + env.description;
      if (env.value.secret || env.value.secret_unknown) {
        unset_env(draft, env.name);
        add_secret(draft, env.name, env.value.text, note.empty() ? "secret in the entry" : note);
      } else if (env.value.text) {
        unset_env(draft, env.name);
        add_known_env(draft, env.name, *env.value.text, "the entry's value of " + env.name);
      } else {
        draft.header.push_back("Optional, not set: " + env.name +
                               (env.description.empty() ? "" : " (" + env.description + ")") +
                               "; give --var " + env.name + "=VALUE to set it.");
      }
    }
  }

  // Appends an argument's command-line words. Secrets cannot go on a command line: a spec would
  // hold them.
  Status add_argument(const Value& arg, const std::string& where, std::vector<std::string>& words) {
    std::string type = string_member(arg, "type");
    std::string name = string_member(arg, "name");
    std::string key = type == "named" ? name.substr(name.find_first_not_of('-') == std::string::npos
                                                        ? name.size()
                                                        : name.find_first_not_of('-'))
                                      : string_member(arg, "valueHint");
    ResolvedInput value = resolve_input(arg, key, input_.vars);
    std::string label = where + (name.empty() ? "" : " (" + name + ")");
    if (value.secret || value.secret_unknown) {
      return Error{input_.file + ": " + label + " takes a secret on the command line, where a " +
                   "spec would hold it; berth passes secrets only as environment variables"};
    }
    if (type != "named" && type != "positional") {
      return Error{input_.file + ": " + where + ": type " + quote_text(type) +
                   " is not named or positional"};
    }
    if (!value.text) {
      missing_.insert(missing_.end(), value.missing.begin(), value.missing.end());
      if (value.missing.empty()) optional_left_out(label);
      return ok_status();
    }
    if (!key.empty()) known_[key] = *value.text;
    if (type == "positional") {
      words.push_back(*value.text);
    } else if (string_member(arg, "format") == "boolean") {
      if (*value.text == "true") words.push_back(name);
    } else {
      words.push_back(name);
      words.push_back(*value.text);
    }
    return ok_status();
  }

  void optional_left_out(const std::string& label) {
    header_.push_back("Left out the optional " + label + ": it has no value.");
  }

  // An `-e NAME=…` runtime argument: its value goes through the draft's env rules, and a secret
  // stays a secret.
  Status add_env_argument(const Value& arg, std::vector<std::string>& words) {
    std::string raw = string_member(arg, "value");
    std::string env_name = raw.substr(0, raw.find('='));
    ResolvedInput value = resolve_input(arg, env_name, input_.vars);
    missing_.insert(missing_.end(), value.missing.begin(), value.missing.end());
    words.push_back("-e");
    words.push_back(env_name);
    size_t equals = value.text ? value.text->find('=') : std::string::npos;
    if (value.text && equals != std::string::npos) {
      docker_env_[env_name] = value.text->substr(equals + 1);
    }
    if (value.secret || value.secret_unknown) secret_envs_.insert(env_name);
    return ok_status();
  }

  // A positional runtime argument: entries in the wild list `run` and the image itself.
  Status skip_positional(const Value& arg, const std::string& image, const std::string& where) {
    std::string value = string_member(arg, "value");
    if (value == "run" || value == image || value == without_tag(image)) {
      header_.push_back("Skipped the runtime argument " + quote_text(value) +
                        ": berth runs the package's image itself.");
      return ok_status();
    }
    return Error{input_.file + ": " + where + ": the positional docker run argument " +
                 quote_text(value) + " has no place in a spec"};
  }

  Result<std::vector<std::string>> arguments(const Value& package, const char* list,
                                             const std::string& image) {
    std::vector<std::string> words;
    const Value* args = array_member(package, list);
    if (args && args->Size() > kMaxArguments) return Error{input_.file + ": too many " + list};
    for (rapidjson::SizeType i = 0; args && i < args->Size(); ++i) {
      const Value& arg = (*args)[i];
      std::string where = std::string(list) + "[" + std::to_string(i) + "]";
      std::string name = string_member(arg, "name");
      bool docker = !image.empty();
      Status added = docker && (name == "-e" || name == "--env") ? add_env_argument(arg, words)
                     : docker && string_member(arg, "type") == "positional"
                         ? skip_positional(arg, image, where)
                         : add_argument(arg, where, words);
      if (!added) return added.error_value();
    }
    return words;
  }

  Result<std::string> oci_image(const Value& package) {
    std::string image = string_member(package, "identifier");
    std::string version = string_member(package, "version");
    std::string base = string_member(package, "registryBaseUrl");
    if (size_t scheme = base.find("://"); scheme != std::string::npos) base.erase(0, scheme + 3);
    while (!base.empty() && base.back() == '/') base.pop_back();
    std::string first = image.substr(0, image.find('/'));
    bool has_host = image.find('/') != std::string::npos &&
                    (first.find('.') != std::string::npos || first.find(':') != std::string::npos);
    if (!base.empty() && !has_host && base.find("docker.io") == std::string::npos) {
      image = base + "/" + image;
    }
    if (lacks_tag(image) && !version.empty()) image += ":" + version;
    if (!is_image_reference(image)) {
      return Error{input_.file + ": the package's identifier " + quote_text(image) +
                   " is not an image reference berth can pull"};
    }
    return image;
  }

  Result<SpecDraft> import_oci(const Value& package) {
    auto image = oci_image(package);
    if (!image) return image.error_value();
    auto runtime = arguments(package, "runtimeArguments", *image);
    if (!runtime) return runtime.error_value();
    auto args = arguments(package, "packageArguments", "");
    if (!args) return args.error_value();
    auto transport = package_transport(package);
    if (!transport) return transport.error_value();
    std::vector<std::string> words = *runtime;
    bool published = std::any_of(words.begin(), words.end(), [](const std::string& word) {
      return word == "-p" || word == "--publish" || word.rfind("--publish=", 0) == 0;
    });
    if (transport->type != "stdio" && !published) {
      words.push_back("-p");
      words.push_back(std::to_string(transport->port));
    }
    words.push_back("--");
    words.push_back(*image);
    words.insert(words.end(), args->begin(), args->end());
    auto draft = import_docker_run(DockerRunInput{
        words, "", transport->type, input_.cwd, {docker_env_.begin(), docker_env_.end()}});
    if (!draft) return Error{input_.file + ": runtimeArguments: " + draft.error()};
    for (const std::string& env : secret_envs_) {
      force_secret(draft.value(), env, env + ": secret in the entry");
    }
    if (transport->type != "stdio") draft.value().path = transport->path;
    return draft;
  }

  Result<SpecDraft> import_runner(const Value& package, const std::string& type) {
    std::string identifier = string_member(package, "identifier");
    std::string version = string_member(package, "version");
    auto runtime = arguments(package, "runtimeArguments", "");
    if (!runtime) return runtime.error_value();
    auto args = arguments(package, "packageArguments", "");
    if (!args) return args.error_value();
    auto transport = package_transport(package);
    if (!transport) return transport.error_value();
    std::vector<std::string> words = *runtime;
    words.push_back(version.empty() ? identifier
                                    : identifier + (type == "npm" ? "@" : "==") + version);
    words.insert(words.end(), args->begin(), args->end());
    auto draft = import_package_runner(type == "npm" ? "npx" : "uvx", words);
    if (!draft) return Error{input_.file + ": " + draft.error()};
    SpecDraft& out = draft.value();
    if (transport->type != "stdio") {
      out.transport = transport->type;
      out.port = transport->port;
      out.path = transport->path;
      out.transport_note = transport->type + " on port " + std::to_string(transport->port) +
                           ", from the package's transport URL";
    }
    return draft;
  }

  struct PackageTransport {
    std::string type = "stdio";
    int port = 0;
    std::string path;
  };

  // The transport's type, and for HTTP the container port and path of its URL
  // (`http://localhost:{port}/mcp`, `{port}` filled from the entry's known values).
  Result<PackageTransport> package_transport(const Value& package) {
    auto it = package.FindMember("transport");
    PackageTransport transport;
    if (it == package.MemberEnd() || !it->value.IsObject()) return transport;
    transport.type = string_member(it->value, "type");
    if (transport.type.empty()) transport.type = "stdio";
    if (transport.type == "stdio") return transport;
    if (transport.type != "streamable-http" && transport.type != "sse") {
      return Error{input_.file + ": transport " + quote_text(transport.type) +
                   " is not stdio, streamable-http or sse"};
    }
    std::string url = fill_known(string_member(it->value, "url"));
    size_t scheme = url.find("://");
    std::string rest = scheme == std::string::npos ? url : url.substr(scheme + 3);
    std::string authority = rest.substr(0, rest.find('/'));
    transport.path = rest.find('/') == std::string::npos ? "" : rest.substr(rest.find('/'));
    size_t colon = authority.rfind(':');
    std::string port = colon == std::string::npos ? "" : authority.substr(colon + 1);
    auto parsed = std::from_chars(port.data(), port.data() + port.size(), transport.port);
    if (port.empty() && url.rfind("http://", 0) == 0) transport.port = 80;
    if ((!port.empty() && (parsed.ec != std::errc() || parsed.ptr != port.data() + port.size())) ||
        transport.port < 1 || transport.port > 65535) {
      return Error{input_.file + ": the transport URL " + quote_text(url) +
                   " does not tell the server's port; give it with --var"};
    }
    if (transport.path.empty()) transport.path = transport.type == "sse" ? "/sse" : "/mcp";
    return transport;
  }

  std::string fill_known(const std::string& text) {
    std::string out;
    for (size_t i = 0; i < text.size(); ++i) {
      size_t close = text[i] == '{' ? text.find('}', i) : std::string::npos;
      std::string name = close == std::string::npos ? "" : text.substr(i + 1, close - i - 1);
      auto given = input_.vars.find(name);
      auto known = known_.find(name);
      if (given != input_.vars.end() || known != known_.end()) {
        out += given != input_.vars.end() ? given->second : known->second;
        i = close;
      } else {
        out += text[i];
      }
    }
    return out;
  }

  Error missing_error() const {
    std::string message =
        input_.file + ": required values are missing; give each with --var " + "NAME=VALUE:";
    for (const std::string& missing : missing_) message += "\n  " + missing;
    return Error{message};
  }

  void name_and_header(SpecDraft& draft, const Value& server, const std::string& registry_name,
                       const std::string& type) {
    std::string version = string_member(server, "version");
    draft.name = input_.name.empty()
                     ? server_name_from(registry_name.substr(registry_name.rfind('/') + 1))
                     : input_.name;
    draft.name_note = input_.name.empty() ? "from the registry name " + registry_name : "";
    std::vector<std::string> header = {
        "Imported by berth import server-json from " + input_.file + ": " + registry_name +
            (version.empty() ? "" : " " + version) + " (its " + type + " package).",
    };
    if (std::string description = string_member(server, "description"); !description.empty()) {
      header.push_back(description);
    }
    header.insert(header.end(), header_.begin(), header_.end());
    draft.header.insert(draft.header.begin(), header.begin(), header.end());
  }

  struct EnvInput {
    std::string name;
    ResolvedInput value;
    std::string description;
  };

  const ServerJsonInput& input_;
  std::vector<EnvInput> env_;
  std::map<std::string, std::string> known_;       // resolved values by name, for {variables}
  std::map<std::string, std::string> docker_env_;  // values of `-e NAME=…` runtime arguments
  std::set<std::string> secret_envs_;
  std::vector<std::string> missing_;
  std::vector<std::string> header_;
};

}  // namespace

Result<SpecDraft> import_server_json(const rapidjson::Value& root, const ServerJsonInput& input) {
  return ServerJsonImporter(input).run(root);
}

}  // namespace berth::specs::import
