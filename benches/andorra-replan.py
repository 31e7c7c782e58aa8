#!/usr/bin/env python3
"""Re-planning the real Andorra morning of ../shared/impact with one nurse absent from 10:00,
side by side: `tournee replan` keeping what was announced, and the same re-plan from scratch
(`--from-scratch`), with the same time limit and threads, for each nurse in turn.

    python3 benches/andorra-replan.py [--plan-time 30] [--time-limit 4] [--threads 2]
                                      [--at 10:00] [--out andorra-replan.json]

Steps: `tournee plan` plans the morning once on OSRM's matrix (the plan being carried out);
then for every nurse N: EVENTS = N absent from --at; both re-plans run; for each the script
measures the wall time of the whole command, checks that every stop started before --at is
in the new plan with the same carer and start, and reports visits served, announcements
changed (visits that change carer, move more than 15 min, or are left out) and driving.
Run it after `cargo build --release -p tournee`; it uses target/release/tournee.
"""

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "impact"
TOURNEE = ROOT / "target" / "release" / "tournee"


def run(args: list) -> float:
    t = time.perf_counter()
    out = subprocess.run([str(TOURNEE), *args], capture_output=True, text=True)
    if out.returncode != 0:
        sys.exit(f"tournee {' '.join(args)} failed:\n{out.stderr}")
    return time.perf_counter() - t


def starts(plan: dict) -> dict:
    return {
        s["id"]: (r["carer"], s["start_s"])
        for r in plan["rounds"]
        for s in r["stops"]
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--plan-time", type=float, default=30)
    ap.add_argument("--time-limit", type=float, default=4)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--at", default="10:00")
    ap.add_argument("--out", default="andorra-replan.json")
    a = ap.parse_args()
    day = SHARED / "andorra_am.day.json"
    matrix = SHARED / "andorra_am.osrm.json"
    at_h, at_m = map(int, a.at.split(":"))
    at_s = at_h * 3600 + at_m * 60
    tmp = Path(tempfile.mkdtemp(prefix="andorra-replan-"))
    common = ["--day", str(day), "--matrix", str(matrix), "--threads", str(a.threads)]
    run(["plan", *common, "--time-limit", str(a.plan_time), "--out", str(tmp / "plan")])
    old = json.loads((tmp / "plan" / "plan.json").read_text())
    before = starts(old)
    nurses = [c["id"] for c in json.loads(day.read_text())["carers"] if c.get("role") == "nurse"]
    rows = []
    print(f"morning planned in {a.plan_time:.0f} s: {old['totals']['served']}/{old['totals']['visits']} "
          f"served, {old['totals']['driving_min']:.0f} min driving")
    print(f"{'absent':>6} {'mode':>13} {'wall s':>7} {'served':>7} {'changed':>8} {'driving':>8} "
          f"{'frozen kept':>11}")
    for nurse in nurses:
        left = sum(1 for r in old["rounds"] if r["carer"] == nurse
                   for s in r["stops"] if s["kind"] == "visit" and s["start_s"] >= at_s)
        events = tmp / f"{nurse}.events.json"
        events.write_text(json.dumps(
            {"events": [{"kind": "carer_absent", "carer": nurse, "from": a.at}]}))
        row = {"absent": nurse, "visits_left_by_the_absent_nurse": left}
        for mode, extra in (("announcements", []), ("from-scratch", ["--from-scratch"])):
            out = tmp / f"{nurse}-{mode}"
            wall = run(["replan", *common, "--plan", str(tmp / "plan" / "plan.json"),
                        "--at", a.at, "--events", str(events), "--time-limit",
                        str(a.time_limit), "--out", str(out), *extra])
            new = json.loads((out / "plan.json").read_text())
            after = starts(new)
            kept = all(after.get(i) == v for i, v in before.items() if v[1] < at_s)
            changes = (out / "changes.csv").read_text().splitlines()[1:]
            changed = sum(1 for c in changes
                          if c.split(",")[2] and c.rsplit(",", 1)[1].split(":")[0]
                          in ("carer_absent", "carer_changed", "moved", "left_out"))
            row[mode] = {
                "wall_s": round(wall, 2),
                "served": new["totals"]["served"],
                "visits": new["totals"]["visits"],
                "announcements_changed": changed,
                "driving_min": new["totals"]["driving_min"],
                "frozen_kept": kept,
            }
            print(f"{nurse:>6} {mode:>13} {wall:7.2f} {new['totals']['served']:>3}/{new['totals']['visits']:<3} "
                  f"{changed:8d} {new['totals']['driving_min']:8.1f} {str(kept):>11}")
        rows.append(row)
    k = [r["announcements"] for r in rows]
    s = [r["from-scratch"] for r in rows]
    summary = {
        "changed_ratio": sum(x["announcements_changed"] for x in k)
        / max(1, sum(x["announcements_changed"] for x in s)),
        "driving_ratio": sum(x["driving_min"] for x in k) / sum(x["driving_min"] for x in s),
        "max_wall_s": max(x["wall_s"] for x in k),
        "served": [sum(x["served"] for x in k), sum(x["served"] for x in s)],
    }
    print(f"over the {len(rows)} nurses: announcements changed {summary['changed_ratio']:.2f}× "
          f"from scratch, driving {summary['driving_ratio']:.3f}× (whole day), slowest re-plan "
          f"{summary['max_wall_s']:.2f} s, served {summary['served'][0]} vs {summary['served'][1]}")
    Path(a.out).write_text(json.dumps({"plan_time": a.plan_time, "time_limit": a.time_limit,
                                       "threads": a.threads, "at": a.at, "rows": rows,
                                       "summary": summary}, indent=2))


if __name__ == "__main__":
    main()
