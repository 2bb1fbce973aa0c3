#!/usr/bin/env bash
# Quick start, command 1: builds berth (Release) and the example image, then runs berth on the
# bundled example specs (examples/everything). Installs what it needs and starts a Docker engine
# when none answers; stops that engine again when berth exits. Extra arguments go to `berth run`.
set -euo pipefail
source "$(dirname "$0")/setup/common.sh"

berth_install_build_deps
berth_ensure_docker
berth_build build/release -DCMAKE_BUILD_TYPE=Release -DBERTH_TESTS=OFF
"$BERTH_ROOT/examples/everything/build-image.sh"

berth_log "berth run --specs examples/everything $*"
cd "$BERTH_ROOT"
build/release/tools/berth/berth run --specs examples/everything "$@"
