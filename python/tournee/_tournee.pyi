"""Type stubs for the ``tournee._tournee`` extension module (Rust, pyo3)."""

import os
from collections.abc import Iterable, Sequence
from typing import Any, final, overload

import numpy as np
import numpy.typing as npt
from typing_extensions import TypeAlias

__all__ = [
    "InvalidPointError",
    "PbfError",
    "PreparedFileError",
    "ProfileError",
    "RoadNetwork",
    "Route",
    "Snap",
    "SnapError",
    "TourneeError",
    "__version__",
    "default_profile",
    "write_osm_pbf",
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
    @property
    def snap_radius_m(self) -> float:
        """_Points farther than this from every road are refused, in metres (default 1000).

        Setting a value that is not finite and above 0 raises :class:`ProfileError`.
        """
    @snap_radius_m.setter
    def snap_radius_m(self, radius_m: float) -> None: ...
    def info(self) -> dict[str, Any]:
        """Sizes and import counts: ``nodes``, ``arcs``, ``segments``, ``road_km``,
        ``shortcuts``, ``memory_bytes`` and ``import`` (a dict of what the OSM import read)."""
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
) -> None:
    """Writes a small OpenStreetMap PBF file (for tests, examples and demos).

    :param nodes: ``(id, lon, lat)`` or ``(id, lon, lat, tags)`` tuples.
    :param ways: ``(id, [node ids], tags)`` tuples, e.g.
        ``(10, [1, 2, 3], {"highway": "residential"})``.
    :raises OSError: the file cannot be written.
    """

def default_profile() -> dict[str, Any]:
    """The default car profile (France) as a dict: a starting point for
    ``RoadNetwork.from_osm(path, profile=...)``."""
