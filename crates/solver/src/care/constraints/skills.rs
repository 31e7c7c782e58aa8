//! Who may do what: a carer must hold every skill a visit requires, must not be among the
//! visit's refused carers, and must be the pinned carer when there is one. Breaks belong to
//! their carer.

use std::collections::HashSet;

use super::super::compiled::{Compiled, NONE};
use super::super::error::CareError;
use super::super::model::CareProblem;
use super::super::solution::UnassignedCause;

pub(crate) fn validate(p: &CareProblem) -> Result<(), CareError> {
    let carers: HashSet<&str> = p.carers.iter().map(|c| c.id.as_str()).collect();
    for v in &p.visits {
        let unknown = |field: &'static str, id: &str| CareError::UnknownCarer {
            visit: v.id.clone(),
            field,
            carer: id.to_string(),
        };
        for id in &v.preferred_carers {
            if !carers.contains(id.as_str()) {
                return Err(unknown("preferred_carers", id));
            }
        }
        for id in &v.refused_carers {
            if !carers.contains(id.as_str()) {
                return Err(unknown("refused_carers", id));
            }
        }
        if let Some(id) = &v.pinned_carer {
            if !carers.contains(id.as_str()) {
                return Err(unknown("pinned_carer", id));
            }
        }
    }
    Ok(())
}

pub(crate) fn compile(p: &CareProblem, c: &mut Compiled) {
    let n = c.n_carers;
    c.eligible = vec![false; c.n_tasks() * n];
    let skills: Vec<HashSet<&str>> = p
        .carers
        .iter()
        .map(|k| k.skills.iter().map(|s| s.as_str()).collect())
        .collect();
    for (t, v) in p.visits.iter().enumerate() {
        let mut skilled = 0;
        for (k, carer) in p.carers.iter().enumerate() {
            if !v.skills.iter().all(|s| skills[k].contains(s.as_str())) {
                continue;
            }
            skilled += 1;
            let refused = v.refused_carers.contains(&carer.id);
            let pinned_elsewhere = v.pinned_carer.as_ref().is_some_and(|id| *id != carer.id);
            c.eligible[t * n + k] = !refused && !pinned_elsewhere;
        }
        if skilled == 0 {
            let missing: Vec<String> = v
                .skills
                .iter()
                .filter(|s| !skills.iter().any(|set| set.contains(s.as_str())))
                .cloned()
                .collect();
            c.impossible[t] = Some(if missing.is_empty() {
                UnassignedCause::NoCarerWithSkills {
                    skills: v.skills.clone(),
                }
            } else {
                UnassignedCause::UnknownSkill { skills: missing }
            });
        } else if !(0..n).any(|k| c.eligible[t * n + k]) {
            c.impossible[t] = Some(match &v.pinned_carer {
                Some(id) => UnassignedCause::PinnedCarerCannot { carer: id.clone() },
                None => UnassignedCause::AllCarersRefused,
            });
        }
    }
    for t in c.n_visits..c.n_tasks() {
        let owner = c.owner[t];
        debug_assert_ne!(owner, NONE);
        c.eligible[t * n + owner as usize] = true;
    }
}
