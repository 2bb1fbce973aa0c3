# shellcheck shell=bash
# Shared steps of berth's two quick-start commands (tools/run-example.sh, tools/test.sh).
# Sourced, not run. Every step is idempotent: it does nothing when its work is already done.
# The slow part (building) comes after every check that can fail fast (berth_preflight).

BERTH_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)

berth_log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
berth_die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Functions to run when the script exits, in order (one EXIT trap for all of them).
BERTH_EXIT_HOOKS=()
berth_run_exit_hooks() {
  local hook
  for hook in "${BERTH_EXIT_HOOKS[@]}"; do "$hook" || true; done
}
berth_at_exit() {
  BERTH_EXIT_HOOKS+=("$1")
  trap berth_run_exit_hooks EXIT
}

# shellcheck source=tools/setup/node.sh
source "$BERTH_ROOT/tools/setup/node.sh"
# shellcheck source=tools/setup/docker.sh
source "$BERTH_ROOT/tools/setup/docker.sh"

# Debian packages for building berth and its tests.
BERTH_APT_PACKAGES=(
  ca-certificates cmake ninja-build g++ clang libclang-rt-14-dev pkg-config git
  libboost-dev rapidjson-dev libyaml-cpp-dev libcurl4-openssl-dev libssl-dev libspdlog-dev
  libgtest-dev curl ccache clang-format
)

# The oldest node the scripts accept: the example image needs 20, the MCP tooling of the tests 22.
# One minimum for both commands, so they build the same example image.
BERTH_NODE_MIN_MAJOR=22
# Free space the builds need under the repository (three build trees, the image staging).
BERTH_MIN_FREE_GB=${BERTH_MIN_FREE_GB:-8}

berth_apt_install() {
  local missing=()
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" ||
      missing+=("$pkg")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  [ "$(id -u)" -eq 0 ] || berth_die "missing packages (${missing[*]}); run as root to install them"
  berth_log "installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

berth_install_build_deps() {
  berth_apt_install "${BERTH_APT_PACKAGES[@]}"
}

# Puts a node of at least BERTH_NODE_MIN_MAJOR first on PATH for every later step and child
# (image builds, npm, ctest's node tests), installing Debian's npm first when it is needed to
# fetch one. Exports BERTH_NODE, the binary's path.
berth_use_node() {
  local node
  if ! node=$(berth_node "$BERTH_NODE_MIN_MAJOR" 2>/dev/null); then
    command -v npm >/dev/null || berth_apt_install nodejs npm
    node=$(berth_node "$BERTH_NODE_MIN_MAJOR") ||
      berth_die "no node $BERTH_NODE_MIN_MAJOR or newer could be found or installed (see above)"
  fi
  command -v npm >/dev/null || berth_apt_install npm
  export BERTH_NODE=$node
  PATH="$(dirname "$node"):$PATH"
  export PATH
  berth_log "node $("$node" --version) at $node"
}

berth_check_disk_space() {
  local free_kb
  free_kb=$(df -Pk "$BERTH_ROOT" | awk 'NR == 2 { print $4 }')
  ((free_kb >= BERTH_MIN_FREE_GB * 1024 * 1024)) ||
    berth_die "only $((free_kb / 1024 / 1024)) GB free under $BERTH_ROOT; the builds need" \
      "$BERTH_MIN_FREE_GB GB (BERTH_MIN_FREE_GB overrides)"
}

# Everything that can fail before the long build, checked first: packages, node, Docker, disk.
berth_preflight() {
  berth_install_build_deps
  berth_use_node
  berth_ensure_docker
  berth_check_disk_space
}

# ccache keeps compiled objects across runs and clean clones (CI clones afresh each time).
# The cache is the user's (~/.cache/ccache by default); BASEDIR makes paths under the repository
# relative, and NOHASHDIR keeps the build directory out of the hash (it would be in it because of
# debug info), so a clone at another path hits the same entries.
berth_use_ccache() {
  export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$BERTH_ROOT}
  export CCACHE_NOHASHDIR=${CCACHE_NOHASHDIR:-1}
}

# berth_build DIR [cmake args...]: configures (once) and builds the tree in DIR, through ccache
# when it is installed. Passes the node berth_use_node chose to CMake (BERTH_NODE_EXECUTABLE).
berth_build() {
  local dir=$1
  shift
  local args=()
  if command -v ccache >/dev/null; then
    berth_use_ccache
    args+=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache -DCMAKE_C_COMPILER_LAUNCHER=ccache)
  fi
  [[ -z ${BERTH_NODE:-} ]] || args+=("-DBERTH_NODE_EXECUTABLE=$BERTH_NODE")
  berth_log "building $dir"
  # --no-warn-unused-cli: BERTH_NODE_EXECUTABLE is unused where the tests are off.
  cmake -S "$BERTH_ROOT" -B "$BERTH_ROOT/$dir" -G Ninja --no-warn-unused-cli "${args[@]}" "$@" >/dev/null
  cmake --build "$BERTH_ROOT/$dir"
}

# berth_step NAME COMMAND...: runs one step, logging it and recording how long it took;
# berth_print_step_times (run at exit, success or not) lists them, so a CI log shows where the
# time went and which step failed.
BERTH_STEP_TIMES=()
BERTH_CURRENT_STEP=""
berth_step() {
  local name=$1 start=$SECONDS
  shift
  berth_log "$name"
  BERTH_CURRENT_STEP=$name
  "$@"
  BERTH_CURRENT_STEP=""
  BERTH_STEP_TIMES+=("$(printf '%6d s  %s' $((SECONDS - start)) "$name")")
}
berth_print_step_times() {
  printf '\nstep times:\n' >&2
  [ ${#BERTH_STEP_TIMES[@]} -eq 0 ] || printf '  %s\n' "${BERTH_STEP_TIMES[@]}" >&2
  [ -z "$BERTH_CURRENT_STEP" ] || printf '  (failed during: %s)\n' "$BERTH_CURRENT_STEP" >&2
  printf '  %6d s  in all\n' "$SECONDS" >&2
}
