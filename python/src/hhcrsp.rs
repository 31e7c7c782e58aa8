//! Bindings for the HHCRSP benchmark tools of the `tournee` crate (instance import and the
//! independent solution checker).

use std::path::PathBuf;

use pyo3::exceptions::{PyFileNotFoundError, PyOSError};
use pyo3::prelude::*;
use tournee::hhcrsp::{check, BenchSolution, HhcrspError, Instance};

use crate::{json_to_py, TourneeError};

fn read_err(e: HhcrspError) -> PyErr {
    match &e {
        HhcrspError::Io { source, .. } if source.kind() == std::io::ErrorKind::NotFound => {
            PyFileNotFoundError::new_err(e.to_string())
        }
        HhcrspError::Io { .. } => PyOSError::new_err(e.to_string()),
        HhcrspError::Format { .. } => TourneeError::new_err(e.to_string()),
    }
}

/// Checks an HHCRSP solution against its instance, independently of any solver, and returns
/// `{"valid", "violations", "distance", "total_tardiness", "max_tardiness", "cost"}`.
///
/// `solution` is a path to a solution file or a dict in the benchmark's format (keys
/// `patient_id`/`service_id` or `patient`/`service`).
#[pyfunction]
pub(crate) fn check_hhcrsp<'py>(
    py: Python<'py>,
    instance: PathBuf,
    solution: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let inst = py.detach(|| Instance::read(&instance)).map_err(read_err)?;
    let text: String = if let Ok(path) = solution.extract::<PathBuf>() {
        std::fs::read_to_string(&path).map_err(|e| {
            let msg = format!("cannot read {}: {e}", path.display());
            if e.kind() == std::io::ErrorKind::NotFound {
                PyFileNotFoundError::new_err(msg)
            } else {
                PyOSError::new_err(msg)
            }
        })?
    } else {
        py.import("json")?
            .call_method1("dumps", (solution,))?
            .extract()?
    };
    let sol =
        BenchSolution::parse(&text).map_err(|e| TourneeError::new_err(format!("solution: {e}")))?;
    let report = check(&inst, &sol);
    json_to_py(
        py,
        &serde_json::to_string(&report).expect("report serialises"),
    )
}

/// Registers the functions of this module.
pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(check_hhcrsp, m)?)
}
