//! Breaks: each break is a task owned by its carer, with no place of its own (taken where the
//! carer is, between two visits), a duration and a hard window on its start.

use std::collections::HashSet;

use super::super::compiled::{Compiled, NONE, NO_PLACE};
use super::super::error::CareError;
use super::super::model::CareProblem;

pub(crate) fn validate(p: &CareProblem) -> Result<(), CareError> {
    for c in &p.carers {
        let mut ids = HashSet::new();
        for b in &c.breaks {
            let item = || format!("carer {}, break {}", c.id, b.id);
            if !ids.insert(b.id.as_str()) {
                return Err(CareError::DuplicateId {
                    kind: "break",
                    id: format!("{} (carer {})", b.id, c.id),
                });
            }
            if !(b.duration.is_finite() && b.duration >= 0.0) {
                return Err(CareError::BadNumber {
                    item: item(),
                    field: "duration",
                    value: b.duration,
                });
            }
            if !(b.window.open.is_finite() && b.window.close.is_finite())
                || b.window.close < b.window.open
            {
                return Err(CareError::BadWindow {
                    item: item(),
                    open: b.window.open,
                    close: b.window.close,
                    problem: "is not a finite window that opens before it closes",
                });
            }
            let last_end = c.shift.close + c.max_overtime;
            if b.window.close < c.shift.open || b.window.open + b.duration > last_end {
                return Err(CareError::BadWindow {
                    item: item(),
                    open: b.window.open,
                    close: b.window.close,
                    problem: "cannot be taken within the carer's shift (and allowed overtime)",
                });
            }
        }
    }
    Ok(())
}

pub(crate) fn compile(p: &CareProblem, c: &mut Compiled) {
    for (k, carer) in p.carers.iter().enumerate() {
        for b in &carer.breaks {
            let t = c.place.len() as u32;
            c.place.push(NO_PLACE);
            c.duration.push(b.duration);
            c.windows.push(vec![(b.window.open, b.window.close)]);
            c.hard_close.push(true);
            c.late_weight.push(0.0);
            c.owner.push(k as u32);
            c.partner.push(NONE);
            c.carers[k].breaks.push(t);
        }
    }
}
