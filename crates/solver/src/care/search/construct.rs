//! A first plan: tasks in order of window opening, each appended to the allowed round that
//! can start it earliest (two different rounds for a double visit).

use super::super::compiled::{Compiled, NONE, NO_PLACE};
use super::super::constraints::windows;
use super::super::schedule::Schedule;
use super::state::State;

pub(crate) fn initial(c: &Compiled) -> State {
    let mut st = State::empty(c);
    for r in 0..c.n_carers {
        st.routes[r].clear();
    }
    let mut time: Vec<f64> = c.carers.iter().map(|k| k.shift_open).collect();
    let mut place: Vec<u32> = c.carers.iter().map(|k| k.start_place).collect();
    let mut order: Vec<usize> = (0..c.n_tasks())
        .filter(|&t| t >= c.n_visits || c.impossible[t].is_none())
        .collect();
    let open = |t: usize| {
        let o = c.windows[t][0].0;
        if o.is_finite() {
            o
        } else {
            c.carers
                .iter()
                .map(|k| k.shift_open)
                .fold(f64::INFINITY, f64::min)
        }
    };
    order.sort_by(|&a, &b| open(a).total_cmp(&open(b)).then(a.cmp(&b)));
    let ready = |t: usize, r: usize, time: &[f64], place: &[u32]| {
        let tt = if c.place[t] == NO_PLACE {
            0.0
        } else {
            c.travel.time(place[r] as usize, c.place[t] as usize)
        };
        windows::start(&c.windows[t], time[r] + tt)
    };
    let mut placed = vec![false; c.n_tasks()];
    for &t in &order {
        if placed[t] {
            continue;
        }
        let p = c.partner[t];
        let score = |r: usize, time: &[f64], place: &[u32]| {
            let (s, late) = ready(t, r, time, place);
            s + 4.0 * late
        };
        let best = (0..c.n_carers)
            .filter(|&r| c.allows(t, r))
            .min_by(|&a, &b| score(a, &time, &place).total_cmp(&score(b, &time, &place)));
        let Some(r) = best else {
            st.unassigned.push(t as u32);
            continue;
        };
        let mut group = vec![(t, r)];
        if p != NONE {
            let p = p as usize;
            let other = (0..c.n_carers)
                .filter(|&k| k != r && c.allows(p, k))
                .min_by(|&a, &b| {
                    ready(p, a, &time, &place)
                        .0
                        .total_cmp(&ready(p, b, &time, &place).0)
                });
            match other {
                Some(k) => group.push((p, k)),
                None => {
                    st.unassigned.push(t as u32);
                    st.unassigned.push(p as u32);
                    placed[t] = true;
                    placed[p] = true;
                    continue;
                }
            }
        }
        let start = group
            .iter()
            .map(|&(x, k)| ready(x, k, &time, &place).0)
            .fold(f64::NEG_INFINITY, f64::max);
        for (x, k) in group {
            placed[x] = true;
            st.routes[k].push(x as u32);
            time[k] = start + c.duration[x];
            if c.place[x] != NO_PLACE {
                place[k] = c.place[x];
            }
        }
    }
    for r in 0..c.n_carers {
        st.touch(r);
    }
    untangle(c, &mut st);
    st
}

/// Leaves out linked visits (last placed first) until no two carers wait for each other in a
/// cycle, so that the search starts from a plan that can be timed.
fn untangle(c: &Compiled, st: &mut State) {
    let mut sched = Schedule::new(c);
    let mut linked: Vec<u32> = (0..c.n_visits as u32)
        .filter(|&t| c.edges.iter().any(|e| e.0 == t || e.1 == t))
        .collect();
    while sched.evaluate(c, &st.routes, &st.route_of).cyclic {
        let Some(t) = linked.pop() else { break };
        let p = c.partner[t as usize];
        for x in [t, p] {
            if x != NONE && st.route_of[x as usize] != NONE {
                st.take(x);
                st.route_of[x as usize] = NONE;
                st.unassigned.push(x);
            }
        }
    }
}
