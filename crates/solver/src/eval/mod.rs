//! Pricing routes: one definition of a route's cost, three ways to compute it.
//!
//! A route's cost parts ([`RouteCostParts`]) are its *static* part — fixed cost, distance,
//! driving time, preference costs, load above capacity — and its *timing* part — duration,
//! overtime, lateness of soft-closing jobs, and the time violation (time warp).
//!
//! - [`duration`] and [`load`]: segments summarising a sequence of stops so that two sequences
//!   join in O(1) (time-warp duration segments of Nagata et al. 2010, as PyVRP's
//!   `DurationSegment`; loads with deliveries, pickups, shipments and reload trips). Routes of
//!   jobs with one hard window each are priced entirely this way.
//! - `schedule`: the exact earliest schedule, stop by stop, for routes holding a job with
//!   several windows or a soft closing (their cost is not a function a fixed-size segment can
//!   summarise). The local search walks only from the first changed stop and stops as soon as
//!   the new schedule meets the cached one, so a move usually costs a few stops.
//! - `coupled`: rules that couple rounds — timing links between jobs of different routes
//!   (simultaneous visits, start gaps) — priced exactly and incrementally: only the stops whose
//!   start can change are re-timed, so the coupled part costs only where links exist.
//!
//! [`CostEvaluator`] turns cost parts into a penalised cost. A new route-local rule adds a
//! segment field and a term here; a new coupling rule adds a kind of edge or aggregate to
//! `coupled`; the search operators never look at individual rules.

pub(crate) mod coupled;
pub mod duration;
pub mod load;
pub(crate) mod schedule;

pub use duration::DurationSegment;
pub use load::{Load, LoadSegment};

use crate::instance::VehicleData;

/// Penalty weights for relaxed constraints (capacity excess and time warp).
///
/// The search explores infeasible solutions; their cost is the route cost
/// plus `load_penalty * excess load + tw_penalty * time warp`. A feasible
/// solution's penalised cost equals its true cost.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CostEvaluator {
    /// Cost per unit of load above capacity (summed over dimensions).
    pub load_penalty: i64,
    /// Cost per unit of time warp (lateness at a hard window, shift overrun, duration
    /// overrun, a timing-link conflict).
    pub tw_penalty: i64,
}

/// The parts of a route's cost, before penalties are weighted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RouteCostParts {
    /// Fixed, distance, driving-time, duration, overtime, lateness and preference costs
    /// (0 for an empty route).
    pub cost: i64,
    /// Total time violation: time warp, lateness at hard windows, duration above the maximum,
    /// arrival after the shift (and allowed overtime).
    pub time_warp: i64,
    /// Load above capacity at the highest point, summed over dimensions.
    pub excess_load: i64,
    /// Largest lateness of a soft-closing job (unweighted), for the objective's maximum term.
    pub max_lateness: i64,
}

impl CostEvaluator {
    /// Penalised cost of route parts (the maximum-lateness term is added per solution).
    #[inline]
    pub fn penalised(&self, parts: &RouteCostParts) -> i64 {
        parts
            .cost
            .saturating_add(self.load_penalty.saturating_mul(parts.excess_load))
            .saturating_add(self.tw_penalty.saturating_mul(parts.time_warp))
    }
}

/// The static (order-dependent but not time-dependent) totals of a route.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Static {
    pub distance: i64,
    pub travel: i64,
    pub preference: i64,
    pub excess_load: i64,
}

/// The timing totals of a route.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct Timing {
    /// Departure from the start (as reported).
    pub depart: i64,
    /// Arrival at the end.
    pub back: i64,
    pub duration: i64,
    pub violation: i64,
    pub late_cost: i64,
    pub max_late: i64,
}

/// Cost parts of a non-empty route of vehicle `v` from its static and timing totals.
#[inline]
pub(crate) fn route_parts(v: &VehicleData, s: &Static, t: &Timing) -> RouteCostParts {
    let overtime = (t.back - v.shift.close).max(0);
    RouteCostParts {
        cost: v.fixed_cost
            + v.cost_per_distance * s.distance
            + v.cost_per_travel_time * s.travel
            + v.cost_per_time * t.duration
            + v.overtime_cost * overtime
            + s.preference
            + t.late_cost,
        time_warp: t.violation + (t.duration - v.max_duration).max(0),
        excess_load: s.excess_load,
        max_lateness: t.max_late,
    }
}

/// Timing totals of a route priced by duration segments (`seg`: the whole route, depots
/// included).
#[inline]
pub(crate) fn segment_timing(seg: &DurationSegment) -> Timing {
    Timing {
        depart: seg.earliest,
        back: seg.earliest + seg.duration - seg.time_warp,
        duration: seg.duration,
        violation: seg.time_warp,
        late_cost: 0,
        max_late: 0,
    }
}
