#!/usr/bin/env bash
# Builds mcp/everything:latest (the MCP "everything" reference server) without pulling any image.
#
# The image is FROM scratch: the host's node binary, the shared libraries it links, and the
# npm package pinned in image/package-lock.json. mcp/everything is the image's name on Docker Hub,
# so the specs next to this script work unchanged where images can be pulled.
#
# Usage: examples/everything/build-image.sh [--force]
#   --force           rebuild even when the image is up to date
# Environment:
#   IMAGE             tag to build (default mcp/everything:latest)
#   STAGING_DIR       scratch space (default <repo>/build/everything-image, which git ignores)
#
# Needs docker, node (20 or newer, the first on PATH) and npm on the host, and the npm registry
# (or a warm npm cache) the first time. A second run with the same inputs only hashes them and
# exits. The quick-start scripts put a new enough node first on PATH (tools/setup/node.sh).
set -euo pipefail

readonly HASH_LABEL=io.berth.example.content-hash

log() { printf '==> %s\n' "$*" >&2; }
die() {
  printf 'build-image.sh: error: %s\n' "$*" >&2
  exit 1
}

force=false
for arg in "$@"; do
  case "$arg" in
    --force) force=true ;;
    -h | --help)
      sed -n '2,15s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"
      exit 0
      ;;
    *) die "unknown argument '$arg' (try --help)" ;;
  esac
done

script_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
image_src="$script_dir/image"
image=${IMAGE:-mcp/everything:latest}
stage=$(realpath -m "${STAGING_DIR:-$script_dir/../../build/everything-image}")

# --- preconditions -------------------------------------------------------------------------
command -v docker >/dev/null || die "docker is not installed (Debian: apt-get install docker.io)"
docker version --format '{{.Server.Version}}' >/dev/null 2>&1 ||
  die "cannot reach the Docker daemon at ${DOCKER_HOST:-/var/run/docker.sock} (is it running?)"
nodejs_hint="put node 20 or newer first on PATH (Debian 12's own package is 18; tools/run-example.sh
installs one into build/node, see tools/setup/node.sh)"
command -v node >/dev/null || die "node is not installed: $nodejs_hint"
command -v npm >/dev/null || die "npm is not installed: $nodejs_hint, which includes npm"
command -v ldd >/dev/null || die "ldd is not installed (Debian: apt-get install libc-bin)"
for f in Dockerfile package.json package-lock.json; do
  [[ -f "$image_src/$f" ]] || die "missing $image_src/$f"
done

node_bin=$(readlink -f "$(command -v node)")
node_version=$("$node_bin" --version)
node_major=${node_version#v}
node_major=${node_major%%.*}
((node_major >= 20)) || die "node $node_version is too old: $nodejs_hint"

# The shared objects node loads, dynamic loader included, at the exact paths ldd reports:
#   libc.so.6 => /lib/x86_64-linux-gnu/libc.so.6 (0x...)   and   /lib64/ld-linux-x86-64.so.2 (0x...)
libs=()
if ldd_out=$(ldd "$node_bin" 2>&1); then
  while read -r first arrow target _; do
    if [[ "$arrow" == "=>" && "$target" == /* ]]; then
      libs+=("$target")
    elif [[ "$first" == /* ]]; then
      libs+=("$first")
    elif [[ "$arrow" == "=>" && "$target" == "not" ]]; then
      die "ldd cannot find $first, which $node_bin needs"
    fi
  done <<<"$ldd_out"
elif [[ "$ldd_out" != *"not a dynamic executable"* ]]; then
  die "ldd $node_bin failed: $ldd_out"
fi

# --- up to date? ---------------------------------------------------------------------------
# The hash covers everything that goes into the image: this script, the Dockerfile, the
# pinned packages, and the node binary and libraries (by path and content).
content_hash=$(
  {
    sha256sum "${BASH_SOURCE[0]}" "$image_src/Dockerfile" "$image_src/package.json" \
      "$image_src/package-lock.json" | cut -d' ' -f1
    printf '%s %s\n' "$node_bin" "$(sha256sum <"$node_bin" | cut -d' ' -f1)"
    for lib in "${libs[@]}"; do
      printf '%s %s\n' "$lib" "$(sha256sum <"$lib" | cut -d' ' -f1)"
    done
  } | sha256sum | cut -d' ' -f1
)

old_id=$(docker image inspect --format '{{.Id}}' "$image" 2>/dev/null || true)
old_hash=""
if [[ -n "$old_id" ]]; then
  old_hash=$(docker image inspect --format "{{index .Config.Labels \"$HASH_LABEL\"}}" "$image")
fi
if [[ "$old_hash" == "$content_hash" && "$force" == false ]]; then
  log "$image is up to date (${content_hash:0:12}); nothing to do (--force rebuilds)"
  exit 0
fi

# --- npm ci --------------------------------------------------------------------------------
version=$(node -p 'require(process.argv[1]).dependencies["@modelcontextprotocol/server-everything"]' \
  "$image_src/package.json")
npm_dir="$stage/npm"
lock_hash=$(cat "$image_src/package.json" "$image_src/package-lock.json" | sha256sum | cut -d' ' -f1)
mkdir -p "$npm_dir"
if [[ -d "$npm_dir/node_modules" && "$(cat "$npm_dir/.lock-hash" 2>/dev/null)" == "$lock_hash" ]]; then
  log "@modelcontextprotocol/server-everything@$version already installed in $npm_dir"
else
  log "installing @modelcontextprotocol/server-everything@$version (npm ci) into $npm_dir"
  rm -rf "$npm_dir/node_modules" "$npm_dir/.lock-hash"
  cp "$image_src/package.json" "$image_src/package-lock.json" "$npm_dir/"
  npm ci --prefix "$npm_dir" --omit=dev --ignore-scripts --prefer-offline \
    --no-audit --no-fund --loglevel=error ||
    die "npm ci failed: the first build needs the npm registry (or a warm npm cache)"
  printf '%s\n' "$lock_hash" >"$npm_dir/.lock-hash"
fi
pkg_dir="$npm_dir/node_modules/@modelcontextprotocol/server-everything"
[[ -f "$pkg_dir/dist/index.js" ]] || die "$pkg_dir/dist/index.js is missing after npm ci"

# --- root filesystem -----------------------------------------------------------------------
context="$stage/context"
rootfs="$context/rootfs"
log "assembling the root filesystem in $rootfs"
rm -rf "$context"
mkdir -p "$rootfs/usr/bin" "$rootfs/app" "$rootfs/tmp"
chmod 1777 "$rootfs/tmp"
cp -L "$node_bin" "$rootfs/usr/bin/node"
for lib in "${libs[@]}"; do
  mkdir -p "$rootfs$(dirname "$lib")"
  cp -L "$lib" "$rootfs$lib"
done
# /app/{package.json,dist} is the package itself ("type": "module" lives in its package.json);
# its dependencies, hoisted by npm, go to /app/node_modules where node's resolution finds them.
cp -a "$npm_dir/node_modules" "$rootfs/app/node_modules"
mv "$rootfs/app/node_modules/@modelcontextprotocol/server-everything/package.json" \
  "$rootfs/app/node_modules/@modelcontextprotocol/server-everything/dist" "$rootfs/app/"
rm -rf "$rootfs/app/node_modules/@modelcontextprotocol/server-everything" \
  "$rootfs/app/node_modules/.bin" "$rootfs/app/node_modules/.package-lock.json"
chmod -R a+rX,go-w "$rootfs/app"
cp "$image_src/Dockerfile" "$context/Dockerfile"
log "rootfs: node $node_version, ${#libs[@]} shared objects, $(du -sh "$rootfs" | cut -f1) in all"

# --- docker build --------------------------------------------------------------------------
# The classic builder handles FROM scratch with no registry access at all (and needs no buildx).
# Its output (a deprecation notice, the image id) is shown only if the build fails.
log "building $image"
if ! build_out=$(DOCKER_BUILDKIT=0 docker build --quiet \
  --label "$HASH_LABEL=$content_hash" \
  --label "org.opencontainers.image.title=MCP everything server $version" \
  --label "org.opencontainers.image.version=$version" \
  --tag "$image" "$context" 2>&1); then
  printf '%s\n' "$build_out" >&2
  die "docker build failed"
fi
new_id=$(docker image inspect --format '{{.Id}}' "$image")

# The image this build replaced, if this script made it and nothing else uses it.
if [[ -n "$old_id" && "$old_id" != "$new_id" && "$old_hash" =~ ^[0-9a-f]{64}$ ]]; then
  docker image rm "$old_id" >/dev/null 2>&1 || true
fi

size=$(docker image inspect --format '{{.Size}}' "$image")
log "built $image (${new_id:7:12}, $((size / 1000000)) MB): node $node_version, server-everything $version"
