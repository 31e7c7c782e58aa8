//! Insert: bring a visit left out (with the other half of a double visit) back into a round.

use super::super::compiled::{Compiled, NONE};
use super::relocate::target;
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
        let Some((to, at)) = target(c, st, rng, t) else {
            undo.revert(st);
            return false;
        };
        undo.save(st, to);
        let len = st.routes[to].len();
        let i = match at {
            Some(n) => st.routes[to].iter().position(|&x| x == n).unwrap_or(len) + rng.below(2),
            None => rng.below(len + 1),
        };
        st.routes[to].insert(i.min(len), t);
        st.route_of[t as usize] = to as u32;
    }
    undo.commit(st);
    true
}
