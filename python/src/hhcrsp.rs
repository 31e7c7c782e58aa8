//! Bindings for the HHCRSP benchmark tools of the `tournee` crate (instance import, solving with
//! the care engine and the independent solution checker).

use std::path::PathBuf;

use pyo3::exceptions::{PyFileNotFoundError, PyOSError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyDict;
use tournee::hhcrsp::{check, solve, BenchSolution, HhcrspError, Instance};
use tournee_solver::care::CareOptions;

use crate::solver::detach_catch;
use crate::{json_to_py, TourneeError};

fn read_err(e: HhcrspError) -> PyErr {
    match &e {
        HhcrspError::Io { source, .. } if source.kind() == std::io::ErrorKind::NotFound => {
            PyFileNotFoundError::new_err(e.to_string())
        }
        HhcrspError::Io { .. } => PyOSError::new_err(e.to_string()),
        HhcrspError::Format { .. } | HhcrspError::Invalid { .. } => {
            TourneeError::new_err(e.to_string())
        }
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
    crate::convert::to_py(py, &report)
}

/// Solves an HHCRSP instance file with the care engine, like `tournee solve FILE --format
/// hhcrsp`, and checks the solution with the independent checker.
///
/// Returns `{"instance", "cost", "distance", "total_tardiness", "max_tardiness", "valid",
/// "violations", "iterations", "elapsed_seconds", "threads", "seed", "solution"}`; `solution`
/// is the benchmark-format dict, also written to `out` when given.
#[pyfunction]
#[pyo3(
    signature = (path, *, time_limit = Some(10.0), iterations = None, threads = 1, seed = 1, out = None),
    text_signature = "(path, *, time_limit=10.0, iterations=None, threads=1, seed=1, out=None)"
)]
pub(crate) fn solve_hhcrsp<'py>(
    py: Python<'py>,
    path: PathBuf,
    time_limit: Option<f64>,
    iterations: Option<u64>,
    threads: usize,
    seed: u64,
    out: Option<PathBuf>,
) -> PyResult<Bound<'py, PyDict>> {
    if let Some(t) = time_limit {
        if !(t.is_finite() && t > 0.0) {
            return Err(PyValueError::new_err(format!(
                "time_limit must be a positive number of seconds, got {t}"
            )));
        }
    }
    if threads == 0 {
        return Err(PyValueError::new_err("threads must be at least 1"));
    }
    let inst = py.detach(|| Instance::read(&path)).map_err(read_err)?;
    let options = CareOptions {
        time_limit,
        iterations,
        threads,
        seed,
        cancel: None,
        ..Default::default()
    };
    let solved = detach_catch(py, || solve(&inst, &options))?.map_err(read_err)?;
    let solution = solved.solution.to_json();
    if let Some(out) = &out {
        tournee_roads::write_atomic(out, solution.as_bytes())
            .map_err(|e| PyOSError::new_err(format!("cannot write {}: {e}", out.display())))?;
    }
    let r = &solved.report;
    let d = PyDict::new(py);
    d.set_item("instance", &inst.name)?;
    d.set_item("cost", r.cost)?;
    d.set_item("distance", r.distance)?;
    d.set_item("total_tardiness", r.total_tardiness)?;
    d.set_item("max_tardiness", r.max_tardiness)?;
    d.set_item("valid", r.valid)?;
    d.set_item("violations", &r.violations)?;
    d.set_item("iterations", solved.stats.iterations)?;
    d.set_item("elapsed_seconds", solved.stats.elapsed_seconds)?;
    d.set_item("threads", threads)?;
    d.set_item("seed", seed)?;
    d.set_item("solution", json_to_py(py, &solution)?)?;
    Ok(d)
}

/// Registers the functions of this module.
pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(check_hhcrsp, m)?)?;
    m.add_function(wrap_pyfunction!(solve_hhcrsp, m)?)
}
