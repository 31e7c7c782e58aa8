//! Independent feasibility checkers. They recompute everything from the
//! routes and the input (never from the solver's incremental state):
//! - [`check`] for a general [`Problem`] and [`Solution`];
//! - [`vrptw::check_vrptw`] for Solomon-style instances in real-valued time.

pub mod vrptw;

use std::collections::HashSet;

use serde::{Deserialize, Serialize};

use crate::model::{Job, JobKind, Lateness, LinkKind, Problem, Profile, VehicleType};
use crate::solution::{RoutePlan, Solution};

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

/// Checks a solution against a problem, with the rules written again from the model's
/// documentation (no engine code is used). Every violation names the route, job, link,
/// shipment or break concerned.
///
/// - **Assignment**: each job served at most once and either served or reported unassigned
///   once; vehicle types and vehicles exist and each vehicle has at most one route; the
///   vehicle type has every skill of its jobs and is in their `allowed_vehicle_types`.
/// - **Order**: a route's full sequence is its job stops and reload stops interleaved by the
///   reloads' `after` counts, with the breaks inserted after the first `after` job and reload
///   stops (before a reload stop with the same count).
/// - **Times**: the vehicle leaves its start (open start: is at its first stop) at
///   `start_time`, not before the shift opens; each arrival is the previous departure plus the
///   travel time (none to or from a break: it is taken where the vehicle is); service starts
///   at or after arrival, inside a window, or after the last window closes when lateness is
///   soft (`lateness` = start − last close); departure = start + service (break: + its
///   duration; reload: + the reload duration); a break starts inside its window;
///   `end_time` = last departure + travel to the end, by the shift close plus `max_overtime`;
///   `overtime` = max(0, end − close); `duration` = end − start ≤ `max_duration`.
/// - **Breaks and reloads**: a route with jobs takes each of its vehicle type's breaks exactly
///   once; reload stops are at the type's reload depots, at most `max_stops` of them.
/// - **Loads**: each trip (split by reload stops) leaves with the deliveries of its jobs and
///   collects their pickups; a shipment's amount is on board from its pickup to its delivery,
///   across reloads; the load never exceeds the capacity and `load` is its highest value.
/// - **Links**: when both jobs are served, the second starts at the same time as the first
///   (simultaneous) or within the gap; a double-staffed pair is served by two different
///   vehicles, or neither is served.
/// - **Shipments**: both jobs served by one vehicle, pickup first, or neither served.
/// - **Cost**: per route `fixed_cost` (+ `vehicle_cost` when minimising vehicles) + cost per
///   distance, per travel time, per duration and per overtime + soft lateness costs +
///   `unpreferred_cost` of jobs served outside their preferred types; the solution adds
///   `max_lateness_cost` × the largest lateness and the penalties of left-out optional jobs;
///   a job started after its announced latest start adds its `announced` cost (and no job
///   starts before its `not_before`).
///   Every reported time, total and cost is compared with its recomputation.
pub fn check(problem: &Problem, solution: &Solution) -> CheckReport {
    let mut ck = Checker::new(problem);
    for (r, route) in solution.routes.iter().enumerate() {
        ck.route(r, route);
    }
    let (required_unassigned, penalty_cost) = ck.unassigned(solution);
    ck.links();
    ck.shipments();
    let cost = ck.totals(solution, penalty_cost);
    CheckReport {
        feasible: ck.v.is_empty(),
        cost,
        required_unassigned,
        violations: ck.v,
    }
}

/// Where a job is served (its first occurrence).
#[derive(Debug, Clone, Copy)]
struct Served {
    route: usize,
    /// Vehicle type and vehicle index.
    vehicle: (usize, usize),
    /// Index among the route's job stops.
    position: usize,
    start: i64,
}

/// One element of a route's full stop sequence, by index into the route's lists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Item {
    Job(usize),
    Reload(usize),
    Break(usize),
}

/// A point of a route where the load is measured.
#[derive(Debug, Clone, Copy)]
enum LoadPoint {
    Start,
    Job(usize),
    Reload(usize),
}

/// What walking a route recomputes.
#[derive(Debug, Default)]
struct Walk {
    end: i64,
    distance: i64,
    travel: i64,
    /// Σ soft lateness × cost per unit.
    lateness_cost: i64,
}

struct Checker<'a> {
    p: &'a Problem,
    v: Vec<String>,
    /// Times each job appears in a route.
    seen: Vec<usize>,
    served: Vec<Option<Served>>,
    /// Shipment amounts put on board (+) or taken off (−) at each job.
    shipped: Vec<Vec<i64>>,
    used_vehicles: HashSet<(usize, usize)>,
    /// Σ recomputed route costs.
    travel_cost: i64,
    /// Largest soft lateness of a served job.
    max_lateness: i64,
}

fn job_name(j: usize, job: &Job) -> String {
    format!("job {j} ({:?})", job.id)
}

fn windows_text(job: &Job) -> String {
    let w: Vec<String> = job
        .time_windows
        .iter()
        .map(|w| format!("[{}, {}]", w.open, w.close))
        .collect();
    w.join(" ")
}

fn add(load: &mut [i64], q: &[i64], sign: i64) {
    for (l, q) in load.iter_mut().zip(q) {
        *l += sign * q;
    }
}

/// Lateness of a job starting at `start` (0 inside a window), or why the start is not allowed.
fn lateness(job: &Job, start: i64) -> Result<i64, String> {
    if job
        .time_windows
        .iter()
        .any(|w| w.open <= start && start <= w.close)
    {
        return Ok(0);
    }
    let Some(last) = job.time_windows.last().map(|w| w.close) else {
        return Err("has no time window".to_string());
    };
    match job.lateness {
        Lateness::Soft { .. } if start > last => Ok(start - last),
        Lateness::Hard if start > last => Err(format!(
            "starts at {start}, after its last window closes at {last} (hard closing)"
        )),
        _ => Err(format!(
            "starts at {start}, outside its time windows {}",
            windows_text(job)
        )),
    }
}

impl<'a> Checker<'a> {
    fn new(p: &'a Problem) -> Self {
        let n = p.jobs.len();
        let dims = p.num_dimensions();
        let mut shipped = vec![vec![0; dims]; n];
        for s in &p.shipments {
            if let Some(l) = shipped.get_mut(s.pickup) {
                add(l, &s.amount, 1);
            }
            if let Some(l) = shipped.get_mut(s.delivery) {
                add(l, &s.amount, -1);
            }
        }
        Checker {
            p,
            v: Vec::new(),
            seen: vec![0; n],
            served: vec![None; n],
            shipped,
            used_vehicles: HashSet::new(),
            travel_cost: 0,
            max_lateness: 0,
        }
    }

    fn job(&self, j: usize) -> String {
        job_name(j, &self.p.jobs[j])
    }

    /// Checks one route and adds its recomputed cost.
    fn route(&mut self, r: usize, route: &RoutePlan) {
        let Some(vt) = self.vehicle(r, route) else {
            return;
        };
        if route.stops.is_empty() {
            if route.reloads.is_empty() && route.breaks.is_empty() {
                self.v.push(format!("route {r}: empty route reported"));
                return;
            }
            // Still checked and priced below, so that this is the only violation.
            self.v.push(format!(
                "route {r}: empty route reported (no job stop, but {} reload stops and {} breaks)",
                route.reloads.len(),
                route.breaks.len()
            ));
        }
        let Some(profile) = self.p.profiles.get(vt.profile) else {
            self.v.push(format!(
                "route {r}: vehicle type {} uses profile {}, which does not exist",
                route.vehicle_type, vt.profile
            ));
            return;
        };
        let n_jobs = self.p.jobs.len();
        if let Some((k, s)) = route
            .stops
            .iter()
            .enumerate()
            .find(|(_, s)| s.job >= n_jobs)
        {
            self.v.push(format!(
                "route {r}: stop {k} has job {} out of range",
                s.job
            ));
            return;
        }
        let preference_cost = self.jobs_served(r, route, vt);
        if !route.stops.is_empty() {
            self.breaks_taken(r, route, vt);
        }
        self.reload_depots(r, route, vt);
        let seq = self.sequence(r, route);
        let walk = self.times(r, route, vt, profile, &seq);
        self.loads(r, route, vt, &seq);
        self.route_totals(r, route, vt, &walk, preference_cost);
    }

    /// The route's vehicle type, if it exists; the vehicle exists and is used once.
    fn vehicle(&mut self, r: usize, route: &RoutePlan) -> Option<&'a VehicleType> {
        let Some(vt) = self.p.vehicle_types.get(route.vehicle_type) else {
            self.v.push(format!(
                "route {r}: vehicle type {} does not exist",
                route.vehicle_type
            ));
            return None;
        };
        if route.vehicle >= vt.count {
            self.v.push(format!(
                "route {r}: vehicle {} of type {} but only {} exist",
                route.vehicle, route.vehicle_type, vt.count
            ));
        }
        if !self
            .used_vehicles
            .insert((route.vehicle_type, route.vehicle))
        {
            self.v.push(format!(
                "route {r}: vehicle {} of type {} used twice",
                route.vehicle, route.vehicle_type
            ));
        }
        Some(vt)
    }

    /// Records where each job is served; skills and allowed types. Returns the preference cost.
    fn jobs_served(&mut self, r: usize, route: &RoutePlan, vt: &VehicleType) -> i64 {
        let t = route.vehicle_type;
        let vskills: HashSet<&str> = vt.skills.iter().map(String::as_str).collect();
        let mut cost = 0;
        for (k, stop) in route.stops.iter().enumerate() {
            let j = stop.job;
            let job = &self.p.jobs[j];
            self.seen[j] += 1;
            if self.served[j].is_none() {
                self.served[j] = Some(Served {
                    route: r,
                    vehicle: (t, route.vehicle),
                    position: k,
                    start: stop.start,
                });
            }
            if !job.skills.iter().all(|s| vskills.contains(s.as_str())) {
                self.v.push(format!(
                    "route {r}: vehicle type {t} lacks a skill of {}",
                    self.job(j)
                ));
            }
            if let Some(allowed) = &job.allowed_vehicle_types {
                if !allowed.contains(&t) {
                    self.v.push(format!(
                        "route {r}: vehicle type {t} ({:?}) is not allowed for {} (allowed: {allowed:?})",
                        vt.id,
                        self.job(j)
                    ));
                }
            }
            if !job.preferred_vehicle_types.is_empty() && !job.preferred_vehicle_types.contains(&t)
            {
                cost += job.unpreferred_cost;
            }
        }
        cost
    }

    /// A route with jobs takes each break of its vehicle type exactly once.
    fn breaks_taken(&mut self, r: usize, route: &RoutePlan, vt: &VehicleType) {
        let mut taken = vec![0usize; vt.breaks.len()];
        for b in &route.breaks {
            match taken.get_mut(b.index) {
                Some(c) => *c += 1,
                None => self.v.push(format!(
                    "route {r}: break {} does not exist (vehicle type {} has {} breaks)",
                    b.index,
                    route.vehicle_type,
                    vt.breaks.len()
                )),
            }
        }
        for (i, (n, b)) in taken.iter().zip(&vt.breaks).enumerate() {
            if *n != 1 {
                self.v.push(format!(
                    "route {r}: break {i} ({:?}) taken {n} times, expected once",
                    b.id
                ));
            }
        }
    }

    /// Reload stops only at the type's depots, at most `max_stops`.
    fn reload_depots(&mut self, r: usize, route: &RoutePlan, vt: &VehicleType) {
        if route.reloads.is_empty() {
            return;
        }
        let Some(reloads) = &vt.reloads else {
            self.v.push(format!(
                "route {r}: {} reload stops but vehicle type {} has no reload depots",
                route.reloads.len(),
                route.vehicle_type
            ));
            return;
        };
        if route.reloads.len() > reloads.max_stops {
            self.v.push(format!(
                "route {r}: {} reload stops, more than the maximum {}",
                route.reloads.len(),
                reloads.max_stops
            ));
        }
        for (k, s) in route.reloads.iter().enumerate() {
            if !reloads.depots.contains(&s.depot) {
                self.v.push(format!(
                    "route {r}: reload stop {k} at location {}, not a reload depot of vehicle type {} ({:?})",
                    s.depot, route.vehicle_type, reloads.depots
                ));
            }
        }
    }

    /// The full stop sequence: job and reload stops by the reloads' `after`, breaks inserted
    /// after the first `after` job and reload stops (before a reload with the same count).
    fn sequence(&mut self, r: usize, route: &RoutePlan) -> Vec<Item> {
        let (n_jobs, n_reloads) = (route.stops.len(), route.reloads.len());
        let mut order = Vec::with_capacity(n_jobs + n_reloads);
        let mut next_job = 0;
        for (k, s) in route.reloads.iter().enumerate() {
            // Job stops before this reload stop.
            let jobs_before = s.after.saturating_sub(k);
            if s.after < k || jobs_before < next_job || jobs_before > n_jobs {
                self.v.push(format!(
                    "route {r}: reload stop {k} has after = {}, out of order or beyond the {n_jobs} job stops",
                    s.after
                ));
            }
            while next_job < jobs_before.min(n_jobs) {
                order.push(Item::Job(next_job));
                next_job += 1;
            }
            order.push(Item::Reload(k));
        }
        order.extend((next_job..n_jobs).map(Item::Job));
        let mut breaks: Vec<usize> = (0..route.breaks.len()).collect();
        breaks.sort_by_key(|&b| route.breaks[b].after);
        let mut seq = Vec::with_capacity(order.len() + breaks.len());
        let mut next_break = breaks.iter().peekable();
        for (pos, &item) in order.iter().enumerate() {
            while let Some(&&b) = next_break.peek() {
                if route.breaks[b].after > pos {
                    break;
                }
                seq.push(Item::Break(b));
                next_break.next();
            }
            seq.push(item);
        }
        for &b in next_break {
            if route.breaks[b].after > order.len() {
                self.v.push(format!(
                    "route {r}: break {} has after = {}, beyond the {} job and reload stops",
                    route.breaks[b].index,
                    route.breaks[b].after,
                    order.len()
                ));
            }
            seq.push(Item::Break(b));
        }
        seq
    }

    /// Walks the sequence from `start_time`: arrivals, starts, windows, departures, lateness.
    fn times(
        &mut self,
        r: usize,
        route: &RoutePlan,
        vt: &VehicleType,
        profile: &Profile,
        seq: &[Item],
    ) -> Walk {
        let mut walk = Walk::default();
        if route.start_time < vt.shift.open {
            self.v.push(format!(
                "route {r}: starts at {} before the shift opens at {}",
                route.start_time, vt.shift.open
            ));
        }
        let leg = |walk: &mut Walk, from: Option<usize>, to: Option<usize>| match (from, to) {
            (Some(a), Some(b)) => {
                let tt = profile.durations.get(a, b).unwrap_or(0);
                walk.travel += tt;
                walk.distance += profile.distances.get(a, b).unwrap_or(0);
                tt
            }
            _ => 0,
        };
        let mut t = route.start_time;
        let mut loc = vt.start;
        for &item in seq {
            match item {
                Item::Job(k) => {
                    let stop = &route.stops[k];
                    let j = stop.job;
                    let job = &self.p.jobs[j];
                    let what = format!("route {r}: {}", self.job(j));
                    let arrival = t + leg(&mut walk, loc, Some(job.location));
                    let start = self.started(&what, stop.arrival, arrival, stop.start);
                    let late = match lateness(job, start) {
                        Ok(l) => l,
                        Err(e) => {
                            self.v.push(format!("{what} {e}"));
                            0
                        }
                    };
                    if stop.lateness != late {
                        self.v.push(format!(
                            "{what} reported lateness {} but recomputed {late}",
                            stop.lateness
                        ));
                    }
                    if let Lateness::Soft { cost_per_unit } = job.lateness {
                        walk.lateness_cost += cost_per_unit * late;
                        self.max_lateness = self.max_lateness.max(late);
                    }
                    if job.not_before.is_some_and(|nb| start < nb) {
                        self.v.push(format!(
                            "{what} starts at {start}, before its earliest start {}",
                            job.not_before.unwrap_or(0)
                        ));
                    }
                    if let Some(a) = &job.announced {
                        if start > a.latest {
                            walk.lateness_cost += a.cost + a.cost_per_unit * (start - a.latest);
                        }
                    }
                    t = self.departed(&what, stop.departure, start + job.service);
                    loc = Some(job.location);
                }
                Item::Reload(k) => {
                    let stop = &route.reloads[k];
                    let what = format!("route {r}: reload stop {k} at depot {}", stop.depot);
                    let arrival = t + leg(&mut walk, loc, Some(stop.depot));
                    let start = self.started(&what, stop.arrival, arrival, stop.start);
                    let duration = vt.reloads.as_ref().map_or(0, |rl| rl.duration);
                    t = self.departed(&what, stop.departure, start + duration);
                    loc = Some(stop.depot);
                }
                Item::Break(k) => {
                    let stop = &route.breaks[k];
                    let Some(b) = vt.breaks.get(stop.index) else {
                        continue;
                    };
                    let what = format!("route {r}: break {} ({:?})", stop.index, b.id);
                    if stop.start < t {
                        self.v.push(format!(
                            "{what} starts at {}, before the vehicle is free at {t}",
                            stop.start
                        ));
                    }
                    let start = stop.start.max(t);
                    if start < b.window.open || start > b.window.close {
                        self.v.push(format!(
                            "{what} starts at {start}, outside its window [{}, {}]",
                            b.window.open, b.window.close
                        ));
                    }
                    t = self.departed(&what, stop.end, start + b.duration);
                }
            }
        }
        walk.end = t + leg(&mut walk, loc, vt.end);
        walk
    }

    /// Checks a reported arrival and start; returns the start used from here on.
    fn started(&mut self, what: &str, reported_arrival: i64, arrival: i64, start: i64) -> i64 {
        if reported_arrival != arrival {
            self.v.push(format!(
                "{what} reported arrival {reported_arrival} but recomputed {arrival}"
            ));
        }
        if start < arrival {
            self.v.push(format!(
                "{what} starts at {start}, before its arrival at {arrival}"
            ));
        }
        start.max(arrival)
    }

    /// Checks a reported departure (or break end); returns the recomputed one.
    fn departed(&mut self, what: &str, reported: i64, departure: i64) -> i64 {
        if reported != departure {
            self.v.push(format!(
                "{what} reported departure {reported} but recomputed {departure}"
            ));
        }
        departure
    }

    /// Loads along the route, trip by trip; the reported highest load.
    fn loads(&mut self, r: usize, route: &RoutePlan, vt: &VehicleType, seq: &[Item]) {
        let dims = vt.capacity.len();
        let order: Vec<Item> = seq
            .iter()
            .copied()
            .filter(|i| !matches!(i, Item::Break(_)))
            .collect();
        let mut peak = vec![0i64; dims];
        let mut over = vec![false; dims];
        // Shipment loads on board.
        let mut shipped = vec![0i64; dims];
        let mut point = LoadPoint::Start;
        let mut i = 0;
        loop {
            let trip_end = order[i..]
                .iter()
                .position(|it| matches!(it, Item::Reload(_)))
                .map_or(order.len(), |p| i + p);
            let mut load = shipped.clone();
            for it in &order[i..trip_end] {
                if let Item::Job(k) = *it {
                    add(&mut load, &self.p.jobs[route.stops[k].job].demand, 1);
                }
            }
            self.load_point(r, route, vt, &load, point, &mut peak, &mut over);
            for it in &order[i..trip_end] {
                let Item::Job(k) = *it else { continue };
                let j = route.stops[k].job;
                let job = &self.p.jobs[j];
                add(&mut load, &job.demand, -1);
                add(&mut load, &job.pickup, 1);
                add(&mut load, &self.shipped[j], 1);
                add(&mut shipped, &self.shipped[j], 1);
                self.load_point(r, route, vt, &load, LoadPoint::Job(j), &mut peak, &mut over);
            }
            let Some(&Item::Reload(k)) = order.get(trip_end) else {
                break;
            };
            point = LoadPoint::Reload(k);
            i = trip_end + 1;
        }
        if route.load != peak {
            self.v.push(format!(
                "route {r}: reported load {:?} but recomputed {peak:?}",
                route.load
            ));
        }
    }

    /// Records the load at one point; reports the first excess in each dimension.
    #[allow(clippy::too_many_arguments)]
    fn load_point(
        &mut self,
        r: usize,
        route: &RoutePlan,
        vt: &VehicleType,
        load: &[i64],
        point: LoadPoint,
        peak: &mut [i64],
        over: &mut [bool],
    ) {
        for (dim, (&l, &c)) in load.iter().zip(&vt.capacity).enumerate() {
            peak[dim] = peak[dim].max(l);
            if l > c && !over[dim] {
                over[dim] = true;
                let at = match point {
                    LoadPoint::Start => "leaving the start".to_string(),
                    LoadPoint::Job(j) => format!("after {}", self.job(j)),
                    LoadPoint::Reload(k) => format!(
                        "leaving reload stop {k} at depot {}",
                        route.reloads[k].depot
                    ),
                };
                self.v.push(format!(
                    "route {r}: load {l} above capacity {c} in dimension {dim} {at}"
                ));
            }
        }
    }

    /// End, shift, duration, overtime, totals and the route's cost.
    fn route_totals(
        &mut self,
        r: usize,
        route: &RoutePlan,
        vt: &VehicleType,
        walk: &Walk,
        preference_cost: i64,
    ) {
        let end = walk.end;
        let latest = vt.shift.close + vt.max_overtime;
        if end > latest {
            self.v.push(format!(
                "route {r}: ends at {end}, after the shift closes at {} (+ {} overtime allowed)",
                vt.shift.close, vt.max_overtime
            ));
        }
        let duration = end - route.start_time;
        if let Some(m) = vt.max_duration {
            if duration > m {
                self.v.push(format!(
                    "route {r}: duration {duration} above the maximum {m}"
                ));
            }
        }
        let overtime = (end - vt.shift.close).max(0);
        let reported = [
            ("end time", route.end_time, end),
            ("distance", route.distance, walk.distance),
            ("travel time", route.travel_time, walk.travel),
            ("duration", route.duration, duration),
            ("overtime", route.overtime, overtime),
        ];
        for (what, got, want) in reported {
            if got != want {
                self.v.push(format!(
                    "route {r}: reported {what} {got} but recomputed {want}"
                ));
            }
        }
        let extra = if self.p.objective.minimise_vehicles {
            self.p.objective.vehicle_cost
        } else {
            0
        };
        let cost = vt.fixed_cost
            + extra
            + vt.cost_per_distance * walk.distance
            + vt.cost_per_travel_time * walk.travel
            + vt.cost_per_time * duration
            + vt.overtime_cost * overtime
            + walk.lateness_cost
            + preference_cost;
        if route.cost != cost {
            self.v.push(format!(
                "route {r}: reported cost {} but recomputed {cost}",
                route.cost
            ));
        }
        self.travel_cost += cost;
    }

    /// Each job served once or reported unassigned once. Returns the number of required jobs
    /// left out and the penalty cost of the optional ones.
    fn unassigned(&mut self, solution: &Solution) -> (usize, i64) {
        let n_jobs = self.p.jobs.len();
        let mut reported = vec![0usize; n_jobs];
        for u in &solution.unassigned {
            match reported.get_mut(u.job) {
                Some(c) => *c += 1,
                None => self
                    .v
                    .push(format!("unassigned job {} out of range", u.job)),
            }
        }
        let mut required_unassigned = 0;
        let mut penalty_cost = 0;
        for (j, job) in self.p.jobs.iter().enumerate() {
            if self.seen[j] + reported[j] != 1 {
                self.v.push(format!(
                    "job {j} ({:?}) served {} times and reported unassigned {} times",
                    job.id, self.seen[j], reported[j]
                ));
            }
            if self.seen[j] == 0 {
                match job.kind {
                    JobKind::Required => required_unassigned += 1,
                    JobKind::Optional { penalty } => {
                        penalty_cost += penalty + job.priority * self.p.objective.priority_weight
                    }
                }
            }
        }
        (required_unassigned, penalty_cost)
    }

    /// Timing links between served jobs; double-staffed pairs on two vehicles or left out.
    fn links(&mut self) {
        for (i, l) in self.p.links.iter().enumerate() {
            let (Some(_), Some(_)) = (self.p.jobs.get(l.first), self.p.jobs.get(l.second)) else {
                self.v.push(format!("link {i}: job out of range"));
                continue;
            };
            let (first, second) = (self.job(l.first), self.job(l.second));
            match (self.served[l.first], self.served[l.second]) {
                (Some(a), Some(b)) => {
                    if l.distinct_vehicles && a.vehicle == b.vehicle {
                        self.v.push(format!(
                            "link {i}: {first} and {second} are both served by route {} (vehicle {} of type {}); a double-staffed visit needs two different vehicles",
                            a.route, a.vehicle.1, a.vehicle.0
                        ));
                    }
                    let gap = b.start - a.start;
                    let (min, max) = match l.kind {
                        LinkKind::Simultaneous => (0, Some(0)),
                        LinkKind::StartGap { min, max } => (min, max),
                    };
                    if gap < min || max.is_some_and(|m| gap > m) {
                        let rule = match l.kind {
                            LinkKind::Simultaneous => "they must start together".to_string(),
                            LinkKind::StartGap { .. } => format!(
                                "the gap must be in [{min}, {}]",
                                max.map_or("∞".to_string(), |m| m.to_string())
                            ),
                        };
                        self.v.push(format!(
                            "link {i}: {second} starts at {}, {gap} after {first} at {}; {rule}",
                            b.start, a.start
                        ));
                    }
                }
                (Some(_), None) | (None, Some(_)) if l.distinct_vehicles => {
                    let (served, missing) = if self.served[l.first].is_some() {
                        (first, second)
                    } else {
                        (second, first)
                    };
                    self.v.push(format!(
                        "link {i}: {served} is served but {missing} is not; a double-staffed visit is served by two vehicles or not at all"
                    ));
                }
                _ => {}
            }
        }
    }

    /// Shipments: both jobs on one vehicle, pickup first, or neither.
    fn shipments(&mut self) {
        for (i, s) in self.p.shipments.iter().enumerate() {
            let (Some(_), Some(_)) = (self.p.jobs.get(s.pickup), self.p.jobs.get(s.delivery))
            else {
                self.v.push(format!("shipment {i}: job out of range"));
                continue;
            };
            let (pickup, delivery) = (self.job(s.pickup), self.job(s.delivery));
            match (self.served[s.pickup], self.served[s.delivery]) {
                (Some(a), Some(b)) if a.route != b.route => self.v.push(format!(
                    "shipment {i}: picked up at {pickup} by route {} but delivered at {delivery} by route {}; both must be on one vehicle",
                    a.route, b.route
                )),
                (Some(a), Some(b)) if b.position < a.position => self.v.push(format!(
                    "shipment {i}: route {} delivers at {delivery} before picking up at {pickup}",
                    a.route
                )),
                (Some(_), None) => self.v.push(format!(
                    "shipment {i}: picked up at {pickup} but {delivery} is not served; both or neither"
                )),
                (None, Some(_)) => self.v.push(format!(
                    "shipment {i}: delivered at {delivery} but {pickup} is not served; both or neither"
                )),
                _ => {}
            }
        }
    }

    /// The solution's cost parts against their recomputation; returns the recomputed cost.
    fn totals(&mut self, solution: &Solution, penalty_cost: i64) -> i64 {
        let max_lateness_cost = self.p.objective.max_lateness_cost * self.max_lateness;
        let parts = [
            ("travel cost", solution.travel_cost, self.travel_cost),
            (
                "max lateness cost",
                solution.max_lateness_cost,
                max_lateness_cost,
            ),
            ("penalty cost", solution.penalty_cost, penalty_cost),
        ];
        for (what, got, want) in parts {
            if got != want {
                self.v
                    .push(format!("reported {what} {got} but recomputed {want}"));
            }
        }
        let cost = self.travel_cost + max_lateness_cost + penalty_cost;
        if cost != solution.cost {
            self.v.push(format!(
                "reported cost {} but recomputed {cost}",
                solution.cost
            ));
        }
        cost
    }
}

#[cfg(test)]
mod tests;
