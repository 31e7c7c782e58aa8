//! Timing links between visits. A double-staffed visit is two visits served by two different
//! carers, together or not at all, starting at the same instant (simultaneous) or one after the
//! other within a start-to-start gap (sequential). Linked visits of one patient across the day
//! (insulin morning and evening) use the same gap rule without the two-carer condition.
//!
//! Each rule becomes difference constraints `start(b) ≥ start(a) + w` that the schedule
//! evaluator resolves exactly (earliest schedule, cycles detected).

use std::collections::HashMap;

use super::super::compiled::{Compiled, NONE};
use super::super::error::CareError;
use super::super::model::{CareProblem, LinkKind};
use super::super::solution::UnassignedCause;

fn index(p: &CareProblem) -> HashMap<&str, usize> {
    p.visits
        .iter()
        .enumerate()
        .map(|(i, v)| (v.id.as_str(), i))
        .collect()
}

pub(crate) fn validate(p: &CareProblem) -> Result<(), CareError> {
    let ids = index(p);
    let mut paired: HashMap<usize, usize> = HashMap::new();
    for (index, l) in p.links.iter().enumerate() {
        let bad = |problem: String| CareError::BadLink { index, problem };
        let a = *ids
            .get(l.first.as_str())
            .ok_or_else(|| bad(format!("unknown visit {:?}", l.first)))?;
        let b = *ids
            .get(l.second.as_str())
            .ok_or_else(|| bad(format!("unknown visit {:?}", l.second)))?;
        if a == b {
            return Err(bad(format!("links visit {:?} to itself", l.first)));
        }
        if let LinkKind::StartGap { min, max } = l.kind {
            if !min.is_finite() || max.is_nan() || max < min {
                return Err(bad(format!(
                    "gap [{min}, {max}] between {:?} and {:?} is not a range",
                    l.first, l.second
                )));
            }
        }
        if l.distinct_carers {
            for v in [a, b] {
                if let Some(other) = paired.insert(v, index) {
                    return Err(bad(format!(
                        "visit {:?} is already double-staffed by link {other}",
                        p.visits[v].id
                    )));
                }
            }
        }
    }
    Ok(())
}

pub(crate) fn compile(p: &CareProblem, c: &mut Compiled) {
    let ids = index(p);
    for l in &p.links {
        let a = ids[l.first.as_str()] as u32;
        let b = ids[l.second.as_str()] as u32;
        match l.kind {
            LinkKind::Simultaneous => {
                c.edges.push((a, b, 0.0));
                c.edges.push((b, a, 0.0));
            }
            LinkKind::StartGap { min, max } => {
                c.edges.push((a, b, min));
                if max.is_finite() {
                    c.edges.push((b, a, -max));
                }
            }
        }
        if l.distinct_carers {
            c.partner[a as usize] = b;
            c.partner[b as usize] = a;
        }
    }
}

/// A double-staffed visit needs two different allowed carers; when one half cannot be
/// served, neither is.
pub(crate) fn propagate_impossible(c: &mut Compiled) {
    let n = c.n_carers;
    for a in 0..c.n_visits {
        let b = c.partner[a];
        if b == NONE || (b as usize) < a {
            continue;
        }
        let b = b as usize;
        match (c.impossible[a].is_some(), c.impossible[b].is_some()) {
            (true, false) => {
                c.impossible[b] = Some(UnassignedCause::PartnerCannotBeServed {
                    visit: c.visit_ids[a].clone(),
                })
            }
            (false, true) => {
                c.impossible[a] = Some(UnassignedCause::PartnerCannotBeServed {
                    visit: c.visit_ids[b].clone(),
                })
            }
            (true, true) => {}
            (false, false) => {
                let ka: Vec<usize> = (0..n).filter(|&k| c.allows(a, k)).collect();
                let kb: Vec<usize> = (0..n).filter(|&k| c.allows(b, k)).collect();
                if !ka.iter().any(|x| kb.iter().any(|y| x != y)) {
                    c.impossible[a] = Some(UnassignedCause::NoDoubleStaffing);
                    c.impossible[b] = Some(UnassignedCause::NoDoubleStaffing);
                }
            }
        }
    }
}
