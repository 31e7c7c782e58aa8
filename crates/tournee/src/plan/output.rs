//! The planned day as people read it: per carer the ordered stops with `"HH:MM"` times,
//! minutes and kilometres, totals, the visits left out with a code and a message, and the
//! engine's cost parts. Serialised as `plan.json`.

use std::collections::HashMap;

use serde::{Deserialize, Serialize};
use tournee_solver::care::{CareCost, CareSolution, CareStats, StopKind};
use tournee_solver::StopReason;

use super::build::Built;
use super::error::PlanError;
use super::input::Day;
use super::time::format_hhmm;

/// A planned day.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    /// The day's name, if it has one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Every hard rule holds (windows, shifts, breaks, skills, capacity, links).
    pub feasible: bool,
    /// Figures for the whole day.
    pub totals: PlanTotals,
    /// One round per carer, in the day's carer order (carers without visits included).
    pub rounds: Vec<PlanRound>,
    /// Visits left out, with the reason.
    pub unassigned: Vec<PlanUnassigned>,
    /// The engine's cost and its parts (seconds and metres, see
    /// [`Weights`](tournee_solver::care::Weights)).
    pub cost: CareCost,
    /// How the search went.
    pub search: CareStats,
    /// The search was stopped before its limit (Ctrl-C on the command line, or a cancelled
    /// [`CareOptions::cancel`](tournee_solver::care::CareOptions::cancel)): this is the best
    /// plan found until then. Every hard rule still holds; it may drive more than a full search.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub interrupted: bool,
}

/// Figures for the whole day.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlanTotals {
    /// Visits in the day.
    pub visits: usize,
    /// Visits in a round.
    pub served: usize,
    /// Visits left out.
    pub unassigned: usize,
    /// Total driving time, minutes (ways back included).
    pub driving_min: f64,
    /// Total distance, km.
    pub distance_km: f64,
    /// Total working time, minutes (leaving the start place to coming back).
    pub working_min: f64,
    /// Share of the working time spent driving (0–1).
    pub driving_share: f64,
    /// Total overtime, minutes.
    pub overtime_min: f64,
    /// Σ lateness over visits, minutes.
    pub total_lateness_min: f64,
    /// Largest lateness of a visit, minutes.
    pub max_lateness_min: f64,
    /// Visits served by a carer the patient does not know.
    pub continuity_breaks: usize,
}

/// One carer's round.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlanRound {
    /// Carer id.
    pub carer: String,
    /// Carer role (as given).
    pub role: String,
    /// Where the round starts, `[lon, lat]` (when known: always on a map).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<[f64; 2]>,
    /// Where it ends, `[lon, lat]`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<[f64; 2]>,
    /// Where the round starts, as a row of the travel matrix (days on a matrix).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start_index: Option<usize>,
    /// Where it ends, as a row of the travel matrix.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end_index: Option<usize>,
    /// Leaves the start place, `"HH:MM"`.
    pub leave: String,
    /// Back at the end place, `"HH:MM"`.
    pub back: String,
    /// Leaves, seconds since midnight.
    pub leave_s: f64,
    /// Back, seconds since midnight.
    pub back_s: f64,
    /// Visits in the round.
    pub visits: usize,
    /// Stops (visits, breaks and reload stops) in order.
    pub stops: Vec<PlanStop>,
    /// Driving back from the last stop, minutes.
    pub return_travel_min: f64,
    /// Driving back from the last stop, km.
    pub return_travel_km: f64,
    /// Driving time of the round, minutes.
    pub driving_min: f64,
    /// Distance of the round, km.
    pub distance_km: f64,
    /// Working time (`back − leave`), minutes.
    pub working_min: f64,
    /// Share of the working time spent driving (0–1).
    pub driving_share: f64,
    /// Back after the shift's end, minutes.
    pub overtime_min: f64,
}

/// One stop of a round.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlanStop {
    /// Position in the round, from 1.
    pub seq: usize,
    /// `"visit"`, `"break"` or `"reload"`.
    pub kind: StopKind,
    /// Visit id, break id, or `"reload"`.
    pub id: String,
    /// Patient (visits).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub patient: Option<String>,
    /// Where, `[lon, lat]` when known (a break is taken where the carer is).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<[f64; 2]>,
    /// Where, as a row of the travel matrix (days on a matrix).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location_index: Option<usize>,
    /// Arrival, `"HH:MM"`.
    pub arrival: String,
    /// Start of care (or of the break), `"HH:MM"`.
    pub start: String,
    /// End, `"HH:MM"`.
    pub end: String,
    /// Arrival, seconds since midnight.
    pub arrival_s: f64,
    /// Start, seconds since midnight.
    pub start_s: f64,
    /// End, seconds since midnight.
    pub end_s: f64,
    /// Waiting before the start, minutes.
    pub waiting_min: f64,
    /// Driving from the previous place, minutes.
    pub travel_min: f64,
    /// Driving from the previous place, km.
    pub travel_km: f64,
    /// Started after the window closed, minutes (0 when on time).
    pub lateness_min: f64,
    /// Served by a carer the patient does not know.
    pub continuity_break: bool,
}

/// A visit left out.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlanUnassigned {
    /// Visit id.
    pub visit: String,
    /// Patient.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub patient: Option<String>,
    /// Stable reason code (`"unknown_skill"`, `"window_unreachable"`, `"not_fitted"`, …).
    pub code: String,
    /// The reason for people.
    pub message: String,
}

fn min(seconds: f64) -> f64 {
    (seconds / 60.0 * 100.0).round() / 100.0
}

fn km(metres: f64) -> f64 {
    (metres / 1000.0 * 1000.0).round() / 1000.0
}

fn share(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// `part / whole` rounded as the plans report shares (0 when `whole` is 0): the share of the
/// working time spent driving.
pub(crate) fn share_of(part: f64, whole: f64) -> f64 {
    share(if whole > 0.0 { part / whole } else { 0.0 })
}

impl Plan {
    /// Joins the engine's solution with the day it was built from.
    pub fn new(day: &Day, built: &Built, solution: &CareSolution) -> Plan {
        let patients: HashMap<&str, &Option<String>> = day
            .visits
            .iter()
            .map(|v| (v.id.as_str(), &v.patient))
            .collect();
        let patient = |id: &str| -> Option<String> { patients.get(id).and_then(|p| (*p).clone()) };
        let mut rounds = Vec::with_capacity(solution.rounds.len());
        for (k, r) in solution.rounds.iter().enumerate() {
            let carer = &built.problem.carers[k];
            let input = &day.carers[k];
            let mut stops = Vec::with_capacity(r.stops.len());
            for (i, s) in r.stops.iter().enumerate() {
                // The engine times the first arrival from the shift's opening but reports the
                // carer leaving as late as the first stop allows: show the arrival of that
                // departure, so that leave + travel = arrival and waiting is real waiting.
                let arrival = if i == 0 && s.kind == StopKind::Visit {
                    s.arrival.max(r.leave + s.travel_time).min(s.start)
                } else {
                    s.arrival
                };
                stops.push(PlanStop {
                    seq: i + 1,
                    kind: s.kind,
                    id: s.id.clone(),
                    patient: match s.kind {
                        StopKind::Visit => patient(&s.id),
                        StopKind::Break | StopKind::Reload => None,
                    },
                    location: built.coordinate(s.place),
                    location_index: built.row(s.place),
                    arrival: format_hhmm(arrival),
                    start: format_hhmm(s.start),
                    end: format_hhmm(s.end),
                    arrival_s: arrival,
                    start_s: s.start,
                    end_s: s.end,
                    waiting_min: min((s.start - arrival).max(0.0)),
                    travel_min: min(s.travel_time),
                    travel_km: km(s.travel_distance),
                    lateness_min: min(s.lateness),
                    continuity_break: s.continuity_break,
                });
            }
            let return_time = r.driving_time - r.stops.iter().map(|s| s.travel_time).sum::<f64>();
            let return_dist = r.distance - r.stops.iter().map(|s| s.travel_distance).sum::<f64>();
            rounds.push(PlanRound {
                carer: r.carer.clone(),
                role: input.role.clone(),
                start: built.coordinate(carer.start_place),
                end: built.coordinate(carer.end_place),
                start_index: built.row(carer.start_place),
                end_index: built.row(carer.end_place),
                leave: format_hhmm(r.leave),
                back: format_hhmm(r.back),
                leave_s: r.leave,
                back_s: r.back,
                visits: r.stops.iter().filter(|s| s.kind == StopKind::Visit).count(),
                stops,
                return_travel_min: min(return_time.max(0.0)),
                return_travel_km: km(return_dist.max(0.0)),
                driving_min: min(r.driving_time),
                distance_km: km(r.distance),
                working_min: min(r.working_time),
                driving_share: share(r.driving_share),
                overtime_min: min(r.overtime),
            });
        }
        let driving: f64 = solution.rounds.iter().map(|r| r.driving_time).sum();
        let distance: f64 = solution.rounds.iter().map(|r| r.distance).sum();
        let working: f64 = solution.rounds.iter().map(|r| r.working_time).sum();
        let unassigned: Vec<PlanUnassigned> = solution
            .unassigned
            .iter()
            .map(|u| PlanUnassigned {
                visit: u.visit.clone(),
                patient: patient(&u.visit),
                code: u.cause.code().to_string(),
                message: u.cause.message(),
            })
            .collect();
        let totals = PlanTotals {
            visits: day.visits.len(),
            served: day.visits.len() - unassigned.len(),
            unassigned: unassigned.len(),
            driving_min: min(driving),
            distance_km: km(distance),
            working_min: min(working),
            driving_share: share(if working > 0.0 {
                driving / working
            } else {
                0.0
            }),
            overtime_min: min(solution.cost.overtime),
            total_lateness_min: min(solution.cost.total_lateness),
            max_lateness_min: min(solution.cost.max_lateness),
            continuity_breaks: solution.cost.continuity_breaks,
        };
        Plan {
            name: day.name.clone(),
            feasible: solution.feasible,
            totals,
            rounds,
            unassigned,
            cost: solution.cost.clone(),
            search: solution.stats.clone(),
            interrupted: solution.stats.stop == StopReason::Cancelled,
        }
    }

    /// Reads a plan back from its JSON (`plan.json`), e.g. to re-plan it.
    pub fn from_json(text: &str) -> Result<Plan, PlanError> {
        Self::from_json_named(text, "plan")
    }

    /// Reads a `plan.json` file.
    pub fn read_json(path: impl AsRef<std::path::Path>) -> Result<Plan, PlanError> {
        let path = path.as_ref();
        Self::from_json_named(&super::input::read(path)?, &path.display().to_string())
    }

    fn from_json_named(text: &str, name: &str) -> Result<Plan, PlanError> {
        serde_json::from_str(text).map_err(|e| PlanError::Json {
            path: name.to_string(),
            detail: e.to_string(),
        })
    }

    /// The plan as pretty-printed JSON (`plan.json`).
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a plan always serialises")
    }
}
