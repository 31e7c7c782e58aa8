//! 2-opt* (swap tails): route of `u` continues after `u` with what follows
//! position `pv` in route `rv`, and vice versa. Inter-route only.

use super::{Candidate, LocalSearch, Move, Part};

/// The 2-opt* move, if it changes something and skills allow it.
pub(crate) fn evaluate(ls: &LocalSearch, u: usize, rv: usize, pv: usize) -> Option<Move> {
    let ru = ls.route_of[u];
    let pu = ls.pos_of[u];
    if ru == rv {
        return None;
    }
    let (a_route, b_route) = (&ls.routes[ru], &ls.routes[rv]);
    if pu == a_route.len() && pv == b_route.len() {
        return None;
    }
    if !ls.inst.all_compatible {
        let ok_a = b_route.jobs[pv..]
            .iter()
            .all(|&j| ls.inst.can_serve(a_route.vehicle, j));
        let ok_b = a_route.jobs[pu..]
            .iter()
            .all(|&j| ls.inst.can_serve(b_route.vehicle, j));
        if !ok_a || !ok_b {
            return None;
        }
    }
    let a = Candidate::new(
        ru,
        &[
            Part::Prefix(pu),
            Part::Suffix {
                route: rv,
                from: pv + 1,
            },
        ],
    );
    let b = Candidate::new(
        rv,
        &[
            Part::Prefix(pv),
            Part::Suffix {
                route: ru,
                from: pu + 1,
            },
        ],
    );
    Some(Move::two(a, b))
}
