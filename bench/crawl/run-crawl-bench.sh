#!/bin/bash
# aio-crawl beside wget, aiohttp and Scrapy in one session of the crawl benchmark kit (../shared/crawl).
# Builds aio-crawl as a native executable, runs the kit from a scratch copy (the kit writes beside itself) with
# aio-crawl added through EXTRA_CRAWLERS, and prints the kit's summary table. Knobs: REPEATS (1), KIT, RES.
set -eu
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
KIT=${KIT:-$ROOT/../shared/crawl}
RES=${RES:-$(mktemp -d -t aio-crawl-bench.XXXXXX)}
mkdir -p "$RES"
command -v clang >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq clang zlib1g-dev; }
BIN=$RES/aio-crawl-bin
dotnet publish "$ROOT/src/Aio.Crawler" -c Release -r linux-x64 -p:AioAot=true -o "$BIN" > "$RES/publish.log"
COPY=$(mktemp -d -t crawlkit.XXXXXX)
cp -r "$KIT"/. "$COPY"/
cd "$COPY"
REPEATS=${REPEATS:-1} RES="$RES" \
  EXTRA_CRAWLERS="aio-crawl=$BIN/aio-crawl crawl {url} --concurrency {conc} --max-depth {depth} --store {store} --urls-out {urls} -q" \
  bash run_all.sh
rm -rf "$COPY"
echo "results: $RES"
