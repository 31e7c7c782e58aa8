//! Constant-time evaluation of routes by segment concatenation.
//!
//! Each constraint family is one module holding its segment type:
//! - [`duration`]: time windows, shifts and maximum route duration, through
//!   time-warp duration segments (Nagata et al. 2010; as PyVRP's `DurationSegment`);
//! - [`load`]: multi-dimensional capacity through summed loads;
//! - skills are a static job × vehicle-type compatibility table checked by the
//!   search before any evaluation (see `Instance::can_serve`).
//!
//! [`CostEvaluator`] turns the segments of a route into a (penalised) cost. A
//! new rule adds a segment module and a term here; the search operators only
//! concatenate segments and never look at individual rules.

pub mod duration;
pub mod load;

pub use duration::DurationSegment;
pub use load::Load;

use crate::instance::VehicleData;

/// Penalty weights for relaxed constraints (capacity excess and time warp).
///
/// The search explores infeasible solutions; their cost is the travel cost
/// plus `load_penalty * excess load + tw_penalty * time warp`. A feasible
/// solution's penalised cost equals its true cost.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CostEvaluator {
    /// Cost per unit of load above capacity (summed over dimensions).
    pub load_penalty: i64,
    /// Cost per unit of time warp (lateness, shift overrun, duration overrun).
    pub tw_penalty: i64,
}

/// The parts of a route's cost, before penalties are weighted.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RouteCostParts {
    /// Fixed, distance and duration costs (0 for an empty route).
    pub travel_cost: i64,
    /// Total time warp, including duration above the maximum.
    pub time_warp: i64,
    /// Total load above capacity.
    pub excess_load: i64,
}

impl CostEvaluator {
    /// Penalised cost of route parts.
    #[inline]
    pub fn penalised(&self, parts: &RouteCostParts) -> i64 {
        parts.travel_cost
            + self.load_penalty * parts.excess_load
            + self.tw_penalty * parts.time_warp
    }
}

/// Cost parts of a non-empty route of vehicle `v`, from its total distance,
/// whole-route duration segment and load.
#[inline]
pub(crate) fn route_parts(
    v: &VehicleData,
    distance: i64,
    seg: &DurationSegment,
    load: &Load,
    dims: usize,
) -> RouteCostParts {
    RouteCostParts {
        travel_cost: v.fixed_cost + v.cost_per_distance * distance + v.cost_per_time * seg.duration,
        time_warp: seg.time_warp + (seg.duration - v.max_duration).max(0),
        excess_load: load.excess(&v.capacity, dims),
    }
}
