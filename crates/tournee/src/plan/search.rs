//! The search options every front-end (the `tournee` command, the Python package) takes:
//! a time limit, an iteration limit, threads and a seed, checked and completed the same way.
//!
//! **What is deterministic.** The care engine's search is deterministic for a given input,
//! seed, thread count and iteration limit: the threads exchange solutions at fixed iteration
//! counts, never by the clock. So a run stopped by `iterations` (and not cut earlier by a time
//! limit or a cancel) gives the same plan on any machine. That is why `threads` defaults to **1**
//! when `iterations` is given (the default may not depend on the machine), and to every core
//! otherwise: a run stopped by the clock depends on the machine's speed anyway. The thread count
//! used is recorded in the plan (`search.threads`).
//!
//! ```
//! use tournee::plan::{search_options, SearchOptionError};
//! let o = search_options(None, Some(500), None, 7, 10.0).unwrap();
//! assert_eq!((o.threads, o.time_limit, o.iterations), (1, None, Some(500)));
//! let o = search_options(None, None, Some(2), 7, 10.0).unwrap();
//! assert_eq!(o.time_limit, Some(10.0));
//! assert!(matches!(
//!     search_options(Some(f64::NAN), None, None, 1, 10.0),
//!     Err(SearchOptionError::TimeLimit(_))
//! ));
//! ```

use tournee_solver::care::CareOptions;

/// A search option out of its range.
#[derive(Clone, Copy, Debug, PartialEq, thiserror::Error)]
pub enum SearchOptionError {
    /// The time limit is not a finite number of seconds above 0.
    #[error("the time limit {0} must be a number of seconds above 0")]
    TimeLimit(f64),
    /// No thread.
    #[error("the number of threads must be at least 1")]
    Threads,
    /// No iteration.
    #[error("the number of iterations must be at least 1")]
    Iterations,
}

/// The care engine's options from what a user gives: `time_limit` in seconds (default
/// `default_limit` when neither limit is given), `iterations` per thread, `threads` (default: 1
/// with `iterations`, every core without; see the module's documentation) and `seed`.
pub fn search_options(
    time_limit: Option<f64>,
    iterations: Option<u64>,
    threads: Option<usize>,
    seed: u64,
    default_limit: f64,
) -> Result<CareOptions, SearchOptionError> {
    if let Some(t) = time_limit {
        if !(t.is_finite() && t > 0.0) {
            return Err(SearchOptionError::TimeLimit(t));
        }
    }
    if iterations == Some(0) {
        return Err(SearchOptionError::Iterations);
    }
    let threads = match (threads, iterations) {
        (Some(0), _) => return Err(SearchOptionError::Threads),
        (Some(n), _) => n,
        (None, Some(_)) => 1,
        (None, None) => std::thread::available_parallelism().map_or(1, |n| n.get()),
    };
    Ok(CareOptions {
        time_limit: match (time_limit, iterations) {
            (None, None) => Some(default_limit),
            (t, _) => t,
        },
        iterations,
        threads,
        seed,
        ..CareOptions::default()
    })
}
