//! Shifts: a carer leaves the start place no earlier than the shift opens, should be back
//! at the end place when it closes (overtime after that, capped), and may have a maximum
//! working time (leaving as late as the first visit allows).

use super::super::compiled::{CarerData, Compiled};
use super::super::error::CareError;
use super::super::model::CareProblem;

pub(crate) fn validate(p: &CareProblem) -> Result<(), CareError> {
    for c in &p.carers {
        let item = |what: &str| format!("carer {}{what}", c.id);
        for (place, what) in [
            (c.start_place, " (start place)"),
            (c.end_place, " (end place)"),
        ] {
            if place >= p.travel.size() {
                return Err(CareError::PlaceOutOfRange {
                    item: item(what),
                    place,
                    size: p.travel.size(),
                });
            }
        }
        if !(c.shift.open.is_finite() && c.shift.close.is_finite()) || c.shift.close < c.shift.open
        {
            return Err(CareError::BadWindow {
                item: item(" shift"),
                open: c.shift.open,
                close: c.shift.close,
                problem: "is not a finite window that opens before it closes",
            });
        }
        if !(c.max_overtime.is_finite() && c.max_overtime >= 0.0) {
            return Err(CareError::BadNumber {
                item: item(""),
                field: "max_overtime",
                value: c.max_overtime,
            });
        }
        if let Some(m) = c.max_working_time {
            if !(m.is_finite() && m >= 0.0) {
                return Err(CareError::BadNumber {
                    item: item(""),
                    field: "max_working_time",
                    value: m,
                });
            }
        }
    }
    Ok(())
}

pub(crate) fn compile(p: &CareProblem, c: &mut Compiled) {
    c.carers = p
        .carers
        .iter()
        .map(|k| CarerData {
            start_place: k.start_place as u32,
            end_place: k.end_place as u32,
            shift_open: k.shift.open,
            shift_close: k.shift.close,
            max_overtime: k.max_overtime,
            max_working_time: k.max_working_time.unwrap_or(f64::INFINITY),
            capacity: k.capacity.clone(),
            breaks: Vec::new(),
        })
        .collect();
}

/// What the end of a round costs: `(overtime, violation)` given the time the carer is back
/// and the time the carer left.
#[inline]
pub(crate) fn route_end(carer: &CarerData, back: f64, left: f64) -> (f64, f64) {
    let overtime = (back - carer.shift_close).max(0.0);
    let mut violation = (overtime - carer.max_overtime).max(0.0);
    violation += ((back - left) - carer.max_working_time).max(0.0);
    (overtime, violation)
}
