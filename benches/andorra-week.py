#!/usr/bin/env python3
"""A week (or several) of recurring care built from the real Andorra morning of ../shared/impact:
the same 60 patients, places, carers and OSRM matrix, each visit of the morning turned into a care
order by what it is (the rules are below, deterministic, no randomness), the carers on a rota
with days off. Writes WEEK.json for `tournee plan-week --week WEEK.json --matrix
../shared/impact/andorra_am.osrm.json`.

    python3 benches/andorra-week.py [--weeks N] [--out andorra.week.json]

Orders, from each visit of the morning (window width w, skill):
- nursing with w <= 2 h (insulin-like, announced times): every day;
- hygiene care: Monday to Saturday;
- a two-carer visit (a transfer): Monday, Wednesday, Friday, two carers;
- nursing with wider windows, by the visit's rank among those (so a third of each kind):
  3 times a week at least a day apart (dressings), twice a week 2 to 4 days apart
  (injections), once on a weekday (a blood test);
- oxygen (PSAD): once on a weekday, with its delivery;
- a preferred nurse becomes the order's referent.
"""

import argparse
import datetime as dt
import json
from pathlib import Path

SHARED = Path(__file__).resolve().parents[1].parent / "shared" / "impact"

# Rota: the days each carer works (0 = Monday).
ROTA = {
    "N1": [0, 1, 2, 3, 4],
    "N2": [0, 1, 2, 3, 4],
    "N3": [0, 1, 2, 3, 4],
    "N4": [0, 1, 2, 5, 6],
    "N5": [0, 3, 4, 5, 6],
    "N6": [1, 2, 3, 5, 6],
    "A1": [0, 1, 2, 3, 4],
    "A2": [0, 1, 4, 5, 6],
    "T1": [0, 1, 2, 3, 4],
}
WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]


def hours(t: str) -> float:
    h, m = t.split(":")[:2]
    return int(h) + int(m) / 60


def hhmm(t: str) -> str:
    return ":".join(t.split(":")[:2])


def build(weeks: int) -> dict:
    day = json.loads((SHARED / "andorra_am.day.json").read_text())
    start = dt.date(2026, 12, 7)
    dates = [(start + dt.timedelta(days=k)).isoformat() for k in range(7 * weeks)]
    carers = []
    for c in day["carers"]:
        shift = [hhmm(c["shift_start"]), hhmm(c["shift_end"])]
        worked = [d for d in dates if dt.date.fromisoformat(d).weekday() in ROTA[c["id"]]]
        carer = {
            "id": c["id"],
            "role": c["role"],
            "skills": c["skills"],
            "shifts": {d: shift for d in worked},
            "start_index": c["start_index"],
            "end_index": c["end_index"],
        }
        if "capacity" in c:
            carer["capacity"] = c["capacity"]
        carers.append(carer)
    doubles = {l["first"].split("#")[0] for l in day["links"] if l["kind"] == "simultaneous"}
    orders = []
    wide_rank = 0
    seen_double = set()
    for v in day["visits"]:
        base = v["id"].split("#")[0]
        if base in doubles:
            if base in seen_double:
                continue
            seen_double.add(base)
        w = hours(v["windows"][0][1]) - hours(v["windows"][0][0])
        skill = v["skills"][0]
        order = {
            "id": base,
            "patient": v["patient"],
            "location_index": v["location_index"],
            "duration_min": v["duration_min"],
            "windows": [[hhmm(a), hhmm(b)] for a, b in v["windows"]],
            "skills": v["skills"],
        }
        if v.get("preferred_carers"):
            order["referent"] = v["preferred_carers"][0]
        if v.get("delivery"):
            order["delivery"] = v["delivery"]
        if base in doubles:
            order.update(days=["mon", "wed", "fri"], carers=2)
        elif skill == "oxygen":
            order.update(days=WEEKDAYS[:5], times=weeks)
            order["min_days_between"] = 7 if weeks > 1 else 1
        elif skill == "hygiene":
            order["days"] = WEEKDAYS[:6]
        elif w <= 2.0:
            pass  # every day
        else:
            kind = wide_rank % 3
            wide_rank += 1
            if kind == 0:
                order.update(days=WEEKDAYS[:6], times=3 * weeks, min_days_between=1)
            elif kind == 1:
                order.update(times=2 * weeks, min_days_between=2, max_days_between=4)
            else:
                order.update(days=WEEKDAYS[:5], times=weeks, min_days_between=5)
            if order.get("times") == 1:
                order.pop("min_days_between", None)
        orders.append(order)
    return {
        "name": f"Andorra, {weeks} week(s) from 7 December 2026 (from the real morning of ../shared/impact)",
        "days": dates,
        "carers": carers,
        "orders": orders,
    }


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--weeks", type=int, default=1)
    p.add_argument("--out", default="andorra.week.json")
    a = p.parse_args()
    week = build(a.weeks)
    Path(a.out).write_text(json.dumps(week, indent=1))
    print(f"{a.out}: {len(week['days'])} days, {len(week['carers'])} carers, {len(week['orders'])} orders")


if __name__ == "__main__":
    main()
