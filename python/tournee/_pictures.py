"""Pictures of a plan for notebooks: :meth:`Plan.map` (folium) and :meth:`Plan.gantt`
(matplotlib). Both are optional extras (``pip install tournee[folium]``,
``tournee[matplotlib]``); the plan's Rust side hands over plain data (the plan as a dict, its
GeoJSON, the links of its day and one colour per round, the same as in ``routes.geojson``)."""

from __future__ import annotations

import html
import io
from typing import Any, Optional

ATTRIBUTION = "© OpenStreetMap contributors"
LATE = "#e0001b"  # lateness, drawn as hatching and a mark (not a fill: a carer may be red)


def _need(module: str, extra: str) -> Any:
    try:
        return __import__(module, fromlist=["_"])
    except ImportError as e:
        raise ImportError(f"this needs {module}: pip install 'tournee[{extra}]'") from e


def _double_staffed(links: list[dict[str, Any]]) -> set[str]:
    """Visits of simultaneous links (two carers at once)."""
    out: set[str] = set()
    for link in links:
        if link.get("kind") == "simultaneous":
            out.update((link["first"], link["second"]))
    return out


def _hhmm(seconds: float) -> str:
    minutes = int(round(seconds / 60.0))
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def plan_map(
    plan: dict[str, Any],
    geojson: dict[str, Any],
    day: Optional[dict[str, Any]],
    tiles: Optional[str],
) -> Any:
    """A folium map: one layer per carer (legs along the roads in the carer's colour, a marker
    per visit with patient, times and care), the unassigned visits in grey, a layer control."""
    folium = _need("folium", "folium")
    visits = {v["id"]: v for v in (day or {}).get("visits", [])}
    links = (day or {}).get("links", [])
    unplaced = [
        {**visits[u["visit"]], "reason": u.get("message") or u.get("code", "")}
        for u in plan.get("unassigned", [])
        if u.get("visit") in visits and visits[u["visit"]].get("location")
    ]
    features = geojson.get("features", [])
    points = [
        (c[1], c[0])
        for f in features
        for c in (
            f["geometry"]["coordinates"]
            if f["geometry"]["type"] == "LineString"
            else [f["geometry"]["coordinates"]]
        )
    ] + [(u["location"][1], u["location"][0]) for u in unplaced]
    if tiles is None:
        fmap = folium.Map(tiles=None, control_scale=True)
    else:
        fmap = folium.Map(tiles=tiles, attr=ATTRIBUTION, control_scale=True)
    if points:
        lats = [p[0] for p in points]
        lons = [p[1] for p in points]
        fmap.fit_bounds([[min(lats), min(lons)], [max(lats), max(lons)]])
    pair = _double_staffed(links)
    rounds = {r["carer"]: r for r in plan.get("rounds", [])}
    groups: dict[str, Any] = {}

    def group(carer: str) -> Any:
        if carer not in groups:
            r = rounds.get(carer, {})
            label = f"{carer} ({r.get('visits', 0)} visits, {r.get('driving_min', 0):.0f} min driving)"
            groups[carer] = folium.FeatureGroup(name=label, show=True).add_to(fmap)
        return groups[carer]

    stops = {
        (r["carer"], s["id"]): s for r in plan.get("rounds", []) for s in r.get("stops", [])
    }
    for f in features:
        props = f["properties"]
        carer = props.get("carer", "")
        if f["geometry"]["type"] == "LineString":
            line = [(c[1], c[0]) for c in f["geometry"]["coordinates"]]
            tip = (
                f"{carer}: {props.get('from')} → {props.get('to')}, leaves {props.get('depart')}, "
                f"{props.get('duration_s', 0) / 60:.0f} min, {props.get('distance_m', 0) / 1000:.1f} km"
            )
            folium.PolyLine(
                line, color=props.get("stroke", "#3388ff"), weight=4, opacity=0.8, tooltip=tip
            ).add_to(group(carer))
            continue
        lat, lon = f["geometry"]["coordinates"][1], f["geometry"]["coordinates"][0]
        colour = props.get("marker-color", "#3388ff")
        if props.get("kind") == "start":
            folium.Marker(
                (lat, lon),
                tooltip=f"{carer} leaves at {props.get('start')}",
                icon=folium.Icon(color="black", icon="home"),
            ).add_to(group(carer))
            continue
        stop = stops.get((carer, props.get("id")), {})
        care = ", ".join(visits.get(props.get("id"), {}).get("skills", []) or [])
        rows = [
            ("patient", props.get("patient") or ""),
            ("visit", props.get("id", "")),
            ("carer", carer),
            ("arrives", stop.get("arrival", "")),
            ("care", f"{props.get('start')}–{props.get('end')}"),
        ]
        if care:
            rows.append(("skills", care))
        if stop.get("lateness_min", 0):
            rows.append(("late", f"{stop['lateness_min']:.0f} min"))
        if props.get("id") in pair:
            rows.append(("staffing", "two carers at once"))
        body = "".join(
            f"<tr><th style='text-align:left;padding-right:6px'>{html.escape(k)}</th>"
            f"<td>{html.escape(str(v))}</td></tr>"
            for k, v in rows
        )
        folium.CircleMarker(
            (lat, lon),
            radius=7 if props.get("id") in pair else 5,
            color=LATE if stop.get("lateness_min", 0) else colour,
            weight=3 if props.get("id") in pair else 1,
            fill=True,
            fill_color=colour,
            fill_opacity=0.9,
            tooltip=f"{props.get('patient') or props.get('id')} {props.get('start')}–{props.get('end')}",
            popup=folium.Popup(f"<table>{body}</table>", max_width=320),
        ).add_to(group(carer))
    if unplaced:
        grey = folium.FeatureGroup(name=f"unassigned ({len(unplaced)})", show=True).add_to(fmap)
        for u in unplaced:
            folium.CircleMarker(
                (u["location"][1], u["location"][0]),
                radius=6,
                color="#555555",
                fill=True,
                fill_color="#bbbbbb",
                fill_opacity=0.9,
                tooltip=f"unassigned: {u.get('patient') or u['id']} ({u.get('reason', '')})",
            ).add_to(grey)
    folium.LayerControl(collapsed=False).add_to(fmap)
    return fmap


def _tick(seconds: float, _pos: Any = None) -> str:
    """An hour tick of the timeline (a module function: the figure pickles)."""
    return _hhmm(seconds)


_FIGURE: Any = None


def _figure_class() -> Any:
    """A matplotlib ``Figure`` that shows itself in a notebook as PNG: a figure made without
    pyplot (so that nothing is drawn twice or kept alive by pyplot) has no notebook display of
    its own."""
    global _FIGURE
    if _FIGURE is None:
        from matplotlib.figure import Figure

        class PlanFigure(Figure):
            """A matplotlib Figure shown in notebooks as PNG."""

            def _repr_png_(self) -> bytes:
                buf = io.BytesIO()
                self.savefig(buf, format="png", dpi=100)
                return buf.getvalue()

        PlanFigure.__module__ = __name__
        PlanFigure.__qualname__ = "PlanFigure"
        _FIGURE = globals()["PlanFigure"] = PlanFigure  # a module attribute: it pickles
    return _FIGURE


def plan_gantt(
    plan: dict[str, Any],
    day: Optional[dict[str, Any]],
    colours: list[str],
    ax: Any = None,
) -> Any:
    """A matplotlib figure: one row per carer with travel (thin bar), waiting (hatched),
    visits (the carer's colour, the patient written in when it fits), breaks (grey),
    double-staffed visits outlined in black, lateness in red."""
    _need("matplotlib", "matplotlib")
    from matplotlib.patches import Patch
    from matplotlib.ticker import FuncFormatter, MultipleLocator

    rounds = plan.get("rounds", [])
    if ax is None:
        fig = _figure_class()(figsize=(12, 0.6 * max(len(rounds), 1) + 1.6), layout="constrained")
        ax = fig.add_subplot()
    else:
        fig = ax.figure
    pair = _double_staffed((day or {}).get("links", []))
    height = 0.6
    lo, hi = float("inf"), float("-inf")
    for row, r in enumerate(rounds):
        y = len(rounds) - 1 - row
        colour = colours[row % len(colours)] if colours else "C0"
        prev_end = r["leave_s"]
        lo, hi = min(lo, r["leave_s"]), max(hi, r["back_s"])
        for s in r.get("stops", []):
            arrival, start, end = s["arrival_s"], s["start_s"], s["end_s"]
            travel = s.get("travel_min", 0.0) * 60.0
            if travel > 0:
                ax.broken_barh([(arrival - travel, travel)], (y - 0.08, 0.16), color="#555555")
            if start > arrival + 1:
                ax.broken_barh(
                    [(arrival, start - arrival)],
                    (y - height / 4, height / 2),
                    facecolor="none",
                    edgecolor="#999999",
                    hatch="///",
                    linewidth=0.5,
                )
            if s["kind"] == "break":
                ax.broken_barh([(start, end - start)], (y - height / 2, height), color="#bbbbbb")
            else:
                late = s.get("lateness_min", 0.0) > 0
                double = s["id"] in pair
                ax.broken_barh(
                    [(start, end - start)],
                    (y - height / 2, height),
                    facecolor=colour,
                    edgecolor="black" if double else "white",
                    linewidth=2.0 if double else 0.5,
                )
                if late:  # red cross-hatching over the visit, and a red mark above it
                    ax.broken_barh(
                        [(start, end - start)],
                        (y - height / 2, height),
                        facecolor="none",
                        edgecolor=LATE,
                        hatch="xxx",
                        linewidth=1.5,
                    )
                    ax.plot([start], [y + height / 2 + 0.08], marker="v", color=LATE, markersize=6)
                label = (s.get("patient") or s["id"]) + (" ×2" if double else "")
                if end - start >= 20 * 60:
                    ax.text(
                        (start + end) / 2, y, label, ha="center", va="center", fontsize=6,
                        color="white", clip_on=True,
                    )
            prev_end = end
        back_travel = r.get("return_travel_min", 0.0) * 60.0
        if back_travel > 0:
            ax.broken_barh([(prev_end, back_travel)], (y - 0.08, 0.16), color="#555555")
    ax.set_yticks(range(len(rounds)))
    ax.set_yticklabels([r["carer"] for r in reversed(rounds)])
    if rounds:
        ax.set_xlim(lo - 900, hi + 900)
    ax.xaxis.set_major_locator(MultipleLocator(3600))
    ax.xaxis.set_major_formatter(FuncFormatter(_tick))
    ax.grid(axis="x", color="#dddddd", linewidth=0.5)
    ax.set_axisbelow(True)
    title = plan.get("name") or "plan"
    totals = plan.get("totals", {})
    ax.set_title(
        f"{title}: {totals.get('served', 0)} visits, {totals.get('driving_min', 0) / 60:.2f} h driving"
    )
    ax.legend(
        handles=[
            Patch(color="#555555", label="travel"),
            Patch(facecolor="none", edgecolor="#999999", hatch="///", label="waiting"),
            Patch(color=colours[0] if colours else "C0", label="visit"),
            Patch(facecolor="white", edgecolor="black", linewidth=2, label="two carers at once"),
            Patch(color="#bbbbbb", label="break"),
            Patch(facecolor="white", edgecolor=LATE, hatch="xxx", label="late"),
        ],
        loc="upper center",
        bbox_to_anchor=(0.5, -0.08),
        ncol=6,
        fontsize=8,
        frameon=False,
    )
    return fig
