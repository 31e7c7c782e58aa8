"""The example notebook (python/examples/andorra_morning.ipynb) runs end to end against the
shared data (../shared): Andorra → prepared network → matrix → the morning → plan → map and
Gantt → what-ifs → comparison table. Skipped with a message without the data or nbclient;
a failure instead when TOURNEE_REQUIRE_DATA=1."""

import os
from pathlib import Path

import pytest

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
SHARED = Path(os.environ.get("TOURNEE_SHARED", Path(__file__).resolve().parents[3] / "shared"))
REQUIRED = os.environ.get("TOURNEE_REQUIRE_DATA") == "1"


def need(ok, why):
    if not ok:
        if REQUIRED:
            pytest.fail(f"{why} (TOURNEE_REQUIRE_DATA=1)")
        pytest.skip(why)


def test_the_example_notebook_runs_end_to_end():
    need((SHARED / "data" / "osm" / "andorra.osm.pbf").is_file(), f"no shared data at {SHARED}")
    try:
        import nbclient
        import nbformat
    except ImportError:
        need(False, "nbclient/nbformat missing: pip install 'tournee[test]'")
    path = EXAMPLES / "andorra_morning.ipynb"
    nb = nbformat.read(path, as_version=4)
    env = {"TOURNEE_SHARED": str(SHARED), "TOURNEE_NOTEBOOK_SECONDS": "3"}
    old = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        nbclient.NotebookClient(
            nb, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(EXAMPLES)}}
        ).execute()
    finally:
        for k, v in old.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v
    outputs = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.output_type == "error"]
    html = "".join(o.get("data", {}).get("text/html", "") for o in outputs)
    assert "leaflet" in html.lower(), "the folium map is shown"
    assert any("image/png" in o.get("data", {}) for o in outputs), "the Gantt chart is shown"
    last_tables = [o["data"]["text/plain"] for o in outputs if "text/plain" in o.get("data", {})]
    comparison = next(t for t in last_tables if "as planned" in t and "without" in t)
    assert "with an urgent visit" in comparison
