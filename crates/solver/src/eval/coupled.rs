//! Rules that couple routes, priced exactly and incrementally.
//!
//! Timing links make the earliest schedule of the whole solution the least solution of
//! difference constraints: along each route `start(next) ≥ end(prev) + travel`, each task's
//! windows, and across routes `start(b) ≥ start(a) + w` for every link edge (simultaneous
//! visits are two edges of weight 0; a start gap `[min, max]` is `w = min` one way and
//! `w = −max` back). Every cost term grows with the starts, so that least schedule is also the
//! cheapest; [`Walk`](super::schedule::Walk) gives each route's costs once each linked task
//! knows its lower bound `max(start(a) + w)`.
//!
//! [`Coupled`] keeps that schedule for the current solution and prices a proposed change of
//! some routes without re-timing the rest: each task remembers the constraint its start is
//! tight on (its window, the end of its predecessor, or a link from another task). Only tasks
//! whose tight chain runs through a changed position (the *cone*) can start earlier; every
//! other task keeps a start its intact chain still forces, a lower bound of the new schedule.
//! The cone is reset to the bounds from outside it, re-timed forward, and links raise starts
//! until nothing moves (Bellman–Ford from below), which reaches the same least schedule as
//! timing everything again (checked against it in the tests). A cycle of links that keeps
//! pushing starts up (two vehicles each waiting for the other) passes the instance's horizon
//! and makes the proposal infeasible.
//!
//! Weekly limits, continuity over days and fairness add further kinds of coupling: aggregates
//! over routes (like the largest lateness, `Objective::max_lateness_cost`) rather than edges.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use super::schedule::Walk;
#[cfg(test)]
use super::Timing;
use crate::instance::{Instance, NONE, NO_LOC};

/// Not in the queue.
const QUEUED_NOT: i64 = i64::MIN;

/// The start is tight on a constant (a window opening, the shift opening).
const FREE: usize = usize::MAX;
/// The start is tight on the end of the previous task of the route.
const ROUTE: usize = usize::MAX - 1;

#[derive(Clone, Copy, Debug)]
struct Rec {
    start: i64,
    end: i64,
    /// Location after the task.
    loc: usize,
    /// Lower bound from links, and the task it comes from.
    lb: i64,
    lb_src: usize,
    /// `FREE`, `ROUTE` or the task whose link sets the start.
    cause: usize,
}

impl Default for Rec {
    fn default() -> Self {
        Rec {
            start: 0,
            end: 0,
            loc: 0,
            lb: i64::MIN,
            lb_src: NONE,
            cause: FREE,
        }
    }
}

/// The coupled timing of the current solution (see the module docs).
#[derive(Clone, Debug)]
pub(crate) struct Coupled {
    seq: Vec<Vec<usize>>,
    route_of: Vec<usize>,
    pos: Vec<usize>,
    vehicle: Vec<usize>,
    rec: Vec<Rec>,
    // Per proposal.
    stamp: Vec<u32>,
    round: u32,
    log: Vec<(usize, Rec)>,
    saved: Vec<(usize, Vec<usize>)>,
    spare: Vec<Vec<usize>>,
    moved: Vec<(usize, usize, usize)>,
    in_cone: Vec<bool>,
    cone: Vec<usize>,
    /// Tasks to (re-)time, by the lowest start they can have (a near-topological order).
    queue: BinaryHeap<Reverse<(i64, usize)>>,
    /// Per task: its key in `queue` (`QUEUED_NOT`: not queued).
    queued: Vec<i64>,
    /// Per task: its start in the current timing (set when first saved in a proposal).
    before: Vec<i64>,
    /// Per task: reset and not timed since (its links and successor must hear of it).
    reset: Vec<bool>,
    /// Per task: how often it was timed in this proposal.
    timed: Vec<u32>,
    route_mark: Vec<bool>,
    routes_retimed: Vec<usize>,
    /// Per route: first position whose timing may differ in the proposal (`usize::MAX`: none).
    from_pos: Vec<usize>,
    /// Per route: last position whose start changed in the proposal.
    last_changed: Vec<usize>,
    seeds: Vec<usize>,
    /// Routes holding a cone task (their starts may fall), for pricing bounds.
    cone_routes: Vec<usize>,
    cone_mark: Vec<bool>,
    cyclic: bool,
}

impl Coupled {
    /// Times `routes` (one task list per route, vehicle `vehicles[r]`) from scratch; `None`
    /// when their links form a cycle that cannot be timed.
    pub fn new(inst: &Instance, routes: &[&[usize]], vehicles: &[usize]) -> Option<Coupled> {
        let n = inst.n_tasks();
        let nr = routes.len();
        let mut c = Coupled {
            seq: routes.iter().map(|r| r.to_vec()).collect(),
            route_of: vec![NONE; n],
            pos: vec![0; n],
            vehicle: vehicles.to_vec(),
            rec: vec![Rec::default(); n],
            stamp: vec![0; n],
            round: 1,
            log: Vec::new(),
            saved: Vec::new(),
            spare: Vec::new(),
            moved: Vec::new(),
            in_cone: vec![false; n],
            cone: Vec::new(),
            queue: BinaryHeap::new(),
            queued: vec![QUEUED_NOT; n],
            before: vec![0; n],
            reset: vec![false; n],
            timed: vec![0; n],
            route_mark: vec![false; nr],
            routes_retimed: Vec::new(),
            from_pos: vec![usize::MAX; nr],
            last_changed: vec![0; nr],
            seeds: Vec::new(),
            cone_routes: Vec::new(),
            cone_mark: vec![false; nr],
            cyclic: false,
        };
        for r in 0..nr {
            for (i, &t) in c.seq[r].iter().enumerate() {
                c.route_of[t] = r;
                c.pos[t] = i;
                c.cone.push(t);
            }
            // Rounds without tasks still get their (empty) timing.
            c.mark(r);
            c.from_pos[r] = 0;
        }
        c.grow_cone(inst);
        c.retime(inst);
        if c.cyclic {
            return None;
        }
        c.finish_round();
        Some(c)
    }

    /// The lower bound links put on task `t`'s start in the current timing (`i64::MIN` none).
    #[inline]
    pub fn lower(&self, t: usize) -> i64 {
        self.rec[t].lb
    }

    /// An empty task list to fill for [`Coupled::propose`] (recycled, no allocation).
    pub fn buffer(&mut self) -> Vec<usize> {
        let mut v = self.spare.pop().unwrap_or_default();
        v.clear();
        v
    }

    /// Stages new task lists for some routes and finds the cone (the tasks whose start may
    /// fall); [`Coupled::cone_routes`] then tells which routes may gain. Follow with
    /// [`Coupled::retime`] (and then [`Coupled::revert`] or [`Coupled::commit`]), or with
    /// [`Coupled::revert`] alone.
    pub fn stage(&mut self, inst: &Instance, changes: Vec<(usize, Vec<usize>)>) {
        // Tasks leaving the changed routes (they may be left out, or enter another one).
        for (r, _) in &changes {
            for i in 0..self.seq[*r].len() {
                let t = self.seq[*r][i];
                if self.route_of[t] != NONE {
                    self.moved.push((t, self.route_of[t], self.pos[t]));
                    self.route_of[t] = NONE;
                }
            }
        }
        for (r, new) in changes {
            let old = std::mem::replace(&mut self.seq[r], new);
            let f = old
                .iter()
                .zip(self.seq[r].iter())
                .position(|(a, b)| a != b)
                .unwrap_or(old.len().min(self.seq[r].len()));
            self.saved.push((r, old));
            self.mark(r);
            self.from_pos[r] = self.from_pos[r].min(f);
            for i in 0..self.seq[r].len() {
                let t = self.seq[r][i];
                self.route_of[t] = r;
                self.pos[t] = i;
            }
            for i in f..self.seq[r].len() {
                let t = self.seq[r][i];
                self.cone.push(t);
            }
        }
        // Links from tasks now left out no longer hold their targets.
        for i in 0..self.moved.len() {
            let x = self.moved[i].0;
            if self.route_of[x] != NONE {
                continue;
            }
            for e in 0..inst.out_edges[x].len() {
                let b = inst.out_edges[x][e].0;
                if self.route_of[b] != NONE && self.rec[b].lb_src == x {
                    self.cone.push(b);
                }
            }
        }
        self.grow_cone(inst);
    }

    /// Routes holding a task of the staged cone.
    pub fn cone_routes(&self) -> &[usize] {
        &self.cone_routes
    }

    /// The staged cone: the tasks whose start may fall.
    pub fn cone(&self) -> &[usize] {
        &self.cone
    }

    /// Tasks the staged proposal leaves out.
    pub fn left_out(&self) -> impl Iterator<Item = usize> + '_ {
        self.moved
            .iter()
            .map(|m| m.0)
            .filter(|&t| self.route_of[t] == NONE)
    }

    /// Times the staged proposal. Returns the routes whose timing changes (the changed routes
    /// and those re-timed through links), or `None` when the change creates a cyclic timing
    /// conflict.
    pub fn retime(&mut self, inst: &Instance) -> Option<&[usize]> {
        self.reset_cone(inst);
        self.settle(inst);
        if self.cyclic {
            None
        } else {
            Some(&self.routes_retimed)
        }
    }

    /// The routes re-timed by the last [`Coupled::retime`].
    #[inline]
    pub fn retimed_routes(&self) -> &[usize] {
        &self.routes_retimed
    }

    /// [`Coupled::stage`] then [`Coupled::retime`].
    pub fn propose(
        &mut self,
        inst: &Instance,
        changes: Vec<(usize, Vec<usize>)>,
    ) -> Option<&[usize]> {
        self.stage(inst, changes);
        self.retime(inst)
    }

    /// The first position of route `r` whose timing may differ from the current one.
    #[inline]
    pub fn first_changed_pos(&self, r: usize) -> usize {
        self.from_pos[r]
    }

    /// The last position of route `r` whose start changed in the proposal (0 if none).
    #[inline]
    pub fn last_changed(&self, r: usize) -> usize {
        self.last_changed[r]
    }

    /// Task list of route `r` in the proposal.
    #[inline]
    pub fn tasks(&self, r: usize) -> &[usize] {
        &self.seq[r]
    }

    /// Timing totals of route `r` in the proposed (or current) timing, walked in full (tests).
    #[cfg(test)]
    pub fn timing(&self, inst: &Instance, r: usize) -> Timing {
        let veh = &inst.vehicles[self.vehicle[r]];
        let mut w = Walk::start(veh);
        for &t in &self.seq[r] {
            w.visit(inst, veh.profile, t, self.rec[t].lb);
        }
        w.finish(inst, veh)
    }

    /// Keeps the proposal.
    pub fn commit(&mut self) {
        while let Some((_, old)) = self.saved.pop() {
            self.spare.push(old);
        }
        self.moved.clear();
        self.finish_round();
    }

    /// Puts the timing back as it was before the proposal (staged or timed).
    pub fn revert(&mut self) {
        for i in 0..self.cone.len() {
            self.in_cone[self.cone[i]] = false;
        }
        self.cone.clear();
        while let Some((t, r)) = self.log.pop() {
            self.rec[t] = r;
        }
        while let Some((r, old)) = self.saved.pop() {
            for &t in &self.seq[r] {
                self.route_of[t] = NONE;
            }
            let new = std::mem::replace(&mut self.seq[r], old);
            self.spare.push(new);
        }
        while let Some((t, r, p)) = self.moved.pop() {
            self.route_of[t] = r;
            self.pos[t] = p;
        }
        self.cyclic = false;
        self.finish_round();
    }

    fn finish_round(&mut self) {
        self.log.clear();
        for &r in &self.routes_retimed {
            self.route_mark[r] = false;
            self.from_pos[r] = usize::MAX;
            self.last_changed[r] = 0;
        }
        self.routes_retimed.clear();
        for &r in &self.cone_routes {
            self.cone_mark[r] = false;
        }
        self.cone_routes.clear();
        self.round = self.round.wrapping_add(1);
        if self.round == 0 {
            self.stamp.iter_mut().for_each(|s| *s = 0);
            self.round = 1;
        }
    }

    #[inline]
    fn mark(&mut self, r: usize) {
        if !self.route_mark[r] {
            self.route_mark[r] = true;
            self.routes_retimed.push(r);
        }
    }

    #[inline]
    fn save(&mut self, t: usize) {
        if self.stamp[t] != self.round {
            self.stamp[t] = self.round;
            self.log.push((t, self.rec[t]));
            self.before[t] = self.rec[t].start;
            self.timed[t] = 0;
        }
    }

    /// Grows the cone from the seeds: tasks whose tight chain runs through a seed.
    ///
    /// With a linked task of several windows, which window a start falls in can depend on a
    /// link bound below the start itself, and two such tasks can hold each other up; the tight
    /// constraints then do not tell which starts may fall, so every task is re-timed (such
    /// tasks are rare: a day's recurring care is usually one visit per window).
    fn grow_cone(&mut self, inst: &Instance) {
        self.cyclic = false;
        if inst.multi_window_links {
            for r in 0..self.seq.len() {
                self.mark(r);
                self.from_pos[r] = 0;
                for i in 0..self.seq[r].len() {
                    let t = self.seq[r][i];
                    self.cone.push(t);
                }
            }
        }
        std::mem::swap(&mut self.seeds, &mut self.cone);
        self.cone.clear();
        for i in 0..self.seeds.len() {
            let x = self.seeds[i];
            if !self.in_cone[x] && self.route_of[x] != NONE {
                self.in_cone[x] = true;
                self.cone.push(x);
            }
        }
        self.seeds.clear();
        let mut k = 0;
        while k < self.cone.len() {
            let x = self.cone[k];
            k += 1;
            let r = self.route_of[x];
            if !self.cone_mark[r] {
                self.cone_mark[r] = true;
                self.cone_routes.push(r);
            }
            if let Some(&s) = self.seq[r].get(self.pos[x] + 1) {
                if !self.in_cone[s] && self.rec[s].cause == ROUTE {
                    self.in_cone[s] = true;
                    self.cone.push(s);
                }
            }
            for e in 0..inst.out_edges[x].len() {
                let b = inst.out_edges[x][e].0;
                if !self.in_cone[b] && self.route_of[b] != NONE && self.rec[b].cause == x {
                    self.in_cone[b] = true;
                    self.cone.push(b);
                }
            }
        }
    }

    /// Resets the cone's starts to the bounds from outside it (below their new values), and
    /// queues the cone.
    fn reset_cone(&mut self, inst: &Instance) {
        for i in 0..self.cone.len() {
            let x = self.cone[i];
            self.save(x);
            let (lb, src) = self.bound_from_kept(inst, x);
            self.rec[x].lb = lb;
            self.rec[x].lb_src = src;
            // Targets whose (non-binding) bound came from `x` get it again from sources that
            // keep their start, so that no stale bound is ever taken as a tight cause.
            for e in 0..inst.out_edges[x].len() {
                let b = inst.out_edges[x][e].0;
                if !self.in_cone[b] && self.rec[b].lb_src == x {
                    self.save(b);
                    let (lb, src) = self.bound_from_kept(inst, b);
                    self.rec[b].lb = lb;
                    self.rec[b].lb_src = src;
                }
            }
        }
        for i in 0..self.cone.len() {
            let x = self.cone[i];
            let (r, p) = (self.route_of[x], self.pos[x]);
            let veh = &inst.vehicles[self.vehicle[r]];
            // A start no later than the new one: the bound from kept links, the first window's
            // opening, the shift's opening. Where the vehicle is after the task does not depend
            // on times: a task without a place of its own (a break) leaves it where it was.
            let open = inst.task_windows[x].first().map_or(i64::MIN, |w| w.open);
            let low = self.rec[x].lb.max(open).max(veh.shift.open);
            let loc = if inst.task_loc[x] != NO_LOC {
                inst.task_loc[x]
            } else {
                self.seq[r][..p]
                    .iter()
                    .rev()
                    .map(|&y| inst.task_loc[y])
                    .find(|&l| l != NO_LOC)
                    .unwrap_or(veh.start)
            };
            let rec = &mut self.rec[x];
            rec.start = low;
            rec.end = low + inst.task_service[x];
            rec.loc = loc;
            self.reset[x] = true;
            self.mark(r);
            self.from_pos[r] = self.from_pos[r].min(p);
        }
        // The walk of each stretch of the cone starts where its predecessor is outside the
        // cone; the rest of the stretch follows from it.
        for i in 0..self.cone.len() {
            let x = self.cone[i];
            let (r, p) = (self.route_of[x], self.pos[x]);
            if p == 0 || !self.in_cone[self.seq[r][p - 1]] {
                let key = self.key_of(inst, r, p);
                self.enqueue(x, key);
            }
        }
        for i in 0..self.cone.len() {
            self.in_cone[self.cone[i]] = false;
        }
        self.cone.clear();
    }

    /// The earliest start task `seq[r][p]` can have after its predecessor's current end (its
    /// order in the queue).
    #[inline]
    fn key_of(&self, inst: &Instance, r: usize, p: usize) -> i64 {
        let t = self.seq[r][p];
        let veh = &inst.vehicles[self.vehicle[r]];
        let (end, loc) = if p == 0 {
            (veh.shift.open, veh.start)
        } else {
            let q = &self.rec[self.seq[r][p - 1]];
            (q.end, q.loc)
        };
        let open = inst.task_windows[t].first().map_or(i64::MIN, |w| w.open);
        (end + inst.dur_to(veh.profile, loc, t))
            .max(self.rec[t].lb)
            .max(open)
    }

    /// Queues task `t` to be timed, no earlier than `key` in the order.
    #[inline]
    fn enqueue(&mut self, t: usize, key: i64) {
        let k = &mut self.queued[t];
        if *k == QUEUED_NOT || key > *k {
            *k = key;
            self.queue.push(Reverse((key, t)));
        }
    }

    /// Times the queued tasks, lowest start first, each from its predecessor's end and its
    /// link bound, queueing whatever a change reaches, until nothing moves (a label-correcting
    /// longest path: every start stays at or below its value in the least schedule, which it
    /// therefore reaches). Processing by start is a topological order of the route and link
    /// constraints in all but rare cases, so most tasks are timed once.
    fn settle(&mut self, inst: &Instance) {
        let limit = 64 * (inst.n_tasks() + inst.n_edges + 2);
        let mut steps = 0usize;
        while let Some(Reverse((key, t))) = self.queue.pop() {
            if self.queued[t] != key {
                continue; // superseded by a later key
            }
            self.queued[t] = QUEUED_NOT;
            if self.cyclic || self.route_of[t] == NONE {
                self.reset[t] = false;
                continue;
            }
            steps += 1;
            if steps > limit {
                self.cyclic = true;
                self.reset[t] = false;
                continue;
            }
            self.step(inst, t);
        }
    }

    /// Times task `t` from the current times of its predecessor and link sources; queues its
    /// successor and the targets of its links when it moves.
    #[inline]
    fn step(&mut self, inst: &Instance, t: usize) {
        let (r, i) = (self.route_of[t], self.pos[t]);
        let veh = &inst.vehicles[self.vehicle[r]];
        let mut w = Walk::start(veh);
        if i > 0 {
            let p = &self.rec[self.seq[r][i - 1]];
            w.time = p.end;
            w.loc = p.loc;
            w.count = i;
        }
        self.save(t);
        let lb = self.rec[t].lb;
        let vis = w.visit(inst, veh.profile, t, lb);
        let earliest = vis.arrival.max(lb);
        let windows = &inst.task_windows[t];
        let at_opening =
            vis.start > earliest || windows.get(vis.window).map(|w| w.open) == Some(vis.start);
        // At the first window's opening the start is a constant, whatever else also holds it
        // there. At a later window's opening it holds as long as `earliest` is past the
        // previous window's close: it rests on the arrival when that is past it, else on the
        // link bound. Otherwise it rests on what set `earliest`.
        let by_link = if at_opening && vis.window > 0 {
            vis.arrival <= windows[vis.window - 1].close
        } else {
            lb > vis.arrival
        };
        let rec = &mut self.rec[t];
        rec.cause = if at_opening && vis.window == 0 {
            FREE
        } else if by_link {
            rec.lb_src
        } else if i == 0 {
            // Leaving the start when the shift opens: a constant.
            FREE
        } else {
            ROUTE
        };
        let first = std::mem::replace(&mut self.reset[t], false);
        let moved_start = first || vis.start != rec.start;
        let moved_end = first || vis.end != rec.end || w.loc != rec.loc;
        debug_assert!(vis.start >= rec.start, "a start fell while settling");
        rec.start = vis.start;
        rec.end = vis.end;
        rec.loc = w.loc;
        if vis.start != self.before[t] {
            // (A cone task may keep the start it was reset to, yet differ from the current.)
            self.last_changed[r] = self.last_changed[r].max(i);
        }
        if !(moved_start || moved_end) {
            return;
        }
        self.mark(r);
        self.from_pos[r] = self.from_pos[r].min(i);
        self.timed[t] += 1;
        if vis.start > inst.horizon || (moved_start && self.timed[t] >= 3 && self.raises_itself(t))
        {
            self.cyclic = true;
            return;
        }
        if moved_end && i + 1 < self.seq[r].len() {
            let s = self.seq[r][i + 1];
            let key = self.key_of(inst, r, i + 1).max(self.rec[s].start);
            self.enqueue(s, key);
        }
        if moved_start {
            for e in 0..inst.out_edges[t].len() {
                let (b, wgt) = inst.out_edges[t][e];
                if self.route_of[b] == NONE {
                    continue;
                }
                // `lb` is the largest bound from the links into `b`: with several windows a
                // bound below the start still decides which window is reachable. Only a bound
                // above the start moves it.
                let need = vis.start.saturating_add(wgt);
                if need > self.rec[b].lb {
                    self.save(b);
                    self.rec[b].lb = need;
                    self.rec[b].lb_src = t;
                    if need > self.rec[b].start {
                        let key = self.rec[b].start.max(need);
                        self.enqueue(b, key);
                    }
                }
            }
        }
    }

    /// Whether the chain of tight constraints from `t` leads back to `t`: `t` was raised by
    /// itself, through links, and will be again without end (two vehicles each waiting for the
    /// other). Zero-weight chains (two halves of a double visit) never raise a start.
    fn raises_itself(&self, t: usize) -> bool {
        let mut x = t;
        for _ in 0..self.log.len() + 1 {
            x = match self.rec[x].cause {
                FREE => return false,
                ROUTE if self.pos[x] == 0 => return false,
                ROUTE => self.seq[self.route_of[x]][self.pos[x] - 1],
                src => src,
            };
            if x == t {
                return true;
            }
            if self.route_of[x] == NONE {
                return false;
            }
        }
        false
    }

    /// The largest lower bound on `x` from links whose source is served and outside the cone.
    fn bound_from_kept(&self, inst: &Instance, x: usize) -> (i64, usize) {
        let (mut lb, mut src) = (i64::MIN, NONE);
        for &(a, w) in &inst.in_edges[x] {
            if self.route_of[a] != NONE && !self.in_cone[a] {
                let need = self.rec[a].start.saturating_add(w);
                if need > lb {
                    lb = need;
                    src = a;
                }
            }
        }
        (lb, src)
    }

    /// Checks the incremental timing against timing everything again (tests).
    #[cfg(test)]
    pub fn matches_full(&self, inst: &Instance) -> bool {
        let routes: Vec<&[usize]> = self.seq.iter().map(|r| r.as_slice()).collect();
        let Some(full) = Coupled::new(inst, &routes, &self.vehicle) else {
            return false;
        };
        let bad: Vec<(usize, i64, i64)> = (0..inst.n_tasks())
            .filter(|&t| self.route_of[t] != NONE && self.rec[t].start != full.rec[t].start)
            .map(|t| (t, self.rec[t].start, full.rec[t].start))
            .collect();
        if !bad.is_empty() {
            eprintln!(
                "incremental vs full starts differ: {bad:?} in {:?}",
                self.seq
            );
        }
        let bad_lb: Vec<(usize, i64, i64)> = (0..inst.n_tasks())
            .filter(|&t| self.route_of[t] != NONE && self.rec[t].lb != full.rec[t].lb)
            .map(|t| (t, self.rec[t].lb, full.rec[t].lb))
            .collect();
        if !bad_lb.is_empty() {
            eprintln!(
                "incremental vs full link bounds differ: {bad_lb:?} in {:?}",
                self.seq
            );
            for &(t, _, _) in &bad_lb {
                eprintln!(
                    "  task {t}: lb_src {} cause {} in_edges {:?} (sources' routes {:?})",
                    self.rec[t].lb_src,
                    self.rec[t].cause,
                    inst.in_edges[t],
                    inst.in_edges[t]
                        .iter()
                        .map(|e| self.route_of[e.0])
                        .collect::<Vec<_>>()
                );
            }
            return false;
        }
        // Every chain of tight causes ends at a constant (no task held up by itself); with
        // several windows on linked tasks causes are not used (everything is re-timed).
        for t in 0..inst.n_tasks() {
            if self.route_of[t] == NONE || inst.multi_window_links {
                continue;
            }
            let mut x = t;
            let mut path = vec![t];
            for _ in 0..=inst.n_tasks() {
                x = match self.rec[x].cause {
                    FREE => break,
                    ROUTE => self.seq[self.route_of[x]][self.pos[x] - 1],
                    src => src,
                };
                path.push(x);
                if x == t {
                    let recs: Vec<_> = path
                        .iter()
                        .map(|&y| {
                            let r = self.route_of[y];
                            let p = self.pos[y];
                            let prev = if p > 0 {
                                Some(self.rec[self.seq[r][p - 1]])
                            } else {
                                None
                            };
                            (y, self.rec[y], inst.task_windows[y].clone(), prev)
                        })
                        .collect();
                    eprintln!("task {t} is held up by itself through its causes: {recs:?}");
                    return false;
                }
            }
        }
        bad.is_empty()
    }
}
