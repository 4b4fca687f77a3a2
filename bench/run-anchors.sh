#!/usr/bin/env bash
# Aio beside asyncio, uvloop and the C epoll server in one run of the anchor kit (../shared/anchors):
# builds Aio.Bench and Aio.Echo in Release, runs the kit's run_all.sh from a scratch copy (it builds its C
# programs beside itself) with Aio's echo servers and micro suite added, then checks goals.tsv with compare.py.
# Ends with compare.py's PASS/FAIL lines. Knobs: the kit's own (REPEATS, ECHO_DURATION, SKIP_ECHO, ...), KIT, OUT,
# ECHO_GEN0 (the echo servers' gen0 budget, as Aio.Bench gives its sample processes; empty for the runtime's default).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
KIT=${KIT:-$ROOT/../shared/anchors}
OUT=${OUT:-$(mktemp -d -t aio-anchors.XXXXXX)}
mkdir -p "$OUT"
command -v taskset >/dev/null || { apt-get update -qq && apt-get install -y -qq util-linux; }
/usr/bin/python3 -c 'import uvloop' 2>/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-uvloop; }
dotnet build -c Release "$ROOT/bench/Aio.Bench" > "$OUT/build.log"
dotnet build -c Release "$ROOT/bench/Aio.Echo" >> "$OUT/build.log"
BENCH="dotnet $ROOT/bench/Aio.Bench/bin/Release/net10.0/Aio.Bench.dll"
# A 64 MiB gen0 budget: at 100 KiB a message the streams server allocates about 1.5 GB/s, and with the default
# budget nearly half of its collections are gen1 ones (docs/performance.md). `env` execs, so the kit's process id
# stays the server's. The runtime reads this setting only from the environment.
ECHO_GEN0=${ECHO_GEN0-0x4000000}
ECHO="${ECHO_GEN0:+env DOTNET_GCgen0size=$ECHO_GEN0 }dotnet $ROOT/bench/Aio.Echo/bin/Release/net10.0/Aio.Echo.dll"
COPY=$(mktemp -d -t anchorkit.XXXXXX)
cp -r "$KIT"/. "$COPY"/
PY=${PY:-/usr/bin/python3} OUT_DIR="$OUT/kit" \
  EXTRA_ECHO_SERVERS="csharp_streams=$ECHO --mode streams --port {port};csharp_streams_into=$ECHO --mode streams-into --port {port};csharp_proto=$ECHO --mode proto --port {port}" \
  EXTRA_CMD="$BENCH" \
  bash "$COPY/run_all.sh" | tee "$OUT/results.txt"
rm -rf "$COPY"
echo
/usr/bin/python3 "$KIT/compare.py" "$OUT/results.txt" --target csharp --goals "$KIT/goals.tsv" | tee "$OUT/compare.md" || true
echo "results: $OUT"
