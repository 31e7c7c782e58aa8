use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use super::{Job, JobKind, Lateness, Link, LinkKind, Matrix, Profile, Shipment, VehicleType};
use crate::ProblemError;

/// Most capacity dimensions a problem may use.
pub const MAX_DIMENSIONS: usize = 8;

/// A closed interval `[open, close]` of times.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimeWindow {
    /// Earliest time.
    pub open: i64,
    /// Latest time.
    pub close: i64,
}

impl TimeWindow {
    /// `[open, close]`.
    pub fn new(open: i64, close: i64) -> Self {
        TimeWindow { open, close }
    }
}

/// Weights of the objective, applied in this order of importance:
///
/// 1. every required job that a feasible plan can serve is served (a hard rule,
///    not a weight: the search never drops a required job);
/// 2. when `minimise_vehicles` is set, each used vehicle costs `vehicle_cost`
///    extra (choose it larger than any route's travel cost to make fleet size
///    lexicographically first);
/// 3. route costs (fixed, per distance, per driving time, per duration and overtime costs of
///    each vehicle type, lateness of soft-closing jobs, jobs served outside their preferred
///    vehicle types), plus `max_lateness_cost` times the largest lateness of any job, plus,
///    for each optional job left out, `penalty + priority * priority_weight`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Objective {
    /// Whether to add `vehicle_cost` per used vehicle.
    pub minimise_vehicles: bool,
    /// Extra cost per used vehicle when `minimise_vehicles` is set.
    pub vehicle_cost: i64,
    /// Weight of an optional job's priority in the cost of leaving it out.
    pub priority_weight: i64,
    /// Cost per unit of the largest lateness of any served job (soft-closing jobs).
    #[serde(default)]
    pub max_lateness_cost: i64,
}

impl Default for Objective {
    fn default() -> Self {
        Objective {
            minimise_vehicles: false,
            vehicle_cost: 1_000_000_000,
            priority_weight: 0,
            max_lateness_cost: 0,
        }
    }
}

/// A complete routing problem.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// Travel profiles; all matrices have the same size (the number of locations).
    pub profiles: Vec<Profile>,
    /// Vehicle types (each with a count).
    pub vehicle_types: Vec<VehicleType>,
    /// Jobs to serve.
    pub jobs: Vec<Job>,
    /// Timing links between jobs (double-staffed and linked visits).
    #[serde(default)]
    pub links: Vec<Link>,
    /// Loads carried from one job to another by the same vehicle.
    #[serde(default)]
    pub shipments: Vec<Shipment>,
    /// Objective weights.
    pub objective: Objective,
}

fn job_item(i: usize, job: &Job) -> String {
    format!("job {i} ({:?})", job.id)
}

fn vehicle_item(i: usize, v: &VehicleType) -> String {
    format!("vehicle type {i} ({:?})", v.id)
}

fn check_matrix(
    profile: usize,
    name: &'static str,
    m: &Matrix,
    expected: usize,
) -> Result<(), ProblemError> {
    if m.size() != expected {
        return Err(ProblemError::MismatchedMatrices {
            profile,
            matrix: name,
            found: m.size(),
            expected,
        });
    }
    for (row, r) in m.rows().iter().enumerate() {
        if r.len() != expected {
            return Err(ProblemError::NonSquareMatrix {
                profile,
                matrix: name,
                row,
                found: r.len(),
                expected,
            });
        }
        for (col, v) in r.iter().enumerate() {
            match v {
                None => {
                    return Err(ProblemError::MissingValue {
                        profile,
                        matrix: name,
                        row,
                        col,
                    })
                }
                Some(v) if *v < 0 => {
                    return Err(ProblemError::NegativeValue {
                        profile,
                        matrix: name,
                        row,
                        col,
                        value: *v,
                    })
                }
                _ => {}
            }
        }
    }
    Ok(())
}

fn check_window(item: &str, w: &TimeWindow) -> Result<(), ProblemError> {
    if w.close < w.open {
        return Err(ProblemError::InvalidTimeWindow {
            item: item.to_string(),
            open: w.open,
            close: w.close,
        });
    }
    Ok(())
}

fn non_negative(item: &str, what: &'static str, value: i64) -> Result<(), ProblemError> {
    if value < 0 {
        return Err(ProblemError::NegativeQuantity {
            item: item.to_string(),
            what,
            value,
        });
    }
    Ok(())
}

impl Problem {
    /// Number of locations (size of the matrices), 0 without profiles.
    pub fn num_locations(&self) -> usize {
        self.profiles.first().map_or(0, |p| p.durations.size())
    }

    /// Number of capacity dimensions (taken from the first vehicle type, else the first job).
    pub fn num_dimensions(&self) -> usize {
        self.vehicle_types
            .first()
            .map(|v| v.capacity.len())
            .or_else(|| self.jobs.first().map(|j| j.demand.len()))
            .unwrap_or(0)
    }

    /// Checks the whole problem; the first problem found is returned as a typed error.
    ///
    /// A job that no vehicle can serve is *not* an error: the solver reports it
    /// unassigned with its reason. Numbers are checked against the ranges of
    /// [`MAX_MAGNITUDE`](super::MAX_MAGNITUDE) and its siblings (each number, then the worst-case
    /// route and objective together).
    pub fn validate(&self) -> Result<(), ProblemError> {
        if self.profiles.is_empty() {
            return Err(ProblemError::NoProfiles);
        }
        let n = self.profiles[0].durations.rows().len();
        for (p, profile) in self.profiles.iter().enumerate() {
            check_matrix(p, "duration", &profile.durations, n)?;
            check_matrix(p, "distance", &profile.distances, n)?;
        }
        let dims = self.num_dimensions();
        if dims > MAX_DIMENSIONS {
            return Err(ProblemError::TooManyDimensions {
                found: dims,
                max: MAX_DIMENSIONS,
            });
        }
        for (i, v) in self.vehicle_types.iter().enumerate() {
            let item = vehicle_item(i, v);
            if v.profile >= self.profiles.len() {
                return Err(ProblemError::ProfileOutOfRange {
                    vehicle_type: i,
                    id: v.id.clone(),
                    profile: v.profile,
                    count: self.profiles.len(),
                });
            }
            for (what, loc) in [("start", v.start), ("end", v.end)] {
                if let Some(loc) = loc {
                    if loc >= n {
                        return Err(ProblemError::LocationOutOfRange {
                            item: format!("{item} {what}"),
                            location: loc,
                            size: n,
                        });
                    }
                }
            }
            check_window(&format!("{item} shift"), &v.shift)?;
            if v.capacity.len() != dims {
                return Err(ProblemError::DimensionMismatch {
                    item,
                    found: v.capacity.len(),
                    expected: dims,
                });
            }
            for &c in &v.capacity {
                non_negative(&item, "capacity", c)?;
            }
            if let Some(d) = v.max_duration {
                non_negative(&item, "maximum duration", d)?;
            }
            non_negative(&item, "fixed cost", v.fixed_cost)?;
            non_negative(&item, "cost per time", v.cost_per_time)?;
            non_negative(&item, "cost per travel time", v.cost_per_travel_time)?;
            non_negative(&item, "cost per distance", v.cost_per_distance)?;
            non_negative(&item, "maximum overtime", v.max_overtime)?;
            non_negative(&item, "overtime cost", v.overtime_cost)?;
            let mut names = HashSet::new();
            for b in &v.breaks {
                let what = format!("{item} break {:?}", b.id);
                if !names.insert(b.id.as_str()) {
                    return Err(ProblemError::DuplicateBreakId { item: what });
                }
                non_negative(&what, "duration", b.duration)?;
                check_window(&what, &b.window)?;
            }
            if let Some(r) = &v.reloads {
                for &d in &r.depots {
                    if d >= n {
                        return Err(ProblemError::LocationOutOfRange {
                            item: format!("{item} reload depot"),
                            location: d,
                            size: n,
                        });
                    }
                }
                non_negative(&item, "reload duration", r.duration)?;
            }
        }
        let n_types = self.vehicle_types.len();
        let mut ids: HashMap<&str, usize> = HashMap::new();
        for (i, job) in self.jobs.iter().enumerate() {
            let item = job_item(i, job);
            if let Some(&first) = ids.get(job.id.as_str()) {
                return Err(ProblemError::DuplicateJobId {
                    job: i,
                    first,
                    id: job.id.clone(),
                });
            }
            ids.insert(&job.id, i);
            if job.location >= n {
                return Err(ProblemError::LocationOutOfRange {
                    item,
                    location: job.location,
                    size: n,
                });
            }
            non_negative(&item, "service duration", job.service)?;
            non_negative(&item, "priority", job.priority)?;
            non_negative(&item, "unpreferred cost", job.unpreferred_cost)?;
            if let Lateness::Soft { cost_per_unit } = job.lateness {
                non_negative(&item, "lateness cost", cost_per_unit)?;
            }
            if let Some(a) = &job.announced {
                non_negative(&item, "announced start cost", a.cost)?;
                non_negative(&item, "announced start cost per unit", a.cost_per_unit)?;
            }
            for &t in job
                .allowed_vehicle_types
                .iter()
                .flatten()
                .chain(&job.preferred_vehicle_types)
            {
                if t >= n_types {
                    return Err(ProblemError::VehicleTypeOutOfRange {
                        item: item.clone(),
                        vehicle_type: t,
                        count: n_types,
                    });
                }
            }
            if let JobKind::Optional { penalty } = job.kind {
                non_negative(&item, "penalty", penalty)?;
            }
            if job.time_windows.is_empty() {
                return Err(ProblemError::NoTimeWindow { item });
            }
            for w in &job.time_windows {
                check_window(&item, w)?;
            }
            if job.time_windows.windows(2).any(|w| w[1].open <= w[0].close) {
                return Err(ProblemError::UnsortedTimeWindows { item });
            }
            if job.demand.len() != dims {
                return Err(ProblemError::DimensionMismatch {
                    item,
                    found: job.demand.len(),
                    expected: dims,
                });
            }
            for &d in &job.demand {
                non_negative(&item, "demand", d)?;
            }
            if !job.pickup.is_empty() && job.pickup.len() != dims {
                return Err(ProblemError::DimensionMismatch {
                    item,
                    found: job.pickup.len(),
                    expected: dims,
                });
            }
            for &d in &job.pickup {
                non_negative(&item, "pickup", d)?;
            }
        }
        non_negative(
            "objective",
            "max lateness cost",
            self.objective.max_lateness_cost,
        )?;
        self.validate_links(dims)?;
        super::limits::check(self)
    }

    /// Links and shipments: existing, distinct jobs; gaps that are ranges; a job in at most one
    /// double-staffing link and at most one shipment, not both.
    fn validate_links(&self, dims: usize) -> Result<(), ProblemError> {
        let n_jobs = self.jobs.len();
        let mut paired: HashMap<usize, String> = HashMap::new();
        for (index, l) in self.links.iter().enumerate() {
            let bad = |problem: String| ProblemError::BadLink { index, problem };
            for j in [l.first, l.second] {
                if j >= n_jobs {
                    return Err(bad(format!("job {j} does not exist ({n_jobs} jobs)")));
                }
            }
            if l.first == l.second {
                return Err(bad(format!(
                    "links job {:?} to itself",
                    self.jobs[l.first].id
                )));
            }
            if let LinkKind::StartGap {
                min,
                max: Some(max),
            } = l.kind
            {
                if max < min {
                    return Err(bad(format!("gap [{min}, {max}] is not a range")));
                }
            }
            if l.distinct_vehicles {
                for j in [l.first, l.second] {
                    if let Some(other) = paired.insert(j, format!("link {index}")) {
                        return Err(bad(format!(
                            "job {:?} is already double-staffed by {other}",
                            self.jobs[j].id
                        )));
                    }
                }
            }
        }
        for (index, s) in self.shipments.iter().enumerate() {
            let bad = |problem: String| ProblemError::BadShipment { index, problem };
            for j in [s.pickup, s.delivery] {
                if j >= n_jobs {
                    return Err(bad(format!("job {j} does not exist ({n_jobs} jobs)")));
                }
            }
            if s.pickup == s.delivery {
                return Err(bad(format!(
                    "picks up and delivers at the same job {:?}",
                    self.jobs[s.pickup].id
                )));
            }
            if s.amount.len() != dims {
                return Err(bad(format!(
                    "{} capacity dimensions, expected {dims}",
                    s.amount.len()
                )));
            }
            if let Some(a) = s.amount.iter().find(|a| **a < 0) {
                return Err(bad(format!("amount {a} is negative")));
            }
            for j in [s.pickup, s.delivery] {
                if let Some(other) = paired.insert(j, format!("shipment {index}")) {
                    return Err(bad(format!(
                        "job {:?} is already in {other}",
                        self.jobs[j].id
                    )));
                }
            }
        }
        Ok(())
    }

    /// Whether vehicle type `v` has every skill job `j` requires.
    pub fn has_skills(&self, v: usize, j: usize) -> bool {
        let skills: HashSet<&str> = self.vehicle_types[v]
            .skills
            .iter()
            .map(String::as_str)
            .collect();
        self.jobs[j]
            .skills
            .iter()
            .all(|s| skills.contains(s.as_str()))
    }
}
