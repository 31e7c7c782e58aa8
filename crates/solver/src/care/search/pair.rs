//! Pair: move both visits of a double-staffed patient at once, to two rounds (possibly the
//! same carers in other positions), so that their synchronisation can shift together.

use super::super::compiled::{Compiled, NONE};
use super::relocate::put;
use super::state::{State, Undo};
use crate::rng::Rng;

pub(crate) fn apply(c: &Compiled, st: &mut State, rng: &mut Rng, undo: &mut Undo) -> bool {
    let Some(a) = st.random_assigned(rng) else {
        return false;
    };
    if a as usize >= c.n_visits || c.partner[a as usize] == NONE {
        return false;
    }
    let b = c.partner[a as usize];
    let (fa, fb) = (
        st.route_of[a as usize] as usize,
        st.route_of[b as usize] as usize,
    );
    // Take both out, then place them one after the other.
    undo.save(st, fa);
    undo.save(st, fb);
    st.take(a);
    st.take(b);
    st.route_of[a as usize] = NONE;
    st.route_of[b as usize] = NONE;
    for t in [a, b] {
        if !put(c, st, rng, undo, t) {
            undo.revert(st);
            return false;
        }
    }
    undo.commit(st);
    true
}
