//! Who may serve what: a vehicle type must have every skill a job requires and be among the
//! job's allowed types (refused and pinned carers); breaks and reload stops belong to their
//! vehicle. Preferred types (continuity of care) are a cost, not a rule.

use super::{Instance, TaskKind};
use crate::model::Problem;

pub(crate) fn compile(problem: &Problem, inst: &mut Instance) {
    let n_tasks = inst.n_tasks();
    let n_types = problem.vehicle_types.len();
    inst.compat = vec![false; n_types * n_tasks];
    for t in 0..n_types {
        for (j, job) in problem.jobs.iter().enumerate() {
            let allowed = job
                .allowed_vehicle_types
                .as_ref()
                .is_none_or(|a| a.contains(&t));
            inst.compat[t * n_tasks + j] = allowed && problem.has_skills(t, j);
        }
    }
    inst.all_compatible = n_tasks == inst.n_jobs
        && (0..n_types).all(|t| (0..inst.n_jobs).all(|j| inst.compat[t * n_tasks + j]));
    inst.pref_types = vec![Vec::new(); n_tasks];
    inst.pref_cost = vec![0; n_tasks];
    inst.has_pref = vec![false; n_tasks];
    for (j, job) in problem.jobs.iter().enumerate() {
        if !job.preferred_vehicle_types.is_empty() && job.unpreferred_cost > 0 {
            inst.pref_types[j] = job.preferred_vehicle_types.clone();
            inst.pref_cost[j] = job.unpreferred_cost;
            inst.has_pref[j] = true;
        }
    }
    debug_assert!(inst.task_kind[inst.n_jobs..]
        .iter()
        .all(|k| !matches!(k, TaskKind::Job)));
}

/// Whether vehicle type `t` has the skills and is allowed for job `j`.
pub(crate) fn type_allowed(inst: &Instance, t: usize, j: usize) -> bool {
    inst.compat[t * inst.n_tasks() + j]
}
