#include "specs/privilege_fields.h"

#include "specs/names.h"
#include "specs/spec_sections.h"
#include "specs/units.h"

namespace berth::specs {
namespace {

constexpr std::string_view kTmpfsFields[] = {"path", "size", "mode"};
constexpr int64_t kMinTmpfsSize = 4096;  // one page: the kernel rounds anything smaller up

std::optional<int64_t> read_tmpfs_size(FieldReader& reader, const Field& field) {
  auto text = reader.string(field);
  if (!text) return std::nullopt;
  auto bytes = parse_size(*text);
  if (!bytes) {
    reader.error(field, in_quotes(*text) + " is not a size (try " + suggest_size(*text) + ")");
  } else if (*bytes < kMinTmpfsSize) {
    reader.error(field, in_quotes(*text) + " is below the minimum of 4Ki");
    return std::nullopt;
  }
  return bytes;
}

// Octal permission bits, 3 or 4 digits: "1777", "0700", "755".
std::optional<int> read_mode(FieldReader& reader, const Field& field) {
  auto text = reader.string(field);
  if (!text) return std::nullopt;
  bool octal = text->size() >= 3 && text->size() <= 4 &&
               text->find_first_not_of("01234567") == std::string::npos;
  if (!octal) {
    reader.error(field, in_quotes(*text) + " is not an octal mode (e.g. \"1777\" or \"0700\")");
    return std::nullopt;
  }
  return std::stoi(*text, nullptr, 8);
}

void parse_tmpfs_item(FieldReader& reader, const Field& item, ServerSpec& spec) {
  if (item.value.IsScalar()) {
    if (auto target = read_container_path(reader, item, spec)) {
      spec.tmpfs.push_back(TmpfsMount{*target, std::nullopt, std::nullopt});
    }
    return;
  }
  if (!item.value.IsMap()) {
    reader.error(
        item, "expected a path or a mapping {path, size, mode}, got " + describe_kind(item.value));
    return;
  }
  auto fields = reader.mapping(item, kTmpfsFields);
  if (!fields) return;
  const Field* path = find_field(*fields, "path");
  const Field* size = find_field(*fields, "size");
  const Field* mode = find_field(*fields, "mode");
  if (!path) reader.error(item.pos(), item.path + ".path", "missing required field");
  TmpfsMount mount;
  std::optional<std::string> target;
  if (path) target = read_container_path(reader, *path, spec);
  bool ok = target.has_value();
  if (size) {
    mount.size_bytes = read_tmpfs_size(reader, *size);
    ok = ok && mount.size_bytes.has_value();
  }
  if (mode) {
    mount.mode = read_mode(reader, *mode);
    ok = ok && mount.mode.has_value();
  }
  if (!ok) return;
  mount.target = *target;
  spec.tmpfs.push_back(std::move(mount));
}

}  // namespace

void parse_user(FieldReader& reader, const Field& field, ServerSpec& spec) {
  auto user = reader.string(field);
  if (!user) return;
  if (!is_container_user(*user)) {
    reader.error(field, in_quotes(*user) + " is not a user (uid[:gid] such as \"65534:65534\", " +
                            "or a name[:group] the image knows)");
    return;
  }
  spec.user = *user;
}

void parse_tmpfs(FieldReader& reader, const Field& field, ServerSpec& spec) {
  auto items = reader.sequence(field);
  if (!items) return;
  for (const Field& item : *items) parse_tmpfs_item(reader, item, spec);
}

}  // namespace berth::specs
