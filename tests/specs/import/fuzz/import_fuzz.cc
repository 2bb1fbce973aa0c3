// libFuzzer target: any bytes as what berth import reads. The first byte picks the source: a
// client config (JSONC), a server.json, or docker run arguments (split at NUL bytes). No input may
// crash, leak or hang an importer, and every draft berth import would print or write must be a
// spec that berth's own parser accepts.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "specs/import/client_config.h"
#include "specs/import/docker_run.h"
#include "specs/import/draft_check.h"
#include "specs/import/json_file.h"
#include "specs/import/server_json.h"
#include "specs/import/spec_writer.h"
#include "specs/spec_parser.h"

namespace {

using berth::specs::import::SpecDraft;

void check(const SpecDraft& draft) {
  if (!berth::specs::import::check_draft(draft)) return;  // berth import refuses it: fine
  std::string text = berth::specs::import::write_spec(draft);
  auto parsed = berth::specs::parse_spec(text, {"fuzz.yaml", draft.name, "/srv"});
  if (!parsed.spec || parsed.spec->name != draft.name) std::abort();
}

void client_config(std::string_view text) {
  auto document = berth::specs::import::parse_json_text(text, "fuzz.json");
  if (!document) return;
  auto config = berth::specs::import::import_client_config(**document, "fuzz.json", "/home/me");
  if (!config) return;
  for (const auto& server : config->servers) {
    if (server.draft) check(*server.draft);
  }
}

void server_json(std::string_view text) {
  auto document = berth::specs::import::parse_json_text(text, "fuzz.json");
  if (!document) return;
  auto draft = berth::specs::import::import_server_json(
      **document, {"fuzz.json", "", {{"source_path", "/srv/data"}}, "/home/me"});
  if (draft) check(*draft);
}

void docker_run(std::string_view text) {
  berth::specs::import::DockerRunInput input{{}, "", "", "/home/me", {{"TOKEN", "t"}}};
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find('\0', start);
    if (end == std::string_view::npos) end = text.size();
    input.args.emplace_back(text.substr(start, end - start));
    start = end + 1;
  }
  for (const std::string& arg : input.args) {
    if (arg.find("env-file") != std::string::npos)
      return;  // reads files: not the fuzzer's business
  }
  if (!input.args.empty() && input.args[0] == "http") input.transport = "streamable-http";
  auto draft = berth::specs::import::import_docker_run(input);
  if (draft) check(*draft);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 3) {
    case 0:
      client_config(text);
      break;
    case 1:
      server_json(text);
      break;
    default:
      docker_run(text);
      break;
  }
  return 0;
}
