//! Granular neighbourhoods: for each job, the `k` most promising jobs to be
//! placed next to it, by a proximity that accounts for time windows
//! (Vidal et al. 2013; PyVRP's `compute_neighbours`):
//!
//! `prox(i, j) = cost(i, j) + 0.2 · max(0, e_j − s_i − t_ij − l_i) + 1.0 · max(0, e_i + s_i + t_ij − l_j)`,
//!
//! the minimum wait and the minimum time warp when `j` directly follows `i`,
//! symmetrised by taking `min(prox(i, j), prox(j, i))`.

use crate::instance::{Instance, NO_LOC};

/// Weight of the minimum waiting time in the proximity.
pub const WAIT_WEIGHT: f64 = 0.2;
/// Weight of the minimum time warp in the proximity.
pub const WARP_WEIGHT: f64 = 1.0;

/// For each task in `active`, its `k` nearest other active tasks by proximity.
pub(crate) fn granular_neighbours(inst: &Instance, active: &[usize], k: usize) -> Vec<Vec<usize>> {
    let mut result = vec![Vec::new(); inst.n_tasks()];
    let Some(v) = inst.vehicles.first() else {
        return result;
    };
    let p = v.profile;
    let per_time = v.cost_per_time + v.cost_per_travel_time;
    let (cd, ct) = if v.cost_per_distance == 0 && per_time == 0 {
        (1.0, 1.0)
    } else {
        (v.cost_per_distance as f64, per_time as f64)
    };
    // Waiting and warp are times: priced like driving time when that has a cost.
    let tw = if per_time > 0 { per_time as f64 } else { 1.0 };
    // Window hull of each task (soft closings included: being late costs too).
    let hull = |i: usize| {
        let w = &inst.task_windows[i];
        (
            w.first().map_or(0, |w| w.open),
            w.last().map_or(0, |w| w.close),
        )
    };
    let prox = |i: usize, j: usize| -> f64 {
        let (li, lj) = (inst.task_loc[i], inst.task_loc[j]);
        let ((ei, li_close), (ej, lj_close)) = (hull(i), hull(j));
        let si = inst.task_service[i];
        // A break has no place: only time tells where it fits.
        let (t, d) = if li == NO_LOC || lj == NO_LOC {
            (0, 0)
        } else {
            (inst.dur(p, li, lj), inst.dist(p, li, lj))
        };
        let wait = (ej - si - t - li_close).max(0) as f64;
        let warp = (ei + si + t - lj_close).max(0) as f64;
        cd * d as f64 + ct * t as f64 + tw * (WAIT_WEIGHT * wait + WARP_WEIGHT * warp)
    };
    for &i in active {
        let mut cands: Vec<(f64, usize)> = active
            .iter()
            .filter(|&&j| j != i)
            .map(|&j| (prox(i, j).min(prox(j, i)), j))
            .collect();
        let k = k.min(cands.len());
        if k == 0 {
            continue;
        }
        cands.select_nth_unstable_by(k - 1, |a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        cands.truncate(k);
        cands.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        result[i] = cands.into_iter().map(|(_, j)| j).collect();
    }
    result
}
