//! Cross (2-opt*): two rounds swap their ends, joining a visit to a nearby visit of the other
//! round. Ends holding a break cannot move.

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
    if near.is_empty() {
        return false;
    }
    let b = near[rng.below(near.len())];
    let (ra, rb) = (st.route_of[a as usize], st.route_of[b as usize]);
    if rb == NONE || ra == rb {
        return false;
    }
    let (ra, rb) = (ra as usize, rb as usize);
    let ia = st.position(a) + 1;
    let ib = st.position(b);
    let tail_a = &st.routes[ra][ia..];
    let tail_b = &st.routes[rb][ib..];
    let movable = |tail: &[u32], to: usize, other: &[u32]| {
        tail.iter().all(|&t| {
            let t = t as usize;
            if t >= c.n_visits || !c.allows(t, to) {
                return false;
            }
            let p = c.partner[t];
            // The partner may not stay in, or come into, round `to`.
            p == NONE
                || (st.route_of[p as usize] != to as u32 || other.contains(&p))
                    && !tail.contains(&p)
        })
    };
    if !movable(tail_a, rb, tail_b) || !movable(tail_b, ra, tail_a) {
        return false;
    }
    undo.save(st, ra);
    undo.save(st, rb);
    let ta: Vec<u32> = st.routes[ra].drain(ia..).collect();
    let tb: Vec<u32> = st.routes[rb].drain(ib..).collect();
    st.routes[ra].extend(tb);
    st.routes[rb].extend(ta);
    undo.commit(st);
    true
}
