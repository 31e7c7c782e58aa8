//! Solver output: routes with their schedule, left-out jobs with reasons, cost.

use serde::{Deserialize, Serialize};

use crate::eval::schedule::{Visit, Walk, FREE};
use crate::instance::{Instance, TaskKind};
use crate::model::Problem;
use crate::search::LocalSearch;

/// Why a job is not in any route.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum UnassignedReason {
    /// There is no vehicle at all.
    NoVehicle,
    /// No vehicle has every skill the job requires.
    MissingSkills,
    /// Vehicle types with the skills exist, but the job allows none of them.
    NotAllowed,
    /// The job's demand exceeds the capacity of every vehicle that has the skills.
    CapacityExceeded,
    /// Even alone on a route, no suitable vehicle can meet the job's time windows
    /// within its shift and maximum duration.
    TimeUnreachable,
    /// A double-staffed job with no two different vehicles able to serve its two halves.
    NoDistinctVehicles,
    /// The other job of its double-staffing link or shipment cannot be served.
    PartnerUnservable,
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
            UnassignedReason::NotAllowed => "not_allowed",
            UnassignedReason::NoDistinctVehicles => "no_distinct_vehicles",
            UnassignedReason::PartnerUnservable => "partner_unservable",
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
            UnassignedReason::NotAllowed => {
                "vehicles with the skills exist, but the job allows none of them"
            }
            UnassignedReason::NoDistinctVehicles => {
                "no two different vehicles can serve the two halves of this double-staffed job"
            }
            UnassignedReason::PartnerUnservable => {
                "the other job of its double-staffing link or shipment cannot be served"
            }
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

/// One job visit of a route.
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
    /// Time started after the job's last window closed (soft closing; 0 otherwise).
    #[serde(default)]
    pub lateness: i64,
}

/// A break taken during a route.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BreakStop {
    /// Index of the break in the vehicle type's `breaks`.
    pub index: usize,
    /// Number of job stops (and reload stops) before it: it is taken after them.
    pub after: usize,
    /// Start of the break.
    pub start: i64,
    /// End of the break.
    pub end: i64,
}

/// A stop at a depot to reload deliveries and unload pickups.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReloadStop {
    /// Location of the depot.
    pub depot: usize,
    /// Number of job stops (and earlier reload stops) before it.
    pub after: usize,
    /// Arrival at the depot.
    pub arrival: i64,
    /// Start of the reload.
    pub start: i64,
    /// End of the reload.
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
    /// Job visits in order.
    pub stops: Vec<Stop>,
    /// Breaks, each with its place in the order.
    #[serde(default)]
    pub breaks: Vec<BreakStop>,
    /// Reload stops, each with its place in the order.
    #[serde(default)]
    pub reloads: Vec<ReloadStop>,
    /// Travelled distance.
    pub distance: i64,
    /// Driving time.
    #[serde(default)]
    pub travel_time: i64,
    /// `end_time - start_time`.
    pub duration: i64,
    /// Time the route ends after the shift closes.
    #[serde(default)]
    pub overtime: i64,
    /// Highest load on board at any point, per dimension.
    pub load: Vec<i64>,
    /// Cost of this route (fixed, distance, driving time, duration, overtime, lateness and
    /// preference costs).
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
    /// Objective value: `travel_cost + max_lateness_cost + penalty_cost`.
    pub cost: i64,
    /// Sum of route costs (including `Objective::vehicle_cost` per route when minimising vehicles).
    pub travel_cost: i64,
    /// `Objective::max_lateness_cost` times the largest lateness of any job.
    #[serde(default)]
    pub max_lateness_cost: i64,
    /// Sum of the penalties of left-out optional jobs.
    pub penalty_cost: i64,
    /// Whether every constraint holds and every servable required job is served.
    pub feasible: bool,
    /// Search statistics.
    pub stats: SolveStats,
}

/// Builds the public solution from internal routes (vehicle, tasks), timed exactly by the
/// engine's own evaluation (coupled timing included).
pub(crate) fn build_solution(
    problem: &Problem,
    inst: &Instance,
    routes: &[(usize, Vec<usize>)],
    extra_unassigned: &[(usize, UnassignedReason)],
    stats: SolveStats,
) -> Solution {
    let active: Vec<usize> = (0..inst.n_tasks()).collect();
    let neighbours = vec![Vec::new(); inst.n_tasks()];
    let mut ls = LocalSearch::new(inst, &neighbours, active);
    // A route without jobs does not use its vehicle: its reload stops go with it.
    let routes: Vec<(usize, Vec<usize>)> = routes
        .iter()
        .map(|(v, tasks)| {
            if tasks.iter().any(|&t| inst.task_kind[t] == TaskKind::Job) {
                (*v, tasks.clone())
            } else {
                let kept = tasks
                    .iter()
                    .copied()
                    .filter(|&t| !matches!(inst.task_kind[t], TaskKind::Reload { .. }))
                    .collect();
                (*v, kept)
            }
        })
        .collect();
    ls.load(&routes);
    let mut served = vec![false; inst.n_jobs];
    let mut plans = Vec::new();
    let mut feasible = true;
    let mut travel_cost = 0;
    for route in &ls.routes {
        if route.is_empty() {
            continue;
        }
        let v = route.vehicle;
        let veh = &inst.vehicles[v];
        let (depart, visits) = route_times(&ls, v);
        if route.parts.time_warp > 0
            || route.parts.excess_load > 0
            || route.jobs.iter().any(|&j| !inst.can_serve(v, j))
        {
            feasible = false;
        }
        travel_cost += route.parts.cost;
        let mut plan = RoutePlan {
            vehicle_type: veh.vtype,
            vehicle: v - inst.type_vehicles[veh.vtype].start,
            start_time: depart,
            end_time: route.timing.back,
            stops: Vec::new(),
            breaks: Vec::new(),
            reloads: Vec::new(),
            distance: route.stat.distance,
            travel_time: route.stat.travel,
            duration: route.timing.back - depart,
            overtime: (route.timing.back - veh.shift.close).max(0),
            load: route.pre_load[route.len() + 1].peak(inst.dims).0[..inst.dims].to_vec(),
            cost: route.parts.cost,
        };
        for (&t, vis) in route.jobs.iter().zip(&visits) {
            let after = plan.stops.len() + plan.reloads.len();
            match inst.task_kind[t] {
                TaskKind::Job => {
                    served[t] = true;
                    plan.stops.push(Stop {
                        job: t,
                        arrival: vis.arrival,
                        start: vis.start,
                        departure: vis.end,
                        lateness: if inst.task_soft[t] { vis.late } else { 0 },
                    });
                }
                TaskKind::Break { index, .. } => plan.breaks.push(BreakStop {
                    index,
                    after,
                    start: vis.start,
                    end: vis.end,
                }),
                TaskKind::Reload { depot, .. } => plan.reloads.push(ReloadStop {
                    depot,
                    after,
                    arrival: vis.arrival,
                    start: vis.start,
                    departure: vis.end,
                }),
            }
        }
        if plan.stops.is_empty() {
            // Only breaks: the vehicle is not used.
            travel_cost -= route.parts.cost;
            continue;
        }
        plans.push(plan);
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
    let max_lateness_cost = inst.max_lateness_cost * ls.max_lateness();
    Solution {
        routes: plans,
        unassigned,
        cost: travel_cost + max_lateness_cost + penalty_cost,
        travel_cost,
        max_lateness_cost,
        penalty_cost,
        feasible,
        stats,
    }
}

/// Departure and per-task times of route `r` as reported: the exact earliest schedule for
/// routes timed by the walk or linked; for routes priced by duration segments, the vehicle
/// leaves at the earliest departure achieving the shortest duration, then every task starts
/// as early as it can.
pub(crate) fn route_times(ls: &LocalSearch, r: usize) -> (i64, Vec<Visit>) {
    let route = &ls.routes[r];
    if route.walks() {
        // The vehicle leaves just in time for its first task.
        let mut visits = route.visits.clone();
        if let Some(first) = visits.first_mut() {
            first.arrival = route.timing.depart + first.travel;
        }
        return (route.timing.depart, visits);
    }
    let inst = ls.inst;
    let veh = &inst.vehicles[route.vehicle];
    let mut w = Walk::start(veh);
    w.time = route.timing.depart;
    let visits = route
        .jobs
        .iter()
        .map(|&t| w.visit(inst, veh.profile, t, FREE))
        .collect();
    (route.timing.depart, visits)
}
