//! The validated problem compiled into flat arrays for the search.
//!
//! Vehicle types are expanded into individual vehicles; an extra location
//! (`dummy`) at zero distance from everything stands for an open start or end.
//!
//! The search works on *tasks*: the jobs (indices `0..n_jobs`, as in the problem), then each
//! vehicle's breaks, then each vehicle's reload stops (one task per depot and allowed stop).
//! A break has no location of its own ([`NO_LOC`]): it is taken where the vehicle is. Each rule
//! fills its arrays in a module of its own:
//!
//! | module | rule |
//! |---|---|
//! | [`timing`] | time windows (hard or soft closing, several), shifts, overtime, breaks |
//! | [`eligibility`] | skills, allowed vehicle types, preferred vehicle types (continuity) |
//! | [`loads`] | deliveries, pickups, shipments, reload depots, capacity |
//! | [`links`] | timing links between jobs (simultaneous, start gap) and double staffing |
//! | [`reach`] | jobs no vehicle can serve even alone, with the reason |

pub(crate) mod eligibility;
pub(crate) mod links;
pub(crate) mod loads;
pub(crate) mod reach;
pub(crate) mod timing;

use crate::eval::{DurationSegment, Load, LoadSegment};
use crate::model::{Problem, TimeWindow};
use crate::solution::UnassignedReason;
use crate::ProblemError;

/// Times are clamped to this magnitude so that segment arithmetic cannot overflow.
pub(crate) const TIME_LIMIT: i64 = crate::model::MAX_WINDOW_BOUND;
/// Location of a task without a place of its own (a break).
pub(crate) const NO_LOC: usize = usize::MAX;
/// "No task" / "no vehicle".
pub(crate) const NONE: usize = usize::MAX;

/// What a task is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TaskKind {
    /// A job of the problem (same index).
    Job,
    /// Break `index` of vehicle `vehicle`'s type.
    Break { vehicle: usize, index: usize },
    /// A reload stop of `vehicle` at location `depot`.
    Reload { vehicle: usize, depot: usize },
}

/// One vehicle (an expanded vehicle type).
#[derive(Debug, Clone)]
pub(crate) struct VehicleData {
    pub vtype: usize,
    pub profile: usize,
    pub start: usize,
    pub end: usize,
    pub shift: TimeWindow,
    /// Latest arrival at the end: shift close plus allowed overtime.
    pub end_close: i64,
    pub overtime_cost: i64,
    pub capacity: Load,
    pub max_duration: i64,
    pub fixed_cost: i64,
    pub cost_per_distance: i64,
    pub cost_per_time: i64,
    pub cost_per_travel_time: i64,
    /// Its break tasks (always in its route).
    pub breaks: Vec<usize>,
    /// Its reload tasks (optional, at most `max_reloads` used).
    pub reloads: Vec<usize>,
    pub max_reloads: usize,
}

/// Compiled problem.
#[derive(Debug, Clone)]
pub(crate) struct Instance {
    pub n_jobs: usize,
    pub dims: usize,
    /// Locations including the dummy (last index).
    pub n_loc: usize,
    pub durations: Vec<Vec<i64>>,
    pub distances: Vec<Vec<i64>>,
    pub task_kind: Vec<TaskKind>,
    /// Location of each task, [`NO_LOC`] for breaks.
    pub task_loc: Vec<usize>,
    pub task_service: Vec<i64>,
    /// Duration segment of the task alone: its service and its window hull, open-ended for
    /// soft closing (used when a route has no task needing the exact walk).
    pub task_seg: Vec<DurationSegment>,
    /// Start windows, sorted (a break: its window; a reload: the whole horizon).
    pub task_windows: Vec<Vec<TimeWindow>>,
    /// Cost per unit of lateness (soft closing); 0 for hard closing.
    pub task_late_cost: Vec<i64>,
    /// The task may start after its last window closes (soft closing).
    pub task_soft: Vec<bool>,
    /// The start announced to the client, if any (a cost when the task starts later).
    pub task_announced: Vec<Option<crate::model::Announced>>,
    /// Earliest start of the task whatever its windows say (`i64::MIN`: none).
    pub task_not_before: Vec<i64>,
    /// The task needs the exact walk rather than the window hull (several windows or soft
    /// closing).
    pub task_walk: Vec<bool>,
    /// Load segment of the task alone.
    pub task_load: Vec<LoadSegment>,
    /// Cost of leaving the task out; `None` for required tasks (required jobs and breaks).
    pub job_penalty: Vec<Option<i64>>,
    /// Preferred vehicle types per task (empty: no preference) and the cost of another type.
    pub pref_types: Vec<Vec<usize>>,
    pub pref_cost: Vec<i64>,
    /// Tasks with a preference cost.
    pub has_pref: Vec<bool>,
    pub vehicles: Vec<VehicleData>,
    /// For each type, the range of its vehicles.
    pub type_vehicles: Vec<std::ops::Range<usize>>,
    /// `type * n_tasks + task`: the type may serve the task (jobs only).
    compat: Vec<bool>,
    /// Owner vehicle of a break or reload task, [`NONE`] for jobs.
    pub owner: Vec<usize>,
    /// Whether every vehicle can serve every job (skills) — a fast path.
    pub all_compatible: bool,
    /// Partner of a double-staffed job (another vehicle, both or none), or [`NONE`].
    pub partner: Vec<usize>,
    /// The other end of a shipment (same vehicle, pickup first, both or none), or [`NONE`].
    pub mate: Vec<usize>,
    /// Whether the task is the pickup end of its shipment.
    pub is_pickup: Vec<bool>,
    /// Whether some task has a partner or a mate.
    pub has_pairs: bool,
    /// Whether some task is a break (has no location of its own): without, every position
    /// of a route has a place, which the pricing uses to skip looking.
    pub has_breaks: bool,
    /// Timing edges `start(b) ≥ start(a) + w`, by source and by target.
    pub out_edges: Vec<Vec<(usize, i64)>>,
    pub in_edges: Vec<Vec<(usize, i64)>>,
    /// Tasks with a timing edge.
    pub linked: Vec<bool>,
    pub has_links: bool,
    /// Number of timing edges.
    pub n_edges: usize,
    /// Some linked task has several windows (the coupled timing then re-times everything).
    pub multi_window_links: bool,
    /// No start of a schedule without a cyclic timing conflict exceeds this.
    pub horizon: i64,
    /// Cost per unit of the largest lateness.
    pub max_lateness_cost: i64,
    /// Jobs that no vehicle can serve, with the reason; excluded from the search.
    pub unservable: Vec<(usize, UnassignedReason)>,
}

pub(crate) fn clamp(t: i64) -> i64 {
    t.clamp(-TIME_LIMIT, TIME_LIMIT)
}

impl Instance {
    pub fn build(problem: &Problem) -> Result<Instance, ProblemError> {
        problem.validate()?;
        let n = problem.num_locations();
        let n_loc = n + 1;
        let flat = |m: &crate::model::Matrix| {
            let mut v = vec![0i64; n_loc * n_loc];
            for i in 0..n {
                for j in 0..n {
                    v[i * n_loc + j] = m.get(i, j).unwrap_or(0);
                }
            }
            v
        };
        let n_jobs = problem.jobs.len();
        let mut inst = Instance {
            n_jobs,
            dims: problem.num_dimensions(),
            n_loc,
            durations: problem
                .profiles
                .iter()
                .map(|p| flat(&p.durations))
                .collect(),
            distances: problem
                .profiles
                .iter()
                .map(|p| flat(&p.distances))
                .collect(),
            task_kind: vec![TaskKind::Job; n_jobs],
            task_loc: problem.jobs.iter().map(|j| j.location).collect(),
            task_service: problem.jobs.iter().map(|j| j.service).collect(),
            task_seg: Vec::new(),
            task_windows: Vec::new(),
            task_late_cost: Vec::new(),
            task_soft: Vec::new(),
            task_announced: Vec::new(),
            task_not_before: Vec::new(),
            task_walk: Vec::new(),
            task_load: Vec::new(),
            job_penalty: Vec::new(),
            pref_types: Vec::new(),
            pref_cost: Vec::new(),
            has_pref: Vec::new(),
            vehicles: Vec::new(),
            type_vehicles: Vec::new(),
            compat: Vec::new(),
            owner: vec![NONE; n_jobs],
            all_compatible: true,
            partner: Vec::new(),
            mate: Vec::new(),
            is_pickup: Vec::new(),
            has_pairs: false,
            has_breaks: false,
            out_edges: Vec::new(),
            in_edges: Vec::new(),
            linked: Vec::new(),
            has_links: false,
            n_edges: 0,
            multi_window_links: false,
            horizon: 0,
            max_lateness_cost: problem.objective.max_lateness_cost,
            unservable: Vec::new(),
        };
        timing::compile(problem, &mut inst);
        loads::compile(problem, &mut inst);
        eligibility::compile(problem, &mut inst);
        links::compile(problem, &mut inst);
        reach::compile(problem, &mut inst);
        inst.has_breaks = inst.task_loc.contains(&NO_LOC);
        Ok(inst)
    }

    /// Number of tasks (jobs, breaks, reload stops).
    #[inline]
    pub fn n_tasks(&self) -> usize {
        self.task_loc.len()
    }

    /// Appends a task owned by vehicle `v` (a break or a reload stop); returns its index.
    fn push_owned_task(
        &mut self,
        kind: TaskKind,
        v: usize,
        loc: usize,
        service: i64,
        window: TimeWindow,
    ) -> usize {
        let t = self.task_loc.len();
        self.task_kind.push(kind);
        self.task_loc.push(loc);
        self.task_service.push(service);
        self.owner.push(v);
        let w = TimeWindow::new(clamp(window.open), clamp(window.close));
        self.task_seg
            .push(DurationSegment::node(service, w.open, w.close));
        self.task_windows.push(vec![w]);
        self.task_late_cost.push(0);
        self.task_soft.push(false);
        self.task_announced.push(None);
        self.task_not_before.push(i64::MIN);
        self.task_walk.push(false);
        t
    }

    #[inline]
    pub fn dur(&self, profile: usize, from: usize, to: usize) -> i64 {
        self.durations[profile][from * self.n_loc + to]
    }

    #[inline]
    pub fn dist(&self, profile: usize, from: usize, to: usize) -> i64 {
        self.distances[profile][from * self.n_loc + to]
    }

    /// Location after task `t` when the vehicle was at `at` before it (a break stays put).
    #[inline]
    pub fn loc_after(&self, at: usize, t: usize) -> usize {
        let l = self.task_loc[t];
        if l == NO_LOC {
            at
        } else {
            l
        }
    }

    /// Travel time from `from` to task `t` (0 to a break).
    #[inline]
    pub fn dur_to(&self, profile: usize, from: usize, t: usize) -> i64 {
        let l = self.task_loc[t];
        if l == NO_LOC {
            0
        } else {
            self.dur(profile, from, l)
        }
    }

    /// Distance from `from` to task `t` (0 to a break).
    #[inline]
    pub fn dist_to(&self, profile: usize, from: usize, t: usize) -> i64 {
        let l = self.task_loc[t];
        if l == NO_LOC {
            0
        } else {
            self.dist(profile, from, l)
        }
    }

    /// Segment of vehicle `v`'s start (its shift opening, leaving by its close).
    #[inline]
    pub fn start_seg(&self, v: usize) -> DurationSegment {
        let veh = &self.vehicles[v];
        DurationSegment::node(0, veh.shift.open, veh.end_close)
    }

    /// Segment of vehicle `v`'s end (reached by the shift close plus allowed overtime).
    #[inline]
    pub fn end_seg(&self, v: usize) -> DurationSegment {
        let veh = &self.vehicles[v];
        DurationSegment::node(0, veh.shift.open, veh.end_close)
    }

    /// Whether vehicle `v` may serve task `t` (skills, allowed types, owner of a break).
    #[inline]
    pub fn can_serve(&self, v: usize, t: usize) -> bool {
        let o = self.owner[t];
        if o != NONE {
            return o == v;
        }
        self.all_compatible || self.compat[self.vehicles[v].vtype * self.n_tasks() + t]
    }

    /// Whether the task must be served (required jobs and breaks).
    pub fn is_required(&self, t: usize) -> bool {
        self.job_penalty[t].is_none()
    }

    /// Cost of vehicle `v` serving task `t` outside its preferred types.
    #[inline]
    pub fn pref(&self, v: usize, t: usize) -> i64 {
        if !self.has_pref[t] {
            return 0;
        }
        if self.pref_types[t].contains(&self.vehicles[v].vtype) {
            0
        } else {
            self.pref_cost[t]
        }
    }

    /// Whether the task is a job (not a break or reload stop).
    #[inline]
    pub fn is_job(&self, t: usize) -> bool {
        t < self.n_jobs
    }

    /// Share of the servable jobs with a timing link (0 without links).
    pub fn linked_share(&self) -> f64 {
        let mut servable = vec![true; self.n_jobs];
        for &(j, _) in &self.unservable {
            servable[j] = false;
        }
        let (mut n, mut linked) = (0usize, 0usize);
        for (j, &ok) in servable.iter().enumerate() {
            if ok {
                n += 1;
                linked += self.linked[j] as usize;
            }
        }
        if n == 0 {
            0.0
        } else {
            linked as f64 / n as f64
        }
    }

    /// Whether a route holding task `t` must be timed by the exact walk or the coupled timing
    /// rather than by duration segments.
    #[inline]
    pub fn needs_walk(&self, t: usize) -> bool {
        self.task_walk[t] || self.linked[t]
    }
}
