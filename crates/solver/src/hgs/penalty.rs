//! Penalty management: keeps the share of feasible offspring near a target,
//! separately for capacity and time windows (Vidal et al. 2012; PyVRP's
//! `PenaltyManager`).

use crate::eval::CostEvaluator;
use crate::instance::Instance;
use crate::options::HgsParams;

/// Adaptive penalty weights.
#[derive(Debug, Clone)]
pub(crate) struct PenaltyManager {
    load: f64,
    tw: f64,
    load_feasible: Vec<bool>,
    tw_feasible: Vec<bool>,
    params: HgsParams,
}

impl PenaltyManager {
    /// Initial weights: average edge cost divided by average demand and by average travel time.
    pub fn new(inst: &Instance, active: &[usize], params: &HgsParams) -> Self {
        let (mut cost, mut dur, mut demand) = (0f64, 0f64, 0f64);
        let mut pairs = 0f64;
        if let Some(v) = inst.vehicles.first() {
            let located: Vec<usize> = active
                .iter()
                .copied()
                .filter(|&t| inst.task_loc[t] != crate::instance::NO_LOC)
                .collect();
            let step = (located.len() / 200).max(1);
            for &i in located.iter().step_by(step) {
                for &j in located.iter().step_by(step) {
                    let (a, b) = (inst.task_loc[i], inst.task_loc[j]);
                    cost += (v.cost_per_distance * inst.dist(v.profile, a, b)
                        + (v.cost_per_time + v.cost_per_travel_time) * inst.dur(v.profile, a, b))
                        as f64;
                    dur += inst.dur(v.profile, a, b) as f64;
                    pairs += 1.0;
                }
            }
        }
        for &j in active {
            demand += crate::instance::loads::own_load(inst, j).0[..inst.dims]
                .iter()
                .sum::<i64>() as f64;
        }
        let avg_cost = cost / pairs.max(1.0);
        let avg_dur = dur / pairs.max(1.0);
        let avg_demand = demand / (active.len().max(1) as f64);
        // Large instances get few iterations in a given time: adapt faster
        // (every 50 offspring at 100 jobs or fewer, every 5 at 1000).
        let mut params = params.clone();
        let scaled = (params.penalty_update_interval * 100) / active.len().max(100);
        params.penalty_update_interval = scaled.max(5).min(params.penalty_update_interval.max(1));
        PenaltyManager {
            load: (avg_cost / avg_demand.max(1.0)).clamp(1.0, 1e9),
            tw: (avg_cost / avg_dur.max(1.0)).clamp(1.0, 1e9),
            load_feasible: Vec::new(),
            tw_feasible: Vec::new(),
            params,
        }
    }

    pub fn evaluator(&self) -> CostEvaluator {
        CostEvaluator {
            load_penalty: self.load.round() as i64,
            tw_penalty: self.tw.round() as i64,
        }
    }

    /// Evaluator with boosted penalties (for repair).
    pub fn booster(&self) -> CostEvaluator {
        let b = self.params.repair_booster;
        let e = self.evaluator();
        CostEvaluator {
            load_penalty: e.load_penalty * b,
            tw_penalty: e.tw_penalty * b,
        }
    }

    fn update(penalty: f64, feasible: &[bool], p: &HgsParams) -> f64 {
        let share = feasible.iter().filter(|&&f| f).count() as f64 / feasible.len() as f64;
        let new = if share < p.target_feasible - 0.05 {
            (penalty * p.penalty_increase).max(penalty + 1.0)
        } else if share > p.target_feasible + 0.05 {
            penalty * p.penalty_decrease
        } else {
            penalty
        };
        new.clamp(1.0, 1e12)
    }

    /// Records whether an offspring respected capacity and time windows.
    pub fn register(&mut self, load_ok: bool, tw_ok: bool) {
        self.load_feasible.push(load_ok);
        self.tw_feasible.push(tw_ok);
        if self.load_feasible.len() >= self.params.penalty_update_interval {
            self.load = Self::update(self.load, &self.load_feasible, &self.params);
            self.tw = Self::update(self.tw, &self.tw_feasible, &self.params);
            self.load_feasible.clear();
            self.tw_feasible.clear();
        }
    }
}
