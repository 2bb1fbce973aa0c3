#pragma once
// The environment the launcher hands to the server: its own, plus one variable per file of the
// env-secrets directory (the file's name is the variable, its contents the value, byte for byte).
//
// Plain libc, no allocation but malloc: the launcher is a static binary that must stay small and
// work in a FROM scratch image. Single-threaded.

namespace berth::launcher {

// A NULL-terminated "NAME=value" array: `base` with the directory's variables added (replacing
// any of the same name). Returns nullptr after writing the reason to stderr when the directory
// cannot be read, a file name is not a variable name, or a value is too long or holds a NUL.
// A missing directory is not an error: there are no env secrets.
char** environment_with_files(char** base, const char* dir);

}  // namespace berth::launcher
