//! The ranges the numbers of a [`Problem`] must lie in, so that no arithmetic of the search can
//! overflow or lose its meaning.
//!
//! Two kinds of bound, both checked by [`Problem::validate`]:
//!
//! 1. **Each number alone**: every time, duration, distance, matrix value and quantity lies
//!    within `±`[`MAX_MAGNITUDE`] (2⁴⁰ ≈ 1.1 × 10¹²: 35,000 years in seconds, a billion
//!    kilometres in millimetres), except the bounds of windows (jobs' time windows, shifts,
//!    break windows) and the limits of a vehicle (maximum duration, maximum overtime), which
//!    may reach `±`[`MAX_WINDOW_BOUND`] (2⁵⁰, "open"); every cost, rate, penalty and weight lies within
//!    `0..=`[`MAX_COST`] (2⁵⁶); the vehicles of all types together number at most
//!    [`MAX_VEHICLES`] and a vehicle stops at most [`MAX_RELOAD_STOPS`] times at a depot.
//! 2. **The worst case together**: the longest route the problem allows — from the earliest
//!    shift start or deadline (a shift's end, a soft window's close, an announced time) to the
//!    latest time a start can be pushed to by waiting (a window's or a break's opening, a
//!    not-before time), plus every service, break, depot stop and link gap and one longest leg
//!    per stop — must stay within [`MAX_HORIZON`] (a closing time far in the future, as of an
//!    open shift, only limits a route and does not count); and the dearest objective it allows
//!    (every vehicle out for that long on its dearest rates, every optional job left out, every
//!    lateness and announced-time cost at its worst) within [`MAX_OBJECTIVE`] (2⁶¹). The search
//!    adds and compares costs of that size; a problem beyond is refused with
//!    [`ProblemError::TooLarge`] rather than solved
//!    with costs that wrap.
//!
//! ```
//! use tournee_solver::model::{Job, Matrix, Problem, Profile, TimeWindow, VehicleType, MAX_MAGNITUDE};
//! use tournee_solver::ProblemError;
//!
//! let mut p = Problem {
//!     profiles: vec![Profile {
//!         durations: Matrix::from_fn(2, |i, j| (i as i64 - j as i64).abs() * 10),
//!         distances: Matrix::from_fn(2, |i, j| (i as i64 - j as i64).abs() * 100),
//!     }],
//!     vehicle_types: vec![VehicleType::new("van", 1, 0, TimeWindow::new(0, 1000), 10)],
//!     jobs: vec![Job::new("a", 1, 5, TimeWindow::new(0, 1000), 1)],
//!     ..Problem::default()
//! };
//! assert!(p.validate().is_ok());
//! p.jobs[0].service = MAX_MAGNITUDE + 1;
//! assert!(matches!(p.validate(), Err(ProblemError::OutOfRange { .. })));
//! ```

use super::{Announced, JobKind, Lateness, LinkKind, Problem};
use crate::ProblemError;

/// Largest magnitude of a time, duration, distance, matrix value or quantity (2⁴⁰).
pub const MAX_MAGNITUDE: i64 = 1 << 40;
/// Largest magnitude of a bound of a job's time window (2⁵⁰): beyond, a window is as good as
/// open, and the engine clamps its times there.
pub const MAX_WINDOW_BOUND: i64 = 1 << 50;
/// Largest cost, rate, penalty or weight (2⁵⁶).
pub const MAX_COST: i64 = 1 << 56;
/// Most vehicles of all types together (2¹⁶).
pub const MAX_VEHICLES: usize = 1 << 16;
/// Most depot stops (reloads) of one vehicle.
pub const MAX_RELOAD_STOPS: usize = 1 << 16;
/// Longest route, in the problem's time unit, that the worst case of a problem may reach (2⁴⁸).
pub const MAX_HORIZON: i64 = 1 << 48;
/// Dearest objective the worst case of a problem may reach (2⁶¹, a quarter of `i64::MAX`).
pub const MAX_OBJECTIVE: i64 = 1 << 61;

fn within(item: &str, what: &str, value: i64, max: i64) -> Result<(), ProblemError> {
    if value.unsigned_abs() > max as u64 {
        return Err(ProblemError::OutOfRange {
            item: item.to_string(),
            what: what.to_string(),
            value,
            max,
        });
    }
    Ok(())
}

fn magnitude(item: &str, what: &str, value: i64) -> Result<(), ProblemError> {
    within(item, what, value, MAX_MAGNITUDE)
}

fn all(item: &str, what: &str, values: &[i64]) -> Result<(), ProblemError> {
    values.iter().try_for_each(|&v| magnitude(item, what, v))
}

fn costs(item: &str, what: &str, values: &[i64]) -> Result<(), ProblemError> {
    values
        .iter()
        .try_for_each(|&v| within(item, what, v, MAX_COST))
}

/// Checks both kinds of bound (see the module's documentation). Called by
/// [`Problem::validate`] after the shape checks, so the matrices are square and complete.
pub(crate) fn check(p: &Problem) -> Result<(), ProblemError> {
    let mut max_dur = 0i64;
    let mut max_dist = 0i64;
    for (index, profile) in p.profiles.iter().enumerate() {
        for (name, m, max) in [
            ("duration", &profile.durations, &mut max_dur),
            ("distance", &profile.distances, &mut max_dist),
        ] {
            for (row, r) in m.rows().iter().enumerate() {
                for (col, v) in r.iter().enumerate() {
                    let v = v.unwrap_or(0);
                    magnitude(
                        &format!("profile {index}"),
                        &format!("{name} matrix value at ({row}, {col})"),
                        v,
                    )?;
                    *max = (*max).max(v);
                }
            }
        }
    }
    let vehicles: usize = p
        .vehicle_types
        .iter()
        .fold(0usize, |n, v| n.saturating_add(v.count));
    if vehicles > MAX_VEHICLES {
        return Err(ProblemError::TooManyVehicles {
            found: vehicles,
            max: MAX_VEHICLES,
        });
    }
    // The worst route: from the earliest start (or deadline) to the latest time a start can be
    // pushed to, plus every service, break and depot stop, one longest leg each.
    let (mut earliest, mut latest) = (0i128, 0i128);
    let mut stops = p.jobs.len() as i128 + 2;
    let mut max_reload = 0i128;
    let mut max_breaks = 0i128;
    for (i, v) in p.vehicle_types.iter().enumerate() {
        let item = format!("vehicle type {i} ({:?})", v.id);
        for t in [v.shift.open, v.shift.close] {
            within(&item, "shift bound", t, MAX_WINDOW_BOUND)?;
        }
        all(&item, "capacity", &v.capacity)?;
        costs(
            &item,
            "cost",
            &[
                v.fixed_cost,
                v.cost_per_time,
                v.cost_per_travel_time,
                v.cost_per_distance,
                v.overtime_cost,
            ],
        )?;
        within(&item, "maximum overtime", v.max_overtime, MAX_WINDOW_BOUND)?;
        if let Some(d) = v.max_duration {
            within(&item, "maximum duration", d, MAX_WINDOW_BOUND)?;
        }
        let mut breaks = 0i128;
        for b in &v.breaks {
            let what = format!("{item} break {:?}", b.id);
            magnitude(&what, "duration", b.duration)?;
            for t in [b.window.open, b.window.close] {
                within(&what, "window bound", t, MAX_WINDOW_BOUND)?;
            }
            breaks += b.duration as i128;
            latest = latest.max(b.window.open as i128);
        }
        max_breaks = max_breaks.max(breaks);
        if let Some(r) = &v.reloads {
            magnitude(&item, "reload duration", r.duration)?;
            if r.max_stops > MAX_RELOAD_STOPS {
                return Err(ProblemError::OutOfRange {
                    item,
                    what: "most reload stops".into(),
                    value: r.max_stops.min(i64::MAX as usize) as i64,
                    max: MAX_RELOAD_STOPS as i64,
                });
            }
            max_reload = max_reload.max(r.duration as i128);
            stops = stops.max(p.jobs.len() as i128 + 2 + r.max_stops as i128);
        }
        earliest = earliest.min(v.shift.open.min(v.shift.close) as i128);
        latest = latest.max(v.shift.open as i128);
    }
    let mut services = 0i128;
    for (i, job) in p.jobs.iter().enumerate() {
        let item = format!("job {i} ({:?})", job.id);
        magnitude(&item, "service duration", job.service)?;
        services += job.service as i128;
        let soft = matches!(job.lateness, Lateness::Soft { .. });
        for w in &job.time_windows {
            for t in [w.open, w.close] {
                within(&item, "time window bound", t, MAX_WINDOW_BOUND)?;
            }
            latest = latest.max(w.open as i128);
            if soft {
                earliest = earliest.min(w.close as i128);
            }
        }
        if let Some(t) = job.not_before {
            magnitude(&item, "not-before time", t)?;
            latest = latest.max(t as i128);
        }
        if let Some(Announced {
            latest: announced,
            cost,
            cost_per_unit,
        }) = job.announced
        {
            magnitude(&item, "announced latest start", announced)?;
            costs(&item, "announced start cost", &[cost, cost_per_unit])?;
            earliest = earliest.min(announced as i128);
        }
        all(&item, "demand", &job.demand)?;
        all(&item, "pickup", &job.pickup)?;
        costs(&item, "cost", &[job.unpreferred_cost, job.priority])?;
        if let Lateness::Soft { cost_per_unit } = job.lateness {
            costs(&item, "lateness cost", &[cost_per_unit])?;
        }
        if let JobKind::Optional { penalty } = job.kind {
            costs(&item, "penalty", &[penalty])?;
        }
    }
    let mut gaps = 0i128;
    for (index, l) in p.links.iter().enumerate() {
        if let LinkKind::StartGap { min, max } = l.kind {
            all(&format!("link {index}"), "gap", &[min, max.unwrap_or(0)])?;
            gaps += min.unsigned_abs() as i128;
        }
    }
    for (index, s) in p.shipments.iter().enumerate() {
        all(&format!("shipment {index}"), "amount", &s.amount)?;
    }
    let o = &p.objective;
    costs(
        "objective",
        "weight",
        &[o.vehicle_cost, o.priority_weight, o.max_lateness_cost],
    )?;
    let legs = max_dur as i128 + max_reload;
    let horizon = latest - earliest + services + max_breaks + gaps + stops * legs;
    if horizon > MAX_HORIZON as i128 {
        return Err(ProblemError::TooLarge {
            what: "the longest route the problem allows",
            value: horizon,
            max: MAX_HORIZON,
        });
    }
    let mut cost = 0i128;
    for v in &p.vehicle_types {
        let rates = (v.cost_per_time + v.cost_per_travel_time + v.overtime_cost) as i128;
        let one = v.fixed_cost as i128
            + rates * horizon
            + v.cost_per_distance as i128 * stops * max_dist as i128
            + if o.minimise_vehicles {
                o.vehicle_cost as i128
            } else {
                0
            };
        cost = cost.saturating_add(one.saturating_mul(v.count as i128));
    }
    for job in &p.jobs {
        let mut one = job.unpreferred_cost as i128;
        if let JobKind::Optional { penalty } = job.kind {
            one += penalty as i128 + job.priority as i128 * o.priority_weight as i128;
        }
        if let Lateness::Soft { cost_per_unit } = job.lateness {
            one += cost_per_unit as i128 * horizon;
        }
        if let Some(a) = job.announced {
            one += a.cost as i128 + a.cost_per_unit as i128 * horizon;
        }
        cost = cost.saturating_add(one);
    }
    cost = cost.saturating_add(o.max_lateness_cost as i128 * horizon);
    if cost > MAX_OBJECTIVE as i128 {
        return Err(ProblemError::TooLarge {
            what: "the dearest objective the problem allows (costs and weights times the longest route)",
            value: cost,
            max: MAX_OBJECTIVE,
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Job, Matrix, Profile, TimeWindow, VehicleType};

    fn problem() -> Problem {
        Problem {
            profiles: vec![Profile {
                durations: Matrix::from_fn(3, |i, j| (i as i64 - j as i64).abs() * 10),
                distances: Matrix::from_fn(3, |i, j| (i as i64 - j as i64).abs() * 100),
            }],
            vehicle_types: vec![VehicleType::new("van", 2, 0, TimeWindow::new(0, 1000), 10)],
            jobs: vec![
                Job::new("a", 1, 5, TimeWindow::new(0, 1000), 1),
                Job::new("b", 2, 5, TimeWindow::new(0, 1000), 1),
            ],
            ..Problem::default()
        }
    }

    fn out_of_range(p: &Problem) -> Option<(String, String)> {
        match p.validate() {
            Err(ProblemError::OutOfRange { item, what, .. }) => Some((item, what)),
            _ => None,
        }
    }

    #[test]
    fn each_number_is_accepted_at_its_bound_and_refused_one_past() {
        type Set = fn(&mut Problem, i64);
        let cases: [(&str, Set, i64); 9] = [
            ("service", |p, x| p.jobs[0].service = x, MAX_MAGNITUDE),
            (
                "matrix",
                |p, x| {
                    p.profiles[0].durations =
                        Matrix::from_fn(3, |i, j| if i == 2 && j == 1 { x } else { 0 })
                },
                MAX_MAGNITUDE,
            ),
            (
                "distance",
                |p, x| {
                    p.profiles[0].distances = Matrix::from_fn(3, |i, j| if i == j { 0 } else { x })
                },
                MAX_MAGNITUDE,
            ),
            (
                "capacity",
                |p, x| p.vehicle_types[0].capacity[0] = x,
                MAX_MAGNITUDE,
            ),
            ("demand", |p, x| p.jobs[1].demand[0] = x, MAX_MAGNITUDE),
            (
                "shift",
                |p, x| p.vehicle_types[0].shift.close = x,
                MAX_WINDOW_BOUND,
            ),
            (
                "window",
                |p, x| p.jobs[0].time_windows[0].close = x,
                MAX_WINDOW_BOUND,
            ),
            (
                "fixed cost",
                |p, x| p.vehicle_types[0].fixed_cost = x,
                MAX_COST,
            ),
            (
                "penalty",
                |p, x| p.jobs[1].kind = JobKind::Optional { penalty: x },
                MAX_COST,
            ),
        ];
        for (name, set, bound) in cases {
            let mut p = problem();
            set(&mut p, bound);
            // At the bound: not refused for its range (the worst case may still be too large
            // together, which is the other check).
            assert!(
                out_of_range(&p).is_none(),
                "{name} at {bound}: {:?}",
                p.validate()
            );
            set(&mut p, bound + 1);
            let (item, what) = out_of_range(&p)
                .unwrap_or_else(|| panic!("{name} past its bound: {:?}", p.validate()));
            assert!(!item.is_empty() && !what.is_empty(), "{name}");
        }
    }

    #[test]
    fn out_of_range_errors_name_the_item() {
        let mut p = problem();
        p.jobs[1].service = i64::MAX;
        let e = p.validate().unwrap_err().to_string();
        assert!(
            e.contains("job 1 (\"b\")") && e.contains("service duration"),
            "{e}"
        );
        let mut p = problem();
        p.profiles[0].durations =
            Matrix::from_fn(3, |i, j| if (i, j) == (0, 2) { i64::MAX } else { 0 });
        let e = p.validate().unwrap_err().to_string();
        assert!(e.contains("profile 0") && e.contains("(0, 2)"), "{e}");
    }

    #[test]
    fn vehicle_counts_are_bounded() {
        let mut p = problem();
        p.vehicle_types[0].count = MAX_VEHICLES;
        assert!(p.validate().is_ok());
        p.vehicle_types
            .push(VehicleType::new("car", 1, 0, TimeWindow::new(0, 1000), 10));
        assert_eq!(
            p.validate(),
            Err(ProblemError::TooManyVehicles {
                found: MAX_VEHICLES + 1,
                max: MAX_VEHICLES
            })
        );
        p.vehicle_types[1].count = usize::MAX;
        assert!(matches!(
            p.validate(),
            Err(ProblemError::TooManyVehicles { .. })
        ));
    }

    #[test]
    fn numbers_in_range_that_could_overflow_together_are_refused() {
        // Each rate in range, but times the longest route beyond the objective's bound.
        let mut p = problem();
        p.vehicle_types[0].shift.close = MAX_MAGNITUDE;
        p.vehicle_types[0].cost_per_time = MAX_COST;
        let e = p.validate().unwrap_err();
        assert!(matches!(e, ProblemError::TooLarge { .. }), "{e}");
        assert!(e.to_string().contains("dearest objective"), "{e}");
        // A route that could last beyond the horizon: many stops with the longest legs.
        let mut p = problem();
        p.profiles[0].durations = Matrix::from_fn(3, |i, j| if i == j { 0 } else { MAX_MAGNITUDE });
        for k in 0..300 {
            p.jobs.push(Job::new(
                format!("j{k}"),
                1,
                MAX_MAGNITUDE,
                TimeWindow::new(0, 1000),
                0,
            ));
        }
        let e = p.validate().unwrap_err();
        assert!(e.to_string().contains("longest route"), "{e}");
    }

    #[test]
    fn open_windows_of_a_job_do_not_make_the_route_long() {
        let mut p = problem();
        p.jobs[0].time_windows = vec![TimeWindow::new(-MAX_WINDOW_BOUND, MAX_WINDOW_BOUND)];
        p.vehicle_types[0].cost_per_time = 1 << 20;
        assert_eq!(p.validate(), Ok(()));
    }
}
