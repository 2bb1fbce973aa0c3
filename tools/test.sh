#!/usr/bin/env bash
# Quick start, command 2: the whole test suite. Installs what it needs, starts a Docker engine
# when none answers (and stops it at the end), builds berth with ASan+UBSan, builds the test
# images, fuzzes the spec parser and the proxy front for a bounded time each, then runs every
# test with ctest.
#   BERTH_FUZZ_SECONDS        how long the spec fuzzer runs (default 60)
#   BERTH_PROXY_FUZZ_SECONDS  how long the proxy front fuzzer runs (default 60)
set -euo pipefail
source "$(dirname "$0")/setup/common.sh"

berth_install_build_deps
berth_ensure_docker

berth_build build/asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBERTH_SANITIZE=ON -DBERTH_WERROR=ON
berth_build build/fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBERTH_FUZZ=ON -DBERTH_TESTS=OFF \
  -DCMAKE_CXX_COMPILER=clang++ -DBERTH_WERROR=ON  # clang: the thread-safety analysis, as errors

berth_log "building test images"
"$BERTH_ROOT/tools/test_server/build-image.sh" "$BERTH_ROOT/build/asan/tools/test_server/berth-test-server"
"$BERTH_ROOT/examples/everything/build-image.sh"
berth_log "installing the end-to-end client (npm ci)"
npm ci --prefix "$BERTH_ROOT/tests/e2e" --no-audit --no-fund --loglevel=error

berth_log "fuzzing the spec parser for ${BERTH_FUZZ_SECONDS:-60} s"
"$BERTH_ROOT/tests/specs/fuzz/run-fuzzer.sh" "$BERTH_ROOT/build/fuzz/tests/specs/fuzz/spec_parser_fuzz" \
  "${BERTH_FUZZ_SECONDS:-60}"

berth_log "fuzzing the proxy front for ${BERTH_PROXY_FUZZ_SECONDS:-60} s"
"$BERTH_ROOT/tests/proxy/fuzz/run-fuzzer.sh" "$BERTH_ROOT/build/fuzz/tests/proxy/fuzz/mcp_front_fuzz" \
  "${BERTH_PROXY_FUZZ_SECONDS:-60}"

berth_log "running the tests"
ctest --test-dir "$BERTH_ROOT/build/asan" --output-on-failure -j 2
