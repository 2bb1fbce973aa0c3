#pragma once
// The parser of `spec.auth`: what an OAuth access token must grant to reach the server
// (`auth: {scopes: [mcp:tools]}`). Used by spec_parser.cc; records its errors in the FieldReader
// and fills what it could. Not part of the canonical form (see canonical.h).

#include "specs/field_reader.h"
#include "specs/server_spec.h"

namespace berth::specs {

// `scopes`: a list of distinct OAuth scope tokens (RFC 6749 §3.3: printable ASCII but space, '"'
// and '\'), at most 64 of at most 128 characters each.
void parse_auth(FieldReader& reader, const Field& field, AuthPolicy& auth);

}  // namespace berth::specs
