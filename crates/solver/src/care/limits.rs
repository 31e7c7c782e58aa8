//! The ranges of a care problem's numbers, checked by [`solve_care`](super::solve_care) after
//! the shape rules so that the engine's integer arithmetic (times in thousandths of the
//! caller's unit, costs in millionths) can never overflow or lose its meaning.
//!
//! | numbers | range |
//! |---|---|
//! | times (shifts, break windows, pinned, not-before and announced times) | `±`[`MAX_TIME`] |
//! | visit windows | `±`[`MAX_TIME`], or infinite (open) |
//! | durations, travel times, overtime, working time, link gaps | `0..=`[`MAX_TIME`] (a gap's lower end `±`; its upper end may be infinite) |
//! | travel distances | `0..=`[`MAX_DISTANCE`] |
//! | weights ([`Weights`](super::Weights), lateness weights, continuity weights, working cost) | `0..=`[`MAX_WEIGHT`] |
//! | priorities | `0..=`[`MAX_PRIORITY`], and `priority × Weights::unassigned ≤` [`MAX_PENALTY`] |
//! | capacities, deliveries, pickups, shipped loads | `0..=`[`MAX_LOAD`] |
//! | depot stops of one carer | `0..=`[`MAX_DEPOT_STOPS`] |
//!
//! ```
//! use tournee_solver::care::{CareProblem, Carer, TravelMatrix, Visit, Weights, Window, MAX_TIME};
//! let travel = TravelMatrix::new(2, vec![0.0, 60.0, 60.0, 0.0], vec![0.0, 900.0, 900.0, 0.0]).unwrap();
//! let shift = Window { open: 0.0, close: 3600.0 };
//! let problem = CareProblem {
//!     travel,
//!     carers: vec![Carer::new("nurse", &[], shift, 0)],
//!     visits: vec![Visit::new("insulin", 1, MAX_TIME * 2.0, shift)],
//!     links: vec![],
//!     shipments: vec![],
//!     weights: Weights::home_care(),
//! };
//! let e = tournee_solver::care::solve_care(&problem, &Default::default()).unwrap_err();
//! assert!(e.to_string().contains("visit insulin: duration"));
//! ```

use super::error::CareError;
use super::model::{CareProblem, Lateness, LinkKind};

/// Largest time, duration or travel time, in the caller's unit (10⁸: three years in seconds).
pub const MAX_TIME: f64 = 1e8;
/// Largest travel distance, in the caller's unit (10⁸: 100,000 km in metres).
pub const MAX_DISTANCE: f64 = 1e8;
/// Largest weight, per time or distance unit or per visit.
pub const MAX_WEIGHT: f64 = 1e9;
/// Largest priority of a visit.
pub const MAX_PRIORITY: f64 = 1e3;
/// Largest cost of leaving one visit out, `priority × Weights::unassigned`.
pub const MAX_PENALTY: f64 = 1e10;
/// Largest capacity or load, per dimension.
pub const MAX_LOAD: i64 = 1_000_000_000;
/// Most depot stops of one carer.
pub const MAX_DEPOT_STOPS: usize = 1000;

fn within(item: &str, field: &'static str, value: f64, max: f64) -> Result<(), CareError> {
    // NaN is out of every range.
    if value.is_nan() || value.abs() > max {
        return Err(CareError::OutOfRange {
            item: item.to_string(),
            field,
            value,
            max,
        });
    }
    Ok(())
}

fn loads(item: &str, field: &'static str, values: &[i64]) -> Result<(), CareError> {
    match values.iter().find(|v| **v > MAX_LOAD) {
        Some(&v) => Err(CareError::OutOfRange {
            item: item.to_string(),
            field,
            value: v as f64,
            max: MAX_LOAD as f64,
        }),
        None => Ok(()),
    }
}

/// Checks every number against its range (the shape rules ran before: numbers are finite
/// where they must be, windows in order).
pub(crate) fn check(p: &CareProblem) -> Result<(), CareError> {
    let w = &p.weights;
    for (field, value) in w.fields() {
        within("weights", field, value, MAX_WEIGHT)?;
    }
    let n = p.travel.size();
    for from in 0..n {
        for to in 0..n {
            let item = format!("travel from place {from} to place {to}");
            within(&item, "time", p.travel.time(from, to), MAX_TIME)?;
            within(&item, "distance", p.travel.distance(from, to), MAX_DISTANCE)?;
        }
    }
    for c in &p.carers {
        let item = format!("carer {}", c.id);
        within(&item, "shift start", c.shift.open, MAX_TIME)?;
        within(&item, "shift end", c.shift.close, MAX_TIME)?;
        within(&item, "max_overtime", c.max_overtime, MAX_TIME)?;
        if let Some(m) = c.max_working_time {
            within(&item, "max_working_time", m, MAX_TIME)?;
        }
        within(&item, "working_cost", c.working_cost, MAX_WEIGHT)?;
        loads(&item, "capacity", &c.capacity)?;
        for b in &c.breaks {
            let item = format!("carer {}, break {}", c.id, b.id);
            within(&item, "duration", b.duration, MAX_TIME)?;
            within(&item, "window opening", b.window.open, MAX_TIME)?;
            within(&item, "window closing", b.window.close, MAX_TIME)?;
        }
        if let Some(d) = &c.depots {
            within(
                &format!("carer {} (depots)", c.id),
                "duration",
                d.duration,
                MAX_TIME,
            )?;
            if d.max_stops > MAX_DEPOT_STOPS {
                return Err(CareError::OutOfRange {
                    item: format!("carer {} (depots)", c.id),
                    field: "max_stops",
                    value: d.max_stops as f64,
                    max: MAX_DEPOT_STOPS as f64,
                });
            }
        }
    }
    for v in &p.visits {
        let item = format!("visit {}", v.id);
        within(&item, "duration", v.duration, MAX_TIME)?;
        for win in &v.windows {
            for t in [win.open, win.close] {
                if t.is_finite() {
                    within(&item, "window bound", t, MAX_TIME)?;
                }
            }
        }
        for (field, t) in [
            ("pinned_start", v.pinned_start),
            ("not_before", v.not_before),
        ] {
            if let Some(t) = t {
                within(&item, field, t, MAX_TIME)?;
            }
        }
        if let Some(a) = v.announced {
            within(&item, "announced open", a.open, MAX_TIME)?;
            within(&item, "announced close", a.close, MAX_TIME)?;
        }
        within(&item, "priority", v.priority, MAX_PRIORITY)?;
        within(
            &item,
            "priority × weights.unassigned",
            v.priority * w.unassigned,
            MAX_PENALTY,
        )?;
        within(&item, "continuity_weight", v.continuity_weight, MAX_WEIGHT)?;
        if let Lateness::Soft { weight } = v.lateness {
            within(&item, "lateness weight", weight, MAX_WEIGHT)?;
        }
        loads(&item, "delivery", &v.delivery)?;
        loads(&item, "pickup", &v.pickup)?;
    }
    for (index, l) in p.links.iter().enumerate() {
        if let LinkKind::StartGap { min, max } = l.kind {
            let item = format!("link {index}");
            within(&item, "smallest gap", min, MAX_TIME)?;
            if max.is_finite() {
                within(&item, "largest gap", max, MAX_TIME)?;
            }
        }
    }
    for (index, s) in p.shipments.iter().enumerate() {
        loads(&format!("shipment {index}"), "load", &s.load)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::care::{Carer, TravelMatrix, Visit, Weights, Window};

    fn day() -> CareProblem {
        let shift = Window {
            open: 0.0,
            close: 36_000.0,
        };
        CareProblem {
            travel: TravelMatrix::new(2, vec![0.0, 60.0, 60.0, 0.0], vec![0.0, 900.0, 900.0, 0.0])
                .unwrap(),
            carers: vec![Carer::new("nurse", &[], shift, 0)],
            visits: vec![Visit::new("insulin", 1, 600.0, shift)],
            links: vec![],
            shipments: vec![],
            weights: Weights::home_care(),
        }
    }

    fn field_out_of_range(p: &CareProblem) -> Option<&'static str> {
        match check(p) {
            Err(CareError::OutOfRange { field, .. }) => Some(field),
            _ => None,
        }
    }

    #[test]
    fn each_number_is_accepted_at_its_bound_and_refused_one_past() {
        type Set = fn(&mut CareProblem, f64);
        let cases: [(&str, Set, f64); 8] = [
            ("duration", |p, x| p.visits[0].duration = x, MAX_TIME),
            ("priority", |p, x| p.visits[0].priority = x, MAX_PRIORITY),
            (
                "continuity_weight",
                |p, x| p.visits[0].continuity_weight = x,
                MAX_WEIGHT,
            ),
            ("travel_time", |p, x| p.weights.travel_time = x, MAX_WEIGHT),
            ("shift end", |p, x| p.carers[0].shift.close = x, MAX_TIME),
            (
                "max_overtime",
                |p, x| p.carers[0].max_overtime = x,
                MAX_TIME,
            ),
            (
                "time",
                |p, x| {
                    p.travel = TravelMatrix::new(2, vec![0.0, x, 60.0, 0.0], vec![0.0; 4]).unwrap()
                },
                MAX_TIME,
            ),
            (
                "distance",
                |p, x| {
                    p.travel = TravelMatrix::new(2, vec![0.0; 4], vec![0.0, x, 0.0, 0.0]).unwrap()
                },
                MAX_DISTANCE,
            ),
        ];
        for (field, set, bound) in cases {
            let mut p = day();
            if field == "priority" {
                p.weights.unassigned = MAX_PENALTY / MAX_PRIORITY;
            }
            set(&mut p, bound);
            assert_eq!(check(&p), Ok(()), "{field} at {bound}");
            set(&mut p, bound * (1.0 + 1e-9));
            assert_eq!(field_out_of_range(&p), Some(field), "{field} past {bound}");
        }
    }

    #[test]
    fn loads_stops_and_penalties_are_bounded() {
        let mut p = day();
        p.carers[0].capacity = vec![MAX_LOAD];
        p.visits[0].delivery = vec![MAX_LOAD];
        assert_eq!(check(&p), Ok(()));
        p.visits[0].delivery = vec![MAX_LOAD + 1];
        assert_eq!(field_out_of_range(&p), Some("delivery"));
        let mut p = day();
        p.visits[0].priority = MAX_PRIORITY;
        assert_eq!(
            check(&p),
            Ok(()),
            "the default weight times the largest priority"
        );
        p.weights.unassigned *= 2.0;
        assert_eq!(
            field_out_of_range(&p),
            Some("priority × weights.unassigned")
        );
    }

    #[test]
    fn huge_numbers_are_refused_by_solve_care_naming_the_visit() {
        let mut p = day();
        p.visits[0].duration = 1e300;
        let e = crate::care::solve_care(&p, &Default::default()).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("visit insulin: duration 1e300 is out of range"),
            "{e}"
        );
        // Open windows stay allowed.
        let mut p = day();
        p.visits[0].windows = vec![Window {
            open: f64::NEG_INFINITY,
            close: f64::INFINITY,
        }];
        assert_eq!(check(&p), Ok(()));
    }
}
