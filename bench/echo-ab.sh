#!/usr/bin/env bash
# Alternates echo servers under the anchor kit's load generator, one fresh server process per run, and prints each
# run and the median per server: messages per second and the server's user and system CPU per message (from
# /proc/<pid>/stat). For comparing two builds or two settings of one server in the same minutes, where this host's
# spread between runs is larger than most changes.
#   bench/echo-ab.sh [-s SIZE] [-c CONNS] [-d SECS] [-r ROUNDS] NAME=COMMAND [NAME=COMMAND...]
# COMMAND is run with {port} replaced, pinned to CPU 0 (the load generator runs on CPU 1), and must listen on
# 127.0.0.1:{port}. Example:
#   bench/echo-ab.sh -s 102400 -c 10 -r 6 \
#     "default=dotnet bench/Aio.Echo/bin/Release/net10.0/Aio.Echo.dll --mode streams --port {port}" \
#     "gen0_64m=env DOTNET_GCgen0size=0x4000000 dotnet bench/Aio.Echo/bin/Release/net10.0/Aio.Echo.dll --mode streams --port {port}"
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
KIT=${KIT:-$ROOT/../shared/anchors}
SIZE=1024 CONNS=100 SECS=2 ROUNDS=4
while getopts "s:c:d:r:" opt; do
  case $opt in
    s) SIZE=$OPTARG ;;
    c) CONNS=$OPTARG ;;
    d) SECS=$OPTARG ;;
    r) ROUNDS=$OPTARG ;;
    *) exit 2 ;;
  esac
done
shift $((OPTIND - 1))
[ $# -gt 0 ] || { sed -n '2,11p' "$0"; exit 2; }
WORK=$(mktemp -d -t echo-ab.XXXXXX)
trap 'rm -rf "$WORK"' EXIT
gcc -O2 -Wall -o "$WORK/loadgen" "$KIT/echo/loadgen.c"
TICKS=$(getconf CLK_TCK)

one_run() { # name command -> "name msg/s usr_us sys_us"
  local port cmd
  port=$((20000 + RANDOM % 20000))
  cmd=${2//\{port\}/$port}
  taskset -c 0 $cmd > "$WORK/server.log" 2>&1 &
  local pid=$!
  for _ in $(seq 100); do ss -ltn | grep -q ":$port " && break; sleep 0.1; done
  taskset -c 1 "$WORK/loadgen" -p "$port" -c "$CONNS" -s "$SIZE" -d 1 -w 0 -l warm > /dev/null
  read -r u0 s0 < <(awk '{print $14, $15}' "/proc/$pid/stat")
  local rate
  rate=$(taskset -c 1 "$WORK/loadgen" -p "$port" -c "$CONNS" -s "$SIZE" -d "$SECS" -w 0 -l "$1" |
    sed -n 's/^RESULT.* value=\([0-9.]*\).*/\1/p')
  read -r u1 s1 < <(awk '{print $14, $15}' "/proc/$pid/stat")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  awk -v n="$1" -v r="$rate" -v u=$((u1 - u0)) -v s=$((s1 - s0)) -v t="$TICKS" -v d="$SECS" \
    'BEGIN { m = r * d; printf "%s %.0f %.2f %.2f\n", n, r, u / t / m * 1e6, s / t / m * 1e6 }'
}

echo "# size=$SIZE conns=$CONNS secs=$SECS rounds=$ROUNDS"
echo "# server msg/s usr_us_per_msg sys_us_per_msg"
for _ in $(seq "$ROUNDS"); do
  for spec in "$@"; do
    one_run "${spec%%=*}" "${spec#*=}"
  done
done | tee "$WORK/runs"
echo "# medians"
median() { # column of the runs of server $1
  awk -v n="$1" -v c="$2" '$1 == n { print $c }' "$WORK/runs" | sort -g |
    awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'
}
for spec in "$@"; do
  name=${spec%%=*}
  echo "$name $(median "$name" 2) $(median "$name" 3) $(median "$name" 4)"
done
