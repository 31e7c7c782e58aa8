"""pandas tables of plans and solutions, with proper dtypes (called from the extension).

Times of day are ``Timedelta`` since midnight, or ``Timestamp`` on ``date`` when one is given,
beside their ``"HH:MM"`` text (``*_hhmm`` columns); ids are pandas strings, matrix rows
nullable integers, minutes and kilometres floats.
"""

from __future__ import annotations

import datetime as _dt
from typing import Any, Optional, Sequence, Union

DateLike = Union[_dt.date, str, None]


def _pandas() -> Any:
    try:
        import pandas as pd  # type: ignore[import-untyped, unused-ignore]
    except ImportError as e:  # pragma: no cover - depends on the environment
        raise ImportError("this table needs pandas, which is not installed (pip install pandas)") from e
    return pd


def _times(pd: Any, seconds: Sequence[Optional[float]], date: DateLike) -> Any:
    """Seconds since midnight as Timedelta (missing: NaT), or Timestamps on ``date``."""
    values = pd.to_timedelta(pd.Series(seconds, dtype="float64"), unit="s")
    if date is None:
        return values
    return pd.Timestamp(date).normalize() + values


def _frame(pd: Any, rows: Sequence[dict], columns: dict, date: DateLike) -> Any:
    """A DataFrame of ``rows`` with ``columns`` (name → kind: ``str``, ``int``, ``Int64``,
    ``float``, ``bool``, ``time`` for seconds since midnight under ``<name>_s``,
    ``hhmm`` for the text of a time under ``<name without _hhmm>``)."""
    data = {}
    for name, kind in columns.items():
        if kind == "time":
            data[name] = _times(pd, [r.get(f"{name}_s") for r in rows], date)
        elif kind == "hhmm":
            data[name] = pd.array([r.get(name[: -len("_hhmm")]) or None for r in rows], dtype="string")
        elif kind == "str":
            data[name] = pd.array([r.get(name) for r in rows], dtype="string")
        elif kind == "Int64":
            data[name] = pd.array([r.get(name) for r in rows], dtype="Int64")
        elif kind == "int":
            data[name] = pd.Series([r.get(name) for r in rows], dtype="int64")
        elif kind == "float":
            data[name] = pd.Series([r.get(name) for r in rows], dtype="float64")
        elif kind == "bool":
            data[name] = pd.Series([bool(r.get(name)) for r in rows], dtype="bool")
        else:
            raise ValueError(f"unknown column kind {kind!r}")
    return pd.DataFrame(data, columns=list(columns))


def _kind(values: Sequence[Any]) -> str:
    """The column kind of plain values (``None`` missing): bool, int, float, text, or object
    for lists and dicts (kept as they are)."""
    present = [v for v in values if v is not None]
    if any(isinstance(v, (list, tuple, dict)) for v in present):
        return "object"
    if present and all(isinstance(v, bool) for v in present):
        return "boolean"
    if present and all(isinstance(v, int) and not isinstance(v, bool) for v in present):
        return "Int64"
    if present and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in present):
        return "float64"
    return "string"


def records(rows: Sequence[dict], columns: Sequence[str], what: str = "this table") -> Any:
    """A DataFrame of ``rows`` (dicts) with ``columns`` in that order, each column typed from
    its values: pandas strings, nullable ``Int64`` / ``boolean``, ``float64``, lists as objects
    (the week and re-plan tables)."""
    try:
        pd = _pandas()
    except ImportError as e:
        raise ImportError(f"{what} needs pandas, which is not installed (pip install pandas)") from e
    data = {}
    for name in columns:
        values = [r.get(name) for r in rows]
        kind = _kind(values)
        if kind == "float64":
            data[name] = pd.Series([float("nan") if v is None else float(v) for v in values], dtype="float64")
        elif kind == "object":
            data[name] = pd.Series(values, dtype="object")
        elif kind == "string":
            data[name] = pd.array([None if v is None else str(v) for v in values], dtype="string")
        else:
            data[name] = pd.array(values, dtype=kind)
    return pd.DataFrame(data, columns=list(columns))


STOP_COLUMNS = {
    "carer": "str", "seq": "int", "kind": "str", "id": "str", "patient": "str",
    "lon": "float", "lat": "float", "location_index": "Int64",
    "arrival": "time", "start": "time", "end": "time",
    "arrival_hhmm": "hhmm", "start_hhmm": "hhmm", "end_hhmm": "hhmm",
    "waiting_min": "float", "travel_min": "float", "travel_km": "float", "lateness_min": "float",
}

ROUND_COLUMNS = {
    "carer": "str", "role": "str", "visits": "int",
    "leave": "time", "back": "time", "leave_hhmm": "hhmm", "back_hhmm": "hhmm",
    "driving_min": "float", "distance_km": "float", "working_min": "float",
    "driving_share": "float", "overtime_min": "float",
    "return_travel_min": "float", "return_travel_km": "float",
}

UNASSIGNED_COLUMNS = {"visit": "str", "patient": "str", "code": "str", "message": "str"}


def stops(rows: Sequence[dict], date: DateLike = None) -> Any:
    """The schedule (``Plan.stops()``): one row per stop, with each round's start and end."""
    return _frame(_pandas(), rows, STOP_COLUMNS, date)


def rounds(rows: Sequence[dict], date: DateLike = None) -> Any:
    """One row per carer (``Plan.rounds()``)."""
    return _frame(_pandas(), rows, ROUND_COLUMNS, date)


def unassigned(rows: Sequence[dict]) -> Any:
    """The visits left out and why (``Plan.unassigned()``)."""
    return _frame(_pandas(), rows, UNASSIGNED_COLUMNS, None)


SOLUTION_COLUMNS = {
    "route": "int", "vehicle_type": "int", "vehicle_type_id": "str", "vehicle": "int",
    "seq": "int", "job": "int", "id": "str", "location": "int",
    "arrival": "int", "start": "int", "departure": "int", "waiting": "int", "lateness": "int",
}


def solution_stops(solution: dict) -> Any:
    """One row per served job of a VRPTW solution (``Solution.to_pandas()``, from its
    ``to_dict()``), route by route in order; times in the problem's unit."""
    rows = []
    for k, r in enumerate(solution["routes"]):
        for seq, stop in enumerate(r["stops"], start=1):
            rows.append({
                "route": k, "vehicle_type": r["vehicle_type"], "vehicle_type_id": r["vehicle_type_id"],
                "vehicle": r["vehicle"], "seq": seq, **stop,
            })
    return _frame(_pandas(), rows, SOLUTION_COLUMNS, None)


# --- HTML for notebooks (no pandas needed) -------------------------------------------------------


def _table(header: Sequence[str], rows: Sequence[Sequence[Any]], caption: str = "") -> str:
    from html import escape

    def td(v: Any) -> str:
        text = "" if v is None else (f"{v:.2f}".rstrip("0").rstrip(".") if isinstance(v, float) else str(v))
        return f"<td>{escape(text)}</td>"

    head = "".join(f"<th>{escape(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(td(v) for v in r) + "</tr>" for r in rows)
    cap = f"<caption style='text-align:left'><b>{escape(caption)}</b></caption>" if caption else ""
    return f"<table>{cap}<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def plan_html(plan: dict) -> str:
    """``Plan._repr_html_``: the totals, one row per carer, the visits left out."""
    t = plan["totals"]
    title = plan.get("name") or "Plan"
    state = "feasible" if plan["feasible"] else "NOT feasible"
    totals = _table(
        ["visits served", "driving", "distance", "working", "driving share", "lateness", "overtime"],
        [[
            f"{t['served']} / {t['visits']}", f"{t['driving_min']:.0f} min", f"{t['distance_km']:.1f} km",
            f"{t['working_min']:.0f} min", f"{100 * t['driving_share']:.0f} %",
            f"{t['total_lateness_min']:.0f} min", f"{t['overtime_min']:.0f} min",
        ]],
        f"{title} ({state})",
    )
    rounds = _table(
        ["carer", "role", "visits", "leave", "back", "driving (min)", "km", "working (min)", "overtime (min)"],
        [[r["carer"], r["role"], r["visits"], r["leave"], r["back"], r["driving_min"], r["distance_km"],
          r["working_min"], r["overtime_min"]] for r in plan["rounds"]],
        "Rounds",
    )
    left = ""
    if plan["unassigned"]:
        left = _table(["visit", "patient", "code", "why"],
                      [[u["visit"], u.get("patient"), u["code"], u["message"]] for u in plan["unassigned"]],
                      "Left out")
    return totals + rounds + left


def day_html(day: dict) -> str:
    """``Day._repr_html_``: the carers and the visits."""
    carers = _table(
        ["carer", "role", "skills", "shift"],
        [[c["id"], c.get("role", ""), ", ".join(c.get("skills", [])),
          f"{c['shift_start']}–{c['shift_end']}"] for c in day["carers"]],
        f"{day.get('name') or 'Day'}: {len(day['carers'])} carers, {len(day['visits'])} visits, "
        f"{len(day.get('links', []))} links",
    )
    def windows(v: dict) -> str:
        return ", ".join(f"{a}–{b}" for a, b in v.get("windows", [])) or "any time"

    visits = _table(
        ["visit", "patient", "minutes", "windows", "skills", "preferred"],
        [[v["id"], v.get("patient"), v["duration_min"], windows(v), ", ".join(v.get("skills", [])),
          ", ".join(v.get("preferred_carers", []))] for v in day["visits"]],
        "Visits",
    )
    return carers + visits
