//! Solomon VRPTW instances through the main job: each file is written as a day on a matrix
//! (one carer per vehicle with the van's capacity, demands as deliveries, hard windows on the
//! start, the depot's window as the shift, travel-only weights, one Solomon time unit = 15 s
//! so that every horizon fits in a day) and planned by `tournee plan --day … --matrix …`; the
//! stop order of `plan.json` is checked and costed by the independent Solomon checker (exact
//! Euclidean distances) against the best known distance-only cost.
//!
//! ```text
//! cargo build --release -p tournee -p tournee-benches
//! target/release/solomon-plan [--time-limit 5] [--threads 1] [--seed 1] [--only C101,R101]
//!     [--data ../shared/data/vrptw] [--out DIR]
//! ```
//! Prints one line per instance, the mean gap (all, and without R109/RC103), and JSON lines.

use std::path::PathBuf;
use std::process::Command;

use serde_json::{json, Value};
use tournee_solver::bench::{best_known, class_of};
use tournee_solver::checker::vrptw::check_vrptw;
use tournee_solver::io::solomon::{read_solomon, Rounding, SolomonInstance};

/// Seconds per Solomon time unit.
const UNIT_S: f64 = 15.0;

fn hms(units: f64) -> String {
    let s = (units * UNIT_S).round() as i64;
    format!("{:02}:{:02}:{:02}", s / 3600, (s / 60) % 60, s % 60)
}

/// The instance as a day and a matrix (JSON values).
fn to_day(inst: &SolomonInstance) -> (Value, Value) {
    let n = inst.nodes.len();
    let depot = &inst.nodes[0];
    let carers: Vec<Value> = (0..inst.vehicles)
        .map(|k| {
            json!({"id": format!("v{k}"), "shift_start": hms(depot.ready), "shift_end": hms(depot.due),
                   "start_index": 0, "capacity": [inst.capacity]})
        })
        .collect();
    let visits: Vec<Value> = inst.nodes[1..]
        .iter()
        .enumerate()
        .map(|(k, c)| {
            json!({"id": c.id.to_string(), "location_index": k + 1,
                   "duration_min": c.service * UNIT_S / 60.0,
                   "windows": [[hms(c.ready), hms(c.due)]], "delivery": [c.demand]})
        })
        .collect();
    let day = json!({
        "name": inst.name,
        "carers": carers,
        "visits": visits,
        "weights": {"unassigned": 1e7, "travel_time": 1.0, "distance": 0.0, "total_lateness": 0.0,
                    "max_lateness": 0.0, "continuity": 0.0, "overtime": 0.0},
    });
    let mut durations = vec![vec![0.0; n]; n];
    let mut distances = vec![vec![0.0; n]; n];
    for i in 0..n {
        for j in 0..n {
            let d = inst.distance(i, j, Rounding::Exact);
            durations[i][j] = d * UNIT_S;
            distances[i][j] = d;
        }
    }
    (
        day,
        json!({"durations_s": durations, "distances_m": distances}),
    )
}

/// The customer numbers of each round of `plan.json`, in order.
fn routes_of(plan: &Value) -> Vec<Vec<usize>> {
    plan["rounds"]
        .as_array()
        .map(|rounds| {
            rounds
                .iter()
                .map(|r| {
                    r["stops"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .filter(|s| s["kind"] == "visit")
                        .filter_map(|s| s["id"].as_str()?.parse().ok())
                        .collect()
                })
                .collect()
        })
        .unwrap_or_default()
}

fn arg<'a>(args: &'a [String], name: &str) -> Option<&'a str> {
    args.iter()
        .position(|a| a == name)
        .and_then(|i| args.get(i + 1))
        .map(String::as_str)
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let data = PathBuf::from(arg(&args, "--data").unwrap_or("../shared/data/vrptw"));
    let time_limit = arg(&args, "--time-limit").unwrap_or("5");
    let threads = arg(&args, "--threads").unwrap_or("1");
    let seed = arg(&args, "--seed").unwrap_or("1");
    let only: Option<Vec<String>> =
        arg(&args, "--only").map(|s| s.split(',').map(|x| x.to_uppercase()).collect());
    let out = PathBuf::from(arg(&args, "--out").unwrap_or("target/solomon-plan"));
    let tournee = std::env::current_exe()
        .ok()
        .and_then(|p| p.parent().map(|d| d.join("tournee")))
        .filter(|p| p.exists())
        .unwrap_or_else(|| PathBuf::from("tournee"));
    let dir = data.join("solomon");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .collect();
    files.sort();
    let mut gaps: Vec<(String, f64)> = Vec::new();
    let mut lines = Vec::new();
    let mut infeasible = 0;
    println!(
        "{:<8} {:>10} {:>10} {:>8} {:>6}  feasible",
        "name", "cost", "best", "gap %", "veh"
    );
    for file in files {
        let inst = read_solomon(&file).unwrap_or_else(|e| panic!("{e}"));
        let name = inst.name.to_uppercase();
        if only.as_ref().is_some_and(|o| !o.contains(&name)) {
            continue;
        }
        let work = out.join(&name);
        std::fs::create_dir_all(&work).expect("output folder");
        let (day, matrix) = to_day(&inst);
        let (day_path, matrix_path) = (work.join("day.json"), work.join("matrix.json"));
        std::fs::write(&day_path, day.to_string()).expect("write day");
        std::fs::write(&matrix_path, matrix.to_string()).expect("write matrix");
        let status = Command::new(&tournee)
            .args(["plan", "--day"])
            .arg(&day_path)
            .arg("--matrix")
            .arg(&matrix_path)
            .args([
                "--time-limit",
                time_limit,
                "--threads",
                threads,
                "--seed",
                seed,
                "--out",
            ])
            .arg(&work)
            .output()
            .expect("run tournee plan");
        if !status.status.success() {
            panic!(
                "{name}: tournee plan failed: {}",
                String::from_utf8_lossy(&status.stderr)
            );
        }
        let plan: Value =
            serde_json::from_str(&std::fs::read_to_string(work.join("plan.json")).expect("plan"))
                .expect("plan.json");
        let routes = routes_of(&plan);
        let served: usize = routes.iter().map(Vec::len).sum();
        let check = check_vrptw(&inst, &routes, Rounding::Exact);
        let feasible = check.feasible && served == inst.nodes.len() - 1;
        if !feasible {
            infeasible += 1;
        }
        let best = best_known(&data, &name, Rounding::Exact);
        let gap = best.map(|b| 100.0 * (check.cost - b) / b);
        if let Some(g) = gap {
            gaps.push((name.clone(), g));
        }
        println!(
            "{:<8} {:>10.2} {:>10.2} {:>8.3} {:>6}  {}{}",
            name,
            check.cost,
            best.unwrap_or(f64::NAN),
            gap.unwrap_or(f64::NAN),
            check.vehicles,
            feasible,
            if check.violations.is_empty() {
                String::new()
            } else {
                format!("  {:?}", &check.violations[..check.violations.len().min(3)])
            }
        );
        lines.push(
            json!({"instance": name, "class": class_of(&name), "cost": check.cost,
                          "best": best, "gap_percent": gap, "vehicles": check.vehicles,
                          "feasible": feasible, "served": served}),
        );
    }
    let mean = |xs: &[(String, f64)]| xs.iter().map(|x| x.1).sum::<f64>() / xs.len().max(1) as f64;
    let without: Vec<(String, f64)> = gaps
        .iter()
        .filter(|(n, _)| n != "R109" && n != "RC103")
        .cloned()
        .collect();
    println!(
        "\n{} instances, {} infeasible; mean gap {:.3} % ({:.3} % without R109, RC103)",
        gaps.len(),
        infeasible,
        mean(&gaps),
        mean(&without)
    );
    for l in lines {
        println!("{l}");
    }
}
