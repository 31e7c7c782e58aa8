//! Solve options: stop criteria, threads, seed, cancellation and progress.

use std::fmt;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;

/// A cancellation flag shared with other threads: call [`CancelToken::cancel`]
/// from anywhere and the solve stops at its next check (every iteration) and
/// returns the best solution found so far.
#[derive(Debug, Clone, Default)]
pub struct CancelToken(Arc<AtomicBool>);

impl CancelToken {
    /// A fresh, not cancelled token.
    pub fn new() -> Self {
        Self::default()
    }

    /// Requests cancellation.
    pub fn cancel(&self) {
        self.0.store(true, Ordering::Relaxed);
    }

    /// Whether cancellation was requested.
    pub fn is_cancelled(&self) -> bool {
        self.0.load(Ordering::Relaxed)
    }
}

/// What a progress callback receives (at each exchange checkpoint).
#[derive(Debug, Clone, PartialEq)]
pub struct Progress {
    /// Iterations done so far, over all threads.
    pub iterations: u64,
    /// Seconds since the solve started.
    pub elapsed_seconds: f64,
    /// Cost of the best feasible solution so far, if any.
    pub best_cost: Option<i64>,
}

/// A progress callback.
pub type ProgressFn = Arc<dyn Fn(&Progress) + Send + Sync>;

/// How each thread searches.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SearchMode {
    /// Chosen from the problem: [`SearchMode::Annealing`] when timing links couple a quarter
    /// of the jobs or more (every move then goes through the coupled timing, and a full local
    /// search of each offspring costs too much), else [`SearchMode::RuinRecreate`] from
    /// `HgsParams::large_instance` jobs on, else [`SearchMode::Genetic`].
    #[default]
    Auto,
    /// Hybrid Genetic Search: crossover, local search of every offspring, population.
    Genetic,
    /// Iterated ruin and recreate with local search and annealing acceptance (SISR-style).
    RuinRecreate,
    /// Simulated annealing over single moves of the local search's operators, priced
    /// exactly; one iteration is 1 000 moves.
    Annealing,
}

/// Parameters of the Hybrid Genetic Search (defaults follow PyVRP's tuned values).
#[derive(Debug, Clone, PartialEq)]
pub struct HgsParams {
    /// Population size after a survivor selection (per sub-population).
    pub min_pop_size: usize,
    /// Offspring added before a survivor selection is triggered.
    pub generation_size: usize,
    /// Number of elite individuals protected by the biased fitness.
    pub num_elite: usize,
    /// Number of closest individuals used to measure diversity.
    pub num_close: usize,
    /// Granular neighbourhood size.
    pub num_neighbours: usize,
    /// Probability of repairing an infeasible offspring with boosted penalties.
    pub repair_probability: f64,
    /// Penalty multiplier used when repairing.
    pub repair_booster: i64,
    /// Iterations without improvement before the population restarts.
    pub restart_after: u64,
    /// Target fraction of feasible offspring (per constraint family).
    pub target_feasible: f64,
    /// Penalty multiplier when too few offspring are feasible.
    pub penalty_increase: f64,
    /// Penalty multiplier when too many offspring are feasible.
    pub penalty_decrease: f64,
    /// Offspring between two penalty updates.
    pub penalty_update_interval: usize,
    /// Iterations (per thread) between two exchanges of best solutions.
    pub exchange_interval: u64,
    /// Whether the local search also uses SWAP*.
    pub swap_star: bool,
    /// From this many jobs on, the search is an iterated ruin and recreate
    /// (SISR-style) with local search instead of genetic iterations: with
    /// large instances, few generations fit in a short time limit.
    pub large_instance: usize,
    /// Granular neighbourhood size in the ruin-and-recreate mode (smaller
    /// than `num_neighbours`: more, cheaper iterations pay off there).
    pub large_neighbours: usize,
    /// Whether the local search of the ruin-and-recreate mode also uses
    /// SWAP* (when `swap_star` is set). Off by default: it halves the
    /// iterations per second there, which costs more than it brings.
    pub large_swap_star: bool,
    /// Ruin-and-recreate acceptance (simulated annealing, as in SISR): a
    /// worse solution is kept with probability `exp(-increase / T)`, the
    /// temperature `T` falling geometrically over the run (by elapsed time, or
    /// by iterations without a time limit) from this start value to
    /// `temperature_end`. Both are fractions of the mean cost per job of the
    /// best solution, so they do not depend on the instance's units.
    pub temperature_start: f64,
    /// Final temperature of the ruin-and-recreate mode (see `temperature_start`).
    pub temperature_end: f64,
    /// How each thread searches.
    pub mode: SearchMode,
    /// Granular neighbours per task in the annealing mode (where its moves are aimed).
    pub anneal_neighbours: usize,
}

impl Default for HgsParams {
    fn default() -> Self {
        HgsParams {
            min_pop_size: 25,
            generation_size: 40,
            num_elite: 4,
            num_close: 5,
            num_neighbours: 40,
            repair_probability: 0.8,
            repair_booster: 12,
            restart_after: 20_000,
            target_feasible: 0.43,
            penalty_increase: 1.34,
            penalty_decrease: 0.32,
            penalty_update_interval: 50,
            exchange_interval: 500,
            swap_star: true,
            large_instance: 500,
            large_neighbours: 30,
            large_swap_star: false,
            temperature_start: 2.0,
            temperature_end: 0.01,
            mode: SearchMode::Auto,
            anneal_neighbours: 30,
        }
    }
}

impl HgsParams {
    /// The mode for an instance with `jobs` active tasks.
    pub(crate) fn mode_for(&self, inst: &crate::instance::Instance, jobs: usize) -> SearchMode {
        match self.mode {
            SearchMode::Auto if inst.linked_share() >= 0.25 => SearchMode::Annealing,
            SearchMode::Auto if jobs >= self.large_instance => SearchMode::RuinRecreate,
            SearchMode::Auto => SearchMode::Genetic,
            m => m,
        }
    }
}

/// How to run a solve.
///
/// Stop criteria combine: the search stops at the first one reached. Without
/// a time limit and without an iteration limit, a default of 2 000 iterations
/// per thread applies. With an iteration limit only, the result depends only
/// on the problem, the seed, the thread count and the parameters
/// (deterministic). A time limit makes the stopping point depend on machine
/// speed, so results may differ between runs.
#[derive(Clone)]
pub struct SolveOptions {
    /// Wall-time limit.
    pub time_limit: Option<Duration>,
    /// Iterations per thread.
    pub iteration_limit: Option<u64>,
    /// Stop as soon as a feasible solution of at most this cost is found.
    pub target_cost: Option<i64>,
    /// Number of cooperating searches (threads); at least 1.
    pub threads: usize,
    /// Random seed.
    pub seed: u64,
    /// Cancellation flag.
    pub cancel: Option<CancelToken>,
    /// Called at each exchange checkpoint.
    pub progress: Option<ProgressFn>,
    /// Algorithm parameters.
    pub params: HgsParams,
}

impl Default for SolveOptions {
    fn default() -> Self {
        SolveOptions {
            time_limit: None,
            iteration_limit: None,
            target_cost: None,
            threads: 1,
            seed: 1,
            cancel: None,
            progress: None,
            params: HgsParams::default(),
        }
    }
}

impl fmt::Debug for SolveOptions {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SolveOptions")
            .field("time_limit", &self.time_limit)
            .field("iteration_limit", &self.iteration_limit)
            .field("target_cost", &self.target_cost)
            .field("threads", &self.threads)
            .field("seed", &self.seed)
            .field("cancel", &self.cancel)
            .field("progress", &self.progress.as_ref().map(|_| "callback"))
            .field("params", &self.params)
            .finish()
    }
}

/// Default iteration limit when no limit at all is given.
pub const DEFAULT_ITERATIONS: u64 = 2_000;
