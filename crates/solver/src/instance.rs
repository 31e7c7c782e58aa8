//! The validated problem compiled into flat arrays for the search.
//!
//! Vehicle types are expanded into individual vehicles; an extra location
//! (`dummy`) at zero distance from everything stands for an open start or end.

use crate::eval::{DurationSegment, Load};
use crate::model::{JobKind, Problem, TimeWindow};
use crate::solution::UnassignedReason;
use crate::ProblemError;

/// Times are clamped to this magnitude so that segment arithmetic cannot overflow.
const TIME_LIMIT: i64 = 1 << 50;

/// One vehicle (an expanded vehicle type).
#[derive(Debug, Clone)]
pub(crate) struct VehicleData {
    pub vtype: usize,
    pub profile: usize,
    pub start: usize,
    pub end: usize,
    pub shift: TimeWindow,
    pub capacity: Load,
    pub max_duration: i64,
    pub fixed_cost: i64,
    pub cost_per_distance: i64,
    pub cost_per_time: i64,
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
    pub job_loc: Vec<usize>,
    pub job_seg: Vec<DurationSegment>,
    pub job_windows: Vec<Vec<TimeWindow>>,
    pub job_demand: Vec<Load>,
    /// Cost of leaving the job out; `None` for required jobs.
    pub job_penalty: Vec<Option<i64>>,
    pub vehicles: Vec<VehicleData>,
    /// For each type, the range of its vehicles.
    pub type_vehicles: Vec<std::ops::Range<usize>>,
    compat: Vec<bool>,
    /// Whether every vehicle can serve every job (skills) — a fast path.
    pub all_compatible: bool,
    /// Whether some job has several time windows (then routes are re-timed exactly).
    pub has_multi_windows: bool,
    /// Jobs that no vehicle can serve, with the reason; excluded from the search.
    pub unservable: Vec<(usize, UnassignedReason)>,
}

fn clamp(t: i64) -> i64 {
    t.clamp(-TIME_LIMIT, TIME_LIMIT)
}

impl Instance {
    pub fn build(problem: &Problem) -> Result<Instance, ProblemError> {
        problem.validate()?;
        let n = problem.num_locations();
        let n_loc = n + 1;
        let dims = problem.num_dimensions();
        let flat = |m: &crate::model::Matrix| {
            let mut v = vec![0i64; n_loc * n_loc];
            for i in 0..n {
                for j in 0..n {
                    v[i * n_loc + j] = m.get(i, j).unwrap_or(0);
                }
            }
            v
        };
        let durations = problem
            .profiles
            .iter()
            .map(|p| flat(&p.durations))
            .collect();
        let distances = problem
            .profiles
            .iter()
            .map(|p| flat(&p.distances))
            .collect();
        let mut vehicles = Vec::new();
        let mut type_vehicles = Vec::new();
        let obj = &problem.objective;
        for (t, vt) in problem.vehicle_types.iter().enumerate() {
            let first = vehicles.len();
            for _ in 0..vt.count {
                vehicles.push(VehicleData {
                    vtype: t,
                    profile: vt.profile,
                    start: vt.start.unwrap_or(n),
                    end: vt.end.unwrap_or(n),
                    shift: TimeWindow::new(clamp(vt.shift.open), clamp(vt.shift.close)),
                    capacity: Load::from_slice(&vt.capacity),
                    max_duration: vt.max_duration.unwrap_or(TIME_LIMIT * 4),
                    fixed_cost: vt.fixed_cost
                        + if obj.minimise_vehicles {
                            obj.vehicle_cost
                        } else {
                            0
                        },
                    cost_per_distance: vt.cost_per_distance,
                    cost_per_time: vt.cost_per_time,
                });
            }
            type_vehicles.push(first..vehicles.len());
        }
        let n_jobs = problem.jobs.len();
        let n_types = problem.vehicle_types.len();
        let mut compat = vec![false; n_types * n_jobs];
        for t in 0..n_types {
            for j in 0..n_jobs {
                compat[t * n_jobs + j] = problem.has_skills(t, j);
            }
        }
        let job_seg = problem
            .jobs
            .iter()
            .map(|j| {
                let open = j.time_windows.first().map_or(0, |w| w.open);
                let close = j.time_windows.last().map_or(0, |w| w.close);
                DurationSegment::node(j.service, clamp(open), clamp(close))
            })
            .collect();
        let job_penalty = problem
            .jobs
            .iter()
            .map(|j| match j.kind {
                JobKind::Required => None,
                JobKind::Optional { penalty } => Some(penalty + j.priority * obj.priority_weight),
            })
            .collect();
        let mut inst = Instance {
            n_jobs,
            dims,
            n_loc,
            durations,
            distances,
            job_loc: problem.jobs.iter().map(|j| j.location).collect(),
            job_seg,
            job_windows: problem
                .jobs
                .iter()
                .map(|j| j.time_windows.clone())
                .collect(),
            job_demand: problem
                .jobs
                .iter()
                .map(|j| Load::from_slice(&j.demand))
                .collect(),
            job_penalty,
            vehicles,
            type_vehicles,
            all_compatible: compat.iter().all(|&c| c),
            has_multi_windows: problem.jobs.iter().any(|j| j.time_windows.len() > 1),
            compat,
            unservable: Vec::new(),
        };
        inst.unservable = (0..n_jobs)
            .filter_map(|j| inst.why_unservable(j).map(|r| (j, r)))
            .collect();
        Ok(inst)
    }

    /// Why no vehicle could serve job `j` even alone, if so.
    fn why_unservable(&self, j: usize) -> Option<UnassignedReason> {
        let mut best = UnassignedReason::NoVehicle;
        for (t, range) in self.type_vehicles.iter().enumerate() {
            if range.is_empty() {
                continue;
            }
            if !self.compat[t * self.n_jobs + j] {
                best = best.max(UnassignedReason::MissingSkills);
                continue;
            }
            let v = &self.vehicles[range.start];
            if !self.job_demand[j].fits(&v.capacity, self.dims) {
                best = best.max(UnassignedReason::CapacityExceeded);
                continue;
            }
            let seg = self.merge(
                v.profile,
                v.start,
                &self.depot_seg(range.start),
                self.job_loc[j],
                &self.job_seg[j],
            );
            let seg = self.merge(
                v.profile,
                self.job_loc[j],
                &seg,
                v.end,
                &self.depot_seg(range.start),
            );
            let warp = seg.time_warp + (seg.duration - v.max_duration).max(0);
            if warp > 0 || !self.windows_reachable(j, seg.earliest, v) {
                best = best.max(UnassignedReason::TimeUnreachable);
                continue;
            }
            return None;
        }
        Some(best)
    }

    /// With several windows, checks that some window can be met when travelling
    /// straight from the start (the hull check above is not enough).
    fn windows_reachable(&self, j: usize, depart: i64, v: &VehicleData) -> bool {
        let arrive = depart + self.dur(v.profile, v.start, self.job_loc[j]);
        self.job_windows[j].iter().any(|w| {
            let start = arrive.max(w.open);
            start <= w.close
                && start + self.job_seg[j].duration + self.dur(v.profile, self.job_loc[j], v.end)
                    <= v.shift.close
                && start + self.job_seg[j].duration + self.dur(v.profile, self.job_loc[j], v.end)
                    - depart
                    <= v.max_duration
        })
    }

    #[inline]
    pub fn dur(&self, profile: usize, from: usize, to: usize) -> i64 {
        self.durations[profile][from * self.n_loc + to]
    }

    #[inline]
    pub fn dist(&self, profile: usize, from: usize, to: usize) -> i64 {
        self.distances[profile][from * self.n_loc + to]
    }

    /// Segment of vehicle `v`'s start or end depot (its shift window).
    #[inline]
    pub fn depot_seg(&self, v: usize) -> DurationSegment {
        let s = self.vehicles[v].shift;
        DurationSegment::node(0, s.open, s.close)
    }

    #[inline]
    pub fn merge(
        &self,
        profile: usize,
        from: usize,
        a: &DurationSegment,
        to: usize,
        b: &DurationSegment,
    ) -> DurationSegment {
        DurationSegment::merge(self.dur(profile, from, to), a, b)
    }

    /// Whether vehicle `v` has the skills for job `j`.
    #[inline]
    pub fn can_serve(&self, v: usize, j: usize) -> bool {
        self.all_compatible || self.compat[self.vehicles[v].vtype * self.n_jobs + j]
    }

    pub fn is_required(&self, j: usize) -> bool {
        self.job_penalty[j].is_none()
    }
}
