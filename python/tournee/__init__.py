"""tournee: road travel-time matrices and routes from OpenStreetMap extracts, and a
vehicle-routing solver for rounds with time windows.

The heavy lifting is done in Rust (``tournee-roads``, ``tournee-solver``); this package is a thin
layer over it.

>>> import tournee
>>> net = tournee.RoadNetwork.from_osm("andorra.osm.pbf")       # doctest: +SKIP
>>> durations_s, distances_m = net.matrix([(1.5211, 42.5063), (1.5983, 42.5345)])  # doctest: +SKIP
>>> net.route((1.5211, 42.5063), (1.5983, 42.5345)).to_geojson()  # doctest: +SKIP

>>> solution = tournee.solve(
...     [[0, 5, 7], [5, 0, 3], [7, 3, 0]],
...     jobs=[{"location": 1, "time_windows": [(0, 50)]}, {"location": 2, "service": 2}],
...     vehicles=[{"start": 0, "capacity": 10}],
...     iterations=100,
... )
>>> solution.cost, len(solution.routes), solution.unassigned
(15, 1, [])

Home-care rounds (``tournee plan``): a day of visits and carers in, optimised rounds out.

>>> plan = tournee.plan(tournee.default_day(), iterations=20_000, threads=1)  # doctest: +SKIP
>>> print(plan.summary())                                  # doctest: +SKIP
>>> plan.rounds(), plan.stops(), plan.unassigned()         # pandas DataFrames  # doctest: +SKIP
>>> plan.geojson()                                         # routes along the roads  # doctest: +SKIP
>>> plan.map(), plan.gantt()              # folium map, matplotlib timeline  # doctest: +SKIP

Many days at once, on local threads or a Dask cluster (``client=``):

>>> batch = tournee.plan_many(days, network=net, time_limit=5)   # doctest: +SKIP
>>> batch.summary(), batch.errors                                 # doctest: +SKIP

A week of recurring care (``tournee plan-week``): care orders in, a plan per day out.

>>> week = tournee.plan_week(tournee.default_week(), time_limit=30)  # doctest: +SKIP
>>> week.patients(), week.carers(), week.day("2026-12-07").stops()   # doctest: +SKIP

Errors all derive from :class:`TourneeError` (except missing or unreadable files, which raise
:class:`FileNotFoundError` / :class:`OSError`):

- :class:`PbfError`: not a PBF file, a truncated or corrupted one, or no road a car may use;
- :class:`InvalidPointError`: a coordinate that is not a number or out of range (``.index``);
- :class:`SnapError`: a point too far from every road (``.index``);
- :class:`PreparedFileError`: a saved network that cannot be read;
- :class:`ProfileError`: a bad profile setting or snap radius (``.key``);
- :class:`ProblemError`: a malformed routing problem, naming the item (``.item``, ``.job``, ...);
- :class:`SolveError`: inconsistent solve options;
- :class:`SolomonFormatError`: a Solomon file that cannot be parsed (``.path``, ``.line``);
- :class:`PlanInputError`: a malformed day to plan, naming the item (``.item``, ``.field``;
  ``.file``, ``.line``, ``.column`` for CSV).

Map data © OpenStreetMap contributors (ODbL): credit OpenStreetMap wherever results are shown.
"""

from ._tournee import (
    Day,
    InvalidPointError,
    PbfError,
    Plan,
    PlanInputError,
    PreparedFileError,
    ProblemError,
    ProfileError,
    Replan,
    RoadNetwork,
    Route,
    Snap,
    SnapError,
    SolomonFormatError,
    Solution,
    SolveError,
    Stop,
    TourneeError,
    Unassigned,
    VehicleRoute,
    WeekPlan,
    __version__,
    check_hhcrsp,
    default_day,
    default_profile,
    default_week,
    plan,
    plan_week,
    read_solomon,
    read_week_csv,
    solve,
    solve_hhcrsp,
    solve_solomon,
    write_osm_pbf,
    write_rural_network,
)
from ._many import DayPlanError, PlanBatch, plan_many

__all__ = [
    "Day",
    "DayPlanError",
    "InvalidPointError",
    "PbfError",
    "Plan",
    "PlanBatch",
    "PlanInputError",
    "PreparedFileError",
    "ProblemError",
    "ProfileError",
    "Replan",
    "RoadNetwork",
    "Route",
    "Snap",
    "SnapError",
    "SolomonFormatError",
    "Solution",
    "SolveError",
    "Stop",
    "TourneeError",
    "Unassigned",
    "VehicleRoute",
    "WeekPlan",
    "__version__",
    "check_hhcrsp",
    "default_day",
    "default_profile",
    "default_week",
    "plan",
    "plan_many",
    "plan_week",
    "read_solomon",
    "read_week_csv",
    "solve",
    "solve_hhcrsp",
    "solve_solomon",
    "write_osm_pbf",
    "write_rural_network",
]
