//! A first plan in one pass, without search: jobs in order of window opening, each appended to
//! the route that can start it earliest (lateness counting four times), the two halves of a
//! double-staffed job to two different routes at a common start, a shipment's two ends one
//! after the other; each vehicle's breaks then go where their window falls. Used where a
//! search starts from one plan (the annealing), so that a large day starts in milliseconds.

use crate::instance::links::companion;
use crate::instance::timing::start_in;
use crate::instance::{Instance, NONE};

/// Routes as (vehicle, tasks), one per vehicle (possibly empty), for the jobs in `active`.
pub(crate) fn greedy(inst: &Instance, active: &[usize]) -> Vec<(usize, Vec<usize>)> {
    let nv = inst.vehicles.len();
    let mut routes: Vec<Vec<usize>> = vec![Vec::new(); nv];
    let mut time: Vec<i64> = inst.vehicles.iter().map(|v| v.shift.open).collect();
    let mut place: Vec<usize> = inst.vehicles.iter().map(|v| v.start).collect();
    let earliest_shift = time.iter().copied().min().unwrap_or(0);
    let open = |t: usize| {
        inst.task_windows[t]
            .first()
            .map_or(earliest_shift, |w| w.open.max(earliest_shift))
    };
    let mut order: Vec<usize> = active.iter().copied().filter(|&t| inst.is_job(t)).collect();
    order.sort_by_key(|&t| (open(t), t));
    let ready = |t: usize, v: usize, time: &[i64], place: &[usize]| -> (i64, i64) {
        let p = inst.vehicles[v].profile;
        let (s, late, _) = start_in(&inst.task_windows[t], time[v] + inst.dur_to(p, place[v], t));
        (s, late)
    };
    let mut placed = vec![false; inst.n_tasks()];
    for &t in &order {
        if placed[t] {
            continue;
        }
        let score = |v: usize, time: &[i64], place: &[usize]| {
            let (s, late) = ready(t, v, time, place);
            s + 4 * late
        };
        let Some(v) = (0..nv)
            .filter(|&v| inst.can_serve(v, t))
            .min_by_key(|&v| score(v, &time, &place))
        else {
            continue;
        };
        let c = companion(inst, t);
        let mut group = vec![(t, v)];
        if c != NONE && active.contains(&c) {
            if inst.mate[t] == c {
                // A shipment: both ends on the same route, pickup first.
                if !inst.can_serve(v, c) {
                    continue;
                }
                let (a, b) = if inst.is_pickup[t] { (t, c) } else { (c, t) };
                group = vec![(a, v), (b, v)];
            } else {
                let other = (0..nv)
                    .filter(|&k| k != v && inst.can_serve(k, c))
                    .min_by_key(|&k| ready(c, k, &time, &place).0);
                match other {
                    Some(k) => group.push((c, k)),
                    None => {
                        placed[t] = true;
                        placed[c] = true;
                        continue;
                    }
                }
            }
        }
        let together = inst.partner[t] == c && c != NONE;
        let start = if together {
            group
                .iter()
                .map(|&(x, k)| ready(x, k, &time, &place).0)
                .max()
                .unwrap_or(0)
        } else {
            i64::MIN
        };
        for (x, k) in group {
            placed[x] = true;
            let s = if together {
                start
            } else {
                ready(x, k, &time, &place).0
            };
            routes[k].push(x);
            time[k] = s + inst.task_service[x];
            place[k] = inst.loc_after(place[k], x);
        }
    }
    // Breaks where their window falls among the starts the pass gave.
    for (v, route) in routes.iter_mut().enumerate() {
        for &b in &inst.vehicles[v].breaks {
            let open = inst.task_windows[b].first().map_or(0, |w| w.open);
            let mut clock = inst.vehicles[v].shift.open;
            let mut at_place = inst.vehicles[v].start;
            let p = inst.vehicles[v].profile;
            let mut pos = route.len();
            for (i, &x) in route.iter().enumerate() {
                let (s, _, _) =
                    start_in(&inst.task_windows[x], clock + inst.dur_to(p, at_place, x));
                if s >= open {
                    pos = i;
                    break;
                }
                clock = s + inst.task_service[x];
                at_place = inst.loc_after(at_place, x);
            }
            route.insert(pos, b);
        }
    }
    routes.into_iter().enumerate().collect()
}
