"""Shared fixtures: a small hermetic town written with ``tournee.write_osm_pbf``, and access to
the real extracts in ``../shared`` (skipped when absent, failed when ``TOURNEE_REQUIRE_DATA=1``)."""

import os
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

import pytest

import tournee

# python/tests/conftest.py -> repo root is parents[2]; shared/ sits beside the repo.
SHARED = Path(__file__).resolve().parents[2].parent / "shared"


def shared_file(relative: str) -> Path:
    """Path of a file under ``shared/``; skips the test (with the reason) when it is absent,
    or fails it when the environment sets ``TOURNEE_REQUIRE_DATA=1``."""
    path = SHARED / relative
    if not path.exists():
        reason = f"shared data not found: {path}"
        if os.environ.get("TOURNEE_REQUIRE_DATA") == "1":
            pytest.fail(f"{reason} (TOURNEE_REQUIRE_DATA=1)", pytrace=False)
        pytest.skip(reason)
    return path


# --- the little town ------------------------------------------------------------------------
#
#   45.010  7 --- 8 --- 9
#           |     |     |          residential grid, 0.005 degree steps (about 390 m east-west,
#   45.005  4 --- 5 --- 6          555 m north-south), two-way
#           |     |     |
#   45.000  1 --- 2 --- 3 ====== 30 ====== 31     primary, maxspeed=50 (driven at 40 km/h)
#           |           |
#   44.995 20 --->---> 21          one-way residential street (east only)
#          lon 2.000   2.010     2.020     2.030

GRID_LONS = [2.000, 2.005, 2.010]
GRID_LATS = [45.000, 45.005, 45.010]

#: Two points on the one-way street, A west of B (A -> B follows it, B -> A goes round).
ONEWAY_A = (2.002, 44.995)
ONEWAY_B = (2.008, 44.995)
#: Two points on the straight primary road.
PRIMARY_P = (2.022, 45.000)
PRIMARY_Q = (2.028, 45.000)
#: Driven speed on the primary road: maxspeed 50 x default maxspeed_factor 0.8.
PRIMARY_KMH = 40.0
#: A point inside the grid, near node 5.
CENTRE = (2.0051, 45.0049)

POINTS = [ONEWAY_A, ONEWAY_B, PRIMARY_P, PRIMARY_Q, CENTRE]


def write_town(path: Path) -> Path:
    """Writes the little town above to ``path`` and returns it."""

    def gid(i: int, j: int) -> int:
        return 1 + i + 3 * j

    nodes: list[Any] = [
        (gid(i, j), lon, lat) for j, lat in enumerate(GRID_LATS) for i, lon in enumerate(GRID_LONS)
    ]
    nodes += [
        (20, 2.000, 44.995),
        (21, 2.010, 44.995),
        (30, 2.020, 45.000),
        (31, 2.030, 45.000, {"name": "end of the road"}),
    ]
    residential = {"highway": "residential"}
    ways = []
    for j in range(3):
        ways.append((100 + j, [gid(i, j) for i in range(3)], residential))
    for i in range(3):
        ways.append((200 + i, [gid(i, j) for j in range(3)], residential))
    ways += [
        (300, [20, 21], {"highway": "residential", "oneway": "yes", "name": "Rue à sens unique"}),
        (301, [20, gid(0, 0)], residential),
        (302, [21, gid(2, 0)], residential),
        (400, [gid(2, 0), 30, 31], {"highway": "primary", "maxspeed": "50"}),
        # Not for cars: must not be routable.
        (500, [gid(0, 2), gid(2, 2)], {"highway": "footway"}),
    ]
    tournee.write_osm_pbf(path, nodes, ways)
    return path


@pytest.fixture
def town_pbf(tmp_path) -> Path:
    """The little town as an ``.osm.pbf`` file in the test's own folder."""
    return write_town(tmp_path / "town.osm.pbf")


@pytest.fixture(scope="session")
def town() -> "tournee.RoadNetwork":
    """The little town, prepared (shared by tests: do not modify it). Its file lives in a
    folder of its own, removed as soon as the network is read."""
    with tempfile.TemporaryDirectory(prefix="tournee-town-") as folder:
        return tournee.RoadNetwork.from_osm(write_town(Path(folder) / "town.osm.pbf"))


@pytest.fixture(scope="session")
def canton() -> "tournee.RoadNetwork":
    """The generated rural canton of the default day, prepared (shared by tests: do not modify
    it)."""
    with tempfile.TemporaryDirectory(prefix="tournee-canton-") as folder:
        path = Path(folder) / "canton.osm.pbf"
        tournee.write_rural_network(str(path))
        return tournee.RoadNetwork.from_osm(path)


class Ticker:
    """Counts ticks in a background thread, one per ``period`` seconds while it can run.

    Used to show the GIL is released: a call that held it would leave ``ticks`` near zero.
    """

    def __init__(self, period: float) -> None:
        self.period = period
        self.ticks = 0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._run)

    def _run(self) -> None:
        while not self._done.is_set():
            self.ticks += 1
            time.sleep(self.period)

    def __enter__(self) -> "Ticker":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._done.set()
        self._thread.join()
