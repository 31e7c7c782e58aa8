#!/usr/bin/env python3
"""Measure peer VRPTW solvers (PyVRP, VROOM, OR-Tools) on the classic benchmarks.

Peers are measured side by side with tournee; they are never project dependencies.
Set up the venv with `bash ../shared/tools/peers-setup.sh` (venv at /tmp/peers), then e.g.

    /tmp/peers/bin/python benches/vrptw-peers.py --solver pyvrp --set solomon --time-limit 5 \
        --out /tmp/peers-results/pyvrp-solomon-5s.jsonl
    /tmp/peers/bin/python benches/vrptw-peers.py --solver ortools --set h1000_six --time-limit 60 \
        --instances C1_10_1

Conventions (see ../shared/README.md):
  * solomon:   real-valued Euclidean distances, travel time = distance; compared with the
               `<name>_distance` keys of data/vrptw/BKS.json.
  * h1000_six: DIMACS convention, each distance truncated to one decimal (travel time = truncated
               distance); compared with reference/h1000_bks_dimacs.csv.
Objective: total distance; fleet limited to the instance's vehicle count; every customer served.

Solvers get integer data: Solomon x10 000 (distances rounded, travel times rounded *up* so any
schedule the solver accepts is also feasible with exact real travel times), DIMACS x10 (exact).
The returned routes are then re-costed and re-checked in original units by an independent check
(capacity, time windows with waiting, depot closing time, each customer exactly once, vehicle
count <= limit). One JSON line per instance on stdout (and in --out), then a summary line.
"""

import argparse
import json
import math
import os
import sys
import time
from datetime import timedelta

import numpy as np

SHARED = os.environ.get("TOURNEE_SHARED", "/work/shared")
SOLOMON_DIR = os.path.join(SHARED, "data/vrptw/solomon")
H1000_DIR = os.path.join(SHARED, "data/vrptw/homberger_1000")
BKS_JSON = os.path.join(SHARED, "data/vrptw/BKS.json")
H1000_BKS = os.path.join(SHARED, "reference/h1000_bks_dimacs.csv")
H1000_SIX = ["C1_10_1", "C2_10_1", "R1_10_1", "R2_10_1", "RC1_10_1", "RC2_10_1"]
SOLOMON_SUSPECT_BKS = {"R109", "RC103"}  # BKS.json *_distance values look unreachably low


# ---------------------------------------------------------------------------------------------
# Instances


class Instance:
    def __init__(self, name, path, convention):
        self.name = name
        self.convention = convention  # "real" (Solomon) or "dimacs"
        with open(path) as f:
            lines = [ln.split() for ln in f]
        nums = [ln for ln in lines if ln and all(_isnum(t) for t in ln)]
        self.vehicles, self.capacity = int(nums[0][0]), int(nums[0][1])
        rows = np.array([[float(t) for t in ln] for ln in nums[1:]])
        assert rows.shape[1] == 7 and (rows[:, 0] == np.arange(len(rows))).all(), path
        self.x, self.y = rows[:, 1], rows[:, 2]
        self.demand = rows[:, 3].astype(int)
        self.ready, self.due, self.service = rows[:, 4], rows[:, 5], rows[:, 6]
        self.n = len(rows) - 1  # customers 1..n, depot 0
        d = np.hypot(self.x[:, None] - self.x[None, :], self.y[:, None] - self.y[None, :])
        if convention == "real":
            self.scale = 10_000
            self.dist = d  # original units, float
            self.int_dist = np.rint(d * self.scale).astype(np.int64)
            self.int_time = np.ceil(d * self.scale - 1e-9).astype(np.int64)
        else:
            self.scale = 10
            tenths = np.floor(d * 10 + 1e-9).astype(np.int64)  # exact: d*10 integral only if d is
            self.tenths = tenths
            self.dist = tenths / 10.0
            self.int_dist = tenths
            self.int_time = tenths
        np.fill_diagonal(self.int_dist, 0)
        np.fill_diagonal(self.int_time, 0)
        s = self.scale
        for a in ("ready", "due", "service"):
            v = getattr(self, a)
            assert np.allclose(v * s, np.rint(v * s)), (path, a)
            setattr(self, "int_" + a, np.rint(v * s).astype(np.int64))


def _isnum(t):
    try:
        float(t)
        return True
    except ValueError:
        return False


def load_set(which, only=None):
    if which == "solomon":
        bks = json.load(open(BKS_JSON))
        names = sorted(f[:-4] for f in os.listdir(SOLOMON_DIR) if f.endswith(".txt"))
        out = [(n, os.path.join(SOLOMON_DIR, n + ".txt"), "real",
                bks[n + "_distance"]["best_known_cost"]) for n in names]
    elif which == "h1000_six":
        bks = {}
        for ln in open(H1000_BKS).read().split("\n")[1:]:
            if ln.strip():
                k, v, _ = ln.split(",")
                bks[k] = float(v)
        out = [(n, os.path.join(H1000_DIR, n.lower() + ".txt"), "dimacs", bks[n]) for n in H1000_SIX]
    else:
        raise SystemExit(f"unknown set {which}")
    if only:
        want = {s.upper() for s in only}
        out = [t for t in out if t[0].upper() in want]
    return out


# ---------------------------------------------------------------------------------------------
# Independent check (original units)


def check(inst, routes):
    """routes: list of lists of customer indices (1..n). Returns (cost, vehicles, feasible, why)."""
    why = []
    routes = [list(map(int, r)) for r in routes if len(r) > 0]
    seen = [0] * (inst.n + 1)
    for r in routes:
        for c in r:
            if 1 <= c <= inst.n:
                seen[c] += 1
            else:
                why.append(f"bad index {c}")
    missing = sum(1 for c in range(1, inst.n + 1) if seen[c] == 0)
    dup = sum(1 for c in range(1, inst.n + 1) if seen[c] > 1)
    if missing:
        why.append(f"{missing} customers unserved")
    if dup:
        why.append(f"{dup} customers served more than once")
    if len(routes) > inst.vehicles:
        why.append(f"{len(routes)} routes > {inst.vehicles} vehicles")

    if inst.convention == "dimacs":  # exact integer arithmetic in tenths
        T, ready, due, serv = inst.tenths, inst.int_ready, inst.int_due, inst.int_service
        eps, unit = 0, 10.0
    else:
        T, ready, due, serv = inst.dist, inst.ready, inst.due, inst.service
        eps, unit = 1e-7, 1.0
    total = 0
    late = overload = 0
    for r in routes:
        load = int(inst.demand[r].sum())
        if load > inst.capacity:
            overload += 1
        t, prev = ready[0], 0
        for c in r:
            total += T[prev][c]
            t = max(t + T[prev][c], ready[c])
            if t > due[c] + eps:
                late += 1
            t += serv[c]
            prev = c
        total += T[prev][0]
        t += T[prev][0]
        if t > due[0] + eps:
            late += 1
    if overload:
        why.append(f"{overload} routes over capacity")
    if late:
        why.append(f"{late} time-window violations")
    cost = float(total) / unit
    return cost, len(routes), not why, "; ".join(why)


# ---------------------------------------------------------------------------------------------
# Solvers: each returns a list of routes (customer indices), or None if no solution.


def solve_pyvrp(inst, limit, seed=1):
    import pyvrp
    from pyvrp.stop import MaxRuntime

    s = inst.scale
    locs = [pyvrp.Location(x=int(round(inst.x[i] * s)), y=int(round(inst.y[i] * s)))
            for i in range(inst.n + 1)]
    depots = [pyvrp.Depot(location=0, tw_early=int(inst.int_ready[0]), tw_late=int(inst.int_due[0]))]
    clients = [pyvrp.Client(location=i, delivery=[int(inst.demand[i])],
                            service_duration=int(inst.int_service[i]),
                            tw_early=int(inst.int_ready[i]), tw_late=int(inst.int_due[i]))
               for i in range(1, inst.n + 1)]
    vt = [pyvrp.VehicleType(num_available=inst.vehicles, capacity=[inst.capacity],
                            tw_early=int(inst.int_ready[0]), tw_late=int(inst.int_due[0]))]
    data = pyvrp.ProblemData(locs, clients, depots, vt, [inst.int_dist], [inst.int_time])
    res = pyvrp.solve(data, stop=MaxRuntime(limit), seed=seed, collect_stats=False, display=False)
    # Route iteration yields scheduled activities (depot, clients..., depot); a client's idx is its
    # 0-based index among clients, i.e. customer idx + 1 here.
    return [[a.idx + 1 for a in r if a.is_client()] for r in res.best.routes()]


def solve_vroom(inst, limit):
    import vroom

    inp = vroom.Input()
    inp.set_durations_matrix(profile="car", matrix_input=inst.int_time)
    inp.set_costs_matrix(profile="car", matrix_input=inst.int_dist)
    tw0 = vroom.TimeWindow(int(inst.int_ready[0]), int(inst.int_due[0]))
    for v in range(inst.vehicles):
        inp.add_vehicle(vroom.Vehicle(id=v, start=0, end=0, capacity=[inst.capacity],
                                      time_window=tw0))
    for i in range(1, inst.n + 1):
        inp.add_job(vroom.Job(id=i, location=i, default_service=int(inst.int_service[i]),
                              delivery=[int(inst.demand[i])],
                              time_windows=[vroom.TimeWindow(int(inst.int_ready[i]),
                                                             int(inst.int_due[i]))]))
    kw = {}
    if limit and limit > 0:
        kw["timeout"] = timedelta(seconds=limit)
    sol = inp.solve(exploration_level=5, nb_threads=1, **kw)
    df = sol.routes
    jobs = df[df["type"] == "job"]
    routes = {}
    for vid, jid in zip(jobs["vehicle_id"].tolist(), jobs["id"].tolist()):
        routes.setdefault(int(vid), []).append(int(jid))
    return [routes[k] for k in sorted(routes)]


def solve_ortools(inst, limit):
    from ortools.constraint_solver import pywrapcp, routing_enums_pb2

    n1 = inst.n + 1
    manager = pywrapcp.RoutingIndexManager(n1, inst.vehicles, 0)
    routing = pywrapcp.RoutingModel(manager)
    dist_cb = routing.RegisterTransitMatrix(inst.int_dist.tolist())
    routing.SetArcCostEvaluatorOfAllVehicles(dist_cb)
    tmat = inst.int_time + inst.int_service[:, None]  # travel i->j plus service at i
    np.fill_diagonal(tmat, 0)
    time_cb = routing.RegisterTransitMatrix(tmat.tolist())
    horizon = int(inst.int_due[0])
    routing.AddDimension(time_cb, horizon, horizon, False, "Time")  # slack = waiting
    tdim = routing.GetDimensionOrDie("Time")
    for i in range(1, n1):
        tdim.CumulVar(manager.NodeToIndex(i)).SetRange(int(inst.int_ready[i]), int(inst.int_due[i]))
    for v in range(inst.vehicles):
        tdim.CumulVar(routing.Start(v)).SetRange(int(inst.int_ready[0]), horizon)
        tdim.CumulVar(routing.End(v)).SetRange(int(inst.int_ready[0]), horizon)
    dem_cb = routing.RegisterUnaryTransitVector([int(d) for d in inst.demand])
    routing.AddDimensionWithVehicleCapacity(dem_cb, 0, [inst.capacity] * inst.vehicles, True,
                                            "Capacity")
    params = pywrapcp.DefaultRoutingSearchParameters()
    params.first_solution_strategy = routing_enums_pb2.FirstSolutionStrategy.PATH_CHEAPEST_ARC
    params.local_search_metaheuristic = (
        routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH)
    params.time_limit.FromMilliseconds(int(limit * 1000))
    sol = routing.SolveWithParameters(params)
    if sol is None:
        return None
    routes = []
    for v in range(inst.vehicles):
        idx = routing.Start(v)
        r = []
        idx = sol.Value(routing.NextVar(idx))
        while not routing.IsEnd(idx):
            r.append(manager.IndexToNode(idx))
            idx = sol.Value(routing.NextVar(idx))
        routes.append(r)
    return routes


SOLVERS = {"pyvrp": solve_pyvrp, "vroom": solve_vroom, "ortools": solve_ortools}


# ---------------------------------------------------------------------------------------------


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--solver", required=True, choices=sorted(SOLVERS))
    ap.add_argument("--set", required=True, choices=["solomon", "h1000_six"])
    ap.add_argument("--time-limit", type=float, default=5.0,
                    help="seconds per instance (VROOM: its own timeout; 0 = no timeout for VROOM)")
    ap.add_argument("--instances", nargs="*", help="only these instance names")
    ap.add_argument("--out", help="also write the JSON lines to this file")
    args = ap.parse_args()

    out = open(args.out, "w") if args.out else None

    def emit(rec):
        line = json.dumps(rec)
        print(line, flush=True)
        if out:
            out.write(line + "\n")
            out.flush()

    results = []
    for name, path, conv, bks in load_set(args.set, args.instances):
        inst = Instance(name, path, conv)
        t0 = time.perf_counter()
        err = None
        try:
            routes = SOLVERS[args.solver](inst, args.time_limit)
        except Exception as e:  # report, keep going
            routes, err = None, f"{type(e).__name__}: {e}"
        secs = time.perf_counter() - t0
        if routes is None:
            cost, veh, feas, why = None, None, False, err or "no solution returned"
        else:
            cost, veh, feas, why = check(inst, routes)
        gap = 100.0 * (cost - bks) / bks if cost is not None else None
        rec = {"solver": args.solver, "instance": name,
               "cost": round(cost, 4) if cost is not None else None, "vehicles": veh,
               "feasible": feas, "bks": bks,
               "gap_percent": round(gap, 4) if gap is not None else None,
               "seconds": round(secs, 3), "time_limit": args.time_limit}
        if why:
            rec["violations"] = why
        results.append(rec)
        emit(rec)

    def mean_gap(rs):
        g = [r["gap_percent"] for r in rs if r["feasible"]]
        return round(sum(g) / len(g), 4) if g else None

    summary = {"summary": True, "solver": args.solver, "set": args.set,
               "time_limit": args.time_limit, "instances": len(results),
               "feasible": sum(r["feasible"] for r in results),
               "mean_gap_percent_feasible": mean_gap(results)}
    if args.set == "solomon":
        rest = [r for r in results if r["instance"] not in SOLOMON_SUSPECT_BKS]
        summary["mean_gap_percent_feasible_without_R109_RC103"] = mean_gap(rest)
    emit(summary)
    if out:
        out.close()


if __name__ == "__main__":
    main()
