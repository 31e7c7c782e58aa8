//! Swap: two visits trade places (in one round or across two carers' rounds).

use super::super::compiled::{Compiled, NONE};
use super::state::{State, Undo};
use crate::rng::Rng;

pub(crate) fn apply(c: &Compiled, st: &mut State, rng: &mut Rng, undo: &mut Undo) -> bool {
    let Some(a) = st.random_assigned(rng) else {
        return false;
    };
    if a as usize >= c.n_visits {
        return false;
    }
    let near = &c.neighbours[a as usize];
    let b = if !near.is_empty() && rng.below(4) != 0 {
        near[rng.below(near.len())]
    } else {
        rng.below(c.n_visits) as u32
    };
    let (ra, rb) = (st.route_of[a as usize], st.route_of[b as usize]);
    if a == b || rb == NONE {
        return false;
    }
    let (ra, rb) = (ra as usize, rb as usize);
    if ra != rb && !(st.fits(c, a, rb, b) && st.fits(c, b, ra, a)) {
        return false;
    }
    undo.save(st, ra);
    undo.save(st, rb);
    let ia = st.routes[ra]
        .iter()
        .position(|&x| x == a)
        .expect("in round");
    let ib = st.routes[rb]
        .iter()
        .position(|&x| x == b)
        .expect("in round");
    st.routes[ra][ia] = b;
    st.routes[rb][ib] = a;
    undo.commit(st);
    true
}
