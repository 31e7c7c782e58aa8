//! Benchmark support: solve a Solomon / Gehring–Homberger file, check it
//! independently, compare with the best-known cost, summarise by class.
//!
//! [`solve_instance_file`] is what the `tournee solve --format solomon` CLI
//! and the `vrptw_bench` binary call.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

use crate::checker::vrptw::check_vrptw;
use crate::io::solomon::{read_solomon, ReadError, Rounding, SolomonInstance};
use crate::options::SolveOptions;
use crate::solution::Solution;
use crate::{solve, SolveError};

/// Why a benchmark solve failed.
#[derive(Debug, thiserror::Error)]
pub enum BenchError {
    /// The file could not be read or parsed.
    #[error(transparent)]
    Read(#[from] ReadError),
    /// The solver rejected the problem or options.
    #[error(transparent)]
    Solve(#[from] SolveError),
}

/// Outcome of one instance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct InstanceReport {
    /// Instance name (file stem, upper-case).
    pub instance: String,
    /// Class: C1, C2, R1, R2, RC1 or RC2.
    pub class: String,
    /// Number of customers.
    pub customers: usize,
    /// Total distance in original units, recomputed by the checker.
    pub cost: f64,
    /// Vehicles used.
    pub vehicles: usize,
    /// Feasible per the independent checker, with every customer served.
    pub feasible: bool,
    /// Customers left out.
    pub unassigned: usize,
    /// Best-known cost used for the gap, if known.
    pub bks: Option<f64>,
    /// `100 * (cost - bks) / bks`.
    pub gap_percent: Option<f64>,
    /// Wall time of the solve.
    pub seconds: f64,
    /// Genetic iterations done.
    pub iterations: u64,
    /// Distance rounding used.
    pub rounding: Rounding,
    /// Checker violations (empty when feasible).
    pub violations: Vec<String>,
}

/// Class of an instance name: `C101` → `C1`, `rc2_10_1` → `RC2`.
pub fn class_of(name: &str) -> String {
    let up = name.to_ascii_uppercase();
    let letters: String = up.chars().take_while(|c| c.is_ascii_alphabetic()).collect();
    let digit = up[letters.len()..].chars().next().unwrap_or('?');
    format!("{letters}{digit}")
}

/// Instance name from a path: file stem, upper-case (`c1_10_1.txt` → `C1_10_1`).
pub fn instance_name(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().to_ascii_uppercase())
        .unwrap_or_default()
}

/// Best-known costs from the shared data folder (`.../data/vrptw`): for
/// Solomon the `NAME_distance` keys of `BKS.json` (distance-only optimum);
/// for 1000 customers under DIMACS rounding the `h1000_bks_dimacs.csv`
/// reference; otherwise the hierarchical value of `BKS.json` (fewest
/// vehicles first, so a distance-only solver may beat it).
pub fn best_known(vrptw_dir: &Path, name: &str, rounding: Rounding) -> Option<f64> {
    let up = name.to_ascii_uppercase();
    if rounding == Rounding::Dimacs {
        let csv = vrptw_dir.join("../../reference/h1000_bks_dimacs.csv");
        if let Ok(text) = std::fs::read_to_string(csv) {
            for line in text.lines().skip(1) {
                let mut f = line.split(',');
                if f.next().map(|s| s.trim().to_ascii_uppercase()) == Some(up.clone()) {
                    return f.next()?.trim().parse().ok();
                }
            }
        }
    }
    let text = std::fs::read_to_string(vrptw_dir.join("BKS.json")).ok()?;
    let bks: BTreeMap<String, Value> = serde_json::from_str(&text).ok()?;
    let get = |k: &str| {
        bks.get(k)
            .and_then(|v| v.get("best_known_cost"))
            .and_then(Value::as_f64)
    };
    get(&format!("{up}_distance"))
        .or_else(|| get(&format!("{}_distance", up.to_ascii_lowercase())))
        .or_else(|| get(&up))
        .or_else(|| get(&up.to_ascii_lowercase()))
}

/// The `data/vrptw` folder holding an instance file (two levels up), if it has `BKS.json`.
pub fn vrptw_dir_of(path: &Path) -> Option<PathBuf> {
    let dir = path.parent()?.parent()?.to_path_buf();
    dir.join("BKS.json").exists().then_some(dir)
}

/// Customer routes (numbers as in the file) of a solution of `inst.to_problem()`.
pub fn customer_routes(inst: &SolomonInstance, solution: &Solution) -> Vec<Vec<usize>> {
    solution
        .routes
        .iter()
        .map(|r| r.stops.iter().map(|s| inst.nodes[s.job + 1].id).collect())
        .collect()
}

/// Solution JSON: `{"cost", "routes": [{"customers", "arrivals"}]}` with
/// service start times in original units.
pub fn solution_json(cost: f64, routes: &[Vec<usize>], starts: &[Vec<f64>]) -> Value {
    json!({
        "cost": cost,
        "routes": routes.iter().zip(starts).map(|(c, a)| json!({"customers": c, "arrivals": a})).collect::<Vec<_>>(),
    })
}

/// Solves one benchmark file and checks the result independently.
///
/// Returns the report and the solution JSON (see [`solution_json`]).
pub fn solve_instance_file(
    path: &Path,
    rounding: Rounding,
    options: &SolveOptions,
) -> Result<(InstanceReport, Value), BenchError> {
    let inst = read_solomon(path)?;
    let problem = inst.to_problem(rounding);
    let solution = solve(&problem, options)?;
    let routes = customer_routes(&inst, &solution);
    let check = check_vrptw(&inst, &routes, rounding);
    let name = instance_name(path);
    let bks = vrptw_dir_of(path).and_then(|d| best_known(&d, &name, rounding));
    let feasible = check.feasible && solution.unassigned.is_empty();
    let report = InstanceReport {
        class: class_of(&name),
        instance: name,
        customers: inst.nodes.len() - 1,
        cost: check.cost,
        vehicles: check.vehicles,
        feasible,
        unassigned: solution.unassigned.len(),
        gap_percent: bks.map(|b| 100.0 * (check.cost - b) / b),
        bks,
        seconds: solution.stats.elapsed_seconds,
        iterations: solution.stats.iterations,
        rounding,
        violations: check.violations.clone(),
    };
    Ok((report, solution_json(check.cost, &routes, &check.starts)))
}

/// Means over a group of reports.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct GroupSummary {
    /// Group name (a class, or `all`).
    pub group: String,
    /// Instances in the group.
    pub instances: usize,
    /// Feasible instances.
    pub feasible: usize,
    /// Mean cost.
    pub mean_cost: f64,
    /// Mean vehicles.
    pub mean_vehicles: f64,
    /// Mean gap over instances with a best-known cost.
    pub mean_gap_percent: Option<f64>,
}

/// Summary of a group of reports.
pub fn summarise<'a>(
    group: &str,
    reports: impl IntoIterator<Item = &'a InstanceReport>,
) -> GroupSummary {
    let rs: Vec<&InstanceReport> = reports.into_iter().collect();
    let n = rs.len().max(1) as f64;
    let gaps: Vec<f64> = rs.iter().filter_map(|r| r.gap_percent).collect();
    GroupSummary {
        group: group.to_string(),
        instances: rs.len(),
        feasible: rs.iter().filter(|r| r.feasible).count(),
        mean_cost: rs.iter().map(|r| r.cost).sum::<f64>() / n,
        mean_vehicles: rs.iter().map(|r| r.vehicles as f64).sum::<f64>() / n,
        mean_gap_percent: (!gaps.is_empty()).then(|| gaps.iter().sum::<f64>() / gaps.len() as f64),
    }
}

/// Instances whose distance-only best-known values look unreachable (see shared/README).
pub const SUSPICIOUS_BKS: [&str; 2] = ["R109", "RC103"];
