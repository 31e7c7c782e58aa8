//! Python bindings for tournee's road network: the `tournee._tournee` extension module.
//!
//! A thin layer over [`tournee_roads`]: it converts Python values to Rust ones and back, runs
//! every heavy call with the GIL released (`Python::detach`), and maps every
//! [`RoadError`] to a Python exception whose message is the error's `Display`. No routing logic
//! lives here. Panics are caught and reported as `tournee.TourneeError`, never unwound into
//! Python.
//!
//! The pure-Python package `tournee` (in `python/tournee/`) re-exports everything below and
//! carries the type stubs (`_tournee.pyi`).
#![deny(missing_docs)]

mod convert;
mod hhcrsp;
mod plan;
mod solver;
mod week;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;

use numpy::ndarray::Array2;
use numpy::{IntoPyArray, PyArray2, PyReadonlyArray2, PyUntypedArray, PyUntypedArrayMethods};
use pyo3::create_exception;
use pyo3::exceptions::{PyException, PyFileNotFoundError, PyOSError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBytes, PyDict, PyList, PyTuple};
use tournee_roads::osm::{MemberKind, OsmNode, OsmRelation, OsmWay, PbfWriter};
use tournee_roads::synthetic::{rural_network, RuralOptions};
use tournee_roads::{CarProfile, Coord, RoadError, RoadNetwork, Route, Snap};

create_exception!(
    tournee,
    TourneeError,
    PyException,
    "Base class of every error raised by tournee."
);
create_exception!(
    tournee,
    PbfError,
    TourneeError,
    "The file is not an OpenStreetMap PBF file, is truncated or corrupted, or holds no road a car may use."
);
create_exception!(
    tournee,
    InvalidPointError,
    TourneeError,
    "A coordinate is not a finite number or lies outside longitude [-180, 180] / latitude [-90, 90].\n\nThe message and the `index` attribute name the offending point (`list` says which list: `point`, `source` or `target`)."
);
create_exception!(
    tournee,
    SnapError,
    TourneeError,
    "A point is farther from every routable road than the snap radius allows.\n\nThe message and the `index` attribute name the offending point (`list` says which list: `point`, `source` or `target`)."
);
create_exception!(
    tournee,
    PreparedFileError,
    TourneeError,
    "A saved network file is not one this version can read, or is damaged."
);
create_exception!(
    tournee,
    ProfileError,
    TourneeError,
    "A profile setting (or the snap radius) is out of range or unknown, or a graph or point list is unusable.\n\nThe `key` attribute names the setting when there is one."
);

/// Maps a [`RoadError`] to the matching Python exception, with the error's `Display` as message
/// and the item it names as attributes (`path`, `index`, `list`, `key`).
fn to_py_err(py: Python<'_>, e: RoadError) -> PyErr {
    let msg = e.to_string();
    let (err, attrs): (PyErr, Vec<(&str, Py<PyAny>)>) = match &e {
        // No `errno` / `filename` attributes: `OSError.__str__` would then replace the message.
        RoadError::Io { source, .. } if source.kind() == std::io::ErrorKind::NotFound => {
            (PyFileNotFoundError::new_err(msg), vec![])
        }
        RoadError::Io { .. } => (PyOSError::new_err(msg), vec![]),
        RoadError::NotPbf { path, .. }
        | RoadError::CorruptPbf { path, .. }
        | RoadError::NoRoutableRoads { path, .. } => {
            (PbfError::new_err(msg), vec![("path", path_obj(py, path))])
        }
        RoadError::InvalidCoordinate { list, index, .. } => (
            InvalidPointError::new_err(msg),
            index_attrs(py, list, *index),
        ),
        RoadError::TooFarFromRoad { list, index, .. } => {
            (SnapError::new_err(msg), index_attrs(py, list, *index))
        }
        RoadError::InvalidPreparedFile { path, .. } => (
            PreparedFileError::new_err(msg),
            vec![("path", path_obj(py, path))],
        ),
        RoadError::InvalidProfile { key, .. } => {
            (ProfileError::new_err(msg), vec![("key", str_obj(py, key))])
        }
        RoadError::InvalidGraph(_) | RoadError::NoPoints(_) => (ProfileError::new_err(msg), vec![]),
        // `RoadError` is exhaustive today; a future variant still reaches Python as the base.
        #[allow(unreachable_patterns)]
        _ => (TourneeError::new_err(msg), vec![]),
    };
    let value = err.value(py);
    for (name, v) in attrs {
        // Attributes are a convenience: failing to set one must not hide the error itself.
        let _ = value.setattr(name, v);
    }
    err
}

fn str_obj(py: Python<'_>, s: &str) -> Py<PyAny> {
    s.into_pyobject(py).expect("str").into_any().unbind()
}

fn path_obj(py: Python<'_>, p: &std::path::Path) -> Py<PyAny> {
    str_obj(py, &p.to_string_lossy())
}

fn index_attrs(py: Python<'_>, list: &str, index: usize) -> Vec<(&'static str, Py<PyAny>)> {
    vec![
        (
            "index",
            index.into_pyobject(py).expect("int").into_any().unbind(),
        ),
        ("list", str_obj(py, list)),
    ]
}

/// Runs `f` with the GIL released, on a dedicated pool of `threads` threads when given, and turns
/// its error or any panic into a Python exception.
fn run<T: Send>(
    py: Python<'_>,
    threads: Option<usize>,
    f: impl FnOnce() -> tournee_roads::Result<T> + Send,
) -> PyResult<T> {
    let pool = match threads {
        None => None,
        Some(0) => return Err(PyValueError::new_err("threads must be at least 1")),
        Some(n) => Some(
            rayon::ThreadPoolBuilder::new()
                .num_threads(n)
                .build()
                .map_err(|e| TourneeError::new_err(format!("cannot start {n} threads: {e}")))?,
        ),
    };
    let outcome = py.detach(|| catch_unwind(AssertUnwindSafe(|| plan::in_pool(pool.as_ref(), f))));
    match outcome {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(to_py_err(py, e)),
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            Err(TourneeError::new_err(format!(
                "internal error in tournee (please report it): {what}"
            )))
        }
    }
}

/// Reads one `(lon, lat)` pair from any sequence of two numbers (tuple, list, numpy row).
fn pair(obj: &Bound<'_, PyAny>, what: &str) -> PyResult<Coord> {
    let bad = || PyTypeError::new_err(format!("{what} must be a (lon, lat) pair of numbers"));
    if obj.len().map_err(|_| bad())? != 2 {
        return Err(bad());
    }
    let lon: f64 = obj.get_item(0)?.extract().map_err(|_| bad())?;
    let lat: f64 = obj.get_item(1)?.extract().map_err(|_| bad())?;
    Ok(Coord::new(lon, lat))
}

/// Reads a list of points: an `(N, 2)` float64 array (fast path) or any iterable of pairs.
fn points(obj: &Bound<'_, PyAny>, list: &str) -> PyResult<Vec<Coord>> {
    if let Ok(arr) = obj.extract::<PyReadonlyArray2<'_, f64>>() {
        let view = arr.as_array();
        if view.ncols() != 2 {
            return Err(PyValueError::new_err(format!(
                "{list}s must have shape (N, 2) (lon, lat), got {:?}",
                view.shape()
            )));
        }
        return Ok(view
            .rows()
            .into_iter()
            .map(|r| Coord::new(r[0], r[1]))
            .collect());
    }
    if obj.is_instance_of::<pyo3::types::PyString>() {
        return Err(PyTypeError::new_err(format!(
            "{list}s must be a sequence of (lon, lat) pairs or an (N, 2) array"
        )));
    }
    obj.try_iter()
        .map_err(|_| {
            PyTypeError::new_err(format!(
                "{list}s must be a sequence of (lon, lat) pairs or an (N, 2) array"
            ))
        })?
        .enumerate()
        .map(|(i, item)| pair(&item?, &format!("{list} {i}")))
        .collect()
}

/// Whether `obj` is one point rather than a list of points.
fn is_single_point(obj: &Bound<'_, PyAny>) -> bool {
    if let Ok(arr) = obj.downcast::<PyUntypedArray>() {
        return arr.ndim() == 1;
    }
    obj.len().ok() == Some(2)
        && obj
            .get_item(0)
            .is_ok_and(|first| first.extract::<f64>().is_ok())
}

/// Converts a JSON text the Rust side wrote (a benchmark solution file) to Python objects.
fn json_to_py<'py>(py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyAny>> {
    let value: serde_json::Value =
        serde_json::from_str(text).map_err(|e| PyValueError::new_err(format!("not JSON: {e}")))?;
    convert::to_py(py, &value)
}

/// Converts a profile dict (overrides of `CarProfile` fields) to a validated profile.
fn profile_from_dict(py: Python<'_>, profile: &Bound<'_, PyAny>) -> PyResult<CarProfile> {
    if !profile.is_instance_of::<PyDict>() {
        return Err(PyTypeError::new_err(
            "profile must be a dict of CarProfile fields",
        ));
    }
    let kwargs = PyDict::new(py);
    // Sets (blocked_access, passable_barriers) become JSON lists.
    kwargs.set_item("default", py.get_type::<PyList>())?;
    let text: String = py
        .import("json")?
        .call_method("dumps", (profile,), Some(&kwargs))?
        .extract()?;
    CarProfile::from_json(&text).map_err(|e| to_py_err(py, e))
}

/// `(durations_s, distances_m)` as returned by `RoadNetwork.matrix`.
type Matrices<'py> = (Bound<'py, PyArray2<f64>>, Bound<'py, PyArray2<f64>>);

/// A road network ready for queries: the car graph of an OpenStreetMap extract, its contraction
/// hierarchy and a spatial index.
///
/// Build one with `RoadNetwork.from_osm(path)` (seconds for a region) or load a prepared one
/// with `RoadNetwork.load(path)` (fast). Queries release the GIL, so several Python threads may
/// query the same network at once.
#[pyclass(name = "RoadNetwork", module = "tournee")]
struct PyRoadNetwork {
    inner: RoadNetwork,
}

#[pymethods]
impl PyRoadNetwork {
    /// Reads an OpenStreetMap PBF extract and prepares it for queries.
    ///
    /// `profile`: overrides of the car profile's fields (see `RoadNetwork.profile()` and
    /// `tournee.default_profile()`); a given field replaces the default one whole.
    /// `threads`: how many threads to use (default: all cores).
    #[staticmethod]
    #[pyo3(signature = (path, profile = None, threads = None))]
    fn from_osm(
        py: Python<'_>,
        path: PathBuf,
        profile: Option<&Bound<'_, PyAny>>,
        threads: Option<usize>,
    ) -> PyResult<Self> {
        let profile = match profile {
            Some(p) if !p.is_none() => profile_from_dict(py, p)?,
            _ => CarProfile::default(),
        };
        let inner = run(py, threads, move || {
            RoadNetwork::from_osm_with(&path, &profile)
        })?;
        Ok(PyRoadNetwork { inner })
    }

    /// Loads a network written by `RoadNetwork.save`.
    #[staticmethod]
    fn load(py: Python<'_>, path: PathBuf) -> PyResult<Self> {
        let inner = run(py, None, move || RoadNetwork::load(&path))?;
        Ok(PyRoadNetwork { inner })
    }

    /// Writes the prepared network (graph, hierarchy, profile, snap radius) to `path`.
    fn save(&self, py: Python<'_>, path: PathBuf) -> PyResult<()> {
        run(py, None, || self.inner.save(&path))
    }

    /// The prepared network as bytes (what `save` writes), to ship it without a file.
    fn to_bytes<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyBytes>> {
        let bytes = py.detach(|| self.inner.to_prepared_bytes());
        Ok(PyBytes::new(py, &bytes))
    }

    /// A network from the bytes of `to_bytes` (or of a prepared file), checked as `load`
    /// checks a file.
    #[staticmethod]
    fn from_bytes(py: Python<'_>, data: &[u8]) -> PyResult<Self> {
        let inner = run(py, None, || RoadNetwork::from_prepared_bytes(data, "bytes"))?;
        Ok(PyRoadNetwork { inner })
    }

    /// Pickled as its prepared bytes.
    fn __reduce__<'py>(
        &self,
        py: Python<'py>,
    ) -> PyResult<(Bound<'py, PyAny>, (Bound<'py, PyBytes>,))> {
        Ok((
            py.import("tournee._pickle")?.getattr("network")?,
            (self.to_bytes(py)?,),
        ))
    }

    /// Points farther than this from every road are refused, in metres (default 1000).
    #[getter]
    fn get_snap_radius_m(&self) -> f64 {
        self.inner.snap_radius_m()
    }

    #[setter]
    fn set_snap_radius_m(&mut self, py: Python<'_>, radius_m: f64) -> PyResult<()> {
        self.inner
            .set_snap_radius_m(radius_m)
            .map_err(|e| to_py_err(py, e))
    }

    /// Road classes points are never snapped to (default motorway, motorway_link, trunk,
    /// trunk_link, ferry); set a list of classes (empty: any road).
    #[getter]
    fn get_snap_excluded(&self) -> Vec<String> {
        self.inner.snap_excluded().iter().cloned().collect()
    }

    #[setter]
    fn set_snap_excluded(&mut self, py: Python<'_>, classes: Vec<String>) -> PyResult<()> {
        self.inner
            .set_snap_excluded(&classes)
            .map_err(|e| to_py_err(py, e))
    }

    /// The road classes of the network (`highway=*` values of the profile, and `ferry`).
    #[getter]
    fn road_classes(&self) -> Vec<String> {
        self.inner.graph().class_names().to_vec()
    }

    /// Sizes and import counts: nodes, arcs, segments, road_km, shortcuts, memory_bytes and
    /// `import` (a nested dict of what the OSM import read).
    fn info<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::to_py(py, &self.inner.info())
    }

    /// The car profile the network was built with, as a dict (accepted back by `from_osm`).
    fn profile<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::to_py(py, self.inner.profile())
    }

    /// Snaps a point `(lon, lat)` to the nearest routable road, or each of a list of points
    /// (sequence of pairs or `(N, 2)` array) and returns a list.
    fn snap<'py>(
        &self,
        py: Python<'py>,
        points_or_point: &Bound<'py, PyAny>,
    ) -> PyResult<Py<PyAny>> {
        if is_single_point(points_or_point) {
            let p = pair(points_or_point, "point")?;
            let s = run(py, None, || self.inner.snap(p))?;
            Ok(Py::new(py, PySnap::new(&self.inner, s))?.into_any())
        } else {
            let pts = points(points_or_point, "point")?;
            let snaps = run(py, None, || self.inner.snap_all(&pts))?;
            let list = PyList::empty(py);
            for s in snaps {
                list.append(Py::new(py, PySnap::new(&self.inner, s))?)?;
            }
            Ok(list.into_any().unbind())
        }
    }

    /// Travel-time and distance matrices from every point to every target (default: the points
    /// themselves).
    ///
    /// Returns `(durations_s, distances_m)`: float64 arrays of shape
    /// `(len(points), len(targets))`, NaN where a target cannot be reached.
    #[pyo3(signature = (points, targets = None, threads = None))]
    fn matrix<'py>(
        &self,
        py: Python<'py>,
        points: &Bound<'py, PyAny>,
        targets: Option<&Bound<'py, PyAny>>,
        threads: Option<usize>,
    ) -> PyResult<Matrices<'py>> {
        let targets = targets.filter(|t| !t.is_none());
        let (m, rows, cols) = match targets {
            None => {
                let pts = self::points(points, "point")?;
                let n = pts.len();
                (run(py, threads, || self.inner.matrix(&pts))?, n, n)
            }
            Some(t) => {
                let src = self::points(points, "source")?;
                let dst = self::points(t, "target")?;
                let (n, k) = (src.len(), dst.len());
                let m = run(py, threads, || self.inner.matrix_between(&src, &dst))?;
                (m, n, k)
            }
        };
        let shaped = |v: Vec<f64>| {
            Array2::from_shape_vec((rows, cols), v)
                .expect("matrix has rows × cols cells")
                .into_pyarray(py)
        };
        Ok((shaped(m.durations_s_flat()), shaped(m.distances_m_flat())))
    }

    /// The fastest road path from point `a` to point `b` (each `(lon, lat)`).
    fn route(
        &self,
        py: Python<'_>,
        a: &Bound<'_, PyAny>,
        b: &Bound<'_, PyAny>,
    ) -> PyResult<PyRoute> {
        let (a, b) = (pair(a, "a")?, pair(b, "b")?);
        let inner = run(py, None, || self.inner.route(a, b))?;
        Ok(PyRoute { inner })
    }

    fn __repr__(&self) -> String {
        let i = self.inner.info();
        format!(
            "RoadNetwork(nodes={}, arcs={}, road_km={:.1}, snap_radius_m={})",
            i.nodes,
            i.arcs,
            i.road_km,
            self.inner.snap_radius_m()
        )
    }
}

/// Where a point met the road network.
#[pyclass(name = "Snap", module = "tournee", frozen)]
struct PySnap {
    /// The coordinate given, `(lon, lat)`.
    #[pyo3(get)]
    input: (f64, f64),
    /// The nearest point on a routable road, `(lon, lat)`.
    #[pyo3(get)]
    snapped: (f64, f64),
    /// Distance between the two, in metres.
    #[pyo3(get)]
    distance_m: f64,
    /// OpenStreetMap id of the way snapped to.
    #[pyo3(get)]
    way_id: i64,
    /// Class of the road snapped to (`highway=*` value, or `ferry`).
    #[pyo3(get)]
    road_class: String,
}

impl PySnap {
    fn new(net: &RoadNetwork, s: Snap) -> Self {
        PySnap {
            input: (s.input.lon, s.input.lat),
            snapped: (s.snapped.lon, s.snapped.lat),
            distance_m: s.distance_m,
            way_id: s.way_id,
            road_class: net.road_class(&s).to_string(),
        }
    }
}

#[pymethods]
impl PySnap {
    fn __repr__(&self) -> String {
        format!(
            "Snap(input=({}, {}), snapped=({:.7}, {:.7}), distance_m={:.1}, way_id={}, \
             road_class={:?})",
            self.input.0,
            self.input.1,
            self.snapped.0,
            self.snapped.1,
            self.distance_m,
            self.way_id,
            self.road_class
        )
    }
}

/// The road path between two points: time, length, geometry and the ways driven.
#[pyclass(name = "Route", module = "tournee", frozen)]
struct PyRoute {
    inner: Route,
}

#[pymethods]
impl PyRoute {
    /// Travel time in seconds (equal to the matrix cell for the same two points).
    #[getter]
    fn duration_s(&self) -> f64 {
        self.inner.duration_s
    }

    /// Length in metres.
    #[getter]
    fn distance_m(&self) -> f64 {
        self.inner.distance_m
    }

    /// The path as a float64 array of shape `(K, 2)`, columns lon, lat.
    #[getter]
    fn coordinates<'py>(&self, py: Python<'py>) -> Bound<'py, PyArray2<f64>> {
        let c = &self.inner.coordinates;
        let flat: Vec<f64> = c.iter().flat_map(|p| [p.lon, p.lat]).collect();
        Array2::from_shape_vec((c.len(), 2), flat)
            .expect("two columns")
            .into_pyarray(py)
    }

    /// OpenStreetMap ids of the ways driven, in order, consecutive repeats merged.
    #[getter]
    fn way_ids(&self) -> Vec<i64> {
        self.inner.way_ids.clone()
    }

    /// The route as a GeoJSON Feature (LineString geometry; `duration_s`, `distance_m`,
    /// `way_ids` and `attribution` properties).
    fn to_geojson<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        convert::to_py(py, &self.inner.to_geojson())
    }

    /// The GeoJSON Feature (same as `to_geojson()`), for shapely, geopandas and friends.
    #[getter]
    fn __geo_interface__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.to_geojson(py)
    }

    fn __repr__(&self) -> String {
        format!(
            "Route(duration_s={:.1}, distance_m={:.1}, points={})",
            self.inner.duration_s,
            self.inner.distance_m,
            self.inner.coordinates.len()
        )
    }
}

/// Reads the tags of a node or way: a dict of str to str, or None.
fn tags(obj: Option<Bound<'_, PyAny>>, what: &str) -> PyResult<Vec<(String, String)>> {
    let Some(obj) = obj.filter(|o| !o.is_none()) else {
        return Ok(Vec::new());
    };
    let dict = obj
        .downcast::<PyDict>()
        .map_err(|_| PyTypeError::new_err(format!("{what}: tags must be a dict of str to str")))?;
    dict.iter()
        .map(|(k, v)| {
            Ok((
                k.extract()
                    .map_err(|_| PyTypeError::new_err(format!("{what}: tag keys must be str")))?,
                v.extract()
                    .map_err(|_| PyTypeError::new_err(format!("{what}: tag values must be str")))?,
            ))
        })
        .collect()
}

/// Writes a small OpenStreetMap PBF file (for tests, examples and demos).
///
/// `nodes`: iterable of `(id, lon, lat)` or `(id, lon, lat, tags)`; `ways`: iterable of
/// `(id, [node ids], tags)`; `relations` (optional): iterable of
/// `(id, [(kind, id, role), ...], tags)` with kind `"node"`, `"way"` or `"relation"`, e.g. a
/// turn restriction; tags are dicts of str to str.
#[pyfunction]
#[pyo3(signature = (path, nodes, ways, relations = None))]
fn write_osm_pbf(
    py: Python<'_>,
    path: PathBuf,
    nodes: &Bound<'_, PyAny>,
    ways: &Bound<'_, PyAny>,
    relations: Option<&Bound<'_, PyAny>>,
) -> PyResult<()> {
    let mut w = PbfWriter::default();
    for (i, item) in nodes.try_iter()?.enumerate() {
        let item = item?;
        let what = format!("node {i}");
        let t = item
            .downcast::<PyTuple>()
            .ok()
            .filter(|t| matches!(t.len(), 3 | 4))
            .ok_or_else(|| {
                PyTypeError::new_err(format!(
                    "{what} must be a tuple (id, lon, lat) or (id, lon, lat, tags)"
                ))
            })?;
        w.nodes.push(OsmNode {
            id: t.get_item(0)?.extract()?,
            lon: t.get_item(1)?.extract()?,
            lat: t.get_item(2)?.extract()?,
            tags: tags(t.get_item(3).ok(), &what)?,
        });
    }
    for (i, item) in ways.try_iter()?.enumerate() {
        let item = item?;
        let what = format!("way {i}");
        let t = item
            .downcast::<PyTuple>()
            .ok()
            .filter(|t| matches!(t.len(), 2 | 3))
            .ok_or_else(|| {
                PyTypeError::new_err(format!("{what} must be a tuple (id, [node ids], tags)"))
            })?;
        w.ways.push(OsmWay {
            id: t.get_item(0)?.extract()?,
            nodes: t.get_item(1)?.extract()?,
            tags: tags(t.get_item(2).ok(), &what)?,
        });
    }
    for (i, item) in relations
        .filter(|r| !r.is_none())
        .map(|r| r.try_iter())
        .transpose()?
        .into_iter()
        .flatten()
        .enumerate()
    {
        let item = item?;
        let what = format!("relation {i}");
        let t = item
            .downcast::<PyTuple>()
            .ok()
            .filter(|t| matches!(t.len(), 2 | 3))
            .ok_or_else(|| {
                PyTypeError::new_err(format!(
                    "{what} must be a tuple (id, [(kind, id, role), ...], tags)"
                ))
            })?;
        let mut members = Vec::new();
        for (k, m) in t.get_item(1)?.try_iter()?.enumerate() {
            let (kind, id, role): (String, i64, String) = m?.extract().map_err(|_| {
                PyTypeError::new_err(format!(
                    "{what}, member {k}: must be a tuple (kind, id, role)"
                ))
            })?;
            let kind = match kind.as_str() {
                "node" | "n" => MemberKind::Node,
                "way" | "w" => MemberKind::Way,
                "relation" | "r" => MemberKind::Relation,
                other => {
                    return Err(PyValueError::new_err(format!(
                    "{what}, member {k}: kind {other:?} is not \"node\", \"way\" or \"relation\""
                )))
                }
            };
            members.push((kind, id, role));
        }
        w.relations.push(OsmRelation {
            id: t.get_item(0)?.extract()?,
            members,
            tags: tags(t.get_item(2).ok(), &what)?,
        });
    }
    run(py, None, || w.write(&path))
}

/// Writes the generated rural map (villages, lanes and the roads between them) as an OSM PBF
/// file and returns its villages as `[{"name", "lon", "lat"}, ...]`. Deterministic per seed.
#[pyfunction]
#[pyo3(
    signature = (path, seed = 7, grid = 4, spacing_km = 6.0, origin = (2.55, 45.05)),
    text_signature = "(path, seed=7, grid=4, spacing_km=6.0, origin=(2.55, 45.05))"
)]
fn write_rural_network<'py>(
    py: Python<'py>,
    path: PathBuf,
    seed: u64,
    grid: usize,
    spacing_km: f64,
    origin: (f64, f64),
) -> PyResult<Bound<'py, PyList>> {
    if !((2..=40).contains(&grid) && spacing_km.is_finite() && spacing_km > 0.0) {
        return Err(PyValueError::new_err(format!(
            "grid must lie in [2, 40] and spacing_km be positive (got grid={grid}, spacing_km={spacing_km})"
        )));
    }
    Coord::new(origin.0, origin.1)
        .validate(0)
        .map_err(|e| to_py_err(py, e))?;
    let options = RuralOptions {
        seed,
        grid,
        spacing_km,
        origin: Coord::new(origin.0, origin.1),
    };
    let map = run(py, None, || {
        let map = rural_network(&options);
        map.osm.write(&path).map(|_| map)
    })?;
    let villages = PyList::empty(py);
    for v in &map.villages {
        let d = PyDict::new(py);
        d.set_item("name", &v.name)?;
        d.set_item("lon", v.centre.lon)?;
        d.set_item("lat", v.centre.lat)?;
        villages.append(d)?;
    }
    Ok(villages)
}

/// The default car profile as a dict (a starting point for `RoadNetwork.from_osm(profile=...)`).
#[pyfunction]
fn default_profile(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    convert::to_py(py, &CarProfile::default())
}

/// tournee's road network (OpenStreetMap extracts to travel-time matrices and routes) and its
/// vehicle-routing solver.
#[pymodule]
fn _tournee(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    m.add_class::<PyRoadNetwork>()?;
    m.add_class::<PySnap>()?;
    m.add_class::<PyRoute>()?;
    m.add_function(wrap_pyfunction!(write_osm_pbf, m)?)?;
    m.add_function(wrap_pyfunction!(write_rural_network, m)?)?;
    m.add_function(wrap_pyfunction!(default_profile, m)?)?;
    m.add("TourneeError", py.get_type::<TourneeError>())?;
    m.add("PbfError", py.get_type::<PbfError>())?;
    m.add("InvalidPointError", py.get_type::<InvalidPointError>())?;
    m.add("SnapError", py.get_type::<SnapError>())?;
    m.add("PreparedFileError", py.get_type::<PreparedFileError>())?;
    m.add("ProfileError", py.get_type::<ProfileError>())?;
    solver::register(m)?;
    hhcrsp::register(m)?;
    plan::register(m)?;
    week::register(m)?;
    Ok(())
}
