//! Jobs no vehicle can serve even alone in its route (skills, allowed types, capacity, windows
//! within the shift and maximum duration), and jobs whose partner (double staffing) or mate
//! (shipment) is such a job. They are reported unassigned with the reason, before the search.
//! Also the timing horizon beyond which a start proves a cyclic timing conflict.

use super::eligibility::type_allowed;
use super::loads::own_load;
use super::timing::start_in;
use super::{Instance, NONE};
use crate::model::Problem;
use crate::solution::UnassignedReason;

/// Whether vehicle `v` can serve job `j` alone in its route, in time.
fn in_time(inst: &Instance, v: usize, j: usize) -> bool {
    let veh = &inst.vehicles[v];
    let p = veh.profile;
    let go = inst.dur_to(p, veh.start, j);
    let (start, late, _) = start_in(&inst.task_windows[j], veh.shift.open + go);
    if late > 0 && !inst.task_soft[j] {
        return false;
    }
    let end = start + inst.task_service[j] + inst.dur(p, inst.loc_after(veh.start, j), veh.end);
    end <= veh.end_close && end - (start - go) <= veh.max_duration
}

fn why(
    problem: &Problem,
    inst: &Instance,
    j: usize,
    able: &mut [bool],
) -> Option<UnassignedReason> {
    let mut best = UnassignedReason::NoVehicle;
    for (t, range) in inst.type_vehicles.iter().enumerate() {
        if range.is_empty() {
            continue;
        }
        if !problem.has_skills(t, j) {
            best = best.max(UnassignedReason::MissingSkills);
            continue;
        }
        if !type_allowed(inst, t, j) {
            best = best.max(UnassignedReason::NotAllowed);
            continue;
        }
        let v = range.start;
        let mate = inst.mate[j];
        let load = if mate != NONE && !inst.is_pickup[j] {
            own_load(inst, mate)
        } else {
            own_load(inst, j)
        };
        if !load.fits(&inst.vehicles[v].capacity, inst.dims) {
            best = best.max(UnassignedReason::CapacityExceeded);
            continue;
        }
        let mut any = false;
        for w in range.clone() {
            if in_time(inst, w, j) {
                able[w] = true;
                any = true;
            }
        }
        if !any {
            best = best.max(UnassignedReason::TimeUnreachable);
        }
    }
    if able.iter().any(|&a| a) {
        None
    } else {
        Some(best)
    }
}

pub(crate) fn compile(problem: &Problem, inst: &mut Instance) {
    let nv = inst.vehicles.len();
    let mut reason: Vec<Option<UnassignedReason>> = vec![None; inst.n_jobs];
    let mut able = vec![vec![false; nv]; inst.n_jobs];
    for j in 0..inst.n_jobs {
        reason[j] = why(problem, inst, j, &mut able[j]);
    }
    for a in 0..inst.n_jobs {
        let b = super::links::companion(inst, a);
        if b == NONE || b < a {
            continue;
        }
        match (reason[a].is_some(), reason[b].is_some()) {
            (true, false) => reason[b] = Some(UnassignedReason::PartnerUnservable),
            (false, true) => reason[a] = Some(UnassignedReason::PartnerUnservable),
            (true, true) => {}
            (false, false) => {
                let ok = if inst.partner[a] == b {
                    // Two different vehicles, one for each half.
                    (0..nv).any(|x| able[a][x] && (0..nv).any(|y| y != x && able[b][y]))
                } else {
                    // One vehicle for both ends of the shipment.
                    (0..nv).any(|x| able[a][x] && able[b][x])
                };
                if !ok {
                    let r = if inst.partner[a] == b {
                        UnassignedReason::NoDistinctVehicles
                    } else {
                        UnassignedReason::TimeUnreachable
                    };
                    reason[a] = Some(r);
                    reason[b] = Some(r);
                }
            }
        }
    }
    inst.unservable = reason
        .into_iter()
        .enumerate()
        .filter_map(|(j, r)| r.map(|r| (j, r)))
        .collect();
    inst.horizon = horizon(inst);
}

fn horizon(inst: &Instance) -> i64 {
    let mut max_travel = 0i64;
    for p in 0..inst.durations.len() {
        for &d in &inst.durations[p] {
            max_travel = max_travel.max(d);
        }
    }
    let mut h = inst
        .vehicles
        .iter()
        .map(|v| v.shift.open)
        .fold(0i64, i64::max);
    for w in inst.task_windows.iter().flatten() {
        h = h.max(w.open);
    }
    let mut sum = 0i64;
    for t in 0..inst.n_tasks() {
        sum = sum.saturating_add(inst.task_service[t].saturating_add(max_travel));
    }
    for edges in &inst.out_edges {
        for &(_, w) in edges {
            sum = sum.saturating_add(w.max(0));
        }
    }
    super::clamp(h.saturating_add(sum).saturating_add(max_travel + 1))
}
