#!/usr/bin/env bash
# The layout's one-way flow, checked: every #include "..." of a source folder must name its own
# folder or one it may depend on (ARCHITECTURE.md). Prints each include that runs the wrong way.
# Usage: tests/layout/includes_test.sh [REPO_ROOT]
set -euo pipefail
root=${1:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
cd "$root"

# folder -> the folders (prefixes of include paths) it may include besides its own.
declare -A allowed=(
  [base]=""
  [specs]="base/"
  [specs/import]="base/ specs/"
  [reconciler/handoff]="base/ specs/"
  [reconciler/docker]="base/ specs/ reconciler/docker_api.h"
  [reconciler]="base/ specs/ reconciler/handoff/ reconciler/docker/"
  [proxy/mcp]="base/"
  [proxy/sessions]="base/ proxy/mcp/"
  [proxy/http]="base/"
  [proxy/backends]="base/ specs/ reconciler/handoff/ proxy/mcp/"
  [proxy/front]="base/ specs/ reconciler/handoff/ proxy/mcp/ proxy/sessions/ proxy/http/ proxy/backends/"
  [proxy/admin]="base/ specs/ reconciler/handoff/ proxy/http/ proxy/backends/"
  [proxy/oauth]="base/ proxy/http/"
)

bad=0
checked=0
for folder in "${!allowed[@]}"; do
  for file in "$folder"/*.h "$folder"/*.cc; do
    [ -e "$file" ] || continue
    checked=$((checked + 1))
    while IFS= read -r include; do
      case "$include" in "$folder"/*) [[ "${include#"$folder"/}" != */* ]] && continue ;; esac
      ok=false
      for prefix in ${allowed[$folder]}; do
        [[ "$include" == "$prefix"* ]] && ok=true && break
      done
      if ! $ok; then
        echo "$file: includes \"$include\", which $folder may not depend on" >&2
        bad=$((bad + 1))
      fi
    done < <(sed -n 's/^#include "\([^"]*\)".*/\1/p' "$file")
  done
done
[ "$checked" -gt 100 ] || { echo "only $checked files found under $root: wrong root?" >&2; exit 1; }
if [ "$bad" -gt 0 ]; then
  echo "$bad include(s) run against the layout (see ARCHITECTURE.md)" >&2
  exit 1
fi
echo "layout: $checked files, every include runs one way"
