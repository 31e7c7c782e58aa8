//! Python bindings for the vehicle-routing solver ([`tournee_solver`]): `solve`, `read_solomon`,
//! `solve_solomon` and the result classes.
//!
//! Same rules as the road-network bindings: a thin conversion layer, every solve runs with the
//! GIL released (`Python::detach`), panics become `tournee.TourneeError`, and every Rust error
//! reaches Python with its `Display` as the message. Validation of the problem itself is left to
//! [`Problem::validate`](tournee_solver::Problem::validate); this layer only checks what cannot
//! be represented in the Rust model (types, unknown keys, non-integer matrix cells).

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use numpy::ndarray::Array2;
use numpy::{IntoPyArray, PyReadonlyArray2, PyUntypedArray};
use pyo3::create_exception;
use pyo3::exceptions::{PyFileNotFoundError, PyOSError, PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::{PyBool, PyBytes, PyDict, PyList, PyMapping, PyString, PyTuple};
use pyo3::BoundObject;
use tournee_solver::bench::{solve_instance_file, BenchError};
use tournee_solver::io::solomon::{read_solomon as read_solomon_file, ReadError, Rounding};
use tournee_solver::{
    Announced, BreakStop, CancelToken, Job, JobKind, Lateness, Link, LinkKind, Matrix, Objective,
    Problem, ProblemError, Profile, Progress, ProgressFn, ReloadStop, Reloads, RoutePlan, Shipment,
    Solution, SolveError, SolveOptions, StopReason, TimeWindow, UnassignedReason, VehicleBreak,
    VehicleType,
};

use super::TourneeError;

create_exception!(
    tournee,
    ProblemError_,
    TourneeError,
    "The routing problem is malformed: a bad matrix, a time window closing before it opens, a location out of range, an unknown key, ...\n\nThe message names the item; attributes give it when known: `item` (e.g. 'job 3 (\"p4\")'), `job`, `vehicle_type`, `profile`, `matrix`, `row`, `col`, `location`, `key`, `link`, `shipment`."
);
create_exception!(
    tournee,
    SolveError_,
    TourneeError,
    "The solve options are inconsistent (the problem itself is fine)."
);
create_exception!(
    tournee,
    SolomonFormatError,
    TourneeError,
    "A Solomon / Gehring-Homberger file could not be parsed.\n\n`path` and `line` (1-based, 0 when not tied to a line) locate the problem."
);

/// Default end of shifts and windows when none is given (the solver clamps times to 2**50).
const HORIZON: i64 = 1 << 50;

/// Sets attributes on an exception; failing to set one must not hide the error itself.
pub(crate) fn with_attrs(py: Python<'_>, err: PyErr, attrs: Vec<(&str, Py<PyAny>)>) -> PyErr {
    let value = err.value(py);
    for (name, v) in attrs {
        let _ = value.setattr(name, v);
    }
    err
}

/// Converts `v` to a Python object (`None` if the conversion fails).
pub(crate) fn obj<'py, T: IntoPyObject<'py>>(py: Python<'py>, v: T) -> Py<PyAny> {
    match v.into_pyobject(py) {
        Ok(o) => o.into_any().unbind(),
        Err(_) => py.None(),
    }
}

/// `job N` / `vehicle type N` indices named at the start of a Rust item string.
fn item_index_attrs(py: Python<'_>, item: &str) -> Vec<(&'static str, Py<PyAny>)> {
    let number = |rest: &str| -> Option<usize> {
        rest.split(|c: char| !c.is_ascii_digit())
            .next()
            .and_then(|n| n.parse().ok())
    };
    let mut attrs = vec![("item", obj(py, item))];
    if let Some(n) = item.strip_prefix("job ").and_then(number) {
        attrs.push(("job", obj(py, n)));
    } else if let Some(n) = item.strip_prefix("vehicle type ").and_then(number) {
        attrs.push(("vehicle_type", obj(py, n)));
    }
    attrs
}

/// The Python key holding the quantity a [`ProblemError::NegativeQuantity`] names (`what`), in
/// the record its item names.
fn quantity_key(what: &str) -> Option<&'static str> {
    Some(match what {
        "service duration" => "service",
        "priority" => "priority",
        "penalty" => "penalty",
        "demand" => "demand",
        "pickup" => "pickup",
        "lateness cost" => "late_cost",
        "unpreferred cost" => "unpreferred_cost",
        "capacity" => "capacity",
        "maximum duration" => "max_duration",
        "maximum overtime" => "max_overtime",
        "overtime cost" => "overtime_cost",
        "fixed cost" => "fixed_cost",
        "cost per time" => "cost_per_time",
        "cost per travel time" => "cost_per_travel_time",
        "cost per distance" => "cost_per_distance",
        "reload duration" => "reloads",
        "duration" => "duration",
        "max lateness cost" => "max_lateness_cost",
        _ => return None,
    })
}

/// Maps a [`ProblemError`] to `tournee.ProblemError`, its `Display` as message and the item it
/// names as attributes.
fn problem_err(py: Python<'_>, e: &ProblemError) -> PyErr {
    let mut message = e.to_string();
    // A negative quantity is named in words by the engine: name the Python key too.
    if let ProblemError::NegativeQuantity { what, .. } = e {
        if let Some(key) = quantity_key(what).filter(|k| k != what) {
            message.push_str(&format!(" (key {key:?})"));
        }
    }
    let err = ProblemError_::new_err(message);
    let matrix_attrs = |profile: usize, matrix: &str| {
        vec![("profile", obj(py, profile)), ("matrix", obj(py, matrix))]
    };
    let attrs = match e {
        ProblemError::NonSquareMatrix {
            profile,
            matrix,
            row,
            ..
        } => {
            let mut a = matrix_attrs(*profile, matrix);
            a.push(("row", obj(py, *row)));
            a
        }
        ProblemError::MissingValue {
            profile,
            matrix,
            row,
            col,
        }
        | ProblemError::NegativeValue {
            profile,
            matrix,
            row,
            col,
            ..
        } => {
            let mut a = matrix_attrs(*profile, matrix);
            a.push(("row", obj(py, *row)));
            a.push(("col", obj(py, *col)));
            a
        }
        ProblemError::MismatchedMatrices {
            profile, matrix, ..
        } => matrix_attrs(*profile, matrix),
        ProblemError::LocationOutOfRange { item, location, .. } => {
            let mut a = item_index_attrs(py, item);
            a.push(("location", obj(py, *location)));
            a
        }
        ProblemError::ProfileOutOfRange {
            vehicle_type,
            profile,
            ..
        } => vec![
            ("vehicle_type", obj(py, *vehicle_type)),
            ("profile", obj(py, *profile)),
        ],
        ProblemError::NegativeQuantity { item, what, .. } => {
            let mut a = item_index_attrs(py, item);
            if let Some(key) = quantity_key(what) {
                a.push(("key", obj(py, key)));
            }
            a
        }
        ProblemError::InvalidTimeWindow { item, .. }
        | ProblemError::UnsortedTimeWindows { item }
        | ProblemError::NoTimeWindow { item }
        | ProblemError::DimensionMismatch { item, .. } => item_index_attrs(py, item),
        ProblemError::DuplicateBreakId { item } => {
            let mut a = item_index_attrs(py, item);
            a.push(("key", obj(py, "id")));
            a
        }
        ProblemError::VehicleTypeOutOfRange {
            item, vehicle_type, ..
        } => {
            // The item is a job; the attribute names the vehicle type that does not exist.
            let mut a = item_index_attrs(py, item);
            a.push(("vehicle_type", obj(py, *vehicle_type)));
            a
        }
        ProblemError::BadLink { index, .. } => vec![
            ("item", obj(py, format!("link {index}"))),
            ("link", obj(py, *index)),
        ],
        ProblemError::BadShipment { index, .. } => vec![
            ("item", obj(py, format!("shipment {index}"))),
            ("shipment", obj(py, *index)),
        ],
        ProblemError::DuplicateJobId { job, .. } => vec![("job", obj(py, *job))],
        // `ProblemError` is exhaustive today; a future variant still reaches Python, attribute-less.
        #[allow(unreachable_patterns)]
        _ => vec![],
    };
    with_attrs(py, err, attrs)
}

fn solve_err(py: Python<'_>, e: &SolveError) -> PyErr {
    match e {
        SolveError::Problem(p) => problem_err(py, p),
        SolveError::Options(_) => SolveError_::new_err(e.to_string()),
        #[allow(unreachable_patterns)]
        _ => TourneeError::new_err(e.to_string()),
    }
}

fn read_err(py: Python<'_>, e: &ReadError) -> PyErr {
    let msg = e.to_string();
    match e {
        // No `errno` / `filename` attributes: `OSError.__str__` would then replace the message.
        ReadError::Io { source, .. } if source.kind() == std::io::ErrorKind::NotFound => {
            PyFileNotFoundError::new_err(msg)
        }
        ReadError::Io { .. } => PyOSError::new_err(msg),
        ReadError::Parse { name, line, .. } => with_attrs(
            py,
            SolomonFormatError::new_err(msg),
            vec![("path", obj(py, name.as_str())), ("line", obj(py, *line))],
        ),
        #[allow(unreachable_patterns)]
        _ => TourneeError::new_err(msg),
    }
}

fn bench_err(py: Python<'_>, e: &BenchError) -> PyErr {
    match e {
        BenchError::Read(r) => read_err(py, r),
        BenchError::Solve(s) => solve_err(py, s),
        #[allow(unreachable_patterns)]
        _ => TourneeError::new_err(e.to_string()),
    }
}

/// Runs `f` with the GIL released and turns a panic into `tournee.TourneeError`.
pub(crate) fn detach_catch<T: Send>(py: Python<'_>, f: impl FnOnce() -> T + Send) -> PyResult<T> {
    py.detach(|| catch_unwind(AssertUnwindSafe(f)))
        .map_err(panic_error)
}

fn panic_error(panic: Box<dyn std::any::Any + Send>) -> PyErr {
    let what = panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into());
    TourneeError::new_err(format!(
        "internal error in tournee (please report it): {what}"
    ))
}

/// Runs a search `f` like [`detach_catch`] (GIL released, panics caught), on a worker thread,
/// while the calling thread — Python's main thread in a script or a notebook — checks for
/// signals every 50 ms: on Ctrl-C (`KeyboardInterrupt`, or whatever a signal handler raises)
/// it cancels the search through `cancel`, waits for it to stop (within a moment) and raises
/// that exception, as Python code would.
pub(crate) fn detach_search<T: Send>(
    py: Python<'_>,
    cancel: &CancelToken,
    f: impl FnOnce() -> T + Send,
) -> PyResult<T> {
    let mut raised: Option<PyErr> = None;
    let out = py.detach(|| {
        std::thread::scope(|s| {
            let worker = s.spawn(move || catch_unwind(AssertUnwindSafe(f)));
            while !worker.is_finished() {
                std::thread::sleep(Duration::from_millis(50));
                if raised.is_none() {
                    if let Err(e) = Python::attach(|py| py.check_signals()) {
                        cancel.cancel();
                        raised = Some(e);
                    }
                }
            }
            worker.join().unwrap_or_else(|panic| Err(panic))
        })
    });
    match raised {
        Some(e) => Err(e),
        None => out.map_err(panic_error),
    }
}

// --- input conversion -------------------------------------------------------------------------

fn is_text(o: &Bound<'_, PyAny>) -> bool {
    o.is_instance_of::<PyString>() || o.is_instance_of::<PyBytes>()
}

/// One matrix cell: an integer, or a float with an integral value; NaN / fractional values are
/// refused naming the cell; `None` is a missing value (reported by the solver's validation).
fn cell(
    v: &Bound<'_, PyAny>,
    profile: usize,
    name: &str,
    (row, col): (usize, usize),
) -> PyResult<Option<i64>> {
    if v.is_none() {
        return Ok(None);
    }
    if let Ok(i) = v.extract::<i64>() {
        return Ok(Some(i));
    }
    match v.extract::<f64>() {
        Ok(f) => float_cell(v.py(), f, profile, name, (row, col)).map(Some),
        Err(_) => Err(PyTypeError::new_err(format!(
            "profile {profile}: {name} matrix has a value that is not a number at ({row}, {col}): {}",
            v.repr().map(|r| r.to_string()).unwrap_or_default()
        ))),
    }
}

fn float_cell(
    py: Python<'_>,
    f: f64,
    profile: usize,
    name: &str,
    (row, col): (usize, usize),
) -> PyResult<i64> {
    if f.is_finite() && f.fract() == 0.0 && f.abs() < 9.0e15 {
        return Ok(f as i64);
    }
    let err = ProblemError_::new_err(format!(
        "profile {profile}: {name} matrix has non-integer value {f} at ({row}, {col}) \
         (entries must be integers: round the matrix, and give unreachable pairs a large value)"
    ));
    Err(with_attrs(
        py,
        err,
        vec![
            ("profile", obj(py, profile)),
            ("matrix", obj(py, name)),
            ("row", obj(py, row)),
            ("col", obj(py, col)),
        ],
    ))
}

/// Reads a matrix: a 2-D numpy array (integer, or float with integral values) or a sequence of
/// rows. Shape problems (ragged, non-square) are left to the solver's validation.
fn matrix(m: &Bound<'_, PyAny>, profile: usize, name: &str) -> PyResult<Matrix> {
    let py = m.py();
    if let Ok(arr) = m.extract::<PyReadonlyArray2<'_, i64>>() {
        let rows = arr
            .as_array()
            .rows()
            .into_iter()
            .map(|r| r.to_vec())
            .collect();
        return Ok(Matrix::from_rows(rows));
    }
    if let Ok(arr) = m.extract::<PyReadonlyArray2<'_, f64>>() {
        let view = arr.as_array();
        let mut rows = Vec::with_capacity(view.nrows());
        for (i, r) in view.rows().into_iter().enumerate() {
            let row: PyResult<Vec<i64>> = r
                .iter()
                .enumerate()
                .map(|(j, &f)| float_cell(py, f, profile, name, (i, j)))
                .collect();
            rows.push(row?);
        }
        return Ok(Matrix::from_rows(rows));
    }
    let bad = |what: String| {
        PyTypeError::new_err(format!(
            "profile {profile}: {name} matrix {what} (expected a 2-D array or a list of rows of integers)"
        ))
    };
    let m = if m.downcast::<PyUntypedArray>().is_ok() {
        m.call_method0("tolist")?
    } else {
        m.clone()
    };
    if is_text(&m) {
        return Err(bad("is a string".into()));
    }
    let mut rows = Vec::new();
    for (i, row) in m
        .try_iter()
        .map_err(|_| bad("is not a sequence".into()))?
        .enumerate()
    {
        let row = row?;
        if is_text(&row) {
            return Err(bad(format!("row {i} is a string")));
        }
        let cells: PyResult<Vec<Option<i64>>> = row
            .try_iter()
            .map_err(|_| bad(format!("row {i} is not a sequence")))?
            .enumerate()
            .map(|(j, v)| cell(&v?, profile, name, (i, j)))
            .collect();
        rows.push(cells?);
    }
    Ok(Matrix::from_optional_rows(rows))
}

/// A profile given in `profiles=[...]`: a dict `{"durations", "distances"}` or a pair.
fn profile(p: &Bound<'_, PyAny>, index: usize) -> PyResult<Profile> {
    let (d, x) = if let Ok(dict) = p.downcast::<PyDict>() {
        for k in dict.keys() {
            let k: String = k.extract()?;
            if k != "durations" && k != "distances" {
                return Err(ProblemError_::new_err(format!(
                    "profile {index}: unknown key {k:?} (expected durations, distances)"
                )));
            }
        }
        let d = dict.get_item("durations")?.ok_or_else(|| {
            ProblemError_::new_err(format!("profile {index}: missing key \"durations\""))
        })?;
        (d, dict.get_item("distances")?)
    } else if let Ok(t) = p
        .downcast::<PyTuple>()
        .cloned()
        .or_else(|_| p.downcast::<PyList>().map(|l| l.to_tuple()).map_err(|_| ()))
    {
        if t.len() != 2 {
            return Err(PyTypeError::new_err(format!(
                "profile {index} must be a dict {{\"durations\", \"distances\"}} or a pair (durations, distances)"
            )));
        }
        (t.get_item(0)?, Some(t.get_item(1)?))
    } else {
        return Err(PyTypeError::new_err(format!(
            "profile {index} must be a dict {{\"durations\", \"distances\"}} or a pair (durations, distances)"
        )));
    };
    two_matrices(&d, x.as_ref().filter(|x| !x.is_none()), index)
}

fn two_matrices(
    d: &Bound<'_, PyAny>,
    x: Option<&Bound<'_, PyAny>>,
    index: usize,
) -> PyResult<Profile> {
    let durations = matrix(d, index, "duration")?;
    let distances = match x {
        Some(x) => matrix(x, index, "distance")?,
        None => durations.clone(),
    };
    Ok(Profile {
        durations,
        distances,
    })
}

/// The fields of one job / vehicle: a mapping, a dataclass, a named tuple or any object with
/// attributes. Every key must be consumed: leftovers are unknown keys.
struct Fields<'py> {
    /// The record named in messages (`job 3`, `vehicle type 0 break 1`, `link 2`, ...).
    item: String,
    /// Index attributes set on the errors raised for this record (`job`, `vehicle_type`, ...).
    attrs: Vec<(&'static str, usize)>,
    fields: Vec<(String, Bound<'py, PyAny>, bool)>,
}

impl<'py> Fields<'py> {
    fn read(
        o: &Bound<'py, PyAny>,
        item: String,
        attrs: Vec<(&'static str, usize)>,
        known: &[&str],
    ) -> PyResult<Self> {
        let mut fields = Vec::new();
        let push_pairs = |fields: &mut Vec<_>, pairs: Bound<'py, PyAny>| -> PyResult<()> {
            for pair in pairs.try_iter()? {
                let (k, v): (Bound<'py, PyAny>, Bound<'py, PyAny>) = pair?.extract()?;
                let k: String = k.extract().map_err(|_| {
                    PyTypeError::new_err(format!("{item}: keys must be strings, got {k}"))
                })?;
                fields.push((k, v, false));
            }
            Ok(())
        };
        if o.is_instance_of::<PyDict>() || o.downcast::<PyMapping>().is_ok() {
            push_pairs(&mut fields, o.call_method0("items")?)?;
        } else if o.hasattr("__dataclass_fields__")? {
            let dc = o.py().import("dataclasses")?;
            for f in dc.call_method1("fields", (o,))?.try_iter()? {
                let name: String = f?.getattr("name")?.extract()?;
                let v = o.getattr(name.as_str())?;
                fields.push((name, v, false));
            }
        } else if o.hasattr("_asdict")? && o.is_instance_of::<PyTuple>() {
            push_pairs(
                &mut fields,
                o.call_method0("_asdict")?.call_method0("items")?,
            )?;
        } else if is_text(o) || o.is_instance_of::<PyTuple>() || o.is_instance_of::<PyList>() {
            return Err(PyTypeError::new_err(format!(
                "{item} must be a dict or an object with attributes (dataclass, ...), got {}",
                o.get_type().name()?
            )));
        } else {
            if let Ok(d) = o.getattr("__dict__") {
                if let Ok(d) = d.downcast::<PyDict>() {
                    for (k, v) in d.iter() {
                        let k: String = k.extract()?;
                        if !k.starts_with('_') {
                            fields.push((k, v, false));
                        }
                    }
                }
            }
            // Properties, class attributes and slots.
            for key in known {
                if !fields.iter().any(|(k, _, _)| k == key) && o.hasattr(*key)? {
                    fields.push((key.to_string(), o.getattr(*key)?, false));
                }
            }
        }
        Ok(Fields {
            item,
            attrs,
            fields,
        })
    }

    /// A `tournee.ProblemError` about `key` of this record: `"{item}: {message}"`, with the
    /// record's index attributes and `key`.
    fn problem(&self, py: Python<'_>, key: &str, message: &str) -> PyErr {
        let err = ProblemError_::new_err(format!("{}: {message}", self.item));
        let mut attrs = vec![("item", obj(py, self.item.as_str()))];
        attrs.extend(self.attrs.iter().map(|&(name, i)| (name, obj(py, i))));
        attrs.push(("key", obj(py, key)));
        with_attrs(py, err, attrs)
    }

    /// The error for a required key that is absent (or `None`).
    fn missing(&self, py: Python<'_>, key: &str) -> PyErr {
        self.problem(py, key, &format!("missing key {key:?}"))
    }

    /// The value of `key` as given (explicit `None` included), marking it used.
    fn raw(&mut self, key: &str) -> Option<Bound<'py, PyAny>> {
        self.fields.iter_mut().find(|(k, _, _)| k == key).map(|f| {
            f.2 = true;
            f.1.clone()
        })
    }

    /// The value of `key`; absent and `None` are the same.
    fn get(&mut self, key: &str) -> Option<Bound<'py, PyAny>> {
        self.raw(key).filter(|v| !v.is_none())
    }

    fn type_err(&self, key: &str, expected: &str, got: &Bound<'_, PyAny>) -> PyErr {
        let got = got.repr().map(|r| r.to_string()).unwrap_or_default();
        PyTypeError::new_err(format!(
            "{}: {key} must be {expected}, got {got}",
            self.item
        ))
    }

    /// The value of `key` converted to `T`; a wrong type is a `TypeError` naming the item.
    fn typed<T: FromPyObject<'py>>(&mut self, key: &str, expected: &str) -> PyResult<Option<T>> {
        match self.get(key) {
            None => Ok(None),
            Some(v) => v
                .extract::<T>()
                .map(Some)
                .map_err(|_| self.type_err(key, expected, &v)),
        }
    }

    fn int(&mut self, key: &str) -> PyResult<Option<i64>> {
        self.typed(key, "an integer")
    }

    fn index(&mut self, key: &str) -> PyResult<Option<usize>> {
        self.typed(key, "a non-negative integer")
    }

    fn string(&mut self, key: &str) -> PyResult<Option<String>> {
        match self.get(key) {
            None => Ok(None),
            Some(v) if v.is_instance_of::<PyString>() => Ok(Some(v.extract()?)),
            // Numbers are fine as ids.
            Some(v) if v.extract::<i64>().is_ok() => Ok(Some(v.str()?.to_string())),
            Some(v) => Err(self.type_err(key, "a string", &v)),
        }
    }

    fn strings(&mut self, key: &str) -> PyResult<Vec<String>> {
        match self.get(key) {
            None => Ok(Vec::new()),
            Some(v) if is_text(&v) => Err(self.type_err(key, "a list of strings", &v)),
            Some(v) => v
                .extract::<Vec<String>>()
                .map_err(|_| self.type_err(key, "a list of strings", &v)),
        }
    }

    /// An integer vector; a single integer is a one-dimensional vector.
    fn ints(&mut self, key: &str) -> PyResult<Option<Vec<i64>>> {
        match self.get(key) {
            None => Ok(None),
            Some(v) => {
                if let Ok(i) = v.extract::<i64>() {
                    return Ok(Some(vec![i]));
                }
                let v = if v.downcast::<PyUntypedArray>().is_ok() {
                    v.call_method0("tolist")?
                } else {
                    v
                };
                v.extract::<Vec<i64>>()
                    .map(Some)
                    .map_err(|_| self.type_err(key, "an integer or a list of integers", &v))
            }
        }
    }

    fn window(&self, key: &str, v: &Bound<'_, PyAny>) -> PyResult<TimeWindow> {
        let (open, close): (i64, i64) = v
            .extract()
            .map_err(|_| self.type_err(key, "an (open, close) pair of integers", v))?;
        Ok(TimeWindow::new(open, close))
    }

    /// Time windows: a list of `(open, close)` pairs, or one pair.
    fn windows(&mut self, key: &str) -> PyResult<Option<Vec<TimeWindow>>> {
        let Some(v) = self.get(key) else {
            return Ok(None);
        };
        let expected = "a list of (open, close) pairs of integers";
        if is_text(&v) {
            return Err(self.type_err(key, expected, &v));
        }
        let items: Vec<Bound<'_, PyAny>> = v
            .try_iter()
            .map_err(|_| self.type_err(key, expected, &v))?
            .collect::<PyResult<_>>()?;
        if items.len() == 2 && items.iter().all(|x| x.extract::<i64>().is_ok()) {
            return Ok(Some(vec![self.window(key, &v)?]));
        }
        items
            .iter()
            .map(|w| self.window(key, w))
            .collect::<PyResult<Vec<_>>>()
            .map(Some)
    }

    fn boolean(&mut self, key: &str) -> PyResult<Option<bool>> {
        match self.get(key) {
            None => Ok(None),
            Some(v) => v
                .extract::<bool>()
                .map(Some)
                .map_err(|_| self.type_err(key, "True or False", &v)),
        }
    }

    /// A list of non-negative integers (indices); a single integer is a one-element list.
    fn indices(&mut self, key: &str) -> PyResult<Option<Vec<usize>>> {
        let expected = "a non-negative integer or a list of them";
        match self.get(key) {
            None => Ok(None),
            Some(v) => {
                if is_text(&v) || v.is_instance_of::<PyBool>() {
                    return Err(self.type_err(key, expected, &v));
                }
                if let Ok(i) = v.extract::<usize>() {
                    return Ok(Some(vec![i]));
                }
                let v = if v.downcast::<PyUntypedArray>().is_ok() {
                    v.call_method0("tolist")?
                } else {
                    v
                };
                v.extract::<Vec<usize>>()
                    .map(Some)
                    .map_err(|_| self.type_err(key, expected, &v))
            }
        }
    }

    /// A list of records (dicts or objects), e.g. a vehicle's `breaks`.
    fn records(&mut self, key: &str) -> PyResult<Vec<Bound<'py, PyAny>>> {
        let expected = "a list of dicts (or objects with attributes)";
        match self.get(key) {
            None => Ok(Vec::new()),
            Some(v) if is_text(&v) || v.downcast::<PyMapping>().is_ok() => {
                Err(self.type_err(key, expected, &v))
            }
            Some(v) => v
                .try_iter()
                .map_err(|_| self.type_err(key, expected, &v))?
                .collect(),
        }
    }

    /// Refuses any key not consumed.
    fn finish(self, py: Python<'_>, known: &[&str]) -> PyResult<()> {
        if let Some((key, _, _)) = self.fields.iter().find(|(_, _, used)| !used) {
            return Err(self.problem(
                py,
                key,
                &format!(
                    "unknown key {key:?} (expected one of: {})",
                    known.join(", ")
                ),
            ));
        }
        Ok(())
    }
}

const JOB_KEYS: &[&str] = &[
    "id",
    "location",
    "service",
    "time_windows",
    "late_cost",
    "announced_latest",
    "announced_cost",
    "announced_cost_per_unit",
    "not_before",
    "demand",
    "pickup",
    "skills",
    "allowed_vehicle_types",
    "preferred_vehicle_types",
    "unpreferred_cost",
    "priority",
    "required",
    "penalty",
];

const VEHICLE_KEYS: &[&str] = &[
    "id",
    "count",
    "profile",
    "start",
    "end",
    "shift",
    "max_overtime",
    "capacity",
    "skills",
    "max_duration",
    "breaks",
    "reloads",
    "fixed_cost",
    "cost_per_time",
    "cost_per_travel_time",
    "cost_per_distance",
    "overtime_cost",
];

const BREAK_KEYS: &[&str] = &["id", "duration", "window"];

const RELOAD_KEYS: &[&str] = &["depots", "duration", "max_stops"];

const LINK_KEYS: &[&str] = &["first", "second", "kind", "min", "max", "distinct_vehicles"];

const SHIPMENT_KEYS: &[&str] = &["pickup", "delivery", "amount"];

const OBJECTIVE_KEYS: &[&str] = &[
    "minimise_vehicles",
    "vehicle_cost",
    "priority_weight",
    "max_lateness_cost",
];

/// Break `b` of vehicle type `i` (`{"id", "duration", "window"}`); the window defaults to the
/// shift.
fn vehicle_break(
    py: Python<'_>,
    o: &Bound<'_, PyAny>,
    i: usize,
    b: usize,
    shift: TimeWindow,
) -> PyResult<VehicleBreak> {
    let attrs = vec![("vehicle_type", i)];
    let mut f = Fields::read(o, format!("vehicle type {i} break {b}"), attrs, BREAK_KEYS)?;
    let id = f.string("id")?.unwrap_or_else(|| b.to_string());
    let duration = f
        .int("duration")?
        .ok_or_else(|| f.missing(py, "duration"))?;
    let window = match f.get("window") {
        None => shift,
        Some(v) => f.window("window", &v)?,
    };
    f.finish(py, BREAK_KEYS)?;
    Ok(VehicleBreak {
        id,
        duration,
        window,
    })
}

/// The reload depots of vehicle type `i` (`{"depots", "duration", "max_stops"}`).
fn reloads(py: Python<'_>, o: &Bound<'_, PyAny>, i: usize) -> PyResult<Reloads> {
    let attrs = vec![("vehicle_type", i)];
    let mut f = Fields::read(o, format!("vehicle type {i} reloads"), attrs, RELOAD_KEYS)?;
    let depots = f
        .indices("depots")?
        .ok_or_else(|| f.missing(py, "depots"))?;
    let duration = f.int("duration")?.unwrap_or(0);
    let max_stops = f
        .index("max_stops")?
        .ok_or_else(|| f.missing(py, "max_stops"))?;
    f.finish(py, RELOAD_KEYS)?;
    Ok(Reloads {
        depots,
        duration,
        max_stops,
    })
}

fn vehicle_type(py: Python<'_>, o: &Bound<'_, PyAny>, i: usize) -> PyResult<VehicleType> {
    let attrs = vec![("vehicle_type", i)];
    let mut f = Fields::read(o, format!("vehicle type {i}"), attrs, VEHICLE_KEYS)?;
    let start = match f.raw("start") {
        None => Some(0),
        Some(v) if v.is_none() => None,
        Some(_) => f.index("start")?,
    };
    let end = match f.raw("end") {
        None => start,
        Some(v) if v.is_none() => None,
        Some(_) => f.index("end")?,
    };
    let shift = match f.get("shift") {
        None => TimeWindow::new(0, HORIZON),
        Some(v) => f.window("shift", &v)?,
    };
    let breaks = f
        .records("breaks")?
        .iter()
        .enumerate()
        .map(|(b, o)| vehicle_break(py, o, i, b, shift))
        .collect::<PyResult<_>>()?;
    let reloads = match f.get("reloads") {
        None => None,
        Some(r) => Some(reloads(py, &r, i)?),
    };
    let v = VehicleType {
        id: f.string("id")?.unwrap_or_else(|| i.to_string()),
        count: f.index("count")?.unwrap_or(1),
        profile: f.index("profile")?.unwrap_or(0),
        start,
        end,
        shift,
        max_overtime: f.int("max_overtime")?.unwrap_or(0),
        overtime_cost: f.int("overtime_cost")?.unwrap_or(0),
        capacity: f.ints("capacity")?.unwrap_or_default(),
        skills: f.strings("skills")?,
        max_duration: f.int("max_duration")?,
        breaks,
        reloads,
        fixed_cost: f.int("fixed_cost")?.unwrap_or(0),
        cost_per_time: f.int("cost_per_time")?.unwrap_or(0),
        cost_per_travel_time: f.int("cost_per_travel_time")?.unwrap_or(0),
        cost_per_distance: f.int("cost_per_distance")?.unwrap_or(1),
    };
    f.finish(py, VEHICLE_KEYS)?;
    Ok(v)
}

fn job(
    py: Python<'_>,
    o: &Bound<'_, PyAny>,
    i: usize,
    dims: usize,
    horizon: TimeWindow,
) -> PyResult<Job> {
    let mut f = Fields::read(o, format!("job {i}"), vec![("job", i)], JOB_KEYS)?;
    let location = f
        .index("location")?
        .ok_or_else(|| f.missing(py, "location"))?;
    let penalty = f.int("penalty")?;
    let kind = match (f.boolean("required")?, penalty) {
        (Some(true), Some(_)) => {
            return Err(f.problem(
                py,
                "penalty",
                "a required job has no penalty (give required=False, or no penalty)",
            ))
        }
        (Some(true), None) | (None, None) => JobKind::Required,
        (_, penalty) => JobKind::Optional {
            penalty: penalty.unwrap_or(0),
        },
    };
    let lateness = match f.int("late_cost")? {
        None => Lateness::Hard,
        Some(cost_per_unit) => Lateness::Soft { cost_per_unit },
    };
    let announced = match f.int("announced_latest")? {
        None => None,
        Some(latest) => Some(Announced {
            latest,
            cost: f.int("announced_cost")?.unwrap_or(0),
            cost_per_unit: f.int("announced_cost_per_unit")?.unwrap_or(0),
        }),
    };
    let j = Job {
        id: f.string("id")?.unwrap_or_else(|| i.to_string()),
        location,
        service: f.int("service")?.unwrap_or(0),
        time_windows: f.windows("time_windows")?.unwrap_or_else(|| vec![horizon]),
        lateness,
        announced,
        not_before: f.int("not_before")?,
        demand: f.ints("demand")?.unwrap_or_else(|| vec![0; dims]),
        pickup: f.ints("pickup")?.unwrap_or_default(),
        skills: f.strings("skills")?,
        allowed_vehicle_types: f.indices("allowed_vehicle_types")?,
        preferred_vehicle_types: f.indices("preferred_vehicle_types")?.unwrap_or_default(),
        unpreferred_cost: f.int("unpreferred_cost")?.unwrap_or(0),
        priority: f.int("priority")?.unwrap_or(0),
        kind,
    };
    f.finish(py, JOB_KEYS)?;
    Ok(j)
}

/// Link `i`: `{"first", "second", "kind", "min", "max", "distinct_vehicles"}`.
fn link(py: Python<'_>, o: &Bound<'_, PyAny>, i: usize) -> PyResult<Link> {
    let mut f = Fields::read(o, format!("link {i}"), vec![("link", i)], LINK_KEYS)?;
    let first = f.index("first")?.ok_or_else(|| f.missing(py, "first"))?;
    let second = f.index("second")?.ok_or_else(|| f.missing(py, "second"))?;
    let kind_name: Option<String> = f.typed("kind", "\"simultaneous\" or \"start_gap\"")?;
    let (min, max) = (f.int("min")?, f.int("max")?);
    let kind = match kind_name.as_deref() {
        None | Some("simultaneous") => {
            if let Some(key) = [("min", min), ("max", max)]
                .iter()
                .find_map(|(k, v)| v.map(|_| *k))
            {
                return Err(f.problem(
                    py,
                    key,
                    &format!(
                        "{key} is only for kind \"start_gap\" (this link is \"simultaneous\")"
                    ),
                ));
            }
            LinkKind::Simultaneous
        }
        Some("start_gap") => LinkKind::StartGap {
            min: min.unwrap_or(0),
            max,
        },
        Some(other) => {
            return Err(f.problem(
                py,
                "kind",
                &format!("kind must be \"simultaneous\" or \"start_gap\", got {other:?}"),
            ))
        }
    };
    let distinct_vehicles = f.boolean("distinct_vehicles")?.unwrap_or(false);
    f.finish(py, LINK_KEYS)?;
    Ok(Link {
        first,
        second,
        kind,
        distinct_vehicles,
    })
}

/// Shipment `i`: `{"pickup", "delivery", "amount"}`.
fn shipment(py: Python<'_>, o: &Bound<'_, PyAny>, i: usize, dims: usize) -> PyResult<Shipment> {
    let mut f = Fields::read(
        o,
        format!("shipment {i}"),
        vec![("shipment", i)],
        SHIPMENT_KEYS,
    )?;
    let pickup = f.index("pickup")?.ok_or_else(|| f.missing(py, "pickup"))?;
    let delivery = f
        .index("delivery")?
        .ok_or_else(|| f.missing(py, "delivery"))?;
    let amount = f.ints("amount")?.unwrap_or_else(|| vec![0; dims]);
    f.finish(py, SHIPMENT_KEYS)?;
    Ok(Shipment {
        pickup,
        delivery,
        amount,
    })
}

fn objective(py: Python<'_>, o: Option<&Bound<'_, PyAny>>) -> PyResult<Objective> {
    let mut obj_ = Objective::default();
    let Some(o) = o.filter(|o| !o.is_none()) else {
        return Ok(obj_);
    };
    let mut f = Fields::read(o, "objective".into(), Vec::new(), OBJECTIVE_KEYS)?;
    if let Some(b) = f.boolean("minimise_vehicles")? {
        obj_.minimise_vehicles = b;
    }
    if let Some(c) = f.int("vehicle_cost")? {
        obj_.vehicle_cost = c;
    }
    if let Some(w) = f.int("priority_weight")? {
        obj_.priority_weight = w;
    }
    if let Some(c) = f.int("max_lateness_cost")? {
        obj_.max_lateness_cost = c;
    }
    f.finish(py, OBJECTIVE_KEYS)?;
    Ok(obj_)
}

fn sequence<'py>(o: &Bound<'py, PyAny>, what: &str) -> PyResult<Vec<Bound<'py, PyAny>>> {
    let bad = || PyTypeError::new_err(format!("{what} must be a list"));
    if is_text(o) || o.is_instance_of::<PyDict>() {
        return Err(bad());
    }
    o.try_iter().map_err(|_| bad())?.collect()
}

/// Builds the Rust problem from the Python arguments of `solve`.
#[allow(clippy::too_many_arguments)]
fn build_problem(
    py: Python<'_>,
    durations: Option<&Bound<'_, PyAny>>,
    jobs: &Bound<'_, PyAny>,
    vehicles: &Bound<'_, PyAny>,
    distances: Option<&Bound<'_, PyAny>>,
    profiles: Option<&Bound<'_, PyAny>>,
    objective_: Option<&Bound<'_, PyAny>>,
    links: Option<&Bound<'_, PyAny>>,
    shipments: Option<&Bound<'_, PyAny>>,
) -> PyResult<Problem> {
    let durations = durations.filter(|d| !d.is_none());
    let distances = distances.filter(|d| !d.is_none());
    let profiles = match (durations, profiles.filter(|p| !p.is_none())) {
        (Some(d), None) => vec![two_matrices(d, distances, 0)?],
        (None, Some(ps)) if distances.is_none() => sequence(ps, "profiles")?
            .iter()
            .enumerate()
            .map(|(i, p)| profile(p, i))
            .collect::<PyResult<_>>()?,
        _ => {
            return Err(PyValueError::new_err(
                "give either durations (and optionally distances) or profiles=[...], not both",
            ))
        }
    };
    let vehicle_types: Vec<VehicleType> = sequence(vehicles, "vehicles")?
        .iter()
        .enumerate()
        .map(|(i, v)| vehicle_type(py, v, i))
        .collect::<PyResult<_>>()?;
    let dims = vehicle_types.first().map_or(0, |v| v.capacity.len());
    let horizon = TimeWindow::new(
        vehicle_types
            .iter()
            .map(|v| v.shift.open)
            .min()
            .unwrap_or(0)
            .min(0),
        vehicle_types
            .iter()
            .map(|v| v.shift.close)
            .max()
            .unwrap_or(HORIZON)
            .max(HORIZON),
    );
    let jobs = sequence(jobs, "jobs")?
        .iter()
        .enumerate()
        .map(|(i, j)| job(py, j, i, dims, horizon))
        .collect::<PyResult<_>>()?;
    let links = match links.filter(|l| !l.is_none()) {
        None => Vec::new(),
        Some(ls) => sequence(ls, "links")?
            .iter()
            .enumerate()
            .map(|(i, l)| link(py, l, i))
            .collect::<PyResult<_>>()?,
    };
    let shipments = match shipments.filter(|s| !s.is_none()) {
        None => Vec::new(),
        Some(ss) => sequence(ss, "shipments")?
            .iter()
            .enumerate()
            .map(|(i, s)| shipment(py, s, i, dims))
            .collect::<PyResult<_>>()?,
    };
    Ok(Problem {
        profiles,
        vehicle_types,
        jobs,
        links,
        shipments,
        objective: objective(py, objective_)?,
    })
}

// --- results ----------------------------------------------------------------------------------

/// One visit of a route, with its schedule.
#[pyclass(name = "Stop", module = "tournee", frozen, get_all)]
#[derive(Clone, serde::Deserialize)]
struct PyStop {
    /// Job index (position in the `jobs` list).
    job: usize,
    /// Job id.
    id: String,
    /// Location index of the job.
    location: usize,
    /// Arrival time at the location.
    arrival: i64,
    /// Service start (>= arrival; the vehicle waits in between).
    start: i64,
    /// Service end (the vehicle leaves then).
    departure: i64,
    /// Time the service started after the job's last window closed (jobs with a `late_cost`;
    /// 0 otherwise).
    lateness: i64,
}

#[pymethods]
impl PyStop {
    /// Waiting time before the service starts: `start - arrival`.
    #[getter]
    fn waiting(&self) -> i64 {
        self.start - self.arrival
    }

    /// The stop as a dict (`job`, `id`, `location`, `arrival`, `start`, `departure`, `waiting`,
    /// `lateness`).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("job", self.job)?;
        d.set_item("id", &self.id)?;
        d.set_item("location", self.location)?;
        d.set_item("arrival", self.arrival)?;
        d.set_item("start", self.start)?;
        d.set_item("departure", self.departure)?;
        d.set_item("waiting", self.waiting())?;
        d.set_item("lateness", self.lateness)?;
        Ok(d)
    }

    fn __repr__(&self) -> String {
        let late = if self.lateness > 0 {
            format!(", lateness={}", self.lateness)
        } else {
            String::new()
        };
        format!(
            "Stop(job={}, id={:?}, arrival={}, start={}, departure={}{late})",
            self.job, self.id, self.arrival, self.start, self.departure
        )
    }
}

/// The plan of one used vehicle: its stops in order, breaks, reloads, times, distance, load and
/// cost.
#[pyclass(name = "VehicleRoute", module = "tournee", frozen)]
#[derive(Clone)]
struct PyVehicleRoute {
    /// Vehicle type index (position in the `vehicles` list).
    #[pyo3(get)]
    vehicle_type: usize,
    /// Vehicle type id.
    #[pyo3(get)]
    vehicle_type_id: String,
    /// Index of the vehicle within its type (`0 .. count`).
    #[pyo3(get)]
    vehicle: usize,
    /// Departure from the start (start of the first service for an open start).
    #[pyo3(get)]
    start_time: i64,
    /// Arrival at the end (end of the last service for an open end).
    #[pyo3(get)]
    end_time: i64,
    /// `end_time - start_time`.
    #[pyo3(get)]
    duration: i64,
    /// Travelled distance.
    #[pyo3(get)]
    distance: i64,
    /// Driving time (travel only, without service, waiting, breaks and reloads).
    #[pyo3(get)]
    travel_time: i64,
    /// Time the route ends after the shift closes (at most the vehicle's `max_overtime`).
    #[pyo3(get)]
    overtime: i64,
    /// Highest load on board at any point, per capacity dimension.
    #[pyo3(get)]
    load: Vec<i64>,
    /// Cost of the route.
    #[pyo3(get)]
    cost: i64,
    /// The visits, in order.
    #[pyo3(get)]
    stops: Vec<PyStop>,
    /// Breaks taken, with the ids of the vehicle type's breaks.
    break_stops: Vec<(BreakStop, String)>,
    /// Reload stops.
    reload_stops: Vec<ReloadStop>,
}

fn break_dict<'py>(py: Python<'py>, b: &BreakStop, id: &str) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("index", b.index)?;
    d.set_item("id", id)?;
    d.set_item("after", b.after)?;
    d.set_item("start", b.start)?;
    d.set_item("end", b.end)?;
    Ok(d)
}

fn reload_dict<'py>(py: Python<'py>, r: &ReloadStop) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("depot", r.depot)?;
    d.set_item("after", r.after)?;
    d.set_item("arrival", r.arrival)?;
    d.set_item("start", r.start)?;
    d.set_item("departure", r.departure)?;
    Ok(d)
}

#[pymethods]
impl PyVehicleRoute {
    /// Job indices visited, in order.
    #[getter]
    fn jobs(&self) -> Vec<usize> {
        self.stops.iter().map(|s| s.job).collect()
    }

    /// Breaks taken, in order: dicts `{"index", "id", "after", "start", "end"}` (`index` and
    /// `id` of the break in the vehicle's `breaks`; taken after `after` job and reload stops).
    #[getter]
    fn breaks<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let l = PyList::empty(py);
        for (b, id) in &self.break_stops {
            l.append(break_dict(py, b, id)?)?;
        }
        Ok(l)
    }

    /// Reload stops, in order: dicts `{"depot", "after", "arrival", "start", "departure"}`
    /// (`depot` a location index; made after `after` job and earlier reload stops).
    #[getter]
    fn reloads<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyList>> {
        let l = PyList::empty(py);
        for r in &self.reload_stops {
            l.append(reload_dict(py, r)?)?;
        }
        Ok(l)
    }

    /// The route as a dict (its attributes, with `stops` as a list of dicts).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("vehicle_type", self.vehicle_type)?;
        d.set_item("vehicle_type_id", &self.vehicle_type_id)?;
        d.set_item("vehicle", self.vehicle)?;
        d.set_item("start_time", self.start_time)?;
        d.set_item("end_time", self.end_time)?;
        d.set_item("duration", self.duration)?;
        d.set_item("distance", self.distance)?;
        d.set_item("travel_time", self.travel_time)?;
        d.set_item("overtime", self.overtime)?;
        d.set_item("load", &self.load)?;
        d.set_item("cost", self.cost)?;
        let stops = PyList::empty(py);
        for s in &self.stops {
            stops.append(s.to_dict(py)?)?;
        }
        d.set_item("stops", stops)?;
        d.set_item("breaks", self.breaks(py)?)?;
        d.set_item("reloads", self.reloads(py)?)?;
        Ok(d)
    }

    fn __len__(&self) -> usize {
        self.stops.len()
    }

    fn __repr__(&self) -> String {
        format!(
            "VehicleRoute(vehicle_type={}, vehicle={}, jobs={:?}, start_time={}, end_time={}, distance={}, cost={})",
            self.vehicle_type,
            self.vehicle,
            self.jobs(),
            self.start_time,
            self.end_time,
            self.distance,
            self.cost
        )
    }
}

/// A job left out of the plan, with the reason.
#[pyclass(name = "Unassigned", module = "tournee", frozen, get_all)]
#[derive(Clone, serde::Deserialize)]
struct PyUnassigned {
    /// Job index.
    job: usize,
    /// Job id.
    id: String,
    /// Reason code: `no_vehicle`, `missing_skills`, `not_allowed`, `capacity_exceeded`,
    /// `time_unreachable`, `no_distinct_vehicles`, `partner_unservable`, `not_worth_serving` or
    /// `no_feasible_plan_found`.
    reason: String,
    /// The reason in words.
    message: String,
}

#[pymethods]
impl PyUnassigned {
    /// As a dict (`job`, `id`, `reason`, `message`).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        d.set_item("job", self.job)?;
        d.set_item("id", &self.id)?;
        d.set_item("reason", &self.reason)?;
        d.set_item("message", &self.message)?;
        Ok(d)
    }

    fn __repr__(&self) -> String {
        format!(
            "Unassigned(job={}, id={:?}, reason={:?})",
            self.job, self.id, self.reason
        )
    }
}

/// The result of `tournee.solve`: routes with their schedule, left-out jobs with reasons, cost.
#[pyclass(name = "Solution", module = "tournee", frozen, get_all)]
struct PySolution {
    /// Routes of the used vehicles.
    routes: Vec<PyVehicleRoute>,
    /// Jobs left out, each with its reason.
    unassigned: Vec<PyUnassigned>,
    /// Objective value: `travel_cost + max_lateness_cost + penalty_cost`.
    cost: i64,
    /// Sum of the route costs (plus `vehicle_cost` per route when minimising vehicles).
    travel_cost: i64,
    /// The objective's `max_lateness_cost` times the largest lateness of any served job.
    max_lateness_cost: i64,
    /// Sum of the penalties of left-out optional jobs.
    penalty_cost: i64,
    /// Whether every constraint holds and every servable required job is served.
    feasible: bool,
    /// Search statistics: `iterations` (over all threads), `elapsed_seconds`, `threads`,
    /// `stop_reason` (`iterations`, `time_limit`, `target_cost`, `cancelled` or `trivial`).
    stats: Py<PyDict>,
}

impl PySolution {
    fn new(py: Python<'_>, problem: &Problem, s: &Solution) -> PyResult<Self> {
        let route = |r: &RoutePlan| PyVehicleRoute {
            vehicle_type: r.vehicle_type,
            vehicle_type_id: problem.vehicle_types[r.vehicle_type].id.clone(),
            vehicle: r.vehicle,
            start_time: r.start_time,
            end_time: r.end_time,
            duration: r.duration,
            distance: r.distance,
            travel_time: r.travel_time,
            overtime: r.overtime,
            load: r.load.clone(),
            cost: r.cost,
            stops: r
                .stops
                .iter()
                .map(|st| PyStop {
                    job: st.job,
                    id: problem.jobs[st.job].id.clone(),
                    location: problem.jobs[st.job].location,
                    arrival: st.arrival,
                    start: st.start,
                    departure: st.departure,
                    lateness: st.lateness,
                })
                .collect(),
            break_stops: r
                .breaks
                .iter()
                .map(|b| {
                    let id = problem.vehicle_types[r.vehicle_type]
                        .breaks
                        .get(b.index)
                        .map(|vb| vb.id.clone())
                        .unwrap_or_default();
                    (b.clone(), id)
                })
                .collect(),
            reload_stops: r.reloads.clone(),
        };
        let stats = PyDict::new(py);
        stats.set_item("iterations", s.stats.iterations)?;
        stats.set_item("elapsed_seconds", s.stats.elapsed_seconds)?;
        stats.set_item("threads", s.stats.threads)?;
        stats.set_item("stop_reason", StopReason::code(s.stats.stop_reason))?;
        Ok(PySolution {
            routes: s.routes.iter().map(route).collect(),
            unassigned: s
                .unassigned
                .iter()
                .map(|u| PyUnassigned {
                    job: u.job,
                    id: u.id.clone(),
                    reason: UnassignedReason::code(u.reason).to_string(),
                    message: UnassignedReason::message(u.reason).to_string(),
                })
                .collect(),
            cost: s.cost,
            travel_cost: s.travel_cost,
            max_lateness_cost: s.max_lateness_cost,
            penalty_cost: s.penalty_cost,
            feasible: s.feasible,
            stats: stats.unbind(),
        })
    }
}

/// What `Solution.to_dict()` holds, read back to unpickle a solution (stops and left-out
/// jobs read straight into their Python classes; a route's breaks carry their id beside the
/// engine's break stop).
#[derive(serde::Deserialize)]
struct SolutionState {
    routes: Vec<RouteState>,
    unassigned: Vec<PyUnassigned>,
    cost: i64,
    travel_cost: i64,
    max_lateness_cost: i64,
    penalty_cost: i64,
    feasible: bool,
}

#[derive(serde::Deserialize)]
struct RouteState {
    vehicle_type: usize,
    vehicle_type_id: String,
    vehicle: usize,
    start_time: i64,
    end_time: i64,
    duration: i64,
    distance: i64,
    travel_time: i64,
    overtime: i64,
    load: Vec<i64>,
    cost: i64,
    stops: Vec<PyStop>,
    breaks: Vec<BreakState>,
    reloads: Vec<ReloadStop>,
}

#[derive(serde::Deserialize)]
struct BreakState {
    index: usize,
    id: String,
    after: usize,
    start: i64,
    end: i64,
}

#[pymethods]
impl PySolution {
    /// One row per served job, route by route (`route`, `vehicle_type`, `vehicle_type_id`,
    /// `vehicle`, `seq`, `job`, `id`, `location`, `arrival`, `start`, `departure`,
    /// `waiting`, `lateness`), as a pandas DataFrame.
    fn to_pandas<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        py.import("tournee._tables")?
            .getattr("solution_stops")?
            .call1((self.to_dict(py)?,))
    }

    /// Pickled as its `to_dict()`.
    fn __reduce__<'py>(
        &self,
        py: Python<'py>,
    ) -> PyResult<(Bound<'py, PyAny>, (Bound<'py, PyDict>,))> {
        Ok((
            py.import("tournee._pickle")?.getattr("solution")?,
            (self.to_dict(py)?,),
        ))
    }

    /// Rebuilds a pickled solution from its `to_dict()`.
    #[staticmethod]
    fn _restore(data: &Bound<'_, PyAny>) -> PyResult<Self> {
        let mut de = pythonize::Depythonizer::from_object(data);
        let s: SolutionState = serde_path_to_error::deserialize(&mut de).map_err(|e| {
            PyValueError::new_err(format!("not a solution: at {}: {}", e.path(), e.inner()))
        })?;
        let stats = data.get_item("stats")?.downcast_into::<PyDict>()?.copy()?;
        let route = |r: RouteState| PyVehicleRoute {
            vehicle_type: r.vehicle_type,
            vehicle_type_id: r.vehicle_type_id,
            vehicle: r.vehicle,
            start_time: r.start_time,
            end_time: r.end_time,
            duration: r.duration,
            distance: r.distance,
            travel_time: r.travel_time,
            overtime: r.overtime,
            load: r.load,
            cost: r.cost,
            stops: r.stops,
            break_stops: r
                .breaks
                .into_iter()
                .map(|b| {
                    (
                        BreakStop {
                            index: b.index,
                            after: b.after,
                            start: b.start,
                            end: b.end,
                        },
                        b.id,
                    )
                })
                .collect(),
            reload_stops: r.reloads,
        };
        Ok(PySolution {
            routes: s.routes.into_iter().map(route).collect(),
            unassigned: s.unassigned,
            cost: s.cost,
            travel_cost: s.travel_cost,
            max_lateness_cost: s.max_lateness_cost,
            penalty_cost: s.penalty_cost,
            feasible: s.feasible,
            stats: stats.unbind(),
        })
    }

    /// The whole solution as plain dicts and lists (JSON-serialisable).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let d = PyDict::new(py);
        let routes = PyList::empty(py);
        for r in &self.routes {
            routes.append(r.to_dict(py)?)?;
        }
        let unassigned = PyList::empty(py);
        for u in &self.unassigned {
            unassigned.append(u.to_dict(py)?)?;
        }
        d.set_item("routes", routes)?;
        d.set_item("unassigned", unassigned)?;
        d.set_item("cost", self.cost)?;
        d.set_item("travel_cost", self.travel_cost)?;
        d.set_item("max_lateness_cost", self.max_lateness_cost)?;
        d.set_item("penalty_cost", self.penalty_cost)?;
        d.set_item("feasible", self.feasible)?;
        d.set_item("stats", self.stats.bind(py).copy()?)?;
        Ok(d)
    }

    fn __repr__(&self, py: Python<'_>) -> String {
        let stats = self.stats.bind(py);
        let get = |k: &str| {
            stats
                .get_item(k)
                .ok()
                .flatten()
                .map(|v| v.to_string())
                .unwrap_or_default()
        };
        format!(
            "Solution(cost={}, feasible={}, routes={}, unassigned={}, iterations={}, stop_reason={})",
            self.cost,
            if self.feasible { "True" } else { "False" },
            self.routes.len(),
            self.unassigned.len(),
            get("iterations"),
            get("stop_reason"),
        )
    }
}

// --- functions --------------------------------------------------------------------------------

fn time_limit(seconds: Option<f64>) -> PyResult<Option<Duration>> {
    match seconds {
        None => Ok(None),
        Some(s) if s.is_finite() && s > 0.0 => Ok(Some(Duration::from_secs_f64(s))),
        Some(s) => Err(PyValueError::new_err(format!(
            "time_limit must be a positive number of seconds, got {s}"
        ))),
    }
}

fn threads_arg(threads: usize) -> PyResult<usize> {
    if threads == 0 {
        return Err(PyValueError::new_err("threads must be at least 1"));
    }
    Ok(threads)
}

/// Solves a vehicle-routing problem (VRPTW and home-care variants) on integer matrices.
///
/// See the type stubs (`tournee/_tournee.pyi`) for every key of `jobs` and `vehicles`.
#[pyfunction]
#[pyo3(signature = (
    durations, jobs, vehicles, *, distances = None, profiles = None, objective = None,
    links = None, shipments = None, time_limit = None, iterations = None, target_cost = None, threads = 1, seed = 1,
    progress = None
))]
#[allow(clippy::too_many_arguments)]
fn solve(
    py: Python<'_>,
    durations: Option<&Bound<'_, PyAny>>,
    jobs: &Bound<'_, PyAny>,
    vehicles: &Bound<'_, PyAny>,
    distances: Option<&Bound<'_, PyAny>>,
    profiles: Option<&Bound<'_, PyAny>>,
    objective: Option<&Bound<'_, PyAny>>,
    links: Option<&Bound<'_, PyAny>>,
    shipments: Option<&Bound<'_, PyAny>>,
    time_limit: Option<f64>,
    iterations: Option<u64>,
    target_cost: Option<i64>,
    threads: usize,
    seed: u64,
    progress: Option<Py<PyAny>>,
) -> PyResult<PySolution> {
    let problem = build_problem(
        py, durations, jobs, vehicles, distances, profiles, objective, links, shipments,
    )?;
    let progress = progress.filter(|p| !p.is_none(py));
    if let Some(p) = &progress {
        if !p.bind(py).is_callable() {
            return Err(PyTypeError::new_err("progress must be a callable or None"));
        }
    }
    let cancel = CancelToken::new();
    // The first exception raised by the callback (or a pending signal such as Ctrl-C): the solve
    // is cancelled and the exception re-raised once it returns.
    let failure: Arc<Mutex<Option<PyErr>>> = Arc::default();
    let progress_fn: ProgressFn = {
        let (cancel, failure) = (cancel.clone(), failure.clone());
        Arc::new(move |p: &Progress| {
            if cancel.is_cancelled() {
                return;
            }
            Python::attach(|py| {
                let outcome = (|| -> PyResult<bool> {
                    py.check_signals()?;
                    let Some(cb) = &progress else {
                        return Ok(true);
                    };
                    let d = PyDict::new(py);
                    d.set_item("iterations", p.iterations)?;
                    d.set_item("elapsed_seconds", p.elapsed_seconds)?;
                    d.set_item("best_cost", p.best_cost)?;
                    let r = cb.bind(py).call1((d,))?;
                    // Returning False stops the search (the best solution so far is returned).
                    Ok(!r.is_instance_of::<PyBool>() || r.is_truthy()?)
                })();
                match outcome {
                    Ok(true) => {}
                    Ok(false) => cancel.cancel(),
                    Err(e) => {
                        if let Ok(mut f) = failure.lock() {
                            f.get_or_insert(e);
                        }
                        cancel.cancel();
                    }
                }
            })
        })
    };
    let options = SolveOptions {
        time_limit: self::time_limit(time_limit)?,
        iteration_limit: iterations,
        target_cost,
        threads: threads_arg(threads)?,
        seed,
        cancel: Some(cancel),
        progress: Some(progress_fn),
        ..SolveOptions::default()
    };
    let watched = options.cancel.clone().expect("the options carry the token");
    let result = detach_search(py, &watched, || tournee_solver::solve(&problem, &options))?;
    if let Some(e) = failure.lock().ok().and_then(|mut f| f.take()) {
        return Err(e);
    }
    let solution = result.map_err(|e| solve_err(py, &e))?;
    PySolution::new(py, &problem, &solution)
}

fn rounding(s: &str) -> PyResult<Rounding> {
    s.parse().map_err(PyValueError::new_err)
}

fn i64_array<'py>(py: Python<'py>, m: &Matrix) -> PyResult<Bound<'py, PyAny>> {
    let n = m.size();
    let flat: Vec<i64> = m
        .rows()
        .iter()
        .flat_map(|r| r.iter().map(|v| v.unwrap_or(0)))
        .collect();
    let arr = Array2::from_shape_vec((n, n), flat)
        .map_err(|e| TourneeError::new_err(format!("internal error: {e}")))?;
    Ok(arr.into_pyarray(py).into_any())
}

fn job_dict<'py>(py: Python<'py>, j: &Job) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("id", &j.id)?;
    d.set_item("location", j.location)?;
    d.set_item("service", j.service)?;
    let windows: Vec<(i64, i64)> = j.time_windows.iter().map(|w| (w.open, w.close)).collect();
    d.set_item("time_windows", windows)?;
    d.set_item("demand", &j.demand)?;
    d.set_item("skills", &j.skills)?;
    d.set_item("priority", j.priority)?;
    match j.kind {
        JobKind::Required => d.set_item("required", true)?,
        JobKind::Optional { penalty } => {
            d.set_item("required", false)?;
            d.set_item("penalty", penalty)?;
        }
    }
    Ok(d)
}

fn vehicle_dict<'py>(py: Python<'py>, v: &VehicleType) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("id", &v.id)?;
    d.set_item("count", v.count)?;
    d.set_item("profile", v.profile)?;
    d.set_item("start", v.start)?;
    d.set_item("end", v.end)?;
    d.set_item("shift", (v.shift.open, v.shift.close))?;
    d.set_item("capacity", &v.capacity)?;
    d.set_item("skills", &v.skills)?;
    d.set_item("max_duration", v.max_duration)?;
    d.set_item("fixed_cost", v.fixed_cost)?;
    d.set_item("cost_per_time", v.cost_per_time)?;
    d.set_item("cost_per_distance", v.cost_per_distance)?;
    Ok(d)
}

/// Reads a Solomon / Gehring-Homberger VRPTW file.
///
/// Returns `{"name", "vehicles", "capacity", "depot", "customers", "rounding", "scale",
/// "problem"}`: `depot` and each customer are dicts `{"id", "x", "y", "demand", "ready", "due",
/// "service"}` in the file's units; `problem` holds the keyword arguments of `tournee.solve`
/// (`durations`, `distances` as int64 arrays, `jobs`, `vehicles`) for the integer model, whose
/// times and distances are the file's multiplied by `scale`.
#[pyfunction]
#[pyo3(signature = (path, *, rounding = "exact"))]
fn read_solomon<'py>(
    py: Python<'py>,
    path: PathBuf,
    rounding: &str,
) -> PyResult<Bound<'py, PyDict>> {
    let r = self::rounding(rounding)?;
    let (inst, problem) = detach_catch(py, || {
        read_solomon_file(&path).map(|inst| {
            let problem = inst.to_problem(r);
            (inst, problem)
        })
    })?
    .map_err(|e| read_err(py, &e))?;
    let node = |n| -> PyResult<Bound<'py, PyAny>> { crate::convert::to_py(py, n) };
    let d = PyDict::new(py);
    d.set_item("name", &inst.name)?;
    d.set_item("vehicles", inst.vehicles)?;
    d.set_item("capacity", inst.capacity)?;
    if let Some(depot) = inst.nodes.first() {
        d.set_item("depot", node(depot)?)?;
    }
    let customers = PyList::empty(py);
    for n in inst.nodes.iter().skip(1) {
        customers.append(node(n)?)?;
    }
    d.set_item("customers", customers)?;
    d.set_item("rounding", rounding)?;
    d.set_item("scale", r.scale())?;
    let p = PyDict::new(py);
    let profile = &problem.profiles[0];
    p.set_item("durations", i64_array(py, &profile.durations)?)?;
    p.set_item("distances", i64_array(py, &profile.distances)?)?;
    let jobs = PyList::empty(py);
    for j in &problem.jobs {
        jobs.append(job_dict(py, j)?)?;
    }
    p.set_item("jobs", jobs)?;
    let vehicles = PyList::empty(py);
    for v in &problem.vehicle_types {
        vehicles.append(vehicle_dict(py, v)?)?;
    }
    p.set_item("vehicles", vehicles)?;
    d.set_item("problem", p)?;
    Ok(d)
}

/// Solves a Solomon / Gehring-Homberger file and checks the result independently, like
/// `tournee solve FILE --format solomon`.
///
/// Returns `(report, solution)`: the report has the keys of the Rust `InstanceReport`; the
/// solution is `{"cost", "routes": [{"customers", "arrivals"}]}` in the file's units.
#[pyfunction]
#[pyo3(
    signature = (path, *, rounding = "exact", time_limit = Some(10.0), iterations = None, threads = 1, seed = 1),
    text_signature = "(path, *, rounding='exact', time_limit=10.0, iterations=None, threads=1, seed=1)"
)]
fn solve_solomon<'py>(
    py: Python<'py>,
    path: PathBuf,
    rounding: &str,
    time_limit: Option<f64>,
    iterations: Option<u64>,
    threads: usize,
    seed: u64,
) -> PyResult<(Bound<'py, PyAny>, Bound<'py, PyAny>)> {
    let r = self::rounding(rounding)?;
    let options = SolveOptions {
        time_limit: self::time_limit(time_limit)?,
        iteration_limit: iterations,
        threads: threads_arg(threads)?,
        seed,
        ..SolveOptions::default()
    };
    let (report, solution) = detach_catch(py, || solve_instance_file(&path, r, &options))?
        .map_err(|e| bench_err(py, &e))?;
    Ok((
        crate::convert::to_py(py, &report)?,
        crate::convert::to_py(py, &solution)?,
    ))
}

/// Adds the solver's functions, classes and exceptions to the `_tournee` module.
pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add_class::<PySolution>()?;
    m.add_class::<PyVehicleRoute>()?;
    m.add_class::<PyStop>()?;
    m.add_class::<PyUnassigned>()?;
    m.add_function(wrap_pyfunction!(solve, m)?)?;
    m.add_function(wrap_pyfunction!(read_solomon, m)?)?;
    m.add_function(wrap_pyfunction!(solve_solomon, m)?)?;
    m.add("ProblemError", py.get_type::<ProblemError_>())?;
    m.add("SolveError", py.get_type::<SolveError_>())?;
    m.add("SolomonFormatError", py.get_type::<SolomonFormatError>())?;
    Ok(())
}
