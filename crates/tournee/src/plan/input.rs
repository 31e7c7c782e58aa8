//! The day to plan, as people write it: carers and visits with places as `[lon, lat]`,
//! times of day as `"HH:MM"` and durations in minutes. Read from JSON ([`Day::from_json`])
//! or from CSV files ([`Day::from_csv`], see [`super::csv`]); the full schema is in
//! `docs/plan-input.md`.

use std::path::Path;

use serde::{Deserialize, Serialize};
use tournee_solver::care::Weights;

use super::error::PlanError;

/// One day of rounds to plan.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Day {
    /// A name for reports (optional).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// The carers working that day (at least one).
    pub carers: Vec<CarerInput>,
    /// The visits to plan.
    pub visits: Vec<VisitInput>,
    /// Timing rules between visits: double-staffed visits and linked visits of one patient
    /// (optional, default none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub links: Vec<LinkInput>,
    /// Loads carried from one visit to another by the same carer (optional, default none).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub shipments: Vec<ShipmentInput>,
    /// Objective weights, in **seconds and metres** (optional, default
    /// [`Weights::home_care`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub weights: Option<Weights>,
}

/// A carer (nurse, aide, PSAD technician) and the car or van they drive.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CarerInput {
    /// Unique id (`"nurse-claire"`).
    pub id: String,
    /// Role, free text for reports (`"nurse"`, `"aide"`, `"psad"`); matching uses `skills`.
    #[serde(default)]
    pub role: String,
    /// Skills held, compared exactly with the visits' skills (`"nursing"`, `"hygiene"`).
    #[serde(default)]
    pub skills: Vec<String>,
    /// Earliest time the carer leaves `start`, `"HH:MM"`.
    pub shift_start: String,
    /// Time the carer should be back at `end`, `"HH:MM"` (overtime after that, up to
    /// `max_overtime_min`).
    pub shift_end: String,
    /// Where the day starts (home, office, warehouse), `[lon, lat]` (on a road map).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<[f64; 2]>,
    /// Where the day ends, `[lon, lat]` (default: `start`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<[f64; 2]>,
    /// Where the day starts as a row of the travel matrix (on a day given with a matrix).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_index: Option<usize>,
    /// Where the day ends as a row of the travel matrix (default: `start_index`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_index: Option<usize>,
    /// Depots where a PSAD van may reload deliveries and unload pickups during the round.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reloads: Option<ReloadsInput>,
    /// Breaks, each taken once, wherever the carer is at that time.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub breaks: Vec<BreakInput>,
    /// Longest working time in minutes, leaving `start` to coming back (optional, hard).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_working_time_min: Option<f64>,
    /// How many minutes after `shift_end` the carer may come back (default 0, hard); each
    /// minute costs `Weights::overtime`.
    #[serde(default, skip_serializing_if = "is_zero")]
    pub max_overtime_min: f64,
    /// Vehicle capacity per equipment dimension (PSAD van, e.g. `[4, 1]` = four oxygen
    /// concentrators and one bed); empty = unlimited.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub capacity: Vec<i64>,
}

/// Where and how a van reloads during its round (PSAD): each stop at a depot loads the next
/// deliveries and unloads the pickups so far; medical equipment carried between two patients
/// ([`ShipmentInput`]) stays on board.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReloadsInput {
    /// Depots as `[lon, lat]` (on a road map).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub depots: Vec<[f64; 2]>,
    /// Depots as rows of the travel matrix (on a day given with a matrix).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub depot_indices: Vec<usize>,
    /// Whether the carer's own start place is a depot too (default `true`).
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub at_start: bool,
    /// Minutes spent at a depot for one reload (default 15).
    #[serde(default = "fifteen", skip_serializing_if = "is_fifteen")]
    pub duration_min: f64,
    /// Most depot stops in the round (default 6).
    #[serde(default = "six", skip_serializing_if = "is_six")]
    pub max_stops: usize,
}

/// A load collected at one visit and delivered at another by the same carer, pickup first (a
/// medical bed taken from one patient's home to another's).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ShipmentInput {
    /// Id of the visit where the load is collected.
    pub pickup: String,
    /// Id of the visit where it is delivered.
    pub delivery: String,
    /// The load per dimension of the vans' `capacity` (`[0, 1]`: one bed).
    pub load: Vec<i64>,
}

/// A break (lunch) taken once during the shift.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BreakInput {
    /// Name, unique for the carer (`"lunch"`).
    pub id: String,
    /// Length in minutes.
    pub duration_min: f64,
    /// The break starts inside this window, `["HH:MM", "HH:MM"]` (hard).
    pub window: [String; 2],
}

/// What happens when a visit cannot start before its window closes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LatenessInput {
    /// The visit must start by the close (the default: windows announced to patients).
    #[default]
    Hard,
    /// The visit may start late; each minute late costs `Weights::total_lateness`.
    Soft,
}

/// One visit: one carer giving one care at one place.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VisitInput {
    /// Unique id (`"insulin-roux-am"`).
    pub id: String,
    /// Patient, for reports and continuity of care (optional).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub patient: Option<String>,
    /// Where, `[lon, lat]` (on a road map).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<[f64; 2]>,
    /// Where, as a row of the travel matrix (on a day given with a matrix).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location_index: Option<usize>,
    /// Care duration in minutes.
    pub duration_min: f64,
    /// Windows on the start, `[["HH:MM", "HH:MM"], …]` in increasing order; empty = any time
    /// within the carer's shift.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub windows: Vec<[String; 2]>,
    /// `"hard"` (default: the visit starts by the window's close) or `"soft"` (it may start
    /// late, at a cost).
    #[serde(default, skip_serializing_if = "is_hard")]
    pub lateness: LatenessInput,
    /// Skills the carer must hold (all of them).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub skills: Vec<String>,
    /// Importance ≥ 1 (default 1): leaving the visit out costs `priority × Weights::unassigned`.
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub priority: f64,
    /// Carers the patient knows (continuity of care, soft).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub preferred_carers: Vec<String>,
    /// Multiplier of the continuity cost when another carer comes (default 1).
    #[serde(default = "one", skip_serializing_if = "is_one")]
    pub continuity_weight: f64,
    /// Carers who must not come (hard).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub refused_carers: Vec<String>,
    /// The carer this visit is already announced with (hard).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pinned_carer: Option<String>,
    /// The start time already announced, `"HH:MM"` (hard, exact).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pinned_start: Option<String>,
    /// Start times announced to the patient, `["HH:MM", "HH:MM"]` (set by
    /// [`ReplanDay`](super::ReplanDay) from the plan being changed): the visit never starts before
    /// the first (the carer waits), and starting after the second costs `Weights::moved`
    /// once plus `Weights::moved_late` per second (the patient must be called).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub announced: Option<[String; 2]>,
    /// Earliest start, `"HH:MM"`, whatever the windows say (set by re-planning: nothing
    /// starts before the re-plan time).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub not_before: Option<String>,
    /// Equipment loaded at the carer's start and left here (PSAD delivery), per dimension of
    /// the vans' `capacity`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub delivery: Vec<i64>,
    /// Equipment collected here and brought back to the carer's end (PSAD pickup).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub pickup: Vec<i64>,
}

/// How the starts of two linked visits relate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LinkKindInput {
    /// Both start at the same time (two carers for a heavy transfer).
    Simultaneous,
    /// `second` starts between `min_gap_min` and `max_gap_min` after `first` starts.
    Sequential,
}

/// A timing rule between two visits: a double-staffed visit (two carers, at once or one
/// after the other) or two visits of one patient across the day (insulin morning and
/// evening).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LinkInput {
    /// Id of the first visit.
    pub first: String,
    /// Id of the second visit.
    pub second: String,
    /// `"simultaneous"` or `"sequential"`.
    pub kind: LinkKindInput,
    /// Smallest start-to-start gap in minutes (sequential only, default 0).
    #[serde(default, skip_serializing_if = "is_zero")]
    pub min_gap_min: f64,
    /// Largest start-to-start gap in minutes (sequential only, default none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub max_gap_min: Option<f64>,
    /// Two different carers, served together or not at all. Default: `true` for
    /// `simultaneous`, `false` for `sequential` (then the two visits may be done by anyone,
    /// and one may be left out alone).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub distinct_carers: Option<bool>,
}

impl LinkInput {
    /// Whether the two visits need two different carers (the default depends on the kind).
    pub fn needs_distinct_carers(&self) -> bool {
        self.distinct_carers
            .unwrap_or(self.kind == LinkKindInput::Simultaneous)
    }
}

fn one() -> f64 {
    1.0
}

fn yes() -> bool {
    true
}

fn is_true(x: &bool) -> bool {
    *x
}

fn fifteen() -> f64 {
    15.0
}

fn is_fifteen(x: &f64) -> bool {
    *x == 15.0
}

fn six() -> usize {
    6
}

fn is_six(x: &usize) -> bool {
    *x == 6
}

fn is_one(x: &f64) -> bool {
    *x == 1.0
}

fn is_zero(x: &f64) -> bool {
    *x == 0.0
}

fn is_hard(l: &LatenessInput) -> bool {
    *l == LatenessInput::Hard
}

impl Day {
    /// Parses a day from JSON text (`deny_unknown_fields`: a misspelt field is an error that
    /// names it, with line and column).
    ///
    /// ```
    /// let day = tournee::plan::Day::from_json(r#"{
    ///   "carers": [{"id": "nurse-1", "skills": ["nursing"], "shift_start": "07:00",
    ///               "shift_end": "13:00", "start": [2.60, 45.10]}],
    ///   "visits": [{"id": "insulin", "location": [2.61, 45.11], "duration_min": 15,
    ///               "windows": [["07:00", "09:00"]], "skills": ["nursing"]}]
    /// }"#).unwrap();
    /// assert_eq!(day.visits[0].priority, 1.0);
    /// day.validate().unwrap();
    /// ```
    pub fn from_json(text: &str) -> Result<Day, PlanError> {
        Self::from_json_named(text, "day")
    }

    /// Reads a JSON day file.
    pub fn read_json(path: impl AsRef<Path>) -> Result<Day, PlanError> {
        let path = path.as_ref();
        let text = read(path)?;
        Self::from_json_named(&text, &path.display().to_string())
    }

    fn from_json_named(text: &str, name: &str) -> Result<Day, PlanError> {
        serde_json::from_str(text).map_err(|e| PlanError::Json {
            path: name.to_string(),
            detail: e.to_string(),
        })
    }

    /// The day as pretty-printed JSON (the format [`Day::from_json`] reads).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a day always serialises")
    }

    /// Whether the day is meant for a travel matrix: it gives places as matrix rows and no
    /// coordinate. A day with any coordinate is a day on a map, whose rows (if any) are then
    /// the mistake [`validate`](Day::validate) names.
    pub fn on_matrix(&self) -> bool {
        let coordinates = self.visits.iter().any(|v| v.location.is_some())
            || self
                .carers
                .iter()
                .any(|c| c.start.is_some() || c.end.is_some());
        let rows = self.visits.iter().any(|v| v.location_index.is_some())
            || self
                .carers
                .iter()
                .any(|c| c.start_index.is_some() || c.end_index.is_some());
        rows && !coordinates
    }

    /// Checks everything that does not need the map: times, windows, ids, numbers, the
    /// carers named by visits and the visits named by links. Errors name the item.
    pub fn validate(&self) -> Result<(), PlanError> {
        let rows = self.on_matrix().then_some(usize::MAX);
        super::build::parse_day(self, rows).map(|_| ())
    }
}

/// Reads a text file, naming it in the error.
pub(crate) fn read(path: &Path) -> Result<String, PlanError> {
    std::fs::read_to_string(path).map_err(|source| PlanError::Io {
        path: path.display().to_string(),
        source,
    })
}
