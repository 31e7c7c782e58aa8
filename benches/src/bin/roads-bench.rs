//! Prints the road-network figures of the README's benchmark table.
//!
//! ```text
//! roads-bench build   --osm FILE [--threads N] [--save FILE]
//! roads-bench matrix  (--prepared FILE | --osm FILE) --points P.json [--threads N] [--repeat K]
//! roads-bench osrm    --osm FILE --points P.json --osrm OSRM.json
//! ```
//! Each prints one JSON object. Run one measurement per process so peak memory is its own.

use std::path::PathBuf;

use clap::{Parser, Subcommand};
use serde_json::json;
use tournee_benches::{peak_rss_bytes, quantiles, read_points, timed};
use tournee_roads::{CarProfile, RoadGraph, RoadNetwork};

#[derive(Parser)]
#[command(about = "tournee road-network benchmarks (one JSON line per run)")]
struct Cli {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Read + build the car graph, then contract it; report times and peak memory.
    Build {
        #[arg(long)]
        osm: PathBuf,
        #[arg(long, default_value_t = 1)]
        threads: usize,
        /// Save the prepared network here.
        #[arg(long)]
        save: Option<PathBuf>,
    },
    /// Time a matrix (best and median of --repeat runs).
    Matrix {
        #[arg(long)]
        prepared: Option<PathBuf>,
        #[arg(long)]
        osm: Option<PathBuf>,
        #[arg(long)]
        points: PathBuf,
        #[arg(long, default_value_t = 1)]
        threads: usize,
        #[arg(long, default_value_t = 5)]
        repeat: usize,
    },
    /// Compare our matrix with OSRM's on the same points: ratio distributions.
    Osrm {
        #[arg(long)]
        osm: PathBuf,
        #[arg(long)]
        points: PathBuf,
        #[arg(long)]
        osrm: PathBuf,
    },
}

fn pool(threads: usize) -> rayon::ThreadPool {
    rayon::ThreadPoolBuilder::new()
        .num_threads(threads)
        .build()
        .expect("thread pool")
}

fn main() {
    let cli = Cli::parse();
    let out = match cli.cmd {
        Cmd::Build { osm, threads, save } => pool(threads).install(|| {
            let profile = CarProfile::default();
            let ((graph, stats), read_s) =
                timed(|| RoadGraph::from_osm(&osm, &profile).expect("read"));
            let rss_after_read = peak_rss_bytes();
            let (nodes, arcs, segments) =
                (graph.node_count(), graph.arc_count(), graph.segment_count());
            // Preparing: the turn table, the turn graph and its contraction hierarchy.
            let (net, contract_s) = timed(|| RoadNetwork::from_graph_with(graph, &profile));
            let info = json!({
                "nodes": nodes, "arcs": arcs, "segments": segments,
                "turn_graph_nodes": net.hierarchy().node_count(),
                "shortcuts": net.info().shortcuts, "import": stats,
            });
            drop(net);
            let saved = save.map(|p| {
                let net = RoadNetwork::from_osm_with(&osm, &profile).expect("prepare");
                net.save(&p).expect("save");
                p.display().to_string()
            });
            json!({
                "bench": "build", "osm": osm.display().to_string(), "threads": threads,
                "read_build_s": read_s, "contract_s": contract_s,
                "peak_rss_after_read_mib": rss_after_read.map(|b| b as f64 / 1048576.0),
                "peak_rss_mib": peak_rss_bytes().map(|b| b as f64 / 1048576.0),
                "graph": info, "saved": saved,
            })
        }),
        Cmd::Matrix {
            prepared,
            osm,
            points,
            threads,
            repeat,
        } => {
            let net = match (prepared, osm) {
                (Some(p), _) => RoadNetwork::load(p).expect("load"),
                (None, Some(o)) => RoadNetwork::from_osm(o).expect("osm"),
                _ => panic!("--prepared or --osm is required"),
            };
            let pts = read_points(&points).expect("points");
            net.prepare_index();
            pool(threads).install(|| {
                let mut times = Vec::new();
                let mut unreachable = 0;
                for _ in 0..repeat.max(1) {
                    let (m, s) = timed(|| net.matrix(&pts).expect("matrix"));
                    unreachable = m.unreachable_count();
                    times.push(s);
                }
                let (median, _, _) = quantiles(&times);
                let best = times.iter().cloned().fold(f64::INFINITY, f64::min);
                json!({
                    "bench": "matrix", "points": pts.len(), "threads": threads,
                    "best_s": best, "median_s": median, "runs": times.len(),
                    "unreachable": unreachable,
                })
            })
        }
        Cmd::Osrm { osm, points, osrm } => {
            let net = RoadNetwork::from_osm(&osm).expect("osm");
            let pts = read_points(&points).expect("points");
            let m = net.matrix(&pts).expect("matrix");
            let text = std::fs::read_to_string(&osrm).expect("osrm file");
            let reference: serde_json::Value = serde_json::from_str(&text).expect("osrm json");
            let table = |key: &str| -> Vec<Vec<Option<f64>>> {
                serde_json::from_value(reference[key].clone()).expect("osrm table")
            };
            let (od, ol) = (table("durations_s"), table("distances_m"));
            let (mut rd, mut rl) = (Vec::new(), Vec::new());
            for i in 0..pts.len() {
                for j in 0..pts.len() {
                    if i == j {
                        continue;
                    }
                    if let (Some(a), Some(Some(b))) = (m.duration_s(i, j), od[i].get(j)) {
                        if *b > 0.0 {
                            rd.push(a / b);
                        }
                    }
                    if let (Some(a), Some(Some(b))) = (m.distance_m(i, j), ol[i].get(j)) {
                        if *b > 0.0 {
                            rl.push(a / b);
                        }
                    }
                }
            }
            let (dm, d10, d90) = quantiles(&rd);
            let (lm, l10, l90) = quantiles(&rl);
            json!({
                "bench": "osrm", "pairs": rd.len(),
                "duration_ratio": {"median": dm, "p10": d10, "p90": d90},
                "distance_ratio": {"median": lm, "p10": l10, "p90": l90},
            })
        }
    };
    println!("{out}");
}
