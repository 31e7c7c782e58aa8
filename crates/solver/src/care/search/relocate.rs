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
    let len = st.routes[to].len();
    let i = match at {
        Some(n) => {
            let p = st.routes[to].iter().position(|&x| x == n).unwrap_or(len);
            if rng.below(2) == 0 {
                p
            } else {
                p + 1
            }
        }
        None => rng.below(len + 1),
    };
    st.routes[to].insert(i.min(len), t);
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
