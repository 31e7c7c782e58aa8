//! Bindings for `tournee plan-week` (the `tournee::week` domain layer): `plan_week`,
//! `WeekPlan` and `default_week`.
//!
//! Same rules as `plan.rs`: a thin conversion layer, planning runs with the GIL released,
//! panics become `tournee.TourneeError`, Rust errors reach Python with their `Display` as the
//! message (`PlanInputError` with the item named for a bad week); tables come back as
//! `pandas.DataFrame`s.

use std::path::PathBuf;
use std::sync::Arc;

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use serde_json::{json, Value};
use tournee::plan::{Built, Day, Plan, PlanError, ReplanOptions, TravelInput};
use tournee::week::{
    default_week as rust_default_week, horizon_dates, plan_day_by_day, plan_week_model,
    replan_week, week_changes_csv, Travel, Week, WeekModel, WeekOptions, WeekPlan,
};
use tournee_roads::RoadNetwork;

use crate::plan::cancel_of;
use crate::plan::{
    data_frame, events_arg, in_pool, matrix_arg, matrix_from_json, matrix_json, network_arg,
    pickle_fn, plan_err, search_options, to_py, PlanSource, PyPlan, REPLAN_TIME_LIMIT,
};
use crate::solver::detach_search;
use crate::{PyRoadNetwork, TourneeError};

/// Search time of `plan_week` when neither a time nor an iteration limit is given (as the CLI).
const DEFAULT_WEEK_TIME_LIMIT: f64 = 30.0;

/// A dict in the JSON schema of docs/week-input.md, or the path of a JSON file.
fn week_arg(py: Python<'_>, week: &Bound<'_, PyAny>) -> PyResult<Week> {
    if week.downcast::<pyo3::types::PyMapping>().is_ok() {
        return crate::convert::from_py(py, week, "week");
    }
    if let Ok(path) = week.extract::<PathBuf>() {
        return Week::read_json(&path).map_err(|e| plan_err(py, e));
    }
    Err(PyTypeError::new_err(format!(
        "week must be a dict in the JSON schema of docs/week-input.md or the path of a JSON file, got {}",
        week.get_type().name()?
    )))
}

/// The embedded example week (7 days, nine carers, sixty patients on the generated rural
/// canton of `default_day`) as a dict.
#[pyfunction]
fn default_week(py: Python<'_>) -> PyResult<Bound<'_, PyAny>> {
    to_py(py, &rust_default_week())
}

/// Reads a week from a coordinator's spreadsheet: `carers.csv` (one column per weekday or
/// date holding the shift), `orders.csv` and the dates (`"FIRST..LAST"` or a list); returns
/// the week as a dict in the JSON schema (what `plan_week` takes).
#[pyfunction]
fn read_week_csv<'py>(
    py: Python<'py>,
    carers: PathBuf,
    orders: PathBuf,
    days: &Bound<'py, PyAny>,
) -> PyResult<Bound<'py, PyAny>> {
    let dates: Vec<String> = if let Ok(spec) = days.extract::<String>() {
        horizon_dates(&spec).ok_or_else(|| {
            PyValueError::new_err(format!(
                "days={spec:?}: give \"FIRST..LAST\" or a comma-separated list of dates YYYY-MM-DD"
            ))
        })?
    } else {
        days.extract::<Vec<String>>().map_err(|_| {
            PyTypeError::new_err("days must be \"FIRST..LAST\" or a list of dates YYYY-MM-DD")
        })?
    };
    let week = Week::read_csv(&dates, &carers, &orders).map_err(|e| plan_err(py, e))?;
    to_py(py, &week)
}

/// Plans a week of recurring care as one search (or day by day with
/// `baseline="day-by-day"`), on a road network or a travel matrix.
#[pyfunction]
#[pyo3(signature = (
    week = None, *, osm = None, network = None, matrix = None, time_limit = None,
    iterations = None, threads = None, seed = 1, baseline = None
))]
#[allow(clippy::too_many_arguments)]
fn plan_week(
    py: Python<'_>,
    week: Option<&Bound<'_, PyAny>>,
    osm: Option<PathBuf>,
    network: Option<Bound<'_, PyRoadNetwork>>,
    matrix: Option<&Bound<'_, PyAny>>,
    time_limit: Option<f64>,
    iterations: Option<u64>,
    threads: Option<usize>,
    seed: u64,
    baseline: Option<&str>,
) -> PyResult<PyWeekPlan> {
    let day_by_day = match baseline {
        None => false,
        Some("day-by-day") => true,
        Some(other) => {
            return Err(PyValueError::new_err(format!(
                "baseline must be None or \"day-by-day\", got {other:?}"
            )))
        }
    };
    let week = match week.filter(|w| !w.is_none()) {
        Some(w) => Some(week_arg(py, w)?),
        None => None,
    };
    let (care, pool) = search_options(
        time_limit,
        iterations,
        threads,
        seed,
        DEFAULT_WEEK_TIME_LIMIT,
    )?;
    let cancel = cancel_of(&care);
    let options = WeekOptions { care };
    let solve = |week: &Week, travel: Travel| -> Result<WeekPlan, PlanError> {
        let work = || {
            let model = WeekModel::new(week, travel)?;
            if day_by_day {
                plan_day_by_day(&model, &options)
            } else {
                plan_week_model(&model, &options)
            }
        };
        in_pool(pool.as_ref(), work)
    };
    if let Some(m) = matrix.filter(|m| !m.is_none()) {
        if osm.is_some() || network.is_some() {
            return Err(PyValueError::new_err(
                "give either matrix= or a road network (osm= / network=), not both",
            ));
        }
        let Some(week) = week else {
            return Err(PyValueError::new_err(
                "give the week to plan on the matrix (the example week lies on the generated canton)",
            ));
        };
        let travel = matrix_arg(m)?;
        let inner = detach_search(py, &cancel, || solve(&week, Travel::Matrix(&travel)))?
            .map_err(|e| plan_err(py, e))?;
        return Ok(PyWeekPlan {
            inner,
            net: None,
            matrix: Some(travel),
        });
    }
    let net = network_arg(py, osm, network, threads)?;
    let week = week.unwrap_or_else(rust_default_week);
    let inner = {
        let guard = net.borrow(py);
        let road: &RoadNetwork = &guard.inner;
        detach_search(py, &cancel, || solve(&week, Travel::Network(road)))?
    }
    .map_err(|e| plan_err(py, e))?;
    Ok(PyWeekPlan {
        inner,
        net: Some(net),
        matrix: None,
    })
}

/// Columns of `WeekPlan.changes()`.
const CHANGE_COLUMNS: [&str; 8] = [
    "date",
    "visit",
    "patient",
    "old_carer",
    "old_start",
    "new_carer",
    "new_start",
    "reason",
];

/// Columns of `WeekPlan.carers()`.
const CARER_COLUMNS: [&str; 8] = [
    "carer",
    "role",
    "date",
    "leave",
    "back",
    "visits",
    "working_min",
    "driving_min",
];

/// Columns of `WeekPlan.patients()`.
const PATIENT_COLUMNS: [&str; 4] = ["patient", "visits", "n_carers", "carers"];

/// Columns of `WeekPlan.unassigned()`.
const UNASSIGNED_COLUMNS: [&str; 5] = ["visit", "patient", "days", "code", "message"];

/// Columns of `WeekPlan.days_table()`.
const DAY_COLUMNS: [&str; 6] = [
    "date",
    "visits",
    "served",
    "driving_min",
    "working_min",
    "unassigned",
];

/// A planned week: one `Plan` per day, totals, per carer per day, per patient, the flexible
/// visits that found no day, the checker's verdict.
#[pyclass(name = "WeekPlan", module = "tournee", frozen)]
struct PyWeekPlan {
    inner: WeekPlan,
    net: Option<Py<PyRoadNetwork>>,
    /// The travel matrix of a week on a matrix.
    matrix: Option<TravelInput>,
}

#[pymethods]
impl PyWeekPlan {
    /// Pickled as its JSON, each day's input (for `replan` and `day`), its network and matrix.
    #[allow(clippy::type_complexity)]
    fn __reduce__<'py>(
        &self,
        py: Python<'py>,
    ) -> PyResult<(
        Bound<'py, PyAny>,
        (
            String,
            Vec<Option<String>>,
            Option<Py<PyRoadNetwork>>,
            Option<String>,
        ),
    )> {
        let text = serde_json::to_string(&self.inner).expect("a week plan serialises");
        let days = self
            .inner
            .days
            .iter()
            .map(|d| d.day.as_ref().map(Day::to_json))
            .collect();
        Ok((
            pickle_fn(py, "week_plan")?,
            (
                text,
                days,
                self.net.as_ref().map(|n| n.clone_ref(py)),
                self.matrix.as_ref().map(matrix_json),
            ),
        ))
    }

    /// Rebuilds a pickled week plan (see `__reduce__`).
    #[staticmethod]
    fn _restore(
        py: Python<'_>,
        text: &str,
        days: Vec<Option<String>>,
        net: Option<Py<PyRoadNetwork>>,
        matrix: Option<&str>,
    ) -> PyResult<Self> {
        let bad = |detail: String| {
            plan_err(
                py,
                PlanError::Json {
                    path: "week plan".into(),
                    detail,
                },
            )
        };
        let mut inner: WeekPlan = serde_json::from_str(text).map_err(|e| bad(e.to_string()))?;
        if days.len() != inner.days.len() {
            return Err(bad(format!(
                "{} days of input for {} days",
                days.len(),
                inner.days.len()
            )));
        }
        for (d, text) in inner.days.iter_mut().zip(days) {
            d.day = text
                .map(|t| Day::from_json(&t).map_err(|e| plan_err(py, e)))
                .transpose()?;
        }
        Ok(PyWeekPlan {
            inner,
            net,
            matrix: matrix.map(|m| matrix_from_json(py, m)).transpose()?,
        })
    }

    /// The week's name, if it has one.
    #[getter]
    fn name(&self) -> Option<String> {
        self.inner.name.clone()
    }

    /// The dates of the horizon, in order.
    #[getter]
    fn dates(&self) -> Vec<String> {
        self.inner.days.iter().map(|d| d.date.clone()).collect()
    }

    /// Figures for the whole week (visits, served, driving, working time and its spread per
    /// role, distinct carers per patient).
    #[getter]
    fn totals<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner.totals)
    }

    /// The independent checker's verdict: `{"valid": bool, "violations": [str]}`.
    #[getter]
    fn check<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner.check)
    }

    /// How the search went.
    #[getter]
    fn search<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner.search)
    }

    /// The plan of one day (`"YYYY-MM-DD"`), a `Plan` like `tournee.plan` gives.
    fn day(&self, py: Python<'_>, date: &str) -> PyResult<PyPlan> {
        let plan = self.inner.day(date).ok_or_else(|| {
            PyValueError::new_err(format!(
                "{date} is not a day of this week ({})",
                self.dates().join(", ")
            ))
        })?;
        let day = self
            .inner
            .days
            .iter()
            .find(|d| d.date == date)
            .and_then(|d| d.day.clone());
        Ok(PyPlan {
            inner: plan.clone(),
            net: self.net.as_ref().map(|n| n.clone_ref(py)),
            source: day.map(|day| {
                Arc::new(PlanSource {
                    day,
                    matrix: self.matrix.clone(),
                })
            }),
        })
    }

    /// Re-plans the week from `at` (`"YYYY-MM-DD HH:MM"`) after `events` (as for
    /// `Plan.replan`; a `carer_absent` holds for the rest of the week): the days before are
    /// kept, that day is re-planned from that time, each later day an event touches whole.
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
    ) -> PyResult<PyWeekPlan> {
        let (date, time) = at.trim().split_once([' ', 'T']).ok_or_else(|| {
            PyValueError::new_err(format!(
                "at={at:?}: give the day and the time, \"YYYY-MM-DD HH:MM\""
            ))
        })?;
        let events = events_arg(py, events)?;
        let (options, pool) =
            search_options(time_limit, iterations, threads, seed, REPLAN_TIME_LIMIT)?;
        let replan_options = ReplanOptions {
            tolerance_min,
            keep_announcements: !from_scratch,
        };
        let old = &self.inner;
        let guard = self.net.as_ref().map(|n| n.borrow(py));
        let travel = match (&self.matrix, &guard) {
            (Some(matrix), _) => Travel::Matrix(matrix),
            (None, Some(net)) => Travel::Network(&net.inner),
            (None, None) => {
                return Err(TourneeError::new_err(
                    "this week has neither its matrix nor its road network",
                ))
            }
        };
        let solve = |day: &Day| -> Result<(Built, Plan), PlanError> {
            in_pool(pool.as_ref(), || {
                let built = travel.build(day)?;
                let plan = built.solve(day, &options)?;
                Ok((built, plan))
            })
        };
        let result = detach_search(py, &cancel_of(&options), || {
            replan_week(old, date, time, &events, &replan_options, &solve)
        })?;
        let inner = result.map_err(|e| plan_err(py, e))?;
        Ok(PyWeekPlan {
            inner,
            net: self.net.as_ref().map(|n| n.clone_ref(py)),
            matrix: self.matrix.clone(),
        })
    }

    /// After a re-plan: what changed, one row per visit (date, visit, patient, old and new
    /// carer and start, reason); empty for a week planned once.
    fn changes<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let rows = self
            .inner
            .changes
            .iter()
            .map(|c| serde_json::to_value(c).expect("change serialises"))
            .collect();
        data_frame(py, "WeekPlan.changes()", &CHANGE_COLUMNS, rows)
    }

    /// The changes as CSV text (`changes.csv` of `tournee plan-week --replan`).
    fn changes_csv(&self) -> String {
        week_changes_csv(&self.inner.changes)
    }

    /// The whole week as a dict (the content of `week.json`).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_py(py, &self.inner)
    }

    /// The week as pretty-printed JSON (`week.json`).
    fn to_json(&self) -> String {
        self.inner.to_json()
    }

    /// The summary `tournee plan-week` prints.
    fn summary(&self) -> String {
        self.inner.summary()
    }

    /// The carer × day calendar as CSV text (`calendar.csv`).
    fn calendar_csv(&self) -> String {
        self.inner.calendar_csv()
    }

    /// The carer × day calendar as a DataFrame (the rows of `calendar.csv`).
    fn calendar<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let pd = crate::plan::pandas(py, "WeekPlan.calendar()")?;
        let text = py
            .import("io")?
            .getattr("StringIO")?
            .call1((self.inner.calendar_csv(),))?;
        let kwargs = pyo3::types::PyDict::new(py);
        kwargs.set_item("dtype", py.get_type::<pyo3::types::PyString>())?;
        kwargs.set_item("keep_default_na", false)?;
        pd.call_method("read_csv", (text,), Some(&kwargs))
    }

    /// One row per carer per day worked: carer, role, date, leave, back, visits, working and
    /// driving minutes.
    fn carers<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let rows = self
            .inner
            .carers
            .iter()
            .flat_map(|c| {
                c.days.iter().map(move |d| {
                    json!({"carer": c.carer, "role": c.role, "date": d.date, "leave": d.leave,
                           "back": d.back, "visits": d.visits, "working_min": d.working_min,
                           "driving_min": d.driving_min})
                })
            })
            .collect();
        data_frame(py, "WeekPlan.carers()", &CARER_COLUMNS, rows)
    }

    /// One row per patient: visits served, number of distinct carers, their ids.
    fn patients<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let rows = self
            .inner
            .patients
            .iter()
            .map(|p| {
                json!({"patient": p.patient, "visits": p.visits, "n_carers": p.carers.len(),
                       "carers": p.carers})
            })
            .collect();
        data_frame(py, "WeekPlan.patients()", &PATIENT_COLUMNS, rows)
    }

    /// One row per day: visits, served, driving and working minutes, visits left out.
    fn days_table<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let rows = self
            .inner
            .days
            .iter()
            .map(|d| {
                let t = &d.plan.totals;
                json!({"date": d.date, "visits": t.visits, "served": t.served,
                       "driving_min": t.driving_min, "working_min": t.working_min,
                       "unassigned": t.visits - t.served})
            })
            .collect();
        data_frame(py, "WeekPlan.days_table()", &DAY_COLUMNS, rows)
    }

    /// The flexible visits no day could take (the others are in their day's
    /// `Plan.unassigned()`): visit, patient, allowed days, code, message.
    fn unassigned<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let rows: Vec<Value> = self
            .inner
            .unassigned
            .iter()
            .map(|u| serde_json::to_value(u).expect("unassigned visit serialises"))
            .collect();
        data_frame(py, "WeekPlan.unassigned()", &UNASSIGNED_COLUMNS, rows)
    }

    fn __repr__(&self) -> String {
        let t = &self.inner.totals;
        format!(
            "WeekPlan(days={}, served={}/{}, driving_min={}, carers_per_patient={}, valid={})",
            self.inner.days.len(),
            t.served,
            t.visits,
            t.driving_min,
            t.mean_carers_per_patient,
            if self.inner.check.valid {
                "True"
            } else {
                "False"
            }
        )
    }
}

/// Registers the week functions and class.
pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyWeekPlan>()?;
    m.add_function(wrap_pyfunction!(plan_week, m)?)?;
    m.add_function(wrap_pyfunction!(default_week, m)?)?;
    m.add_function(wrap_pyfunction!(read_week_csv, m)?)?;
    Ok(())
}
