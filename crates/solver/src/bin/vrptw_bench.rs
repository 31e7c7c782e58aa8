//! Bench runner: solves a set of Solomon / Gehring–Homberger instances and
//! prints, per instance, cost, vehicles, feasibility (independent checker)
//! and gap to the best-known cost, then means by class, as a table and as
//! JSON lines (lines starting with `{`).
//!
//! ```text
//! vrptw_bench SET|FILE... [--time-limit S] [--iterations N] [--threads N] [--seed K]
//!             [--rounding exact|dimacs] [--data DIR] [--only NAME,NAME] [--out-dir DIR]
//!             [--neighbours K] [--min-pop N] [--generation N] [--no-swap-star] [--large-swap-star] [--large N] [--temperature T0,TF]
//! ```
//! SET is `solomon`, `homberger_200` or `homberger_1000` (files under
//! `DIR/vrptw/SET`, DIR defaulting to `../shared/data` from the repository).
//! `homberger_1000` defaults to DIMACS rounding, the others to exact.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;

use tournee_solver::bench::{self, InstanceReport, SUSPICIOUS_BKS};
use tournee_solver::io::Rounding;
use tournee_solver::{HgsParams, SolveOptions};

struct Args {
    inputs: Vec<String>,
    time_limit: Option<f64>,
    iterations: Option<u64>,
    threads: usize,
    seed: u64,
    rounding: Option<Rounding>,
    data: PathBuf,
    only: Option<Vec<String>>,
    out_dir: Option<PathBuf>,
    params: HgsParams,
}

fn parse_args() -> Result<Args, String> {
    let mut a = Args {
        inputs: Vec::new(),
        time_limit: None,
        iterations: None,
        threads: 1,
        seed: 1,
        rounding: None,
        data: PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../../shared/data")),
        only: None,
        out_dir: None,
        params: HgsParams::default(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut val = |name: &str| it.next().ok_or(format!("{name} needs a value"));
        match arg.as_str() {
            "--time-limit" => {
                a.time_limit = Some(
                    val(&arg)?
                        .parse()
                        .map_err(|e| format!("--time-limit: {e}"))?,
                )
            }
            "--iterations" => {
                a.iterations = Some(
                    val(&arg)?
                        .parse()
                        .map_err(|e| format!("--iterations: {e}"))?,
                )
            }
            "--threads" => a.threads = val(&arg)?.parse().map_err(|e| format!("--threads: {e}"))?,
            "--seed" => a.seed = val(&arg)?.parse().map_err(|e| format!("--seed: {e}"))?,
            "--rounding" => a.rounding = Some(val(&arg)?.parse()?),
            "--data" => a.data = PathBuf::from(val(&arg)?),
            "--only" => {
                a.only = Some(
                    val(&arg)?
                        .split(',')
                        .map(|s| s.trim().to_ascii_uppercase())
                        .collect(),
                )
            }
            "--out-dir" => a.out_dir = Some(PathBuf::from(val(&arg)?)),
            "--neighbours" => {
                let k = val(&arg)?
                    .parse()
                    .map_err(|e| format!("--neighbours: {e}"))?;
                a.params.num_neighbours = k;
                a.params.large_neighbours = k;
            }
            "--min-pop" => {
                a.params.min_pop_size = val(&arg)?.parse().map_err(|e| format!("--min-pop: {e}"))?
            }
            "--generation" => {
                a.params.generation_size = val(&arg)?
                    .parse()
                    .map_err(|e| format!("--generation: {e}"))?
            }
            "--no-swap-star" => a.params.swap_star = false,
            "--large-swap-star" => a.params.large_swap_star = true,
            "--large" => {
                a.params.large_instance = val(&arg)?.parse().map_err(|e| format!("--large: {e}"))?
            }
            "--temperature" => {
                let v = val(&arg)?;
                let (t0, tf) = v
                    .split_once(',')
                    .ok_or("--temperature needs START,END".to_string())?;
                a.params.temperature_start =
                    t0.parse().map_err(|e| format!("--temperature: {e}"))?;
                a.params.temperature_end = tf.parse().map_err(|e| format!("--temperature: {e}"))?;
            }
            "-h" | "--help" => return Err(String::new()),
            s if s.starts_with("--") => return Err(format!("unknown option {s}")),
            _ => a.inputs.push(arg),
        }
    }
    if a.inputs.is_empty() {
        return Err("give a set (solomon, homberger_200, homberger_1000) or files".into());
    }
    Ok(a)
}

fn files(args: &Args) -> Result<Vec<(PathBuf, Rounding)>, String> {
    let mut out = Vec::new();
    for input in &args.inputs {
        if matches!(
            input.as_str(),
            "solomon" | "homberger_200" | "homberger_1000"
        ) {
            let dir = args.data.join("vrptw").join(input);
            let mut fs: Vec<PathBuf> = std::fs::read_dir(&dir)
                .map_err(|e| format!("{}: {e}", dir.display()))?
                .filter_map(|e| e.ok().map(|e| e.path()))
                .filter(|p| p.extension().is_some_and(|x| x == "txt"))
                .collect();
            fs.sort_by_key(|p| natural_key(p));
            let default = if input == "homberger_1000" {
                Rounding::Dimacs
            } else {
                Rounding::Exact
            };
            out.extend(
                fs.into_iter()
                    .map(|p| (p, args.rounding.unwrap_or(default))),
            );
        } else {
            out.push((
                PathBuf::from(input),
                args.rounding.unwrap_or(Rounding::Exact),
            ));
        }
    }
    if let Some(only) = &args.only {
        out.retain(|(p, _)| only.contains(&bench::instance_name(p)));
    }
    Ok(out)
}

fn natural_key(p: &Path) -> (String, u32, u32) {
    let name = bench::instance_name(p);
    let nums: Vec<u32> = name
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|s| s.parse().ok())
        .collect();
    (
        bench::class_of(&name),
        nums.first().copied().unwrap_or(0),
        nums.last().copied().unwrap_or(0),
    )
}

fn fmt_gap(g: Option<f64>) -> String {
    g.map_or("-".into(), |g| format!("{g:.2}"))
}

fn main() -> ExitCode {
    let args = match parse_args() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("{e}\nusage: vrptw_bench SET|FILE... [--time-limit S] [--iterations N] [--threads N] [--seed K] [--rounding exact|dimacs] [--data DIR] [--only NAME,...] [--out-dir DIR] [--neighbours K] [--min-pop N] [--generation N] [--no-swap-star] [--large-swap-star] [--large N] [--temperature T0,TF]");
            return ExitCode::from(2);
        }
    };
    let list = match files(&args) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let options = SolveOptions {
        time_limit: args.time_limit.map(Duration::from_secs_f64),
        iteration_limit: args.iterations,
        threads: args.threads,
        seed: args.seed,
        params: args.params.clone(),
        ..Default::default()
    };
    println!(
        "{:<10} {:>5} {:>12} {:>4} {:>8} {:>12} {:>7} {:>7} {:>8}",
        "instance", "class", "cost", "veh", "feasible", "bks", "gap%", "sec", "iters"
    );
    let mut reports: Vec<InstanceReport> = Vec::new();
    for (path, rounding) in &list {
        match bench::solve_instance_file(path, *rounding, &options) {
            Ok((r, sol)) => {
                println!(
                    "{:<10} {:>5} {:>12.2} {:>4} {:>8} {:>12} {:>7} {:>7.1} {:>8}",
                    r.instance,
                    r.class,
                    r.cost,
                    r.vehicles,
                    r.feasible,
                    r.bks.map_or("-".into(), |b| format!("{b:.2}")),
                    fmt_gap(r.gap_percent),
                    r.seconds,
                    r.iterations
                );
                for v in r.violations.iter().take(5) {
                    println!("    violation: {v}");
                }
                if let Some(dir) = &args.out_dir {
                    let _ = std::fs::create_dir_all(dir);
                    let _ =
                        std::fs::write(dir.join(format!("{}.json", r.instance)), sol.to_string());
                }
                println!("{}", serde_json::to_string(&r).unwrap_or_default());
                reports.push(r);
            }
            Err(e) => {
                eprintln!("{}: {e}", path.display());
            }
        }
    }
    let mut classes: Vec<String> = reports.iter().map(|r| r.class.clone()).collect();
    classes.sort();
    classes.dedup();
    println!(
        "\n{:<12} {:>4} {:>8} {:>12} {:>8} {:>8}",
        "group", "n", "feasible", "mean cost", "mean veh", "gap%"
    );
    let mut groups: Vec<_> = classes
        .iter()
        .map(|c| bench::summarise(c, reports.iter().filter(|r| &r.class == c)))
        .collect();
    groups.push(bench::summarise("all", &reports));
    groups.push(bench::summarise(
        "all-R109-RC103",
        reports
            .iter()
            .filter(|r| !SUSPICIOUS_BKS.contains(&r.instance.as_str())),
    ));
    for g in &groups {
        println!(
            "{:<12} {:>4} {:>8} {:>12.2} {:>8.2} {:>8}",
            g.group,
            g.instances,
            g.feasible,
            g.mean_cost,
            g.mean_vehicles,
            fmt_gap(g.mean_gap_percent)
        );
    }
    for g in &groups {
        println!("{}", serde_json::to_string(g).unwrap_or_default());
    }
    if reports.iter().all(|r| r.feasible) {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
