"""Type stubs for the ``tournee._tournee`` extension module (Rust, pyo3)."""

import os
from collections.abc import Iterable, Sequence
from collections.abc import Callable, Mapping
from typing import Any, Literal, final, overload

import datetime

import numpy as np
import pandas as pd
import folium
import matplotlib.axes
import matplotlib.figure
import numpy.typing as npt
from typing_extensions import TypeAlias

__all__ = [
    "Day",
    "InvalidPointError",
    "PbfError",
    "Plan",
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
    "plan_week",
    "read_solomon",
    "read_week_csv",
    "solve",
    "solve_hhcrsp",
    "solve_solomon",
    "write_osm_pbf",
    "write_rural_network",
]

__version__: str
"""The package version (the Rust crate's)."""

_StrPath: TypeAlias = str | os.PathLike[str]
"""A file path: ``str`` or any ``os.PathLike``."""

_Point: TypeAlias = tuple[float, float] | Sequence[float] | npt.NDArray[np.floating[Any]]
"""One ``(lon, lat)`` position in WGS84 degrees (a pair, or a numpy array of shape ``(2,)``)."""

_Points: TypeAlias = Sequence[_Point] | npt.NDArray[np.floating[Any]]
"""Several positions: a sequence of ``(lon, lat)`` pairs or a float array of shape ``(N, 2)``."""

class TourneeError(Exception):
    """Base class of every error raised by tournee."""

class PbfError(TourneeError):
    """The file is not an OpenStreetMap PBF file, is truncated or corrupted, or holds no road a
    car may use under the profile."""

    path: str
    """The file concerned."""

class InvalidPointError(TourneeError):
    """A coordinate is not a finite number or lies outside longitude [-180, 180] / latitude
    [-90, 90]. It plays the role of a ``ValueError``; the message names the point."""

    index: int
    """Position of the offending point in the caller's list (0 for both ends of ``route``)."""
    list: str
    """Which list: ``"point"``, ``"source"``, ``"target"``, or ``"from"`` / ``"to"`` for the
    two ends of ``route``."""

class SnapError(TourneeError):
    """A point is farther from every routable road than the snap radius allows."""

    index: int
    """Position of the offending point in the caller's list (0 for both ends of ``route``)."""
    list: str
    """Which list: ``"point"``, ``"source"``, ``"target"``, or ``"from"`` / ``"to"`` for the
    two ends of ``route``."""

class PreparedFileError(TourneeError):
    """A saved network file is not one this version can read, or is damaged."""

    path: str
    """The file concerned."""

class ProfileError(TourneeError):
    """A profile setting (or the snap radius) is out of range or unknown."""

    key: str
    """The setting concerned, e.g. ``"maxspeed_factor"`` or ``"highway_speeds_kmh.primary"``
    (``"<json>"`` for an unknown key or a value of the wrong type)."""

@final
class Snap:
    """Where a point met the road network."""

    @property
    def input(self) -> tuple[float, float]:
        """The coordinate given, ``(lon, lat)``."""
    @property
    def snapped(self) -> tuple[float, float]:
        """The nearest point on a routable road, ``(lon, lat)``."""
    @property
    def distance_m(self) -> float:
        """Distance between ``input`` and ``snapped``, in metres."""
    @property
    def way_id(self) -> int:
        """OpenStreetMap id of the way snapped to."""
    @property
    def road_class(self) -> str:
        """Class of the road snapped to: its ``highway=*`` value, or ``"ferry"``."""

@final
class Route:
    """The road path between two points: time, length, geometry and the ways driven."""

    @property
    def duration_s(self) -> float:
        """Travel time in seconds (equal to the matrix cell for the same two points)."""
    @property
    def distance_m(self) -> float:
        """Length in metres."""
    @property
    def coordinates(self) -> npt.NDArray[np.float64]:
        """The path from the snapped start to the snapped end, shape ``(K, 2)``: lon, lat."""
    @property
    def way_ids(self) -> list[int]:
        """OpenStreetMap ids of the ways driven, in order, consecutive repeats merged."""
    def to_geojson(self) -> dict[str, Any]:
        """The route as a GeoJSON ``Feature`` with a ``LineString`` geometry and
        ``duration_s``, ``distance_m``, ``way_ids`` and ``attribution`` properties."""
    @property
    def __geo_interface__(self) -> dict[str, Any]:
        """Same as :meth:`to_geojson`, for shapely, geopandas and other geo libraries."""

@final
class RoadNetwork:
    """A road network ready for queries: the car graph of an OpenStreetMap extract, its
    contraction hierarchy and a spatial index.

    Build one with :meth:`from_osm` or load a prepared one with :meth:`load`. Queries release
    the GIL, so several Python threads may query one network at once (setting
    :attr:`snap_radius_m` while another thread is querying raises ``RuntimeError``).
    """

    @staticmethod
    def from_osm(
        path: _StrPath,
        profile: dict[str, Any] | None = None,
        threads: int | None = None,
    ) -> RoadNetwork:
        """Reads an OpenStreetMap PBF extract and prepares it for queries.

        :param path: the ``.osm.pbf`` file.
        :param profile: overrides of the car profile's fields (see :func:`default_profile`);
            a field given replaces the default one whole, unknown fields are refused.
        :param threads: how many threads to use (default: all cores).
        :raises FileNotFoundError: the file does not exist.
        :raises PbfError: not a PBF file, truncated or corrupted, or no road usable by car.
        :raises ProfileError: a profile value is out of range or unknown.
        """
    @staticmethod
    def load(path: _StrPath) -> RoadNetwork:
        """Loads a network written by :meth:`save`.

        :raises FileNotFoundError: the file does not exist.
        :raises PreparedFileError: the file is not a prepared network this version reads.
        """
    def save(self, path: _StrPath) -> None:
        """Writes the prepared network (graph, hierarchy, profile, snap radius) to ``path``.

        :raises OSError: the file cannot be written.
        """
    def to_bytes(self) -> bytes:
        """The prepared network as bytes (what :meth:`save` writes): how a network is pickled
        and shipped to other processes."""
    @staticmethod
    def from_bytes(data: bytes) -> RoadNetwork:
        """A network from the bytes of :meth:`to_bytes` (or of a prepared file).

        :raises PreparedFileError: the bytes are not a prepared network this version reads.
        """
    @property
    def snap_radius_m(self) -> float:
        """_Points farther than this from every road are refused, in metres (default 1000).

        Setting a value that is not finite and above 0 raises :class:`ProfileError`.
        """
    @snap_radius_m.setter
    def snap_radius_m(self, radius_m: float) -> None: ...
    @property
    def snap_excluded(self) -> list[str]:
        """Road classes points are never snapped to (default ``motorway``, ``motorway_link``,
        ``trunk``, ``trunk_link``, ``ferry``: nobody is visited on a motorway). Set a list of
        classes (``[]``: any road); a name that is not one of :attr:`road_classes` raises
        :class:`ProfileError` (``key`` ``"snap_excluded"``). Kept by :meth:`save`.
        """
    @snap_excluded.setter
    def snap_excluded(self, classes: list[str]) -> None: ...
    @property
    def road_classes(self) -> list[str]:
        """The road classes of the network: the routable ``highway=*`` values of its profile,
        then ``"ferry"``."""
    def info(self) -> dict[str, Any]:
        """Sizes and import counts: ``nodes``, ``arcs``, ``segments``, ``road_km``,
        ``shortcuts``, ``memory_bytes`` and ``import``: a dict of what the OSM import read
        (``car_ways``, ``road_nodes``, ``missing_nodes``, ``barrier_nodes``, ``delay_nodes``,
        ``restrictions`` for cars, ``restrictions_skipped`` (counts by reason:
        ``except_motorcar``, ``unknown_value``, ``missing_member``, ``not_on_roads``,
        ``via_way_unconnected``, ``no_way_out``), ``banned_turns`` and ``restricted_paths``)."""
    def profile(self) -> dict[str, Any]:
        """The car profile the network was built with (accepted back by :meth:`from_osm`)."""
    @overload
    def snap(self, points_or_point: tuple[float, float]) -> Snap:
        """Snaps one ``(lon, lat)`` point to the nearest routable road and returns a
        :class:`Snap`; given a list of points (or an ``(N, 2)`` array), returns a list.

        :raises InvalidPointError: a coordinate is not a number or out of range.
        :raises SnapError: a point is farther than :attr:`snap_radius_m` from every road.
        """
    @overload
    def snap(self, points_or_point: _Points) -> list[Snap]: ...
    def matrix(
        self,
        points: _Points,
        targets: _Points | None = None,
        threads: int | None = None,
    ) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
        """Travel-time and distance matrices from every point to every target (by default the
        points themselves).

        :returns: ``(durations_s, distances_m)``: float64 arrays of shape
            ``(len(points), len(targets))``, in seconds and metres, NaN where unreachable.
            Cell ``[i, j]`` is the fastest route from ``points[i]`` to ``targets[j]``.
        :param threads: how many threads to use (default: all cores).
        :raises InvalidPointError: a coordinate is not a number or out of range (``index``
            names it; ``list`` is ``"point"``, or ``"source"``/``"target"`` with targets).
        :raises SnapError: a point is farther than :attr:`snap_radius_m` from every road.
        """
    def route(self, a: _Point, b: _Point) -> Route:
        """The fastest road path from ``a`` to ``b`` (each ``(lon, lat)``).

        :raises InvalidPointError: a coordinate is invalid (``list`` is ``"from"`` for ``a``,
            ``"to"`` for ``b``).
        :raises SnapError: a point is too far from every road (``list`` ``"from"`` / ``"to"``).
        """

def write_osm_pbf(
    path: _StrPath,
    nodes: Iterable[tuple[int, float, float] | tuple[int, float, float, dict[str, str] | None]],
    ways: Iterable[tuple[int, Sequence[int], dict[str, str] | None]],
    relations: Iterable[tuple[int, Sequence[tuple[str, int, str]], dict[str, str] | None]]
    | None = None,
) -> None:
    """Writes a small OpenStreetMap PBF file (for tests, examples and demos).

    :param nodes: ``(id, lon, lat)`` or ``(id, lon, lat, tags)`` tuples.
    :param ways: ``(id, [node ids], tags)`` tuples, e.g.
        ``(10, [1, 2, 3], {"highway": "residential"})``.
    :param relations: ``(id, [(kind, id, role), ...], tags)`` tuples, kind ``"node"``,
        ``"way"`` or ``"relation"``, e.g. a turn restriction ``(1, [("way", 10, "from"),
        ("node", 3, "via"), ("way", 11, "to")], {"type": "restriction", "restriction":
        "no_left_turn"})``.
    :raises OSError: the file cannot be written.
    """

def default_profile() -> dict[str, Any]:
    """The default car profile as a dict: a starting point for
    ``RoadNetwork.from_osm(path, profile=...)``.

    Keys (see the roads crate's ``profile`` docs): ``highway_speeds_kmh`` (OSRM car speeds per
    class), ``maxspeed_factor``, ``use_maxspeed``, ``maxspeed_zones_kmh``, ``surface_max_kmh``,
    ``blocked_access``, ``passable_barriers``, ``node_delays_s`` (``{"barrier=gate": 60, ...}``),
    ``ferry_speed_kmh``, turn costs ``turn_penalty_s``, ``turn_bias``, ``u_turn_penalty_s``,
    ``oncoming_turn_penalty_s``, ``u_turns_anywhere``, ``left_hand_traffic``, and calibration
    ``time_factor`` (every road time multiplied) and ``class_time_factors`` (per class)."""

def write_rural_network(
    path: _StrPath,
    seed: int = 7,
    grid: int = 4,
    spacing_km: float = 6.0,
    origin: tuple[float, float] = (2.55, 45.05),
) -> list[dict[str, Any]]:
    """Writes a generated rural road map (``grid`` × ``grid`` villages ``spacing_km`` apart, with
    street grids, one-way streets, roads between villages, a primary road with a roundabout and
    farm tracks) as an OSM PBF file, offline and deterministic per ``seed``.

    :returns: the villages as ``[{"name": str, "lon": float, "lat": float}, ...]``.
    :raises ValueError: ``grid`` outside [2, 40] or a non-positive ``spacing_km``.
    :raises InvalidPointError: ``origin`` is not a valid (lon, lat).
    """

# --- vehicle-routing solver -----------------------------------------------------------------

_Matrix: TypeAlias = Sequence[Sequence[int | float | None]] | npt.NDArray[np.integer[Any]] | npt.NDArray[np.floating[Any]]
"""A square matrix indexed by location: a 2-D integer array or a list of rows of integers.
Floats are accepted when their value is integral; NaN and fractional values are refused."""

_Record: TypeAlias = Mapping[str, Any] | Any
"""A job, vehicle type or objective: a dict, or any object with the same attributes
(dataclass, named tuple, plain object)."""

class ProblemError(TourneeError):
    """The routing problem is malformed: a matrix that is not square, has a negative, missing
    or non-integer entry; a time window closing before it opens; a location or profile out of
    range; a demand with the wrong number of dimensions; two jobs with one id; an unknown key;
    ... The message names the item. Attributes are set when the error has them (missing ones
    raise ``AttributeError``)."""

    item: str
    """The item, e.g. ``'job 3 ("p4")'`` or ``'vehicle type 0 ("van") start'``."""
    job: int
    """Index of the offending job."""
    vehicle_type: int
    """Index of the offending vehicle type."""
    profile: int
    """Index of the offending profile (matrix errors)."""
    matrix: str
    """``"duration"`` or ``"distance"`` (matrix errors)."""
    row: int
    """Row of the offending matrix entry."""
    col: int
    """Column of the offending matrix entry."""
    location: int
    """The location index out of range."""
    key: str
    """The unknown (or missing) key."""

class SolveError(TourneeError):
    """The solve options are inconsistent (the problem itself is fine)."""

class SolomonFormatError(TourneeError):
    """A Solomon / Gehring-Homberger file could not be parsed."""

    path: str
    """The file."""
    line: int
    """1-based line number (0 when the problem is not tied to a line)."""

@final
class Stop:
    """One visit of a route, with its schedule (times in the matrices' unit)."""

    @property
    def job(self) -> int:
        """Job index (position in the ``jobs`` list)."""
    @property
    def id(self) -> str:
        """Job id."""
    @property
    def location(self) -> int:
        """Location index of the job."""
    @property
    def arrival(self) -> int:
        """Arrival time at the location."""
    @property
    def start(self) -> int:
        """Service start (``>= arrival``; the vehicle waits in between)."""
    @property
    def departure(self) -> int:
        """Service end (``start + service``); the vehicle leaves then."""
    @property
    def waiting(self) -> int:
        """``start - arrival``."""
    @property
    def lateness(self) -> int:
        """Time the service started after the job's last window closed: ``start - close`` for a
        job with a ``late_cost`` served late, 0 otherwise."""
    def to_dict(self) -> dict[str, Any]:
        """``{"job", "id", "location", "arrival", "start", "departure", "waiting",
        "lateness"}``."""

@final
class VehicleRoute:
    """The plan of one used vehicle. ``len(route)`` is its number of (job) stops."""

    @property
    def vehicle_type(self) -> int:
        """Vehicle type index (position in the ``vehicles`` list)."""
    @property
    def vehicle_type_id(self) -> str:
        """Vehicle type id."""
    @property
    def vehicle(self) -> int:
        """Index of the vehicle within its type (``0 .. count``)."""
    @property
    def start_time(self) -> int:
        """Departure from the start (start of the first service for an open start)."""
    @property
    def end_time(self) -> int:
        """Arrival at the end (end of the last service for an open end)."""
    @property
    def duration(self) -> int:
        """``end_time - start_time`` (travel, service and waiting)."""
    @property
    def distance(self) -> int:
        """Travelled distance."""
    @property
    def travel_time(self) -> int:
        """Driving time (travel only: no service, waiting, break or reload time)."""
    @property
    def overtime(self) -> int:
        """Time the route ends after the shift closes (``0 .. max_overtime``)."""
    @property
    def load(self) -> list[int]:
        """Highest load on board at any point, per capacity dimension (without reloads or
        pickups: the total demand served)."""
    @property
    def cost(self) -> int:
        """``fixed_cost + cost_per_distance * distance + cost_per_travel_time * travel_time +
        cost_per_time * duration + overtime_cost * overtime``, plus ``late_cost * lateness`` of
        its late stops and ``unpreferred_cost`` of its jobs outside their preferred vehicle
        types."""
    @property
    def stops(self) -> list[Stop]:
        """The job visits, in order."""
    @property
    def breaks(self) -> list[dict[str, Any]]:
        """Breaks taken, in order: ``{"index": int, "id": str, "after": int, "start": int,
        "end": int}``; ``index`` and ``id`` name the break in the vehicle's ``breaks``; it is
        taken after the first ``after`` stops (job and reload stops counted together)."""
    @property
    def reloads(self) -> list[dict[str, Any]]:
        """Reload stops, in order: ``{"depot": int, "after": int, "arrival": int, "start": int,
        "departure": int}``; ``depot`` is a location index; the reload is made after the first
        ``after`` stops (job and earlier reload stops counted together)."""
    @property
    def jobs(self) -> list[int]:
        """Job indices visited, in order."""
    def to_dict(self) -> dict[str, Any]:
        """The attributes above as a dict, ``stops`` as a list of dicts (``jobs`` omitted)."""
    def __len__(self) -> int: ...

@final
class Unassigned:
    """A job left out of the plan, with the reason."""

    @property
    def job(self) -> int:
        """Job index."""
    @property
    def id(self) -> str:
        """Job id."""
    @property
    def reason(
        self,
    ) -> Literal[
        "no_vehicle",
        "missing_skills",
        "not_allowed",
        "capacity_exceeded",
        "time_unreachable",
        "no_distinct_vehicles",
        "partner_unservable",
        "not_worth_serving",
        "no_feasible_plan_found",
    ]:
        """Why: no vehicle at all; no vehicle has every skill; vehicles with the skills exist
        but ``allowed_vehicle_types`` allows none of them; demand above every suitable capacity;
        windows unreachable even alone on a route; a double-staffed job (link with
        ``distinct_vehicles``) without two different vehicles able to serve it; the other job
        of its double-staffing link or shipment cannot be served; optional job cheaper to leave
        out; or (required job) no plan serving all jobs at once was found (then ``feasible`` is
        False)."""
    @property
    def message(self) -> str:
        """The reason in words."""
    def to_dict(self) -> dict[str, Any]:
        """``{"job", "id", "reason", "message"}``."""

@final
class Solution:
    """The result of :func:`solve`."""

    @property
    def routes(self) -> list[VehicleRoute]:
        """Routes of the used vehicles."""
    @property
    def unassigned(self) -> list[Unassigned]:
        """Jobs left out, each with its reason."""
    @property
    def cost(self) -> int:
        """Objective value: ``travel_cost + max_lateness_cost + penalty_cost``."""
    @property
    def travel_cost(self) -> int:
        """Sum of the route costs (plus ``vehicle_cost`` per route when minimising vehicles)."""
    @property
    def max_lateness_cost(self) -> int:
        """The objective's ``max_lateness_cost`` times the largest ``Stop.lateness``."""
    @property
    def penalty_cost(self) -> int:
        """Sum of the penalties of left-out optional jobs."""
    @property
    def feasible(self) -> bool:
        """Whether every constraint holds and every servable required job is served."""
    @property
    def stats(self) -> dict[str, Any]:
        """``{"iterations": int (over all threads), "elapsed_seconds": float, "threads": int,
        "stop_reason": "iterations" | "time_limit" | "target_cost" | "cancelled" |
        "trivial"}``."""
    def to_dict(self) -> dict[str, Any]:
        """Everything as plain dicts and lists (JSON-serialisable)."""
    def to_pandas(self) -> pd.DataFrame:
        """One row per served job, route by route: ``route``, ``vehicle_type``,
        ``vehicle_type_id``, ``vehicle``, ``seq`` (1 = first), ``job``, ``id``, ``location``,
        ``arrival``, ``start``, ``departure``, ``waiting``, ``lateness`` (integers in the
        problem's unit).

        :raises ImportError: pandas is not installed.
        """

def solve(
    durations: _Matrix | None,
    jobs: Sequence[_Record],
    vehicles: Sequence[_Record],
    *,
    distances: _Matrix | None = None,
    profiles: Sequence[Mapping[str, _Matrix] | tuple[_Matrix, _Matrix]] | None = None,
    objective: _Record | None = None,
    links: Sequence[_Record] | None = None,
    shipments: Sequence[_Record] | None = None,
    time_limit: float | None = None,
    iterations: int | None = None,
    target_cost: int | None = None,
    threads: int = 1,
    seed: int = 1,
    progress: Callable[[dict[str, Any]], object] | None = None,
) -> Solution:
    """Solves a vehicle-routing problem with time windows (and home-care variants) on integer
    matrices, with the GIL released while searching (Hybrid Genetic Search).

    Locations are matrix indices. Times, durations, distances and costs are integers in units
    of your choice (e.g. seconds and metres).

    :param durations: travel times, ``durations[i][j]`` from location ``i`` to ``j``
        (asymmetric allowed). ``None`` when ``profiles`` is given.
    :param jobs: the visits; each a dict (or object with these attributes):

        - ``location`` (int, required): location index;
        - ``id`` (str, default: the index as a string): reported back; must be unique;
        - ``service`` (int, default 0): service duration;
        - ``time_windows`` (default: the whole horizon): allowed service *start* windows,
          ``[(open, close), ...]`` sorted and disjoint, or a single ``(open, close)``;
        - ``late_cost`` (int ≥ 0 or None, default None): None makes the windows hard; an
          integer lets the service start after the last window closes, each time unit late
          costing ``late_cost`` (reported as ``Stop.lateness``);
        - ``announced_latest`` (int or None, default None): a start announced to the client;
          starting after it costs ``announced_cost`` once plus ``announced_cost_per_unit`` per
          time unit after it (both int ≥ 0, default 0);
        - ``not_before`` (int or None, default None): earliest start whatever the windows say;
        - ``demand`` (int or list of int, default zeros): one entry per capacity dimension,
          delivered here, loaded at the start (or at the last reload);
        - ``pickup`` (int or list of int, default zeros): collected here and carried to the end
          (or to the next reload);
        - ``skills`` (list of str): skills the vehicle must all have;
        - ``allowed_vehicle_types`` (list of int or None, default None): indices in
          ``vehicles`` of the only types that may serve the job (None: any type with the
          skills);
        - ``preferred_vehicle_types`` (list of int, default []) and ``unpreferred_cost`` (int,
          default 0): being served by a type outside a non-empty preferred list costs
          ``unpreferred_cost``;
        - ``priority`` (int ≥ 0, default 0): leaving an optional job out costs
          ``penalty + priority * objective["priority_weight"]``;
        - ``required`` (bool, default True unless ``penalty`` is given) and ``penalty``
          (int): an optional job may be left out at that cost.
    :param vehicles: the vehicle types; each a dict (or object with these attributes):

        - ``id`` (str, default: the index); ``count`` (int, default 1);
        - ``start`` (int or None, default 0): start location, None for an open start;
        - ``end`` (int or None, default: ``start``): end location, None for an open end;
        - ``shift`` ((open, close), default (0, 2**50)): leave the start no earlier than
          ``open``, reach the end no later than ``close + max_overtime``;
        - ``max_overtime`` (int, default 0) and ``overtime_cost`` (int, default 0): the route
          may end up to ``max_overtime`` after ``close``, each unit after ``close`` costing
          ``overtime_cost``;
        - ``capacity`` (int or list of int, default: no capacity dimension);
        - ``skills`` (list of str); ``max_duration`` (int or None);
        - ``breaks`` (list, default []): each ``{"id": str (default: its index), "duration":
          int (required), "window": (open, close) (default: the shift)}``, taken once by
          every used vehicle, starting inside its window, wherever the vehicle is then;
        - ``reloads`` (dict or None, default None): ``{"depots": [location, ...] (required),
          "duration": int (default 0), "max_stops": int (required)}``: the vehicle may stop
          at most ``max_stops`` times at these depots to load the next deliveries and unload
          the pickups so far;
        - ``fixed_cost`` (default 0), ``cost_per_time`` (default 0), ``cost_per_travel_time``
          (default 0), ``cost_per_distance`` (default 1): a used vehicle costs
          ``fixed_cost + cost_per_distance * distance + cost_per_travel_time * travel_time +
          cost_per_time * duration + overtime_cost * overtime``;
        - ``profile`` (int, default 0): index in ``profiles``.
    :param distances: travel distances (default: ``durations``).
    :param profiles: several travel profiles instead of ``durations``/``distances``: each
        ``{"durations": m, "distances": m}`` (distances optional) or a pair; all of one size.
    :param objective: ``{"minimise_vehicles": bool (False), "vehicle_cost": int (10**9),
        "priority_weight": int (0), "max_lateness_cost": int (0)}``; ``max_lateness_cost``
        is charged per unit of the largest lateness of any job (``Solution.max_lateness_cost``).
    :param links: timing rules between two jobs, each a dict (or object):
        ``{"first": int, "second": int (job indices, required), "kind": "simultaneous" |
        "start_gap" (default "simultaneous"), "min": int (default 0), "max": int | None
        (default None), "distinct_vehicles": bool (default False)}``. ``"simultaneous"``: both
        services start at the same time; ``"start_gap"``: ``second`` starts between ``min``
        and ``max`` (None: no limit) after ``first`` starts (``min``/``max`` only with
        ``"start_gap"``). With ``distinct_vehicles`` the two jobs are served by two different
        vehicles, both or neither (a double-staffed visit; a job is in at most one such link);
        without, the link only times them when both are served.
    :param shipments: loads carried from one job to another by the same vehicle, pickup first,
        both served or neither; each ``{"pickup": int, "delivery": int (job indices,
        required), "amount": int or list of int (default zeros)}``. The amount is on board in
        between (within capacity, across reloads). A job is in at most one shipment or
        double-staffing link.
    :param time_limit: wall-time limit in seconds.
    :param iterations: iteration limit per thread. Without any limit, 2000 iterations per
        thread. With an iteration limit (and no time limit reached), the result depends only on
        the problem, ``seed`` and ``threads``.
    :param target_cost: stop as soon as a feasible solution of at most this cost is found.
    :param threads: cooperating searches (threads), at least 1.
    :param seed: random seed.
    :param progress: called (with the GIL) at each checkpoint, every 500 iterations per thread,
        with ``{"iterations", "elapsed_seconds", "best_cost" (None until feasible)}``. Returning
        ``False`` stops the search (the best solution so far is returned); an exception stops it
        and is re-raised. Ctrl-C (``KeyboardInterrupt``) is also honoured at checkpoints.
    :raises ProblemError: a malformed problem (the message names the item), including unknown
        keys (also in ``breaks``, ``reloads``, links and shipments), missing required keys and
        negative quantities (``key`` names the key). Errors in ``links`` / ``shipments`` name
        ``link N`` / ``shipment N`` (attribute ``link`` / ``shipment``: the index), e.g. a job
        index out of range; a vehicle type index out of range sets ``job`` and
        ``vehicle_type``.
    :raises TypeError: a value of the wrong type (the message names the item and key).
    :raises ValueError: bad keyword arguments (``threads=0``, negative ``time_limit``, both
        ``durations`` and ``profiles``).

    Jobs that no vehicle can serve are not errors: they are in ``Solution.unassigned`` with
    their reason.
    """

def read_solomon(path: _StrPath, *, rounding: Literal["exact", "dimacs"] = "exact") -> dict[str, Any]:
    """Reads a Solomon / Gehring-Homberger VRPTW file.

    :returns: ``{"name", "vehicles", "capacity", "depot", "customers", "rounding", "scale",
        "problem"}``; ``depot`` and each customer are ``{"id", "x", "y", "demand", "ready",
        "due", "service"}`` in the file's units; ``problem`` holds the keyword arguments of
        :func:`solve` (``durations``, ``distances`` as int64 arrays, ``jobs``, ``vehicles``) of
        the integer model, whose times and distances are the file's times ``scale`` (10 000 for
        ``"exact"``, travel times rounded up; 10 for ``"dimacs"``, distances truncated to one
        decimal): ``tournee.solve(**inst["problem"], iterations=...)``.
    :raises FileNotFoundError: the file does not exist (``OSError`` if unreadable).
    :raises SolomonFormatError: the file is not a Solomon instance.
    :raises ValueError: unknown ``rounding``.
    """

def solve_solomon(
    path: _StrPath,
    *,
    rounding: Literal["exact", "dimacs"] = "exact",
    time_limit: float | None = 10.0,
    iterations: int | None = None,
    threads: int = 1,
    seed: int = 1,
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Solves a Solomon / Gehring-Homberger file and checks the result with an independent
    checker, like ``tournee solve FILE --format solomon`` (the GIL is released).

    :returns: ``(report, solution)``. ``report`` has the keys of the Rust ``InstanceReport``:
        ``instance``, ``class``, ``customers``, ``cost`` (distance in the file's units,
        recomputed by the checker), ``vehicles``, ``feasible``, ``unassigned`` (count), ``bks``
        and ``gap_percent`` (None when no best-known value sits in ``BKS.json`` two folders
        up), ``seconds``, ``iterations``, ``rounding`` (``"Exact"`` / ``"Dimacs"``, as the CLI
        prints it) and ``violations``. ``solution`` is ``{"cost", "routes": [{"customers":
        [customer numbers], "arrivals": [service start times]}]}``.
    :raises FileNotFoundError: the file does not exist.
    :raises SolomonFormatError: the file is not a Solomon instance.
    :raises ValueError: unknown ``rounding``, ``threads=0`` or a non-positive ``time_limit``.
    """

def check_hhcrsp(instance: _StrPath, solution: _StrPath | Mapping[str, Any]) -> dict[str, Any]:
    """Checks a home-care benchmark (HHCRSP, Mankowska et al.) solution against its instance,
    independently of any solver: every (patient, service) served exactly once by a carer with
    the ability, no start before the window opens, exact durations, travel from the office at
    time 0, synchronisation of double services, every carer listed.

    :param solution: a solution file path or a dict in the benchmark's format.
    :returns: ``{"valid", "violations", "distance", "total_tardiness", "max_tardiness", "cost"}``
        with cost = (distance + total tardiness + max tardiness) / 3.
    :raises FileNotFoundError: a missing file.
    :raises TourneeError: a malformed instance or solution (the message names the item).
    """

def solve_hhcrsp(
    path: _StrPath,
    *,
    time_limit: float | None = 10.0,
    iterations: int | None = None,
    threads: int = 1,
    seed: int = 1,
    out: _StrPath | None = None,
) -> dict[str, Any]:
    """Solves a home-care benchmark (HHCRSP) instance file with the care engine, like
    ``tournee solve FILE --format hhcrsp``, and checks the solution with the independent
    checker of :func:`check_hhcrsp` (the GIL is released while solving).

    :param time_limit: wall-time limit in seconds (``None``: no time limit).
    :param iterations: moves tried per thread (a deterministic stop for a seed and thread
        count). With neither limit, the engine's default number of iterations.
    :param threads: independent searches, the best wins (at least 1).
    :param out: also write the solution (benchmark format, JSON) to this file.
    :returns: ``{"instance", "cost", "distance", "total_tardiness", "max_tardiness",
        "valid", "violations", "iterations", "elapsed_seconds", "threads", "seed",
        "solution"}``; the figures are the checker's (cost = (distance + total tardiness +
        max tardiness) / 3), ``iterations`` counts all threads, ``solution`` is the
        benchmark-format dict (``{"routes": [{"caregiver_id", "locations": [...]}]}``).
    :raises FileNotFoundError: the instance does not exist.
    :raises TourneeError: a malformed instance (the message names the item).
    :raises OSError: ``out`` cannot be written.
    :raises ValueError: ``threads=0`` or a non-positive ``time_limit``.
    """

# --- home-care planning (tournee plan) -------------------------------------------------------

class PlanInputError(TourneeError):
    """The day to plan is malformed: a time that is not ``"HH:MM"``, a window closing before it
    opens, a duplicate or empty id, an unknown carer or visit, a place off the map, a JSON
    field of the wrong shape, a CSV cell that does not hold what its column needs, ... The
    message names the item (and, for files, the file, line and column). Attributes are set when
    the error has them (missing ones raise ``AttributeError``).

    A visit needing a skill nobody holds is not an error: it is planned out with code
    ``unknown_skill`` (see :meth:`Plan.unassigned`)."""

    item: str
    """The item, e.g. ``"visit v1"``, ``"carer nurse-1 (start)"``, ``"link 2"``."""
    field: str
    """The field, e.g. ``"window closing"``, ``"shift"``, ``"pinned_carer"``."""
    file: str
    """The file (``"visits.csv"`` for CSV text, ``"day"`` for JSON text)."""
    line: int
    """1-based line of a CSV file (1 is the header)."""
    column: str
    """Column name of a CSV file or a data frame (or its number when the header itself is
    wrong)."""
    frame: str
    """The data frame of :meth:`Day.from_frames` (``"visits"``, ``"carers"``, ``"links"``,
    ``"shipments"``)."""
    row: int | None
    """0-based row of that frame (``None`` when a column is missing or unknown)."""

_DayLike: TypeAlias = Day | Mapping[str, Any]
"""A :class:`Day`, or a dict in the JSON schema of ``docs/plan-input.md``."""

@final
class Day:
    """One day of home-care rounds to plan: the carers (skills, shift, start and end places,
    breaks, overtime, van capacity), the visits (patient, place ``[lon, lat]``, duration,
    windows ``"HH:MM"``, skills, priority, preferred / refused / pinned carer, equipment) and
    the links between visits (double-staffed visits, linked visits of one patient).

    The schema is the JSON of ``docs/plan-input.md``; the CSV files carry the same content
    except the name and the weights. Days compare equal when their content is equal.
    """

    @staticmethod
    def from_json(text: str) -> Day:
        """Parses a day from JSON text (a misspelt field is an error naming it).

        :raises PlanInputError: not JSON, or not the documented shape (``file`` is ``"day"``).
        """
    @staticmethod
    def from_dict(data: Mapping[str, Any]) -> Day:
        """Reads a day from a dict in the JSON schema (e.g. :func:`default_day`).

        :raises PlanInputError: the dict does not have the documented shape.
        :raises TypeError: the dict is not JSON-serialisable.
        """
    @staticmethod
    def read_json(path: _StrPath) -> Day:
        """Reads a JSON day file.

        :raises FileNotFoundError: the file does not exist.
        :raises PlanInputError: the file does not have the documented shape.
        """
    @staticmethod
    def from_csv(
        visits: str, carers: str, links: str | None = None, shipments: str | None = None
    ) -> Day:
        """Parses a day from the *text* of ``visits.csv``, ``carers.csv`` and, optionally,
        ``links.csv`` and ``shipments.csv`` (columns in ``docs/plan-input.md``; errors name
        these file names).

        :raises PlanInputError: a malformed file, an unknown or missing column, a bad cell
            (``file``, ``line``, ``column`` say where).
        """
    @staticmethod
    def read_csv(
        visits: _StrPath,
        carers: _StrPath,
        links: _StrPath | None = None,
        shipments: _StrPath | None = None,
    ) -> Day:
        """Reads a day from CSV files (errors name the paths).

        :raises FileNotFoundError: a file does not exist.
        :raises PlanInputError: as :meth:`from_csv`.
        """
    @staticmethod
    def from_frames(
        visits: pd.DataFrame,
        carers: pd.DataFrame,
        links: pd.DataFrame | None = None,
        shipments: pd.DataFrame | None = None,
        *,
        date: datetime.date | None = None,
    ) -> Day:
        """Builds a day from pandas DataFrames with the CSV columns (one row per visit, carer,
        link or shipment), cell by cell (no CSV text in between), read by the same reader as
        the CSV files, so they accept exactly the columns of the CSV files; empty cells (NaN,
        ``None``, ``pd.NA``) take the defaults. Cells may hold numpy and pandas numbers
        (nullable ``Int64`` too), ``datetime.time`` or ``pandas.Timestamp`` for times of day
        (a Timestamp must fall on ``date`` when it is given), ``pandas.Timedelta`` for
        durations in ``*_min`` columns or times since midnight elsewhere, and lists for the
        ``;``-separated columns. Errors name the frame (``"visits"``, ``"carers"``,
        ``"links"``, ``"shipments"``), the row (0 = the first) and the column.

        :raises ImportError: pandas is not installed.
        :raises TypeError: an argument is not a DataFrame.
        :raises PlanInputError: as :meth:`from_csv`.
        """
    def to_dict(self) -> dict[str, Any]:
        """The day as a dict in the JSON schema (accepted back by :meth:`from_dict`)."""
    def to_json(self) -> str:
        """The day as pretty-printed JSON (accepted back by :meth:`from_json`)."""
    def to_csv(self) -> dict[str, str]:
        """The day as CSV text, ``{"visits": ..., "carers": ..., "links": ..., "shipments":
        ...}`` (read back by
        :meth:`from_csv` into the same day, without the name and the weights);
        ``pandas.read_csv(io.StringIO(text))`` gives frames for :meth:`from_frames`."""
    def _repr_html_(self) -> str:
        """The carers and the visits as HTML (what a notebook shows)."""
    def validate(self) -> None:
        """Checks everything that does not need the map: times, windows, ids, numbers, the
        carers named by visits and the visits named by links.

        :raises PlanInputError: the first problem found, naming the item.
        """
    @property
    def name(self) -> str | None:
        """The day's name, if it has one."""
    def __eq__(self, value: object, /) -> bool: ...

@final
class Replan:
    """A re-planned day (the result of :meth:`Plan.replan`): the new plan of the whole day
    (the part started before the re-plan time as it was) and what changed for whom."""

    @property
    def plan(self) -> Plan:
        """The new plan of the whole day (it can be re-planned again)."""
    @property
    def day(self) -> Day:
        """What remained to plan, as a day of its own: each carer from the place and time the
        part already done leaves them, the visits not started with ``not_before`` (the
        re-plan time) and, when kept, their ``announced`` times and carer."""
    @property
    def updated_day(self) -> Day:
        """The whole day with the events applied (visits added, cancelled, durations
        changed): the day :attr:`plan` is a plan of (what a later re-plan starts from)."""
    @property
    def frozen(self) -> int:
        """Stops kept as they were (visits and breaks started before the re-plan time)."""
    @property
    def announcements_changed(self) -> int:
        """Announced visits now with another carer, a start moved by more than the
        tolerance, or left out: the patients to phone."""
    def changes(self) -> pd.DataFrame:
        """What changed as a ``pandas.DataFrame``: ``visit, patient, old_carer, old_start,
        new_carer, new_start, reason`` (``carer_absent``, ``carer_changed``, ``moved``,
        ``left_out:<code>``, ``now_served``, ``added``, ``cancelled``).

        :raises ImportError: pandas is not installed.
        """
    def changes_list(self) -> list[dict[str, Any]]:
        """The changes as a list of dicts (the columns of :meth:`changes`)."""
    def changes_csv(self) -> str:
        """The changes as CSV text (``changes.csv`` of ``tournee replan``)."""

@final
class Plan:
    """A planned day (the result of :func:`plan`): per carer the ordered stops with
    ``"HH:MM"`` times, driving minutes and km, totals, the visits left out with a reason code,
    and the engine's cost. Keeps the road network it was made on, for :meth:`geojson`."""

    @property
    def feasible(self) -> bool:
        """Every hard rule holds (windows, shifts, breaks, skills, capacity, links)."""
    @property
    def interrupted(self) -> bool:
        """The search was stopped before its limit (a cancelled search, or Ctrl-C in the
        command line): this is the best plan found until then."""
    @property
    def name(self) -> str | None:
        """The day's name, if it has one."""
    @property
    def cost(self) -> dict[str, Any]:
        """The engine's cost and its parts, in seconds and metres: ``total``, ``travel_time``,
        ``distance``, ``total_lateness``, ``max_lateness``, ``continuity_breaks``,
        ``overtime``, ``unassigned``, ``moved`` (visits started after their announced
        times, in a re-plan)."""
    @property
    def totals(self) -> dict[str, Any]:
        """Figures for the whole day: ``visits``, ``served``, ``unassigned``, ``driving_min``,
        ``distance_km``, ``working_min``, ``driving_share`` (0-1), ``overtime_min``,
        ``total_lateness_min``, ``max_lateness_min``, ``continuity_breaks``."""
    @property
    def search(self) -> dict[str, Any]:
        """How the search went: ``iterations`` (all threads), ``elapsed_seconds``,
        ``threads``, ``stop``."""
    def to_dict(self) -> dict[str, Any]:
        """The whole plan as a dict (``plan.json``): ``name``, ``feasible``, ``totals``,
        ``rounds`` (one per carer, with its ``stops``), ``unassigned``, ``cost``, ``search``."""
    def to_json(self) -> str:
        """The plan as pretty-printed JSON (``plan.json`` of ``tournee plan``)."""
    def summary(self) -> str:
        """The summary table ``tournee plan`` prints: visits served, driving time, distance,
        share of time driving, lateness, continuity breaks, overtime, one line per carer, then
        the visits left out and why."""
    def schedule_csv(self) -> str:
        """The schedule as CSV text (``schedule.csv``): one row per stop of each working
        carer, with a ``start`` row (seq 0) and an ``end`` row; columns ``carer, seq, kind,
        id, patient, lon, lat, location_index, arrival, start, end, travel_min, travel_km,
        lateness_min``."""
    def geojson(self) -> dict[str, Any]:
        """The rounds along the roads as a GeoJSON ``FeatureCollection`` (``routes.geojson``):
        for each carer with visits, one ``Point`` for the start and per visit, and one
        ``LineString`` per leg between distinct places (properties ``carer``, ``role``,
        ``leg``, ``from``, ``to``, ``depart``, ``duration_s``, ``distance_m``, ``stroke``).

        :raises PlanInputError: a place is no longer on the network (its snap radius was
            lowered since planning).
        """
    @property
    def __geo_interface__(self) -> dict[str, Any]:
        """Same as :meth:`geojson`, for geopandas and other geo libraries."""
    def stops(self, date: datetime.date | str | None = None) -> pd.DataFrame:
        """The schedule as a ``pandas.DataFrame``: one row per row of :meth:`schedule_csv`
        (each working carer's ``start`` row, stops, ``end`` row). Columns: ``carer``, ``kind``
        (``start``, ``visit``, ``break``, ``reload``, ``end``), ``id``, ``patient`` (pandas
        strings), ``seq`` (int), ``lon``, ``lat`` (float, NaN on a matrix),
        ``location_index`` (nullable ``Int64``), ``arrival``, ``start``, ``end``
        (``Timedelta`` since midnight, or ``Timestamp`` on ``date`` when given; no arrival for
        a start row), ``arrival_hhmm``, ``start_hhmm``, ``end_hhmm`` (their ``"HH:MM"``
        text), ``waiting_min``, ``travel_min``, ``travel_km``, ``lateness_min`` (float).

        :raises ImportError: pandas is not installed.
        """
    def rounds(self, date: datetime.date | str | None = None) -> pd.DataFrame:
        """One row per carer (those without visits included) as a ``pandas.DataFrame``:
        ``carer, role`` (strings), ``visits`` (int), ``leave, back`` (``Timedelta`` since
        midnight, or ``Timestamp`` on ``date``), ``leave_hhmm, back_hhmm`` (text),
        ``driving_min, distance_km, working_min, driving_share, overtime_min,
        return_travel_min, return_travel_km`` (float).

        :raises ImportError: pandas is not installed.
        """
    def _repr_html_(self) -> str:
        """The totals and one row per carer as HTML (what a notebook shows)."""
    @staticmethod
    def _restore(text: str, net: RoadNetwork | None, day: str | None, matrix: Any) -> Plan:
        """Rebuilds a plan from its JSON, network, day JSON and matrix (JSON or as given to
        :func:`plan`): the inverse of pickling, used by ``plan_many`` on Dask."""
    def map(self, tiles: str | None = "OpenStreetMap") -> folium.Map:
        """The rounds on a ``folium.Map``: one layer per carer (its legs along the roads in its
        colour, a marker per visit whose popup gives patient, visit, carer, arrival, care
        times and skills; double-staffed visits ringed, late ones outlined in red), the
        unassigned visits in grey with their reason, and a layer control. ``tiles`` is
        folium's background (``None``: none, e.g. offline).

        >>> plan.map()                      # shown by the notebook  # doctest: +SKIP
        >>> plan.map().save("plan-map.html")                        # doctest: +SKIP

        :raises ImportError: folium is not installed (``pip install 'tournee[folium]'``).
        :raises TourneeError: the plan was made on a matrix without coordinates.
        """
    def gantt(self, ax: matplotlib.axes.Axes | None = None) -> matplotlib.figure.Figure:
        """The day as a matplotlib ``Figure``: one row per carer with travel (thin dark bar),
        waiting (hatched), visits (the carer's colour, patient written in when it fits),
        breaks (grey); double-staffed visits outlined in black, late visits cross-hatched in
        red. Draws into ``ax`` when given and returns its figure.

        :raises ImportError: matplotlib is not installed (``pip install 'tournee[matplotlib]'``).
        """
    def to_html(self) -> str:
        """The page ``tournee plan`` writes as ``plan.html``: one self-contained HTML page (it
        loads nothing, opens offline) with the rounds on the road network, each carer's
        timeline, the totals and the visits left out. Show it in a notebook with
        ``IPython.display.HTML(plan.to_html())`` or write it to a file.
        """
    def unassigned(self) -> pd.DataFrame:
        """The visits left out as a ``pandas.DataFrame``: ``visit, patient, code, message``
        (``code`` is stable: ``unknown_skill``, ``window_unreachable``, ...).

        :raises ImportError: pandas is not installed.
        """
    def replan(
        self,
        at: str,
        events: list[dict[str, Any]] | dict[str, Any] | None = None,
        *,
        tolerance_min: float = 15.0,
        from_scratch: bool = False,
        time_limit: float | None = None,
        iterations: int | None = None,
        threads: int | None = None,
        seed: int = 1,
    ) -> Replan:
        """Re-plans the day while it runs, as ``tournee replan`` (see ``docs/replan.md``).

        Every stop started before ``at`` (``"HH:MM"``) stays exactly as it was (a visit in
        progress finishes); carers go on from where they are; the rest is planned again on
        the same road network or matrix. ``events`` is a list of dicts as in EVENTS.json
        (or ``{"events": [...]}``): ``{"kind": "carer_absent", "carer": ID, "from":
        "HH:MM"}``, ``{"kind": "visit_added", "visit": {...}}``, ``{"kind":
        "visit_cancelled", "visit": ID}``, ``{"kind": "duration_changed", "visit": ID,
        "duration_min": N}``, ``{"kind": "carer_delayed", "carer": ID, "minutes": N}``.
        What was announced is kept as a cost (the same carer, a start within
        ``tolerance_min``) unless ``from_scratch``. The search stops after ``time_limit``
        seconds (default 4).

        >>> new = plan.replan("10:00", [{"kind": "carer_absent", "carer": "N2", "from": "10:00"}])
        >>> new.changes()  # whom to phone

        :raises PlanInputError: ``at`` outside the day, an event naming an unknown carer or
            visit, cancelling a started visit, a misspelt event (``.item`` names it).
        :raises TourneeError: the plan does not carry its day (a day of a ``WeekPlan``).
        """

def default_day() -> Day:
    """The embedded example day of ``tournee plan``: six carers and 46 visits on the generated
    rural canton that :func:`plan` uses when given no map (``.to_dict()`` for the dict)."""

def plan(
    day: _DayLike,
    *,
    osm: _StrPath | None = None,
    network: RoadNetwork | None = None,
    matrix: tuple[Any, Any] | dict[str, Any] | None = None,
    time_limit: float | None = None,
    iterations: int | None = None,
    threads: int | None = None,
    seed: int = 1,
) -> Plan:
    """Plans a day of home-care rounds, like ``tournee plan``: checks the day, snaps every
    place onto the roads, computes the travel matrix and searches with the rounds engine (the
    GIL is released). With ``matrix``, the day's places are rows of that matrix
    (``location_index``, ``start_index``, ``end_index``) and no map is read.

    :param day: a :class:`Day` or a dict in the JSON schema.
    :param osm: an ``.osm.pbf`` extract to read the road network from.
    :param network: a prepared :class:`RoadNetwork` (instead of ``osm``). With neither (and no
        ``matrix``), the generated canton of :func:`default_day` (built once per process).
    :param matrix: ``(durations_s, distances_m)`` as 2-D arrays (seconds and metres,
        ``[from][to]``), or a dict with those keys (what ``tournee matrix`` prints).
    :param time_limit: wall-time limit of the search in seconds.
    :param iterations: search iterations per thread (a deterministic stop for a seed and
        thread count). With neither limit, 10 seconds (as the CLI).
    :param threads: cooperating search threads (default: 1 with ``iterations``, so that the
        plan is the same on any machine; all cores otherwise).
    :param seed: random seed.
    :raises PlanInputError: a malformed day or a place off the map (the message names the item).
    :raises KeyboardInterrupt: on Ctrl-C, within a moment (the search is cancelled).
    :raises ProblemError: the care engine refused the day built from the input (e.g. loads with
        different numbers of dimensions).
    :raises ValueError: ``osm`` and ``network`` (or a map and ``matrix``) both given,
        ``threads=0``, a non-positive ``time_limit``.
    :raises TypeError: ``day`` is neither a :class:`Day` nor a dict.

    Visits that cannot be served (a skill nobody holds, a window out of reach) are not errors:
    they are in :meth:`Plan.unassigned` with a reason code.
    """

@final
class WeekPlan:
    """A planned week (the result of :func:`plan_week`): one :class:`Plan` per day, totals,
    per carer per day, per patient, the flexible visits no day could take, and the verdict of
    the independent checker on every day and on the spacing of repeated visits."""

    @property
    def name(self) -> str | None:
        """The week's name, if it has one."""
    @property
    def dates(self) -> list[str]:
        """The dates of the horizon (``"YYYY-MM-DD"``), in order."""
    @property
    def totals(self) -> dict[str, Any]:
        """Figures for the whole week: ``visits``, ``served``, ``unassigned``, ``driving_min``,
        ``distance_km``, ``working_min``, ``driving_share`` (0-1), ``overtime_min``,
        ``mean_carers_per_patient`` (over patients visited), ``working_spread_min`` (per role,
        most minus least worked)."""
    @property
    def check(self) -> dict[str, Any]:
        """``{"valid": bool, "violations": [str]}``: every day accepted by the day checker,
        every occurrence once, spacing kept."""
    @property
    def search(self) -> dict[str, Any]:
        """How the search went: ``iterations``, ``elapsed_seconds``, ``threads``, ``stop``."""
    def day(self, date: str) -> Plan:
        """The plan of one day, as :func:`plan` gives it (``geojson()`` included when the week
        was planned on a road network; :meth:`Plan.replan` re-plans that day alone).

        :raises ValueError: ``date`` is not a day of the week."""
    def replan(
        self,
        at: str,
        events: list[dict[str, Any]] | dict[str, Any] | None = None,
        *,
        tolerance_min: float = 15.0,
        from_scratch: bool = False,
        time_limit: float | None = None,
        iterations: int | None = None,
        threads: int | None = None,
        seed: int = 1,
    ) -> WeekPlan:
        """Re-plans the week while it runs, as ``tournee plan-week --replan``: ``at`` is
        ``"YYYY-MM-DD HH:MM"``; the days before are kept, that day is re-planned from that
        time as :meth:`Plan.replan` does, and each later day an event touches (a
        ``carer_absent`` holds for the rest of the week; ``visit_cancelled`` and
        ``duration_changed`` go to the day that has the visit) is re-planned whole, keeping
        its announcements. Flexible visits stay on their days. ``time_limit`` is per day
        re-planned (default 4 s). The result's :meth:`changes` lists what changed.

        :raises PlanInputError: a date not in the week, an event naming an unknown carer or
            visit (``.item`` names it).
        :raises ValueError: ``at`` without a date."""
    def changes(self) -> pd.DataFrame:
        """After :meth:`replan`: what changed as a ``pandas.DataFrame``: ``date, visit,
        patient, old_carer, old_start, new_carer, new_start, reason`` (empty for a week planned
        once).

        :raises ImportError: pandas is not installed."""
    def changes_csv(self) -> str:
        """The changes as CSV text (``changes.csv`` of ``tournee plan-week --replan``)."""
    def to_dict(self) -> dict[str, Any]:
        """The whole week as a dict (``week.json``): ``name``, ``days`` (``date``, ``plan``),
        ``totals``, ``carers``, ``patients``, ``unassigned``, ``check``, ``search``."""
    def to_json(self) -> str:
        """The week as pretty-printed JSON (``week.json`` of ``tournee plan-week``)."""
    def summary(self) -> str:
        """The summary ``tournee plan-week`` prints: per day, per carer, spreads, continuity."""
    def calendar_csv(self) -> str:
        """The carer × day calendar as CSV text (``calendar.csv``)."""
    def calendar(self) -> pd.DataFrame:
        """The carer × day calendar as a ``pandas.DataFrame`` (text cells)."""
    def carers(self) -> pd.DataFrame:
        """One row per carer per day worked (``pandas.DataFrame``): ``carer``, ``role``,
        ``date``, ``leave``, ``back``, ``visits``, ``working_min``, ``driving_min``."""
    def patients(self) -> pd.DataFrame:
        """One row per patient (``pandas.DataFrame``): ``patient``, ``visits`` served,
        ``n_carers`` distinct carers, ``carers`` (list of ids)."""
    def days_table(self) -> pd.DataFrame:
        """One row per day (``pandas.DataFrame``): ``date``, ``visits``, ``served``,
        ``driving_min``, ``working_min``, ``unassigned``."""
    def unassigned(self) -> pd.DataFrame:
        """The flexible visits no day could take (``pandas.DataFrame``): ``visit``,
        ``patient``, ``days`` (allowed), ``code``, ``message``. Visits of a fixed day left out
        are in that day's :meth:`Plan.unassigned`."""

def default_week() -> dict[str, Any]:
    """The embedded example week of ``tournee plan-week`` as a dict in the JSON schema of
    ``docs/week-input.md``: 7 days, nine carers on a weekend rota (nurses, aides, a PSAD
    technician), sixty patients with recurring and flexible orders, on the generated rural
    canton that :func:`plan_week` uses when given no week."""

def read_week_csv(
    carers: str | os.PathLike[str], orders: str | os.PathLike[str], days: str | list[str]
) -> dict[str, Any]:
    """Reads a week from a coordinator's spreadsheet (``docs/week-input.md``):
    ``carers.csv`` (the day's carer columns, ``max_week_working_time_min``, and one column per
    weekday ``mon`` ... ``sun`` or date ``YYYY-MM-DD`` holding the shift ``07:00-13:00``,
    empty for a day off), ``orders.csv`` (the week's order fields, lists ``;``-separated) and
    the dates (``"2026-12-07..2026-12-13"`` or a list). Returns the week as a dict in the JSON
    schema, what :func:`plan_week` takes.

    :raises PlanInputError: a cell that does not hold what its column needs (``.file``,
        ``.line``, ``.column``).
    :raises ValueError: ``days`` is not a range or a list of dates."""

def plan_week(
    week: Mapping[str, Any] | _StrPath | None = None,
    *,
    osm: _StrPath | None = None,
    network: RoadNetwork | None = None,
    matrix: tuple[Any, Any] | dict[str, Any] | None = None,
    time_limit: float | None = None,
    iterations: int | None = None,
    threads: int | None = None,
    seed: int = 1,
    baseline: str | None = None,
) -> WeekPlan:
    """Plans a week of recurring care, like ``tournee plan-week``: expands the care orders into
    visits (on given days, or N times on days the planner chooses, spaced), and plans the days
    of flexible visits, the rounds of every day and continuity over the week as one search
    (the GIL is released).

    :param week: a dict in the JSON schema of ``docs/week-input.md``, or the path of a JSON
        file; ``None``: the example week on the generated canton.
    :param osm: an ``.osm.pbf`` extract to read the road network from.
    :param network: a prepared :class:`RoadNetwork` (instead of ``osm``). With neither (and no
        ``matrix``), the generated canton of :func:`default_week` (built once per process).
    :param matrix: ``(durations_s, distances_m)`` as 2-D arrays, or a dict with those keys;
        places are then matrix rows (``location_index``, ``start_index``, ``end_index``).
    :param time_limit: wall-time limit of the whole week's search in seconds.
    :param iterations: search iterations per thread for the whole week (a deterministic
        stop). With neither limit, 30 seconds (as the CLI).
    :param threads: cooperating search threads (default: 1 with ``iterations``, so that the
        plan is the same on any machine; all cores otherwise).
    :param seed: random seed.
    :param baseline: ``"day-by-day"`` plans the way a single-day tool must (every flexible
        visit on its first allowed day, each day alone, same total time), for comparison.
    :raises PlanInputError: a malformed week (an order whose frequency cannot fit its days, a
        date outside the horizon, an unknown carer, ...; ``.item`` names it).
    :raises ValueError: conflicting travel arguments, ``matrix`` without a week, a bad
        ``baseline``, ``threads=0``, a non-positive ``time_limit``.
    :raises TypeError: ``week`` is neither a dict nor a path.
    """
