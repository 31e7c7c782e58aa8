"""Ctrl-C during a search: the search stops within a moment and ``KeyboardInterrupt`` is
raised, as from Python code (``_thread.interrupt_main`` is what Ctrl-C does)."""

import _thread
import threading
import time

import numpy as np
import pytest

import tournee


def _interrupt_after(seconds: float) -> threading.Timer:
    timer = threading.Timer(seconds, _thread.interrupt_main)
    timer.start()
    return timer


def _day() -> tuple[dict, tuple[np.ndarray, np.ndarray]]:
    n = 40
    xs = np.linspace(0, 30, n + 1)
    gap = np.abs(xs[:, None] - xs[None, :])
    day = {
        "carers": [
            {"id": f"n{k}", "shift_start": "07:00", "shift_end": "13:00", "start_index": 0}
            for k in range(3)
        ],
        "visits": [{"id": f"v{i}", "location_index": i, "duration_min": 10} for i in range(1, n + 1)],
    }
    return day, (gap * 90.0, gap * 1500.0)


@pytest.mark.parametrize("search", ["plan", "solve"])
def test_ctrl_c_stops_the_search_at_once(search):
    day, matrix = _day()
    started = time.monotonic()
    timer = _interrupt_after(1.0)
    try:
        with pytest.raises(KeyboardInterrupt):
            if search == "plan":
                tournee.plan(day, matrix=matrix, time_limit=120, threads=1)
            else:
                jobs = [{"location": i, "service": 600} for i in range(1, 41)]
                vehicles = [{"start": 0, "count": 3, "shift": (0, 6 * 3600)}]
                tournee.solve(matrix[0].astype(np.int64), jobs, vehicles, time_limit=120)
    finally:
        timer.cancel()
    assert time.monotonic() - started < 30, "stopped long after the signal"
    # The next search runs normally.
    assert tournee.plan(day, matrix=matrix, iterations=50, threads=1).totals["served"] == 40
