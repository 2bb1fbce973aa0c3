#include "specs/spec_parser.h"

#include <yaml-cpp/yaml.h>

#include "specs/auth_fields.h"
#include "specs/field_reader.h"
#include "specs/names.h"
#include "specs/privilege_fields.h"
#include "specs/spec_sections.h"
#include "specs/yaml_document.h"

namespace berth::specs {
namespace {

constexpr std::string_view kApiVersion = "berth/v1";
constexpr std::string_view kTopFields[] = {"apiVersion", "kind", "metadata", "spec"};
constexpr std::string_view kKinds[] = {"MCPServer"};
constexpr std::string_view kMetadataFields[] = {"name", "labels"};
constexpr std::string_view kSpecFields[] = {
    "image",   "pull",      "command",   "args",   "env",
    "secrets", "volumes",   "resources", "user",   "readOnlyRootFilesystem",
    "tmpfs",   "transport", "network",   "health", "restart",
    "auth"};
constexpr std::string_view kPullPolicies[] = {"IfNotPresent", "Always", "Never"};
constexpr std::string_view kNameRule =
    "lowercase letters, digits and '-', 1-63 characters, not starting or ending with '-'";

using Fields = std::map<std::string, Field>;

std::string child_path(const Field& parent, std::string_view key) {
  return parent.path.empty() ? std::string(key) : parent.path + "." + std::string(key);
}

void report_missing(FieldReader& reader, const Field& parent, std::string_view key) {
  reader.error(parent.pos(), child_path(parent, key), "missing required field");
}

class Parser {
 public:
  Parser(FieldReader& reader, const SpecSource& source) : reader_(reader), source_(source) {}

  void parse_document(const Field& root) {
    auto fields = reader_.mapping(root, kTopFields);
    if (!fields) return;
    const Field* api_version = find_field(*fields, "apiVersion");
    const Field* kind = find_field(*fields, "kind");
    const Field* spec = find_field(*fields, "spec");
    if (!api_version) report_missing(reader_, root, "apiVersion");
    if (!kind) report_missing(reader_, root, "kind");
    if (api_version) check_api_version(*api_version);
    if (kind) (void)reader_.one_of(*kind, kKinds);
    parse_metadata(find_field(*fields, "metadata"));
    if (!spec) {
      report_missing(reader_, root, "spec");
    } else {
      parse_spec_section(*spec);
    }
  }

  ServerSpec take() { return std::move(spec_); }

 private:
  void check_api_version(const Field& field) {
    auto text = reader_.string(field);
    if (text && *text != kApiVersion) {
      reader_.error(field, in_quotes(*text) + " is not supported (expected " +
                               std::string(kApiVersion) + ")");
    }
  }

  void parse_metadata(const Field* metadata) {
    spec_.name = source_.default_name;
    spec_.name_pos = SourcePos{1, 1};
    std::optional<Fields> fields;
    if (metadata) fields = reader_.mapping(*metadata, kMetadataFields);
    const Field* name = fields ? find_field(*fields, "name") : nullptr;
    if (name) {
      if (auto text = reader_.string(*name)) {
        spec_.name = *text;
        spec_.name_pos = name->pos();
        if (!is_server_name(*text)) {
          reader_.error(*name, in_quotes(*text) + " is not a valid server name (" +
                                   std::string(kNameRule) + ")");
        }
      }
    } else if (!metadata || fields) {
      check_default_name();
    }
    if (const Field* labels = fields ? find_field(*fields, "labels") : nullptr)
      parse_labels(*labels);
  }

  void check_default_name() {
    if (is_server_name(source_.default_name)) return;
    reader_.error(SourcePos{1, 1}, "metadata.name",
                  "the file name " + in_quotes(source_.default_name) +
                      " is not a valid server name; set metadata.name (" + std::string(kNameRule) +
                      ")");
  }

  void parse_labels(const Field& field) {
    auto entries = reader_.entries(field);
    if (!entries) return;
    for (const Field& entry : *entries) {
      const std::string& key = entry.key.Scalar();
      auto value = reader_.string(entry);
      if (key.rfind("berth.", 0) == 0) {
        reader_.error(pos_of(entry.key), entry.path,
                      "the label prefix \"berth.\" is reserved for berth's own labels");
      } else if (value) {
        spec_.labels.emplace(key, *value);
      }
    }
  }

  void parse_spec_section(const Field& section) {
    auto fields = reader_.mapping(section, kSpecFields);
    if (!fields) return;
    if (const Field* image = find_field(*fields, "image")) {
      parse_image(*image);
    } else {
      report_missing(reader_, section, "image");
    }
    if (const Field* pull = find_field(*fields, "pull")) {
      if (auto index = reader_.one_of(*pull, kPullPolicies)) spec_.pull = PullPolicy(*index);
    }
    if (const Field* command = find_field(*fields, "command")) parse_command(*command);
    if (const Field* args = find_field(*fields, "args")) spec_.args = reader_.strings(*args);
    if (const Field* env = find_field(*fields, "env")) parse_env(*env);
    if (const Field* secrets = find_field(*fields, "secrets"))
      parse_secrets(reader_, *secrets, spec_);
    if (const Field* volumes = find_field(*fields, "volumes")) {
      parse_volumes(reader_, *volumes, source_, spec_);
    }
    if (const Field* resources = find_field(*fields, "resources")) {
      parse_resources(reader_, *resources, spec_.resources);
    }
    parse_privileges(*fields);
    if (const Field* transport = find_field(*fields, "transport")) {
      parse_transport(reader_, *transport, spec_.transport);
    } else {
      spec_.transport.type = TransportType::kStdio;
    }
    if (const Field* health = find_field(*fields, "health"))
      parse_health(reader_, *health, spec_.health);
    if (const Field* restart = find_field(*fields, "restart")) {
      parse_restart(reader_, *restart, spec_.restart);
    }
    if (const Field* network = find_field(*fields, "network")) parse_network(*network);
    if (const Field* auth = find_field(*fields, "auth")) parse_auth(reader_, *auth, spec_.auth);
  }

  void parse_privileges(const Fields& fields) {
    if (const Field* user = find_field(fields, "user")) parse_user(reader_, *user, spec_);
    if (const Field* read_only = find_field(fields, "readOnlyRootFilesystem")) {
      spec_.read_only_root_filesystem = reader_.boolean(*read_only).value_or(false);
    }
    if (const Field* tmpfs = find_field(fields, "tmpfs")) parse_tmpfs(reader_, *tmpfs, spec_);
  }

  void parse_image(const Field& field) {
    auto image = reader_.string(field);
    if (!image) return;
    if (!is_image_reference(*image)) {
      reader_.error(field, in_quotes(*image) + " is not a valid image reference (e.g. " +
                               "mcp/everything:latest)");
      return;
    }
    spec_.image = *image;
  }

  void parse_command(const Field& field) {
    spec_.command = reader_.strings(field);
    if (spec_.command && spec_.command->empty()) {
      reader_.error(field, "must not be empty (leave it out to keep the image's entrypoint)");
    }
  }

  void parse_env(const Field& field) {
    auto entries = reader_.entries(field);
    if (!entries) return;
    for (const Field& entry : *entries) {
      const std::string& key = entry.key.Scalar();
      if (!is_env_name(key)) {
        reader_.error(pos_of(entry.key), entry.path,
                      in_quotes(key) + " is not a valid environment variable name");
      }
      if (auto value = reader_.string(entry)) spec_.env.emplace(key, *value);
    }
  }

  void parse_network(const Field& field) {
    auto network = reader_.string(field);
    if (!network) return;
    if (*network == "host") {
      reader_.error(field,
                    "\"host\" is not allowed: it shares the host's network stack and "
                    "ports; use bridge, none or a network of your own");
    } else if (!is_docker_object_name(*network)) {
      reader_.error(field, in_quotes(*network) + " is not a valid network name");
    } else if (*network == "none" && spec_.transport.type != TransportType::kStdio) {
      reader_.error(field, std::string("\"none\" cannot be used with transport ") +
                               std::string(to_string(spec_.transport.type)) +
                               ": berth reaches it through a published port");
    }
    spec_.network = *network;
  }

  FieldReader& reader_;
  const SpecSource& source_;
  ServerSpec spec_;
};

}  // namespace

ParsedFile parse_spec(std::string_view text, const SpecSource& source) {
  ParsedFile result;
  FieldReader reader(source.file, result.errors);
  auto document = load_single_document(text, reader);
  if (!document) return result;
  Parser parser(reader, source);
  parser.parse_document(Field{YAML::Node(), *document, ""});
  sort_errors(result.errors);
  if (result.errors.empty()) {
    result.spec = parser.take();
    result.spec->source_file = source.file;
  }
  return result;
}

}  // namespace berth::specs
