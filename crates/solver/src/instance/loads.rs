//! Loads: deliveries from the start (or the last reload), pickups to the end (or the next
//! reload), shipments between two jobs, and reload stops at depots (optional tasks owned by
//! their vehicle, free to leave out, used when they save more than they cost).

use super::{Instance, TaskKind};
use crate::eval::{Load, LoadSegment};
use crate::model::{JobKind, Problem, TimeWindow};

pub(crate) fn compile(problem: &Problem, inst: &mut Instance) {
    // Reload stops: for each vehicle, `max_stops` tasks per depot (the search uses at most
    // `max_stops` of them in all).
    for v in 0..inst.vehicles.len() {
        let vt = &problem.vehicle_types[inst.vehicles[v].vtype];
        let Some(r) = &vt.reloads else { continue };
        let (depots, duration, max) = (r.depots.clone(), r.duration, r.max_stops);
        let shift = inst.vehicles[v].shift;
        let window = TimeWindow::new(shift.open, inst.vehicles[v].end_close);
        inst.vehicles[v].max_reloads = max;
        for depot in depots {
            for _ in 0..max {
                let task = inst.push_owned_task(
                    TaskKind::Reload { vehicle: v, depot },
                    v,
                    depot,
                    duration,
                    window,
                );
                inst.vehicles[v].reloads.push(task);
            }
        }
    }
    let n_tasks = inst.n_tasks();
    let mut shipped = vec![Load::default(); n_tasks];
    for s in &problem.shipments {
        let a = Load::from_slice(&s.amount);
        shipped[s.pickup] = shipped[s.pickup].add(&a);
        shipped[s.delivery] = shipped[s.delivery].sub(&a);
    }
    inst.task_load = (0..n_tasks)
        .map(|t| match inst.task_kind[t] {
            TaskKind::Job => {
                let j = &problem.jobs[t];
                LoadSegment::stop(
                    Load::from_slice(&j.demand),
                    Load::from_slice(&j.pickup),
                    shipped[t],
                )
            }
            TaskKind::Break { .. } => LoadSegment::default(),
            TaskKind::Reload { .. } => LoadSegment::reload(),
        })
        .collect();
    let obj = &problem.objective;
    inst.job_penalty = (0..n_tasks)
        .map(|t| match inst.task_kind[t] {
            TaskKind::Job => {
                let j = &problem.jobs[t];
                match j.kind {
                    JobKind::Required => None,
                    JobKind::Optional { penalty } => {
                        Some(penalty.saturating_add(j.priority.saturating_mul(obj.priority_weight)))
                    }
                }
            }
            TaskKind::Break { .. } => None,
            TaskKind::Reload { .. } => Some(0),
        })
        .collect();
}

/// The largest load task `t` puts on board by itself (what must fit in an empty vehicle).
pub(crate) fn own_load(inst: &Instance, t: usize) -> Load {
    inst.task_load[t].peak(inst.dims)
}
