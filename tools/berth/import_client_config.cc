#include "tools/berth/import_client_config.h"

#include <iostream>

#include "specs/import/client_config.h"
#include "specs/import/client_snippet.h"
#include "specs/import/json_file.h"
#include "tools/berth/command_line.h"
#include "tools/berth/defaults.h"
#include "tools/berth/import_output.h"

namespace berth::cli {
namespace {

using specs::import::ConfigServer;
using specs::import::SecretsDir;

constexpr char kUsage[] =
    "usage: berth import client-config FILE [--out DIR] [--secrets DIR] [--listen HOST:PORT]\n"
    "  FILE            a Claude Desktop or Cursor config (mcpServers) or VS Code's mcp.json\n"
    "  --out DIR       where the spec files go (default: mcp-specs, berth run's default)\n"
    "  --secrets DIR   where secret values go, mode 0600 (default: secrets)\n"
    "  --listen H:P    berth's address in the printed client config (default 127.0.0.1:8080)\n";

// Writes one server's spec and then its secrets; the spec file's path, or why not.
Result<std::string> write_server(ConfigServer& server, const std::filesystem::path& out,
                                 const SecretsDir& secrets) {
  auto text = finish_draft(*server.draft, secrets);
  if (!text) return text.error_value();
  std::error_code ec;
  std::filesystem::create_directories(out, ec);
  std::filesystem::path file = out / (server.draft->name + ".yaml");
  if (Status written = specs::import::write_new_file(file, *text, 0644); !written) {
    return written.error_value();
  }
  if (Status written = specs::import::write_secrets(*server.draft, secrets); !written) {
    return written.error_value();
  }
  return file.string();
}

}  // namespace

int import_client_config_command(const std::vector<std::string>& args) {
  auto line = CommandLine::parse(args, OptionSpec{{"--out", "--secrets", "--listen"}, {"--help"}});
  if (!line || line->flag("--help") || line->operands().size() != 1) {
    if (!line) std::cerr << "berth import client-config: " << line.error() << "\n";
    bool help = line && line->flag("--help");
    (help ? std::cout : std::cerr) << kUsage;
    return help ? 0 : 2;
  }
  std::string file = line->operands()[0];
  std::filesystem::path out = line->value_or("--out", kDefaultSpecDir);
  std::string secrets_path = line->value_or("--secrets", kDefaultSecretsDir);
  SecretsDir secrets{secrets_path, secrets_path, true};
  std::error_code ec;
  auto document = specs::import::read_json_file(file);
  auto config = document ? specs::import::import_client_config(**document, file,
                                                               std::filesystem::current_path(ec))
                         : Result<specs::import::ClientConfig>(document.error_value());
  if (!config) {
    std::cerr << "berth import client-config: " << config.error() << "\n";
    return 1;
  }
  bool failed = false;
  std::vector<std::pair<std::string, std::string>> imported;
  for (ConfigServer& server : config.value().servers) {
    std::string label = "berth import: " + server.key + ": ";
    if (!server.skipped.empty()) {
      std::cerr << label << "skipped, " << server.skipped << "\n";
      continue;
    }
    auto written = server.draft ? write_server(server, out, secrets)
                                : Result<std::string>(Error{server.error});
    if (!written) {
      std::cerr << label << "not imported: " << written.error() << "\n";
      failed = true;
      continue;
    }
    std::cerr << label << "wrote " << *written << "\n";
    print_todo(*server.draft);
    imported.emplace_back(server.key, server.draft->name);
  }
  if (!imported.empty()) {
    std::cerr << "berth import: once berth runs (berth run --specs " << out.string()
              << " --secrets " << secrets_path << "), point the client at it:\n";
    if (config->format == specs::import::ClientFormat::kMcpServers) {
      std::cerr << "berth import: a client that only starts commands (Claude Desktop) reaches a "
                   "URL through a stdio bridge, e.g. npx mcp-remote URL\n";
    }
    std::cout << specs::import::client_snippet(
        config->format, imported, "http://" + line->value_or("--listen", "127.0.0.1:8080"));
  }
  return failed ? 1 : 0;
}

}  // namespace berth::cli
