//! Solver output: routes with their schedule, left-out jobs with reasons, cost.

use serde::{Deserialize, Serialize};

use crate::eval::{DurationSegment, Load};
use crate::instance::Instance;
use crate::model::Problem;

/// Why a job is not in any route.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum UnassignedReason {
    /// There is no vehicle at all.
    NoVehicle,
    /// No vehicle has every skill the job requires.
    MissingSkills,
    /// The job's demand exceeds the capacity of every vehicle that has the skills.
    CapacityExceeded,
    /// Even alone on a route, no suitable vehicle can meet the job's time windows
    /// within its shift and maximum duration.
    TimeUnreachable,
    /// Optional job whose penalty is lower than the cost of serving it.
    NotWorthServing,
    /// Each job fits a vehicle alone, but the search found no plan serving all
    /// of them at once (for example the fleet is too small).
    NoFeasiblePlanFound,
}

impl UnassignedReason {
    /// Stable snake-case code (`"missing_skills"`, …), as used in JSON and Python.
    pub fn code(self) -> &'static str {
        match self {
            UnassignedReason::NoVehicle => "no_vehicle",
            UnassignedReason::MissingSkills => "missing_skills",
            UnassignedReason::CapacityExceeded => "capacity_exceeded",
            UnassignedReason::TimeUnreachable => "time_unreachable",
            UnassignedReason::NotWorthServing => "not_worth_serving",
            UnassignedReason::NoFeasiblePlanFound => "no_feasible_plan_found",
        }
    }

    /// A sentence for people.
    pub fn message(self) -> &'static str {
        match self {
            UnassignedReason::NoVehicle => "there is no vehicle at all",
            UnassignedReason::MissingSkills => "no vehicle has every skill the job requires",
            UnassignedReason::CapacityExceeded => {
                "the demand exceeds the capacity of every vehicle that has the skills"
            }
            UnassignedReason::TimeUnreachable => {
                "even alone on a route, no suitable vehicle can meet the time windows within its shift and maximum duration"
            }
            UnassignedReason::NotWorthServing => {
                "optional job whose penalty is lower than the cost of serving it"
            }
            UnassignedReason::NoFeasiblePlanFound => {
                "each job fits a vehicle alone, but no plan serving all of them at once was found"
            }
        }
    }
}

impl std::fmt::Display for UnassignedReason {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.message())
    }
}

/// A job left out of the plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Unassigned {
    /// Job index in [`Problem::jobs`].
    pub job: usize,
    /// Job id.
    pub id: String,
    /// Why it was left out.
    pub reason: UnassignedReason,
}

/// One visit of a route.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stop {
    /// Job index.
    pub job: usize,
    /// Arrival time at the job's location.
    pub arrival: i64,
    /// Service start (≥ arrival; waiting in between).
    pub start: i64,
    /// Service end.
    pub departure: i64,
}

/// The plan of one used vehicle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoutePlan {
    /// Vehicle type index.
    pub vehicle_type: usize,
    /// Index of the vehicle within its type (`0..count`).
    pub vehicle: usize,
    /// Departure time from the start (or start of the first service for an open start).
    pub start_time: i64,
    /// Arrival time at the end (or end of the last service for an open end).
    pub end_time: i64,
    /// Visits in order.
    pub stops: Vec<Stop>,
    /// Travelled distance.
    pub distance: i64,
    /// `end_time - start_time`.
    pub duration: i64,
    /// Total demand served, per dimension.
    pub load: Vec<i64>,
    /// Cost of this route (fixed + distance + duration costs).
    pub cost: i64,
}

/// Why the search stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum StopReason {
    /// Iteration limit reached.
    Iterations,
    /// Time limit reached.
    TimeLimit,
    /// Target cost reached.
    TargetCost,
    /// Cancelled by the caller.
    Cancelled,
    /// Nothing to search (no job to route).
    Trivial,
}

impl StopReason {
    /// Stable snake-case code (`"time_limit"`, …).
    pub fn code(self) -> &'static str {
        match self {
            StopReason::Iterations => "iterations",
            StopReason::TimeLimit => "time_limit",
            StopReason::TargetCost => "target_cost",
            StopReason::Cancelled => "cancelled",
            StopReason::Trivial => "trivial",
        }
    }
}

/// Search statistics.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SolveStats {
    /// Genetic iterations done, over all threads.
    pub iterations: u64,
    /// Wall time of the solve in seconds.
    pub elapsed_seconds: f64,
    /// Threads used.
    pub threads: usize,
    /// Why the search stopped.
    pub stop_reason: StopReason,
}

/// The result of a solve.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Solution {
    /// Routes of used vehicles.
    pub routes: Vec<RoutePlan>,
    /// Jobs left out, each with its reason.
    pub unassigned: Vec<Unassigned>,
    /// Objective value: `travel_cost + penalty_cost`.
    pub cost: i64,
    /// Sum of route costs (including `Objective::vehicle_cost` per route when minimising vehicles).
    pub travel_cost: i64,
    /// Sum of the penalties of left-out optional jobs.
    pub penalty_cost: i64,
    /// Whether every constraint holds and every servable required job is served.
    pub feasible: bool,
    /// Search statistics.
    pub stats: SolveStats,
}

/// Exact schedule of one route (several time windows handled exactly).
#[derive(Debug, Clone, Default)]
pub(crate) struct Schedule {
    pub start: i64,
    pub end: i64,
    pub stops: Vec<Stop>,
    pub distance: i64,
    pub time_warp: i64,
    pub load: Load,
}

/// Simulates `jobs` on `vehicle`, leaving at the earliest start that achieves the minimum duration.
pub(crate) fn schedule(inst: &Instance, vehicle: usize, jobs: &[usize]) -> Schedule {
    let v = &inst.vehicles[vehicle];
    let p = v.profile;
    let mut seg = inst.depot_seg(vehicle);
    let mut loc = v.start;
    for &j in jobs {
        seg = inst.merge(p, loc, &seg, inst.job_loc[j], &inst.job_seg[j]);
        loc = inst.job_loc[j];
    }
    let route_seg: DurationSegment = inst.merge(p, loc, &seg, v.end, &inst.depot_seg(vehicle));
    let depart = route_seg.earliest;
    let mut s = Schedule {
        start: depart,
        ..Default::default()
    };
    let mut t = depart;
    let mut loc = v.start;
    for &j in jobs {
        let lj = inst.job_loc[j];
        let arrival = t + inst.dur(p, loc, lj);
        s.distance += inst.dist(p, loc, lj);
        let windows = &inst.job_windows[j];
        let start = match windows.iter().find(|w| w.close >= arrival) {
            Some(w) => arrival.max(w.open),
            None => {
                let close = windows.last().map_or(arrival, |w| w.close);
                s.time_warp += arrival - close;
                close
            }
        };
        let departure = start + inst.job_seg[j].duration;
        s.stops.push(Stop {
            job: j,
            arrival: arrival.min(start),
            start,
            departure,
        });
        s.load = s.load.add(&inst.job_demand[j]);
        t = departure;
        loc = lj;
    }
    let mut end = t + inst.dur(p, loc, v.end);
    s.distance += inst.dist(p, loc, v.end);
    if end > v.shift.close {
        s.time_warp += end - v.shift.close;
        end = v.shift.close;
    }
    s.end = end;
    s.time_warp += (end - depart - v.max_duration).max(0);
    s
}

/// Builds the public solution from internal routes (vehicle, jobs).
pub(crate) fn build_solution(
    problem: &Problem,
    inst: &Instance,
    routes: &[(usize, Vec<usize>)],
    extra_unassigned: &[(usize, crate::solution::UnassignedReason)],
    stats: SolveStats,
) -> Solution {
    let mut served = vec![false; inst.n_jobs];
    let mut plans = Vec::new();
    let mut feasible = true;
    let mut travel_cost = 0;
    for (v, jobs) in routes {
        if jobs.is_empty() {
            continue;
        }
        let veh = &inst.vehicles[*v];
        let s = schedule(inst, *v, jobs);
        let duration = s.end - s.start;
        let cost =
            veh.fixed_cost + veh.cost_per_distance * s.distance + veh.cost_per_time * duration;
        travel_cost += cost;
        if s.time_warp > 0
            || !s.load.fits(&veh.capacity, inst.dims)
            || jobs.iter().any(|&j| !inst.can_serve(*v, j))
        {
            feasible = false;
        }
        for &j in jobs {
            served[j] = true;
        }
        plans.push(RoutePlan {
            vehicle_type: veh.vtype,
            vehicle: v - inst.type_vehicles[veh.vtype].start,
            start_time: s.start,
            end_time: s.end,
            stops: s.stops,
            distance: s.distance,
            duration,
            load: s.load.0[..inst.dims].to_vec(),
            cost,
        });
    }
    let mut reasons: Vec<Option<UnassignedReason>> = vec![None; inst.n_jobs];
    for &(j, r) in inst.unservable.iter().chain(extra_unassigned) {
        reasons[j] = Some(r);
    }
    let mut unassigned = Vec::new();
    let mut penalty_cost = 0;
    for j in 0..inst.n_jobs {
        if served[j] {
            continue;
        }
        let reason = match reasons[j] {
            Some(r) => r,
            None if !inst.is_required(j) => UnassignedReason::NotWorthServing,
            None => UnassignedReason::NoFeasiblePlanFound,
        };
        if reason == UnassignedReason::NoFeasiblePlanFound {
            feasible = false;
        }
        penalty_cost += inst.job_penalty[j].unwrap_or(0);
        unassigned.push(Unassigned {
            job: j,
            id: problem.jobs[j].id.clone(),
            reason,
        });
    }
    Solution {
        routes: plans,
        unassigned,
        cost: travel_cost + penalty_cost,
        travel_cost,
        penalty_cost,
        feasible,
        stats,
    }
}
