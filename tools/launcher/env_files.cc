#include "tools/launcher/env_files.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

namespace berth::launcher {
namespace {

constexpr size_t kMaxValue = 1 << 20;  // an env var is not where a megabyte of secret belongs
constexpr size_t kMaxFiles = 1024;

bool is_env_name(const char* name) {
  if (!((*name >= 'A' && *name <= 'Z') || (*name >= 'a' && *name <= 'z') || *name == '_')) {
    return false;
  }
  for (const char* c = name; *c != '\0'; ++c) {
    bool ok = (*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') ||
              *c == '_';
    if (!ok) return false;
  }
  return true;
}

// "NAME=<contents of dir/NAME>", malloc'd; nullptr after saying why on stderr.
char* read_variable(int dir_fd, const char* name) {
  int fd = openat(dir_fd, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
  if (fd < 0) {
    fprintf(stderr, "berth-launcher: cannot open the env secret %s: %s\n", name, strerror(errno));
    return nullptr;
  }
  size_t name_length = strlen(name);
  char* entry = static_cast<char*>(malloc(name_length + 1 + kMaxValue + 1));
  if (entry == nullptr) {
    close(fd);
    return nullptr;
  }
  memcpy(entry, name, name_length);
  entry[name_length] = '=';
  char* value = entry + name_length + 1;
  size_t length = 0;
  while (length <= kMaxValue) {
    ssize_t n = read(fd, value + length, kMaxValue + 1 - length);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    length += static_cast<size_t>(n);
  }
  close(fd);
  const char* problem = length > kMaxValue                       ? "is longer than 1 MiB"
                        : memchr(value, '\0', length) != nullptr ? "holds a NUL byte"
                                                                 : nullptr;
  if (problem != nullptr) {
    fprintf(stderr, "berth-launcher: the env secret %s %s\n", name, problem);
    free(entry);
    return nullptr;
  }
  value[length] = '\0';
  return entry;
}

bool same_name(const char* entry, const char* other) {
  const char* eq = strchr(entry, '=');
  size_t length = eq == nullptr ? strlen(entry) : static_cast<size_t>(eq - entry);
  return strncmp(entry, other, length) == 0 && other[length] == '=';
}

}  // namespace

char** environment_with_files(char** base, const char* dir) {
  size_t base_count = 0;
  while (base[base_count] != nullptr) ++base_count;
  char** env = static_cast<char**>(calloc(base_count + kMaxFiles + 1, sizeof(char*)));
  if (env == nullptr) return nullptr;
  memcpy(env, base, base_count * sizeof(char*));
  size_t count = base_count;
  DIR* entries = opendir(dir);
  if (entries == nullptr) {
    if (errno == ENOENT) return env;
    fprintf(stderr, "berth-launcher: cannot read %s: %s\n", dir, strerror(errno));
    return nullptr;
  }
  bool ok = true;
  while (struct dirent* file = readdir(entries)) {
    if (file->d_name[0] == '.') continue;
    const char* problem = !is_env_name(file->d_name)        ? "is not a variable name"
                          : count - base_count >= kMaxFiles ? "is one file too many"
                                                            : nullptr;
    if (problem != nullptr) {
      fprintf(stderr, "berth-launcher: %s/%s %s\n", dir, file->d_name, problem);
      ok = false;
      break;
    }
    char* entry = read_variable(dirfd(entries), file->d_name);
    if (entry == nullptr) {
      ok = false;
      break;
    }
    size_t slot = 0;
    while (slot < count && !same_name(entry, env[slot])) ++slot;
    env[slot] = entry;
    if (slot == count) ++count;
  }
  closedir(entries);
  return ok ? env : nullptr;
}

}  // namespace berth::launcher
