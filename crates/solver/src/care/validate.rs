//! Checks a care problem before it is translated for the engine; every error names the item.
//! One function per rule: windows, shifts, breaks, who may do what, equipment, links.

use std::collections::{HashMap, HashSet};

use super::error::CareError;
use super::model::{CareProblem, Lateness, LinkKind};

/// Checks the whole problem; the first problem found is returned.
pub(crate) fn validate(p: &CareProblem) -> Result<(), CareError> {
    if p.carers.is_empty() {
        return Err(CareError::NoCarer);
    }
    let w = &p.weights;
    for (field, value) in w.fields() {
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
    windows(p)?;
    shifts(p)?;
    breaks(p)?;
    carers_named(p)?;
    loads(p)?;
    links(p)?;
    shipments(p)?;
    super::limits::check(p)
}

/// Time windows on visit starts: in order, not overlapping; pinned starts finite.
fn windows(p: &CareProblem) -> Result<(), CareError> {
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
        if let Some(t) = v.not_before {
            if !t.is_finite() {
                return Err(CareError::BadNumber {
                    item: item(),
                    field: "not_before",
                    value: t,
                });
            }
        }
        if let Some(a) = v.announced {
            for (field, value) in [("announced open", a.open), ("announced close", a.close)] {
                if !value.is_finite() {
                    return Err(CareError::BadNumber {
                        item: item(),
                        field,
                        value,
                    });
                }
            }
            let last_close = v.windows.last().map_or(f64::INFINITY, |w| w.close);
            if a.close < a.open || a.open > last_close {
                return Err(CareError::BadWindow {
                    item: item(),
                    open: a.open,
                    close: a.close,
                    problem: "(announced times) must open before it closes and before the visit's last window closes",
                });
            }
        }
    }
    Ok(())
}

/// Shifts: finite and in order; overtime and working-time limits finite and ≥ 0; places inside the matrix.
fn shifts(p: &CareProblem) -> Result<(), CareError> {
    for c in &p.carers {
        let item = |what: &str| format!("carer {}{what}", c.id);
        if !(c.working_cost.is_finite() && c.working_cost >= 0.0) {
            return Err(CareError::BadNumber {
                item: item(""),
                field: "working_cost",
                value: c.working_cost,
            });
        }
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

/// Breaks: unique ids per carer, finite durations, windows inside the carer's shift.
fn breaks(p: &CareProblem) -> Result<(), CareError> {
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

/// Carers named by visits (preferred, refused, pinned) exist.
fn carers_named(p: &CareProblem) -> Result<(), CareError> {
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

/// Equipment: one number of dimensions for every load given, no negative load.
fn loads(p: &CareProblem) -> Result<(), CareError> {
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
    for (k, s) in p.shipments.iter().enumerate() {
        check(format!("shipment {k}"), "load", &s.load)?;
        if s.load.is_empty() {
            return Err(CareError::BadShipment {
                index: k,
                problem: "has no load (give one number per capacity dimension)".into(),
            });
        }
    }
    for c in &p.carers {
        let Some(d) = &c.depots else { continue };
        let item = || format!("carer {} (depots)", c.id);
        for &place in &d.places {
            if place >= p.travel.size() {
                return Err(CareError::PlaceOutOfRange {
                    item: item(),
                    place,
                    size: p.travel.size(),
                });
            }
        }
        if !(d.duration.is_finite() && d.duration >= 0.0) {
            return Err(CareError::BadNumber {
                item: item(),
                field: "duration",
                value: d.duration,
            });
        }
    }
    Ok(())
}

/// Shipments: existing, distinct visits; a visit in at most one shipment, not double-staffed.
fn shipments(p: &CareProblem) -> Result<(), CareError> {
    let ids = index(p);
    let mut used: HashMap<usize, String> = HashMap::new();
    for l in p.links.iter().filter(|l| l.distinct_carers) {
        for id in [&l.first, &l.second] {
            if let Some(&v) = ids.get(id.as_str()) {
                used.insert(v, "a double-staffing link".into());
            }
        }
    }
    for (index, s) in p.shipments.iter().enumerate() {
        let bad = |problem: String| CareError::BadShipment { index, problem };
        let a = *ids
            .get(s.pickup.as_str())
            .ok_or_else(|| bad(format!("unknown visit {:?}", s.pickup)))?;
        let b = *ids
            .get(s.delivery.as_str())
            .ok_or_else(|| bad(format!("unknown visit {:?}", s.delivery)))?;
        if a == b {
            return Err(bad(format!(
                "picks up and delivers at the same visit {:?}",
                s.pickup
            )));
        }
        for v in [a, b] {
            if let Some(other) = used.insert(v, format!("shipment {index}")) {
                return Err(bad(format!(
                    "visit {:?} is already in {other}",
                    p.visits[v].id
                )));
            }
        }
    }
    Ok(())
}

/// Links: existing, distinct visits; gaps that are ranges; a visit double-staffed at most once.
fn links(p: &CareProblem) -> Result<(), CareError> {
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

/// Number of load dimensions used anywhere (0: no equipment).
pub(crate) fn dims(p: &CareProblem) -> usize {
    p.carers
        .iter()
        .map(|c| c.capacity.len())
        .chain(
            p.visits
                .iter()
                .map(|v| v.delivery.len().max(v.pickup.len())),
        )
        .chain(p.shipments.iter().map(|s| s.load.len()))
        .max()
        .unwrap_or(0)
}

/// Visit index by id.
pub(crate) fn index(p: &CareProblem) -> HashMap<&str, usize> {
    p.visits
        .iter()
        .enumerate()
        .map(|(i, v)| (v.id.as_str(), i))
        .collect()
}
