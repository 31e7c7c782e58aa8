//! Insertion and removal of tasks: inserting left-out tasks (optional ones when worth their
//! penalty, required ones always) and removing optional tasks that cost more than their
//! penalty. A task with a companion (double-staffed half, shipment end) is inserted and
//! removed together with it.

use super::pair::best_pair_insertion;
use super::{Candidate, LocalSearch, Move, NONE};
use crate::instance::links::companion;
use crate::rng::Rng;

/// Best insertion of unassigned task `u` among all positions of all routes
/// (`full`) or after its granular neighbours and in one empty route per type.
pub(crate) fn best_insertion(ls: &LocalSearch, u: usize, full: bool) -> Option<(i64, Move)> {
    if companion(ls.inst, u) != NONE {
        return best_pair_insertion(ls, u);
    }
    let mut best: Option<(i64, Move)> = None;
    let consider = |ls: &LocalSearch, r: usize, p: usize, best: &mut Option<(i64, Move)>| {
        if !ls.inst.can_serve(ls.routes[r].vehicle, u) {
            return;
        }
        let m = Move::one(Candidate::with(r, p, u));
        let d = ls.delta(&m);
        if best.as_ref().is_none_or(|(bd, _)| d < *bd) {
            *best = Some((d, m));
        }
    };
    let owner = ls.inst.owner[u];
    if owner != NONE {
        // A break or reload stop: anywhere in its own vehicle's route.
        for p in 0..=ls.routes[owner].len() {
            consider(ls, owner, p, &mut best);
        }
        return best.filter(|(d, _)| *d < super::FORBIDDEN);
    }
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
    let best = best.filter(|(d, _)| *d < super::FORBIDDEN);
    if best.is_none() && !full {
        // No route near its neighbours may take it (few vehicles can): look everywhere.
        return best_insertion(ls, u, true);
    }
    best
}

/// What leaving task `u` out saves (its penalty, with its companion's).
pub(crate) fn penalty_of(ls: &LocalSearch, u: usize) -> Option<i64> {
    let p = ls.inst.job_penalty[u]?;
    let c = companion(ls.inst, u);
    if c == NONE {
        Some(p)
    } else {
        ls.inst.job_penalty[c].map(|q| p.saturating_add(q))
    }
}

/// Inserts unassigned task `u` (and its companion) if it is required, or if serving it costs
/// less than its penalty.
pub(crate) fn try_insert(ls: &mut LocalSearch, u: usize) -> bool {
    let penalty = penalty_of(ls, u);
    let Some((d, m)) = best_insertion(ls, u, penalty.is_none()) else {
        return false;
    };
    if penalty.is_none_or(|p| d < p) {
        ls.apply(&m);
        return true;
    }
    false
}

/// The move taking assigned task `u` (and its companion) out of the solution.
pub(crate) fn removal(ls: &LocalSearch, u: usize) -> Move {
    let (r, p) = (ls.route_of[u], ls.pos_of[u]);
    let c = companion(ls.inst, u);
    if c == NONE || ls.route_of[c] == NONE {
        return Move::one(Candidate::without(r, p));
    }
    let (rc, pc) = (ls.route_of[c], ls.pos_of[c]);
    if rc != r {
        return Move::two(Candidate::without(r, p), Candidate::without(rc, pc));
    }
    let (a, b) = (p.min(pc), p.max(pc));
    let edits = [super::pair::Edit::Remove(a), super::pair::Edit::Remove(b)];
    Move::one(super::pair::edit(r, ls.routes[r].len(), &edits).expect("two removals fit"))
}

/// Removes optional task `u` (with its companion) if its penalty is less than what serving it
/// costs.
pub(crate) fn try_remove(ls: &mut LocalSearch, u: usize) -> bool {
    let Some(penalty) = penalty_of(ls, u) else {
        return false;
    };
    let m = removal(ls, u);
    if ls.delta(&m).saturating_add(penalty) < 0 {
        ls.apply(&m);
        return true;
    }
    false
}

/// Inserts every listed unassigned required task at its cheapest position (crossover repair).
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
    if companion(ls.inst, u) != NONE {
        return best_pair_insertion(ls, u);
    }
    let mut best: Option<(i64, Move)> = None;
    let mut consider = |ls: &LocalSearch, r: usize, p: usize, rng: &mut Rng| {
        if !ls.inst.can_serve(ls.routes[r].vehicle, u) || rng.unit() < blink {
            return;
        }
        let m = Move::one(Candidate::with(r, p, u));
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
    best.filter(|(d, _)| *d < super::FORBIDDEN)
}
