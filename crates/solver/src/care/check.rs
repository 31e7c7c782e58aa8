//! An independent checker for care plans.
//!
//! [`check_plan`] takes a [`CareProblem`] and a [`CareSolution`] and recomputes everything
//! from the problem and the plan's stops only: who serves what, the times of every stop,
//! breaks, links, loads, shifts, the totals and the cost. It shares no code with the engine
//! (no compiled arrays, no schedule evaluator, no rule module): the rules are written again
//! here from the model's documentation, so that a bug in the engine cannot hide itself. It is
//! meant for tests, for checking a plan edited by hand, and for a plan read back from a file.
//!
//! Conventions (from the model's documentation):
//! - a visit with a pinned start must start exactly then; its windows are not checked (the
//!   pinned time is the announced time, and the engine plans it as a window of one instant);
//! - a visit without windows may start at any time within the shift;
//! - a visit whose priority is below 1 counts as priority 1 when left out;
//! - a break has no place: it is taken where the carer is, with no travel;
//! - an empty round has no driving, no overtime and no working time;
//! - a carer without any visit does not go out, so takes no break; a carer with visits takes
//!   every one of their breaks.

use std::collections::HashMap;

use super::model::{CareProblem, Carer, Lateness, LinkKind, Visit};
use super::solution::{CareSolution, CarerRound, StopKind, UnassignedCause};

/// Tolerance on times (absolute, in the problem's time unit).
const TIME_TOL: f64 = 1e-6;
/// Relative tolerance on reported totals and costs.
const REL_TOL: f64 = 1e-6;

/// What [`check_plan`] found.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PlanCheck {
    /// No violation at all: every hard rule holds and every reported number matches.
    pub valid: bool,
    /// One sentence per problem found, naming the carer and the visit or break concerned.
    pub violations: Vec<String>,
    /// Recomputed total driving time (ways back to the end places included).
    pub travel_time: f64,
    /// Recomputed total distance (ways back included).
    pub distance: f64,
    /// Recomputed Σ lateness over visits, unweighted (time started after the last window
    /// closed, for visits with soft lateness).
    pub total_lateness: f64,
    /// Recomputed largest single lateness.
    pub max_lateness: f64,
    /// Recomputed number of visits served by a carer outside the visit's non-empty
    /// `preferred_carers`.
    pub continuity_breaks: usize,
    /// Recomputed Σ overtime over carers.
    pub overtime: f64,
    /// Recomputed number of visits left out.
    pub unassigned: usize,
    /// Recomputed number of visits started after their announced times close.
    pub moved: usize,
    /// Recomputed objective, with the problem's [`Weights`](super::Weights).
    pub cost: f64,
}

/// Recomputes a care plan from the problem and the plan's stops and lists every rule it breaks
/// and every reported number that does not match.
///
/// Checked, with a time tolerance of 1e-6 and a relative tolerance of 1e-6 on totals:
/// - **assignment**: every visit appears at most once over all rounds; exactly the visits not
///   in any round are listed in `plan.unassigned`, once each, and the cause given is consistent
///   with the problem where that can be judged cheaply (the skills nobody has, the pinned carer,
///   the partner of a double visit, the equipment);
/// - **rounds**: one round per carer, in the problem's order;
/// - **who**: the carer of a visit holds all its skills, is not refused, and is the pinned
///   carer if there is one;
/// - **times**: arrival = end of the previous stop (or `leave` for the first one) + travel time
///   from the previous place (the start place first; a break has no place and no travel);
///   start ≥ arrival; the start is inside a window, or after the last window closed when
///   lateness is soft; end = start + duration; a pinned start is kept exactly; no visit starts
///   before its `not_before`, nor before its announced times open (it counts as moved after
///   they close);
///   the reported place, travel, waiting, lateness and continuity flag of each stop match;
/// - **breaks**: each of a working carer's breaks is taken once, by that carer, starting inside its
///   window, with its exact duration;
/// - **links**: simultaneous visits start together; a start gap is kept; a double-staffed pair
///   is served by two different carers, or both are left out;
/// - **capacity**: deliveries are loaded at the start (or at a reload stop, at one of the
///   carer's depots, at most `max_stops` of them), pickups collected, shipments on board from
///   their pickup to their delivery; the load stays within the van's capacity all along (empty
///   capacity = unlimited);
/// - **shipments**: both visits served by one carer, pickup first, or both left out;
/// - **shift**: `leave` ≥ shift opening; back = last end + travel to the end place; overtime =
///   max(0, back − shift close) ≤ `max_overtime`; back − leave ≤ `max_working_time`;
/// - **totals**: each round's back, driving time, distance, working time, driving share and
///   overtime, and every field of [`CareCost`](super::CareCost), against the recomputation.
///
/// ```
/// use tournee_solver::care::*;
/// let t = vec![vec![0.0, 10.0], vec![10.0, 0.0]];
/// let nurse = Carer::new("nurse", &[], Window { open: 480.0, close: 720.0 }, 0);
/// let problem = CareProblem {
///     travel: TravelMatrix::from_rows(&t, None).unwrap(),
///     carers: vec![nurse],
///     visits: vec![Visit::new("wash", 1, 30.0, Window { open: 500.0, close: 600.0 })],
///     links: vec![],
///     shipments: Vec::new(),
///     weights: Weights::home_care(),
/// };
/// let options = CareOptions { iterations: Some(500), ..Default::default() };
/// let mut plan = solve_care(&problem, &options).unwrap();
/// let check = check_plan(&problem, &plan);
/// assert!(check.valid, "{:?}", check.violations);
/// assert_eq!(check.travel_time, 20.0);
///
/// // Starting before the window opens is caught.
/// plan.rounds[0].stops[0].start = 450.0;
/// let check = check_plan(&problem, &plan);
/// assert!(!check.valid);
/// assert!(check.violations.iter().any(|v| v.contains("wash") && v.contains("window")));
/// ```
pub fn check_plan(problem: &CareProblem, plan: &CareSolution) -> PlanCheck {
    let mut ck = Checker {
        p: problem,
        out: PlanCheck::default(),
        weighted_lateness: 0.0,
        continuity_cost: 0.0,
        moved_late: 0.0,
        working_cost: 0.0,
        served: HashMap::new(),
    };
    ck.rounds(plan);
    ck.unassigned(plan);
    ck.links();
    ck.shipments();
    ck.totals(plan);
    ck.out.valid = ck.out.violations.is_empty();
    ck.out
}

/// Where a visit is served.
#[derive(Clone, Copy, Debug)]
struct Served {
    carer: usize,
    start: f64,
}

struct Checker<'a> {
    p: &'a CareProblem,
    out: PlanCheck,
    /// Σ lateness weight × lateness.
    weighted_lateness: f64,
    /// Σ continuity weight × `Weights::continuity`.
    continuity_cost: f64,
    /// Σ time visits start after their announced times close.
    moved_late: f64,
    /// Σ carer working cost × working time.
    working_cost: f64,
    /// Visit index → where it is served (first occurrence).
    served: HashMap<usize, Served>,
}

fn same_time(a: f64, b: f64) -> bool {
    (a - b).abs() <= TIME_TOL
}

fn same_total(a: f64, b: f64) -> bool {
    (a - b).abs() <= REL_TOL * a.abs().max(b.abs()).max(1.0)
}

impl Checker<'_> {
    fn violation(&mut self, text: String) {
        self.out.violations.push(text);
    }

    fn visit_index(&self, id: &str) -> Option<usize> {
        self.p.visits.iter().position(|v| v.id == id)
    }

    fn carer_index(&self, id: &str) -> Option<usize> {
        self.p.carers.iter().position(|c| c.id == id)
    }

    /// Travel time and distance between two places, `None` when one is outside the matrix.
    fn travel(&self, from: usize, to: usize) -> Option<(f64, f64)> {
        let n = self.p.travel.size();
        (from < n && to < n).then(|| {
            (
                self.p.travel.time(from, to),
                self.p.travel.distance(from, to),
            )
        })
    }

    fn rounds(&mut self, plan: &CareSolution) {
        let (np, nc) = (plan.rounds.len(), self.p.carers.len());
        if np != nc {
            self.violation(format!("the plan has {np} rounds for {nc} carers"));
        }
        let mut seen = vec![false; nc];
        for (i, round) in plan.rounds.iter().enumerate() {
            let Some(k) = self.carer_index(&round.carer) else {
                self.violation(format!("round {i} is for unknown carer {}", round.carer));
                continue;
            };
            if seen[k] {
                self.violation(format!("carer {} has more than one round", round.carer));
                continue;
            }
            seen[k] = true;
            if k != i {
                self.violation(format!(
                    "carer {}: round {i} is out of the problem's carer order (carer {k})",
                    round.carer
                ));
            }
            self.round(k, round);
        }
        for (k, c) in self.p.carers.iter().enumerate() {
            if !seen[k] {
                self.violation(format!("carer {}: no round", c.id));
            }
        }
    }

    /// Checks one round of carer `k`.
    fn round(&mut self, k: usize, round: &CarerRound) {
        let carer: &Carer = &self.p.carers[k];
        let who = format!("carer {}", carer.id);
        let mut place = carer.start_place;
        let mut time = round.leave;
        let mut driving = 0.0;
        let mut distance = 0.0;
        let mut taken = vec![0usize; carer.breaks.len()];
        // Visits (by index) and reload stops (`None`) in order, for the loads.
        let mut loads: Vec<Option<usize>> = Vec::new();
        let mut reload_stops = 0usize;
        if !round.stops.is_empty() && round.leave < carer.shift.open - TIME_TOL {
            self.violation(format!(
                "{who}: leaves at {} before the shift opens at {}",
                round.leave, carer.shift.open
            ));
        }
        for stop in &round.stops {
            // What the stop is, where it is, how long it lasts, and its timing rule.
            let (what, target, duration, lateness) = match stop.kind {
                StopKind::Visit => {
                    let what = format!("{who}, visit {}", stop.id);
                    let Some(vi) = self.visit_index(&stop.id) else {
                        self.violation(format!("{what}: no such visit"));
                        continue;
                    };
                    let visit = &self.p.visits[vi];
                    if let Some(before) = self.served.get(&vi) {
                        let other = &self.p.carers[before.carer].id;
                        self.violation(format!(
                            "{what}: visit {} appears more than once (also served by carer {other})",
                            visit.id
                        ));
                    } else {
                        self.served.insert(
                            vi,
                            Served {
                                carer: k,
                                start: stop.start,
                            },
                        );
                    }
                    self.who_may(&what, carer, visit);
                    let lateness = self.visit_window(&what, visit, stop.start);
                    if visit
                        .not_before
                        .is_some_and(|nb| stop.start < nb - TIME_TOL)
                    {
                        self.violation(format!(
                            "{what}: starts at {}, before its earliest start {}",
                            stop.start,
                            visit.not_before.unwrap_or(0.0)
                        ));
                    }
                    if let Some(a) = visit.announced {
                        if stop.start < a.open - TIME_TOL {
                            self.violation(format!(
                                "{what}: starts at {}, before its announced times open at {}",
                                stop.start, a.open
                            ));
                        } else if stop.start > a.close + TIME_TOL {
                            self.out.moved += 1;
                            self.moved_late += stop.start - a.close;
                        }
                    }
                    let broken = !visit.preferred_carers.is_empty()
                        && !visit.preferred_carers.contains(&carer.id);
                    if broken {
                        self.out.continuity_breaks += 1;
                        self.continuity_cost += visit.continuity_weight * self.p.weights.continuity;
                    }
                    if stop.continuity_break != broken {
                        self.violation(format!(
                            "{what}: continuity_break reported {}, recomputed {broken}",
                            stop.continuity_break
                        ));
                    }
                    loads.push(Some(vi));
                    (what, visit.place, visit.duration, lateness)
                }
                StopKind::Reload => {
                    let what = format!("{who}, reload at place {}", stop.place);
                    let Some(d) = &carer.depots else {
                        self.violation(format!("{what}: the carer has no depot"));
                        continue;
                    };
                    if !d.places.contains(&stop.place) {
                        self.violation(format!("{what}: not one of the carer's depots"));
                    }
                    reload_stops += 1;
                    if stop.continuity_break {
                        self.violation(format!("{what}: a reload cannot break continuity"));
                    }
                    loads.push(None);
                    (what, stop.place, d.duration, 0.0)
                }
                StopKind::Break => {
                    let what = format!("{who}, break {}", stop.id);
                    let Some(b) = carer.breaks.iter().position(|b| b.id == stop.id) else {
                        self.violation(format!("{what}: not one of the carer's breaks"));
                        continue;
                    };
                    taken[b] += 1;
                    let br = &carer.breaks[b];
                    if stop.start < br.window.open - TIME_TOL
                        || stop.start > br.window.close + TIME_TOL
                    {
                        self.violation(format!(
                            "{what}: starts at {} outside its window [{}, {}]",
                            stop.start, br.window.open, br.window.close
                        ));
                    }
                    if stop.continuity_break {
                        self.violation(format!("{what}: a break cannot break continuity"));
                    }
                    (what, place, br.duration, 0.0)
                }
            };
            if stop.place != target {
                self.violation(format!(
                    "{what}: place reported {}, expected {target}",
                    stop.place
                ));
            }
            let (tt, dd) = match stop.kind {
                StopKind::Break => (0.0, 0.0),
                StopKind::Visit | StopKind::Reload => match self.travel(place, target) {
                    Some(x) => x,
                    None => {
                        self.violation(format!(
                            "{what}: place {target} or {place} is outside the travel matrix"
                        ));
                        (0.0, 0.0)
                    }
                },
            };
            let arrival = time + tt;
            for (field, reported, expected) in [
                ("arrival", stop.arrival, arrival),
                ("travel_time", stop.travel_time, tt),
                ("travel_distance", stop.travel_distance, dd),
                ("waiting", stop.waiting, (stop.start - arrival).max(0.0)),
                ("end", stop.end, stop.start + duration),
                ("lateness", stop.lateness, lateness),
            ] {
                if !same_time(reported, expected) {
                    self.violation(format!(
                        "{what}: {field} reported {reported}, recomputed {expected}"
                    ));
                }
            }
            if stop.start < arrival - TIME_TOL {
                self.violation(format!(
                    "{what}: starts at {} before arriving at {arrival}",
                    stop.start
                ));
            }
            driving += tt;
            distance += dd;
            time = stop.start + duration;
            place = target;
        }
        let works = round.stops.iter().any(|s| s.kind == StopKind::Visit);
        for (b, n) in taken.iter().enumerate() {
            let id = &carer.breaks[b].id;
            match n {
                0 if works => self.violation(format!("{who}, break {id}: not taken")),
                0 => {}
                1 => {}
                n => self.violation(format!("{who}, break {id}: taken {n} times")),
            }
        }
        if let Some(d) = &carer.depots {
            if reload_stops > d.max_stops {
                self.violation(format!(
                    "{who}: {reload_stops} reload stops, at most {} allowed",
                    d.max_stops
                ));
            }
        }
        self.capacity(&who, carer, &loads);
        // The way back and the shift.
        let (back, overtime, working) = if round.stops.is_empty() {
            (round.back, 0.0, 0.0)
        } else {
            let (tt, dd) = match self.travel(place, carer.end_place) {
                Some(x) => x,
                None => {
                    self.violation(format!(
                        "{who}: end place {} or {place} is outside the travel matrix",
                        carer.end_place
                    ));
                    (0.0, 0.0)
                }
            };
            driving += tt;
            distance += dd;
            let back = time + tt;
            let overtime = (back - carer.shift.close).max(0.0);
            if overtime > carer.max_overtime + TIME_TOL {
                self.violation(format!(
                    "{who}: back at {back}, {overtime} after the shift closes at {} (max overtime {})",
                    carer.shift.close, carer.max_overtime
                ));
            }
            let working = back - round.leave;
            if let Some(m) = carer.max_working_time {
                if working > m + TIME_TOL {
                    self.violation(format!(
                        "{who}: works {working} (leaves {}, back {back}), more than the maximum {m}",
                        round.leave
                    ));
                }
            }
            (back, overtime, working)
        };
        let share = if working > 0.0 {
            driving / working
        } else {
            0.0
        };
        for (field, reported, expected) in [
            ("back", round.back, back),
            ("driving_time", round.driving_time, driving),
            ("distance", round.distance, distance),
            ("working_time", round.working_time, working),
            ("driving_share", round.driving_share, share),
            ("overtime", round.overtime, overtime),
        ] {
            if !same_total(reported, expected) {
                self.violation(format!(
                    "{who}: round {field} reported {reported}, recomputed {expected}"
                ));
            }
        }
        self.working_cost += carer.working_cost * working;
        self.out.travel_time += driving;
        self.out.distance += distance;
        self.out.overtime += overtime;
    }

    /// Skills, refused and pinned carers.
    fn who_may(&mut self, what: &str, carer: &Carer, visit: &Visit) {
        let missing: Vec<&str> = visit
            .skills
            .iter()
            .filter(|s| !carer.skills.contains(s))
            .map(|s| s.as_str())
            .collect();
        if !missing.is_empty() {
            self.violation(format!(
                "{what}: the carer lacks the skill(s) {}",
                missing.join(", ")
            ));
        }
        if visit.refused_carers.contains(&carer.id) {
            self.violation(format!("{what}: the carer is refused by the patient"));
        }
        if let Some(pinned) = &visit.pinned_carer {
            if *pinned != carer.id {
                self.violation(format!("{what}: the visit is pinned to carer {pinned}"));
            }
        }
    }

    /// Checks the start of a visit against its pinned start or windows; returns its lateness.
    fn visit_window(&mut self, what: &str, visit: &Visit, start: f64) -> f64 {
        if let Some(pinned) = visit.pinned_start {
            if !same_time(start, pinned) {
                self.violation(format!(
                    "{what}: starts at {start}, not at its pinned start {pinned}"
                ));
            }
            return 0.0;
        }
        let inside = visit
            .windows
            .iter()
            .any(|w| start >= w.open - TIME_TOL && start <= w.close + TIME_TOL);
        let Some(last) = visit.windows.last() else {
            return 0.0;
        };
        if inside {
            return 0.0;
        }
        if start > last.close {
            match visit.lateness {
                Lateness::Soft { weight } => {
                    let late = start - last.close;
                    self.out.total_lateness += late;
                    self.out.max_lateness = self.out.max_lateness.max(late);
                    self.weighted_lateness += weight * late;
                    late
                }
                Lateness::Hard => {
                    self.violation(format!(
                        "{what}: starts at {start}, after its (hard) window closes at {}",
                        last.close
                    ));
                    start - last.close
                }
            }
        } else {
            let windows: Vec<String> = visit
                .windows
                .iter()
                .map(|w| format!("[{}, {}]", w.open, w.close))
                .collect();
            self.violation(format!(
                "{what}: starts at {start}, before its window opens (windows {})",
                windows.join(" ")
            ));
            0.0
        }
    }

    /// Deliveries loaded at the start, pickups collected, load within capacity all along.
    /// The load along a round: each trip (between the start, reload stops and the end) leaves
    /// with its deliveries and collects its pickups; shipments are on board from their pickup
    /// to their delivery, across reloads.
    fn capacity(&mut self, who: &str, carer: &Carer, stops: &[Option<usize>]) {
        let get = |v: &[i64], d: usize| v.get(d).copied().unwrap_or(0);
        let shipped = |vi: usize, d: usize| -> i64 {
            let id = &self.p.visits[vi].id;
            self.p
                .shipments
                .iter()
                .map(|s| {
                    if &s.pickup == id {
                        get(&s.load, d)
                    } else if &s.delivery == id {
                        -get(&s.load, d)
                    } else {
                        0
                    }
                })
                .sum()
        };
        for (d, &cap) in carer.capacity.iter().enumerate() {
            let mut on_board = 0i64; // shipments
            let trips: Vec<&[Option<usize>]> = stops.split(|s| s.is_none()).collect();
            'trips: for trip in trips {
                let mut load: i64 = trip
                    .iter()
                    .flatten()
                    .map(|&vi| get(&self.p.visits[vi].delivery, d))
                    .sum::<i64>()
                    + on_board;
                if load > cap {
                    self.violation(format!(
                        "{who}: leaves with {load} (dimension {d}) on board, capacity {cap}"
                    ));
                    break;
                }
                for &vi in trip.iter().flatten() {
                    let v = &self.p.visits[vi];
                    let s = shipped(vi, d);
                    load += get(&v.pickup, d) - get(&v.delivery, d) + s;
                    on_board += s;
                    if load > cap {
                        self.violation(format!(
                            "{who}, visit {}: carries {load} (dimension {d}) after it, capacity {cap}",
                            v.id
                        ));
                        break 'trips;
                    }
                }
            }
        }
    }

    /// Shipments: both visits served by one carer, pickup first, or both left out.
    fn shipments(&mut self) {
        let mut found = Vec::new();
        for (i, s) in self.p.shipments.iter().enumerate() {
            let (Some(a), Some(b)) = (self.visit_index(&s.pickup), self.visit_index(&s.delivery))
            else {
                continue;
            };
            match (self.served.get(&a), self.served.get(&b)) {
                (Some(x), Some(y)) => {
                    if x.carer != y.carer {
                        found.push(format!(
                            "shipment {i}: {} and {} are served by two carers",
                            s.pickup, s.delivery
                        ));
                    } else if y.start < x.start - TIME_TOL {
                        found.push(format!(
                            "shipment {i}: {} is delivered before {} is collected",
                            s.delivery, s.pickup
                        ));
                    }
                }
                (Some(_), None) | (None, Some(_)) => found.push(format!(
                    "shipment {i}: only one of {} and {} is served",
                    s.pickup, s.delivery
                )),
                (None, None) => {}
            }
        }
        self.out.violations.extend(found);
    }

    /// Visits left out: exactly the ones not served, once each, with a believable cause.
    fn unassigned(&mut self, plan: &CareSolution) {
        let mut listed = vec![false; self.p.visits.len()];
        for u in &plan.unassigned {
            let Some(vi) = self.visit_index(&u.visit) else {
                self.violation(format!("unassigned visit {}: no such visit", u.visit));
                continue;
            };
            if listed[vi] {
                self.violation(format!("visit {}: listed unassigned twice", u.visit));
            }
            listed[vi] = true;
            if let Some(s) = self.served.get(&vi) {
                let carer = &self.p.carers[s.carer].id;
                self.violation(format!(
                    "visit {}: listed unassigned but served by carer {carer}",
                    u.visit
                ));
            }
            if let Some(why) = self.cause_is_wrong(&self.p.visits[vi], &u.cause) {
                self.violation(format!(
                    "visit {}: unassigned cause {} is wrong: {why}",
                    u.visit,
                    u.cause.code()
                ));
            }
        }
        for (vi, v) in self.p.visits.iter().enumerate() {
            if !listed[vi] && !self.served.contains_key(&vi) {
                self.out.violations.push(format!(
                    "visit {}: neither served nor listed unassigned",
                    v.id
                ));
            }
            if !self.served.contains_key(&vi) {
                self.out.unassigned += 1;
            }
        }
    }

    /// Cheap consistency of an unassigned cause with the problem; `Some(reason)` when wrong.
    fn cause_is_wrong(&self, visit: &Visit, cause: &UnassignedCause) -> Option<String> {
        let holds = |c: &Carer, s: &String| c.skills.contains(s);
        let skilled = |c: &Carer| visit.skills.iter().all(|s| holds(c, s));
        match cause {
            UnassignedCause::UnknownSkill { skills } => {
                let bad: Vec<&String> = skills
                    .iter()
                    .filter(|s| {
                        !visit.skills.contains(s) || self.p.carers.iter().any(|c| holds(c, s))
                    })
                    .collect();
                (skills.is_empty() || !bad.is_empty())
                    .then(|| format!("skills {bad:?} are not required or are held by a carer"))
            }
            UnassignedCause::NoCarerWithSkills { .. } => self
                .p
                .carers
                .iter()
                .find(|c| skilled(c))
                .map(|c| format!("carer {} holds every skill", c.id)),
            UnassignedCause::AllCarersRefused => self
                .p
                .carers
                .iter()
                .find(|c| skilled(c) && !visit.refused_carers.contains(&c.id))
                .map(|c| format!("carer {} has the skills and is not refused", c.id)),
            UnassignedCause::PinnedCarerCannot { carer } => {
                if visit.pinned_carer.as_ref() != Some(carer) {
                    Some(format!("the visit is not pinned to carer {carer}"))
                } else {
                    let c = self.p.carers.iter().find(|c| c.id == *carer)?;
                    (skilled(c) && !visit.refused_carers.contains(carer))
                        .then(|| format!("carer {carer} has the skills and is not refused"))
                }
            }
            UnassignedCause::CapacityExceeded => {
                // A shipment's load is on board at both of its visits, with each visit's own
                // equipment: the visit fits a van if it and its shipment mate both do.
                let shipment = self
                    .p
                    .shipments
                    .iter()
                    .find(|sh| sh.pickup == visit.id || sh.delivery == visit.id);
                let mut ends: Vec<&Visit> = vec![visit];
                if let Some(sh) = shipment {
                    let mate = if sh.pickup == visit.id {
                        &sh.delivery
                    } else {
                        &sh.pickup
                    };
                    ends.extend(self.visit_index(mate).map(|i| &self.p.visits[i]));
                }
                let fits = |c: &Carer| {
                    c.capacity.is_empty()
                        || c.capacity.iter().enumerate().all(|(d, &cap)| {
                            let on_board =
                                shipment.map_or(0, |sh| sh.load.get(d).copied().unwrap_or(0));
                            ends.iter().all(|v| {
                                v.delivery.get(d).copied().unwrap_or(0) + on_board <= cap
                                    && v.pickup.get(d).copied().unwrap_or(0) + on_board <= cap
                            })
                        })
                };
                self.p
                    .carers
                    .iter()
                    .find(|c| {
                        skilled(c)
                            && !visit.refused_carers.contains(&c.id)
                            && visit.pinned_carer.as_ref().is_none_or(|p| *p == c.id)
                            && fits(c)
                    })
                    .map(|c| format!("the equipment fits in carer {}'s van", c.id))
            }
            UnassignedCause::PartnerCannotBeServed { visit: partner } => {
                let linked = self.p.links.iter().any(|l| {
                    l.distinct_carers
                        && ((l.first == visit.id && l.second == *partner)
                            || (l.second == visit.id && l.first == *partner))
                });
                let shipped = self.p.shipments.iter().any(|sh| {
                    (sh.pickup == visit.id && sh.delivery == *partner)
                        || (sh.delivery == visit.id && sh.pickup == *partner)
                });
                if !linked && !shipped {
                    Some(format!(
                        "{partner} is neither its double-visit partner nor its shipment mate"
                    ))
                } else {
                    self.visit_index(partner)
                        .and_then(|i| self.served.get(&i))
                        .map(|_| format!("the partner {partner} is served"))
                }
            }
            UnassignedCause::NoDoubleStaffing => {
                let double =
                    self.p.links.iter().any(|l| {
                        l.distinct_carers && (l.first == visit.id || l.second == visit.id)
                    });
                (!double).then(|| "the visit is not double-staffed".to_string())
            }
            UnassignedCause::WindowUnreachable
            | UnassignedCause::PinnedTimeUnreachable
            | UnassignedCause::NotFitted => None,
        }
    }

    fn links(&mut self) {
        for (i, l) in self.p.links.iter().enumerate() {
            let (Some(a), Some(b)) = (self.visit_index(&l.first), self.visit_index(&l.second))
            else {
                self.out.violations.push(format!(
                    "link {i}: unknown visit {} or {}",
                    l.first, l.second
                ));
                continue;
            };
            let (sa, sb) = (self.served.get(&a).copied(), self.served.get(&b).copied());
            let name = |s: Served| &self.p.carers[s.carer].id;
            let mut found = Vec::new();
            match (sa, sb) {
                (Some(x), Some(y)) => {
                    let gap = y.start - x.start;
                    match l.kind {
                        LinkKind::Simultaneous if !same_time(x.start, y.start) => {
                            found.push(format!(
                                "link {i}: simultaneous visits {} (carer {}, start {}) and {} (carer {}, start {}) do not start together",
                                l.first, name(x), x.start, l.second, name(y), y.start
                            ));
                        }
                        LinkKind::StartGap { min, max }
                            if gap < min - TIME_TOL || gap > max + TIME_TOL =>
                        {
                            found.push(format!(
                                "link {i}: visit {} (carer {}) starts {gap} after visit {} (carer {}), outside the gap [{min}, {max}]",
                                l.second, name(y), l.first, name(x)
                            ));
                        }
                        _ => {}
                    }
                    if l.distinct_carers && x.carer == y.carer {
                        found.push(format!(
                            "link {i}: double visit {} and {} both served by carer {}",
                            l.first,
                            l.second,
                            name(x)
                        ));
                    }
                }
                (Some(x), None) | (None, Some(x)) if l.distinct_carers => {
                    let (on, off) = if sa.is_some() {
                        (&l.first, &l.second)
                    } else {
                        (&l.second, &l.first)
                    };
                    found.push(format!(
                        "link {i}: double visit {on} is served by carer {} but its partner {off} is not",
                        name(x)
                    ));
                }
                _ => {}
            }
            self.out.violations.extend(found);
        }
    }

    fn totals(&mut self, plan: &CareSolution) {
        let w = &self.p.weights;
        let left_out: f64 = self
            .p
            .visits
            .iter()
            .enumerate()
            .filter(|(i, _)| !self.served.contains_key(i))
            .map(|(_, v)| v.priority.max(1.0))
            .sum();
        let o = &self.out;
        let cost = w.unassigned * left_out
            + w.travel_time * o.travel_time
            + w.distance * o.distance
            + w.total_lateness * self.weighted_lateness
            + w.max_lateness * o.max_lateness
            + self.continuity_cost
            + w.overtime * o.overtime
            + w.moved * o.moved as f64
            + w.moved_late * self.moved_late
            + self.working_cost;
        self.out.cost = cost;
        let c = &plan.cost;
        let o = &self.out;
        let mut found = Vec::new();
        for (field, reported, expected) in [
            ("total", c.total, o.cost),
            ("travel_time", c.travel_time, o.travel_time),
            ("distance", c.distance, o.distance),
            ("total_lateness", c.total_lateness, o.total_lateness),
            ("max_lateness", c.max_lateness, o.max_lateness),
            ("overtime", c.overtime, o.overtime),
        ] {
            if !same_total(reported, expected) {
                found.push(format!(
                    "cost {field} reported {reported}, recomputed {expected}"
                ));
            }
        }
        for (field, reported, expected) in [
            (
                "continuity_breaks",
                c.continuity_breaks,
                o.continuity_breaks,
            ),
            ("unassigned", c.unassigned, o.unassigned),
            ("moved", c.moved, o.moved),
        ] {
            if reported != expected {
                found.push(format!(
                    "cost {field} reported {reported}, recomputed {expected}"
                ));
            }
        }
        self.out.violations.extend(found);
    }
}

#[cfg(test)]
mod tests {
    use super::super::*;

    /// Office at place 0, patients at 1–4 on a line, 10 apart. Ann (nurse, aide) takes a
    /// lunch break, Bob is an aide only, Cyd a nurse and aide; vans hold two beds.
    fn day() -> CareProblem {
        let t: Vec<Vec<f64>> = (0..5)
            .map(|i| (0..5).map(|j| 10.0 * (i as f64 - j as f64).abs()).collect())
            .collect();
        let shift = Window {
            open: 0.0,
            close: 480.0,
        };
        let mut ann = Carer::new("ann", &["nurse", "aide"], shift, 0);
        ann.breaks.push(Break {
            id: "lunch".into(),
            duration: 30.0,
            window: Window {
                open: 200.0,
                close: 260.0,
            },
        });
        ann.capacity = vec![2];
        let mut bob = Carer::new("bob", &["aide"], shift, 0);
        bob.capacity = vec![2];
        let mut cyd = Carer::new("cyd", &["nurse", "aide"], shift, 0);
        cyd.capacity = vec![2];
        let w = |open: f64, close: f64| Window { open, close };
        let mut insulin = Visit::new("insulin", 1, 15.0, w(30.0, 100.0));
        insulin.skills = vec!["nurse".into()];
        let mut wash_a = Visit::new("wash-a", 2, 30.0, w(60.0, 180.0));
        wash_a.skills = vec!["aide".into()];
        let mut wash_b = wash_a.clone();
        wash_b.id = "wash-b".into();
        let mut bed = Visit::new("bed", 3, 20.0, w(100.0, 300.0));
        bed.delivery = vec![1];
        let mut dressing = Visit::new("dressing", 4, 25.0, w(200.0, 400.0));
        dressing.skills = vec!["nurse".into()];
        CareProblem {
            travel: TravelMatrix::from_rows(&t, None).unwrap(),
            carers: vec![ann, bob, cyd],
            visits: vec![insulin, wash_a, wash_b, bed, dressing],
            links: vec![Link {
                first: "wash-a".into(),
                second: "wash-b".into(),
                kind: LinkKind::Simultaneous,
                distinct_carers: true,
            }],
            shipments: Vec::new(),
            weights: Weights::home_care(),
        }
    }

    fn solved() -> (CareProblem, CareSolution) {
        let p = day();
        let options = CareOptions {
            iterations: Some(3_000),
            ..Default::default()
        };
        let plan = solve_care(&p, &options).unwrap();
        let check = check_plan(&p, &plan);
        assert!(check.valid, "{:#?}", check.violations);
        assert!(plan.unassigned.is_empty(), "{plan:#?}");
        (p, plan)
    }

    /// (round, stop) of the stop with this id.
    fn find(plan: &CareSolution, id: &str) -> (usize, usize) {
        for (r, round) in plan.rounds.iter().enumerate() {
            if let Some(i) = round.stops.iter().position(|s| s.id == id) {
                return (r, i);
            }
        }
        panic!("{id} not in the plan");
    }

    fn stop<'a>(plan: &'a mut CareSolution, id: &str) -> &'a mut CareStop {
        let (r, i) = find(plan, id);
        &mut plan.rounds[r].stops[i]
    }

    /// Asserts the plan is invalid with a violation containing every word.
    fn caught(p: &CareProblem, plan: &CareSolution, words: &[&str]) {
        let check = check_plan(p, plan);
        assert!(!check.valid);
        assert!(
            check
                .violations
                .iter()
                .any(|v| words.iter().all(|w| v.contains(w))),
            "no violation with {words:?} in {:#?}",
            check.violations
        );
    }

    #[test]
    fn recomputes_the_engine_totals() {
        let (p, plan) = solved();
        let check = check_plan(&p, &plan);
        assert_eq!(check.travel_time, plan.cost.travel_time);
        assert_eq!(check.distance, plan.cost.distance);
        assert_eq!(check.unassigned, 0);
        assert!((check.cost - plan.cost.total).abs() < 1e-6);
    }

    #[test]
    fn start_before_its_window() {
        let (p, mut plan) = solved();
        let s = stop(&mut plan, "insulin");
        s.start = 10.0;
        s.end = 25.0;
        caught(&p, &plan, &["visit insulin", "before its window opens"]);
    }

    #[test]
    fn start_after_a_hard_window() {
        let (mut p, plan) = solved();
        let (r, i) = find(&plan, "insulin");
        let start = plan.rounds[r].stops[i].start;
        p.visits[0].windows[0].close = start - 5.0;
        p.visits[0].windows[0].open = start - 10.0;
        caught(
            &p,
            &plan,
            &["visit insulin", "after its (hard) window closes"],
        );
    }

    #[test]
    fn start_before_arrival() {
        let (p, mut plan) = solved();
        let (r, i) = find(&plan, "dressing");
        let s = &mut plan.rounds[r].stops[i];
        s.start = s.arrival - 1.0;
        s.end = s.start + 25.0;
        let carer = plan.rounds[r].carer.clone();
        caught(&p, &plan, &[&carer, "visit dressing", "before arriving"]);
    }

    #[test]
    fn pinned_start_not_kept() {
        let (mut p, plan) = solved();
        let (r, i) = find(&plan, "bed");
        p.visits[3].pinned_start = Some(plan.rounds[r].stops[i].start + 1.0);
        caught(&p, &plan, &["visit bed", "pinned start"]);
    }

    #[test]
    fn visit_moved_to_a_carer_without_the_skill() {
        let (p, mut plan) = solved();
        let (r, i) = find(&plan, "dressing");
        let s = plan.rounds[r].stops.remove(i);
        plan.rounds[1].stops.push(s);
        caught(
            &p,
            &plan,
            &["carer bob", "visit dressing", "lacks the skill(s) nurse"],
        );
    }

    #[test]
    fn refused_and_pinned_carers() {
        let (mut p, plan) = solved();
        let (r, _) = find(&plan, "bed");
        let carer = plan.rounds[r].carer.clone();
        p.visits[3].refused_carers = vec![carer.clone()];
        caught(&p, &plan, &[&carer, "visit bed", "refused"]);
        let other = p.carers.iter().find(|c| c.id != carer).unwrap().id.clone();
        p.visits[3].refused_carers.clear();
        p.visits[3].pinned_carer = Some(other.clone());
        caught(
            &p,
            &plan,
            &[&carer, "visit bed", &format!("pinned to carer {other}")],
        );
    }

    #[test]
    fn simultaneous_pair_out_of_step() {
        let (p, mut plan) = solved();
        let s = stop(&mut plan, "wash-b");
        s.start += 5.0;
        s.end += 5.0;
        caught(&p, &plan, &["wash-a", "wash-b", "do not start together"]);
    }

    #[test]
    fn double_visit_by_one_carer() {
        let (p, mut plan) = solved();
        let (r, i) = find(&plan, "wash-b");
        let s = plan.rounds[r].stops.remove(i);
        let (ra, ia) = find(&plan, "wash-a");
        plan.rounds[ra].stops.insert(ia + 1, s);
        let carer = plan.rounds[ra].carer.clone();
        caught(
            &p,
            &plan,
            &["wash-a", "wash-b", &format!("both served by carer {carer}")],
        );
    }

    #[test]
    fn start_gap_not_kept() {
        let (mut p, plan) = solved();
        p.links.push(Link {
            first: "insulin".into(),
            second: "dressing".into(),
            kind: LinkKind::StartGap {
                min: 400.0,
                max: f64::INFINITY,
            },
            distinct_carers: false,
        });
        caught(
            &p,
            &plan,
            &["link 1", "dressing", "insulin", "outside the gap"],
        );
    }

    #[test]
    fn half_of_a_double_visit_left_out() {
        let (p, mut plan) = solved();
        let (r, i) = find(&plan, "wash-b");
        plan.rounds[r].stops.remove(i);
        plan.unassigned.push(UnassignedVisit {
            visit: "wash-b".into(),
            cause: UnassignedCause::NotFitted,
        });
        caught(&p, &plan, &["double visit wash-a", "partner wash-b is not"]);
    }

    #[test]
    fn visit_dropped_without_being_listed() {
        let (p, mut plan) = solved();
        let (r, i) = find(&plan, "bed");
        plan.rounds[r].stops.remove(i);
        caught(&p, &plan, &["visit bed", "neither served nor listed"]);
    }

    #[test]
    fn served_visit_listed_unassigned() {
        let (p, mut plan) = solved();
        plan.unassigned.push(UnassignedVisit {
            visit: "insulin".into(),
            cause: UnassignedCause::NotFitted,
        });
        caught(
            &p,
            &plan,
            &["visit insulin", "listed unassigned but served"],
        );
    }

    #[test]
    fn wrong_unassigned_cause() {
        let (p, mut plan) = solved();
        let (r, i) = find(&plan, "bed");
        plan.rounds[r].stops.remove(i);
        plan.unassigned.push(UnassignedVisit {
            visit: "bed".into(),
            cause: UnassignedCause::UnknownSkill {
                skills: vec!["nurse".into()],
            },
        });
        caught(
            &p,
            &plan,
            &["visit bed", "unassigned cause unknown_skill is wrong"],
        );
    }

    #[test]
    fn visit_served_twice() {
        let (p, mut plan) = solved();
        let (r, i) = find(&plan, "insulin");
        let s = plan.rounds[r].stops[i].clone();
        let other = (r + 1) % plan.rounds.len();
        plan.rounds[other].stops.push(s);
        caught(&p, &plan, &["visit insulin", "appears more than once"]);
    }

    #[test]
    fn break_outside_its_window() {
        let (p, mut plan) = solved();
        let s = stop(&mut plan, "lunch");
        s.start = 300.0;
        s.end = 330.0;
        caught(&p, &plan, &["carer ann, break lunch", "outside its window"]);
    }

    #[test]
    fn break_too_short_or_missing() {
        let (p, mut plan) = solved();
        let s = stop(&mut plan, "lunch");
        s.end -= 10.0;
        caught(&p, &plan, &["carer ann, break lunch", "end reported"]);
        let (p, mut plan) = solved();
        let (r, i) = find(&plan, "lunch");
        plan.rounds[r].stops.remove(i);
        caught(&p, &plan, &["carer ann, break lunch", "not taken"]);
    }

    #[test]
    fn over_capacity() {
        let (mut p, plan) = solved();
        let (r, _) = find(&plan, "bed");
        p.carers[r].capacity = vec![0];
        let carer = plan.rounds[r].carer.clone();
        caught(
            &p,
            &plan,
            &[&format!("carer {carer}"), "on board, capacity 0"],
        );
    }

    #[test]
    fn pickups_fill_the_van() {
        let (mut p, plan) = solved();
        let (r, _) = find(&plan, "insulin");
        p.visits[0].pickup = vec![3];
        let carer = plan.rounds[r].carer.clone();
        caught(
            &p,
            &plan,
            &[&format!("carer {carer}, visit insulin"), "capacity 2"],
        );
    }

    #[test]
    fn overtime_and_working_time() {
        let (mut p, plan) = solved();
        let (r, _) = find(&plan, "dressing");
        let back = plan.rounds[r].back;
        p.carers[r].shift.close = back - 10.0;
        p.carers[r].max_overtime = 5.0;
        let carer = plan.rounds[r].carer.clone();
        caught(
            &p,
            &plan,
            &[&format!("carer {carer}"), "after the shift closes"],
        );
        p.carers[r].shift.close = 480.0;
        p.carers[r].max_working_time = Some(plan.rounds[r].working_time - 1.0);
        caught(
            &p,
            &plan,
            &[&format!("carer {carer}"), "more than the maximum"],
        );
    }

    #[test]
    fn rounds_out_of_order() {
        let (p, mut plan) = solved();
        plan.rounds.swap(0, 1);
        caught(
            &p,
            &plan,
            &["carer bob", "out of the problem's carer order"],
        );
        plan.rounds.pop();
        let (p, mut plan) = (p, plan);
        plan.rounds.swap(0, 1);
        caught(&p, &plan, &["carer cyd: no round"]);
    }

    #[test]
    fn wrong_totals() {
        let (p, mut plan) = solved();
        plan.cost.travel_time += 1.0;
        caught(&p, &plan, &["cost travel_time reported"]);
        let (p, mut plan) = solved();
        plan.cost.total *= 1.001;
        caught(&p, &plan, &["cost total reported"]);
        let (p, mut plan) = solved();
        plan.rounds[2].driving_time += 3.0;
        caught(&p, &plan, &["carer cyd", "round driving_time reported"]);
        let (p, mut plan) = solved();
        plan.cost.unassigned = 1;
        caught(&p, &plan, &["cost unassigned reported 1, recomputed 0"]);
        let (p, mut plan) = solved();
        stop(&mut plan, "bed").travel_time += 1.0;
        caught(&p, &plan, &["visit bed", "travel_time reported"]);
    }
}
