//! The compiled day: visits and breaks become *tasks* (visits first, then breaks), and
//! every rule is turned into flat arrays that the schedule evaluator and the search read.
//! Each rule fills its part in its own module under [`constraints`](super::constraints).

use super::error::CareError;
use super::model::{CareProblem, TravelMatrix};
use super::solution::UnassignedCause;
use super::weights::Weights;

/// Marks a task without a place of its own (a break: taken where the carer is).
pub(crate) const NO_PLACE: u32 = u32::MAX;
/// Marks an unassigned task in `route_of`.
pub(crate) const NONE: u32 = u32::MAX;

/// A carer as the evaluator sees it.
#[derive(Clone, Debug)]
pub(crate) struct CarerData {
    pub start_place: u32,
    pub end_place: u32,
    pub shift_open: f64,
    pub shift_close: f64,
    pub max_overtime: f64,
    pub max_working_time: f64,
    pub capacity: Vec<i64>,
    /// Its break tasks.
    pub breaks: Vec<u32>,
}

/// The compiled problem.
#[derive(Clone, Debug)]
pub(crate) struct Compiled {
    pub travel: TravelMatrix,
    pub weights: Weights,
    pub n_visits: usize,
    pub n_carers: usize,
    /// Per visit: its id.
    pub visit_ids: Vec<String>,
    /// Per carer: its id.
    pub carer_ids: Vec<String>,
    /// Per carer: its breaks' ids.
    pub break_ids: Vec<Vec<String>>,
    /// Per task: place or `NO_PLACE`.
    pub place: Vec<u32>,
    pub duration: Vec<f64>,
    /// Per task: windows on the start, sorted; `(−∞, +∞)` when unrestricted.
    pub windows: Vec<Vec<(f64, f64)>>,
    /// Per task: lateness is forbidden.
    pub hard_close: Vec<bool>,
    /// Per task: multiplier of the lateness cost.
    pub late_weight: Vec<f64>,
    /// `task * n_carers + carer`: the carer may do the task.
    pub eligible: Vec<bool>,
    /// `task * n_carers + carer`: cost of the carer doing the task (continuity).
    pub assign_cost: Vec<f64>,
    /// Start-time edges `(a, b, w)`: start(b) ≥ start(a) + w, active when both are served.
    pub edges: Vec<(u32, u32, f64)>,
    /// Per task: the other half of a double-staffed visit (different carer, both or none).
    pub partner: Vec<u32>,
    /// Per visit: cost of leaving it out.
    pub unassigned_cost: Vec<f64>,
    /// Per task: the carer owning it (breaks), or `NONE`.
    pub owner: Vec<u32>,
    pub carers: Vec<CarerData>,
    /// Per task: delivered / picked-up load (empty when no dimension).
    pub delivery: Vec<Vec<i64>>,
    pub pickup: Vec<Vec<i64>>,
    /// Number of load dimensions (0 = none).
    pub dims: usize,
    /// Per visit: why it cannot be served at all (found before the search).
    pub impossible: Vec<Option<UnassignedCause>>,
    /// No start in a schedule without a cyclic timing conflict can exceed this.
    pub horizon: f64,
    /// Penalty per unit of hard-rule violation inside the search.
    pub penalty: f64,
    /// Nearby visits per visit (by travel time and window), for move selection.
    pub neighbours: Vec<Vec<u32>>,
}

impl Compiled {
    /// Number of tasks (visits + breaks).
    pub fn n_tasks(&self) -> usize {
        self.place.len()
    }

    /// Whether carer `c` may do task `t`.
    #[inline]
    pub fn allows(&self, t: usize, c: usize) -> bool {
        self.eligible[t * self.n_carers + c]
    }

    /// Compiles and validates `problem`.
    pub fn new(problem: &CareProblem) -> Result<Compiled, CareError> {
        super::constraints::validate(problem)?;
        let n_visits = problem.visits.len();
        let n_carers = problem.carers.len();
        let mut c = Compiled {
            travel: problem.travel.clone(),
            weights: problem.weights,
            n_visits,
            n_carers,
            visit_ids: problem.visits.iter().map(|v| v.id.clone()).collect(),
            carer_ids: problem.carers.iter().map(|k| k.id.clone()).collect(),
            break_ids: problem
                .carers
                .iter()
                .map(|k| k.breaks.iter().map(|b| b.id.clone()).collect())
                .collect(),
            place: problem.visits.iter().map(|v| v.place as u32).collect(),
            duration: problem.visits.iter().map(|v| v.duration).collect(),
            windows: Vec::new(),
            hard_close: Vec::new(),
            late_weight: Vec::new(),
            eligible: Vec::new(),
            assign_cost: Vec::new(),
            edges: Vec::new(),
            partner: vec![NONE; n_visits],
            unassigned_cost: problem
                .visits
                .iter()
                .map(|v| v.priority.max(1.0) * problem.weights.unassigned)
                .collect(),
            owner: vec![NONE; n_visits],
            carers: Vec::new(),
            delivery: Vec::new(),
            pickup: Vec::new(),
            dims: 0,
            impossible: vec![None; n_visits],
            horizon: 0.0,
            penalty: 0.0,
            neighbours: Vec::new(),
        };
        super::constraints::compile_all(problem, &mut c);
        c.finish();
        Ok(c)
    }

    fn finish(&mut self) {
        let n = self.n_tasks();
        let max_travel = (0..self.travel.size())
            .map(|i| {
                (0..self.travel.size())
                    .map(|j| self.travel.time(i, j))
                    .fold(0.0, f64::max)
            })
            .fold(0.0, f64::max);
        let mut horizon = self
            .carers
            .iter()
            .map(|c| c.shift_open)
            .fold(0.0f64, f64::max);
        for t in 0..n {
            let opens = self.windows[t]
                .iter()
                .map(|w| w.0)
                .filter(|o| o.is_finite())
                .fold(0.0f64, f64::max);
            horizon = horizon.max(opens);
        }
        horizon += (0..n).map(|t| self.duration[t] + max_travel).sum::<f64>()
            + self.edges.iter().map(|e| e.2.max(0.0)).sum::<f64>()
            + max_travel
            + 1.0;
        self.horizon = horizon;
        let w = self.weights;
        let scale = [w.travel_time, w.total_lateness, w.overtime, w.max_lateness]
            .into_iter()
            .fold(0.0f64, f64::max)
            .max(1e-3);
        self.penalty = 1000.0 * scale;
        self.neighbours = super::search::neighbours::nearest(self, 30);
    }
}
