//! Relocate: move one visit to another place, in its round or another carer's, next to a
//! nearby visit or at a random position. Breaks move within their own round.

use super::super::compiled::{Compiled, NONE};
use super::state::{State, Undo};
use crate::rng::Rng;

pub(crate) fn apply(c: &Compiled, st: &mut State, rng: &mut Rng, undo: &mut Undo) -> bool {
    let Some(t) = st.random_assigned(rng) else {
        return false;
    };
    let from = st.route_of[t as usize] as usize;
    let (to, at) = if (t as usize) >= c.n_visits {
        let len = st.routes[from].len();
        if len < 2 {
            return false;
        }
        (from, None)
    } else {
        match target(c, st, rng, t) {
            Some(x) => x,
            None => return false,
        }
    };
    undo.save(st, from);
    undo.save(st, to);
    st.take(t);
    insert_at(st, rng, to, at, t);
    undo.commit(st);
    true
}

/// A round for visit `t`, and a visit to go next to (or a random position).
pub(crate) fn target(
    c: &Compiled,
    st: &State,
    rng: &mut Rng,
    t: u32,
) -> Option<(usize, Option<u32>)> {
    let near = &c.neighbours[t as usize];
    if !near.is_empty() && rng.below(4) != 0 {
        for _ in 0..4 {
            let n = near[rng.below(near.len())];
            let r = st.route_of[n as usize];
            if r != NONE && st.fits(c, t, r as usize, NONE) {
                return Some((r as usize, Some(n)));
            }
        }
    }
    for _ in 0..8 {
        let r = rng.below(c.n_carers);
        if st.fits(c, t, r, NONE) {
            return Some((r, None));
        }
    }
    None
}

/// Inserts `t` into round `to`: next to visit `at` (before or after, at random), or at a
/// random position. Does not update `route_of`.
pub(crate) fn insert_at(st: &mut State, rng: &mut Rng, to: usize, at: Option<u32>, t: u32) {
    let len = st.routes[to].len();
    let i = match at {
        Some(n) => st.routes[to].iter().position(|&x| x == n).unwrap_or(len) + rng.below(2),
        None => rng.below(len + 1),
    };
    st.routes[to].insert(i.min(len), t);
}

/// Puts visit `t`, in no round, into a round chosen by [`target`]; `false` when none fits.
pub(crate) fn put(c: &Compiled, st: &mut State, rng: &mut Rng, undo: &mut Undo, t: u32) -> bool {
    let Some((to, at)) = target(c, st, rng, t) else {
        return false;
    };
    undo.save(st, to);
    insert_at(st, rng, to, at, t);
    st.route_of[t as usize] = to as u32;
    true
}
