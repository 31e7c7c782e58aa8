#!/usr/bin/env bash
# Side-by-side timing of OSRM (peer, measuring only) and tournee on the same data and machine.
# Needs ../shared/tools/peers-setup.sh to have installed OSRM under /tmp/osrm, and the tiled
# network (python3 ../shared/tools/tile_pbf.py ... /tmp/andorra_8x8.osm.pbf --nx 8 --ny 8).
# Usage: benches/osrm-side-by-side.sh [andorra|8x8]...   (default: both). Prints JSON lines.
set -euo pipefail
cd "$(dirname "$0")/.."
OSRM=${OSRM_DIR:-/tmp/osrm}
SHARED=${TOURNEE_SHARED:-../shared}
WORK=${WORK:-/tmp/osrm-work}
mkdir -p "$WORK"
cargo build --release -q -p tournee-benches
BENCH=target/release/roads-bench

table() { # $1 = points file; times one GET /table request (JSON parsed) against osrm-routed
  python3 - "$1" <<'PY'
import json, sys, time, urllib.request
pts = json.load(open(sys.argv[1]))["coordinates"]
url = "http://127.0.0.1:5055/table/v1/driving/" + ";".join(f"{x:.7f},{y:.7f}" for x, y in pts) + "?annotations=duration,distance"
best = 1e9
for _ in range(3):
    t = time.perf_counter(); body = urllib.request.urlopen(url, timeout=600).read(); json.loads(body)
    best = min(best, time.perf_counter() - t)
print(best)
PY
}

run() { # $1 = name, $2 = pbf, $3... = point files
  local name=$1 pbf=$2; shift 2
  cp "$pbf" "$WORK/$name.osm.pbf"
  local t0 t1
  t0=$(date +%s.%N); "$OSRM/bin/osrm-extract" -t 1 -p "$OSRM/profiles/car.lua" "$WORK/$name.osm.pbf" >/dev/null 2>&1; t1=$(date +%s.%N)
  local extract; extract=$(echo "$t1 - $t0" | bc)
  t0=$(date +%s.%N); "$OSRM/bin/osrm-contract" -t 1 "$WORK/$name.osrm" >/dev/null 2>&1; t1=$(date +%s.%N)
  local contract; contract=$(echo "$t1 - $t0" | bc)
  local ours; ours=$($BENCH build --osm "$pbf" --threads 1)
  echo "{\"data\":\"$name\",\"osrm_extract_s\":$extract,\"osrm_contract_s\":$contract,\"tournee\":$ours}"
  "$OSRM/bin/osrm-routed" -i 127.0.0.1 -p 5055 -t 1 -a CH --max-table-size 5000 "$WORK/$name.osrm" >/dev/null 2>&1 &
  local pid=$!
  sleep 3
  $BENCH build --osm "$pbf" --threads 2 --save "$WORK/$name.roads" >/dev/null
  for pts in "$@"; do
    local osrm_s; osrm_s=$(table "$pts")
    local t1s t2s
    t1s=$($BENCH matrix --prepared "$WORK/$name.roads" --points "$pts" --threads 1)
    t2s=$($BENCH matrix --prepared "$WORK/$name.roads" --points "$pts" --threads 2)
    echo "{\"data\":\"$name\",\"points\":\"$(basename "$pts")\",\"osrm_table_s\":$osrm_s,\"tournee_1_thread\":$t1s,\"tournee_2_threads\":$t2s}"
  done
  kill $pid; wait $pid 2>/dev/null || true
}

for what in "${@:-andorra 8x8}"; do
  for w in $what; do
    case $w in
      andorra) run andorra "$SHARED/data/osm/andorra.osm.pbf" "$SHARED/reference/andorra_1000_points.json" ;;
      8x8) run andorra_8x8 /tmp/andorra_8x8.osm.pbf "$SHARED/reference/andorra_8x8_1000_points.json" "$SHARED/reference/andorra_8x8_2000_points.json" ;;
    esac
  done
done
