//! `tournee solve`: solve a benchmark instance file (Solomon VRPTW or HHCRSP home care) and
//! check the result independently.

use std::path::PathBuf;
use std::time::Duration;

use clap::{Args, ValueEnum};
use serde_json::json;
use tournee_solver::bench::solve_instance_file;
use tournee_solver::care::CareOptions;
use tournee_solver::io::solomon::Rounding;
use tournee_solver::SolveOptions;

use tournee::hhcrsp::{self, Instance};

/// Instance file formats.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub(crate) enum Format {
    /// Solomon / Gehring–Homberger VRPTW text files.
    Solomon,
    /// Home health care routing and scheduling JSON (Mankowska et al. 2014); the solution is
    /// written in the benchmark's format and checked by the independent checker.
    Hhcrsp,
}

/// Distance conventions for Solomon files.
#[derive(Clone, Copy, Debug, ValueEnum)]
pub(crate) enum RoundingArg {
    /// Real-valued Euclidean distances (Solomon best-known `*_distance` values).
    Exact,
    /// Each distance truncated to one decimal (DIMACS; 1000-customer references).
    Dimacs,
}

/// Arguments of `tournee solve`.
#[derive(Args)]
pub(crate) struct SolveArgs {
    /// The instance file.
    file: PathBuf,
    /// Its format.
    #[arg(long, value_enum, default_value = "solomon")]
    format: Format,
    /// Distance convention.
    #[arg(long, value_enum, default_value = "exact")]
    rounding: RoundingArg,
    /// Wall-time limit in seconds.
    #[arg(long, value_name = "SECONDS", default_value_t = 10.0)]
    time_limit: f64,
    /// Iteration limit per thread (deterministic stop).
    #[arg(long, value_name = "N")]
    iterations: Option<u64>,
    /// Cooperating search threads.
    #[arg(long, value_name = "N", default_value_t = 1)]
    threads: usize,
    /// Random seed (same seed and thread count with an iteration limit: same result).
    #[arg(long, value_name = "K", default_value_t = 1)]
    seed: u64,
    /// Write the solution (routes with customer numbers and service start times) here.
    #[arg(long, value_name = "SOLUTION.json")]
    out: Option<PathBuf>,
}

pub(crate) fn run(a: &SolveArgs) -> Result<(), String> {
    if !(a.time_limit.is_finite() && a.time_limit > 0.0) {
        return Err(format!(
            "--time-limit must be a positive number of seconds, got {}",
            a.time_limit
        ));
    }
    if a.threads == 0 {
        return Err("--threads must be at least 1".into());
    }
    let options = SolveOptions {
        time_limit: Some(Duration::from_secs_f64(a.time_limit)),
        iteration_limit: a.iterations,
        threads: a.threads,
        seed: a.seed,
        cancel: Some(super::interrupt::token()),
        ..SolveOptions::default()
    };
    if let Format::Hhcrsp = a.format {
        return run_hhcrsp(a);
    }
    let rounding = match a.rounding {
        RoundingArg::Exact => Rounding::Exact,
        RoundingArg::Dimacs => Rounding::Dimacs,
    };
    let (report, solution) = solve_instance_file(&a.file, rounding, &options)
        .map_err(|e| format!("{}: {e}", a.file.display()))?;
    if let Some(out) = &a.out {
        super::write_file(out, &serde_json::to_string_pretty(&solution).expect("JSON"))?;
    }
    let mut summary = serde_json::to_value(&report).expect("report serialises");
    summary["file"] = json!(a.file.display().to_string());
    summary["threads"] = json!(a.threads);
    summary["seed"] = json!(a.seed);
    summary["interrupted"] = json!(super::interrupt::interrupted());
    super::emit(summary)
}

fn run_hhcrsp(a: &SolveArgs) -> Result<(), String> {
    let instance = Instance::read(&a.file).map_err(|e| e.to_string())?;
    let options = CareOptions {
        time_limit: Some(a.time_limit),
        iterations: a.iterations,
        threads: a.threads,
        seed: a.seed,
        cancel: Some(super::interrupt::token()),
        ..Default::default()
    };
    let solved = hhcrsp::solve(&instance, &options).map_err(|e| e.to_string())?;
    if let Some(out) = &a.out {
        super::write_file(out, &solved.solution.to_json())?;
    }
    let r = &solved.report;
    super::emit(json!({
        "file": a.file.display().to_string(),
        "instance": instance.name,
        "cost": r.cost,
        "distance": r.distance,
        "total_tardiness": r.total_tardiness,
        "max_tardiness": r.max_tardiness,
        "valid": r.valid,
        "violations": r.violations,
        "iterations": solved.stats.iterations,
        "elapsed_seconds": solved.stats.elapsed_seconds,
        "threads": a.threads,
        "seed": a.seed,
        "interrupted": super::interrupt::interrupted(),
    }))
}
