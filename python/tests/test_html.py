"""Plan.to_html(): the self-contained page `tournee plan` writes as plan.html (its rendering in
a real browser is tested on the Rust side, crates/tournee/tests/plan_html.rs)."""

import re

import tournee

OPTIONS = {"iterations": 1_000, "threads": 1, "seed": 1}


def test_the_page_draws_every_round_visit_and_visit_left_out(tmp_path, canton):
    net = canton
    d = tournee.default_day().to_dict()
    d["visits"][0]["windows"] = [["05:00", "05:05"]]  # unreachable: left out
    d["visits"][0]["lateness"] = "hard"
    p = tournee.plan(tournee.Day.from_dict(d), network=net, **OPTIONS)
    page = p.to_html()
    assert page.startswith("<!DOCTYPE html>")
    assert not re.search(r"src=|<link|https?://", page), "the page loads nothing"
    working = {r["carer"] for r in p.to_dict()["rounds"] if r["visits"] > 0}
    assert set(re.findall(r'<g class="round" data-carer="([^"]+)"', page)) == working
    on_map = set(re.findall(r'<circle class="visit[^"]*" data-visit="([^"]+)"', page))
    on_timeline = set(re.findall(r'<rect class="visit[^"]*" x="[^"]+" y="[^"]+" width="[^"]+" height="[^"]+" data-visit="([^"]+)"', page))
    served = {s["id"] for r in p.to_dict()["rounds"] for s in r["stops"] if s["kind"] == "visit"}
    assert on_map == served == on_timeline and len(served) == 45
    left = re.findall(r'<circle class="unassigned" data-visit="([^"]+)"', page)
    assert left == [d["visits"][0]["id"]]
    (tmp_path / "plan.html").write_text(page)


def test_a_plan_on_a_matrix_without_coordinates_has_a_timeline_but_no_map():
    day = {
        "carers": [{"id": "n1", "shift_start": "08:00", "shift_end": "12:00", "start_index": 0}],
        "visits": [{"id": "v1", "location_index": 1, "duration_min": 20}],
    }
    m = [[0, 600], [600, 0]]
    page = tournee.plan(day, matrix=(m, m), **OPTIONS).to_html()
    assert "No map" in page and "<circle" not in page
    assert 'data-visit="v1"' in page
