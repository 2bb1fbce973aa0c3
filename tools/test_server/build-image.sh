#!/usr/bin/env bash
# Builds the berth test MCP server image from its static binary, offline: a FROM scratch image
# holding only the binary. The image carries the binary's SHA-256 as a label; when the tag
# already has that label the build is skipped, so running this before every test run is cheap.
#
# Usage: tools/test_server/build-image.sh BINARY [TAG]
#   BINARY  the statically linked berth-test-server (e.g. build/release/tools/test_server/...)
#   TAG     image tag (default berth/test-server:latest)
set -euo pipefail

readonly label_key="berth.test-server.sha256"
context=""  # temporary build context, removed on exit.
trap 'if [[ -n $context ]]; then rm -rf "$context"; fi' EXIT

die() {
  echo "build-image.sh: $*" >&2
  exit 1
}

usage() {
  echo "usage: build-image.sh BINARY [TAG]   (TAG defaults to berth/test-server:latest)"
}

main() {
  if [[ $# -ge 1 && ($1 == -h || $1 == --help) ]]; then
    usage
    return 0
  fi
  if [[ $# -lt 1 || $# -gt 2 ]]; then
    usage >&2
    exit 2
  fi
  local binary=$1 tag=${2:-berth/test-server:latest}
  [[ -f $binary && -x $binary ]] || die "no executable at '$binary' (build the berth-test-server target first)"
  if command -v file >/dev/null && ! file -b "$binary" | grep -q 'statically linked'; then
    die "'$binary' is not statically linked; it could not run in a FROM scratch image"
  fi
  command -v docker >/dev/null || die "the docker CLI is not installed"
  docker version --format '{{.Server.Version}}' >/dev/null 2>&1 \
    || die "the docker engine does not answer (is dockerd running and the socket reachable?)"

  local hash current
  hash=$(sha256sum "$binary" | cut -d' ' -f1)
  current=$(docker image inspect --format "{{ index .Config.Labels \"$label_key\" }}" "$tag" \
    2>/dev/null || true)
  if [[ $current == "$hash" ]]; then
    echo "image $tag is up to date (binary sha256 ${hash:0:12})"
    return 0
  fi

  context=$(mktemp -d "${TMPDIR:-/tmp}/berth-test-server-image.XXXXXX")
  cp "$binary" "$context/berth-test-server"
  cat >"$context/Dockerfile" <<DOCKERFILE
FROM scratch
COPY berth-test-server /berth-test-server
LABEL $label_key="$hash"
USER 65534:65534
EXPOSE 3001
ENTRYPOINT ["/berth-test-server"]
DOCKERFILE

  # The classic builder handles FROM scratch with no registry access; BuildKit (when installed)
  # may try to resolve metadata online. Its deprecation notice goes to the log, shown on failure.
  local log="$context/build.log"
  if ! DOCKER_BUILDKIT=0 docker build --quiet --tag "$tag" "$context" >"$log" 2>&1; then
    cat "$log" >&2
    die "docker build failed for $tag"
  fi
  current=$(docker image inspect --format "{{ index .Config.Labels \"$label_key\" }}" "$tag")
  [[ $current == "$hash" ]] || die "built $tag but its label does not match the binary"
  echo "built image $tag (binary sha256 ${hash:0:12})"
}

main "$@"
