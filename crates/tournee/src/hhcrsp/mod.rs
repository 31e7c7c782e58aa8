//! The home health care routing and scheduling benchmark (HHCRSP, Mankowska et al. 2014).
//!
//! [`Instance::read`] imports an instance file, [`BenchSolution`] reads and writes the
//! benchmark's solution format, and [`check`] recomputes validity and cost from the two,
//! independently of any solver state; [`solve`] plans an instance with the care engine
//! ([`tournee_solver::care`]) and checks the written solution with that checker. Format and rules: `../shared/README.md` (section
//! `data/hhcrsp`).
//!
//! Rules enforced by the checker: every required (patient, service) is served exactly once, by
//! a carer who has that ability, starting no earlier than the window opens (closing is soft:
//! tardiness = max(0, start − close)), lasting exactly its duration; each carer leaves the
//! depot at time 0 and travels between its stops; a double service is synchronised
//! (simultaneous: equal starts; sequential: the second starts between min and max after the
//! first). Cost = (total travel + total tardiness + maximum tardiness) / 3.

mod check;
mod instance;
mod solution;
mod solve;

pub use check::{check, CheckReport};
pub use instance::{Instance, Patient, Requirement, Sync, EXAMPLE_INSTANCE};
pub use solution::{BenchSolution, CarerRoute, Visit};
pub use solve::{care_problem, solve, to_bench_solution, Solved};

/// Why an HHCRSP file was refused.
#[derive(Debug, thiserror::Error)]
pub enum HhcrspError {
    /// The file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The JSON does not have the expected shape.
    #[error("{path}: {detail}")]
    Format {
        /// The file.
        path: String,
        /// What is wrong, naming the item.
        detail: String,
    },
    /// The instance reads but the engine refuses it (or the options), naming the item.
    #[error("instance {name}: {detail}")]
    Invalid {
        /// The instance's name.
        name: String,
        /// What the engine refused.
        detail: String,
    },
}
