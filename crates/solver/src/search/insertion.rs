//! Insertion and removal of single jobs: inserting left-out jobs (optional
//! ones when worth their penalty, required ones always) and removing optional
//! jobs that cost more than their penalty.

use super::{Candidate, LocalSearch, Move, Part, NONE};
use crate::rng::Rng;

/// Best insertion of unassigned job `u` among all positions of all routes
/// (`full`) or after its granular neighbours and in one empty route per type.
pub(crate) fn best_insertion(ls: &LocalSearch, u: usize, full: bool) -> Option<(i64, Move)> {
    let mut best: Option<(i64, Move)> = None;
    let consider = |ls: &LocalSearch, r: usize, p: usize, best: &mut Option<(i64, Move)>| {
        if !ls.inst.can_serve(ls.routes[r].vehicle, u) {
            return;
        }
        let c = Candidate::new(
            r,
            &[
                Part::Prefix(p),
                Part::Job(u),
                Part::Suffix {
                    route: r,
                    from: p + 1,
                },
            ],
        );
        let m = Move::one(c);
        let d = ls.delta(&m);
        if best.as_ref().is_none_or(|(bd, _)| d < *bd) {
            *best = Some((d, m));
        }
    };
    if full {
        for r in 0..ls.routes.len() {
            if !ls.routes[r].is_empty() {
                for p in 0..=ls.routes[r].len() {
                    consider(ls, r, p, &mut best);
                }
            }
        }
    } else {
        for &v in &ls.neighbours[u] {
            let r = ls.route_of[v];
            if r != NONE {
                consider(ls, r, ls.pos_of[v], &mut best);
                if ls.pos_of[v] == 1 {
                    consider(ls, r, 0, &mut best);
                }
            }
        }
    }
    for range in &ls.inst.type_vehicles {
        if let Some(e) = range.clone().find(|&r| ls.routes[r].is_empty()) {
            consider(ls, e, 0, &mut best);
        }
    }
    best
}

/// Inserts unassigned job `u` if it is required, or if serving it costs less than its penalty.
pub(crate) fn try_insert(ls: &mut LocalSearch, u: usize) -> bool {
    let penalty = ls.inst.job_penalty[u];
    let Some((d, m)) = best_insertion(ls, u, penalty.is_none()) else {
        return false;
    };
    if penalty.is_none_or(|p| d < p) {
        ls.apply(&m);
        return true;
    }
    false
}

/// Removes optional job `u` if its penalty is less than what serving it costs.
pub(crate) fn try_remove(ls: &mut LocalSearch, u: usize) -> bool {
    let Some(penalty) = ls.inst.job_penalty[u] else {
        return false;
    };
    let (r, p) = (ls.route_of[u], ls.pos_of[u]);
    let m = Move::one(Candidate::new(
        r,
        &[
            Part::Prefix(p - 1),
            Part::Suffix {
                route: r,
                from: p + 1,
            },
        ],
    ));
    if ls.delta(&m) + penalty < 0 {
        ls.apply(&m);
        return true;
    }
    false
}

/// Inserts every listed unassigned required job at its cheapest position (crossover repair).
pub(crate) fn insert_required(ls: &mut LocalSearch, jobs: &[usize]) {
    for &u in jobs {
        if ls.route_of[u] == NONE && ls.inst.is_required(u) {
            if let Some((_, m)) = best_insertion(ls, u, true) {
                ls.apply(&m);
            }
        }
    }
}

/// Cheapest insertion of `u` after its granular neighbours (and in one empty
/// route per type), skipping each position with probability `blink`.
pub(crate) fn best_insertion_blinking(
    ls: &LocalSearch,
    u: usize,
    rng: &mut Rng,
    blink: f64,
) -> Option<(i64, Move)> {
    let mut best: Option<(i64, Move)> = None;
    let mut consider = |ls: &LocalSearch, r: usize, p: usize, rng: &mut Rng| {
        if !ls.inst.can_serve(ls.routes[r].vehicle, u) || rng.unit() < blink {
            return;
        }
        let m = Move::one(Candidate::new(
            r,
            &[
                Part::Prefix(p),
                Part::Job(u),
                Part::Suffix {
                    route: r,
                    from: p + 1,
                },
            ],
        ));
        let d = ls.delta(&m);
        if best.as_ref().is_none_or(|(bd, _)| d < *bd) {
            best = Some((d, m));
        }
    };
    for &v in &ls.neighbours[u] {
        let r = ls.route_of[v];
        if r != NONE {
            consider(ls, r, ls.pos_of[v], rng);
            consider(ls, r, ls.pos_of[v] - 1, rng);
        }
    }
    for range in &ls.inst.type_vehicles {
        if let Some(e) = range.clone().find(|&r| ls.routes[r].is_empty()) {
            consider(ls, e, 0, rng);
        }
    }
    best
}
