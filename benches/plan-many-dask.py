#!/usr/bin/env python3
"""Days per minute of `tournee.plan_many` on a Dask cluster of 1 and of 2 workers (and on
local threads, for reference), side by side in one run, for 100 generated days with a fixed
search time per day.

    python3 benches/plan-many-dask.py [--days 100] [--time-limit 1.0] [--workers 1 2]
                                      [--out plan-many-dask.json]
    python3 benches/plan-many-dask.py --scheduler tcp://HOST:8786   # a real cluster

The days are variations of the default day (six carers, 46 visits on the generated canton):
day i keeps a random 75-100 % of the visits, stretches or shortens each visit by up to 20 %
and shifts its windows by up to 30 minutes (seeded by i, so every run plans the same days).
Every day is planned on one thread with the same `--time-limit`, so the work per day is
fixed and the figure measures the scale-out: shipping the network (once per worker), the
days and the plans back. Each worker is a process with one thread (`LocalCluster`,
`threads_per_worker=1`). The script checks that every day is planned and that each worker
unpickled the network once, and reports days per minute and the ratio to 1 worker.

With `--scheduler ADDRESS` it connects to an existing cluster instead (start one with
`dask scheduler` on one machine and `dask worker ADDRESS --nthreads 1` on each of the
others, each with `pip install "tournee[dask]"`), and measures that cluster only.
Needs `pip install "tournee[dask]"` in the running Python.
"""

import argparse
import json
import random
import sys
import time

import tournee
from tournee import _pickle


def hhmm(minutes: float) -> str:
    minutes = max(0, min(int(round(minutes)), 23 * 60 + 59))
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def minutes(text: str) -> float:
    h, m = text.split(":")[:2]
    return int(h) * 60 + int(m)


def generated_days(n: int) -> list:
    base = tournee.default_day().to_dict()
    linked = {v for link in base.get("links", []) for v in (link["first"], link["second"])}
    days = []
    for i in range(n):
        rng = random.Random(i)
        d = json.loads(json.dumps(base))
        d["name"] = f"generated day {i}"
        keep = rng.uniform(0.75, 1.0)
        d["visits"] = [v for v in d["visits"] if v["id"] in linked or rng.random() < keep]
        for v in d["visits"]:
            v["duration_min"] = round(v["duration_min"] * rng.uniform(0.8, 1.2), 1)
            if v["id"] in linked:
                continue  # keep the two halves of a transfer in step
            shift = rng.uniform(-30, 30)
            if v.get("windows"):
                v["windows"] = [[hhmm(minutes(a) + shift), hhmm(minutes(b) + shift)] for a, b in v["windows"]]
        days.append(tournee.Day.from_dict(d))
    return days


def measure(label, days, net, args, client=None, workers=None) -> dict:
    t = time.perf_counter()
    batch = tournee.plan_many(
        days, network=net, client=client, workers=workers, time_limit=args.time_limit, threads=1, seed=1
    )
    elapsed = time.perf_counter() - t
    batch.raise_errors()
    row = {
        "run": label,
        "days": len(days),
        "seconds": round(elapsed, 2),
        "days_per_min": round(len(days) / elapsed * 60, 2),
        "served": sum(p.totals["served"] for p in batch),
        "driving_h": round(sum(p.totals["driving_min"] for p in batch) / 60, 2),
    }
    if client is not None:
        loads = client.run(lambda: __import__("tournee._pickle").__dict__["_pickle"].network_loads)
        row["network_loads_per_worker"] = sorted(loads.values())
        row["workers_used"] = len(set(batch.workers))
    print(json.dumps(row), flush=True)
    return row


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--days", type=int, default=100)
    ap.add_argument("--time-limit", type=float, default=1.0, help="search seconds per day")
    ap.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    ap.add_argument("--scheduler", help="address of an existing Dask scheduler")
    ap.add_argument("--no-local", action="store_true", help="skip the local-threads reference run")
    ap.add_argument("--out", help="write the figures as JSON")
    args = ap.parse_args()
    try:
        from dask.distributed import Client, LocalCluster
    except ImportError:
        sys.exit('needs dask: pip install "tournee[dask]"')

    import tempfile
    from pathlib import Path

    pbf = Path(tempfile.mkdtemp()) / "canton.osm.pbf"
    tournee.write_rural_network(str(pbf))
    net = tournee.RoadNetwork.from_osm(pbf)
    days = generated_days(args.days)
    visits = sum(len(d.to_dict()["visits"]) for d in days)
    print(f"{len(days)} generated days, {visits} visits, {args.time_limit} s of search per day", flush=True)
    rows = []
    if args.scheduler:
        with Client(args.scheduler) as client:
            n = len(client.scheduler_info()["workers"])
            rows.append(measure(f"cluster at {args.scheduler} ({n} workers)", days, net, args, client))
    else:
        for w in args.workers:
            with LocalCluster(n_workers=w, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
                with Client(cluster) as client:
                    rows.append(measure(f"dask, {w} worker(s)", days, net, args, client))
        if not args.no_local:
            rows.append(measure(f"local threads ({max(args.workers)})", days, net, args, workers=max(args.workers)))
        base = rows[0]["days_per_min"]
        for r in rows:
            r["ratio_to_first"] = round(r["days_per_min"] / base, 3)
    print("\nrun                          days/min   ratio")
    for r in rows:
        print(f"{r['run']:<28} {r['days_per_min']:>8.1f}   {r.get('ratio_to_first', 1.0):.2f}")
    if args.out:
        Path(args.out).write_text(json.dumps(rows, indent=2) + "\n")


if __name__ == "__main__":
    main()
