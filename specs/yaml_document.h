#pragma once
// Loads the single YAML document of a spec file, turning every yaml-cpp failure into a positioned
// SpecError. This is the edge where yaml-cpp's exceptions stop.
//
// It does not use YAML::LoadAll: yaml-cpp 0.7 never consumes a stray ',' outside a flow
// collection and LoadAll then loops forever (found by the spec fuzzer). Documents after the first
// are instead counted with a bounded event pass that notices a parser which stops advancing.
// Pure and thread-safe.

#include <yaml-cpp/yaml.h>

#include <optional>
#include <string_view>

#include "specs/field_reader.h"

namespace berth::specs {

// The document's root node, or nullopt after recording why there is none usable: a syntax error,
// an empty file, or more than one document.
std::optional<YAML::Node> load_single_document(std::string_view text, FieldReader& reader);

}  // namespace berth::specs
