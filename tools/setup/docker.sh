# shellcheck shell=bash
# The Docker engine for berth's quick-start commands. Sourced by common.sh, not run.
#
# berth_ensure_docker makes sure an engine answers, telling apart the cases a user meets:
#   - an engine answers: nothing to do;
#   - the socket is there but refuses this user (EACCES): a permission problem, never "no engine";
#   - no engine at all: as root, install docker.io if needed and start dockerd for the duration
#     of the script (stopped on exit); as anyone else, say how to start one.
# It needs berth_log, berth_die, berth_apt_install and berth_at_exit from common.sh.

BERTH_DOCKER_SOCKET=/var/run/docker.sock
BERTH_DOCKERD_PID=""

berth_docker_answers() { docker version --format '{{.Server.APIVersion}}' >/dev/null 2>&1; }

# What `docker version` says when it fails, to tell a refused socket from an absent engine.
berth_docker_error() { { docker version --format '{{.Server.APIVersion}}' >/dev/null; } 2>&1 || true; }

# The socket the CLI talks to: DOCKER_HOST's when it names a unix socket, else the default.
berth_docker_socket_path() {
  case "${DOCKER_HOST:-}" in
    "") printf '%s\n' "$BERTH_DOCKER_SOCKET" ;;
    unix://*) printf '%s\n' "${DOCKER_HOST#unix://}" ;;
    *) printf '\n' ;;
  esac
}

berth_docker_permission_denied() {
  local socket=$1 group
  group=$(stat -c %G "$socket" 2>/dev/null || echo docker)
  berth_die "permission denied on the Docker socket $socket: an engine runs, but user" \
    "$(id -un) may not use it. Join its group and log in again" \
    "(usermod -aG $group $(id -un); or 'newgrp $group' in this shell), or run this as root."
}

berth_docker_absent() {
  local socket=$1
  if [[ -z $socket ]]; then
    berth_die "no Docker engine answers at DOCKER_HOST=$DOCKER_HOST; start it, or unset" \
      "DOCKER_HOST to use the local socket"
  fi
  if [[ -n ${DOCKER_HOST:-} || $(id -u) -ne 0 ]]; then
    berth_die "no Docker engine answers at $socket. Start one (systemctl start docker)," \
      "or run this as root on the default socket and it starts one for its own run."
  fi
}

# Starts dockerd in the background, waits until it answers, and stops it when the script exits.
berth_start_dockerd() {
  local log=/tmp/berth-dockerd.log
  berth_log "starting dockerd (log: $log)"
  dockerd >"$log" 2>&1 &
  BERTH_DOCKERD_PID=$!
  berth_at_exit berth_stop_docker
  local deadline=$((SECONDS + 60))
  until berth_docker_answers; do
    kill -0 "$BERTH_DOCKERD_PID" 2>/dev/null || { tail -n 20 "$log" >&2; berth_die "dockerd exited"; }
    [ $SECONDS -lt $deadline ] || { tail -n 20 "$log" >&2; berth_die "dockerd did not answer in 60 s"; }
    sleep 0.5
  done
  berth_log "dockerd is up (API $(docker version --format '{{.Server.APIVersion}}'))"
}

berth_ensure_docker() {
  command -v docker >/dev/null || berth_apt_install docker.io
  berth_docker_answers && return 0
  local socket
  socket=$(berth_docker_socket_path)
  if [[ $(berth_docker_error) == *"connect: permission denied"* ]] ||
    [[ -n $socket && -S $socket && ! -w $socket ]]; then
    berth_docker_permission_denied "$socket"
  fi
  berth_docker_absent "$socket"
  command -v dockerd >/dev/null || berth_apt_install docker.io
  berth_docker_answers && return 0  # the package may have started one
  berth_start_dockerd
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
