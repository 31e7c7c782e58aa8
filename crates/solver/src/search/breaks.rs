//! Breaks and reload stops: tasks owned by one vehicle, placed anywhere in its route. For
//! each route changed since it was last looked at, every break and used reload stop is tried
//! at every other position, a used reload stop is tried out of the route, and an unused one
//! (when the route carries too much) at every position; the best improving change is applied.

use super::{relocate, Candidate, LocalSearch, Move, NONE};

/// One pass over the routes changed since the last pass; whether something improved.
pub(crate) fn run(ls: &mut LocalSearch) -> bool {
    let mut improved = false;
    for r in 0..ls.routes.len() {
        let v = ls.routes[r].vehicle;
        let veh = &ls.inst.vehicles[v];
        if veh.breaks.is_empty() && veh.reloads.is_empty() {
            continue;
        }
        let last = ls.mark_aux_tested(r);
        if !ls.modified_since(r, last) {
            continue;
        }
        while improve_route(ls, r) {
            improved = true;
        }
    }
    improved
}

fn improve_route(ls: &mut LocalSearch, r: usize) -> bool {
    let v = ls.routes[r].vehicle;
    let owned: Vec<usize> = {
        let veh = &ls.inst.vehicles[v];
        veh.breaks.iter().chain(&veh.reloads).copied().collect()
    };
    let mut best: Option<(i64, Move)> = None;
    let keep = |d: i64, m: Move, best: &mut Option<(i64, Move)>| {
        if d < 0 && best.as_ref().is_none_or(|(b, _)| d < *b) {
            *best = Some((d, m));
        }
    };
    let len = ls.routes[r].len();
    let mut unused_reload = None;
    for &t in &owned {
        if ls.route_of[t] == NONE {
            if unused_reload.is_none() {
                unused_reload = Some(t);
            }
            continue;
        }
        for pv in 0..=len {
            if let Some(m) = relocate::evaluate(ls, t, r, pv, 1) {
                let d = ls.delta(&m);
                keep(d, m, &mut best);
            }
        }
        if ls.inst.job_penalty[t].is_some() {
            let m = Move::one(Candidate::without(r, ls.pos_of[t]));
            let d = ls.delta(&m);
            keep(d, m, &mut best);
        }
    }
    let used = owned
        .iter()
        .filter(|&&t| ls.route_of[t] != NONE && ls.inst.job_penalty[t].is_some())
        .count();
    if let Some(t) = unused_reload {
        if ls.routes[r].parts.excess_load > 0 && used < ls.inst.vehicles[v].max_reloads {
            // One unused stop per depot is enough to try.
            let depots: Vec<usize> = owned
                .iter()
                .copied()
                .filter(|&x| ls.route_of[x] == NONE && ls.inst.job_penalty[x].is_some())
                .collect();
            let mut seen = Vec::new();
            for x in depots.into_iter().chain(std::iter::once(t)) {
                let loc = ls.inst.task_loc[x];
                if seen.contains(&loc) {
                    continue;
                }
                seen.push(loc);
                for p in 0..=len {
                    let m = Move::one(Candidate::with(r, p, x));
                    let d = ls.delta(&m);
                    keep(d, m, &mut best);
                }
            }
        }
    }
    match best {
        Some((_, m)) => {
            ls.apply(&m);
            true
        }
        None => false,
    }
}
