//! The engine's solution read back as a care plan: per carer the stops with their times in the
//! problem's unit, travel from the previous place (from the problem's own matrix), lateness and
//! continuity; totals; the cost recomputed with the problem's weights; each visit left out with
//! a cause in care terms.

use super::model::{CareProblem, Lateness};
use super::solution::{
    CareCost, CareSolution, CareStats, CareStop, CarerRound, StopKind, UnassignedCause,
    UnassignedVisit,
};
use super::translate::time;
use crate::solution::{Solution, UnassignedReason};

/// Builds the care plan from the engine's solution of `to_problem(p)`.
pub(crate) fn explain(p: &CareProblem, s: &Solution, stats: CareStats) -> CareSolution {
    let mut rounds: Vec<CarerRound> = p
        .carers
        .iter()
        .map(|c| CarerRound {
            carer: c.id.clone(),
            stops: Vec::new(),
            leave: c.shift.open,
            back: c.shift.open,
            driving_time: 0.0,
            distance: 0.0,
            working_time: 0.0,
            driving_share: 0.0,
            overtime: 0.0,
        })
        .collect();
    let mut cost = CareCost::default();
    let mut weighted_lateness = 0.0;
    let mut continuity_cost = 0.0;
    let mut moved_late = 0.0;
    for route in &s.routes {
        // One vehicle per type: the type is the carer.
        let k = route.vehicle_type;
        let carer = &p.carers[k];
        let mut place = carer.start_place;
        let mut stops = Vec::with_capacity(route.stops.len() + route.breaks.len());
        let mut breaks = route.breaks.iter().peekable();
        let mut reloads = route.reloads.iter().peekable();
        let mut jobs = route.stops.iter();
        let depot_duration = carer.depots.as_ref().map_or(0.0, |d| d.duration);
        let mut done = 0; // job and reload stops emitted
        loop {
            while let Some(b) = breaks.next_if(|b| b.after == done) {
                let (start, end) = (time(b.start), time(b.end));
                let arrival = stops
                    .last()
                    .map_or(time(route.start_time), |s: &CareStop| s.end);
                stops.push(CareStop {
                    kind: StopKind::Break,
                    id: carer.breaks[b.index].id.clone(),
                    place,
                    arrival,
                    waiting: (start - arrival).max(0.0),
                    start,
                    end,
                    travel_time: 0.0,
                    travel_distance: 0.0,
                    lateness: 0.0,
                    continuity_break: false,
                });
            }
            let from = stops.last().map_or(time(route.start_time), |s| s.end);
            if let Some(r) = reloads.next_if(|r| r.after == done) {
                let start = time(r.start);
                let travel_time = p.travel.time(place, r.depot);
                let arrival = from + travel_time;
                stops.push(CareStop {
                    kind: StopKind::Reload,
                    id: "reload".into(),
                    place: r.depot,
                    arrival,
                    waiting: (start - arrival).max(0.0),
                    start,
                    end: start + depot_duration,
                    travel_time,
                    travel_distance: p.travel.distance(place, r.depot),
                    lateness: 0.0,
                    continuity_break: false,
                });
                place = r.depot;
                done += 1;
                continue;
            }
            let Some(st) = jobs.next() else { break };
            let v = &p.visits[st.job];
            let (start, end) = (time(st.start), time(st.start) + v.duration);
            let travel_time = p.travel.time(place, v.place);
            let arrival = from + travel_time;
            let lateness = match (v.pinned_start, v.lateness) {
                (None, Lateness::Soft { weight }) => {
                    let close = v.windows.last().map_or(f64::INFINITY, |w| w.close);
                    let late = (start - close).max(0.0);
                    weighted_lateness += weight * late;
                    late
                }
                _ => 0.0,
            };
            if let Some(a) = v.announced {
                if start > a.close + 1e-9 {
                    cost.moved += 1;
                    moved_late += start - a.close;
                }
            }
            let broken = !v.preferred_carers.is_empty() && !v.preferred_carers.contains(&carer.id);
            if broken {
                cost.continuity_breaks += 1;
                continuity_cost += v.continuity_weight * p.weights.continuity;
            }
            stops.push(CareStop {
                kind: StopKind::Visit,
                id: v.id.clone(),
                place: v.place,
                arrival,
                waiting: (start - arrival).max(0.0),
                start,
                end,
                travel_time,
                travel_distance: p.travel.distance(place, v.place),
                lateness,
                continuity_break: broken,
            });
            place = v.place;
            done += 1;
        }
        let round = &mut rounds[k];
        let back_time = p.travel.time(place, carer.end_place);
        let back = stops.last().map_or(round.leave, |s| s.end) + back_time;
        round.leave = time(route.start_time);
        round.back = back;
        round.driving_time = stops.iter().map(|s| s.travel_time).sum::<f64>() + back_time;
        round.distance = stops.iter().map(|s| s.travel_distance).sum::<f64>()
            + p.travel.distance(place, carer.end_place);
        round.working_time = back - round.leave;
        round.driving_share = if round.working_time > 0.0 {
            round.driving_time / round.working_time
        } else {
            0.0
        };
        round.overtime = (back - carer.shift.close).max(0.0);
        round.stops = stops;
    }
    for r in &rounds {
        cost.travel_time += r.driving_time;
        cost.distance += r.distance;
        cost.overtime += r.overtime;
        for st in &r.stops {
            cost.total_lateness += st.lateness;
            cost.max_lateness = cost.max_lateness.max(st.lateness);
        }
    }
    // The visit served together with visit `i`: its double-visit partner or its shipment mate.
    let partner = |i: usize| -> Option<&str> {
        let id = &p.visits[i].id;
        fn other<'a>(id: &str, a: &'a str, b: &'a str) -> Option<&'a str> {
            if a == id {
                Some(b)
            } else if b == id {
                Some(a)
            } else {
                None
            }
        }
        p.links
            .iter()
            .filter(|l| l.distinct_carers)
            .find_map(|l| other(id, &l.first, &l.second))
            .or_else(|| {
                p.shipments
                    .iter()
                    .find_map(|sh| other(id, &sh.pickup, &sh.delivery))
            })
    };
    let mut unassigned = Vec::new();
    let mut left_out = 0.0;
    for u in &s.unassigned {
        let v = &p.visits[u.job];
        left_out += v.priority.max(1.0);
        let cause = match u.reason {
            UnassignedReason::MissingSkills => {
                let missing: Vec<String> = v
                    .skills
                    .iter()
                    .filter(|s| !p.carers.iter().any(|c| c.skills.contains(s)))
                    .cloned()
                    .collect();
                if missing.is_empty() {
                    UnassignedCause::NoCarerWithSkills {
                        skills: v.skills.clone(),
                    }
                } else {
                    UnassignedCause::UnknownSkill { skills: missing }
                }
            }
            UnassignedReason::NotAllowed => match &v.pinned_carer {
                Some(c) => UnassignedCause::PinnedCarerCannot { carer: c.clone() },
                None => UnassignedCause::AllCarersRefused,
            },
            UnassignedReason::CapacityExceeded => UnassignedCause::CapacityExceeded,
            UnassignedReason::TimeUnreachable if v.pinned_start.is_some() => {
                UnassignedCause::PinnedTimeUnreachable
            }
            UnassignedReason::TimeUnreachable => UnassignedCause::WindowUnreachable,
            UnassignedReason::NoDistinctVehicles => UnassignedCause::NoDoubleStaffing,
            UnassignedReason::PartnerUnservable => UnassignedCause::PartnerCannotBeServed {
                visit: partner(u.job).unwrap_or("").to_string(),
            },
            UnassignedReason::NoVehicle
            | UnassignedReason::NotWorthServing
            | UnassignedReason::NoFeasiblePlanFound => UnassignedCause::NotFitted,
        };
        unassigned.push(UnassignedVisit {
            visit: v.id.clone(),
            cause,
        });
    }
    let w = &p.weights;
    cost.unassigned = unassigned.len();
    cost.total = w.unassigned * left_out
        + w.travel_time * cost.travel_time
        + w.distance * cost.distance
        + w.total_lateness * weighted_lateness
        + w.max_lateness * cost.max_lateness
        + continuity_cost
        + w.overtime * cost.overtime
        + w.moved * cost.moved as f64
        + w.moved_late * moved_late
        + rounds
            .iter()
            .zip(&p.carers)
            .map(|(r, c)| c.working_cost * r.working_time)
            .sum::<f64>();
    CareSolution {
        rounds,
        unassigned,
        cost,
        feasible: s.feasible,
        stats,
    }
}
