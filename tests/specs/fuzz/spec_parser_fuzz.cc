// libFuzzer target: any bytes as a spec file. The parser must never crash, leak, hang or
// produce a spec together with errors; whatever it accepts must have a canonical form.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "specs/canonical.h"
#include "specs/spec_parser.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string_view text(reinterpret_cast<const char*>(data), size);
  berth::specs::SpecSource source{"fuzz.yaml", "fuzz", "/srv/specs"};
  berth::specs::ParsedFile parsed = berth::specs::parse_spec(text, source);
  if (parsed.spec.has_value() == !parsed.errors.empty()) std::abort();
  for (const auto& error : parsed.errors) {
    if (error.line < 1 || error.column < 1 || error.to_string().empty()) std::abort();
  }
  if (parsed.spec) {
    berth::specs::SpecHasher hasher("fuzz-key");
    if (berth::specs::canonical_json(*parsed.spec).empty()) std::abort();
    if (hasher.hash(*parsed.spec, {}).size() != 64) std::abort();
  }
  return 0;
}
