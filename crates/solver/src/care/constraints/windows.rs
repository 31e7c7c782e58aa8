//! Time windows on visit starts: the opening is hard (the carer waits), the closing hard or
//! soft (lateness costs). A pinned start time is a hard window of one instant.

use super::super::compiled::Compiled;
use super::super::error::CareError;
use super::super::model::{CareProblem, Lateness};

pub(crate) fn validate(p: &CareProblem) -> Result<(), CareError> {
    for v in &p.visits {
        let item = || format!("visit {}", v.id);
        let mut previous_close = f64::NEG_INFINITY;
        for w in &v.windows {
            if w.open.is_nan() || w.close.is_nan() {
                return Err(CareError::BadWindow {
                    item: item(),
                    open: w.open,
                    close: w.close,
                    problem: "is not a number",
                });
            }
            if w.close < w.open {
                return Err(CareError::BadWindow {
                    item: item(),
                    open: w.open,
                    close: w.close,
                    problem: "closes before it opens",
                });
            }
            if w.open < previous_close {
                return Err(CareError::BadWindow {
                    item: item(),
                    open: w.open,
                    close: w.close,
                    problem: "overlaps or precedes the previous window (give them in order)",
                });
            }
            previous_close = w.close;
        }
        if let Lateness::Soft { weight } = v.lateness {
            if !(weight.is_finite() && weight >= 0.0) {
                return Err(CareError::BadNumber {
                    item: item(),
                    field: "lateness weight",
                    value: weight,
                });
            }
        }
        if let Some(t) = v.pinned_start {
            if !t.is_finite() {
                return Err(CareError::BadNumber {
                    item: item(),
                    field: "pinned_start",
                    value: t,
                });
            }
        }
    }
    Ok(())
}

pub(crate) fn compile(p: &CareProblem, c: &mut Compiled) {
    for v in &p.visits {
        let (windows, hard, weight) = match v.pinned_start {
            Some(t) => (vec![(t, t)], true, 0.0),
            None => {
                let w: Vec<(f64, f64)> = if v.windows.is_empty() {
                    vec![(f64::NEG_INFINITY, f64::INFINITY)]
                } else {
                    v.windows.iter().map(|w| (w.open, w.close)).collect()
                };
                match v.lateness {
                    Lateness::Hard => (w, true, 0.0),
                    Lateness::Soft { weight } => (w, false, weight),
                }
            }
        };
        c.windows.push(windows);
        c.hard_close.push(hard);
        c.late_weight.push(weight);
    }
}

/// Start of a task that could start at `earliest`, and how late that start is: the first
/// window still open at `earliest` (waiting for it to open), or `earliest` itself, late
/// against the last window, when all have closed. Non-decreasing in `earliest`, which the
/// schedule's fixed point relies on.
#[inline]
pub(crate) fn start(windows: &[(f64, f64)], earliest: f64) -> (f64, f64) {
    for &(open, close) in windows {
        if earliest <= close {
            return (earliest.max(open), 0.0);
        }
    }
    let close = windows.last().map_or(f64::INFINITY, |w| w.1);
    (earliest, earliest - close)
}
