//! The care problem written in the engine's model: each carer is a vehicle type of one vehicle,
//! each visit a job, each link a link; times and distances become integers.
//!
//! **Resolution.** The engine works in integers: times in *ticks* of 1/1000 of the problem's
//! time unit (milliseconds when times are in seconds), distances in 1/1000 of the distance
//! unit. Travel times, durations and window openings are rounded up to a tick and closings
//! down, so a plan that keeps every hard rule in ticks keeps it in the given units (values
//! with at most three decimals are exact). Costs are integers in 10⁻⁶ of a cost unit, so each
//! weight is kept to 1/1000 per tick.

use super::model::{CareProblem, Lateness as CareLateness, LinkKind as CareLinkKind};
use super::validate::{dims, index};
use crate::model::{
    Announced, Job, JobKind, Lateness, Link, LinkKind, Matrix, Objective, Problem, Profile,
    Reloads, Shipment as EngineShipment, TimeWindow, VehicleBreak, VehicleType,
};

/// Ticks per time unit (and engine distance units per distance unit).
pub(crate) const SCALE: f64 = 1000.0;
/// Engine cost units per cost unit.
pub(crate) const COST_SCALE: f64 = 1e6;
/// An unrestricted window.
const OPEN: i64 = 1 << 50;
/// Capacity of a van without limit.
const UNLIMITED: i64 = 1 << 40;

/// `x` in ticks, rounded up (values within 10⁻⁶ tick of an integer are that integer).
pub(crate) fn up(x: f64) -> i64 {
    let y = (x * SCALE).clamp(-OPEN as f64, OPEN as f64);
    let r = y.round();
    if (y - r).abs() < 1e-6 {
        r as i64
    } else {
        y.ceil() as i64
    }
}

/// `x` in ticks, rounded down.
pub(crate) fn down(x: f64) -> i64 {
    let y = (x * SCALE).clamp(-OPEN as f64, OPEN as f64);
    let r = y.round();
    if (y - r).abs() < 1e-6 {
        r as i64
    } else {
        y.floor() as i64
    }
}

/// A weight per time unit as an engine cost per tick.
fn per_tick(w: f64) -> i64 {
    (w * COST_SCALE / SCALE)
        .round()
        .min(crate::model::MAX_COST as f64) as i64
}

/// A cost as engine cost units, at most the model's [`MAX_COST`](crate::model::MAX_COST) (a
/// cost that large already outweighs every other part of the objective).
fn cost(c: f64) -> i64 {
    (c * COST_SCALE).round().min(crate::model::MAX_COST as f64) as i64
}

/// Translates a validated care problem.
pub(crate) fn to_problem(p: &CareProblem) -> Problem {
    let n = p.travel.size();
    let w = &p.weights;
    let d = dims(p);
    let durations = Matrix::from_fn(n, |i, j| up(p.travel.time(i, j)));
    let distances = Matrix::from_fn(n, |i, j| (p.travel.distance(i, j) * SCALE).round() as i64);
    let carers: Vec<VehicleType> = p
        .carers
        .iter()
        .map(|c| VehicleType {
            id: c.id.clone(),
            count: 1,
            profile: 0,
            start: Some(c.start_place),
            end: Some(c.end_place),
            shift: TimeWindow::new(up(c.shift.open), down(c.shift.close)),
            max_overtime: down(c.max_overtime),
            overtime_cost: per_tick(w.overtime),
            capacity: if d == 0 {
                Vec::new()
            } else if c.capacity.is_empty() {
                vec![UNLIMITED; d]
            } else {
                c.capacity.clone()
            },
            skills: c.skills.clone(),
            max_duration: c.max_working_time.map(down),
            breaks: c
                .breaks
                .iter()
                .map(|b| VehicleBreak {
                    id: b.id.clone(),
                    duration: up(b.duration),
                    window: TimeWindow::new(up(b.window.open), down(b.window.close)),
                })
                .collect(),
            reloads: c.depots.as_ref().map(|d| Reloads {
                depots: d.places.clone(),
                duration: up(d.duration),
                max_stops: d.max_stops,
            }),
            fixed_cost: 0,
            cost_per_time: per_tick(c.working_cost),
            cost_per_travel_time: per_tick(w.travel_time),
            cost_per_distance: (w.distance * COST_SCALE / SCALE).round() as i64,
        })
        .collect();
    let carer_index = |id: &str| p.carers.iter().position(|c| c.id == id);
    let pad = |v: &[i64]| -> Vec<i64> {
        if v.is_empty() {
            vec![0; d]
        } else {
            v.to_vec()
        }
    };
    let jobs: Vec<Job> = p
        .visits
        .iter()
        .map(|v| {
            let (time_windows, lateness) = match v.pinned_start {
                Some(t) => {
                    // An announced time: a window of one instant, hard.
                    let s = up(t);
                    (vec![TimeWindow::new(s, s)], Lateness::Hard)
                }
                None => {
                    let ws = if v.windows.is_empty() {
                        vec![TimeWindow::new(-OPEN, OPEN)]
                    } else {
                        // In ticks, windows that touch become one (the engine wants them apart).
                        let mut ws: Vec<TimeWindow> = Vec::with_capacity(v.windows.len());
                        for w in &v.windows {
                            let next = TimeWindow::new(up(w.open), down(w.close).max(up(w.open)));
                            match ws.last_mut() {
                                Some(last) if next.open <= last.close => {
                                    last.close = last.close.max(next.close)
                                }
                                _ => ws.push(next),
                            }
                        }
                        ws
                    };
                    let lateness = match v.lateness {
                        CareLateness::Hard => Lateness::Hard,
                        CareLateness::Soft { weight } => Lateness::Soft {
                            cost_per_unit: per_tick(w.total_lateness * weight),
                        },
                    };
                    (ws, lateness)
                }
            };
            let allowed: Vec<usize> = (0..p.carers.len())
                .filter(|&k| {
                    let id = &p.carers[k].id;
                    !v.refused_carers.contains(id)
                        && v.pinned_carer.as_ref().is_none_or(|pin| pin == id)
                })
                .collect();
            Job {
                id: v.id.clone(),
                location: v.place,
                service: up(v.duration),
                time_windows,
                lateness,
                not_before: match (v.not_before, v.announced) {
                    (None, None) => None,
                    (a, b) => Some(up(a
                        .unwrap_or(f64::NEG_INFINITY)
                        .max(b.map_or(f64::NEG_INFINITY, |w| w.open)))),
                },
                announced: v.announced.map(|a| Announced {
                    latest: down(a.close),
                    cost: cost(w.moved),
                    cost_per_unit: per_tick(w.moved_late),
                }),
                demand: pad(&v.delivery),
                pickup: if d == 0 { Vec::new() } else { pad(&v.pickup) },
                skills: v.skills.clone(),
                allowed_vehicle_types: (allowed.len() < p.carers.len()).then_some(allowed),
                preferred_vehicle_types: v
                    .preferred_carers
                    .iter()
                    .filter_map(|id| carer_index(id))
                    .collect(),
                unpreferred_cost: cost(v.continuity_weight * w.continuity),
                priority: 0,
                kind: JobKind::Optional {
                    penalty: cost(v.priority.max(1.0) * w.unassigned),
                },
            }
        })
        .collect();
    let ids = index(p);
    let links = p
        .links
        .iter()
        .map(|l| Link {
            first: ids[l.first.as_str()],
            second: ids[l.second.as_str()],
            kind: match l.kind {
                CareLinkKind::Simultaneous => LinkKind::Simultaneous,
                CareLinkKind::StartGap { min, max } => LinkKind::StartGap {
                    min: up(min),
                    max: max.is_finite().then(|| down(max).max(up(min))),
                },
            },
            distinct_vehicles: l.distinct_carers,
        })
        .collect();
    Problem {
        profiles: vec![Profile {
            durations,
            distances,
        }],
        vehicle_types: carers,
        jobs,
        links,
        shipments: p
            .shipments
            .iter()
            .map(|s| EngineShipment {
                pickup: ids[s.pickup.as_str()],
                delivery: ids[s.delivery.as_str()],
                amount: pad(&s.load),
            })
            .collect(),
        objective: Objective {
            minimise_vehicles: false,
            vehicle_cost: 0,
            priority_weight: 0,
            max_lateness_cost: per_tick(w.max_lateness),
        },
    }
}

/// Ticks back to the problem's time unit.
#[inline]
pub(crate) fn time(ticks: i64) -> f64 {
    ticks as f64 / SCALE
}
