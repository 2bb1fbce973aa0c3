#!/usr/bin/env bash
# Checks that every C++ file git tracks is formatted as the repository's .clang-format says, with
# clang-format 14 (Debian 12's; another version may format differently). Lists the files that
# differ and exits 1; fixes nothing (clang-format -i FILE does). tools/test.sh runs it first, so
# CI fails in seconds on a formatting slip rather than after the build.
#   CLANG_FORMAT  the binary to use (default clang-format-14, else clang-format)
set -euo pipefail

cd "$(dirname "$0")/.."

pick_clang_format() {
  if [[ -n ${CLANG_FORMAT:-} ]]; then
    printf '%s\n' "$CLANG_FORMAT"
  elif command -v clang-format-14 >/dev/null; then
    echo clang-format-14
  else
    echo clang-format
  fi
}

main() {
  local clang_format version
  clang_format=$(pick_clang_format)
  command -v "$clang_format" >/dev/null ||
    { echo "format-check.sh: $clang_format is not installed (Debian: apt-get install clang-format)" >&2; exit 2; }
  version=$("$clang_format" --version)
  [[ $version == *" 14."* ]] ||
    echo "format-check.sh: warning: expected clang-format 14, got: $version" >&2

  # --dry-run reports each difference as "FILE:LINE:COL: error: code should be clang-formatted";
  # batches of files per process keep it to a few seconds.
  local differing
  differing=$(git ls-files -z '*.cc' '*.h' |
    xargs -0 -r -n 64 -P "$(nproc)" "$clang_format" --style=file --dry-run 2>&1 |
    sed -n 's/^\([^:]*\):[0-9]*:[0-9]*: \(error\|warning\): code should be clang-formatted.*/\1/p' |
    sort -u)
  if [[ -n $differing ]]; then
    echo "format-check.sh: these files differ from clang-format's output (fix: $clang_format -i FILE):" >&2
    printf '  %s\n' "${differing//$'\n'/$'\n'  }" >&2
    exit 1
  fi
  echo "format-check.sh: $(git ls-files '*.cc' '*.h' | wc -l) files formatted as .clang-format says" >&2
}

main "$@"
