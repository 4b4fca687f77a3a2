#!/usr/bin/env bash
# One loop per core: Aio.Echo with --loops 1 and --loops N on one port (SO_REUSEPORT), neither server nor load
# generator pinned, beside the kit's C epoll server under the same conditions. Uses the anchor kit's load generator
# (../shared/anchors/echo/loadgen.c, built into a scratch directory). Prints one line per run and the medians.
# Knobs: LOOPS (default: the number of cores), SIZE (1024), CONC (100), DURATION (2), REPEATS (3), KIT.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
KIT=${KIT:-$ROOT/../shared/anchors}
LOOPS=${LOOPS:-$(nproc)}
SIZE=${SIZE:-1024}
CONC=${CONC:-100}
DURATION=${DURATION:-2}
REPEATS=${REPEATS:-3}
WORK=$(mktemp -d -t aio-multiloop.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
gcc -O2 -o "$WORK/loadgen" "$KIT/echo/loadgen.c"
gcc -O2 -o "$WORK/echo_epoll" "$KIT/echo/echo_epoll.c"
dotnet build -c Release "$ROOT/bench/Aio.Echo" > "$WORK/build.log"
ECHO="$ROOT/bench/Aio.Echo/bin/Release/net10.0/Aio.Echo.dll"

free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

wait_port() {
  for _ in $(seq 100); do
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null && return 0
    sleep 0.1
  done
  return 1
}

run_one() { # label, command... ({port} replaced)
  local label=$1; shift
  local port; port=$(free_port)
  local argv=("${@//\{port\}/$port}")
  "${argv[@]}" > "$WORK/server.log" 2>&1 &
  local pid=$!
  wait_port "$port" || { echo "server $label did not start" >&2; cat "$WORK/server.log" >&2; kill $pid; return 1; }
  "$WORK/loadgen" -p "$port" -c "$CONC" -s "$SIZE" -d 0.5 -w 0 -l warm > /dev/null
  local line; line=$("$WORK/loadgen" -p "$port" -c "$CONC" -s "$SIZE" -d "$DURATION" -w 0.25 -l "$label")
  kill -TERM $pid; wait $pid 2>/dev/null || true
  echo "$line" | awk -v l="$label" '{for(i=1;i<=NF;i++){split($i,a,"="); v[a[1]]=a[2]}; print l, v["value"], "p99_us=" v["p99_us"], "cli_cpu=" v["cli_cpu"]}'
}

for r in $(seq "$REPEATS"); do
  run_one "aio_proto_loops1" dotnet "$ECHO" --mode proto --port "{port}" --loops 1
  run_one "aio_proto_loops$LOOPS" dotnet "$ECHO" --mode proto --port "{port}" --loops "$LOOPS"
  run_one "aio_streams_loops1" dotnet "$ECHO" --mode streams --port "{port}" --loops 1
  run_one "aio_streams_loops$LOOPS" dotnet "$ECHO" --mode streams --port "{port}" --loops "$LOOPS"
  run_one "c_epoll" "$WORK/echo_epoll" "{port}"
done | tee "$WORK/runs.txt"
echo "# medians, msg/s (size=$SIZE conc=$CONC duration=${DURATION}s repeats=$REPEATS, nothing pinned, $(nproc) cores)"
sort -k1,1 -k2,2n "$WORK/runs.txt" | awk '{v[$1]=v[$1] " " $2} END {for (k in v) {n=split(v[k], a, " "); print k, a[int((n+1)/2)]}}' | sort
