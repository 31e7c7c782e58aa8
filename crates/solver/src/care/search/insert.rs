//! Insert: bring a visit left out (with the other half of a double visit) back into a round.

use super::super::compiled::{Compiled, NONE};
use super::relocate::put;
use super::state::{State, Undo};
use crate::rng::Rng;

pub(crate) fn apply(c: &Compiled, st: &mut State, rng: &mut Rng, undo: &mut Undo) -> bool {
    if st.unassigned.is_empty() {
        return false;
    }
    let a = st.unassigned[rng.below(st.unassigned.len())];
    let p = c.partner[a as usize];
    let group: Vec<u32> = if p == NONE || st.route_of[p as usize] != NONE {
        vec![a]
    } else {
        vec![a, p]
    };
    undo.save_unassigned(st);
    st.unassigned.retain(|x| !group.contains(x));
    for &t in &group {
        if !put(c, st, rng, undo, t) {
            undo.revert(st);
            return false;
        }
    }
    undo.commit(st);
    true
}
