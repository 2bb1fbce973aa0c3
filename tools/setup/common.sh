# Shared steps of berth's two quick-start commands (tools/run-example.sh, tools/test.sh).
# Sourced, not run. Every step is idempotent: it does nothing when its work is already done.

BERTH_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BERTH_DOCKER_SOCKET=/var/run/docker.sock
BERTH_DOCKERD_PID=""

berth_log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }
berth_die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# Debian packages for building berth and its tests.
BERTH_APT_PACKAGES=(
  ca-certificates cmake ninja-build g++ clang libclang-rt-14-dev pkg-config git
  libboost-dev rapidjson-dev libyaml-cpp-dev libcurl4-openssl-dev libssl-dev libspdlog-dev
  libgtest-dev curl
)

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
  # Node.js runs the example server image and the end-to-end client. Keep one already installed
  # (it may come from elsewhere than Debian); otherwise take Debian's.
  if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    berth_apt_install nodejs npm
  fi
}

berth_docker_answers() { docker version --format '{{.Server.APIVersion}}' >/dev/null 2>&1; }

# Starts a Docker engine when none answers on the socket, and remembers to stop it on exit.
berth_ensure_docker() {
  command -v docker >/dev/null || berth_apt_install docker.io
  berth_docker_answers && return 0
  command -v dockerd >/dev/null || berth_apt_install docker.io
  berth_docker_answers && return 0  # the package may have started one
  local log=/tmp/berth-dockerd.log
  berth_log "starting dockerd (log: $log)"
  dockerd >"$log" 2>&1 &
  BERTH_DOCKERD_PID=$!
  trap berth_stop_docker EXIT
  local deadline=$((SECONDS + 60))
  until berth_docker_answers; do
    kill -0 "$BERTH_DOCKERD_PID" 2>/dev/null || { tail -n 20 "$log" >&2; berth_die "dockerd exited"; }
    [ $SECONDS -lt $deadline ] || { tail -n 20 "$log" >&2; berth_die "dockerd did not answer in 60 s"; }
    sleep 0.5
  done
  berth_log "dockerd is up (API $(docker version --format '{{.Server.APIVersion}}'))"
}

# Stops the engine berth_ensure_docker started, and only that one.
berth_stop_docker() {
  [ -n "$BERTH_DOCKERD_PID" ] || return 0
  kill -TERM "$BERTH_DOCKERD_PID" 2>/dev/null || return 0
  local deadline=$((SECONDS + 30))
  while kill -0 "$BERTH_DOCKERD_PID" 2>/dev/null && [ $SECONDS -lt $deadline ]; do sleep 0.2; done
  kill -KILL "$BERTH_DOCKERD_PID" 2>/dev/null || true
  BERTH_DOCKERD_PID=""
  echo "stopped the dockerd this script started" >&2
}

# berth_build DIR [cmake args...]: configures (once) and builds the tree in DIR.
berth_build() {
  local dir=$1
  shift
  berth_log "building $dir"
  cmake -S "$BERTH_ROOT" -B "$BERTH_ROOT/$dir" -G Ninja "$@" >/dev/null
  cmake --build "$BERTH_ROOT/$dir"
}
