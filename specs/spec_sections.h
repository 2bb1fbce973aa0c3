#pragma once
// Parsers for the sections of `spec:` (secrets, volumes, resources, transport, health, restart),
// used by spec_parser.cc. Each records its errors in the FieldReader and fills what it could.

#include "specs/field_reader.h"
#include "specs/server_spec.h"
#include "specs/spec_parser.h"

namespace berth::specs {

void parse_secrets(FieldReader& reader, const Field& field, ServerSpec& spec);
void parse_volumes(FieldReader& reader, const Field& field, const SpecSource& source,
                   ServerSpec& spec);
void parse_resources(FieldReader& reader, const Field& field, Resources& resources);
void parse_transport(FieldReader& reader, const Field& field, Transport& transport);
void parse_health(FieldReader& reader, const Field& field, HealthCheck& health);
void parse_restart(FieldReader& reader, const Field& field, RestartPolicy& restart);

// An absolute container path, normalised (`/data/` is `/data`); the root and a path already
// mounted by a secret, volume or tmpfs of `spec` are errors.
std::optional<std::string> read_container_path(FieldReader& reader, const Field& field,
                                               const ServerSpec& spec);

// A duration field (`30s`); errors suggest a spelling.
std::optional<Millis> read_duration(FieldReader& reader, const Field& field);

}  // namespace berth::specs
