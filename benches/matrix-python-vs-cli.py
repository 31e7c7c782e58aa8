#!/usr/bin/env python3
"""The travel matrix from Python against the Rust CLI, side by side in one run: Andorra,
N×N points (default 1000×1000), alternating runs, medians and ratios.

    cargo build --release -p tournee
    python3 benches/matrix-python-vs-cli.py [--points 1000] [--repeat 5] [--threads 2]

Points: uniformly random in the network's bounding box (seed 1), kept when they snap onto a
road within the default radius, until N. The network is prepared once (`tournee prepare`).
Each round runs, in turn:
  * `tournee matrix --prepared andorra.roads --points points.json` (a process: load the
    prepared file, compute, print the JSON matrices; stdout to /dev/null);
  * in this Python process: `RoadNetwork.load(prepared)` then `net.matrix(points)` (numpy
    arrays), timed apart and together.
Same thread count for both (`--threads`). The ratio that matters for a notebook is the
Python load + matrix over the CLI's whole command (Python's side has no JSON to print);
the matrix call alone is also reported. Needs the shared data (../shared/data/osm).
"""

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import tournee

ROOT = Path(__file__).resolve().parents[1]
PBF = ROOT.parent / "shared" / "data" / "osm" / "andorra.osm.pbf"
TOURNEE = ROOT / "target" / "release" / "tournee"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--points", type=int, default=1000)
    ap.add_argument("--repeat", type=int, default=5)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--out", help="write the figures as JSON")
    args = ap.parse_args()
    if not TOURNEE.is_file():
        sys.exit("build the CLI first: cargo build --release -p tournee")
    tmp = Path(tempfile.mkdtemp())
    prepared = tmp / "andorra.roads"
    subprocess.run(
        [str(TOURNEE), "prepare", "--osm", str(PBF), "--out", str(prepared)], check=True, capture_output=True
    )
    net = tournee.RoadNetwork.load(prepared)
    # Bounding box from the graph's snapped points: sample around the whole extract.
    rng = random.Random(1)
    lo, hi = (1.40, 42.42), (1.79, 42.66)  # Andorra
    points = []
    while len(points) < args.points:
        p = (rng.uniform(lo[0], hi[0]), rng.uniform(lo[1], hi[1]))
        try:
            net.snap(p)
        except tournee.SnapError:
            continue
        points.append(p)
    points_file = tmp / "points.json"
    points_file.write_text(json.dumps({"coordinates": points}))
    del net

    cli, load, matrix, both = [], [], [], []
    check = None
    for _ in range(args.repeat):
        t = time.perf_counter()
        with open(tmp / "cli.json", "wb") as out:
            subprocess.run(
                [str(TOURNEE), "matrix", "--prepared", str(prepared), "--points", str(points_file),
                 "--threads", str(args.threads)],
                check=True, stdout=out,
            )
        cli.append(time.perf_counter() - t)
        t = time.perf_counter()
        net = tournee.RoadNetwork.load(prepared)
        t1 = time.perf_counter()
        durations, distances = net.matrix(points, threads=args.threads)
        t2 = time.perf_counter()
        load.append(t1 - t)
        matrix.append(t2 - t1)
        both.append(t2 - t)
        check = durations
        del net
    theirs = json.loads((tmp / "cli.json").read_text())["durations_s"]
    same = all(
        abs(theirs[i][j] - check[i][j]) < 1e-3 for i in range(0, args.points, 97) for j in range(0, args.points, 89)
    )
    med = {k: statistics.median(v) for k, v in {"cli": cli, "load": load, "matrix": matrix, "both": both}.items()}
    rows = {
        "points": args.points,
        "threads": args.threads,
        "repeat": args.repeat,
        "cli_command_s": round(med["cli"], 3),
        "python_load_s": round(med["load"], 3),
        "python_matrix_s": round(med["matrix"], 3),
        "python_load_plus_matrix_s": round(med["both"], 3),
        "ratio_python_load_plus_matrix_to_cli": round(med["both"] / med["cli"], 3),
        "ratio_python_matrix_to_cli": round(med["matrix"] / med["cli"], 3),
        "same_durations": same,
    }
    print(json.dumps(rows, indent=2))
    if args.out:
        Path(args.out).write_text(json.dumps(rows, indent=2) + "\n")


if __name__ == "__main__":
    main()
