//! The care rules, one module each. A module validates its part of the input, fills its
//! arrays in `Compiled` and, where the rule is about time or
//! loads, provides the function the schedule evaluator calls. The search never looks at
//! a rule directly: adding one means a new module here and a line in `compile_all`.
//!
//! | module | rule |
//! |---|---|
//! | `windows` | time windows on visits (hard opening, hard or soft closing), pinned start times |
//! | `breaks` | carers' breaks, taken wherever the carer is |
//! | `shift` | shifts, overtime, maximum working time, start and end places |
//! | `skills` | required skills, refused carers, pinned carers |
//! | `capacity` | PSAD equipment delivered from / collected to the van, within capacity |
//! | `continuity` | continuity of care (preferred carers, soft) |
//! | `sync` | double-staffed visits (simultaneous or sequential) and linked visits |
//! | `reach` | visits no allowed carer can reach in time (reported before the search) |

pub(crate) mod breaks;
pub(crate) mod capacity;
pub(crate) mod continuity;
pub(crate) mod reach;
pub(crate) mod shift;
pub(crate) mod skills;
pub(crate) mod sync;
pub(crate) mod windows;

use std::collections::HashSet;

use super::compiled::Compiled;
use super::error::CareError;
use super::model::CareProblem;

/// Checks the input; every error names the item.
pub(crate) fn validate(p: &CareProblem) -> Result<(), CareError> {
    if p.carers.is_empty() {
        return Err(CareError::NoCarer);
    }
    let w = &p.weights;
    for (field, value) in [
        ("unassigned", w.unassigned),
        ("travel_time", w.travel_time),
        ("distance", w.distance),
        ("total_lateness", w.total_lateness),
        ("max_lateness", w.max_lateness),
        ("continuity", w.continuity),
        ("overtime", w.overtime),
    ] {
        if !(value.is_finite() && value >= 0.0) {
            return Err(CareError::BadWeight { field, value });
        }
    }
    let mut ids = HashSet::new();
    for c in &p.carers {
        if !ids.insert(c.id.as_str()) {
            return Err(CareError::DuplicateId {
                kind: "carer",
                id: c.id.clone(),
            });
        }
    }
    let mut ids = HashSet::new();
    for v in &p.visits {
        if !ids.insert(v.id.as_str()) {
            return Err(CareError::DuplicateId {
                kind: "visit",
                id: v.id.clone(),
            });
        }
        let item = || format!("visit {}", v.id);
        if v.place >= p.travel.size() {
            return Err(CareError::PlaceOutOfRange {
                item: item(),
                place: v.place,
                size: p.travel.size(),
            });
        }
        for (field, value) in [
            ("duration", v.duration),
            ("priority", v.priority),
            ("continuity_weight", v.continuity_weight),
        ] {
            if !(value.is_finite() && value >= 0.0) {
                return Err(CareError::BadNumber {
                    item: item(),
                    field,
                    value,
                });
            }
        }
    }
    windows::validate(p)?;
    shift::validate(p)?;
    breaks::validate(p)?;
    skills::validate(p)?;
    capacity::validate(p)?;
    sync::validate(p)?;
    Ok(())
}

/// Fills every rule's arrays, in dependency order.
pub(crate) fn compile_all(p: &CareProblem, c: &mut Compiled) {
    windows::compile(p, c);
    shift::compile(p, c);
    breaks::compile(p, c);
    skills::compile(p, c);
    capacity::compile(p, c);
    continuity::compile(p, c);
    sync::compile(p, c);
    reach::compile(c);
    sync::propagate_impossible(c);
}
