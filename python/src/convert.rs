//! Python values in and out of the Rust types, directly (`pythonize`, no JSON text in between).
//!
//! In: `tournee._convert.plain` first turns what notebooks hold (numpy scalars and arrays,
//! pandas' missing values, `datetime.time`, `Timestamp`, `Timedelta`) into plain data, then
//! serde reads it, with the path of a bad value (`day.visits[3].duration_min`) in the error.
//! Out: serialisable values become dicts, lists, numbers, str and None.

use pyo3::prelude::*;
use serde::de::DeserializeOwned;
use serde::Serialize;
use tournee::plan::{Frame, PlanError};

use crate::plan::plan_err;

/// Reads a `T` from a Python value (see the module docs); `what` names it in errors
/// (`"day"`, `"events"`, `"week"`). A value of the wrong shape raises
/// `tournee.PlanInputError` naming its path.
pub(crate) fn from_py<T: DeserializeOwned>(
    py: Python<'_>,
    value: &Bound<'_, PyAny>,
    what: &str,
) -> PyResult<T> {
    let plain = py
        .import("tournee._convert")?
        .getattr("plain")?
        .call1((value, what))?;
    let mut de = pythonize::Depythonizer::from_object(&plain);
    serde_path_to_error::deserialize(&mut de).map_err(|e| {
        let path = e.path().to_string();
        let detail = if path == "." {
            e.inner().to_string()
        } else {
            format!("at {path}: {}", e.inner())
        };
        plan_err(
            py,
            PlanError::Json {
                path: what.to_string(),
                detail,
            },
        )
    })
}

/// Converts a serialisable value to Python objects (dicts, lists, numbers, str, None), as
/// its JSON form reads: through a `serde_json::Value` (no text), so that fixed-size arrays
/// (coordinates) are lists as in `plan.json`, not tuples, and non-finite numbers `None`.
pub(crate) fn to_py<'py, T: Serialize>(py: Python<'py>, v: &T) -> PyResult<Bound<'py, PyAny>> {
    let value = serde_json::to_value(v).map_err(|e| {
        pyo3::exceptions::PyRuntimeError::new_err(format!("a value did not convert: {e}"))
    })?;
    pythonize::pythonize(py, &value).map_err(|e| {
        pyo3::exceptions::PyRuntimeError::new_err(format!("a value did not convert: {e}"))
    })
}

/// A pandas DataFrame as a [`Frame`] of cell texts (`tournee._convert.frame_cells`: numpy and
/// pandas values, times and durations converted; errors name the row and the column).
pub(crate) fn frame_arg(
    py: Python<'_>,
    frame: &Bound<'_, PyAny>,
    what: &str,
    date: Option<&Bound<'_, PyAny>>,
) -> PyResult<Frame> {
    let (columns, rows): (Vec<String>, Vec<Vec<String>>) = py
        .import("tournee._convert")?
        .getattr("frame_cells")?
        .call1((frame, what, date))?
        .extract()?;
    Ok(Frame { columns, rows })
}
