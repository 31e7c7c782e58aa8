//! Checker for Solomon-style solutions in the instance's own (real-valued) units.

use serde::{Deserialize, Serialize};

use crate::io::{Rounding, SolomonInstance};

/// Tolerance on times (original units).
pub const TIME_EPS: f64 = 1e-6;

/// Result of [`check_vrptw`].
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VrptwCheck {
    /// No violation found.
    pub feasible: bool,
    /// Total distance recomputed in f64 from the routes.
    pub cost: f64,
    /// Non-empty routes.
    pub vehicles: usize,
    /// Service start times per route (earliest schedule from time 0 at the depot).
    pub starts: Vec<Vec<f64>>,
    /// Violations, in words.
    pub violations: Vec<String>,
}

/// Checks routes given as customer numbers (depot excluded): every customer
/// exactly once, fleet size, capacity, service starting no later than the due
/// date (waiting allowed), return to the depot by its due date; recomputes
/// the total distance.
pub fn check_vrptw(
    inst: &SolomonInstance,
    routes: &[Vec<usize>],
    rounding: Rounding,
) -> VrptwCheck {
    let mut v = Vec::new();
    let mut seen = vec![0usize; inst.nodes.len()];
    let mut cost = 0.0;
    let mut starts = Vec::new();
    let routes: Vec<&Vec<usize>> = routes.iter().filter(|r| !r.is_empty()).collect();
    if routes.len() > inst.vehicles {
        v.push(format!(
            "{} routes but only {} vehicles",
            routes.len(),
            inst.vehicles
        ));
    }
    let depot = &inst.nodes[0];
    for (r, route) in routes.iter().enumerate() {
        let mut t = depot.ready;
        let mut prev = 0usize;
        let mut load = 0i64;
        let mut route_starts = Vec::new();
        for &c in route.iter() {
            let Some(i) = inst.index_of(c).filter(|&i| i != 0) else {
                v.push(format!("route {r}: customer {c} does not exist"));
                continue;
            };
            seen[i] += 1;
            let node = &inst.nodes[i];
            let d = inst.distance(prev, i, rounding);
            cost += d;
            let arrival = t + d;
            if arrival > node.due + TIME_EPS {
                v.push(format!(
                    "route {r}: customer {c} reached at {arrival:.4}, after its due date {}",
                    node.due
                ));
            }
            let start = arrival.max(node.ready);
            route_starts.push(start);
            load += node.demand;
            t = start + node.service;
            prev = i;
        }
        let d = inst.distance(prev, 0, rounding);
        cost += d;
        if t + d > depot.due + TIME_EPS {
            v.push(format!(
                "route {r}: back at the depot at {:.4}, after {}",
                t + d,
                depot.due
            ));
        }
        if load > inst.capacity {
            v.push(format!(
                "route {r}: load {load} above capacity {}",
                inst.capacity
            ));
        }
        starts.push(route_starts);
    }
    for (i, node) in inst.nodes.iter().enumerate().skip(1) {
        if seen[i] != 1 {
            v.push(format!("customer {} visited {} times", node.id, seen[i]));
        }
    }
    VrptwCheck {
        feasible: v.is_empty(),
        cost,
        vehicles: routes.len(),
        starts,
        violations: v,
    }
}
