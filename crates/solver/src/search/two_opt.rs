//! Intra-route 2-opt: reverse the jobs between `u` (exclusive) and position
//! `pv` (inclusive) of the same route. Priced in time linear in the reversed
//! length (matrices may be asymmetric, so no reversed cache is kept).

use super::{Candidate, LocalSearch, Move, Part};

/// Longest reversed string tried (keeps the operator cheap on long routes).
const MAX_REVERSAL: usize = 30;

/// The 2-opt move, if `u` and position `pv` are in the same route with `u` before `pv`.
pub(crate) fn evaluate(ls: &LocalSearch, u: usize, rv: usize, pv: usize) -> Option<Move> {
    let ru = ls.route_of[u];
    let pu = ls.pos_of[u];
    if ru != rv || pv < pu + 2 || pv - pu > MAX_REVERSAL {
        return None;
    }
    let c = Candidate::new(
        ru,
        &[
            Part::Prefix(pu),
            Part::Reversed {
                route: ru,
                from: pu + 1,
                to: pv,
            },
            Part::Suffix {
                route: ru,
                from: pv + 1,
            },
        ],
    );
    Some(Move::one(c))
}
