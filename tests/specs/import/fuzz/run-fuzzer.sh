#!/usr/bin/env bash
# run-fuzzer.sh FUZZER SECONDS: fuzzes berth import for a bounded time, starting from the import
# test fixtures (each file once per source byte: client config, server.json, docker run), keeping
# the corpus it grows beside the fuzzer binary. Exits non-zero on a crash, leak, timeout or
# out-of-memory (the reproducer is left in cwd).
set -euo pipefail
fuzzer=$1
seconds=${2:-60}
here=$(cd "$(dirname "$0")" && pwd)
corpus="$(dirname "$fuzzer")/import-corpus"
mkdir -p "$corpus"
for file in "$here"/../fixtures/*.json "$here"/../fixtures/*.jsonc; do
  { printf '\0'; cat "$file"; } >"$corpus/config-$(basename "$file")"
done
for file in "$here"/../fixtures/server-json/*.json; do
  { printf '\1'; cat "$file"; } >"$corpus/server-$(basename "$file")"
done
printf '\2run\0-i\0--rm\0-e\0TOKEN\0-v\0/srv:/srv:ro\0--tmpfs\0/tmp:size=64m\0img\0stdio' \
  >"$corpus/docker-run"
printf '\2http\0-p\0127.0.0.1:8080:3000\0--memory=512m\0-eA=1\0img' >"$corpus/docker-http"
log="$(dirname "$fuzzer")/import-fuzz.log"
status=0
"$fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=16384 \
  -print_final_stats=1 "$corpus" >"$log" 2>&1 || status=$?
grep -E '^(#[0-9]+ +DONE|Done|stat::number_of_executed_units|stat::peak_rss_mb|==[0-9]+==|SUMMARY|Test unit written)' "$log" || true
if [ "$status" -ne 0 ]; then
  tail -n 40 "$log" >&2
  echo "import fuzzer failed (exit $status); full log: $log" >&2
fi
exit "$status"
