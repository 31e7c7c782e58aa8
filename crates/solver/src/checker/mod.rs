//! Independent feasibility checkers. They recompute everything from the
//! routes and the input (never from the solver's incremental state):
//! - [`check`] for a general [`Problem`] and [`Solution`];
//! - [`vrptw::check_vrptw`] for Solomon-style instances in real-valued time.

pub mod vrptw;

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use crate::model::{JobKind, Problem};
use crate::solution::Solution;

/// Result of [`check`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckReport {
    /// No violation found.
    pub feasible: bool,
    /// Cost recomputed from the routes and the left-out jobs.
    pub cost: i64,
    /// Required jobs that are not served.
    pub required_unassigned: usize,
    /// Every violation found, in words.
    pub violations: Vec<String>,
}

/// Checks a solution against a problem: each job served at most once and
/// either served or reported unassigned, vehicle counts, skills, capacity,
/// time windows (service start inside a window, waiting allowed), shift end,
/// maximum duration, reported times, and cost.
///
/// Times are simulated from each route's reported `start_time`, travelling
/// with the vehicle's profile and starting service as early as possible.
pub fn check(problem: &Problem, solution: &Solution) -> CheckReport {
    let mut v = Vec::new();
    let n_jobs = problem.jobs.len();
    let mut seen = vec![0usize; n_jobs];
    let mut used_vehicles = HashSet::new();
    let mut cost = 0i64;
    for (r, route) in solution.routes.iter().enumerate() {
        let Some(vt) = problem.vehicle_types.get(route.vehicle_type) else {
            v.push(format!(
                "route {r}: vehicle type {} does not exist",
                route.vehicle_type
            ));
            continue;
        };
        if route.vehicle >= vt.count {
            v.push(format!(
                "route {r}: vehicle {} of type {} but only {} exist",
                route.vehicle, route.vehicle_type, vt.count
            ));
        }
        if !used_vehicles.insert((route.vehicle_type, route.vehicle)) {
            v.push(format!(
                "route {r}: vehicle {} of type {} used twice",
                route.vehicle, route.vehicle_type
            ));
        }
        if route.stops.is_empty() {
            v.push(format!("route {r}: empty route reported"));
            continue;
        }
        let profile = &problem.profiles[vt.profile];
        let d = |a: Option<usize>, b: Option<usize>| match (a, b) {
            (Some(a), Some(b)) => (
                profile.durations.get(a, b).unwrap_or(0),
                profile.distances.get(a, b).unwrap_or(0),
            ),
            _ => (0, 0),
        };
        if route.start_time < vt.shift.open {
            v.push(format!(
                "route {r}: starts at {} before the shift opens at {}",
                route.start_time, vt.shift.open
            ));
        }
        let vskills: HashSet<&str> = vt.skills.iter().map(String::as_str).collect();
        let mut t = route.start_time;
        let mut loc = vt.start;
        let mut dist = 0i64;
        let mut load = vec![0i64; vt.capacity.len()];
        for (k, stop) in route.stops.iter().enumerate() {
            let Some(job) = problem.jobs.get(stop.job) else {
                v.push(format!(
                    "route {r}: stop {k} has job {} out of range",
                    stop.job
                ));
                continue;
            };
            seen[stop.job] += 1;
            let (tt, dd) = d(loc, Some(job.location));
            let arrival = t + tt;
            dist += dd;
            let start = job
                .time_windows
                .iter()
                .find(|w| w.close >= arrival)
                .map(|w| arrival.max(w.open));
            let start = match start {
                Some(s) => s,
                None => {
                    v.push(format!(
                        "route {r}: job {} ({:?}) reached at {arrival}, after its last window",
                        stop.job, job.id
                    ));
                    arrival
                }
            };
            if stop.start != start || stop.arrival != arrival {
                v.push(format!(
                    "route {r}: job {} reported arrival/start {}/{} but recomputed {arrival}/{start}",
                    stop.job, stop.arrival, stop.start
                ));
            }
            if !job.skills.iter().all(|s| vskills.contains(s.as_str())) {
                v.push(format!(
                    "route {r}: vehicle type {} lacks a skill of job {} ({:?})",
                    route.vehicle_type, stop.job, job.id
                ));
            }
            for (l, q) in load.iter_mut().zip(&job.demand) {
                *l += q;
            }
            t = start + job.service;
            loc = Some(job.location);
        }
        let (tt, dd) = d(loc, vt.end);
        let end = t + tt;
        dist += dd;
        if end > vt.shift.close {
            v.push(format!(
                "route {r}: ends at {end}, after the shift closes at {}",
                vt.shift.close
            ));
        }
        let duration = end - route.start_time;
        if let Some(m) = vt.max_duration {
            if duration > m {
                v.push(format!(
                    "route {r}: duration {duration} above the maximum {m}"
                ));
            }
        }
        for (dim, (l, c)) in load.iter().zip(&vt.capacity).enumerate() {
            if l > c {
                v.push(format!(
                    "route {r}: load {l} above capacity {c} in dimension {dim}"
                ));
            }
        }
        if dist != route.distance || duration != route.duration {
            v.push(format!(
                "route {r}: reported distance/duration {}/{} but recomputed {dist}/{duration}",
                route.distance, route.duration
            ));
        }
        let extra = if problem.objective.minimise_vehicles {
            problem.objective.vehicle_cost
        } else {
            0
        };
        cost += vt.fixed_cost + extra + vt.cost_per_distance * dist + vt.cost_per_time * duration;
    }
    let mut reported = vec![0usize; n_jobs];
    for u in &solution.unassigned {
        match reported.get_mut(u.job) {
            Some(c) => *c += 1,
            None => v.push(format!("unassigned job {} out of range", u.job)),
        }
    }
    let mut required_unassigned = 0;
    for (j, job) in problem.jobs.iter().enumerate() {
        if seen[j] + reported[j] != 1 {
            v.push(format!(
                "job {j} ({:?}) served {} times and reported unassigned {} times",
                job.id, seen[j], reported[j]
            ));
        }
        if seen[j] == 0 {
            match job.kind {
                JobKind::Required => required_unassigned += 1,
                JobKind::Optional { penalty } => {
                    cost += penalty + job.priority * problem.objective.priority_weight
                }
            }
        }
    }
    if cost != solution.cost {
        v.push(format!(
            "reported cost {} but recomputed {cost}",
            solution.cost
        ));
    }
    CheckReport {
        feasible: v.is_empty(),
        cost,
        required_unassigned,
        violations: v,
    }
}

#[cfg(test)]
mod tests;
