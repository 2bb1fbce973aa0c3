#!/usr/bin/env bash
# Quick start, command 2: the whole test suite. Checks the formatting first (seconds), then what
# the long steps need (packages, node, a Docker engine, disk space), then builds berth with
# ASan+UBSan, builds the test images, fuzzes the spec parser and the proxy front for a bounded
# time each, and runs every test with ctest. Starts a Docker engine when none answers (and stops
# it at the end). Prints how long each step took, also when one fails.
#
# Usage: tools/test.sh [--unit]
#   --unit   quick local run: the ASan build and the tests that need no Docker (ctest -LE docker);
#            no engine, images, npm or fuzzing
# Environment:
#   BERTH_FUZZ_SECONDS        how long the spec fuzzer runs (default 60)
#   BERTH_PROXY_FUZZ_SECONDS  how long the proxy front fuzzer runs (default 60)
#   BERTH_CTEST_EXCLUDE       a regex of ctest test names to leave out (ctest -E), e.g. for a
#                             machine where a test cannot run (see tools/setup/fresh-debian-check.sh)
set -euo pipefail
# shellcheck source=tools/setup/common.sh
source "$(dirname "$0")/setup/common.sh"

unit_only=false
for arg in "$@"; do
  case "$arg" in
    --unit) unit_only=true ;;
    -h | --help)
      sed -n '2,16s/^# \{0,1\}//p' "${BASH_SOURCE[0]}"
      exit 0
      ;;
    *) berth_die "unknown argument '$arg' (try --help)" ;;
  esac
done

berth_at_exit berth_print_step_times

build_images() {
  "$BERTH_ROOT/tools/test_server/build-image.sh" "$BERTH_ROOT/build/asan/tools/test_server/berth-test-server"
  "$BERTH_ROOT/examples/everything/build-image.sh"
}

run_ctest() {
  local args=(--test-dir "$BERTH_ROOT/build/asan" --output-on-failure -j 2)
  [[ $unit_only == false ]] || args+=(-LE docker)
  [[ -z ${BERTH_CTEST_EXCLUDE:-} ]] || args+=(-E "$BERTH_CTEST_EXCLUDE")
  ctest "${args[@]}"
}

berth_step "checking packages" berth_install_build_deps
berth_step "checking the formatting" "$BERTH_ROOT/tools/format-check.sh"

if [[ $unit_only == true ]]; then
  berth_step "ASan build" \
    berth_build build/asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBERTH_SANITIZE=ON -DBERTH_WERROR=ON
  berth_step "running the tests that need no Docker" run_ctest
  exit 0
fi

berth_step "checking node, Docker and disk space" berth_preflight
berth_step "ASan build" \
  berth_build build/asan -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBERTH_SANITIZE=ON -DBERTH_WERROR=ON
# clang, BERTH_WERROR: every library through the thread-safety analysis, its findings errors.
berth_step "fuzzer build" \
  berth_build build/fuzz -DCMAKE_BUILD_TYPE=RelWithDebInfo -DBERTH_FUZZ=ON -DBERTH_TESTS=OFF \
  -DCMAKE_CXX_COMPILER=clang++ -DBERTH_WERROR=ON
berth_step "building the test images" build_images
berth_step "installing the end-to-end client (npm ci)" \
  npm ci --prefix "$BERTH_ROOT/tests/e2e" --no-audit --no-fund --loglevel=error
berth_step "fuzzing the spec parser for ${BERTH_FUZZ_SECONDS:-60} s" \
  "$BERTH_ROOT/tests/specs/fuzz/run-fuzzer.sh" "$BERTH_ROOT/build/fuzz/tests/specs/fuzz/spec_parser_fuzz" \
  "${BERTH_FUZZ_SECONDS:-60}"
berth_step "fuzzing the proxy front for ${BERTH_PROXY_FUZZ_SECONDS:-60} s" \
  "$BERTH_ROOT/tests/proxy/fuzz/run-fuzzer.sh" "$BERTH_ROOT/build/fuzz/tests/proxy/fuzz/mcp_front_fuzz" \
  "${BERTH_PROXY_FUZZ_SECONDS:-60}"
berth_step "running the tests" run_ctest
