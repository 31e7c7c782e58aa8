//! Rules that couple two jobs. A timing link becomes difference constraints between service
//! starts, `start(b) ≥ start(a) + w`, resolved exactly by the coupled timing
//! (`eval::coupled`); a double-staffed link also pairs the two jobs (different vehicles,
//! both or none); a shipment pairs its pickup and delivery (same vehicle, pickup first, both
//! or none).

use super::{Instance, NONE};
use crate::model::{LinkKind, Problem};

pub(crate) fn compile(problem: &Problem, inst: &mut Instance) {
    let n = inst.n_tasks();
    inst.partner = vec![NONE; n];
    inst.mate = vec![NONE; n];
    inst.is_pickup = vec![false; n];
    inst.out_edges = vec![Vec::new(); n];
    inst.in_edges = vec![Vec::new(); n];
    inst.linked = vec![false; n];
    let edge = |inst: &mut Instance, a: usize, b: usize, w: i64| {
        inst.out_edges[a].push((b, w));
        inst.in_edges[b].push((a, w));
        inst.linked[a] = true;
        inst.linked[b] = true;
    };
    for l in &problem.links {
        let (a, b) = (l.first, l.second);
        match l.kind {
            LinkKind::Simultaneous => {
                edge(inst, a, b, 0);
                edge(inst, b, a, 0);
            }
            LinkKind::StartGap { min, max } => {
                edge(inst, a, b, min);
                if let Some(max) = max {
                    edge(inst, b, a, -max);
                }
            }
        }
        if l.distinct_vehicles {
            inst.partner[a] = b;
            inst.partner[b] = a;
        }
    }
    inst.has_links = inst.linked.iter().any(|&x| x);
    inst.n_edges = inst.out_edges.iter().map(Vec::len).sum();
    inst.multi_window_links = (0..n).any(|t| inst.linked[t] && inst.task_windows[t].len() > 1);
    for s in &problem.shipments {
        inst.mate[s.pickup] = s.delivery;
        inst.mate[s.delivery] = s.pickup;
        inst.is_pickup[s.pickup] = true;
    }
    inst.has_pairs = (0..n).any(|t| inst.partner[t] != NONE || inst.mate[t] != NONE);
}

/// The task that must be served with `t` (its double-staffing partner or shipment mate).
#[inline]
pub(crate) fn companion(inst: &Instance, t: usize) -> usize {
    let p = inst.partner[t];
    if p != NONE {
        p
    } else {
        inst.mate[t]
    }
}
