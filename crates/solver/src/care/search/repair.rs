//! Last step: if the best plan still breaks a hard rule, leave out the visit (with its
//! double-visit partner) whose removal helps most, until every rule holds; then try to bring
//! each visit left out back at its best place.

use super::super::compiled::{Compiled, NONE};
use super::super::schedule::{Eval, Schedule};
use super::state::State;

const EPS: f64 = 1e-6;

fn group(c: &Compiled, t: u32) -> Vec<u32> {
    let p = c.partner[t as usize];
    if p == NONE {
        vec![t]
    } else {
        vec![t, p]
    }
}

fn remove(st: &mut State, g: &[u32]) {
    for &t in g {
        if st.route_of[t as usize] != NONE {
            st.take(t);
            st.route_of[t as usize] = NONE;
        }
        st.unassigned.push(t);
    }
}

/// Makes `st` feasible; returns the visits it had to leave out.
pub(crate) fn repair(c: &Compiled, st: &mut State, sched: &mut Schedule) -> (Eval, Vec<u32>) {
    let mut dropped = Vec::new();
    let mut ev = sched.evaluate(c, &st.routes, &st.route_of);
    while ev.violation > EPS {
        let mut best: Option<(f64, u32)> = None;
        for t in 0..c.n_visits as u32 {
            if st.route_of[t as usize] == NONE {
                continue;
            }
            let mut trial = st.clone();
            remove(&mut trial, &group(c, t));
            let e = sched.evaluate(c, &trial.routes, &trial.route_of);
            let score = e.violation * 1e12 + e.cost;
            if best.is_none_or(|(s, _)| score < s) {
                best = Some((score, t));
            }
        }
        let Some((_, t)) = best else { break };
        let g = group(c, t);
        remove(st, &g);
        dropped.extend(g);
        ev = sched.evaluate(c, &st.routes, &st.route_of);
    }
    // Bring back what fits.
    let mut k = 0;
    while k < st.unassigned.len() {
        let t = st.unassigned[k];
        if st.route_of[t as usize] != NONE {
            k += 1;
            continue;
        }
        let g = group(c, t);
        if let Some(better) = best_insertion(c, st, sched, &g, ev.cost) {
            *st = better.0;
            ev = better.1;
            dropped.retain(|x| !g.contains(x));
            k = 0;
        } else {
            k += 1;
        }
    }
    (ev, dropped)
}

/// Cheapest feasible way to insert the tasks of `g` one after the other.
fn best_insertion(
    c: &Compiled,
    st: &State,
    sched: &mut Schedule,
    g: &[u32],
    current: f64,
) -> Option<(State, Eval)> {
    let mut trial = st.clone();
    trial.unassigned.retain(|x| !g.contains(x));
    let mut last = None;
    for &t in g {
        let mut best: Option<(f64, usize, usize)> = None;
        for r in 0..c.n_carers {
            if !trial.fits(c, t, r, NONE) {
                continue;
            }
            for i in 0..=trial.routes[r].len() {
                trial.routes[r].insert(i, t);
                trial.route_of[t as usize] = r as u32;
                let e = sched.evaluate(c, &trial.routes, &trial.route_of);
                trial.routes[r].remove(i);
                trial.route_of[t as usize] = NONE;
                // A double visit's first half alone is not feasible yet; judge it on the rest.
                let ok = e.violation <= EPS || (g.len() == 2 && t == g[0]);
                let score = e.violation * 1e12 + e.cost;
                if ok && best.is_none_or(|(s, _, _)| score < s) {
                    best = Some((score, r, i));
                }
            }
        }
        let (_, r, i) = best?;
        trial.routes[r].insert(i, t);
        trial.route_of[t as usize] = r as u32;
        last = Some(sched.evaluate(c, &trial.routes, &trial.route_of));
    }
    let e = last?;
    (e.violation <= EPS && e.cost < current).then_some((trial, e))
}
