#!/usr/bin/env bash
# Quick start, command 1: builds berth (Release) and the example image, then runs berth on the
# bundled example specs (examples/everything). Checks first what the build and the example need
# (packages, a new enough node, a Docker engine, disk space), installing what is missing and
# starting a Docker engine when none answers; stops that engine again when berth exits. Extra
# arguments go to `berth run`.
set -euo pipefail
# shellcheck source=tools/setup/common.sh
source "$(dirname "$0")/setup/common.sh"

berth_preflight
berth_build build/release -DCMAKE_BUILD_TYPE=Release -DBERTH_TESTS=OFF
"$BERTH_ROOT/examples/everything/build-image.sh"

berth_log "berth run --specs examples/everything $*"
cd "$BERTH_ROOT"
build/release/tools/berth/berth run --specs examples/everything "$@"
