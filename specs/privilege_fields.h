#pragma once
// Parsers for the least-privilege fields of `spec:`: `user` and `tmpfs` (readOnlyRootFilesystem
// is a plain boolean). Used by spec_parser.cc; each records its errors in the FieldReader and
// fills what it could.

#include "specs/field_reader.h"
#include "specs/server_spec.h"

namespace berth::specs {

// `uid[:gid]` or `name[:group]`; Docker resolves names against the image's /etc/passwd.
void parse_user(FieldReader& reader, const Field& field, ServerSpec& spec);

// A list whose items are a path (`- /tmp`) or `{path, size, mode}`: size as a spec size
// (`64Mi`), mode as octal permission bits (`"1777"`, `"0700"`).
void parse_tmpfs(FieldReader& reader, const Field& field, ServerSpec& spec);

}  // namespace berth::specs
