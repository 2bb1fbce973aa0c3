#!/usr/bin/env bash
# Proves the README's quick start on a truly fresh Debian 12: a debootstrap'ed bookworm chroot,
# a git clone of the committed HEAD, and the two commands run in it as root, against the host's
# Docker engine (its socket bound into the chroot; no second engine is ever started).
#   1. tools/run-example.sh, in the background: waits for the three example servers to be Ready in
#      /status, sends an MCP initialize + tools/list through /mcp/everything, stops berth with
#      SIGINT and checks that it exits 0.
#   2. tools/test.sh, the whole suite, with its output in the log directory.
# Prints each command's result and elapsed time. Run as root on the host, from the repository:
#   tools/setup/fresh-debian-check.sh [--example-only | --suite-only] [--keep-root]
#     --keep-root   reuse root/ from the last run (packages already installed): a faster rerun,
#                   though no longer of a fresh machine
# Environment:
#   CHECK_DIR       work folder (default /work/chroot-debian12): base/ (the debootstrap, made once
#                   and reused), root/ (a fresh copy of base/ per run), src/berth (the clone),
#                   ccache/ (the chroot's compiler cache, kept between runs), logs/
#   CHECK_PORT      berth's port for command 1 (default 8080, the README's)
#   CHECK_TIMEOUT   seconds each command may take (default 7200)
#
# Traps this script avoids (see README, Development):
#   - Debian's /var/run links to /run: the socket is bound at the chroot's own /run/docker.sock, so
#     the bind never follows the link to the host's path.
#   - A policy-rc.d exiting 101 keeps package scripts from starting services (docker.io would
#     otherwise start a second dockerd in the host's network namespace).
#   - This network's TLS goes through the host's own CAs (/usr/local/share/ca-certificates, and
#     NODE_EXTRA_CA_CERTS and friends in the environment): they are carried into the chroot as a
#     machine on the same network would have them, or npm fails with SELF_SIGNED_CERT_IN_CHAIN.
#   - The host's dockerd resolves bind-mount paths on the host: the clone is bound at the same
#     absolute path inside the chroot, and /tmp is the host's /tmp, so paths the tests hand to
#     Docker name the same files on both sides.
set -euo pipefail

BERTH_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
readonly BERTH_ROOT
readonly CHECK_DIR=${CHECK_DIR:-/work/chroot-debian12}
readonly BASE="$CHECK_DIR/base"
readonly ROOT="$CHECK_DIR/root"
readonly REPO="$CHECK_DIR/src/berth"  # the same path on the host and in the chroot
readonly LOGS="$CHECK_DIR/logs"
readonly PORT=${CHECK_PORT:-8080}
readonly TIMEOUT=${CHECK_TIMEOUT:-7200}
readonly INSTANCE=fresh-debian-check
# The private-engine test starts a dockerd of its own, which this check must never do (and runc
# cannot pivot_root inside a chroot anyway).
readonly SUITE_EXCLUDE=BerthDockerdRestartTest

MOUNTS=()     # mount points made by this script, unmounted in reverse order on exit
CHILD_PGID="" # the process group of the command running in the chroot, if any
STAMP=$(date -u +%Y%m%dT%H%M%SZ)

log() { printf '[%s] %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
die() {
  log "error: $*"
  exit 1
}

check_host() {
  [[ $(id -u) -eq 0 ]] || die "run as root (debootstrap, chroot and mount need it)"
  command -v debootstrap >/dev/null || die "debootstrap is not installed (apt-get install debootstrap)"
  docker version --format '{{.Server.APIVersion}}' >/dev/null 2>&1 ||
    die "the host's Docker engine does not answer; the chroot uses it through its socket"
  [[ -S /run/docker.sock ]] || die "no Docker socket at /run/docker.sock"
  if curl -fsS -o /dev/null "http://127.0.0.1:$PORT/healthz" 2>/dev/null; then
    die "port $PORT is taken on 127.0.0.1 (CHECK_PORT picks another)"
  fi
}

# The Debian mirror the host uses, so this script names none of its own.
host_mirror() {
  local uri
  uri=$(sed -n 's/^URIs: *\(http[^ ]*\/debian\)$/\1/p' /etc/apt/sources.list.d/*.sources 2>/dev/null |
    head -n 1)
  [[ -n $uri ]] || uri=$(awk '$1 == "deb" && $2 ~ /\/debian\/?$/ { print $2; exit }' /etc/apt/sources.list 2>/dev/null)
  [[ -n $uri ]] || die "cannot tell the host's Debian mirror from /etc/apt"
  printf '%s\n' "$uri"
}

# base/: bookworm as debootstrap leaves it (required + important packages), made once.
make_base() {
  [[ -f $BASE/.complete ]] && return 0
  local mirror
  mirror=$(host_mirror)
  log "debootstrap bookworm from $mirror into $BASE.tmp"
  rm -rf "$BASE.tmp"
  nice debootstrap --arch=amd64 bookworm "$BASE.tmp" "$mirror" >"$LOGS/debootstrap-$STAMP.log" 2>&1 ||
    die "debootstrap failed (see $LOGS/debootstrap-$STAMP.log)"
  mv "$BASE.tmp" "$BASE"
  touch "$BASE/.complete"
}

# Refuses to delete a tree while anything is mounted below it.
assert_nothing_mounted_under() {
  if findmnt -rn -o TARGET | grep -q "^$1\(/\|$\)"; then
    die "something is still mounted under $1 (findmnt | grep $1); unmount it first"
  fi
}

# root/: a fresh copy of base/, made to behave like an installed machine.
make_root() {
  assert_nothing_mounted_under "$ROOT"
  log "fresh root $ROOT from $BASE"
  rm -rf "$ROOT"
  cp -a "$BASE" "$ROOT"
  rm -f "$ROOT/.complete"
  # The host's apt sources (bookworm, its updates and security), as a real install has them.
  if compgen -G "/etc/apt/sources.list.d/*.sources" >/dev/null; then
    cp /etc/apt/sources.list.d/*.sources "$ROOT/etc/apt/sources.list.d/"
    rm -f "$ROOT/etc/apt/sources.list"
  fi
  cp -L /etc/resolv.conf "$ROOT/etc/resolv.conf"
  printf '#!/bin/sh\n# fresh-debian-check: no service starts in this chroot\nexit 101\n' \
    >"$ROOT/usr/sbin/policy-rc.d"
  chmod 755 "$ROOT/usr/sbin/policy-rc.d"
  [[ -d $ROOT/run && ! -L $ROOT/run ]] || die "$ROOT/run is not a directory"
  [[ -L $ROOT/var/run ]] || log "note: $ROOT/var/run is not a link (expected one to /run)"
}

# The CAs this network's TLS needs, as the host has them: ca-certificates (installed by the
# quick start) adds them to the chroot's bundle; in a reused root, the bundle is remade now.
carry_host_trust() {
  compgen -G "/usr/local/share/ca-certificates/*.crt" >/dev/null || return 0
  mkdir -p "$ROOT/usr/local/share/ca-certificates"
  cp /usr/local/share/ca-certificates/*.crt "$ROOT/usr/local/share/ca-certificates/"
  if [[ -x $ROOT/usr/sbin/update-ca-certificates ]]; then
    chroot "$ROOT" /usr/sbin/update-ca-certificates >/dev/null 2>&1 ||
      log "note: update-ca-certificates failed in the chroot"
  fi
}

# The host's CA variables, for the chroot's environment (their files are the chroot's own).
trust_env() {
  local name
  for name in NODE_EXTRA_CA_CERTS SSL_CERT_FILE SSL_CERT_DIR CURL_CA_BUNDLE; do
    [[ -z ${!name:-} ]] || printf '%s=%s\n' "$name" "${!name}"
  done
}

# src/berth: a clone of the committed HEAD, not the work tree.
make_clone() {
  local commit
  commit=$(git -C "$BERTH_ROOT" rev-parse HEAD)
  assert_nothing_mounted_under "$REPO"
  rm -rf "$REPO"
  mkdir -p "$(dirname "$REPO")"
  git clone -q --no-local --no-checkout "$BERTH_ROOT" "$REPO"
  git -C "$REPO" checkout -q "$commit"
  log "cloned $commit ($(git -C "$BERTH_ROOT" log -1 --format=%s "$commit")) into $REPO"
}

# mount_at SOURCE TARGET [mount options...]: mounts and remembers it for unmount_all.
mount_at() {
  local source=$1 target=$2
  shift 2
  mount "$@" "$source" "$target"
  MOUNTS+=("$target")
}

mount_all() {
  mount_at proc "$ROOT/proc" -t proc
  mount_at sysfs "$ROOT/sys" -t sysfs
  mount_at /dev "$ROOT/dev" --bind
  # A slave: what is mounted below the chroot's /dev must not propagate back to the host's /dev.
  mount --make-slave "$ROOT/dev"
  mount_at /dev/pts "$ROOT/dev/pts" --bind
  if mountpoint -q /dev/shm; then mount_at /dev/shm "$ROOT/dev/shm" --bind; fi
  mount_at /tmp "$ROOT/tmp" --bind
  mkdir -p "$ROOT$REPO" "$CHECK_DIR/ccache" "$ROOT/root/.cache/ccache"
  mount_at "$REPO" "$ROOT$REPO" --bind
  mount_at "$CHECK_DIR/ccache" "$ROOT/root/.cache/ccache" --bind
  # A file of its own at the chroot's real /run (never via its /var/run link) to bind over.
  touch "$ROOT/run/docker.sock"
  mount_at /run/docker.sock "$ROOT/run/docker.sock" --bind
}

# Stops what still runs in the chroot (only processes whose root is this chroot), then unmounts.
cleanup() {
  local rc=$?
  set +e
  if [[ -n $CHILD_PGID ]]; then kill -TERM -- "-$CHILD_PGID" 2>/dev/null; fi
  sleep 1
  local proc
  for proc in /proc/[0-9]*; do
    [[ $(readlink "$proc/root" 2>/dev/null) == "$ROOT" ]] && kill -KILL "${proc#/proc/}" 2>/dev/null
  done
  sleep 1
  local i
  for ((i = ${#MOUNTS[@]} - 1; i >= 0; i--)); do
    umount "${MOUNTS[i]}" 2>/dev/null || umount -l "${MOUNTS[i]}" || log "could not unmount ${MOUNTS[i]}"
  done
  MOUNTS=()
  remove_example_containers
  exit "$rc"
}

remove_example_containers() {
  local ids=()
  mapfile -t ids < <(docker ps -aq --filter "label=berth.instance=$INSTANCE" 2>/dev/null)
  [[ ${#ids[@]} -eq 0 ]] || docker rm -f "${ids[@]}" >/dev/null 2>&1
}

# in_chroot LOG COMMAND: runs COMMAND (a bash line, in the clone) in the chroot as a fresh root
# login would, in a new process group, in the background, output to LOG. Sets CHILD_PGID.
in_chroot() {
  local log=$1 command=$2 env=()
  mapfile -t env < <(trust_env)
  setsid nice timeout "$TIMEOUT" chroot "$ROOT" /usr/bin/env -i HOME=/root TERM=dumb LANG=C.UTF-8 \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin "${env[@]}" \
    bash -c "cd '$REPO' && $command" >"$log" 2>&1 </dev/null &
  CHILD_PGID=$!
}

# The JSON of /status says every example server is ready.
example_ready() {
  curl -fsS --max-time 5 "http://127.0.0.1:$PORT/status" 2>/dev/null | python3 -c '
import json, sys
servers = {s["name"]: s.get("ready") for s in json.load(sys.stdin).get("servers", [])}
wanted = ["everything", "everything-http", "everything-sse"]
sys.exit(0 if all(servers.get(n) for n in wanted) else 1)' 2>/dev/null
}

# MCP initialize, initialized, tools/list through berth's /mcp/everything; tools must include echo.
mcp_tools_list() {
  local url="http://127.0.0.1:$PORT/mcp/everything" headers session
  local accept="Accept: application/json, text/event-stream" type="Content-Type: application/json"
  headers=$(mktemp)
  curl -fsS --max-time 30 -D "$headers" -o /dev/null -H "$accept" -H "$type" "$url" -d \
    '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"fresh-debian-check","version":"1"}}}'
  session=$(sed -n 's/^[Mm]cp-[Ss]ession-[Ii]d: *\([^[:space:]]*\).*/\1/p' "$headers")
  rm -f "$headers"
  [[ -n $session ]] || { log "no Mcp-Session-Id in the initialize answer"; return 1; }
  curl -fsS --max-time 30 -o /dev/null -H "$accept" -H "$type" -H "Mcp-Session-Id: $session" "$url" \
    -d '{"jsonrpc":"2.0","method":"notifications/initialized"}'
  curl -fsS --max-time 30 -H "$accept" -H "$type" -H "Mcp-Session-Id: $session" "$url" \
    -d '{"jsonrpc":"2.0","id":2,"method":"tools/list"}' >"$LOGS/tools-list-$STAMP.txt"
  grep -q '"name":"echo"' "$LOGS/tools-list-$STAMP.txt" ||
    { log "tools/list has no echo tool: $(head -c 300 "$LOGS/tools-list-$STAMP.txt")"; return 1; }
  log "MCP initialize + tools/list through /mcp/everything: $(grep -o '"name":"[^"]*"' \
    "$LOGS/tools-list-$STAMP.txt" | wc -l) names listed, echo among them"
}

# Command 1: tools/run-example.sh until Ready, an MCP call, then SIGINT and exit status 0.
check_example() {
  local log="$LOGS/run-example-$STAMP.log" start=$SECONDS
  log "command 1: tools/run-example.sh --instance $INSTANCE --listen 127.0.0.1:$PORT (log: $log)"
  in_chroot "$log" "exec tools/run-example.sh --instance $INSTANCE --listen 127.0.0.1:$PORT"
  until example_ready; do
    kill -0 "$CHILD_PGID" 2>/dev/null || { tail -n 30 "$log" >&2; die "command 1 exited before Ready"; }
    sleep 10
  done
  log "command 1: the three example servers Ready after $((SECONDS - start)) s"
  local mcp_ok=true
  mcp_tools_list || mcp_ok=false
  kill -INT -- "-$CHILD_PGID"
  local rc=0
  wait "$CHILD_PGID" || rc=$?
  CHILD_PGID=""
  log "command 1: exit status $rc after SIGINT; $((SECONDS - start)) s in all"
  [[ $mcp_ok == true && $rc -eq 0 ]] || { tail -n 30 "$log" >&2; die "command 1 failed"; }
  remove_example_containers
}

# Command 2: tools/test.sh, the whole suite (less the test that starts its own dockerd).
check_suite() {
  local log="$LOGS/test-$STAMP.log" start=$SECONDS
  log "command 2: tools/test.sh (log: $log; BERTH_CTEST_EXCLUDE=$SUITE_EXCLUDE)"
  in_chroot "$log" "BERTH_CTEST_EXCLUDE=$SUITE_EXCLUDE exec tools/test.sh"
  local rc=0
  wait "$CHILD_PGID" || rc=$?
  CHILD_PGID=""
  log "command 2: exit status $rc after $((SECONDS - start)) s"
  grep -E '^[0-9]+% tests passed|tests failed out of|^ +[0-9]+ s  ' "$log" >&2 || true
  [[ $rc -eq 0 ]] || { tail -n 40 "$log" >&2; die "command 2 failed"; }
}

main() {
  local run_example=true run_suite=true keep_root=false arg
  for arg in "$@"; do
    case "$arg" in
      --example-only) run_suite=false ;;
      --suite-only) run_example=false ;;
      --keep-root) keep_root=true ;;
      -h | --help)
        sed -n '2,19s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"
        exit 0
        ;;
      *) die "unknown argument '$arg' (try --help)" ;;
    esac
  done
  check_host
  mkdir -p "$LOGS"
  make_base
  if [[ $keep_root == false || ! -d $ROOT ]]; then make_root; fi
  carry_host_trust
  make_clone
  trap cleanup EXIT
  trap 'exit 130' INT TERM
  mount_all
  [[ $run_example == false ]] || check_example
  [[ $run_suite == false ]] || check_suite
  log "fresh Debian 12 check passed"
}

main "$@"
