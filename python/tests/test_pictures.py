"""Pictures of a plan: Plan.map() (folium: a layer per carer with its legs along the roads and a
marker per visit, unassigned visits in grey, a layer control) and Plan.gantt() (matplotlib: a
row per carer, travel, waiting, visits, breaks, double-staffed visits outlined, lateness red)."""

import pytest

import tournee

folium = pytest.importorskip("folium", reason="the map is an optional extra: pip install 'tournee[folium]'")
matplotlib = pytest.importorskip(
    "matplotlib", reason="the timeline is an optional extra: pip install 'tournee[matplotlib]'"
)
matplotlib.use("Agg")

OPTIONS = {"iterations": 2_000, "threads": 1, "seed": 1}


@pytest.fixture(scope="module")
def hard_day():
    """The default day with one visit that cannot be reached in its window (unassigned) and
    one whose soft window has passed before anyone can get there (late)."""
    d = tournee.default_day().to_dict()
    d["visits"][0]["windows"] = [["05:00", "05:05"]]
    d["visits"][0]["lateness"] = "hard"
    d["visits"][2]["windows"] = [["06:30", "06:31"]]  # before any shift starts
    d["visits"][2]["lateness"] = "soft"
    return tournee.Day.from_dict(d)


@pytest.fixture(scope="module")
def plan(canton, hard_day):
    return tournee.plan(hard_day, network=canton, **OPTIONS)


def children(obj, kind):
    return [c for c in obj._children.values() if isinstance(c, kind)]


def test_the_map_has_a_layer_per_carer_with_its_legs_and_visits(plan, hard_day):
    fmap = plan.map()
    assert isinstance(fmap, folium.Map)
    rounds = [r for r in plan.to_dict()["rounds"] if r["visits"]]
    groups = {g.layer_name.split(" (")[0]: g for g in children(fmap, folium.FeatureGroup)}
    assert set(groups) == {r["carer"] for r in rounds} | {"unassigned"}
    legs = [f for f in plan.geojson()["features"] if f["geometry"]["type"] == "LineString"]
    for r in rounds:
        g = groups[r["carer"]]
        lines = children(g, folium.PolyLine)
        dots = children(g, folium.CircleMarker)
        assert len(lines) == sum(1 for f in legs if f["properties"]["carer"] == r["carer"])
        assert all(len(line.locations) >= 2 for line in lines)  # along the roads, not nothing
        assert len(dots) == sum(1 for s in r["stops"] if s["kind"] == "visit")
        homes = [c for c in children(g, folium.Marker) if not isinstance(c, folium.CircleMarker)]
        assert len(homes) == 1  # where the carer leaves from
    # the unassigned visit in grey, with its reason
    grey = children(groups["unassigned"], folium.CircleMarker)
    left_out = [u["visit"] for u in plan.to_dict()["unassigned"]]
    assert "insulin-roux-am" in left_out and len(grey) == len(left_out)
    assert len(children(fmap, folium.LayerControl)) == 1
    page = fmap.get_root().render()
    served = [s for r in rounds for s in r["stops"] if s["kind"] == "visit"]
    for s in served[:10]:
        assert (s["patient"] or s["id"]) in page
        assert f"{s['start']}–{s['end']}" in page
    assert "two carers at once" in page  # the double-staffed transfer
    assert "OpenStreetMap contributors" in page  # credited (the © is JSON-escaped)
    assert "no allowed carer can reach it" in page  # the grey marker's reason
    offline = plan.map(tiles=None).get_root().render()
    assert "tile.openstreetmap.org" not in offline


def test_the_gantt_has_a_row_per_carer_and_marks_pairs_and_lateness(plan, hard_day):
    from matplotlib.figure import Figure

    fig = plan.gantt()
    assert isinstance(fig, Figure)
    # Shown in a notebook without pyplot: its PNG, and it pickles.
    assert fig._repr_png_().startswith(b"\x89PNG")
    import pickle

    assert len(pickle.loads(pickle.dumps(fig)).axes) == 1
    ax = fig.axes[0]
    rounds = plan.to_dict()["rounds"]
    assert [t.get_text() for t in ax.get_yticklabels()] == [r["carer"] for r in reversed(rounds)]
    bars = ax.collections
    visits = [s for r in rounds for s in r["stops"] if s["kind"] == "visit"]
    breaks = [s for r in rounds for s in r["stops"] if s["kind"] == "break"]
    # each visit and break is a bar of its own length (seconds on the x axis)
    spans = sorted(
        round(p.get_paths()[0].get_extents().width)
        for p in bars
        if p.get_facecolor().size and p.get_facecolor()[0][3] > 0
    )
    for s in visits + breaks:
        assert round(s["end_s"] - s["start_s"]) in spans
    # two carers at once: black, thick outlines, one per carer of the pair
    outlined = [p for p in bars if p.get_linewidth()[0] == 2.0]
    assert len(outlined) == 2
    # lateness: cross-hatched in red
    late = [s for s in visits if s["lateness_min"] > 0]
    assert late, "the fixture day has a late visit"
    assert len([p for p in bars if p.get_hatch() == "xxx"]) == len(late)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels == ["travel", "waiting", "visit", "two carers at once", "break", "late"]
    assert ax.get_xticklabels() and ":" in ax.xaxis.get_major_formatter()(7 * 3600, 0)
    # into a given axes
    other = Figure()
    axes = other.add_subplot()
    assert plan.gantt(ax=axes) is other


def test_pictures_of_a_plan_on_a_matrix():
    day = {
        "carers": [{"id": "n1", "shift_start": "08:00", "shift_end": "12:00", "start_index": 0}],
        "visits": [{"id": "v1", "location_index": 1, "duration_min": 20}],
    }
    m = [[0, 600], [600, 0]]
    p = tournee.plan(day, matrix=(m, m), **OPTIONS)
    assert len(p.gantt().axes[0].get_yticklabels()) == 1  # the timeline needs no map
    with pytest.raises(tournee.TourneeError, match="no map to draw"):
        p.map()
