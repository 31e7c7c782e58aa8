//! Pair moves: the two jobs of a double-staffed visit (two routes) or of a shipment (one
//! route, pickup first) move together, since moving one alone breaks the pairing rule.
//!
//! - [`improve`]: for an assigned task with a companion, relocate both to the best pair of
//!   places (each half next to its best insertion places, exact price of the combination), or
//!   exchange the two halves' routes;
//! - [`best_pair_insertion`]: the cheapest way to insert an unassigned pair.
//!
//! A route may receive one removal and one insertion, or two of either, so every candidate
//! here is built by [`edit`].

use super::{Candidate, LocalSearch, Move, Part, MAX_ROUTES, NONE};
use crate::instance::links::companion;

/// One change to a route: remove position `p`, or insert task `t` after position `p`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Edit {
    Remove(usize),
    Insert(usize, usize),
}

impl Edit {
    fn key(&self) -> (usize, u8) {
        match *self {
            // An insertion after p comes after a removal of p and before one of p + 1.
            Edit::Remove(p) => (2 * p, 0),
            Edit::Insert(p, _) => (2 * p + 1, 1),
        }
    }
}

/// The candidate for route `r` (of `len` tasks) with at most two edits applied.
pub(crate) fn edit(r: usize, len: usize, edits: &[Edit]) -> Option<Candidate> {
    let mut es = edits.to_vec();
    es.sort_by_key(|e| e.key());
    let mut parts: Vec<Part> = Vec::with_capacity(5);
    // `next`: first original position not yet emitted.
    let mut next = 1usize;
    let mut first = true;
    for e in es {
        let upto = match e {
            Edit::Remove(p) => p - 1,
            Edit::Insert(p, _) => p,
        };
        if first {
            parts.push(Part::Prefix(upto));
            first = false;
        } else if upto >= next {
            parts.push(Part::Range {
                route: r,
                from: next,
                to: upto,
            });
        }
        next = next.max(upto + 1);
        match e {
            Edit::Remove(p) => next = next.max(p + 1),
            Edit::Insert(_, t) => parts.push(Part::Job(t)),
        }
    }
    if first {
        parts.push(Part::Prefix(len));
    } else if next <= len + 1 {
        parts.push(Part::Suffix {
            route: r,
            from: next,
        });
    }
    (parts.len() <= 5).then(|| Candidate::new(r, &parts))
}

/// A move from per-route edits (routes in first-seen order; at most two edits per route and
/// [`MAX_ROUTES`] routes, else `None`).
pub(crate) fn move_of(ls: &LocalSearch, edits: &[(usize, Edit)]) -> Option<Move> {
    let mut routes: Vec<usize> = Vec::new();
    for &(r, _) in edits {
        if !routes.contains(&r) {
            routes.push(r);
        }
    }
    if routes.len() > MAX_ROUTES {
        return None;
    }
    let mut cands = Vec::with_capacity(routes.len());
    for &r in &routes {
        let es: Vec<Edit> = edits
            .iter()
            .filter(|(q, _)| *q == r)
            .map(|(_, e)| *e)
            .collect();
        cands.push(edit(r, ls.routes[r].len(), &es)?);
    }
    Some(Move::of(&cands))
}

/// Up to `k` cheapest places to insert `t` alone (route, after position), ignoring pairing,
/// among the places next to its granular neighbours and the first empty route of each type;
/// routes in `skip` are left out; `remove` is applied to the same move when given.
fn best_places(
    ls: &LocalSearch,
    t: usize,
    k: usize,
    skip: &[usize],
    remove: Option<(usize, usize)>,
) -> Vec<(i64, usize, usize)> {
    let mut out: Vec<(i64, usize, usize)> = Vec::new();
    let consider = |r: usize, p: usize, out: &mut Vec<(i64, usize, usize)>| {
        if skip.contains(&r)
            || !ls.inst.can_serve(ls.routes[r].vehicle, t)
            || out.iter().any(|x| x.1 == r && x.2 == p)
        {
            return;
        }
        let mut edits = vec![(r, Edit::Insert(p, t))];
        if let Some((rr, pp)) = remove {
            edits.push((rr, Edit::Remove(pp)));
        }
        let Some(m) = move_of(ls, &edits) else { return };
        let d = ls.delta_unpaired(&m);
        out.push((d, r, p));
    };
    for &v in &ls.neighbours[t] {
        let r = ls.route_of[v];
        if r != NONE && ls.route_of[t] != r {
            consider(r, ls.pos_of[v], &mut out);
            consider(r, ls.pos_of[v] - 1, &mut out);
        }
    }
    for range in &ls.inst.type_vehicles {
        if let Some(e) = range.clone().find(|&r| ls.routes[r].is_empty()) {
            consider(e, 0, &mut out);
        }
    }
    if out.iter().all(|x| x.0 >= super::FORBIDDEN) {
        // Few vehicles may take it and none is near its neighbours: look everywhere.
        for r in 0..ls.routes.len() {
            if ls.route_of[t] != r {
                for p in 0..=ls.routes[r].len() {
                    consider(r, p, &mut out);
                }
            }
        }
    }
    out.sort_by_key(|x| x.0);
    out.truncate(k);
    out
}

/// How many places per half are combined.
const TOP: usize = 3;

/// The cheapest way to insert the unassigned task `u` and its companion, with its price.
pub(crate) fn best_pair_insertion(ls: &LocalSearch, u: usize) -> Option<(i64, Move)> {
    let v = companion(ls.inst, u);
    if v == NONE || ls.route_of[v] != NONE {
        return None;
    }
    if ls.inst.mate[u] == v {
        return best_shipment_insertion(ls, u, v, &[]);
    }
    let a = best_places(ls, u, TOP, &[], None);
    let b = best_places(ls, v, TOP, &[], None);
    let mut best: Option<(i64, Move)> = None;
    for &(_, ra, pa) in &a {
        for &(_, rb, pb) in &b {
            if ra == rb {
                continue;
            }
            let Some(m) = move_of(ls, &[(ra, Edit::Insert(pa, u)), (rb, Edit::Insert(pb, v))])
            else {
                continue;
            };
            let d = ls.delta(&m);
            if best.as_ref().is_none_or(|(bd, _)| d < *bd) {
                best = Some((d, m));
            }
        }
    }
    best.filter(|(d, _)| *d < super::FORBIDDEN)
}

/// The cheapest insertion of a shipment (`pick` then `drop`) into one route, the routes of
/// `pick`'s neighbours and the empty routes; `remove` lists positions to take out in the same
/// move (when the shipment moves).
fn best_shipment_insertion(
    ls: &LocalSearch,
    pick: usize,
    drop: usize,
    remove: &[(usize, usize)],
) -> Option<(i64, Move)> {
    let (pick, drop) = if ls.inst.is_pickup[pick] {
        (pick, drop)
    } else {
        (drop, pick)
    };
    let mut routes: Vec<usize> = Vec::new();
    for &w in ls.neighbours[pick].iter().chain(&ls.neighbours[drop]) {
        let r = ls.route_of[w];
        if r != NONE && !routes.contains(&r) {
            routes.push(r);
        }
    }
    for range in &ls.inst.type_vehicles {
        if let Some(e) = range.clone().find(|&r| ls.routes[r].is_empty()) {
            routes.push(e);
        }
    }
    let mut best: Option<(i64, Move)> = None;
    for r in routes {
        let veh = ls.routes[r].vehicle;
        if !ls.inst.can_serve(veh, pick) || !ls.inst.can_serve(veh, drop) {
            continue;
        }
        let own: Vec<(usize, usize)> = remove.iter().copied().filter(|x| x.0 == r).collect();
        if !own.is_empty() {
            // Re-placing a shipment within its own route is left to relocate.
            continue;
        }
        let len = ls.routes[r].len();
        for i in 0..=len {
            for j in i..=len {
                let mut edits = vec![(r, Edit::Insert(i, pick)), (r, Edit::Insert(j, drop))];
                edits.extend(remove.iter().map(|&(q, p)| (q, Edit::Remove(p))));
                let Some(m) = move_of(ls, &edits) else {
                    continue;
                };
                let d = ls.delta(&m);
                if best.as_ref().is_none_or(|(bd, _)| d < *bd) {
                    best = Some((d, m));
                }
            }
        }
    }
    best.filter(|(d, _)| *d < super::FORBIDDEN)
}

/// Improves the places of assigned task `u` and its companion together; applies the first
/// improving move found.
pub(crate) fn improve(ls: &mut LocalSearch, u: usize) -> bool {
    let inst = ls.inst;
    let v = companion(inst, u);
    if v == NONE || ls.route_of[v] == NONE {
        return false;
    }
    let (ru, rv) = (ls.route_of[u], ls.route_of[v]);
    let (pu, pv) = (ls.pos_of[u], ls.pos_of[v]);
    if inst.mate[u] == v {
        if ru != rv {
            return false;
        }
        let rm = if pu < pv {
            vec![(ru, pu), (ru, pv)]
        } else {
            vec![(ru, pv), (ru, pu)]
        };
        if let Some((d, m)) = best_shipment_insertion(ls, u, v, &rm) {
            if d < 0 {
                ls.apply(&m);
                return true;
            }
        }
        return false;
    }
    // Exchange the two halves' routes.
    if let Some(m) = move_of(
        ls,
        &[
            (ru, Edit::Remove(pu)),
            (ru, Edit::Insert(pu, v)),
            (rv, Edit::Remove(pv)),
            (rv, Edit::Insert(pv, u)),
        ],
    ) {
        if ls.inst.can_serve(ls.routes[rv].vehicle, u)
            && ls.inst.can_serve(ls.routes[ru].vehicle, v)
            && ls.improving_delta(&m).is_some()
        {
            ls.apply(&m);
            return true;
        }
    }
    // Both halves elsewhere.
    let a = best_places(ls, u, TOP, &[ru, rv], Some((ru, pu)));
    let b = best_places(ls, v, TOP, &[ru, rv], Some((rv, pv)));
    for &(_, ra, pa) in &a {
        for &(_, rb, pb) in &b {
            if ra == rb {
                continue;
            }
            let Some(m) = move_of(
                ls,
                &[
                    (ru, Edit::Remove(pu)),
                    (rv, Edit::Remove(pv)),
                    (ra, Edit::Insert(pa, u)),
                    (rb, Edit::Insert(pb, v)),
                ],
            ) else {
                continue;
            };
            if ls.improving_delta(&m).is_some() {
                ls.apply(&m);
                return true;
            }
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expand(len: usize, c: &Candidate) -> Vec<String> {
        let mut out = Vec::new();
        for p in c.parts() {
            match p {
                Part::Prefix(e) => out.extend((1..=e).map(|q| q.to_string())),
                Part::Range { from, to, .. } => out.extend((from..=to).map(|q| q.to_string())),
                Part::Job(t) => out.push(format!("t{t}")),
                Part::Suffix { from, .. } => out.extend((from..=len).map(|q| q.to_string())),
                Part::Reversed { .. } => unreachable!(),
            }
        }
        out
    }

    #[test]
    fn edits_build_the_right_sequence() {
        let c = edit(0, 4, &[Edit::Remove(2), Edit::Insert(3, 9)]).unwrap();
        assert_eq!(expand(4, &c), ["1", "3", "t9", "4"]);
        let c = edit(0, 4, &[Edit::Remove(2), Edit::Insert(2, 9)]).unwrap();
        assert_eq!(expand(4, &c), ["1", "t9", "3", "4"]);
        let c = edit(0, 4, &[Edit::Insert(0, 8), Edit::Insert(4, 9)]).unwrap();
        assert_eq!(expand(4, &c), ["t8", "1", "2", "3", "4", "t9"]);
        let c = edit(0, 4, &[Edit::Insert(1, 8), Edit::Insert(1, 9)]).unwrap();
        assert_eq!(expand(4, &c), ["1", "t8", "t9", "2", "3", "4"]);
        let c = edit(0, 4, &[Edit::Remove(1), Edit::Remove(4)]).unwrap();
        assert_eq!(expand(4, &c), ["2", "3"]);
        let c = edit(0, 0, &[Edit::Insert(0, 5)]).unwrap();
        assert_eq!(expand(0, &c), ["t5"]);
    }
}
