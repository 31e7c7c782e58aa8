//! PSAD equipment: deliveries are loaded at the carer's start place (the warehouse) and left
//! at the patient; pickups are collected at the patient and brought to the end place. The van's
//! load must stay within its capacity all along the round.

use super::super::compiled::Compiled;
use super::super::error::CareError;
use super::super::model::CareProblem;
use super::super::solution::UnassignedCause;

fn dims(p: &CareProblem) -> usize {
    p.carers
        .iter()
        .map(|c| c.capacity.len())
        .chain(
            p.visits
                .iter()
                .map(|v| v.delivery.len().max(v.pickup.len())),
        )
        .max()
        .unwrap_or(0)
}

pub(crate) fn validate(p: &CareProblem) -> Result<(), CareError> {
    let d = dims(p);
    let check = |item: String, field: &'static str, v: &[i64]| -> Result<(), CareError> {
        if !v.is_empty() && v.len() != d {
            return Err(CareError::LoadDimensions {
                item,
                field,
                found: v.len(),
                expected: d,
            });
        }
        if let Some(x) = v.iter().find(|x| **x < 0) {
            return Err(CareError::BadNumber {
                item,
                field,
                value: *x as f64,
            });
        }
        Ok(())
    };
    for c in &p.carers {
        check(format!("carer {}", c.id), "capacity", &c.capacity)?;
    }
    for v in &p.visits {
        check(format!("visit {}", v.id), "delivery", &v.delivery)?;
        check(format!("visit {}", v.id), "pickup", &v.pickup)?;
    }
    Ok(())
}

pub(crate) fn compile(p: &CareProblem, c: &mut Compiled) {
    let d = dims(p);
    c.dims = d;
    if d == 0 {
        return;
    }
    let pad = |v: &[i64]| -> Vec<i64> {
        if v.is_empty() {
            vec![0; d]
        } else {
            v.to_vec()
        }
    };
    c.delivery = (0..c.n_tasks())
        .map(|t| p.visits.get(t).map_or(vec![0; d], |v| pad(&v.delivery)))
        .collect();
    c.pickup = (0..c.n_tasks())
        .map(|t| p.visits.get(t).map_or(vec![0; d], |v| pad(&v.pickup)))
        .collect();
    for k in &mut c.carers {
        if k.capacity.is_empty() {
            k.capacity = vec![i64::MAX / 4; d];
        }
    }
    let n = c.n_carers;
    for t in 0..c.n_visits {
        let mut any_before = false;
        for k in 0..n {
            if !c.eligible[t * n + k] {
                continue;
            }
            any_before = true;
            let cap = &c.carers[k].capacity;
            if (0..d).any(|i| c.delivery[t][i] > cap[i] || c.pickup[t][i] > cap[i]) {
                c.eligible[t * n + k] = false;
            }
        }
        if any_before && !(0..n).any(|k| c.eligible[t * n + k]) && c.impossible[t].is_none() {
            c.impossible[t] = Some(UnassignedCause::CapacityExceeded);
        }
    }
}

/// Load excess of one round (0 when within capacity everywhere).
pub(crate) fn route_excess(c: &Compiled, carer: usize, route: &[u32]) -> f64 {
    if c.dims == 0 {
        return 0.0;
    }
    let cap = &c.carers[carer].capacity;
    let mut excess = 0.0;
    for (i, &cap) in cap.iter().enumerate().take(c.dims) {
        let mut load: i64 = route.iter().map(|&t| c.delivery[t as usize][i]).sum();
        let mut worst = load;
        for &t in route {
            load += c.pickup[t as usize][i] - c.delivery[t as usize][i];
            worst = worst.max(load);
        }
        excess += (worst - cap).max(0) as f64;
    }
    excess
}
