"""tournee: road travel-time matrices and routes from OpenStreetMap extracts.

The heavy lifting is done in Rust (``tournee-roads``); this package is a thin layer over it.

>>> import tournee
>>> net = tournee.RoadNetwork.from_osm("andorra.osm.pbf")       # doctest: +SKIP
>>> durations_s, distances_m = net.matrix([(1.5211, 42.5063), (1.5983, 42.5345)])  # doctest: +SKIP
>>> net.route((1.5211, 42.5063), (1.5983, 42.5345)).to_geojson()  # doctest: +SKIP

Errors all derive from :class:`TourneeError` (except missing or unreadable files, which raise
:class:`FileNotFoundError` / :class:`OSError`):

- :class:`PbfError`: not a PBF file, a truncated or corrupted one, or no road a car may use;
- :class:`InvalidPointError`: a coordinate that is not a number or out of range (``.index``);
- :class:`SnapError`: a point too far from every road (``.index``);
- :class:`PreparedFileError`: a saved network that cannot be read;
- :class:`ProfileError`: a bad profile setting or snap radius (``.key``).

Map data © OpenStreetMap contributors (ODbL): credit OpenStreetMap wherever results are shown.
"""

from ._tournee import (
    InvalidPointError,
    PbfError,
    PreparedFileError,
    ProfileError,
    RoadNetwork,
    Route,
    Snap,
    SnapError,
    TourneeError,
    __version__,
    default_profile,
    write_osm_pbf,
)

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
