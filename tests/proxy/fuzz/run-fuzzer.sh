#!/usr/bin/env bash
# run-fuzzer.sh FUZZER SECONDS: fuzzes the proxy front (mcp_front_fuzz) for a bounded time,
# starting from the seeds here, keeping the corpus it grows beside the fuzzer binary.
# Exits non-zero on a crash, leak, timeout or out-of-memory (the reproducer is left in cwd).
set -euo pipefail
fuzzer=$1
seconds=${2:-60}
here=$(cd "$(dirname "$0")" && pwd)
corpus="$(dirname "$fuzzer")/corpus"
mkdir -p "$corpus"
cp -n "$here"/seeds/*.txt "$corpus"/ 2>/dev/null || true
log="$(dirname "$fuzzer")/fuzz.log"
status=0
"$fuzzer" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=16384 \
  -dict="$here/mcp.dict" -print_final_stats=1 "$corpus" >"$log" 2>&1 || status=$?
grep -E '^(#[0-9]+ +DONE|Done|stat::number_of_executed_units|stat::peak_rss_mb|==[0-9]+==|SUMMARY|Test unit written)' "$log" || true
if [ "$status" -ne 0 ]; then
  tail -n 40 "$log" >&2
  echo "proxy fuzzer failed (exit $status); full log: $log" >&2
fi
exit "$status"
