//! The HHCRSP benchmark (Mankowska et al. 2014): solves each instance with `tournee`, checks the
//! written solution with the independent checker, and compares its cost with the best published
//! one (`../shared/reference/hhcrsp_mankowska_best.csv`).
//!
//! ```text
//! hhcrsp-bench [--time-limit 60] [--threads 2] [--seed 1] [--sizes 10,25] [--only NAME,...]
//!              [--data DIR] [--reference CSV] [--json OUT.jsonl] [--solutions DIR]
//! ```
//! One table row per instance as it finishes, then means by size and overall, and the bars of
//! the issue (all valid, mean gap ≤ 2 %, none above +5 %, ≥ 10 at or below the best published).

use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;

use clap::Parser;
use serde_json::json;
use tournee::hhcrsp::{solve, Instance};
use tournee_benches::shared_dir;
use tournee_solver::care::CareOptions;

#[derive(Parser)]
#[command(about = "HHCRSP benchmark: tournee vs the best published costs")]
struct Cli {
    /// Time limit per instance, seconds.
    #[arg(long, default_value_t = 60.0)]
    time_limit: f64,
    /// Threads per instance.
    #[arg(long, default_value_t = 2)]
    threads: usize,
    /// Seed.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Only these patient counts (comma-separated).
    #[arg(long, value_delimiter = ',')]
    sizes: Vec<usize>,
    /// Only these instances (file stems, comma-separated).
    #[arg(long, value_delimiter = ',')]
    only: Vec<String>,
    /// Instance folder (default ../shared/data/hhcrsp/mankowska).
    #[arg(long)]
    data: Option<PathBuf>,
    /// Best published costs (default ../shared/reference/hhcrsp_mankowska_best.csv).
    #[arg(long)]
    reference: Option<PathBuf>,
    /// Append one JSON object per instance here.
    #[arg(long)]
    json: Option<PathBuf>,
    /// Write each solution file here.
    #[arg(long)]
    solutions: Option<PathBuf>,
}

struct Row {
    size: usize,
    valid: bool,
    gap: f64,
}

fn main() -> Result<(), String> {
    let cli = Cli::parse();
    let data = cli
        .data
        .clone()
        .unwrap_or_else(|| shared_dir().join("data/hhcrsp/mankowska"));
    let reference = cli
        .reference
        .clone()
        .unwrap_or_else(|| shared_dir().join("reference/hhcrsp_mankowska_best.csv"));
    let text =
        std::fs::read_to_string(&reference).map_err(|e| format!("{}: {e}", reference.display()))?;
    let mut best: HashMap<String, (usize, f64)> = HashMap::new();
    let mut order = Vec::new();
    let header: Vec<&str> = text.lines().next().unwrap_or("").split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name);
    let (ci, cp, cb) = (
        col("instance").ok_or("reference: no instance column")?,
        col("patients").ok_or("reference: no patients column")?,
        col("best_published_cost").ok_or("reference: no best_published_cost column")?,
    );
    for line in text.lines().skip(1).filter(|l| !l.trim().is_empty()) {
        let f: Vec<&str> = line.split(',').collect();
        let parse = |i: usize| f.get(i).and_then(|x| x.trim().parse::<f64>().ok());
        let (Some(p), Some(b)) = (parse(cp), parse(cb)) else {
            return Err(format!("reference: bad line {line:?}"));
        };
        best.insert(f[ci].to_string(), (p as usize, b));
        order.push((p as usize, f[ci].to_string()));
    }
    order.sort_by(|a, b| {
        let num = |s: &str| s.rsplit('_').next().and_then(|x| x.parse::<usize>().ok());
        a.0.cmp(&b.0).then(num(&a.1).cmp(&num(&b.1)))
    });
    if let Some(dir) = &cli.solutions {
        std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    }
    let mut json_out = match &cli.json {
        Some(p) => Some(
            std::fs::OpenOptions::new()
                .create(true)
                .append(true)
                .open(p)
                .map_err(|e| format!("{}: {e}", p.display()))?,
        ),
        None => None,
    };
    println!(
        "{:<28} {:>9} {:>9} {:>9} {:>8} {:>5} {:>9} {:>7} {:>6}",
        "instance", "cost", "travel", "tardiness", "max tard", "valid", "best", "gap %", "secs"
    );
    let mut rows = Vec::new();
    for (size, name) in &order {
        if !cli.sizes.is_empty() && !cli.sizes.contains(size) {
            continue;
        }
        if !cli.only.is_empty() && !cli.only.contains(name) {
            continue;
        }
        let path = data.join(format!("{name}.json"));
        let instance = Instance::read(&path).map_err(|e| e.to_string())?;
        let options = CareOptions {
            time_limit: Some(cli.time_limit),
            threads: cli.threads,
            seed: cli.seed,
            ..CareOptions::default()
        };
        let solved = solve(&instance, &options).map_err(|e| e.to_string())?;
        let r = &solved.report;
        let reference_cost = best[name].1;
        let gap = 100.0 * (r.cost - reference_cost) / reference_cost;
        println!(
            "{:<28} {:>9.2} {:>9.2} {:>9.2} {:>8.2} {:>5} {:>9.2} {:>+7.2} {:>6.1}",
            name,
            r.cost,
            r.distance,
            r.total_tardiness,
            r.max_tardiness,
            if r.valid { "yes" } else { "NO" },
            reference_cost,
            gap,
            solved.stats.elapsed_seconds
        );
        std::io::stdout().flush().ok();
        if let Some(dir) = &cli.solutions {
            let file = dir.join(format!("{name}.solution.json"));
            std::fs::write(&file, solved.solution.to_json())
                .map_err(|e| format!("{}: {e}", file.display()))?;
        }
        if let Some(out) = json_out.as_mut() {
            let line = json!({
                "instance": name, "patients": size, "cost": r.cost, "distance": r.distance,
                "total_tardiness": r.total_tardiness, "max_tardiness": r.max_tardiness,
                "valid": r.valid, "violations": r.violations, "best_published": reference_cost,
                "gap_percent": gap, "seconds": solved.stats.elapsed_seconds,
                "iterations": solved.stats.iterations, "threads": cli.threads, "seed": cli.seed,
                "time_limit": cli.time_limit,
            });
            writeln!(out, "{line}").map_err(|e| e.to_string())?;
        }
        rows.push(Row {
            size: *size,
            valid: r.valid,
            gap,
        });
    }
    println!();
    println!(
        "{:<8} {:>4} {:>6} {:>10} {:>9} {:>12}",
        "patients", "n", "valid", "mean gap %", "max gap %", "at/below best"
    );
    let mut sizes: Vec<usize> = rows.iter().map(|r| r.size).collect();
    sizes.dedup();
    let line = |label: String, rs: Vec<&Row>| {
        let n = rs.len().max(1) as f64;
        println!(
            "{:<8} {:>4} {:>6} {:>+10.2} {:>+9.2} {:>12}",
            label,
            rs.len(),
            rs.iter().filter(|r| r.valid).count(),
            rs.iter().map(|r| r.gap).sum::<f64>() / n,
            rs.iter().map(|r| r.gap).fold(f64::NEG_INFINITY, f64::max),
            rs.iter().filter(|r| r.gap <= 0.005).count()
        );
    };
    for s in &sizes {
        line(
            s.to_string(),
            rows.iter().filter(|r| r.size == *s).collect(),
        );
    }
    line("all".into(), rows.iter().collect());
    Ok(())
}
