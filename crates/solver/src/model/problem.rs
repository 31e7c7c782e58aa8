use std::collections::{HashMap, HashSet};

use serde::{Deserialize, Serialize};

use super::{Job, JobKind, Matrix, Profile, VehicleType};
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
/// 3. travel cost (fixed, per time and per distance costs of each vehicle type)
///    plus, for each optional job left out, `penalty + priority * priority_weight`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Objective {
    /// Whether to add `vehicle_cost` per used vehicle.
    pub minimise_vehicles: bool,
    /// Extra cost per used vehicle when `minimise_vehicles` is set.
    pub vehicle_cost: i64,
    /// Weight of an optional job's priority in the cost of leaving it out.
    pub priority_weight: i64,
}

impl Default for Objective {
    fn default() -> Self {
        Objective {
            minimise_vehicles: false,
            vehicle_cost: 1_000_000_000,
            priority_weight: 0,
        }
    }
}

/// A complete routing problem.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    /// Travel profiles; all matrices have the same size (the number of locations).
    pub profiles: Vec<Profile>,
    /// Vehicle types (each with a count).
    pub vehicle_types: Vec<VehicleType>,
    /// Jobs to serve.
    pub jobs: Vec<Job>,
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
    /// unassigned with its reason.
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
            non_negative(&item, "cost per distance", v.cost_per_distance)?;
        }
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
