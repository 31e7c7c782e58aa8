//! Continuity of care: a patient should see carers they know. A visit served by a carer
//! outside its `preferred_carers` costs `continuity_weight × Weights::continuity` (soft).

use super::super::compiled::Compiled;
use super::super::model::CareProblem;

pub(crate) fn compile(p: &CareProblem, c: &mut Compiled) {
    let n = c.n_carers;
    c.assign_cost = vec![0.0; c.n_tasks() * n];
    for (t, v) in p.visits.iter().enumerate() {
        if v.preferred_carers.is_empty() {
            continue;
        }
        let cost = v.continuity_weight * p.weights.continuity;
        for (k, carer) in p.carers.iter().enumerate() {
            if !v.preferred_carers.contains(&carer.id) {
                c.assign_cost[t * n + k] = cost;
            }
        }
    }
}

/// Whether carer `k` doing visit `t` breaks continuity of care: the visit names preferred
/// carers and `k` is not one of them, whatever the weights (a zero weight makes it free, not
/// unreported).
pub(crate) fn breaks_continuity(p: &CareProblem, t: usize, k: usize) -> bool {
    let v = &p.visits[t];
    !v.preferred_carers.is_empty() && !v.preferred_carers.contains(&p.carers[k].id)
}
