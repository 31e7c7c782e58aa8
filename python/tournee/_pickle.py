"""Rebuilding tournee's objects from their pickled state (``__reduce__`` of each class points
here): a day and plans as their JSON, a road network as its prepared bytes. Lets process pools,
Dask and Ray ship them."""

from typing import Any, Optional

from . import _tournee

#: How many road networks this process has unpickled (read by tests and benchmarks to check
#: that :func:`tournee.plan_many` ships a network once per Dask worker, not once per day).
network_loads = 0


def day(text: str) -> "_tournee.Day":
    """A :class:`Day` from its JSON."""
    return _tournee.Day.from_json(text)


def network(data: bytes) -> "_tournee.RoadNetwork":
    """A :class:`RoadNetwork` from its prepared bytes."""
    global network_loads
    network_loads += 1
    return _tournee.RoadNetwork.from_bytes(data)


def plan(text: str, net: Optional[Any], day_text: Optional[str], matrix: Optional[str]) -> "_tournee.Plan":
    """A :class:`Plan` from its JSON, its network and what it was planned from."""
    return _tournee.Plan._restore(text, net, day_text, matrix)


def week_plan(text: str, days: list, net: Optional[Any], matrix: Optional[str]) -> "_tournee.WeekPlan":
    """A :class:`WeekPlan` from its JSON, its days' input, its network and matrix."""
    return _tournee.WeekPlan._restore(text, days, net, matrix)


def solution(data: dict) -> "_tournee.Solution":
    """A VRPTW :class:`Solution` from its ``to_dict()``."""
    return _tournee.Solution._restore(data)
