//! Reverse: turn a stretch of one round around (intra-round 2-opt).

use super::state::{State, Undo};
use crate::rng::Rng;

pub(crate) fn apply(st: &mut State, rng: &mut Rng, undo: &mut Undo) -> bool {
    let r = rng.below(st.routes.len());
    let len = st.routes[r].len();
    if len < 3 {
        return false;
    }
    let i = rng.below(len - 1);
    let j = (i + 2 + rng.below(5)).min(len);
    undo.save(st, r);
    st.routes[r][i..j].reverse();
    undo.commit(st);
    true
}
