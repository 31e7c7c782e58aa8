//! A solution of the genetic search with its cost parts and adjacency (for diversity).

use crate::eval::CostEvaluator;
use crate::search::{LocalSearch, NONE};

/// Penalty for a required job left out of a solution (never the case in a
/// finished solution unless no plan was found; dominates every other cost).
pub(crate) const MISSING_REQUIRED: i64 = 1 << 50;

/// One solution.
#[derive(Debug, Clone)]
pub(crate) struct Individual {
    /// Non-empty routes as (vehicle, tasks).
    pub routes: Vec<(usize, Vec<usize>)>,
    /// Route costs plus the largest-lateness term.
    pub travel_cost: i64,
    pub time_warp: i64,
    pub excess_load: i64,
    /// Penalties of left-out optional jobs plus [`MISSING_REQUIRED`] per left-out required job.
    pub unassigned_cost: i64,
    /// Required tasks left out.
    pub missing_required: usize,
    /// Successor of each job (`NONE` for the end, or unassigned).
    pub succ: Vec<usize>,
    /// Predecessor of each job (`NONE` for the start, or unassigned).
    pub pred: Vec<usize>,
}

impl Individual {
    /// Captures the current state of a local search.
    pub fn from_ls(ls: &LocalSearch) -> Self {
        let inst = ls.inst;
        let mut ind = Individual {
            routes: ls.export(),
            travel_cost: 0,
            time_warp: 0,
            excess_load: 0,
            unassigned_cost: 0,
            missing_required: 0,
            succ: vec![NONE; inst.n_tasks()],
            pred: vec![NONE; inst.n_tasks()],
        };
        for r in ls.routes.iter().filter(|r| !r.is_empty()) {
            ind.travel_cost += r.parts.cost;
            ind.excess_load += r.parts.excess_load;
            ind.time_warp += r.parts.time_warp;
        }
        ind.travel_cost += inst.max_lateness_cost * ls.max_lateness();
        for &j in &ls.active {
            if ls.route_of[j] == NONE {
                ind.unassigned_cost = ind
                    .unassigned_cost
                    .saturating_add(inst.job_penalty[j].unwrap_or(MISSING_REQUIRED));
                ind.missing_required += inst.is_required(j) as usize;
            }
        }
        ind.index();
        ind
    }

    fn index(&mut self) {
        for (_, jobs) in &self.routes {
            for w in jobs.windows(2) {
                self.succ[w[0]] = w[1];
                self.pred[w[1]] = w[0];
            }
        }
    }

    pub fn is_feasible(&self) -> bool {
        self.time_warp == 0 && self.excess_load == 0 && self.missing_required == 0
    }

    /// True objective (meaningful for feasible solutions).
    pub fn cost(&self) -> i64 {
        self.travel_cost.saturating_add(self.unassigned_cost)
    }

    pub fn penalised(&self, ce: &CostEvaluator) -> i64 {
        self.cost() + ce.load_penalty * self.excess_load + ce.tw_penalty * self.time_warp
    }

    /// Broken-pairs distance in `[0, 1]`: share of jobs whose neighbours differ.
    pub fn distance(&self, other: &Individual, active: &[usize]) -> f64 {
        if active.is_empty() {
            return 0.0;
        }
        let broken = active
            .iter()
            .filter(|&&j| {
                let (s, p) = (self.succ[j], self.pred[j]);
                (s != other.succ[j] && s != other.pred[j])
                    || (p == NONE && other.pred[j] != NONE && other.succ[j] != NONE)
            })
            .count();
        broken as f64 / active.len() as f64
    }
}
