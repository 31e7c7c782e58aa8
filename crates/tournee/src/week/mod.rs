//! Planning a week of recurring care: the carers' shifts day by day, care orders that repeat
//! (every day, on given days, or N times on days the planner chooses, spaced), all planned in
//! one search so that the choice of *which day* a flexible visit goes on, the rounds of every
//! day and continuity over the week are weighed together.
//!
//! A [`Week`] is read from JSON (`docs/week-input.md`); [`WeekModel::new`] checks it (typed
//! [`PlanError`](crate::plan::PlanError)s naming the order or carer), expands the orders into
//! occurrences ([`expand`]), and builds the places and travel matrix on a road network or the
//! user's own matrix. [`plan_week_model`] plans it; [`plan_day_by_day`] plans the same orders
//! the way a single-day tool must, for comparison. Both give a [`WeekPlan`]: one
//! [`Plan`](crate::plan::Plan) per day, totals, per carer per day, per patient, each day
//! checked by the independent day checker and the spacing checked over the week.
//!
//! ```
//! use tournee::plan::TravelInput;
//! use tournee::week::{plan_week_model, Travel, Week, WeekModel, WeekOptions};
//! use tournee_solver::care::CareOptions;
//! let week = Week::from_json(r#"{
//!   "days": ["2026-12-07", "2026-12-08", "2026-12-09"],
//!   "carers": [{"id": "n1", "skills": ["nursing"], "start_index": 0,
//!               "shifts": {"mon": ["07:00", "12:00"], "tue": ["07:00", "12:00"], "wed": ["07:00", "12:00"]}}],
//!   "orders": [
//!     {"id": "insulin", "patient": "p1", "location_index": 1, "duration_min": 10,
//!      "windows": [["07:00", "09:00"]], "skills": ["nursing"]},
//!     {"id": "dressing", "patient": "p2", "location_index": 2, "duration_min": 20,
//!      "times": 2, "min_days_between": 2, "skills": ["nursing"]}
//!   ]
//! }"#).unwrap();
//! let m = TravelInput::new(
//!     vec![vec![0.0, 600.0, 900.0], vec![600.0, 0.0, 600.0], vec![900.0, 600.0, 0.0]],
//!     vec![vec![0.0, 8e3, 12e3], vec![8e3, 0.0, 8e3], vec![12e3, 8e3, 0.0]]);
//! let model = WeekModel::new(&week, Travel::Matrix(&m)).unwrap();
//! assert_eq!(model.occurrences.len(), 5); // insulin × 3 days, dressing × 2
//! let options = WeekOptions { care: CareOptions { iterations: Some(200), ..Default::default() } };
//! let plan = plan_week_model(&model, &options).unwrap();
//! assert!(plan.check.valid, "{:?}", plan.check.violations);
//! assert_eq!(plan.totals.served, 5);
//! // The dressings are two days apart: Monday and Wednesday.
//! assert_eq!(plan.day("2026-12-08").unwrap().totals.served, 1);
//! ```

mod calendar;
pub mod csv;
mod default_week;
mod expand;
mod input;
mod model;
mod output;
mod plan;
mod replan;
#[cfg(test)]
mod tests;

pub use crate::plan::Travel;
pub use calendar::{date_of, day_number, horizon_dates, weekday, WEEKDAYS};
pub use csv::CsvWeek;
pub use default_week::default_week;
pub use expand::{earliest_days, expand, spacing, Horizon, Occurrence, Spacing};
pub use input::{Order, Week, WeekCarer, WeekWeights};
pub use model::{gap_bounds, Referents, WeekModel};
pub use output::{
    CarerDay, CarerWeek, PatientWeek, WeekCheck, WeekDay, WeekPlan, WeekTotals, WeekUnassigned,
};
pub use plan::{plan_day_by_day, plan_week_model, WeekOptions};
pub use replan::{replan_week, week_changes_csv, SolveDay, WeekChange, WEEK_CHANGES_COLUMNS};
