//! The week to plan, as a coordinator writes it: the dates of the horizon, the carers with a
//! shift per day they work, and care orders per patient that expand into visits (every day,
//! on given days, or N times on days the planner chooses). Read from JSON or from CSV files
//! ([`Week::from_json`], [`Week::from_csv`]); the schema is in `docs/week-input.md`.

use std::collections::BTreeMap;
use std::path::Path;

use serde::{Deserialize, Serialize};
use tournee_solver::care::Weights;

use crate::plan::{BreakInput, LatenessInput, LinkInput, PlanError, ReloadsInput};

/// A horizon of days to plan together.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Week {
    /// A name for reports (optional).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The dates of the horizon, `"YYYY-MM-DD"`, increasing (gaps allowed: weekdays only).
    pub days: Vec<String>,
    /// The carers of the team.
    pub carers: Vec<WeekCarer>,
    /// The care orders.
    pub orders: Vec<Order>,
    /// Timing rules between two orders of fixed days (a wash then a dressing within the
    /// hour): `first` and `second` name orders; on every day both happen, their visits are
    /// linked as in a day's `links` (optional, default none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<LinkInput>,
    /// Objective weights of every day, in seconds and metres (default
    /// [`Weights::home_care`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weights: Option<Weights>,
    /// Weights of the rules that span the week (default [`WeekWeights::default`]).
    #[serde(default)]
    pub week_weights: WeekWeights,
}

/// Weights of the rules over the horizon.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct WeekWeights {
    /// Cost of one visit of a patient by a carer who is neither the patient's referent that
    /// day (the `referent` of the order, or else the first carer working that day among those
    /// who served the patient most in the first pass) nor a carer the patient met earlier in
    /// the week, in the unit of [`Weights::continuity`]'s multiplier: each such visit costs
    /// `continuity × Weights::continuity`.
    pub continuity: f64,
    /// Fairness between carers of one role: on each day (planned in calendar order), a
    /// carer's working time costs `fairness × Weights::travel_time` per second and per hour
    /// they have worked so far more than the least-worked colleague of the same role working
    /// that day (0: no fairness). With 0.1, a nurse ten hours ahead pays for working like for
    /// driving.
    pub fairness: f64,
}

impl Default for WeekWeights {
    fn default() -> Self {
        WeekWeights {
            continuity: 0.05,
            fairness: 0.0,
        }
    }
}

/// A carer of the team, with the shifts of the days they work.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct WeekCarer {
    /// Unique id.
    pub id: String,
    /// Role, free text for reports (`"nurse"`, `"aide"`, `"psad"`).
    #[serde(default)]
    pub role: String,
    /// Skills held.
    #[serde(default)]
    pub skills: Vec<String>,
    /// Shift per day worked, `["HH:MM", "HH:MM"]`, keyed by date (`"2026-12-07"`) or by
    /// weekday (`"mon"` … `"sun"`); a date overrides its weekday. Days not listed are off.
    pub shifts: BTreeMap<String, [String; 2]>,
    /// Where the days start, `[lon, lat]` (on a road map).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<[f64; 2]>,
    /// Where the days end (default: `start`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<[f64; 2]>,
    /// Where the days start as a matrix row (on a matrix).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_index: Option<usize>,
    /// Where the days end as a matrix row.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_index: Option<usize>,
    /// Breaks of each working day.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub breaks: Vec<BreakInput>,
    /// Longest working time of one day in minutes (optional, hard).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_working_time_min: Option<f64>,
    /// Longest working time over the whole horizon in minutes (a weekly contract; optional,
    /// hard): each day may use its share of what is left, in proportion to its shift.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_week_working_time_min: Option<f64>,
    /// Minutes after the shift's end the carer may come back (default 0).
    #[serde(default)]
    pub max_overtime_min: f64,
    /// Van capacity per equipment dimension (empty = unlimited).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub capacity: Vec<i64>,
    /// Depots where a PSAD van may reload.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reloads: Option<ReloadsInput>,
}

/// A care order: one kind of care for one patient, repeated over the horizon.
///
/// When it happens:
/// - no `times`: once on each day of `days` (default: every day of the horizon);
/// - `times: N`: N visits on days of `days` that the planner chooses, at least
///   `min_days_between` calendar days apart (default 1) and at most `max_days_between`
///   (optional); `times: 1` is "once on any allowed day".
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Order {
    /// Unique id (`"dressing-roux"`); the visits are `"<id>@<date>"` (fixed days) or
    /// `"<id>#<k>"` (chosen days, k from 1).
    pub id: String,
    /// Patient (continuity of care is per patient).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub patient: Option<String>,
    /// Where, `[lon, lat]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<[f64; 2]>,
    /// Where, as a matrix row.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location_index: Option<usize>,
    /// Care duration in minutes.
    pub duration_min: f64,
    /// Windows on the start on each day it happens, as in a day's visit.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub windows: Vec<[String; 2]>,
    /// `"hard"` (default) or `"soft"`.
    #[serde(default)]
    pub lateness: LatenessInput,
    /// Allowed days: dates or weekday names (default: every day of the horizon).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub days: Vec<String>,
    /// Number of visits over the horizon on days the planner chooses (see the type's docs).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub times: Option<usize>,
    /// Smallest number of calendar days between two visits of `times` (default 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_days_between: Option<u32>,
    /// Largest number of calendar days between two consecutive visits of `times`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_days_between: Option<u32>,
    /// Skills the carer must hold.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skills: Vec<String>,
    /// Importance ≥ 1 of each visit.
    #[serde(default = "one")]
    pub priority: f64,
    /// The patient's referent carer (continuity over the week: others cost
    /// `WeekWeights::continuity`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub referent: Option<String>,
    /// Carers who must not come (hard).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub refused_carers: Vec<String>,
    /// The only carer who may come (hard).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pinned_carer: Option<String>,
    /// The start time announced for every visit, `"HH:MM"` (hard, exact).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pinned_start: Option<String>,
    /// Two carers at once (a heavy transfer): 1 (default) or 2.
    #[serde(default = "one_carer")]
    pub carers: u8,
    /// Equipment delivered at each visit, per capacity dimension.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub delivery: Vec<i64>,
    /// Equipment collected at each visit.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pickup: Vec<i64>,
}

fn one() -> f64 {
    1.0
}

fn one_carer() -> u8 {
    1
}

impl Week {
    /// Parses a week from JSON text (`deny_unknown_fields`: a misspelt field is an error).
    ///
    /// ```
    /// let week = tournee::week::Week::from_json(r#"{
    ///   "days": ["2026-12-07", "2026-12-08"],
    ///   "carers": [{"id": "n1", "shifts": {"mon": ["07:00", "12:00"], "tue": ["07:00", "12:00"]},
    ///               "start_index": 0}],
    ///   "orders": [{"id": "dressing", "patient": "p1", "location_index": 1,
    ///               "duration_min": 20, "times": 1}]
    /// }"#).unwrap();
    /// assert_eq!(week.orders[0].carers, 1);
    /// ```
    pub fn from_json(text: &str) -> Result<Week, PlanError> {
        Self::from_json_named(text, "week")
    }

    /// Reads a JSON week file.
    pub fn read_json(path: impl AsRef<Path>) -> Result<Week, PlanError> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|source| PlanError::Io {
            path: path.display().to_string(),
            source,
        })?;
        Self::from_json_named(&text, &path.display().to_string())
    }

    fn from_json_named(text: &str, name: &str) -> Result<Week, PlanError> {
        serde_json::from_str(text).map_err(|e| PlanError::Json {
            path: name.to_string(),
            detail: e.to_string(),
        })
    }

    /// The week as pretty-printed JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a week always serialises")
    }
}
