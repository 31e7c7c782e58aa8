//! Bindings for `tournee plan` (the `tournee::plan` domain layer): `Day`, `plan`, `Plan`,
//! `default_day` and the `PlanInputError` exception.
//!
//! Same rules as the rest of the extension: a thin conversion layer, planning runs with the
//! GIL released, panics become `tournee.TourneeError`, and every Rust error reaches Python with
//! its `Display` as the message. Dicts and pandas frames are converted cell by cell into the
//! Rust day (`tournee/_convert.py` reads numpy, pandas and datetime values; errors name the
//! path or the frame, row and column); tables come back as typed `pandas.DataFrame`s built by
//! `tournee/_tables.py`; pandas is imported lazily.

use std::path::PathBuf;
use std::sync::Arc;

use pyo3::create_exception;
use pyo3::exceptions::{PyFileNotFoundError, PyImportError, PyOSError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::PyDict;
use serde_json::Value;
use tournee::plan::{
    carer_colour, changes_csv, default_day as rust_default_day, default_map, plan_day, plan_html,
    plan_on_matrix, routes_geojson, routes_geojson_straight, schedule_csv, schedule_rows, summary,
    Day, Events, Plan, PlanError, Replan, ReplanDay, ReplanOptions, Travel, TravelInput,
};
use tournee_roads::RoadNetwork;
use tournee_solver::care::{CareError, CareOptions};

use crate::convert::{frame_arg, from_py};
use crate::solver::{detach_catch, detach_search, obj, with_attrs, ProblemError_};
use crate::{run, PyRoadNetwork, TourneeError};

create_exception!(
    tournee,
    PlanInputError,
    TourneeError,
    "The day to plan is malformed: a bad time or window, a duplicate id, an unknown carer or visit, a place off the map, a CSV cell that does not hold what its column needs, ...\n\nThe message names the item; attributes give it when known: `item`, `field`, and for CSV errors `file`, `line`, `column`."
);

/// Search time of `plan` when neither a time nor an iteration limit is given (as the CLI).
const DEFAULT_TIME_LIMIT: f64 = 10.0;

/// Default wall-time limit of `Plan.replan` (seconds), as `tournee replan`.
pub(crate) const REPLAN_TIME_LIMIT: f64 = 4.0;

/// The item a [`CareError`] names, when it names one.
fn care_item(e: &CareError) -> Option<String> {
    match e {
        CareError::PlaceOutOfRange { item, .. }
        | CareError::BadNumber { item, .. }
        | CareError::BadWindow { item, .. }
        | CareError::LoadDimensions { item, .. } => Some(item.clone()),
        CareError::UnknownCarer { visit, .. } => Some(format!("visit {visit}")),
        CareError::BadLink { index, .. } => Some(format!("link {index}")),
        _ => None,
    }
}

/// Maps a [`PlanError`] to a Python exception: I/O errors to `FileNotFoundError` / `OSError`,
/// the care engine's refusals to `tournee.ProblemError`, everything else to
/// `tournee.PlanInputError`; the message is the error's `Display`, the item it names goes to
/// attributes.
pub(crate) fn plan_err(py: Python<'_>, e: PlanError) -> PyErr {
    let msg = e.to_string();
    let s = |v: &str| obj(py, v);
    let (err, attrs): (PyErr, Vec<(&str, Py<PyAny>)>) = match &e {
        // No `errno` / `filename` attributes: `OSError.__str__` would then replace the message.
        PlanError::Io { source, .. } if source.kind() == std::io::ErrorKind::NotFound => {
            (PyFileNotFoundError::new_err(msg), vec![])
        }
        PlanError::Io { .. } => (PyOSError::new_err(msg), vec![]),
        PlanError::Engine { source, .. } => (
            ProblemError_::new_err(msg),
            care_item(source)
                .map(|item| vec![("item", s(&item))])
                .unwrap_or_default(),
        ),
        PlanError::Json { path, .. } => (PlanInputError::new_err(msg), vec![("file", s(path))]),
        PlanError::Frame {
            frame, row, column, ..
        } => (
            PlanInputError::new_err(msg),
            vec![
                ("frame", s(frame)),
                ("row", obj(py, *row)),
                ("column", s(column)),
            ],
        ),
        PlanError::Csv {
            file, line, column, ..
        } => (
            PlanInputError::new_err(msg),
            vec![
                ("file", s(file)),
                ("line", obj(py, *line)),
                ("column", s(column)),
            ],
        ),
        PlanError::BadTime { item, field, .. }
        | PlanError::BadWindow { item, field, .. }
        | PlanError::BadNumber { item, field, .. } => (
            PlanInputError::new_err(msg),
            vec![("item", s(item)), ("field", s(field))],
        ),
        PlanError::EmptyId { kind, index } => (
            PlanInputError::new_err(msg),
            vec![("item", s(&format!("{kind} number {index}")))],
        ),
        PlanError::DuplicateId { kind, id } => (
            PlanInputError::new_err(msg),
            vec![("item", s(&format!("{kind} {id}")))],
        ),
        PlanError::UnknownCarer { visit, field, .. } => (
            PlanInputError::new_err(msg),
            vec![("item", s(&format!("visit {visit}"))), ("field", s(field))],
        ),
        PlanError::UnknownVisit { index, .. } | PlanError::BadLink { index, .. } => (
            PlanInputError::new_err(msg),
            vec![("item", s(&format!("link {index}")))],
        ),
        PlanError::OutsideMap { item, .. }
        | PlanError::BadPlace { item, .. }
        | PlanError::IndexOutOfRange { item, .. } => {
            (PlanInputError::new_err(msg), vec![("item", s(item))])
        }
        PlanError::BadMatrix { path, .. } => {
            (PlanInputError::new_err(msg), vec![("file", s(path))])
        }
        PlanError::BadShipment { index, .. } => (
            PlanInputError::new_err(msg),
            vec![("item", s(&format!("shipment {index}")))],
        ),
        PlanError::Unreachable { from, .. } => {
            (PlanInputError::new_err(msg), vec![("item", s(from))])
        }
        PlanError::BadWeek { item, .. } | PlanError::BadReplan { item, .. } => {
            (PlanInputError::new_err(msg), vec![("item", s(item))])
        }
        // `NoCarer`, and any future variant: still a bad day, attribute-less.
        #[allow(unreachable_patterns)]
        _ => (PlanInputError::new_err(msg), vec![]),
    };
    with_attrs(py, err, attrs)
}

pub(crate) use crate::convert::to_py;

/// `import pandas`, with a message saying what needs it when pandas is missing.
pub(crate) fn pandas<'py>(py: Python<'py>, what: &str) -> PyResult<Bound<'py, PyModule>> {
    py.import("pandas").map_err(|e| {
        if e.is_instance_of::<PyImportError>(py) {
            let err = PyImportError::new_err(format!(
                "{what} needs pandas, which is not installed (pip install pandas)"
            ));
            err.set_cause(py, Some(e));
            err
        } else {
            e
        }
    })
}

/// A `pandas.DataFrame` with `columns`, one row per value of `rows` (its fields of those
/// names), each column typed from its values (`tournee._tables.records`).
pub(crate) fn data_frame<'py>(
    py: Python<'py>,
    what: &str,
    columns: &[&str],
    rows: Vec<Value>,
) -> PyResult<Bound<'py, PyAny>> {
    tables(py, "records")?.call1((to_py(py, &rows)?, columns.to_vec(), what))
}

/// One day of home-care rounds to plan: carers, visits and the links between visits.
///
/// Build one from a dict or JSON (the schema of `docs/plan-input.md`), from CSV text or files,
/// or from pandas DataFrames with the CSV columns.
#[pyclass(name = "Day", module = "tournee", frozen, eq)]
#[derive(Clone, PartialEq)]
pub(crate) struct PyDay {
    inner: Day,
}

impl PyDay {
    fn wrap(py: Python<'_>, day: Result<Day, PlanError>) -> PyResult<Self> {
        day.map(|inner| PyDay { inner })
            .map_err(|e| plan_err(py, e))
    }
}

#[pymethods]
impl PyDay {
    /// Parses a day from JSON text.
    #[staticmethod]
    fn from_json(py: Python<'_>, text: &str) -> PyResult<Self> {
        Self::wrap(py, Day::from_json(text))
    }

    /// Reads a day from a dict in the JSON schema. Values may be numpy scalars or arrays,
    /// pandas' missing values (`None`), `datetime.time` / `Timestamp` for times of day and
    /// `Timedelta` for durations (`*_min` keys) or times since midnight.
    #[staticmethod]
    fn from_dict(py: Python<'_>, data: &Bound<'_, PyAny>) -> PyResult<Self> {
        Ok(PyDay {
            inner: from_py(py, data, "day")?,
        })
    }

    /// Reads a JSON day file.
    #[staticmethod]
    fn read_json(py: Python<'_>, path: PathBuf) -> PyResult<Self> {
        Self::wrap(py, Day::read_json(&path))
    }

    /// Parses a day from the text of `visits.csv`, `carers.csv` and, optionally, `links.csv`
    /// and `shipments.csv`.
    #[staticmethod]
    #[pyo3(signature = (visits, carers, links = None, shipments = None))]
    fn from_csv(
        py: Python<'_>,
        visits: &str,
        carers: &str,
        links: Option<&str>,
        shipments: Option<&str>,
    ) -> PyResult<Self> {
        Self::wrap(py, Day::from_csv(visits, carers, links, shipments))
    }

    /// Reads a day from CSV files.
    #[staticmethod]
    #[pyo3(signature = (visits, carers, links = None, shipments = None))]
    fn read_csv(
        py: Python<'_>,
        visits: PathBuf,
        carers: PathBuf,
        links: Option<PathBuf>,
        shipments: Option<PathBuf>,
    ) -> PyResult<Self> {
        Self::wrap(
            py,
            Day::read_csv(&visits, &carers, links.as_deref(), shipments.as_deref()),
        )
    }

    /// Builds a day from pandas DataFrames with the columns of the CSV files (cells converted
    /// directly: numpy and pandas values, `datetime.time` / `Timestamp` for times, `Timedelta`
    /// for durations in `*_min` columns or times since midnight; a `Timestamp` must fall on
    /// `date` when it is given). Errors name the frame, the row (0 = the first) and the column.
    #[staticmethod]
    #[pyo3(signature = (visits, carers, links = None, shipments = None, *, date = None))]
    fn from_frames(
        py: Python<'_>,
        visits: &Bound<'_, PyAny>,
        carers: &Bound<'_, PyAny>,
        links: Option<&Bound<'_, PyAny>>,
        shipments: Option<&Bound<'_, PyAny>>,
        date: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let frame = |f: &Bound<'_, PyAny>, what: &str| frame_arg(py, f, what, date);
        let optional = |f: Option<&Bound<'_, PyAny>>, what: &str| {
            f.filter(|f| !f.is_none())
                .map(|f| frame(f, what))
                .transpose()
        };
        let v = frame(visits, "visits")?;
        let c = frame(carers, "carers")?;
        let l = optional(links, "links")?;
        let s = optional(shipments, "shipments")?;
        Self::wrap(py, Day::from_frames(&v, &c, l.as_ref(), s.as_ref()))
    }

    /// The day as a dict in the JSON schema (accepted back by `from_dict`).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner)
    }

    /// The day as pretty-printed JSON.
    fn to_json(&self) -> String {
        self.inner.to_json()
    }

    /// The day as CSV text: `{"visits": ..., "carers": ..., "links": ...}`.
    fn to_csv<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let csv = self.inner.to_csv();
        let d = PyDict::new(py);
        d.set_item("visits", csv.visits)?;
        d.set_item("carers", csv.carers)?;
        d.set_item("links", csv.links)?;
        d.set_item("shipments", csv.shipments)?;
        Ok(d)
    }

    /// Checks everything that does not need the map.
    fn validate(&self, py: Python<'_>) -> PyResult<()> {
        self.inner.validate().map_err(|e| plan_err(py, e))
    }

    /// The day's name, if it has one.
    #[getter]
    fn name(&self) -> Option<String> {
        self.inner.name.clone()
    }

    /// Pickled as its JSON.
    fn __reduce__<'py>(&self, py: Python<'py>) -> PyResult<(Bound<'py, PyAny>, (String,))> {
        Ok((pickle_fn(py, "day")?, (self.inner.to_json(),)))
    }

    /// The day as an HTML table for notebooks: carers, visits, links and shipments.
    fn _repr_html_(&self, py: Python<'_>) -> PyResult<String> {
        tables(py, "day_html")?
            .call1((to_py(py, &self.inner)?,))?
            .extract()
    }

    fn __repr__(&self) -> String {
        format!(
            "Day(name={:?}, carers={}, visits={}, links={})",
            self.inner.name.as_deref().unwrap_or(""),
            self.inner.carers.len(),
            self.inner.visits.len(),
            self.inner.links.len()
        )
    }
}

/// A `Day` or a dict in the JSON schema.
fn day_arg(py: Python<'_>, day: &Bound<'_, PyAny>) -> PyResult<Day> {
    if let Ok(d) = day.downcast::<PyDay>() {
        return Ok(d.get().inner.clone());
    }
    if day.downcast::<pyo3::types::PyMapping>().is_ok() {
        return Ok(PyDay::from_dict(py, day)?.inner);
    }
    Err(PyTypeError::new_err(format!(
        "day must be a tournee.Day or a dict in the JSON schema of docs/plan-input.md, got {}",
        day.get_type().name()?
    )))
}

/// The network of the generated canton the default day lies on, built once per process.
pub(crate) fn default_network(py: Python<'_>) -> PyResult<Py<PyRoadNetwork>> {
    static NET: PyOnceLock<Py<PyRoadNetwork>> = PyOnceLock::new();
    NET.get_or_try_init(py, || {
        let inner = run(py, None, || {
            let dir = tempfile::tempdir().map_err(|source| tournee_roads::RoadError::Io {
                path: std::env::temp_dir(),
                source,
            })?;
            let pbf = dir.path().join("canton.osm.pbf");
            default_map().osm.write(&pbf)?;
            RoadNetwork::from_osm(&pbf)
        })?;
        Py::new(py, PyRoadNetwork { inner })
    })
    .map(|n| n.clone_ref(py))
}

/// The embedded example day (46 visits, six carers on a generated rural canton).
#[pyfunction]
fn default_day() -> PyDay {
    PyDay {
        inner: rust_default_day(),
    }
}

/// A travel matrix given as `(durations_s, distances_m)` (2-D arrays or lists of rows, seconds
/// and metres, `[from][to]`) or as a dict with those keys (what `RoadNetwork.matrix` gives).
pub(crate) fn matrix_arg(m: &Bound<'_, PyAny>) -> PyResult<TravelInput> {
    let (d, m2) = if let Ok(dict) = m.downcast::<PyDict>() {
        let get = |k: &str| -> PyResult<Bound<'_, PyAny>> {
            dict.get_item(k)?
                .ok_or_else(|| PyValueError::new_err(format!("matrix dict has no {k:?}")))
        };
        (get("durations_s")?, get("distances_m")?)
    } else {
        let t: (Bound<'_, PyAny>, Bound<'_, PyAny>) = m.extract().map_err(|_| {
            PyTypeError::new_err(
                "matrix must be (durations_s, distances_m) or a dict with those keys",
            )
        })?;
        t
    };
    let rows = |a: &Bound<'_, PyAny>, name: &str| -> PyResult<Vec<Vec<f64>>> {
        if let Ok(arr) = a.extract::<numpy::PyReadonlyArray2<'_, f64>>() {
            return Ok(arr
                .as_array()
                .rows()
                .into_iter()
                .map(|r| r.to_vec())
                .collect());
        }
        let a = if a.hasattr("tolist")? {
            a.call_method0("tolist")?
        } else {
            a.clone()
        };
        a.extract::<Vec<Vec<f64>>>()
            .map_err(|_| PyTypeError::new_err(format!("{name}: expected a 2-D array of numbers")))
    };
    let t = TravelInput::new(rows(&d, "durations_s")?, rows(&m2, "distances_m")?);
    t.check("matrix").map_err(|e| plan_err(m.py(), e))?;
    Ok(t)
}

/// The search options of `plan`, `plan_week` and the re-plans
/// ([`tournee::plan::search_options`]: `time_limit` default `default_limit` seconds when neither
/// limit is given, `threads` default 1 with `iterations`, all cores without), with a cancel
/// token for Ctrl-C ([`detach_search`]), and the thread pool to run in when `threads` is given.
pub(crate) fn search_options(
    time_limit: Option<f64>,
    iterations: Option<u64>,
    threads: Option<usize>,
    seed: u64,
    default_limit: f64,
) -> PyResult<(CareOptions, Option<rayon::ThreadPool>)> {
    use tournee::plan::SearchOptionError as E;
    let options =
        tournee::plan::search_options(time_limit, iterations, threads, seed, default_limit)
            .map_err(|e| {
                PyValueError::new_err(match e {
                    E::TimeLimit(t) => {
                        format!("time_limit must be a positive number of seconds, got {t}")
                    }
                    E::Threads => "threads must be at least 1".to_string(),
                    E::Iterations => "iterations must be at least 1".to_string(),
                })
            })?;
    let mut options = options;
    options.cancel = Some(tournee_solver::CancelToken::new());
    let pool = match threads {
        None => None,
        Some(n) => Some(
            rayon::ThreadPoolBuilder::new()
                .num_threads(n)
                .build()
                .map_err(|e| TourneeError::new_err(format!("cannot start {n} threads: {e}")))?,
        ),
    };
    Ok((options, pool))
}

/// The token that cancels a search made with [`search_options`] (Ctrl-C, see
/// [`detach_search`]).
pub(crate) fn cancel_of(options: &CareOptions) -> tournee_solver::CancelToken {
    options
        .cancel
        .clone()
        .expect("search_options gives every search a cancel token")
}

/// Runs `f` in `pool` when one was asked for (`threads=`), else on the caller's threads.
pub(crate) fn in_pool<T: Send>(
    pool: Option<&rayon::ThreadPool>,
    f: impl FnOnce() -> T + Send,
) -> T {
    match pool {
        Some(pool) => pool.install(f),
        None => f(),
    }
}

/// The road network of `osm=` or `network=` (not both), or else the generated canton.
pub(crate) fn network_arg(
    py: Python<'_>,
    osm: Option<PathBuf>,
    network: Option<Bound<'_, PyRoadNetwork>>,
    threads: Option<usize>,
) -> PyResult<Py<PyRoadNetwork>> {
    match (osm, network) {
        (Some(_), Some(_)) => Err(PyValueError::new_err(
            "give the road network as osm= or network=, not both",
        )),
        (None, Some(n)) => Ok(n.unbind()),
        (Some(path), None) => {
            let inner = run(py, threads, move || RoadNetwork::from_osm(&path))?;
            Py::new(py, PyRoadNetwork { inner })
        }
        (None, None) => default_network(py),
    }
}

/// Plans a day of home-care rounds on a road network, or on a travel matrix.
#[pyfunction]
#[pyo3(signature = (
    day, *, osm = None, network = None, matrix = None, time_limit = None, iterations = None,
    threads = None, seed = 1
))]
#[allow(clippy::too_many_arguments)]
fn plan(
    py: Python<'_>,
    day: &Bound<'_, PyAny>,
    osm: Option<PathBuf>,
    network: Option<Bound<'_, PyRoadNetwork>>,
    matrix: Option<&Bound<'_, PyAny>>,
    time_limit: Option<f64>,
    iterations: Option<u64>,
    threads: Option<usize>,
    seed: u64,
) -> PyResult<PyPlan> {
    let day = day_arg(py, day)?;
    let (options, pool) =
        search_options(time_limit, iterations, threads, seed, DEFAULT_TIME_LIMIT)?;
    if let Some(m) = matrix.filter(|m| !m.is_none()) {
        if osm.is_some() || network.is_some() {
            return Err(PyValueError::new_err(
                "give either matrix= or a road network (osm= / network=), not both",
            ));
        }
        let travel = matrix_arg(m)?;
        let result = detach_search(py, &cancel_of(&options), || {
            in_pool(pool.as_ref(), || plan_on_matrix(&travel, &day, &options))
        })?;
        let inner = result.map_err(|e| plan_err(py, e))?;
        return Ok(PyPlan {
            inner,
            net: None,
            source: Some(Arc::new(PlanSource {
                day,
                matrix: Some(travel),
            })),
        });
    }
    // Errors in the day itself come before reading a map.
    day.validate().map_err(|e| plan_err(py, e))?;
    let net = network_arg(py, osm, network, threads)?;
    let result = {
        let guard = net.borrow(py);
        let road: &RoadNetwork = &guard.inner;
        detach_search(py, &cancel_of(&options), || {
            in_pool(pool.as_ref(), || plan_day(road, &day, &options))
        })?
    };
    let inner = result.map_err(|e| plan_err(py, e))?;
    Ok(PyPlan {
        inner,
        net: Some(net),
        source: Some(Arc::new(PlanSource { day, matrix: None })),
    })
}

/// What a plan was made from, for re-planning it.
pub(crate) struct PlanSource {
    /// The day planned.
    pub(crate) day: Day,
    /// The travel matrix, for a plan on a matrix (`None`: on the plan's road network).
    pub(crate) matrix: Option<TravelInput>,
}

/// Events given as a list of dicts, a dict `{"events": [...]}` or `None`.
pub(crate) fn events_arg(py: Python<'_>, events: Option<&Bound<'_, PyAny>>) -> PyResult<Events> {
    let Some(events) = events.filter(|e| !e.is_none()) else {
        return Ok(Events::default());
    };
    if events.downcast::<pyo3::types::PyMapping>().is_ok() {
        return from_py(py, events, "events");
    }
    let wrapped = PyDict::new(py);
    wrapped.set_item("events", events)?;
    from_py(py, wrapped.as_any(), "events")
}

/// Columns of `Replan.changes()`.
const CHANGE_COLUMNS: [&str; 7] = [
    "visit",
    "patient",
    "old_carer",
    "old_start",
    "new_carer",
    "new_start",
    "reason",
];

/// A re-planned day: the new plan (the part started before the re-plan time as it was) and
/// what changed for whom.
#[pyclass(name = "Replan", module = "tournee", frozen)]
pub(crate) struct PyReplan {
    inner: Replan,
    plan: Py<PyPlan>,
}

#[pymethods]
impl PyReplan {
    /// The new plan of the whole day.
    #[getter]
    fn plan(&self, py: Python<'_>) -> Py<PyPlan> {
        self.plan.clone_ref(py)
    }

    /// What remained to plan, as the day that was solved (each carer from where the part
    /// already done leaves them, the rest from the re-plan time).
    #[getter]
    fn day(&self) -> PyDay {
        PyDay {
            inner: self.inner.day.clone(),
        }
    }

    /// The whole day with the events applied: the day `plan` is a plan of.
    #[getter]
    fn updated_day(&self) -> PyDay {
        PyDay {
            inner: self.inner.updated_day.clone(),
        }
    }

    /// Stops kept as they were (started before the re-plan time).
    #[getter]
    fn frozen(&self) -> usize {
        self.inner.frozen
    }

    /// Announced visits whose carer or start (beyond the tolerance) changed, or left out.
    #[getter]
    fn announcements_changed(&self) -> usize {
        self.inner.announcements_changed()
    }

    /// What changed, one row per visit: visit, patient, old and new carer and start, reason.
    fn changes<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let rows = self
            .inner
            .changes
            .iter()
            .map(|c| serde_json::to_value(c).expect("change serialises"))
            .collect();
        data_frame(py, "Replan.changes()", &CHANGE_COLUMNS, rows)
    }

    /// The changes as a list of dicts.
    fn changes_list<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner.changes)
    }

    /// The changes as CSV text (`changes.csv`).
    fn changes_csv(&self) -> String {
        changes_csv(&self.inner.changes)
    }

    fn __repr__(&self) -> String {
        let t = &self.inner.plan.totals;
        format!(
            "Replan(frozen={}, announcements_changed={}, served={}/{}, driving_min={})",
            self.inner.frozen,
            self.inner.announcements_changed(),
            t.served,
            t.visits,
            t.driving_min
        )
    }
}

/// A function of `tournee._pickle` (rebuilding pickled objects).
pub(crate) fn pickle_fn<'py>(py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyAny>> {
    py.import("tournee._pickle")?.getattr(name)
}

/// A travel matrix as JSON text (to pickle it).
pub(crate) fn matrix_json(m: &TravelInput) -> String {
    serde_json::to_string(m).expect("a matrix serialises")
}

/// A travel matrix from `matrix_json`'s text.
pub(crate) fn matrix_from_json(py: Python<'_>, text: &str) -> PyResult<TravelInput> {
    serde_json::from_str(text).map_err(|e| {
        plan_err(
            py,
            PlanError::Json {
                path: "matrix".into(),
                detail: e.to_string(),
            },
        )
    })
}

/// A function of `tournee._tables` (the DataFrames with their dtypes).
pub(crate) fn tables<'py>(py: Python<'py>, name: &str) -> PyResult<Bound<'py, PyAny>> {
    py.import("tournee._tables")?.getattr(name)
}

/// A planned day: per carer the ordered stops, totals, the visits left out and why.
#[pyclass(name = "Plan", module = "tournee", frozen)]
pub(crate) struct PyPlan {
    pub(crate) inner: Plan,
    /// The network the plan was made on, for the routes along the roads (`None` for a plan
    /// on a matrix).
    pub(crate) net: Option<Py<PyRoadNetwork>>,
    /// The day and matrix the plan was made from (for `replan`).
    pub(crate) source: Option<Arc<PlanSource>>,
}

impl PyPlan {
    /// The day this plan was made from as a dict, or `None` (a plan read from JSON alone).
    fn source_day<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        match &self.source {
            Some(s) => to_py(py, &s.day),
            None => Ok(py.None().into_bound(py)),
        }
    }
}

#[pymethods]
impl PyPlan {
    /// Every hard rule holds.
    #[getter]
    fn feasible(&self) -> bool {
        self.inner.feasible
    }

    /// The search was stopped before its limit (a cancelled search, or Ctrl-C in the
    /// command line): this is the best plan found until then.
    #[getter]
    fn interrupted(&self) -> bool {
        self.inner.interrupted
    }

    /// The day's name, if it has one.
    #[getter]
    fn name(&self) -> Option<String> {
        self.inner.name.clone()
    }

    /// The engine's cost and its parts (seconds and metres).
    #[getter]
    fn cost<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner.cost)
    }

    /// Figures for the whole day.
    #[getter]
    fn totals<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner.totals)
    }

    /// How the search went.
    #[getter]
    fn search<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner.search)
    }

    /// The whole plan as a dict (the content of `plan.json`).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner)
    }

    /// The plan as pretty-printed JSON (`plan.json`).
    fn to_json(&self) -> String {
        self.inner.to_json()
    }

    /// The summary table `tournee plan` prints.
    fn summary(&self) -> String {
        summary(&self.inner)
    }

    /// The schedule as CSV text (`schedule.csv`).
    fn schedule_csv(&self) -> String {
        schedule_csv(&self.inner)
    }

    /// The rounds along the roads as a GeoJSON FeatureCollection (`routes.geojson`).
    fn geojson<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let value = match &self.net {
            Some(net) => {
                let guard = net.borrow(py);
                let road: &RoadNetwork = &guard.inner;
                let plan = &self.inner;
                detach_catch(py, || routes_geojson(road, plan))?.map_err(|e| plan_err(py, e))?
            }
            None => routes_geojson_straight(&self.inner).ok_or_else(|| {
                TourneeError::new_err(
                    "this plan was made on a matrix without coordinates: no map to draw",
                )
            })?,
        };
        to_py(py, &value)
    }

    /// Same as `geojson()`, for geopandas and other geo libraries.
    #[getter]
    fn __geo_interface__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.geojson(py)
    }

    /// The schedule as a DataFrame: one row per stop, with each round's start and end rows
    /// (the rows of `schedule.csv`); times as `Timedelta` since midnight, or `Timestamp` on
    /// `date`, beside their `"HH:MM"` text.
    #[pyo3(signature = (date = None))]
    fn stops<'py>(
        &self,
        py: Python<'py>,
        date: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        tables(py, "stops")?.call1((to_py(py, &schedule_rows(&self.inner))?, date))
    }

    /// One row per carer: visits, leave, back, driving time, distance, share of the working
    /// time spent driving, overtime (times as in `stops`).
    #[pyo3(signature = (date = None))]
    fn rounds<'py>(
        &self,
        py: Python<'py>,
        date: Option<&Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        tables(py, "rounds")?.call1((to_py(py, &self.inner.rounds)?, date))
    }

    /// The rounds on a folium map: one layer per carer (legs along the roads in the carer's
    /// colour, a marker per visit with patient, times and care; double-staffed visits ringed,
    /// late ones in red), the unassigned visits in grey, a layer control. `tiles` is folium's
    /// (`None`: no background, e.g. offline). Needs `pip install tournee[folium]`.
    #[pyo3(
        signature = (tiles = Some("OpenStreetMap".to_string())),
        text_signature = "(self, /, tiles='OpenStreetMap')"
    )]
    fn map<'py>(&self, py: Python<'py>, tiles: Option<String>) -> PyResult<Bound<'py, PyAny>> {
        let geojson = self.geojson(py)?;
        py.import("tournee._pictures")?.getattr("plan_map")?.call1((
            to_py(py, &self.inner)?,
            geojson,
            self.source_day(py)?,
            tiles,
        ))
    }

    /// The day as a matplotlib figure: one row per carer with travel, waiting, visits and
    /// breaks; double-staffed visits outlined, lateness in red. Draws into `ax` when given
    /// (its figure is returned). Needs `pip install tournee[matplotlib]`.
    #[pyo3(signature = (ax = None))]
    fn gantt<'py>(
        &self,
        py: Python<'py>,
        ax: Option<Bound<'py, PyAny>>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let colours: Vec<&str> = (0..self.inner.rounds.len()).map(carer_colour).collect();
        py.import("tournee._pictures")?
            .getattr("plan_gantt")?
            .call1((to_py(py, &self.inner)?, self.source_day(py)?, colours, ax))
    }

    /// The page `tournee plan` writes as `plan.html`: one self-contained HTML page (it loads
    /// nothing) with the rounds drawn on the road network, the timeline, the totals and the
    /// visits left out. Write it to a file, or show it in a notebook with
    /// `IPython.display.HTML(plan.to_html())`.
    fn to_html(&self, py: Python<'_>) -> PyResult<String> {
        let plan = &self.inner;
        let day = self.source.as_ref().map(|s| &s.day);
        match &self.net {
            Some(net) => {
                let guard = net.borrow(py);
                let road: &RoadNetwork = &guard.inner;
                let routes = detach_catch(py, || routes_geojson(road, plan))?
                    .map_err(|e| plan_err(py, e))?;
                detach_catch(py, || plan_html(plan, day, Some(&routes), Some(road)))
            }
            None => {
                let routes = routes_geojson_straight(plan);
                detach_catch(py, || plan_html(plan, day, routes.as_ref(), None))
            }
        }
    }

    /// The visits left out: visit, patient, code, message.
    fn unassigned<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        tables(py, "unassigned")?.call1((to_py(py, &self.inner.unassigned)?,))
    }

    /// Re-plans the day at `at` (`"HH:MM"`) after `events` (a list of dicts as in
    /// EVENTS.json: `carer_absent`, `visit_added`, `visit_cancelled`, `duration_changed`,
    /// `carer_delayed`): every stop started before `at` stays as it was, the rest is planned
    /// again keeping what was announced (carer, start within `tolerance_min`) unless
    /// `from_scratch`.
    #[pyo3(signature = (
        at, events = None, *, tolerance_min = 15.0, from_scratch = false, time_limit = None,
        iterations = None, threads = None, seed = 1
    ))]
    #[allow(clippy::too_many_arguments)]
    fn replan(
        &self,
        py: Python<'_>,
        at: &str,
        events: Option<&Bound<'_, PyAny>>,
        tolerance_min: f64,
        from_scratch: bool,
        time_limit: Option<f64>,
        iterations: Option<u64>,
        threads: Option<usize>,
        seed: u64,
    ) -> PyResult<PyReplan> {
        let source = self.source.clone().ok_or_else(|| {
            TourneeError::new_err(
                "this plan does not carry the day it was made for (plans from tournee.plan do)",
            )
        })?;
        let events = events_arg(py, events)?;
        let (options, pool) =
            search_options(time_limit, iterations, threads, seed, REPLAN_TIME_LIMIT)?;
        let replan_options = ReplanOptions {
            tolerance_min,
            keep_announcements: !from_scratch,
        };
        let re = ReplanDay::new(&source.day, &self.inner, at, &events, &replan_options)
            .map_err(|e| plan_err(py, e))?;
        let old = &self.inner;
        let guard = self.net.as_ref().map(|n| n.borrow(py));
        let travel = match (&source.matrix, &guard) {
            (Some(matrix), _) => Travel::Matrix(matrix),
            (None, Some(net)) => Travel::Network(&net.inner),
            (None, None) => {
                return Err(TourneeError::new_err(
                    "this plan has neither its matrix nor its road network",
                ))
            }
        };
        let result = detach_search(py, &cancel_of(&options), || {
            in_pool(pool.as_ref(), || {
                let built = travel.build(&re.day)?;
                let new = built.solve(&re.day, &options)?;
                re.finish(old, new, &built)
            })
        })?;
        let replan = result.map_err(|e| plan_err(py, e))?;
        let plan = Py::new(
            py,
            PyPlan {
                inner: replan.plan.clone(),
                net: self.net.as_ref().map(|n| n.clone_ref(py)),
                source: Some(Arc::new(PlanSource {
                    day: replan.updated_day.clone(),
                    matrix: source.matrix.clone(),
                })),
            },
        )?;
        Ok(PyReplan {
            inner: replan,
            plan,
        })
    }

    /// Pickled as its JSON, its network and what it was planned from (so that a plan
    /// unpickled in another process still re-plans and draws along the roads).
    #[allow(clippy::type_complexity)]
    fn __reduce__<'py>(
        &self,
        py: Python<'py>,
    ) -> PyResult<(
        Bound<'py, PyAny>,
        (
            String,
            Option<Py<PyRoadNetwork>>,
            Option<String>,
            Option<String>,
        ),
    )> {
        let (day, matrix) = match &self.source {
            Some(s) => (Some(s.day.to_json()), s.matrix.as_ref().map(matrix_json)),
            None => (None, None),
        };
        Ok((
            pickle_fn(py, "plan")?,
            (
                self.inner.to_json(),
                self.net.as_ref().map(|n| n.clone_ref(py)),
                day,
                matrix,
            ),
        ))
    }

    /// Rebuilds a pickled plan (see `__reduce__`).
    #[staticmethod]
    fn _restore(
        py: Python<'_>,
        text: &str,
        net: Option<Py<PyRoadNetwork>>,
        day: Option<&str>,
        matrix: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let inner = Plan::from_json(text).map_err(|e| plan_err(py, e))?;
        // The matrix as its JSON (from a pickle) or as given to `plan(matrix=)` (plan_many
        // re-attaches the caller's matrix to plans made on Dask workers).
        let matrix = match matrix.filter(|m| !m.is_none()) {
            None => None,
            Some(m) => Some(match m.extract::<String>() {
                Ok(text) => matrix_from_json(py, &text)?,
                Err(_) => matrix_arg(m)?,
            }),
        };
        let source = match day {
            Some(day) => Some(Arc::new(PlanSource {
                day: Day::from_json(day).map_err(|e| plan_err(py, e))?,
                matrix,
            })),
            None => None,
        };
        Ok(PyPlan { inner, net, source })
    }

    /// The summary table for notebooks: the day's totals and one row per carer.
    fn _repr_html_(&self, py: Python<'_>) -> PyResult<String> {
        tables(py, "plan_html")?
            .call1((to_py(py, &self.inner)?,))?
            .extract()
    }

    fn __repr__(&self) -> String {
        let t = &self.inner.totals;
        format!(
            "Plan(feasible={}, served={}/{}, driving_min={}, distance_km={})",
            if self.inner.feasible { "True" } else { "False" },
            t.served,
            t.visits,
            t.driving_min,
            t.distance_km
        )
    }
}

/// Registers the planning functions, classes and exception.
pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add_class::<PyDay>()?;
    m.add_class::<PyPlan>()?;
    m.add_class::<PyReplan>()?;
    m.add_function(wrap_pyfunction!(plan, m)?)?;
    m.add_function(wrap_pyfunction!(default_day, m)?)?;
    m.add("PlanInputError", py.get_type::<PlanInputError>())?;
    Ok(())
}
