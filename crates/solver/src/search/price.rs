//! Pricing a move: the cost of each candidate route from the cached segments of the routes it
//! is made of, without building it.
//!
//! A candidate is timed one of three ways (see [`crate::eval`]): by duration segments when it
//! holds only jobs with one hard window; by the exact walk (from the end of its prefix, stopping
//! as soon as the walk meets the cached schedule of its suffix) when a job has several windows
//! or a soft closing; by the coupled timing when a changed route holds a linked job. Its static
//! part (distance, driving time, preference costs, load) always comes from the caches.

use super::route::Route;
use super::{Candidate, LocalSearch, Move, Part, NONE};
use crate::eval::schedule::Walk;
use crate::eval::{
    route_parts, segment_timing, DurationSegment, LoadSegment, RouteCostParts, Static,
};
use crate::instance::VehicleData;

/// A cost so large that a move priced so is never taken.
pub(crate) const FORBIDDEN: i64 = i64::MAX / 4;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Segments,
    Walk,
    StaticOnly,
}

/// Running state while a candidate is priced.
struct Acc {
    mode: Mode,
    profile: usize,
    loc: usize,
    dist: i64,
    travel: i64,
    pref: i64,
    load: LoadSegment,
    seg: DurationSegment,
    walk: Walk,
    count: usize,
    /// Tasks that are not breaks.
    real: usize,
    /// The end depot has been merged (by a cached suffix).
    closed: bool,
}

impl LocalSearch<'_> {
    /// Appends one task to the priced part.
    #[inline]
    fn push_task(&self, acc: &mut Acc, vehicle: usize, t: usize) {
        let inst = self.inst;
        let p = acc.profile;
        let edge = inst.dur_to(p, acc.loc, t);
        acc.travel += edge;
        acc.dist += inst.dist_to(p, acc.loc, t);
        acc.pref += inst.pref(vehicle, t);
        acc.load = acc.load.merge(&inst.task_load[t], inst.dims);
        match acc.mode {
            Mode::Segments => acc.seg = DurationSegment::merge(edge, &acc.seg, &inst.task_seg[t]),
            Mode::Walk => {
                acc.walk.visit(inst, p, t, self.lower[t]);
            }
            Mode::StaticOnly => {}
        }
        acc.real += (inst.task_loc[t] != crate::instance::NO_LOC) as usize;
        acc.loc = inst.loc_after(acc.loc, t);
        acc.count += 1;
    }

    /// Appends positions `from..=len` of route `r`, then the candidate vehicle's end.
    fn push_suffix(&self, acc: &mut Acc, vehicle: usize, r: &Route, from: usize) {
        let inst = self.inst;
        let n = r.len();
        let veh = &inst.vehicles[vehicle];
        let src = &inst.vehicles[r.vehicle];
        if from > n {
            return;
        }
        let same_profile = src.profile == acc.profile;
        if !same_profile {
            for q in from..=n {
                self.push_task(acc, vehicle, r.job(q));
            }
            return;
        }
        // Breaks first (their location is the vehicle's, not the cached one).
        let Some(p) = r.first_located(inst, from, n) else {
            for q in from..=n {
                self.push_task(acc, vehicle, r.job(q));
            }
            return;
        };
        for q in from..p {
            self.push_task(acc, vehicle, r.job(q));
        }
        let pr = acc.profile;
        let edge = inst.dur(pr, acc.loc, r.locs[p]);
        // Static part from the caches.
        acc.dist += inst.dist(pr, acc.loc, r.locs[p]) + r.pre_dist[n] - r.pre_dist[p];
        acc.travel += edge + r.pre_travel[n] - r.pre_travel[p];
        if r.vehicle == vehicle {
            acc.pref += r.pre_pref[n] - r.pre_pref[p - 1];
        } else {
            let k = r.pref_pos.partition_point(|&q| q < p);
            for &q in &r.pref_pos[k..] {
                acc.pref += inst.pref(vehicle, r.job(q));
            }
        }
        acc.load = acc.load.merge(&r.suf_load[p], inst.dims);
        acc.count += n + 1 - p;
        acc.real += (r.pre_real[n] - r.pre_real[p - 1]) as usize;
        match acc.mode {
            Mode::Segments => {
                if src.vtype == veh.vtype {
                    acc.seg = DurationSegment::merge(edge, &acc.seg, &r.suf_dur[p]);
                    acc.closed = true;
                } else {
                    let mut loc = acc.loc;
                    for q in p..=n {
                        let t = r.job(q);
                        let e = inst.dur_to(pr, loc, t);
                        acc.seg = DurationSegment::merge(e, &acc.seg, &inst.task_seg[t]);
                        loc = inst.loc_after(loc, t);
                    }
                }
            }
            Mode::Walk => {
                // Walk until the schedule meets the cached one of route `r`.
                let mut q = p;
                while q <= n {
                    let t = r.job(q);
                    let vis = acc.walk.visit(inst, pr, t, self.lower[t]);
                    if vis.start == r.visits[q - 1].start && acc.walk.loc == r.locs[q] && q < n {
                        // Same start, same place: the rest is the cached schedule.
                        acc.walk.late_cost += r.suf_late[q + 1];
                        acc.walk.violation += r.suf_viol[q + 1];
                        acc.walk.max_late = acc.walk.max_late.max(r.suf_max[q + 1]);
                        acc.walk.time = r.walk[n].time;
                        acc.walk.loc = r.walk[n].loc;
                        acc.walk.count += n - q;
                        break;
                    }
                    q += 1;
                }
            }
            Mode::StaticOnly => {}
        }
        acc.loc = r.locs[n];
    }

    fn start_acc(&self, c: &Candidate, mode: Mode) -> Acc {
        let veh = &self.inst.vehicles[self.routes[c.target].vehicle];
        Acc {
            mode,
            profile: veh.profile,
            loc: veh.start,
            dist: 0,
            travel: 0,
            pref: 0,
            load: LoadSegment::default(),
            seg: self.inst.start_seg(self.routes[c.target].vehicle),
            walk: Walk::start(veh),
            count: 0,
            real: 0,
            closed: false,
        }
    }

    /// Prices the parts of candidate `c` in `mode`.
    fn run_parts(&self, c: &Candidate, mode: Mode) -> Acc {
        let inst = self.inst;
        let target = &self.routes[c.target];
        let vehicle = target.vehicle;
        let mut acc = self.start_acc(c, mode);
        for part in c.parts() {
            match part {
                Part::Prefix(end) => {
                    acc.seg = target.pre_dur[end];
                    acc.dist = target.pre_dist[end];
                    acc.travel = target.pre_travel[end];
                    acc.pref = target.pre_pref[end];
                    acc.load = target.pre_load[end];
                    acc.walk = target.walk[end];
                    acc.loc = target.locs[end];
                    acc.count = end;
                    acc.real = target.pre_real[end] as usize;
                }
                Part::Range { route, from, to } => {
                    let r = &self.routes[route];
                    for q in from..=to {
                        self.push_task(&mut acc, vehicle, r.job(q));
                    }
                }
                Part::Reversed { route, from, to } => {
                    let r = &self.routes[route];
                    for q in (from..=to).rev() {
                        self.push_task(&mut acc, vehicle, r.job(q));
                    }
                }
                Part::Job(j) => self.push_task(&mut acc, vehicle, j),
                Part::Suffix { route, from } => {
                    self.push_suffix(&mut acc, vehicle, &self.routes[route], from)
                }
            }
        }
        let veh = &inst.vehicles[vehicle];
        let p = acc.profile;
        let e = inst.dur(p, acc.loc, veh.end);
        acc.dist += inst.dist(p, acc.loc, veh.end);
        acc.travel += e;
        // A cached suffix of a vehicle of the same type already holds the end's segment.
        if mode == Mode::Segments && !acc.closed {
            acc.seg = DurationSegment::merge(e, &acc.seg, &inst.end_seg(vehicle));
        }
        acc
    }

    /// Whether candidate `c` holds a task needing the exact walk.
    pub(crate) fn candidate_walks(&self, c: &Candidate) -> bool {
        self.count_in(
            c,
            |r, a, b| r.pre_walk[b] - r.pre_walk[a - 1],
            |t| self.inst.needs_walk(t),
        ) > 0
    }

    /// Whether candidate `c` holds a task with a timing link.
    pub(crate) fn candidate_linked(&self, c: &Candidate) -> bool {
        self.count_in(
            c,
            |r, a, b| r.pre_linked[b] - r.pre_linked[a - 1],
            |t| self.inst.linked[t],
        ) > 0
    }

    /// Counts tasks of candidate `c` with a property kept as prefix counts per route.
    #[inline]
    fn count_in(
        &self,
        c: &Candidate,
        range: impl Fn(&Route, usize, usize) -> u32,
        one: impl Fn(usize) -> bool,
    ) -> u32 {
        let target = &self.routes[c.target];
        let mut k = 0;
        for part in c.parts() {
            match part {
                Part::Prefix(end) => {
                    if end > 0 {
                        k += range(target, 1, end);
                    }
                }
                Part::Range { route, from, to } | Part::Reversed { route, from, to } => {
                    if from <= to {
                        k += range(&self.routes[route], from, to);
                    }
                }
                Part::Job(j) => k += one(j) as u32,
                Part::Suffix { route, from } => {
                    let r = &self.routes[route];
                    if from <= r.len() {
                        k += range(r, from, r.len());
                    }
                }
            }
        }
        k
    }

    /// Cost parts of candidate `c` (timed by segments or by the walk; not for candidates
    /// touching linked tasks, which the coupled timing prices).
    pub fn evaluate(&self, c: &Candidate) -> RouteCostParts {
        let mode = if self.candidate_walks(c) {
            Mode::Walk
        } else {
            Mode::Segments
        };
        let acc = self.run_parts(c, mode);
        if acc.real == 0 {
            return RouteCostParts::default();
        }
        let veh = &self.inst.vehicles[self.routes[c.target].vehicle];
        let stat = self.static_of(&acc, veh);
        let timing = match mode {
            Mode::Walk => acc.walk.finish(self.inst, veh),
            _ => segment_timing(&acc.seg),
        };
        route_parts(veh, &stat, &timing)
    }

    fn static_of(&self, acc: &Acc, veh: &VehicleData) -> Static {
        Static {
            distance: acc.dist,
            travel: acc.travel,
            preference: acc.pref,
            excess_load: acc
                .load
                .route_excess(&veh.capacity, veh.max_reloads, self.inst.dims),
        }
    }

    /// Static totals and count of tasks other than breaks of candidate `c`.
    fn candidate_static(&self, c: &Candidate) -> (Static, usize) {
        let acc = self.run_parts(c, Mode::StaticOnly);
        let veh = &self.inst.vehicles[self.routes[c.target].vehicle];
        (self.static_of(&acc, veh), acc.real)
    }

    /// Whether move `m` changes or fills a route holding a linked task.
    fn is_coupled(&self, m: &Move) -> bool {
        self.coupled.is_some()
            && m.candidates()
                .iter()
                .any(|c| self.routes[c.target].is_linked() || self.candidate_linked(c))
    }

    /// Distance and driving-time cost of a candidate (no time or load work), and its number
    /// of tasks other than breaks. A matrix or cache whose weight is zero is not read (most
    /// problems price distance or driving time, not both): this bound is the hottest code of
    /// the local search.
    pub(super) fn travel_bound(&self, c: &Candidate) -> (i64, usize) {
        let inst = self.inst;
        let target = &self.routes[c.target];
        let veh = &inst.vehicles[target.vehicle];
        let p = veh.profile;
        let (wd, wt) = (veh.cost_per_distance, veh.cost_per_travel_time);
        // Cost of the leg between two locations.
        let leg = |from: usize, to: usize| -> i64 {
            let mut x = 0;
            if wd != 0 {
                x += wd * inst.dist(p, from, to);
            }
            if wt != 0 {
                x += wt * inst.dur(p, from, to);
            }
            x
        };
        // Cost of positions `a..=b` (after `a - 1`) of route `r`, from its caches.
        let span = |r: &Route, a: usize, b: usize| -> i64 {
            let mut x = 0;
            if wd != 0 {
                x += wd * (r.pre_dist[b] - r.pre_dist[a]);
            }
            if wt != 0 {
                x += wt * (r.pre_travel[b] - r.pre_travel[a]);
            }
            x
        };
        // Tasks other than breaks at positions `a..=b` of route `r`.
        let real_in = |r: &Route, a: usize, b: usize| -> usize {
            if b < a {
                0
            } else if inst.has_breaks {
                (r.pre_real[b] - r.pre_real[a - 1]) as usize
            } else {
                b + 1 - a
            }
        };
        let (mut cost, mut loc, mut real) = (0i64, veh.start, 0usize);
        let push = |t: usize, loc: &mut usize, cost: &mut i64, real: &mut usize| {
            let l = inst.task_loc[t];
            if l != crate::instance::NO_LOC {
                *cost += leg(*loc, l);
                *real += 1;
                *loc = l;
            }
        };
        // Positions `from..=to` of route `r` in their order: from the caches (O(1)) once the
        // first task with a place is known and the profiles agree, else task by task.
        let forward = |r: &Route,
                       from: usize,
                       to: usize,
                       loc: &mut usize,
                       cost: &mut i64,
                       real: &mut usize| {
            if from > to {
                return;
            }
            let same = inst.vehicles[r.vehicle].profile == p;
            match r.first_located(inst, from, to).filter(|_| same) {
                Some(q) => {
                    *cost += leg(*loc, r.locs[q]) + span(r, q, to);
                    *real += real_in(r, q, to);
                    *loc = r.locs[to];
                }
                None => {
                    for q in from..=to {
                        push(r.job(q), loc, cost, real);
                    }
                }
            }
        };
        for part in c.parts() {
            match part {
                Part::Prefix(end) => {
                    cost = span(target, 0, end);
                    loc = target.locs[end];
                    real = real_in(target, 1, end);
                }
                Part::Range { route, from, to } => forward(
                    &self.routes[route],
                    from,
                    to,
                    &mut loc,
                    &mut cost,
                    &mut real,
                ),
                Part::Reversed { route, from, to } => {
                    let r = &self.routes[route];
                    for q in (from..=to).rev() {
                        push(r.job(q), &mut loc, &mut cost, &mut real);
                    }
                }
                Part::Job(j) => push(j, &mut loc, &mut cost, &mut real),
                Part::Suffix { route, from } => {
                    let r = &self.routes[route];
                    forward(r, from, r.len(), &mut loc, &mut cost, &mut real)
                }
            }
        }
        cost += leg(loc, veh.end);
        if real > 0 {
            (veh.fixed_cost + cost, real)
        } else {
            (0, 0)
        }
    }

    /// The cost change of a move if it improves (is negative), else `None`.
    ///
    /// When no route of the move has a cost per time, a lower bound from distances and driving
    /// times alone (every other term is never negative) rejects most moves before any time or
    /// load work; with links the routes the move may re-time through them count as gains.
    pub fn improving_delta(&self, m: &Move) -> Option<i64> {
        self.delta_below(m, 0).filter(|&d| d < 0)
    }

    /// The price of move `m` when it may be below `limit`; `None` when a lower bound shows it
    /// is not (an annealing rejects such a move at once when `limit` is where its acceptance
    /// becomes negligible), or when it breaks a pairing rule.
    pub fn delta_below(&self, m: &Move, limit: i64) -> Option<i64> {
        if self.breaks_pairing(m) {
            return None;
        }
        if self.is_coupled(m) {
            return self
                .coupled_delta(m, Some(limit))
                .filter(|&d| d < FORBIDDEN);
        }
        let cands = m.candidates();
        if cands
            .iter()
            .all(|c| self.inst.vehicles[self.routes[c.target].vehicle].cost_per_time == 0)
        {
            let mut lb = 0;
            for c in cands {
                lb += self.travel_bound(c).0 - self.routes[c.target].cost(&self.ce);
            }
            if self.inst.max_lateness_cost > 0 {
                lb -= self.inst.max_lateness_cost * self.max_lateness();
            }
            if lb >= limit {
                return None;
            }
        }
        Some(self.delta_unpaired(m))
    }

    /// The static part of a route's penalised cost (fixed, distance, driving, preference,
    /// load).
    fn static_cost(&self, r: &Route) -> i64 {
        r.cost(&self.ce) - self.timing_cost(r)
    }

    /// What task `t`'s lateness costs now (soft: its cost; hard: the time-warp penalty).
    fn lateness_cost(&self, t: usize) -> i64 {
        let r = self.route_of[t];
        if r == NONE {
            return 0;
        }
        let visit = &self.routes[r].visits[self.pos_of[t] - 1];
        let late = visit.late;
        visit.moved_cost
            + if late <= 0 {
                0
            } else if self.inst.task_soft[t] {
                late * self.inst.task_late_cost[t]
            } else {
                self.ce.tw_penalty.saturating_mul(late)
            }
    }

    /// The route-level part of a route's time cost: duration, overtime, arrival after the shift
    /// and duration above the maximum (not the lateness of its tasks).
    fn route_time_cost(&self, r: &Route) -> i64 {
        if r.is_empty() || r.parts == RouteCostParts::default() {
            return 0;
        }
        let v = &self.inst.vehicles[r.vehicle];
        let t = &r.timing;
        let task_violation = if r.walks() { r.suf_viol[1] } else { 0 };
        v.cost_per_time * t.duration
            + v.overtime_cost * (t.back - v.shift.close).max(0)
            + self
                .ce
                .tw_penalty
                .saturating_mul(r.parts.time_warp - task_violation)
    }

    /// The part of a route's penalised cost that depends on times.
    pub(crate) fn timing_cost(&self, r: &Route) -> i64 {
        if r.is_empty() {
            return 0;
        }
        let v = &self.inst.vehicles[r.vehicle];
        let t = &r.timing;
        v.cost_per_time * t.duration
            + v.overtime_cost * (t.back - v.shift.close).max(0)
            + t.late_cost
            + self.ce.tw_penalty.saturating_mul(r.parts.time_warp)
    }

    /// Largest lateness over all routes now.
    pub fn max_lateness(&self) -> i64 {
        self.routes
            .iter()
            .map(|r| r.parts.max_lateness)
            .max()
            .unwrap_or(0)
    }

    /// Change in penalised cost if the move were applied (left-out penalties excluded);
    /// [`FORBIDDEN`] for a move that breaks a pairing rule or creates a cyclic timing conflict.
    pub fn delta(&self, m: &Move) -> i64 {
        if self.breaks_pairing(m) {
            return FORBIDDEN;
        }
        self.delta_unpaired(m)
    }

    /// [`LocalSearch::delta`] without the pairing rules: what one half of a pair would cost
    /// alone (an estimate for pair moves, never applied as such).
    pub(crate) fn delta_unpaired(&self, m: &Move) -> i64 {
        if self.is_coupled(m) {
            return self.coupled_delta(m, None).unwrap_or(FORBIDDEN);
        }
        let mut d: i64 = 0;
        let mlc = self.inst.max_lateness_cost;
        let mut new_max = 0;
        for c in m.candidates() {
            let parts = self.evaluate(c);
            new_max = new_max.max(parts.max_lateness);
            d = d.saturating_add(self.ce.penalised(&parts) - self.routes[c.target].cost(&self.ce));
        }
        if mlc > 0 {
            d += mlc * self.max_lateness_change(m, new_max, &[]);
        }
        d
    }

    /// New largest lateness minus the current one, when the move's routes (and `retimed`) get
    /// `new_max` as their largest lateness.
    fn max_lateness_change(&self, m: &Move, new_max: i64, retimed: &[usize]) -> i64 {
        let mut rest = 0;
        for (r, route) in self.routes.iter().enumerate() {
            if !m.candidates().iter().any(|c| c.target == r) && !retimed.contains(&r) {
                rest = rest.max(route.parts.max_lateness);
            }
        }
        rest.max(new_max) - self.max_lateness()
    }

    /// Prices a move touching linked tasks with the coupled timing. With `prune`, gives `None`
    /// as soon as a lower bound shows the move cannot improve: its routes' distance and driving
    /// costs, minus everything the routes whose starts may fall (the cone) could save.
    fn coupled_delta(&self, m: &Move, prune: Option<i64>) -> Option<i64> {
        let inst = self.inst;
        if let Some(limit) = prune {
            // A first bound without the cone: what the move's routes gain in distance and
            // driving, against every time cost the linked routes and its routes have.
            let mut lb = -self.linked_time_total.get();
            for c in m.candidates() {
                let r = &self.routes[c.target];
                lb += self.travel_bound(c).0 - self.static_cost(r);
                if !r.is_linked() {
                    lb -= self.timing_cost(r);
                }
            }
            if inst.max_lateness_cost > 0 {
                lb -= inst.max_lateness_cost * self.max_lateness();
            }
            if lb >= limit {
                return None;
            }
        }
        let mut coupled = self.coupled.as_ref().expect("coupled timing").borrow_mut();
        let mut changes = Vec::with_capacity(m.n);
        for c in m.candidates() {
            let mut tasks = coupled.buffer();
            self.build_into(c, &mut tasks);
            changes.push((c.target, tasks));
        }
        coupled.stage(inst, changes);
        if let Some(limit) = prune {
            // New distance and driving costs minus old static costs, minus what can be saved
            // in time: the lateness of tasks whose start may fall or that are left out, and the
            // route-level time costs of routes holding such tasks.
            let mut lb = 0;
            for c in m.candidates() {
                let r = &self.routes[c.target];
                lb += self.travel_bound(c).0 - self.static_cost(r);
                if r.walks() && !self.candidate_walks(c) {
                    // Timed by segments from now on (time warp instead of lateness at hard
                    // windows, the shortest duration): every time cost may change.
                    lb -= self.timing_cost(r);
                }
            }
            for &t in coupled.cone() {
                lb -= self.lateness_cost(t);
            }
            for t in coupled.left_out() {
                lb -= self.lateness_cost(t);
            }
            let mut affected = coupled.cone_routes().to_vec();
            for c in m.candidates() {
                if !affected.contains(&c.target) {
                    affected.push(c.target);
                }
            }
            if self.time_costs_anywhere {
                for (r, route) in self.routes.iter().enumerate() {
                    if route.is_linked() && !affected.contains(&r) {
                        affected.push(r);
                    }
                }
            }
            for &r in &affected {
                lb -= self.route_time_cost(&self.routes[r]);
            }
            if inst.max_lateness_cost > 0 {
                // The largest lateness stays at least that of the latest task that keeps its
                // start (tasks outside the cone cannot start earlier).
                let falls =
                    |t: usize| coupled.cone().contains(&t) || coupled.left_out().any(|x| x == t);
                let rest = self
                    .late_top
                    .iter()
                    .find(|&&(_, t)| !falls(t))
                    .map_or(0, |&(l, _)| l);
                lb -= inst.max_lateness_cost * (self.max_lateness() - rest).max(0);
            }
            if lb >= limit {
                coupled.revert();
                return None;
            }
        }
        if coupled.retime(inst).is_none() {
            coupled.revert();
            return Some(FORBIDDEN);
        }
        #[cfg(test)]
        assert!(coupled.matches_full(inst), "proposal timed wrong");
        let mut d: i64 = 0;
        let mut new_max = 0;
        for i in 0..coupled.retimed_routes().len() {
            let r = coupled.retimed_routes()[i];
            let route = &self.routes[r];
            let veh = &inst.vehicles[route.vehicle];
            let cand = m.candidates().iter().find(|c| c.target == r);
            if cand.is_none() && !route.is_linked() {
                // Re-timing everything (several windows) leaves other routes as they are.
                new_max = new_max.max(route.parts.max_lateness);
                continue;
            }
            let parts = match cand {
                // A changed route left without linked (or walk) tasks is priced as any route.
                Some(c) if !self.candidate_walks(c) => self.evaluate(c),
                _ => {
                    let (stat, real) = match cand {
                        Some(c) => self.candidate_static(c),
                        None => (route.stat, route.pre_real[route.len() + 1] as usize),
                    };
                    if real == 0 {
                        RouteCostParts::default()
                    } else {
                        // The walk from the first position whose timing changes; in a route
                        // the move does not change, only up to the last start that moved.
                        let tasks = coupled.tasks(r);
                        let from = coupled
                            .first_changed_pos(r)
                            .min(route.len())
                            .min(tasks.len());
                        let mut w = route.walk[from];
                        let n = route.len();
                        let upto = if cand.is_none() {
                            (coupled.last_changed(r) + 1).max(from).min(n)
                        } else {
                            tasks.len()
                        };
                        for &t in &tasks[from..upto] {
                            w.visit(inst, veh.profile, t, coupled.lower(t));
                        }
                        if cand.is_none() && upto < n {
                            // The rest keeps its cached schedule.
                            w.late_cost += route.suf_late[upto + 1];
                            w.violation += route.suf_viol[upto + 1];
                            w.max_late = w.max_late.max(route.suf_max[upto + 1]);
                            w.time = route.walk[n].time;
                            w.loc = route.walk[n].loc;
                            w.count = n;
                        }
                        route_parts(veh, &stat, &w.finish(inst, veh))
                    }
                }
            };
            new_max = new_max.max(parts.max_lateness);
            d = d.saturating_add(self.ce.penalised(&parts) - route.cost(&self.ce));
        }
        if inst.max_lateness_cost > 0 {
            d += inst.max_lateness_cost
                * self.max_lateness_change(m, new_max, coupled.retimed_routes());
        }
        coupled.revert();
        Some(d)
    }
}

#[cfg(test)]
impl LocalSearch<'_> {
    /// The static and timing totals the coupled pricing sees for each re-timed route.
    pub(crate) fn debug_coupled(&self, m: &Move) -> Vec<(usize, Static, crate::eval::Timing)> {
        let inst = self.inst;
        let mut coupled = self.coupled.as_ref().unwrap().borrow_mut();
        let mut changes = Vec::new();
        let mut statics = Vec::new();
        for c in m.candidates() {
            let mut tasks = coupled.buffer();
            self.build_into(c, &mut tasks);
            statics.push((c.target, self.candidate_static(c)));
            changes.push((c.target, tasks));
        }
        let retimed = coupled.propose(inst, changes).unwrap().to_vec();
        let out = retimed
            .iter()
            .map(|&r| {
                let s = statics
                    .iter()
                    .find(|(t, _)| *t == r)
                    .map_or(self.routes[r].stat, |x| x.1 .0);
                (r, s, coupled.timing(inst, r))
            })
            .collect();
        coupled.revert();
        out
    }
}
